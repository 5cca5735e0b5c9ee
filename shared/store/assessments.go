package store

import (
	"context"
	"sort"

	"shortlist/shared/assess"
)

// CreateAssessment implements assess.Repo; Conflict if the id exists.
func (r *Repository) CreateAssessment(ctx context.Context, a assess.Assessment) error {
	if !okID(a.ID) || !okID(a.OrgID) {
		return badID("assessment", a.ID)
	}
	it, err := toAssessmentItem(a)
	if err != nil {
		return err
	}
	if err := r.t.Put(ctx, it, Absent()); err != nil {
		return err
	}
	r.createCounts(ctx, a)
	return nil
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
