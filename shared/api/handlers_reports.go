package api

import (
	"context"
	"net/http"
	"strings"
	"time"

	"shortlist/shared/assess"
)

// CohortRenderer renders an assessment's cohort report (shared/app/reporting.Reporter).
type CohortRenderer interface {
	RenderCohort(ctx context.Context, orgID, assessmentID string) ([]assess.ReportRecord, error)
}

// errNoReports answers report routes on a deployment without a report store.
var errNoReports = assess.Errorf(assess.Unavailable, "reports are not configured on this deployment")

// LinkTTL is how long a report link works: short, because a link is a bearer credential.
const LinkTTL = 10 * time.Minute

type reportJSON struct {
	ReportID  string    `json:"reportId"`
	Kind      string    `json:"kind"`
	Format    string    `json:"format"`
	Filename  string    `json:"filename"`
	Size      int64     `json:"size"`
	CreatedAt time.Time `json:"createdAt"`
	Candidate string    `json:"sessionId,omitempty"`
}

// reportID is the public id of a report record: its assessment and its own id, so the
// link route can find it in one read.
func reportID(r assess.ReportRecord) string { return r.AssessmentID + "." + r.ID }

func parseReportID(s string) (assessmentID, id string, ok bool) {
	a, b, found := strings.Cut(s, ".")
	return a, b, found && assess.ValidID(a) && assess.ValidID(b)
}

func toReportJSON(r assess.ReportRecord) reportJSON {
	return reportJSON{ReportID: reportID(r), Kind: r.Kind, Format: r.Format, Filename: r.Filename, Size: r.Size,
		CreatedAt: r.CreatedAt, Candidate: r.SessionID}
}

// createCohortReport renders the cohort PDF and CSV now (about 0.1 s for 1,000
// candidates) and answers with both records.
func (s *server) createCohortReport(w http.ResponseWriter, r *http.Request) error {
	org, id, err := s.ownAssessment(r)
	if err == nil && s.Renderer == nil && s.Queue == nil {
		err = errNoReports
	}
	if err != nil {
		return err
	}
	s.audit(r, "report.create", "assessment:"+id, map[string]string{"kind": "cohort"})
	if s.Renderer == nil {
		// In AWS the reports function renders it from the request's stream record, in
		// about a second; the client polls the report list for these ids.
		pdfID, csvID := assess.NewID(), assess.NewID()
		if err := s.Queue.RequestCohortReport(r.Context(), org, id, pdfID, csvID); err != nil {
			return err
		}
		writeJSON(w, http.StatusAccepted, ReportsPendingResponse{Status: "pending",
			ReportIDs: []string{id + "." + pdfID, id + "." + csvID}, Poll: "/v1/assessments/" + id + "/reports"})
		return nil
	}
	recs, err := s.Renderer.RenderCohort(r.Context(), org, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, ReportsResponse{Reports: reportsJSON(recs)})
	return nil
}

// ReportsPendingResponse says a report was requested and is being rendered: the report
// list (Poll) shows ReportIDs once they exist.
type ReportsPendingResponse struct {
	Status    string   `json:"status"` // "pending"
	ReportIDs []string `json:"reportIds"`
	Poll      string   `json:"poll"`
}

// ReportsResponse lists report records.
type ReportsResponse struct {
	Reports []reportJSON `json:"reports"`
}

// ReportLinkResponse is a short-lived signed link to a report file.
type ReportLinkResponse struct {
	URL       string    `json:"url"`
	ExpiresAt time.Time `json:"expiresAt"`
	Filename  string    `json:"filename"`
}

// FeedbackResponse is the candidate's feedback report: "pending" until it exists, then
// "ready" with a short-lived link.
type FeedbackResponse struct {
	Status    string     `json:"status"`
	URL       string     `json:"url,omitempty"`
	ExpiresAt *time.Time `json:"expiresAt,omitempty"`
}

// ownAssessment reads the {assessmentId} of the path and checks it is the caller's.
func (s *server) ownAssessment(r *http.Request) (orgID, assessmentID string, err error) {
	id, err := pathID(r, "assessmentId")
	if err != nil {
		return "", "", err
	}
	org := orgOf(r).ID
	if _, err := s.Journey.Assessment(r.Context(), org, id); err != nil {
		return "", "", err
	}
	return org, id, nil
}

func reportsJSON(recs []assess.ReportRecord) []reportJSON {
	out := make([]reportJSON, 0, len(recs))
	for _, rec := range recs {
		out = append(out, toReportJSON(rec))
	}
	return out
}

func (s *server) listReports(w http.ResponseWriter, r *http.Request) error {
	org, id, err := s.ownAssessment(r)
	if err == nil && s.Reports == nil {
		err = errNoReports
	}
	var recs []assess.ReportRecord
	if err == nil {
		recs, err = s.Reports.Reports(r.Context(), org, id)
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ReportsResponse{Reports: reportsJSON(recs)})
	return nil
}

// reportLink hands out a presigned GET that expires in LinkTTL; each link is audited.
// With ?redirect=1 it answers 303 to that link instead of describing it.
func (s *server) reportLink(w http.ResponseWriter, r *http.Request) error {
	aid, rid, ok := parseReportID(r.PathValue("reportId"))
	if !ok {
		return assess.Errorf(assess.NotFound, "no such report")
	}
	if s.Reports == nil || s.Blobs == nil {
		return errNoReports
	}
	org := orgOf(r).ID
	rec, err := s.Reports.Report(r.Context(), org, aid, rid)
	if err != nil {
		return err
	}
	url, err := s.Blobs.PresignGet(r.Context(), rec.ObjectKey, rec.Filename, LinkTTL)
	if err != nil {
		return err
	}
	s.audit(r, "report.link", "report:"+reportID(rec), map[string]string{"kind": rec.Kind, "format": rec.Format})
	if r.URL.Query().Get("redirect") == "1" {
		// One request to the file: a client that follows redirects (curl -L, a script)
		// lands on the signed link itself. Never cached: the link is a bearer credential.
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Location", url)
		w.WriteHeader(http.StatusSeeOther)
		return nil
	}
	writeJSON(w, http.StatusOK, ReportLinkResponse{URL: url, ExpiresAt: s.Journey.Now().Add(LinkTTL), Filename: rec.Filename})
	return nil
}

// feedback gives the candidate a link to their own feedback report once it exists.
func (s *server) feedback(w http.ResponseWriter, r *http.Request) error {
	ss, _ := sessionOf(r)
	if s.Reports == nil || s.Blobs == nil {
		return errNoReports
	}
	pending := FeedbackResponse{Status: "pending"}
	if ss.Status != assess.SessionScored {
		writeJSON(w, http.StatusOK, pending)
		return nil
	}
	recs, err := s.Reports.Reports(r.Context(), ss.OrgID, ss.AssessmentID)
	if err != nil {
		return err
	}
	for _, rec := range recs {
		if rec.SessionID == ss.ID && rec.Kind == "feedback" {
			url, err := s.Blobs.PresignGet(r.Context(), rec.ObjectKey, rec.Filename, LinkTTL)
			if err != nil {
				return err
			}
			expires := s.Journey.Now().Add(LinkTTL)
			writeJSON(w, http.StatusOK, FeedbackResponse{Status: "ready", URL: url, ExpiresAt: &expires})
			return nil
		}
	}
	writeJSON(w, http.StatusOK, pending)
	return nil
}

// audit records an HR action. A failure to audit is logged, not shown: the action itself
// succeeded, and the log line keeps the trace.
func (s *server) audit(r *http.Request, action, target string, detail map[string]string) {
	if s.Reports == nil {
		return
	}
	e := assess.AuditEvent{OrgID: orgOf(r).ID, ID: assess.NewID(), At: s.Journey.Now(), Actor: callerOf(r).actor.String(),
		Action: action, Target: target, Detail: detail}
	if err := s.Reports.AppendAudit(r.Context(), e); err != nil {
		logger(r).WarnContext(r.Context(), "audit write failed", "action", action, "error", err.Error())
	}
}
