package store

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/store/table"
)

// Repository is the storage of every Shortlist entity, written once over Table. It
// implements assess.Repo (the journey's port) and what scoring, reports, audit, idempotent
// retries and the admin CLI need. It never retries: the adapter's client is the one retry
// layer, and an Unavailable error goes back to the caller. Safe for concurrent use.
type Repository struct {
	t Table
}

// New returns the repository over t.
func New(t Table) *Repository { return &Repository{t: t} }

// Table returns the port the repository writes to (for tools and tests).
func (r *Repository) Table() Table { return r.t }

func notFound() error { return ErrNotFound() }

func isCode(err error, c assess.Code) bool { return assess.CodeOf(err) == c }

func badID(what, id string) error {
	return ErrInternal(fmt.Errorf("store: %s id %q cannot be stored", what, id))
}

// queryAll reads every page of q (bounded, so a runaway partition cannot exhaust memory).
func (r *Repository) queryAll(ctx context.Context, q Query) ([]Item, error) {
	const maxItems = 100_000
	var out []Item
	for {
		page, err := r.t.Query(ctx, q)
		if err != nil {
			return nil, err
		}
		out = append(out, page.Items...)
		if page.Cursor == "" {
			return out, nil
		}
		if len(out) > maxItems {
			return nil, ErrInternal(fmt.Errorf("store: query %s/%s returned more than %d items", q.PK, q.SKPrefix, maxItems))
		}
		q.Cursor = page.Cursor
	}
}

// getAll reads the items at keys with as few BatchGets as possible, in keys' order.
func (r *Repository) getAll(ctx context.Context, keys []Key) ([]Item, error) {
	var out []Item
	for len(keys) > 0 {
		n := min(len(keys), MaxBatchGet)
		items, err := r.t.BatchGet(ctx, keys[:n])
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
		keys = keys[n:]
	}
	return out, nil
}

// indexed lists the table items an index partition points at (GSI1 projects keys only):
// with key nil the items the entries stand for, else the items key names for each entry.
func (r *Repository) indexed(ctx context.Context, gpk, prefix string, key func(ref Item) Key) ([]Item, error) {
	refs, err := r.queryAll(ctx, Query{Index: table.GSI1, PK: gpk, SKPrefix: prefix, Limit: MaxQueryLimit})
	if err != nil {
		return nil, err
	}
	keys := make([]Key, len(refs))
	for i, ref := range refs {
		if key == nil {
			keys[i] = ref.Key(table.PK, table.SK)
		} else {
			keys[i] = key(ref)
		}
	}
	return r.getAll(ctx, keys)
}

// decodeAll converts items with from, keeping those keep accepts (nil keeps every one);
// the first item that does not convert fails the whole list.
func decodeAll[T any](items []Item, from func(Item) (T, error), keep func(T) bool) ([]T, error) {
	out := make([]T, 0, len(items))
	for _, it := range items {
		v, err := from(it)
		if err != nil {
			return nil, err
		}
		if keep == nil || keep(v) {
			out = append(out, v)
		}
	}
	return out, nil
}

// ---------------------------------------------------------------- organisations, keys

// CreateOrganisation stores a new organisation; Conflict if the id exists.
func (r *Repository) CreateOrganisation(ctx context.Context, o assess.Organisation) error {
	if !okID(o.ID) {
		return badID("organisation", o.ID)
	}
	it, err := toOrgItem(o)
	if err != nil {
		return err
	}
	return r.t.Put(ctx, it, Absent())
}

// Organisation implements assess.Repo.
func (r *Repository) Organisation(ctx context.Context, id string) (assess.Organisation, error) {
	if !okID(id) {
		return assess.Organisation{}, notFound()
	}
	it, err := r.t.Get(ctx, orgKey(id))
	if err != nil {
		return assess.Organisation{}, err
	}
	return fromOrgItem(it)
}

// CreateAPIKey stores a new key (its hash); Conflict if the hash exists.
func (r *Repository) CreateAPIKey(ctx context.Context, k assess.APIKey) error {
	if !okID(k.ID) || !okID(k.OrgID) || !okID(k.Hash) {
		return badID("API key", k.ID)
	}
	it, err := toAPIKeyItem(k)
	if err != nil {
		return err
	}
	return r.t.Put(ctx, it, Absent())
}

// APIKeyByHash implements assess.Repo: one strongly consistent read per HR request. A
// revoked key is returned with RevokedAt set; the journey refuses it.
func (r *Repository) APIKeyByHash(ctx context.Context, hash string) (assess.APIKey, error) {
	if !okID(hash) {
		return assess.APIKey{}, notFound()
	}
	it, err := r.t.Get(ctx, apiKeyKey(hash))
	if err != nil {
		return assess.APIKey{}, err
	}
	return fromAPIKeyItem(it)
}

// APIKeys lists an organisation's keys, revoked ones included, oldest first.
func (r *Repository) APIKeys(ctx context.Context, orgID string) ([]assess.APIKey, error) {
	if !okID(orgID) {
		return nil, nil
	}
	items, err := r.indexed(ctx, orgParent(orgID), "KEY#", nil)
	if err != nil {
		return nil, err
	}
	out, err := decodeAll(items, fromAPIKeyItem, func(k assess.APIKey) bool { return k.OrgID == orgID })
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return before(out[i].CreatedAt, out[j].CreatedAt, out[i].ID, out[j].ID) })
	return out, nil
}

// RevokeAPIKey revokes a key of orgID; revoking twice keeps the first time. NotFound if
// the organisation has no such key.
func (r *Repository) RevokeAPIKey(ctx context.Context, orgID, keyID string, at time.Time) error {
	if !okID(orgID) || !okID(keyID) {
		return notFound()
	}
	refs, err := r.queryAll(ctx, Query{Index: table.GSI1, PK: orgParent(orgID), SKPrefix: "KEY#" + keyID})
	if err != nil {
		return err
	}
	for _, ref := range refs {
		if ref.Str(table.GSI1SK) != "KEY#"+keyID {
			continue
		}
		_, err := r.t.Update(ctx, ref.Key(table.PK, table.SK), Update{Set: Item{attrRevoked: nanos(at)}},
			And(Eq(attrOrg, orgID), AttrAbsent(attrRevoked)))
		if isCode(err, assess.Conflict) {
			return nil // already revoked (the condition on org cannot fail: the index said so)
		}
		return err
	}
	return notFound()
}

func before(a, b time.Time, ida, idb string) bool {
	if !a.Equal(b) {
		return a.Before(b)
	}
	return ida < idb
}

// ---------------------------------------------------------------- assessments

// CreateAssessment implements assess.Repo; Conflict if the id exists.
func (r *Repository) CreateAssessment(ctx context.Context, a assess.Assessment) error {
	if !okID(a.ID) || !okID(a.OrgID) {
		return badID("assessment", a.ID)
	}
	it, err := toAssessmentItem(a)
	if err != nil {
		return err
	}
	return r.t.Put(ctx, it, Absent())
}

// Assessment implements assess.Repo. Another organisation's assessment is NotFound: the
// organisation is part of the key.
func (r *Repository) Assessment(ctx context.Context, orgID, id string) (assess.Assessment, error) {
	if !okID(orgID) || !okID(id) {
		return assess.Assessment{}, notFound()
	}
	it, err := r.t.Get(ctx, assessmentKey(orgID, id))
	if err != nil {
		return assess.Assessment{}, err
	}
	return fromAssessmentItem(it)
}

// Assessments implements assess.Repo: newest first.
func (r *Repository) Assessments(ctx context.Context, orgID string) ([]assess.Assessment, error) {
	if !okID(orgID) {
		return nil, nil
	}
	items, err := r.queryAll(ctx, Query{PK: orgKey(orgID).PK, SKPrefix: "ASMT#", Limit: MaxQueryLimit})
	if err != nil {
		return nil, err
	}
	out, err := decodeAll(items, fromAssessmentItem, nil)
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return before(out[j].CreatedAt, out[i].CreatedAt, out[j].ID, out[i].ID) })
	return out, nil
}

// ---------------------------------------------------------------- candidates (invites)

// CreateCandidates implements assess.Repo: all or none. Each candidate is one plain
// conditional put (its invite token names it, so no pointer item is needed), a few at a
// time: a transaction would bill every item twice. If any put fails, every one this call
// made is deleted again before the error is returned. (A crash in between can leave some
// candidates the hiring team was never shown: their tokens were never handed out.)
func (r *Repository) CreateCandidates(ctx context.Context, cs []assess.Candidate) error {
	items, err := candidateItems(cs)
	if err != nil {
		return err
	}
	return r.putAllOrNone(ctx, items)
}

func candidateItems(cs []assess.Candidate) ([]Item, error) {
	var items []Item
	for _, c := range cs {
		if !okID(c.ID) || !okID(c.OrgID) || !okID(c.AssessmentID) || !okID(c.TokenHash) {
			return nil, badID("candidate", c.ID)
		}
		it, err := toCandidateItem(c)
		if err != nil {
			return nil, err
		}
		items = append(items, it)
	}
	return items, nil
}

// putAllOrNone puts new items (each on the condition that it does not exist), a few at a
// time; if any put fails, every one is deleted again before the error is returned.
func (r *Repository) putAllOrNone(ctx context.Context, items []Item) error {
	const parallel = 8
	errs := make([]error, len(items))
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	for i := range items {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			errs[i] = r.t.Put(ctx, items[i], Absent())
		}()
	}
	wg.Wait()
	var first error
	for _, err := range errs {
		if err != nil {
			first = err
			break
		}
	}
	if first == nil {
		return nil
	}
	// Undo every put, so the request is all or nothing: a put that reported Unavailable
	// may have been written all the same. Each delete is conditional on the item being the
	// one this call wrote, so an item that was there before (a colliding id) stays.
	cleanup := context.WithoutCancel(ctx)
	for _, it := range items {
		_ = r.t.Delete(cleanup, it.Key(table.PK, table.SK), Eq(attrDoc, it.Bytes(attrDoc)))
	}
	return first
}

// ReplaceCandidate writes c over old (a rotated invite token, an address that bounced),
// if the stored candidate is still old; Conflict otherwise. The index keys and the
// retention date stay.
func (r *Repository) ReplaceCandidate(ctx context.Context, old, c assess.Candidate) error {
	if c.ID != old.ID || c.OrgID != old.OrgID || c.AssessmentID != old.AssessmentID {
		return ErrInternal(fmt.Errorf("store: candidate %s cannot become %s", old.ID, c.ID))
	}
	items, err := candidateItems([]assess.Candidate{old, c})
	if err != nil {
		return err
	}
	return r.t.Put(ctx, items[1], Eq(attrDoc, items[0].Bytes(attrDoc)))
}

// Candidate implements assess.Repo; another organisation's candidate is NotFound.
func (r *Repository) Candidate(ctx context.Context, orgID, id string) (assess.Candidate, error) {
	if !okID(orgID) || !okID(id) {
		return assess.Candidate{}, notFound()
	}
	it, err := r.t.Get(ctx, candidateKey(id))
	if err != nil {
		return assess.Candidate{}, err
	}
	c, err := fromCandidateItem(it)
	if err != nil {
		return assess.Candidate{}, err
	}
	if c.OrgID != orgID {
		return assess.Candidate{}, notFound()
	}
	return c, nil
}

// CandidateByToken implements assess.Repo: the candidate the invite token names, if it
// still carries that token's hash (compared in constant time); NotFound otherwise.
func (r *Repository) CandidateByToken(ctx context.Context, id, hash string) (assess.Candidate, error) {
	if !okID(id) || !okID(hash) {
		return assess.Candidate{}, notFound()
	}
	it, err := r.t.Get(ctx, candidateKey(id))
	if err != nil {
		return assess.Candidate{}, err
	}
	c, err := fromCandidateItem(it)
	if err != nil {
		return assess.Candidate{}, err
	}
	if subtle.ConstantTimeCompare([]byte(c.TokenHash), []byte(hash)) != 1 {
		return assess.Candidate{}, notFound()
	}
	return c, nil
}

// Candidates implements assess.Repo: oldest first.
func (r *Repository) Candidates(ctx context.Context, orgID, assessmentID string) ([]assess.Candidate, error) {
	if !okID(orgID) || !okID(assessmentID) {
		return nil, nil
	}
	items, err := r.indexed(ctx, asmtParent(assessmentID), "CAND#", nil)
	if err != nil {
		return nil, err
	}
	out, err := decodeAll(items, fromCandidateItem, func(c assess.Candidate) bool { return c.OrgID == orgID })
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return before(out[i].CreatedAt, out[j].CreatedAt, out[i].ID, out[j].ID) })
	return out, nil
}

// CandidatesByID reads the candidates with these ids in as few batch reads as possible;
// ids of other organisations, or unknown, are left out.
func (r *Repository) CandidatesByID(ctx context.Context, orgID string, ids []string) ([]assess.Candidate, error) {
	var keys []Key
	for _, id := range ids {
		if okID(id) {
			keys = append(keys, candidateKey(id))
		}
	}
	if !okID(orgID) || len(keys) == 0 {
		return nil, nil
	}
	items, err := r.getAll(ctx, keys)
	if err != nil {
		return nil, err
	}
	return decodeAll(items, fromCandidateItem, func(c assess.Candidate) bool { return c.OrgID == orgID })
}

// CandidatesPage is one page of an assessment's candidates (in the index's order, by id)
// and the cursor of the next page ("" after the last): reads bounded by limit whatever
// the assessment's size.
func (r *Repository) CandidatesPage(ctx context.Context, orgID, assessmentID, cursor string, limit int) ([]assess.Candidate, string, error) {
	if !okID(orgID) || !okID(assessmentID) {
		return nil, "", nil
	}
	page, err := r.t.Query(ctx, Query{Index: table.GSI1, PK: asmtParent(assessmentID), SKPrefix: "CAND#", Limit: min(max(limit, 1), MaxQueryLimit), Cursor: cursor})
	if err != nil {
		return nil, "", err
	}
	keys := make([]Key, len(page.Items))
	for i, ref := range page.Items {
		keys[i] = ref.Key(table.PK, table.SK)
	}
	items, err := r.getAll(ctx, keys)
	if err != nil {
		return nil, "", err
	}
	out, err := decodeAll(items, fromCandidateItem, func(c assess.Candidate) bool { return c.OrgID == orgID })
	return out, page.Cursor, err
}

// ---------------------------------------------------------------- sessions

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
	return err
}

// ---------------------------------------------------------------- answers

// PutBatch implements assess.Repo: one small new item per (session, seq); Conflict if that
// batch exists (the journey compares it, so a replay is a no-op).
func (r *Repository) PutBatch(ctx context.Context, b assess.AnswerBatch) error {
	if !okID(b.SessionID) || b.Seq < 0 || b.Seq > 999_999_999 {
		return badID("answer batch", fmt.Sprintf("%s/%d", b.SessionID, b.Seq))
	}
	it, err := toBatchItem(b)
	if err != nil {
		return err
	}
	return r.t.Put(ctx, it, Absent())
}

// Batch implements assess.Repo.
func (r *Repository) Batch(ctx context.Context, sessionID string, seq int) (assess.AnswerBatch, error) {
	if !okID(sessionID) || seq < 0 || seq > 999_999_999 {
		return assess.AnswerBatch{}, notFound()
	}
	it, err := r.t.Get(ctx, batchKey(sessionID, seq))
	if err != nil {
		return assess.AnswerBatch{}, err
	}
	return fromBatchItem(it)
}

// Batches implements assess.Repo: every batch of the session, by sequence number.
func (r *Repository) Batches(ctx context.Context, sessionID string) ([]assess.AnswerBatch, error) {
	if !okID(sessionID) {
		return nil, nil
	}
	items, err := r.queryAll(ctx, Query{PK: sessionKey(sessionID).PK, SKPrefix: "BATCH#", Limit: MaxQueryLimit})
	if err != nil {
		return nil, err
	}
	return decodeAll(items, fromBatchItem, nil)
}

// ---------------------------------------------------------------- scoring

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
		return &assess.Error{Code: assess.Conflict, Message: "the session is not completed"}
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

// ---------------------------------------------------------------- reports

// PutReports stores (or replaces: a report can be rendered again) the records of files
// rendered together, as one item under the first one's id: they share organisation,
// assessment and retention.
func (r *Repository) PutReports(ctx context.Context, recs ...assess.ReportRecord) error {
	if len(recs) == 0 {
		return nil
	}
	if !okID(recs[0].ID) || !okID(recs[0].OrgID) || !okID(recs[0].AssessmentID) {
		return badID("report", recs[0].ID)
	}
	it, err := toReportItem(recs)
	if err != nil {
		return err
	}
	return r.t.Put(ctx, it, Cond{})
}

// Report returns one report record of an organisation's assessment: a first record is
// one read; a record stored with another (see PutReports) is found among the
// assessment's records.
func (r *Repository) Report(ctx context.Context, orgID, assessmentID, id string) (assess.ReportRecord, error) {
	if !okID(orgID) || !okID(assessmentID) || !okID(id) {
		return assess.ReportRecord{}, notFound()
	}
	it, err := r.t.Get(ctx, reportKey(orgID, assessmentID, id))
	if err == nil {
		recs, err := fromReportItem(it)
		if err != nil {
			return assess.ReportRecord{}, err
		}
		return recs[0], nil
	}
	if !isCode(err, assess.NotFound) {
		return assess.ReportRecord{}, err
	}
	all, err := r.Reports(ctx, orgID, assessmentID)
	if err != nil {
		return assess.ReportRecord{}, err
	}
	for _, rec := range all {
		if rec.ID == id {
			return rec, nil
		}
	}
	return assess.ReportRecord{}, notFound()
}

// Reports lists the report records of an organisation's assessment.
func (r *Repository) Reports(ctx context.Context, orgID, assessmentID string) ([]assess.ReportRecord, error) {
	if !okID(orgID) || !okID(assessmentID) {
		return nil, nil
	}
	items, err := r.queryAll(ctx, Query{PK: orgKey(orgID).PK, SKPrefix: "REP#" + assessmentID + "#", Limit: MaxQueryLimit})
	if err != nil {
		return nil, err
	}
	out := make([]assess.ReportRecord, 0, len(items))
	for _, it := range items {
		recs, err := fromReportItem(it)
		if err != nil {
			return nil, err
		}
		out = append(out, recs...)
	}
	return out, nil
}

// ---------------------------------------------------------------- audit

// AppendAudit records an event; appending the same event (org, time, id) twice is a no-op.
func (r *Repository) AppendAudit(ctx context.Context, e assess.AuditEvent) error {
	if !okID(e.OrgID) || !okID(e.ID) || e.At.IsZero() {
		return badID("audit event", e.ID)
	}
	it, err := toAuditItem(e)
	if err != nil {
		return err
	}
	err = r.t.Put(ctx, it, Absent())
	if isCode(err, assess.Conflict) {
		return nil
	}
	return err
}

// AuditEvents lists an organisation's events, newest first, one page at a time.
func (r *Repository) AuditEvents(ctx context.Context, orgID, cursor string, limit int) ([]assess.AuditEvent, string, error) {
	if !okID(orgID) {
		return nil, "", nil
	}
	page, err := r.t.Query(ctx, Query{PK: "AUDIT#" + orgID, Cursor: cursor, Limit: limit, Reverse: true})
	if err != nil {
		return nil, "", err
	}
	out, err := decodeAll(page.Items, fromAuditItem, nil)
	if err != nil {
		return nil, "", err
	}
	return out, page.Cursor, nil
}

// ---------------------------------------------------------------- idempotency

// ClaimIdempotency records rec as the first use of its (scope, key). When a live record
// exists it returns that one and claimed=false: the caller replays its response (Status
// set), reports a request still in flight (Status 0), or rejects another request under
// the same key (RequestHash differs).
func (r *Repository) ClaimIdempotency(ctx context.Context, rec assess.IdempotencyRecord) (assess.IdempotencyRecord, bool, error) {
	if !okID(rec.Scope) || rec.Key == "" || len(rec.Key) > 255 || !okKey(rec.Key) {
		return assess.IdempotencyRecord{}, false, assess.FieldError("Idempotency-Key", "1 to 255 printable characters")
	}
	rec.Status, rec.Body = 0, nil
	err := r.t.Put(ctx, toIdemItem(rec), Absent())
	if err == nil {
		return rec, true, nil
	}
	if !isCode(err, assess.Conflict) {
		return assess.IdempotencyRecord{}, false, err
	}
	it, err := r.t.Get(ctx, idemKey(rec.Scope, rec.Key))
	if isCode(err, assess.NotFound) {
		return assess.IdempotencyRecord{}, false, &assess.Error{Code: assess.Unavailable, Message: "retry"}
	}
	if err != nil {
		return assess.IdempotencyRecord{}, false, err
	}
	return fromIdemItem(rec.Scope, rec.Key, it), false, nil
}

// FinishIdempotency stores the response of a claimed request (same request hash only).
func (r *Repository) FinishIdempotency(ctx context.Context, rec assess.IdempotencyRecord) error {
	if !okID(rec.Scope) || !okKey(rec.Key) {
		return notFound()
	}
	_, err := r.t.Update(ctx, idemKey(rec.Scope, rec.Key),
		Update{Set: Item{attrCode: int64(rec.Status), attrBody: append([]byte{}, rec.Body...)}},
		Eq(attrReqHash, rec.RequestHash))
	return err
}

func okKey(k string) bool {
	if k == "" || len(k) > 255 {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] < 0x21 || k[i] > 0x7e {
			return false
		}
	}
	return true
}

// ReleaseIdempotency forgets a claim whose request failed on our side, so that a retry
// with the same key runs again instead of waiting for a response that will never come.
func (r *Repository) ReleaseIdempotency(ctx context.Context, rec assess.IdempotencyRecord) error {
	if !okID(rec.Scope) || !okKey(rec.Key) {
		return nil
	}
	return r.t.Delete(ctx, idemKey(rec.Scope, rec.Key), And(Eq(attrReqHash, rec.RequestHash), Eq(attrCode, int64(0))))
}
