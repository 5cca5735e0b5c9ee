package reporting

import (
	"context"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/blob"
)

// Sweep settings: the reports function runs the sweep on a schedule (infra/functions.go),
// the dev server on its timer.
const (
	// SweepMinAge is how long a pending-report marker is left to the stream (its batching
	// window, and its retries in most cases) before the sweep renders the reports itself.
	SweepMinAge = 10 * time.Minute
	// SweepLimit bounds the candidates one sweep renders (a rendering takes tens of
	// milliseconds on the dev server): a backlog drains oldest first over several runs,
	// never in one long one, and a run also stops sweepReserve before its deadline.
	SweepLimit = 200
	// sweepScan bounds the markers one sweep reads (waiting ones included): the cost of
	// a run stays bounded whatever is queued.
	sweepScan = 2000
	// RetryAfter is how long a marker whose rendering failed waits before a sweep tries
	// again; the wait doubles with each failure, up to retryMax. The marker expires with
	// the candidate's data, so nothing is retried for ever.
	RetryAfter = 30 * time.Minute
	retryMax   = 24 * time.Hour
	// sweepReserve is the time a sweep keeps in hand before its invocation's deadline:
	// it starts no rendering after that.
	sweepReserve = 30 * time.Second
)

// SweepResult says what one sweep did.
type SweepResult struct {
	Rendered int  `json:"rendered"` // candidates whose report and feedback it stored
	Present  int  `json:"present"`  // markers whose files were all stored already: dropped
	Gone     int  `json:"gone"`     // markers of erased or expired sessions: dropped
	More     bool `json:"more"`     // due markers were left for the next sweep (the limits)
	// Failures are the renderings that failed; each marker waits (RetryAfter, doubling)
	// and is tried again by a later sweep.
	Failures []SweepFailure `json:"failures,omitempty"`
}

// SweepFailure is one failed rendering.
type SweepFailure struct {
	SessionID string `json:"session"`
	Tries     int    `json:"tries"`
	Err       string `json:"error"`
}

// Sweep renders the reports of scored sessions whose pending-report marker is older than
// minAge: the stream's rendering gave up (its retries exhausted, a crash) or never ran.
// Markers are taken oldest first, at most limit renderings per call; the rest wait for
// the next call. Before rendering it checks what is stored: a marker whose record and
// files are all there (the renderer died before removing it, or scoring ran again after
// the rendering) is dropped without rendering, and a record whose files are missing from
// the bucket is rendered again. A marker whose session is gone (erased, expired) is
// dropped. A failed rendering is listed in the result and its marker deferred; an error
// a retry may fix (the table or the bucket unavailable) stops the sweep and is returned.
//
// With nothing pending a sweep is one query of the markers' partition that returns
// nothing: it never reads results, reports or the bucket.
func (rp *Reporter) Sweep(ctx context.Context, minAge time.Duration, limit int) (SweepResult, error) {
	var res SweepResult
	due, more, err := rp.dueReports(ctx, minAge, limit)
	res.More = more
	if err != nil || len(due) == 0 {
		return res, err
	}
	var render []assess.PendingReport
	for _, p := range due {
		ok, err := rp.stored(ctx, p)
		if err != nil {
			return res, err
		}
		if !ok {
			render = append(render, p)
			continue
		}
		if err := rp.Repo.DropPendingReport(ctx, p.SessionID, p.CompletedAt); err != nil {
			return res, err
		}
		res.Present++
	}
	if len(render) == 0 {
		return res, nil
	}
	// Their results go into the cohort snapshots first, one new version per assessment
	// for them all, as a stream batch does. A failure here only costs time: each
	// rendering adds its own result when the snapshot lacks it.
	ids := make([]string, len(render))
	for i, p := range render {
		ids[i] = p.SessionID
	}
	_ = rp.AddResults(ctx, ids)
	for _, p := range render {
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < sweepReserve {
			res.More = true // the rest of render waits for the next sweep
			break
		}
		_, err := rp.RenderCandidate(ctx, p.SessionID)
		switch {
		case err == nil:
			res.Rendered++ // RenderCandidate removed the marker
			continue
		case assess.CodeOf(err) == assess.NotFound:
			// Erased since (its marker would have gone with it) or past its retention.
			if err := rp.Repo.DropPendingReport(ctx, p.SessionID, p.CompletedAt); err != nil {
				return res, err
			}
			res.Gone++
			continue
		}
		p.Tries++
		p.NextTry = rp.now().Add(retryWait(p.Tries))
		res.Failures = append(res.Failures, SweepFailure{SessionID: p.SessionID, Tries: p.Tries, Err: err.Error()})
		if derr := rp.Repo.DeferPendingReport(ctx, p); derr != nil {
			return res, derr
		}
		if assess.Retryable(err) {
			res.More = true
			return res, err
		}
	}
	return res, nil
}

// dueReports lists, oldest first, up to limit markers written more than minAge ago that
// are not waiting after a failure; more says that others are due too (or were not read).
func (rp *Reporter) dueReports(ctx context.Context, minAge time.Duration, limit int) ([]assess.PendingReport, bool, error) {
	now := rp.now()
	cutoff := now.Add(-minAge)
	var due []assess.PendingReport
	cursor, read := "", 0
	for {
		page, next, err := rp.Repo.PendingReports(ctx, cursor, 100)
		if err != nil {
			return due, false, err
		}
		for _, p := range page {
			read++
			if p.CompletedAt.After(cutoff) {
				// Markers are in completion order and written after it: every later one
				// is younger still.
				return due, false, nil
			}
			if p.Since.After(cutoff) || p.NextTry.After(now) {
				continue
			}
			if len(due) == limit {
				return due, true, nil
			}
			due = append(due, p)
		}
		if next == "" {
			return due, false, nil
		}
		if read >= sweepScan {
			return due, true, nil
		}
		cursor = next
	}
}

// stored says whether a session's candidate report and feedback are recorded and both
// files are in the bucket.
func (rp *Reporter) stored(ctx context.Context, p assess.PendingReport) (bool, error) {
	recs, err := rp.Repo.ReportGroup(ctx, p.OrgID, p.AssessmentID, candidateReportID(p.SessionID, KindCandidate))
	if assess.CodeOf(err) == assess.NotFound {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	have := map[string]bool{}
	for _, r := range recs {
		if r.SessionID != p.SessionID {
			continue
		}
		ok, err := blob.Exists(ctx, rp.Blobs, r.ObjectKey)
		if err != nil {
			return false, err
		}
		have[r.Kind] = ok
	}
	return have[KindCandidate] && have[KindFeedback], nil
}

// retryWait is the wait after a marker's tries-th failed rendering.
func retryWait(tries int) time.Duration {
	d := RetryAfter
	for i := 1; i < tries && d < retryMax; i++ {
		d *= 2
	}
	return min(d, retryMax)
}
