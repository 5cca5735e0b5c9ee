package store

import (
	"context"
	"fmt"
	"time"

	"shortlist/shared/assess"
)

// Pending-report markers (see the package doc's table):
//
//	pending candidate reports, oldest first   PEND#report         <completedAt ns, 19 digits>#<sid>
//
// SaveResult writes one after the result and before the scored session; storing the
// candidate's report records removes it (the reports function, DropPendingReport). The
// reports sweep lists what is left: results whose rendering gave up. The key has the
// session's completion time, which every path that must find the marker knows (the
// renderer and the erasure read the session), so none needs a read to name it. Unlike the
// pending-scoring marker it expires with the candidate's data: a report is not worth
// rendering once the data it would show is gone.

const pendingReportPK = "PEND#report"

const typePendingReport = "pendrep"

func pendingReportKey(sid string, completedAt time.Time) Key {
	return Key{pendingReportPK, fmt.Sprintf("%019d#%s", completedAt.UnixNano(), sid)}
}

type pendingReportDoc struct {
	OrgID        string `json:"org"`
	AssessmentID string `json:"asmt"`
	CompletedAt  int64  `json:"done"`
	Since        int64  `json:"at,omitempty"`
	Tries        int    `json:"n,omitempty"`
	NextTry      int64  `json:"next,omitempty"`
}

func toPendingReportItem(p assess.PendingReport) (Item, error) {
	it := base(pendingReportKey(p.SessionID, p.CompletedAt), typePendingReport)
	it[attrSession] = p.SessionID
	it, err := withDoc(it, pendingReportDoc{OrgID: p.OrgID, AssessmentID: p.AssessmentID,
		CompletedAt: nanos(p.CompletedAt), Since: nanos(p.Since), Tries: p.Tries, NextTry: nanos(p.NextTry)})
	return withTTLErr(it, err, p.RetainUntil)
}

func fromPendingReportItem(it Item) (assess.PendingReport, error) {
	var d pendingReportDoc
	if err := readDoc(it, &d); err != nil {
		return assess.PendingReport{}, err
	}
	return assess.PendingReport{SessionID: it.Str(attrSession), OrgID: d.OrgID, AssessmentID: d.AssessmentID,
		CompletedAt: fromNanos(d.CompletedAt), Since: fromNanos(d.Since), Tries: d.Tries,
		NextTry: fromNanos(d.NextTry), RetainUntil: ttlOf(it)}, nil
}

// MarkReportPending writes the pending-report marker of a scored session (replacing any
// earlier one): SaveResult does it for every new result, and an operator can requeue
// sessions whose files went missing (the sweep then renders only what is not stored).
func (r *Repository) MarkReportPending(ctx context.Context, p assess.PendingReport) error {
	if !okID(p.SessionID) || !okID(p.OrgID) || !okID(p.AssessmentID) || p.CompletedAt.IsZero() {
		return badID("pending report", p.SessionID)
	}
	it, err := toPendingReportItem(p)
	if err != nil {
		return err
	}
	return r.t.Put(ctx, it, Cond{})
}

// PendingReports lists the pending-report markers in completion order, oldest first, one
// page at a time (cursor "" for the first; the returned cursor is "" after the last page).
func (r *Repository) PendingReports(ctx context.Context, cursor string, limit int) ([]assess.PendingReport, string, error) {
	page, err := r.t.Query(ctx, Query{PK: pendingReportPK, Cursor: cursor, Limit: limit})
	if err != nil {
		return nil, "", err
	}
	out, err := decodeAll(page.Items, fromPendingReportItem, nil)
	if err != nil {
		return nil, "", err
	}
	return out, page.Cursor, nil
}

// DeferPendingReport rewrites a marker after a failed attempt (its Tries and NextTry), if
// it is still there: a marker that a successful rendering removed meanwhile stays gone.
func (r *Repository) DeferPendingReport(ctx context.Context, p assess.PendingReport) error {
	if !okID(p.SessionID) || !okID(p.OrgID) || !okID(p.AssessmentID) || p.CompletedAt.IsZero() {
		return badID("pending report", p.SessionID)
	}
	it, err := toPendingReportItem(p)
	if err != nil {
		return err
	}
	err = r.t.Put(ctx, it, Exists())
	if isCode(err, assess.Conflict) {
		return nil
	}
	return err
}

// DropPendingReport removes the marker of a session whose reports are stored (or that
// is gone); removing an absent marker is not an error.
func (r *Repository) DropPendingReport(ctx context.Context, sessionID string, completedAt time.Time) error {
	if !okID(sessionID) {
		return badID("pending report", sessionID)
	}
	return r.t.Delete(ctx, pendingReportKey(sessionID, completedAt), Cond{})
}

// ReportGroup returns the records stored together in one report item (a candidate's
// report and its feedback: see PutReports) by the first one's id, with one read; NotFound
// if there is none. Unlike Report it never lists the assessment's records.
func (r *Repository) ReportGroup(ctx context.Context, orgID, assessmentID, id string) ([]assess.ReportRecord, error) {
	if !okID(orgID) || !okID(assessmentID) || !okID(id) {
		return nil, notFound()
	}
	it, err := r.t.Get(ctx, reportKey(orgID, assessmentID, id))
	if err != nil {
		return nil, err
	}
	return fromReportItem(it)
}
