package store

import (
	"context"
	"errors"
	"strings"

	"shortlist/shared/assess"
	"shortlist/shared/store/table"
)

// PendingScoring lists completed sessions without a result, oldest first, one page at a
// time (cursor "" for the first; the returned cursor is "" after the last page). The
// sweeper scores what has waited longer than a trigger should take.
func (r *Repository) PendingScoring(ctx context.Context, cursor string, limit int) ([]assess.PendingScoring, string, error) {
	page, err := r.t.Query(ctx, Query{PK: pendingPK, Cursor: cursor, Limit: limit})
	if err != nil {
		return nil, "", err
	}
	out, err := decodeAll(page.Items, fromPendingItem, nil)
	if err != nil {
		return nil, "", err
	}
	return out, page.Cursor, nil
}

// SaveResult stores a session's result, writes its pending-report marker, moves the
// session from completed to scored and removes its pending-scoring marker: four plain
// writes, in that order (a transaction would bill every item twice). It is idempotent:
// when the session is already scored (a retried or duplicated run), it only makes sure
// the scoring marker is gone. Until the session is marked scored, the sweeper sees it as
// pending and a rerun finishes the job (the report marker included); a crash after that
// leaves only a marker, which DropPending removes on the sweeper's next pass. A report
// marker written again after the reports were stored (a rerun racing the renderer) is
// dropped by the reports sweep, which finds the files there. Conflict if the session is
// not completed.
func (r *Repository) SaveResult(ctx context.Context, res assess.Result) error {
	if !okID(res.SessionID) || !okID(res.OrgID) || !okID(res.AssessmentID) {
		return badID("result", res.SessionID)
	}
	s, err := r.Session(ctx, res.SessionID)
	if err != nil {
		return err
	}
	if s.OrgID != res.OrgID || s.AssessmentID != res.AssessmentID {
		return ErrInternal(errors.New("store: result does not match its session"))
	}
	if s.Status == assess.SessionScored {
		if _, err := r.t.Get(ctx, resultKey(res.SessionID)); err == nil {
			return r.dropPending(ctx, s)
		}
	}
	if s.Status != assess.SessionCompleted {
		return &assess.Error{Code: assess.Conflict, Message: "the session is not completed", Err: assess.ErrNotCompleted}
	}
	item, err := toResultItem(res)
	if err != nil {
		return err
	}
	// The result is the largest item a candidate has; one that is already there is the
	// same session's from an earlier run.
	if err := r.t.Put(ctx, item, Absent()); err != nil && !isCode(err, assess.Conflict) {
		return err
	}
	// Before the session says scored: whoever sees it scored can count on the marker
	// (or on the reports it stands for).
	if err := r.MarkReportPending(ctx, assess.PendingReport{SessionID: s.ID, OrgID: s.OrgID, AssessmentID: s.AssessmentID,
		CompletedAt: s.CompletedAt, Since: res.ScoredAt, RetainUntil: res.RetainUntil}); err != nil {
		return err
	}
	scored := s
	scored.Status = assess.SessionScored
	scored.Version++
	sItem, err := toSessionItem(scored)
	if err != nil {
		return err
	}
	err = r.t.Put(ctx, sItem, And(Eq(attrVersion, s.Version), Eq(attrStatus, string(assess.SessionCompleted))))
	if isCode(err, assess.Conflict) {
		if cur, gerr := r.Session(ctx, res.SessionID); gerr == nil && cur.Status == assess.SessionScored {
			return nil // a concurrent run finished first (and removes the marker)
		}
	}
	if err != nil {
		return err
	}
	return r.dropPending(ctx, s)
}

func (r *Repository) dropPending(ctx context.Context, s assess.Session) error {
	return r.t.Delete(ctx, pendingKey(s.ID, s.CompletedAt), Cond{})
}

// DropPending removes a pending-scoring marker that no longer stands for work: its
// session is scored, or it was never completed (see CompleteSession).
func (r *Repository) DropPending(ctx context.Context, p assess.PendingScoring) error {
	if !okID(p.SessionID) {
		return badID("pending marker", p.SessionID)
	}
	return r.t.Delete(ctx, pendingKey(p.SessionID, p.CompletedAt), Cond{})
}

// Result returns a session's result; another organisation's is NotFound.
func (r *Repository) Result(ctx context.Context, orgID, sessionID string) (assess.Result, error) {
	if !okID(orgID) || !okID(sessionID) {
		return assess.Result{}, notFound()
	}
	it, err := r.t.Get(ctx, resultKey(sessionID))
	if err != nil {
		return assess.Result{}, err
	}
	res, err := fromResultItem(it)
	if err != nil {
		return assess.Result{}, err
	}
	if res.OrgID != orgID {
		return assess.Result{}, notFound()
	}
	return res, nil
}

// Results lists an assessment's results (the cohort), by session id.
func (r *Repository) Results(ctx context.Context, orgID, assessmentID string) ([]assess.Result, error) {
	if !okID(orgID) || !okID(assessmentID) {
		return nil, nil
	}
	// A result is in no index (that would be one more write unit per candidate): the
	// assessment's candidates are, and a session and its result have the candidate's id.
	items, err := r.indexed(ctx, asmtParent(assessmentID), "CAND#", func(ref Item) Key {
		return resultKey(strings.TrimPrefix(ref.Str(table.GSI1SK), "CAND#"))
	})
	if err != nil {
		return nil, err
	}
	return decodeAll(items, fromResultItem, func(res assess.Result) bool { return res.OrgID == orgID })
}

// EachResult calls fn with each stored result of an assessment, reading the index a page
// at a time and the results in batches of 100 with several batches in flight, in a reader
// goroutine that runs ahead of fn (reading overlaps decoding), so a cohort of any size is
// read in bounded memory (the cohort snapshot's full rebuild uses it). Results come in no
// particular order; fn is called from one goroutine at a time.
func (r *Repository) EachResult(ctx context.Context, orgID, assessmentID string, fn func(assess.Result) error) error {
	if !okID(orgID) || !okID(assessmentID) {
		return nil
	}
	const inFlight = 12
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Each batch has a slot in order; the reader fills slots with up to inFlight BatchGets
	// at once and the caller drains them in order.
	type slot struct {
		items []Item
		err   error
		done  chan struct{}
	}
	slots := make(chan *slot, 4*inFlight)
	go func() {
		defer close(slots)
		sem := make(chan struct{}, inFlight)
		q := Query{Index: table.GSI1, PK: asmtParent(assessmentID), SKPrefix: "CAND#", Limit: MaxQueryLimit}
		for {
			page, err := r.t.Query(ctx, q)
			if err != nil {
				s := &slot{err: err, done: make(chan struct{})}
				close(s.done)
				slots <- s
				return
			}
			keys := make([]Key, 0, len(page.Items))
			for _, ref := range page.Items {
				keys = append(keys, resultKey(strings.TrimPrefix(ref.Str(table.GSI1SK), "CAND#")))
			}
			for lo := 0; lo < len(keys); lo += MaxBatchGet {
				s := &slot{done: make(chan struct{})}
				select {
				case sem <- struct{}{}:
				case <-ctx.Done():
					return
				}
				select {
				case slots <- s:
				case <-ctx.Done():
					return
				}
				go func(batch []Key) {
					defer func() { <-sem; close(s.done) }()
					s.items, s.err = r.t.BatchGet(ctx, batch)
				}(keys[lo:min(lo+MaxBatchGet, len(keys))])
			}
			if page.Cursor == "" {
				return
			}
			q.Cursor = page.Cursor
		}
	}()
	for s := range slots {
		<-s.done
		if s.err != nil {
			return s.err
		}
		for _, it := range s.items {
			res, err := fromResultItem(it)
			if err != nil {
				return err
			}
			if res.OrgID != orgID {
				continue
			}
			if err := fn(res); err != nil {
				return err
			}
		}
	}
	return ctx.Err()
}
