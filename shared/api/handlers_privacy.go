package api

import (
	"context"
	"encoding/base64"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/catalog"
)

type noticeJSON struct {
	ES string `json:"es"`
	EN string `json:"en"`
}

type settingsJSON struct {
	// RetentionDays changes only when given (0 or absent: unchanged).
	RetentionDays int `json:"retentionDays"`
	// Notice and GroupField change only when present; {"es": "", "en": ""} clears them
	// (the default notice is shown; no own group question).
	Notice     *noticeJSON `json:"notice"`
	GroupField *noticeJSON `json:"groupField"`
	// The name and branding fields change only when present; "" clears displayName,
	// accentColor and logo (the name cannot be cleared).
	Name        *string `json:"name"`
	DisplayName *string `json:"displayName"`
	AccentColor *string `json:"accentColor"`
	// Logo is a PNG, JPEG or WebP image of at most 100 KB, as a data URL
	// (data:image/png;base64,…) or bare base64.
	Logo *string `json:"logo"`
}

// OrganisationResponse is the organisation's settings as GET and PUT /v1/organisation
// answer them.
type OrganisationResponse struct {
	ID            string `json:"id"`
	Name          string `json:"name"`
	RetentionDays int    `json:"retentionDays"`
	// Notice is the notice candidates read before they start, as they read it: the
	// organisation's own or the default, with the organisation's name and retention
	// filled in. NoticeVersion names it; a candidate's acknowledgement records it.
	Notice        noticeJSON `json:"notice"`
	NoticeVersion string     `json:"noticeVersion"`
	// CustomNotice says the organisation wrote its own notice; NoticeText is that text as
	// written, {org} and {days} unfilled (empty with the default notice).
	CustomNotice bool       `json:"customNotice"`
	NoticeText   noticeJSON `json:"noticeText"`
	GroupField   noticeJSON `json:"groupField"`
	// DisplayName is what candidates see instead of "Shortlist" ("" when not set).
	DisplayName string `json:"displayName"`
	// AccentColor is #rrggbb ("" when not set: Shortlist's colour).
	AccentColor string `json:"accentColor"`
	// Logo is the logo as a data URL; absent when there is none.
	Logo string `json:"logo,omitempty"`
}

func (s *server) getOrganisation(w http.ResponseWriter, r *http.Request) error {
	if err := checkQuery(r); err != nil {
		return err
	}
	out, err := s.organisationJSON(r.Context(), orgOf(r), nil)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// organisationJSON answers with org's settings; logo, when the caller has it in hand,
// saves reading it.
func (s *server) organisationJSON(ctx context.Context, org assess.Organisation, logo *assess.LogoImage) (OrganisationResponse, error) {
	n, v := assess.NoticeFor(org)
	days := org.RetentionDays
	if days == 0 {
		days = assess.DefaultRetentionDays
	}
	out := OrganisationResponse{ID: org.ID, Name: org.Name, RetentionDays: days,
		Notice: noticeJSON(n), NoticeVersion: v, CustomNotice: org.Notice.ES != "", NoticeText: noticeJSON(org.Notice),
		GroupField: noticeJSON(org.GroupField), DisplayName: org.DisplayName, AccentColor: org.AccentColor}
	var err error
	out.Logo, err = s.logoURL(ctx, org, logo)
	return out, err
}

// logoURL is an organisation's logo as a data URL ("" when it has none); logo, when the
// caller has it in hand, saves reading it.
func (s *server) logoURL(ctx context.Context, org assess.Organisation, logo *assess.LogoImage) (string, error) {
	if logo == nil {
		l, err := s.oversight.Logo(ctx, org)
		if err != nil {
			return "", err
		}
		logo = &l
	}
	if logo.Type == "" {
		return "", nil
	}
	return "data:" + logo.Type + ";base64," + base64.StdEncoding.EncodeToString(logo.Data), nil
}

// maxSettingsBody fits two 8,000-character notices and a logo in base64.
const maxSettingsBody = 256 << 10

func (s *server) putOrganisation(w http.ResponseWriter, r *http.Request) error {
	var req settingsJSON
	if err := decodeJSON(w, r, &req, maxSettingsBody); err != nil {
		return err
	}
	ch := assess.OrgChanges{Settings: assess.Settings{RetentionDays: req.RetentionDays,
		Notice: (*assess.Notice)(req.Notice), GroupField: (*assess.Notice)(req.GroupField)},
		Name: req.Name, DisplayName: req.DisplayName, AccentColor: req.AccentColor}
	if req.Logo != nil {
		ch.Logo = &assess.LogoImage{}
		if *req.Logo != "" {
			l, err := decodeLogo(*req.Logo)
			if err != nil {
				return err
			}
			ch.Logo = &l
		}
	}
	prev := orgOf(r)
	org, err := s.oversight.UpdateOrganisation(r.Context(), prev, ch)
	if err != nil {
		return err
	}
	_, version := assess.NoticeFor(org)
	details := map[string]string{"retentionDays": strconv.Itoa(org.RetentionDays), "noticeVersion": version}
	if org.Name != prev.Name {
		details["name"] = org.Name
	}
	if org.DisplayName != prev.DisplayName {
		details["displayName"] = org.DisplayName
	}
	if org.AccentColor != prev.AccentColor {
		details["accentColor"] = org.AccentColor
	}
	if org.Logo != prev.Logo {
		details["logo"] = org.Logo.Hash
	}
	s.audit(r, "organisation.settings", "organisation:"+org.ID, details)
	out, err := s.organisationJSON(r.Context(), org, ch.Logo)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// decodeLogo reads a logo sent as a data URL or bare base64; its bytes decide its type.
func decodeLogo(s string) (assess.LogoImage, error) {
	if rest, ok := strings.CutPrefix(s, "data:"); ok {
		_, data, ok := strings.Cut(rest, ";base64,")
		if !ok {
			return assess.LogoImage{}, assess.FieldError("logo", "a data URL with base64 data (data:image/png;base64,…)")
		}
		s = data
	}
	if base64.StdEncoding.DecodedLen(len(s)) > assess.MaxLogoBytes+3 {
		return assess.LogoImage{}, assess.FieldError("logo", fmt.Sprintf("at most %d KB", assess.MaxLogoBytes>>10))
	}
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil {
		return assess.LogoImage{}, assess.FieldError("logo", "not base64")
	}
	return assess.CheckLogo(b)
}

// BrandingJSON is what the candidate app shows instead of Shortlist's look.
type BrandingJSON struct {
	DisplayName string `json:"displayName"`    // "" shows "Shortlist"
	AccentColor string `json:"accentColor"`    // #rrggbb; "" for Shortlist's colour
	Logo        string `json:"logo,omitempty"` // a data URL; absent when none
}

// PreviewResponse is what a candidate sees before starting: who invites them, what will
// be assessed and for how long, how their data is used and kept, and who decides.
type PreviewResponse struct {
	Branding      BrandingJSON          `json:"branding"`
	Organisation  string                `json:"organisation"`
	Candidate     string                `json:"candidate"`
	Lang          catalog.Lang          `json:"lang"`
	Assessment    previewAssessmentJSON `json:"assessment"`
	Notice        noticeJSON            `json:"notice"`
	NoticeVersion string                `json:"noticeVersion"`
	RetentionDays int                   `json:"retentionDays"`
	DecidedBy     string                `json:"decidedBy"`
	ExpiresAt     time.Time             `json:"expiresAt"`
	// Started: the invite already opened a session (starting resumes it); Finished: that
	// session is complete, nothing is left to take.
	Started    bool       `json:"started"`
	Finished   bool       `json:"finished"`
	ExtraTime  float64    `json:"extraTime"`
	GroupField noticeJSON `json:"groupField"`
}

type previewAssessmentJSON struct {
	Name     string               `json:"name"`
	Minutes  int                  `json:"minutes"`
	Sections []previewSectionJSON `json:"sections"`
}

type previewSectionJSON struct {
	Name             string `json:"name"`
	Observes         string `json:"observes"`
	Minutes          int    `json:"minutes"`
	TimeLimitSeconds int    `json:"timeLimitSeconds,omitempty"`
}

// previewInvite shows a candidate, before Start, who invites them, what will be assessed,
// how their data is used and kept, and who decides. The token travels in the body, never
// in a URL, and this does not redeem it.
func (s *server) previewInvite(w http.ResponseWriter, r *http.Request) error {
	noStore(w)
	var req struct {
		InviteToken string `json:"inviteToken"`
	}
	if err := decodeJSON(w, r, &req, 4<<10); err != nil {
		return err
	}
	p, err := s.Journey.Preview(r.Context(), req.InviteToken)
	if err != nil {
		return err
	}
	lang := p.Assessment.Lang
	sections := []previewSectionJSON{}
	// The time a candidate is told is the time they get: a timed part's limit with their
	// extra time (what the server's clock will count), an untimed part's estimate.
	total := 0
	for _, sec := range p.Assessment.Sections {
		inst, err := s.Journey.Instrument(sec)
		if err != nil {
			return err
		}
		part := previewSectionJSON{Name: inst.Name.In(lang), Observes: inst.Observes.In(lang), Minutes: sec.Minutes}
		if sec.TimeLimitSeconds > 0 {
			limit := assess.Extended(sec.TimeLimitSeconds, p.ExtraTime)
			part.TimeLimitSeconds = int(limit.Seconds())
			part.Minutes = int(math.Ceil(limit.Minutes()))
		}
		total += part.Minutes
		sections = append(sections, part)
	}
	org := assess.Organisation{ID: p.OrgID, Branding: p.Branding}
	logo, err := s.logoURL(r.Context(), org, nil)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, PreviewResponse{
		Branding:     BrandingJSON{DisplayName: p.Branding.DisplayName, AccentColor: p.Branding.AccentColor, Logo: logo},
		Organisation: p.Organisation, Candidate: p.Candidate, Lang: lang,
		Assessment: previewAssessmentJSON{Name: p.Assessment.Name, Minutes: total, Sections: sections},
		Notice:     noticeJSON(p.Notice), NoticeVersion: p.NoticeVersion, RetentionDays: p.RetentionDays,
		DecidedBy: decidedBy.In(lang), ExpiresAt: p.ExpiresAt, Started: p.Started,
		Finished: p.Finished, ExtraTime: p.ExtraTime, GroupField: noticeJSON(p.GroupField),
	})
	return nil
}

var decidedBy = catalog.Text{
	ES: "Una persona del equipo de selección decide; los resultados solo la ayudan a preparar la entrevista.",
	EN: "A person on the hiring team decides; the results only help them prepare the interview.",
}

type decisionJSON struct {
	Decision assess.Outcome `json:"decision"`
	Reviewer string         `json:"reviewer"`
	Note     string         `json:"note"`
	At       time.Time      `json:"at"`
}

func toDecisionJSON(d assess.Decision) decisionJSON {
	return decisionJSON{Decision: d.Outcome, Reviewer: d.Reviewer, Note: d.Note, At: d.At}
}

// decide records a person's decision about a candidate, with a required note.
func (s *server) decide(w http.ResponseWriter, r *http.Request) error {
	aid, err := pathID(r, "assessmentId")
	if err != nil {
		return err
	}
	cid, err := pathID(r, "candidateId")
	if err != nil {
		return err
	}
	var req struct {
		Decision assess.Outcome `json:"decision"`
		// Reviewer is ignored: who decided is the caller (a person, or an integration's
		// key), never a typed name. Accepted so that older clients keep working.
		Reviewer string `json:"reviewer"`
		Note     string `json:"note"`
	}
	if err := decodeJSON(w, r, &req, 8<<10); err != nil {
		return err
	}
	d, err := s.oversight.Decide(r.Context(), orgOf(r).ID, aid, cid, req.Decision, callerOf(r).actor, req.Note)
	if err != nil {
		return err
	}
	s.audit(r, "candidate.decide", "candidate:"+cid, map[string]string{"decision": string(d.Outcome)})
	writeJSON(w, http.StatusCreated, toDecisionJSON(d))
	return nil
}

// latestDecisions maps each candidate to its latest decision.
func (s *server) latestDecisions(ctx context.Context, orgID, assessmentID string) (map[string]assess.Decision, error) {
	return s.oversight.LatestDecisions(ctx, orgID, assessmentID)
}

// EraseResponse says a candidate was erased and how many report files went with them.
type EraseResponse struct {
	Erased         bool `json:"erased"`
	ReportsDeleted int  `json:"reportsDeleted"`
}

// eraseCandidate removes everything about one candidate (assess.Oversight.Erase) and
// leaves an audit record that names no person.
func (s *server) eraseCandidate(w http.ResponseWriter, r *http.Request) error {
	cid, err := pathID(r, "candidateId")
	if err != nil {
		return err
	}
	e, err := s.oversight.Erase(r.Context(), orgOf(r).ID, cid)
	if err != nil {
		return err
	}
	if e.HookErr != nil {
		// The erasure stands; the missing deliveries are an error to look at (alarmed).
		logger(r).ErrorContext(r.Context(), "candidate.erased webhooks not written", slog.String("error", e.HookErr.Error()))
	}
	s.audit(r, "candidate.erase", "candidate:"+cid, map[string]string{"assessment": e.AssessmentID, "reports": strconv.Itoa(e.ReportsDeleted)})
	writeJSON(w, http.StatusOK, EraseResponse{Erased: true, ReportsDeleted: e.ReportsDeleted})
	return nil
}

// ExportResponse is everything held about one candidate, for a data access request.
type ExportResponse struct {
	Candidate  exportCandidateJSON `json:"candidate"`
	ExportedAt time.Time           `json:"exportedAt"`
	Decisions  []decisionJSON      `json:"decisions"`
	// Session is absent when the candidate never started.
	Session *exportSessionJSON `json:"session,omitempty"`
	// Scores is the candidate's scoring result; absent until scored.
	Scores *assess.Scores `json:"scores,omitempty"`
	// SelfIdentification is absent when the candidate gave none.
	SelfIdentification *selfIDJSON `json:"selfIdentification,omitempty"`
}

type exportCandidateJSON struct {
	ID              string    `json:"id"`
	Name            string    `json:"name"`
	Email           string    `json:"email"`
	ExternalID      string    `json:"externalId"`
	ExtraTime       float64   `json:"extraTime"`
	InvitedAt       time.Time `json:"invitedAt"`
	InviteExpiresAt time.Time `json:"inviteExpiresAt"`
	KeptUntil       time.Time `json:"keptUntil"`
}

type exportSessionJSON struct {
	Status         assess.SessionStatus `json:"status"`
	StartedAt      time.Time            `json:"startedAt"`
	CompletedAt    *time.Time           `json:"completedAt"` // null until completed
	NoticeVersion  string               `json:"noticeVersion"`
	AcknowledgedAt time.Time            `json:"acknowledgedAt"`
	Sections       []sectionTimeJSON    `json:"sections"`
	Answers        []exportBatchJSON    `json:"answers"`
}

// exportBatchJSON is one autosave batch as it was received (item ids are the catalog's).
type exportBatchJSON struct {
	Seq        int                  `json:"seq"`
	Section    int                  `json:"section"` // 1-based
	Answers    []assess.Answer      `json:"answers"`
	Events     []assess.ClientEvent `json:"events"`
	ReceivedAt time.Time            `json:"receivedAt"`
}

type selfIDJSON struct {
	Gender  string `json:"gender"`
	AgeBand string `json:"ageBand"`
	Group   string `json:"group"`
}

// exportCandidate answers a data access request: everything held about one candidate.
func (s *server) exportCandidate(w http.ResponseWriter, r *http.Request) error {
	cid, err := pathID(r, "candidateId")
	if err != nil {
		return err
	}
	x, err := s.oversight.Export(r.Context(), orgOf(r).ID, cid)
	if err != nil {
		return err
	}
	c := x.Candidate
	out := ExportResponse{ExportedAt: s.Journey.Now(), Decisions: make([]decisionJSON, 0, len(x.Decisions)),
		Candidate: exportCandidateJSON{ID: c.ID, Name: c.Name, Email: c.Email, ExternalID: c.ExternalID, ExtraTime: c.ExtraTime,
			InvitedAt: c.CreatedAt, InviteExpiresAt: c.ExpiresAt, KeptUntil: c.RetainUntil}}
	for _, d := range x.Decisions {
		out.Decisions = append(out.Decisions, toDecisionJSON(d))
	}
	if ss := x.Session; ss != nil {
		sj := &exportSessionJSON{Status: ss.Status, StartedAt: ss.StartedAt, CompletedAt: timePtr(ss.CompletedAt),
			NoticeVersion: ss.NoticeVersion, AcknowledgedAt: ss.AcknowledgedAt,
			Sections: make([]sectionTimeJSON, 0, len(ss.Sections)), Answers: make([]exportBatchJSON, 0, len(x.Answers))}
		for _, sec := range ss.Sections {
			sj.Sections = append(sj.Sections, sectionTimeJSON{timePtr(sec.StartedAt), timePtr(sec.Deadline), timePtr(sec.FinishedAt)})
		}
		for _, b := range x.Answers {
			sj.Answers = append(sj.Answers, exportBatchJSON{Seq: b.Seq, Section: b.Section + 1, Answers: nonNil(b.Answers),
				Events: nonNil(b.Events), ReceivedAt: b.ReceivedAt})
		}
		out.Session = sj
	}
	if x.Result != nil {
		out.Scores = &x.Result.Scores
	}
	if sid := x.SelfID; sid != nil {
		out.SelfIdentification = &selfIDJSON{Gender: sid.Gender, AgeBand: sid.AgeBand, Group: sid.Group}
	}
	s.audit(r, "candidate.export", "candidate:"+cid, nil)
	w.Header().Set("Content-Disposition", `attachment; filename="candidate-`+cid+`.json"`)
	writeJSON(w, http.StatusOK, out)
	return nil
}

// AuditResponse is a page of the organisation's audit events, newest first.
type AuditResponse struct {
	Events []auditEventJSON `json:"events"`
	Cursor string           `json:"cursor"` // the next page's; empty after the last
}

type auditEventJSON struct {
	ID     string            `json:"id"`
	At     time.Time         `json:"at"`
	Actor  string            `json:"actor"`
	Action string            `json:"action"`
	Target string            `json:"target"`
	Detail map[string]string `json:"detail,omitempty"`
}

// auditLog lists the organisation's audit events, newest first.
func (s *server) auditLog(w http.ResponseWriter, r *http.Request) error {
	if err := checkQuery(r, "cursor", "limit"); err != nil {
		return err
	}
	limit, err := limitParam(r, assess.DefaultAuditPage, assess.MaxAuditPage)
	if err != nil {
		return err
	}
	events, cursor, err := s.oversight.AuditLog(r.Context(), orgOf(r).ID, r.URL.Query().Get("cursor"), limit)
	if err != nil {
		return err
	}
	out := AuditResponse{Events: make([]auditEventJSON, 0, len(events)), Cursor: cursor}
	for _, e := range events {
		out.Events = append(out.Events, auditEventJSON{e.ID, e.At, e.Actor, e.Action, e.Target, e.Detail})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// SelfIDResponse acknowledges the voluntary answers.
type SelfIDResponse struct {
	Saved bool `json:"saved"`
}

// selfIdentify stores the candidate's voluntary answers, after completion only, apart
// from their answers; scoring never reads them.
func (s *server) selfIdentify(w http.ResponseWriter, r *http.Request) error {
	ss, _ := sessionOf(r)
	var req selfIDJSON
	if err := decodeJSON(w, r, &req, 2<<10); err != nil {
		return err
	}
	if err := s.oversight.SelfIdentify(r.Context(), ss, req.Gender, req.AgeBand, req.Group); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, SelfIDResponse{Saved: true})
	return nil
}

// FairnessResponse is the adverse-impact monitor's view of an assessment.
type FairnessResponse struct {
	AssessmentID string          `json:"assessmentId"`
	Fairness     assess.Fairness `json:"fairness"`
	Rule         string          `json:"rule"`
}

// fairness is the adverse-impact monitor: selection rates and impact ratios by group at a
// cut-off, from recorded decisions, and as scoring rates above the median.
func (s *server) fairness(w http.ResponseWriter, r *http.Request) error {
	if err := checkQuery(r, "field", "cut"); err != nil {
		return err
	}
	q := r.URL.Query()
	field, err := assess.CheckFairnessField(q.Get("field"))
	if err != nil {
		return err
	}
	cut := 0.0
	if v := q.Get("cut"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < -4 || f > 4 {
			return assess.FieldError("cut", "a role-fit score (z units) from -4 to 4")
		}
		cut = f
	}
	a, cohort, err := s.cohortOf(r)
	if err != nil {
		return err
	}
	all, err := cohort.All(r.Context())
	if err != nil {
		return err
	}
	f, err := s.oversight.Fairness(r.Context(), orgOf(r).ID, a.ID, field, cut, all)
	if err != nil {
		return err
	}
	s.audit(r, "fairness.view", "assessment:"+a.ID, map[string]string{"field": field})
	writeJSON(w, http.StatusOK, FairnessResponse{AssessmentID: a.ID, Fairness: f, Rule: assess.FairnessRule})
	return nil
}
