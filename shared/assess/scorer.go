package assess

import (
	"context"
	"errors"
	"fmt"
	"time"

	"shortlist/shared/catalog"
)

// ScoreRepo is what scoring needs from storage (declared here; shared/store implements it).
type ScoreRepo interface {
	Session(ctx context.Context, id string) (Session, error)
	Assessment(ctx context.Context, orgID, id string) (Assessment, error)
	Batches(ctx context.Context, sessionID string) ([]AnswerBatch, error)
	// SaveResult stores a result, moves the session to scored and clears its pending
	// marker; saving the same session again only clears the marker.
	SaveResult(ctx context.Context, r Result) error
	PendingScoring(ctx context.Context, cursor string, limit int) ([]PendingScoring, string, error)
	// DropPending removes a marker that stands for no work (see Sweep).
	DropPending(ctx context.Context, p PendingScoring) error
}

// StaleMarker is how old a pending-scoring marker of a session that is still active must
// be before the sweeper drops it: completion writes the marker first, so a completion
// that failed after it (a crash, a lost race) leaves one behind. Sessions are completed
// by their own retry, with a new marker, long before this.
const StaleMarker = time.Hour

// Scorer turns completed sessions into stored results. It runs from the table's stream
// in AWS and from an in-process dispatcher locally; Sweep catches whatever a trigger
// missed (a crash between the completion write and scoring), so no completed session
// stays unscored.
type Scorer struct {
	Repo    ScoreRepo
	Catalog *catalog.Catalog
	Clock   func() time.Time
	// OnScored, if set, is told of each result this scorer wrote, whichever path scored
	// it (trigger or sweep): the dev server's report worker listens (the table's stream
	// does this in AWS).
	OnScored func(sessionID string)
}

func (s *Scorer) now() time.Time {
	if s.Clock != nil {
		return s.Clock().UTC()
	}
	return time.Now().UTC()
}

// Score scores one session. It is idempotent: a session already scored is left as it is,
// and a concurrent run that saves first wins without error. It reports whether this call
// wrote the result.
func (s *Scorer) Score(ctx context.Context, sessionID string) (bool, error) {
	ss, err := s.Repo.Session(ctx, sessionID)
	if err != nil {
		return false, err
	}
	switch ss.Status {
	case SessionScored:
		return false, nil
	case SessionActive:
		return false, &Error{Code: Conflict, Message: fmt.Sprintf("session %s is not completed", sessionID), Err: ErrNotCompleted}
	}
	a, err := s.Repo.Assessment(ctx, ss.OrgID, ss.AssessmentID)
	if err != nil {
		return false, err
	}
	batches, err := s.Repo.Batches(ctx, ss.ID)
	if err != nil {
		return false, err
	}
	now := s.now()
	scores, err := ScoreSession(s.Catalog, a, ss, batches, now)
	if err != nil {
		return false, internalUnlessCoded(err)
	}
	res := Result{SessionID: ss.ID, OrgID: ss.OrgID, AssessmentID: ss.AssessmentID, ScoredAt: now,
		ScoringVersion: EngineVersion, Scores: scores, RetainUntil: ss.RetainUntil}
	if err := s.Repo.SaveResult(ctx, res); err != nil {
		return false, err
	}
	if s.OnScored != nil {
		s.OnScored(ss.ID)
	}
	return true, nil
}

// DefaultRetention is how long candidate data is kept after a session ends when the
// organisation has not set its own period.
const DefaultRetention = DefaultRetentionDays * 24 * time.Hour

// DecodeScores returns the scores of results (the store has decoded them from its
// document, whatever its version), each with its result's retention date. A result whose
// scores name another session is an Internal error: a store or caller bug, never shown.
func DecodeScores(results []Result) ([]Scores, error) {
	out := make([]Scores, 0, len(results))
	for _, r := range results {
		sc := r.Scores
		if sc.SessionID != r.SessionID {
			return nil, Errorf(Internal, "result %s holds the scores of session %q", r.SessionID, sc.SessionID)
		}
		sc.RetainUntil = r.RetainUntil
		out = append(out, sc)
	}
	return out, nil
}

// Sweep scores every pending session whose completion is older than minAge (younger ones
// are left to their trigger). It returns how many it scored; it stops at the first error
// that is not about one session, so a store outage is reported, not hidden.
func (s *Scorer) Sweep(ctx context.Context, minAge time.Duration) (int, error) {
	scored := 0
	cursor := ""
	cutoff := s.now().Add(-minAge)
	for {
		page, next, err := s.Repo.PendingScoring(ctx, cursor, 100)
		if err != nil {
			return scored, err
		}
		for _, p := range page {
			if p.CompletedAt.After(cutoff) {
				continue
			}
			wrote, err := s.Score(ctx, p.SessionID)
			switch {
			case err == nil && !wrote:
				// Already scored: a marker left by a crash after the session was marked
				// scored, or by a completion that lost its race.
				err = s.Repo.DropPending(ctx, p)
			case errors.Is(err, ErrNotCompleted) && p.CompletedAt.Before(s.now().Add(-StaleMarker)):
				err = s.Repo.DropPending(ctx, p) // a completion that never happened
			case CodeOf(err) == NotFound:
				err = s.Repo.DropPending(ctx, p) // erased (or expired) since
			}
			if err != nil {
				if Retryable(err) {
					return scored, err
				}
				continue // one bad session must not block the rest; it stays pending and visible
			}
			if wrote {
				scored++
			}
		}
		if next == "" {
			return scored, nil
		}
		cursor = next
	}
}
