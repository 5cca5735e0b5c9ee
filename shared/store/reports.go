package store

import (
	"context"

	"shortlist/shared/assess"
)

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
