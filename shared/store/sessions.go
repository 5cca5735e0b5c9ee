package store

import (
	"context"
	"crypto/subtle"
	"fmt"

	"shortlist/shared/assess"
	"shortlist/shared/store/table"
)

func (r *Repository) checkSession(s assess.Session) error {
	if !okID(s.ID) || !okID(s.OrgID) || !okID(s.AssessmentID) || s.CandidateID != s.ID || !okID(s.TokenHash) {
		return badID("session", s.ID)
	}
	return nil
}

// StartSession implements assess.Repo: one conditional put. A session has its candidate's
// id (an invite opens one session), so the condition that it does not exist yet is the
// whole guard against two starts racing: the loser gets Conflict and resumes.
func (r *Repository) StartSession(ctx context.Context, s assess.Session) error {
	if err := r.checkSession(s); err != nil {
		return err
	}
	item, err := toSessionItem(s)
	if err != nil {
		return err
	}
	return r.t.Put(ctx, item, Absent())
}

// Session implements assess.Repo.
func (r *Repository) Session(ctx context.Context, id string) (assess.Session, error) {
	if !okID(id) {
		return assess.Session{}, notFound()
	}
	it, err := r.t.Get(ctx, sessionKey(id))
	if err != nil {
		return assess.Session{}, err
	}
	return fromSessionItem(it)
}

// SessionByToken implements assess.Repo: the session the token names, if it still
// carries that token's hash (a rotated token stops working at once); NotFound otherwise.
func (r *Repository) SessionByToken(ctx context.Context, id, hash string) (assess.Session, error) {
	if !okID(hash) {
		return assess.Session{}, notFound()
	}
	s, err := r.Session(ctx, id)
	if err != nil {
		return assess.Session{}, err
	}
	if subtle.ConstantTimeCompare([]byte(s.TokenHash), []byte(hash)) != 1 {
		return assess.Session{}, notFound()
	}
	return s, nil
}

// SessionsOf implements assess.Repo: the sessions cs opened (each has its candidate's
// id), in cs's order; a session of another organisation or assessment than its
// candidate's is left out.
func (r *Repository) SessionsOf(ctx context.Context, cs []assess.Candidate) ([]assess.Session, error) {
	keys := make([]Key, 0, len(cs))
	byID := map[string]assess.Candidate{}
	for _, c := range cs {
		if okID(c.ID) {
			keys = append(keys, sessionKey(c.ID))
			byID[c.ID] = c
		}
	}
	items, err := r.getAll(ctx, keys)
	if err != nil {
		return nil, err
	}
	return decodeAll(items, fromSessionItem, func(s assess.Session) bool {
		c := byID[s.ID]
		return s.OrgID == c.OrgID && s.AssessmentID == c.AssessmentID
	})
}

// UpdateSession implements assess.Repo: s is written only over version s.Version-1, and
// only with the status it has: statuses move forward through CompleteSession and
// SaveResult alone, so a completed session can never be reopened. A new token hash (the
// invite redeemed again) is part of the same write.
func (r *Repository) UpdateSession(ctx context.Context, s assess.Session) error {
	if err := r.checkSession(s); err != nil {
		return err
	}
	item, err := toSessionItem(s)
	if err != nil {
		return err
	}
	return r.t.Put(ctx, item, And(Eq(attrVersion, s.Version-1), Eq(attrStatus, string(s.Status))))
}

// CompleteSession implements assess.Repo: the pending-scoring marker, then the completed
// session (version-checked), as two plain writes: a transaction would bill both twice.
// The order is what makes that safe. The stream triggers scoring on the session's change,
// and the marker is there for the sweeper before the session can be completed, so a crash
// between the two leaves a marker for a session that is still active: the candidate's
// retry completes it (with a marker of its own), and the sweeper drops markers whose
// session is not completed once they are older than assess.StaleMarker.
func (r *Repository) CompleteSession(ctx context.Context, s assess.Session) error {
	if err := r.checkSession(s); err != nil {
		return err
	}
	if s.Status != assess.SessionCompleted || s.CompletedAt.IsZero() {
		return ErrInternal(fmt.Errorf("store: CompleteSession of a session in status %q", s.Status))
	}
	item, err := toSessionItem(s)
	if err != nil {
		return err
	}
	pend, err := toPendingItem(s)
	if err != nil {
		return err
	}
	if err := r.t.Put(ctx, pend, Cond{}); err != nil {
		return err
	}
	err = r.t.Put(ctx, item, And(Eq(attrVersion, s.Version-1), Eq(attrStatus, string(assess.SessionActive))))
	if isCode(err, assess.Conflict) {
		// Someone else wrote the session first (and wrote their own marker if they
		// completed it): this marker is for a completion that did not happen.
		_ = r.t.Delete(context.WithoutCancel(ctx), pend.Key(table.PK, table.SK), Cond{})
	}
	if err == nil {
		r.countStage(ctx, s, attrCompleted)
	}
	return err
}
