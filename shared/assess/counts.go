package assess

import (
	"context"
	"time"
)

// AssessmentCounts is how far an assessment's candidates have got, kept by storage as
// they move on (invite, completion, erasure) rather than read from every candidate: how
// many stored candidates were invited, and how many of them completed.
type AssessmentCounts struct {
	Invited   int64
	Completed int64
	// InvitesUntil is the latest expiry of an invite issued (zero before the first).
	InvitesUntil time.Time
}

// Progress of an assessment as a whole, from its counts (AssessmentCounts.Status).
const (
	ProgressEmpty    = "empty"    // nobody invited yet
	ProgressOpen     = "open"     // an invite can still be opened, or a session opened with one may still be under way
	ProgressFinished = "finished" // everyone invited has completed
	ProgressClosed   = "closed"   // every invite and session has run out; some never completed
)

// Status says where the assessment stands at now. "open" lasts until SessionLifetime
// after the latest invite's expiry: a session opened at the last moment may run that long.
// (Starts are not counted, so whether one is still under way is not known here.)
func (c AssessmentCounts) Status(now time.Time) string {
	switch {
	case c.Invited <= 0:
		return ProgressEmpty
	case c.Completed >= c.Invited:
		return ProgressFinished
	case !now.After(c.SessionsUntil()):
		return ProgressOpen
	}
	return ProgressClosed
}

// SessionsUntil is the last moment a candidate can still be answering: SessionLifetime
// after the latest invite's expiry.
func (c AssessmentCounts) SessionsUntil() time.Time { return c.InvitesUntil.Add(SessionLifetime) }

// AssessmentSummary is an assessment with its counts; Counts is nil when storage has none
// for it (stored before counting began).
type AssessmentSummary struct {
	Assessment Assessment
	Counts     *AssessmentCounts
}

// AssessmentSummaries lists orgID's assessments with their counts: two queries whatever
// the number of candidates.
func (s *Service) AssessmentSummaries(ctx context.Context, orgID string) ([]AssessmentSummary, error) {
	list, err := s.Repo.Assessments(ctx, orgID)
	if err != nil {
		return nil, err
	}
	counts, err := s.Repo.AssessmentCounts(ctx, orgID)
	if err != nil {
		return nil, err
	}
	out := make([]AssessmentSummary, 0, len(list))
	for _, a := range list {
		sum := AssessmentSummary{Assessment: a}
		if c, ok := counts[a.ID]; ok {
			sum.Counts = &c
		}
		out = append(out, sum)
	}
	return out, nil
}
