package store

import (
	"context"
	"encoding/json"

	"shortlist/shared/assess"
)

// Cohort snapshot pointers: one small item per assessment naming the current version of
// its cohort snapshot, whose bodies live in the object store (assess.Cohorts).
//
//	cohort snapshot pointer                   ORG#<org>           COHORT#<asmt>     ver = the version number
//
// It is written once per stream batch of results of the assessment (not once per
// result), with a condition on the version it replaces, so two writers never both win
// and a burst never writes one item per completion.

const typeCohort = "cohort"

func cohortKey(orgID, assessmentID string) Key {
	return Key{"ORG#" + orgID, "COHORT#" + assessmentID}
}

// CohortPointer reads an assessment's cohort snapshot pointer (NotFound when there is none).
func (r *Repository) CohortPointer(ctx context.Context, orgID, assessmentID string) (assess.CohortPointer, error) {
	if !okID(orgID) || !okID(assessmentID) {
		return assess.CohortPointer{}, notFound()
	}
	it, err := r.t.Get(ctx, cohortKey(orgID, assessmentID))
	if err != nil {
		return assess.CohortPointer{}, err
	}
	var p assess.CohortPointer
	if err := json.Unmarshal(it.Bytes(attrDoc), &p); err != nil {
		return assess.CohortPointer{}, ErrInternal(err)
	}
	p.Version = it.Int(attrVersion)
	return p, nil
}

// PutCohortPointer moves the pointer to p.Version if it still names prev (0: there is
// none yet); otherwise it is a Conflict and the caller starts again from the newer one.
func (r *Repository) PutCohortPointer(ctx context.Context, p assess.CohortPointer, prev int64) error {
	if !okID(p.OrgID) || !okID(p.AssessmentID) {
		return badID("cohort", p.AssessmentID)
	}
	doc, err := json.Marshal(p)
	if err != nil {
		return ErrInternal(err)
	}
	it := base(cohortKey(p.OrgID, p.AssessmentID), typeCohort)
	it[attrVersion] = p.Version
	it[attrDoc] = doc
	cond := Absent()
	if prev > 0 {
		cond = Eq(attrVersion, prev)
	}
	return r.t.Put(ctx, it, cond)
}

// DeleteCohortPointer forgets the snapshot (after an erasure): the next read rebuilds it
// from the results that remain.
func (r *Repository) DeleteCohortPointer(ctx context.Context, orgID, assessmentID string) error {
	if !okID(orgID) || !okID(assessmentID) {
		return nil
	}
	return r.t.Delete(ctx, cohortKey(orgID, assessmentID), Cond{})
}
