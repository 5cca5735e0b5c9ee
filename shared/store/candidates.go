package store

import (
	"context"
	"crypto/subtle"
	"fmt"
	"sort"
	"sync"

	"shortlist/shared/assess"
	"shortlist/shared/store/table"
)

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
	if err := r.putAllOrNone(ctx, items); err != nil {
		return err
	}
	r.countInvites(ctx, cs)
	return nil
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
	if !okID(orgID) {
		return assess.Candidate{}, notFound()
	}
	return r.candidate(ctx, id, func(c assess.Candidate) bool { return c.OrgID == orgID })
}

// CandidateByToken implements assess.Repo: the candidate the invite token names, if it
// still carries that token's hash (compared in constant time); NotFound otherwise.
func (r *Repository) CandidateByToken(ctx context.Context, id, hash string) (assess.Candidate, error) {
	if !okID(hash) {
		return assess.Candidate{}, notFound()
	}
	return r.candidate(ctx, id, func(c assess.Candidate) bool {
		return subtle.ConstantTimeCompare([]byte(c.TokenHash), []byte(hash)) == 1
	})
}

// candidate reads candidate id; one that ok refuses is NotFound, like an absent one.
func (r *Repository) candidate(ctx context.Context, id string, ok func(assess.Candidate) bool) (assess.Candidate, error) {
	if !okID(id) {
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
	if !ok(c) {
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
