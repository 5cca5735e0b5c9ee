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
	RetentionDays int        `json:"retentionDays"`
	Notice        noticeJSON `json:"notice"`
	GroupField    noticeJSON `json:"groupField"`
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
	ID            string     `json:"id"`
	Name          string     `json:"name"`
	RetentionDays int        `json:"retentionDays"`
	Notice        noticeJSON `json:"notice"`
	NoticeVersion string     `json:"noticeVersion"`
	CustomNotice  bool       `json:"customNotice"`
	GroupField    noticeJSON `json:"groupField"`
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
		Notice: noticeJSON(n), NoticeVersion: v, CustomNotice: org.Notice.ES != "",
		GroupField: noticeJSON(org.GroupField), DisplayName: org.DisplayName, AccentColor: org.AccentColor}
	var err error
	out.Logo, err = s.logoURL(ctx, org, logo)
	return out, err
}

// logoURL is an organisation's logo as a data URL ("" when it has none).
func (s *server) logoURL(ctx context.Context, org assess.Organisation, logo *assess.LogoImage) (string, error) {
	if org.Logo.Type == "" {
		return "", nil
	}
	if logo == nil {
		l, err := s.Privacy.Logo(ctx, org.ID)
		if assess.CodeOf(err) == assess.NotFound {
			return "", nil // the organisation was written, the logo's removal not yet
		}
		if err != nil {
			return "", err
		}
		logo = &l
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
	prev := orgOf(r)
	org, err := assess.ApplySettings(prev, assess.Settings{RetentionDays: req.RetentionDays,
		Notice: assess.Notice(req.Notice), GroupField: assess.Notice(req.GroupField)})
	if err != nil {
		return err
	}
	if req.Name != nil {
		if org.Name, err = assess.CheckName(*req.Name); err != nil {
			return err
		}
	}
	if req.DisplayName != nil {
		if org.DisplayName, err = assess.CheckDisplayName(*req.DisplayName); err != nil {
			return err
		}
	}
	if req.AccentColor != nil {
		if org.AccentColor, err = assess.CheckAccentColor(*req.AccentColor); err != nil {
			return err
		}
	}
	var logo *assess.LogoImage
	if req.Logo != nil {
		l := assess.LogoImage{}
		if *req.Logo != "" {
			if l, err = decodeLogo(*req.Logo); err != nil {
				return err
			}
		}
		logo = &l
		org.Logo = l.Ref()
	}
	// A new logo is stored before the organisation names it; a removed one after.
	if logo != nil && logo.Type != "" {
		if err := s.Privacy.PutLogo(r.Context(), org.ID, *logo); err != nil {
			return err
		}
	}
	if err := s.Privacy.UpdateOrganisation(r.Context(), org); err != nil {
		return err
	}
	if logo != nil && logo.Type == "" && prev.Logo.Type != "" {
		if err := s.Privacy.PutLogo(r.Context(), org.ID, *logo); err != nil {
			return err
		}
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
	out, err := s.organisationJSON(r.Context(), org, logo)
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

// previewInvite shows a candidate, before Start, who invites them, what will be assessed,
// how their data is used and kept, and who decides. The token travels in the body, never
// in a URL, and this does not redeem it.
func (s *server) previewInvite(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	var req struct {
		InviteToken string `json:"inviteToken"`
	}
	if err := decodeJSON(w, r, &req, 4<<10); err != nil {
		writeError(w, r, err)
		return
	}
	p, err := s.Journey.Preview(r.Context(), req.InviteToken)
	if err != nil {
		writeError(w, r, err)
		return
	}
	lang := p.Assessment.Lang
	type sectionJSON struct {
		Name             string `json:"name"`
		Observes         string `json:"observes"`
		Minutes          int    `json:"minutes"`
		TimeLimitSeconds int    `json:"timeLimitSeconds,omitempty"`
	}
	sections := []sectionJSON{}
	// The time a candidate is told is the time they get: a timed part's limit with their
	// extra time (what the server's clock will count), an untimed part's estimate.
	total := 0
	for _, sec := range p.Assessment.Sections {
		inst, err := s.Journey.Instrument(sec)
		if err != nil {
			writeError(w, r, err)
			return
		}
		part := sectionJSON{Name: inst.Name.In(lang), Observes: inst.Observes.In(lang), Minutes: sec.Minutes}
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
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"branding":     BrandingJSON{DisplayName: p.Branding.DisplayName, AccentColor: p.Branding.AccentColor, Logo: logo},
		"organisation": p.Organisation, "candidate": p.Candidate, "lang": lang,
		"assessment": map[string]any{"name": p.Assessment.Name, "minutes": total, "sections": sections},
		"notice":     noticeJSON(p.Notice), "noticeVersion": p.NoticeVersion, "retentionDays": p.RetentionDays,
		"decidedBy": decidedBy.In(lang), "expiresAt": p.ExpiresAt, "started": p.Started,
		"finished": p.Finished, "extraTime": p.ExtraTime,
		"groupField": noticeJSON(p.GroupField),
	})
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
func (s *server) decide(w http.ResponseWriter, r *http.Request) {
	aid, err := pathID(r, "assessmentId")
	if err != nil {
		writeError(w, r, err)
		return
	}
	cid, err := pathID(r, "candidateId")
	if err != nil {
		writeError(w, r, err)
		return
	}
	var req struct {
		Decision assess.Outcome `json:"decision"`
		// Reviewer is ignored: who decided is the caller (a person, or an integration's
		// key), never a typed name. Accepted so that older clients keep working.
		Reviewer string `json:"reviewer"`
		Note     string `json:"note"`
	}
	if err := decodeJSON(w, r, &req, 8<<10); err != nil {
		writeError(w, r, err)
		return
	}
	org := orgOf(r).ID
	c, err := s.Journey.Candidate(r.Context(), org, cid)
	if err == nil && c.AssessmentID != aid {
		err = assess.Errorf(assess.NotFound, "no such candidate")
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	d, err := assess.CheckDecision(assess.Decision{OrgID: org, AssessmentID: aid, CandidateID: cid, Outcome: req.Decision,
		Reviewer: callerOf(r).actor.Label, By: callerOf(r).actor, Note: req.Note, At: s.Journey.Now(), RetainUntil: c.RetainUntil})
	if err != nil {
		writeError(w, r, err)
		return
	}
	if err := s.Privacy.PutDecision(r.Context(), d); err != nil {
		writeError(w, r, err)
		return
	}
	s.audit(r, "candidate.decide", "candidate:"+cid, map[string]string{"decision": string(d.Outcome)})
	writeJSON(w, http.StatusCreated, toDecisionJSON(d))
}

// latestDecisions maps each candidate to its latest decision.
func (s *server) latestDecisions(ctx context.Context, orgID, assessmentID string) (map[string]assess.Decision, error) {
	all, err := s.Privacy.Decisions(ctx, orgID, assessmentID)
	if err != nil {
		return nil, err
	}
	out := map[string]assess.Decision{}
	for _, d := range all {
		out[d.CandidateID] = d // oldest first: the last one wins
	}
	return out, nil
}

// eraseCandidate removes everything about one candidate: items, report objects (every
// version), and leaves an audit record that names no person.
func (s *server) eraseCandidate(w http.ResponseWriter, r *http.Request) {
	cid, err := pathID(r, "candidateId")
	if err != nil {
		writeError(w, r, err)
		return
	}
	aid, objects, err := s.Privacy.EraseCandidate(r.Context(), orgOf(r).ID, cid)
	if err == nil && aid != "" {
		// The cohort snapshot holds the candidate's scores: drop it; the next read
		// rebuilds it from the results that remain.
		err = s.Journey.ForgetCohort(r.Context(), orgOf(r).ID, aid)
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	for _, key := range objects {
		if s.Blobs == nil {
			break
		}
		if err := s.Blobs.Delete(r.Context(), key); err != nil {
			writeError(w, r, err) // the items are gone; a retry deletes the rest
			return
		}
	}
	if s.Webhooks != nil && aid != "" {
		// The erasure removed the items whose stream records carry the other events: the
		// erasing request writes this one's deliveries itself. Its failure does not undo
		// the erasure; it is logged as an error (alarmed).
		ev := assess.HookEvent{Type: assess.HookErased, At: s.Journey.Now(), OrgID: orgOf(r).ID, AssessmentID: aid, CandidateID: cid}
		if err := s.Webhooks.Emit(r.Context(), ev); err != nil {
			logger(r).ErrorContext(r.Context(), "candidate.erased webhooks not written", slog.String("error", err.Error()))
		}
	}
	s.audit(r, "candidate.erase", "candidate:"+cid, map[string]string{"assessment": aid, "reports": strconv.Itoa(len(objects))})
	writeJSON(w, http.StatusOK, map[string]any{"erased": true, "reportsDeleted": len(objects)})
}

// exportCandidate answers a data access request: everything held about one candidate.
func (s *server) exportCandidate(w http.ResponseWriter, r *http.Request) {
	cid, err := pathID(r, "candidateId")
	if err != nil {
		writeError(w, r, err)
		return
	}
	ctx, org := r.Context(), orgOf(r).ID
	c, err := s.Journey.Candidate(ctx, org, cid)
	if err != nil {
		writeError(w, r, err)
		return
	}
	out := map[string]any{"candidate": map[string]any{"id": c.ID, "name": c.Name, "email": c.Email, "externalId": c.ExternalID,
		"extraTime": c.ExtraTime, "invitedAt": c.CreatedAt, "inviteExpiresAt": c.ExpiresAt, "keptUntil": c.RetainUntil},
		"exportedAt": s.Journey.Now()}
	decisions, err := s.Privacy.Decisions(ctx, org, c.AssessmentID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	var mine []decisionJSON
	for _, d := range decisions {
		if d.CandidateID == cid {
			mine = append(mine, toDecisionJSON(d))
		}
	}
	out["decisions"] = nonNil(mine)
	ss, batches, err := s.Journey.SessionOf(ctx, c)
	if err != nil && assess.CodeOf(err) != assess.NotFound {
		writeError(w, r, err)
		return
	}
	if err == nil {
		out["session"] = map[string]any{"status": ss.Status, "startedAt": ss.StartedAt, "completedAt": timePtr(ss.CompletedAt),
			"noticeVersion": ss.NoticeVersion, "acknowledgedAt": ss.AcknowledgedAt, "sections": ss.Sections, "answers": batches}
		// Its own result only (one read), not the assessment's.
		res, err := s.Journey.Result(ctx, org, ss.ID)
		if err != nil && assess.CodeOf(err) != assess.NotFound {
			writeError(w, r, err)
			return
		}
		if err == nil {
			out["scores"] = res.Data
		}
		selfIDs, err := s.Privacy.SelfIDs(ctx, org, c.AssessmentID)
		if err != nil {
			writeError(w, r, err)
			return
		}
		for _, sid := range selfIDs {
			if sid.SessionID == ss.ID {
				out["selfIdentification"] = map[string]string{"gender": sid.Gender, "ageBand": sid.AgeBand, "group": sid.Group}
			}
		}
	}
	s.audit(r, "candidate.export", "candidate:"+cid, nil)
	w.Header().Set("Content-Disposition", `attachment; filename="candidate-`+cid+`.json"`)
	writeJSON(w, http.StatusOK, out)
}

// auditLog lists the organisation's audit events, newest first.
func (s *server) auditLog(w http.ResponseWriter, r *http.Request) {
	if err := checkQuery(r, "cursor", "limit"); err != nil {
		writeError(w, r, err)
		return
	}
	limit := 100
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			writeError(w, r, assess.FieldError("limit", "a number from 1 to 1000"))
			return
		}
		limit = n
	}
	events, cursor, err := s.Privacy.AuditEvents(r.Context(), orgOf(r).ID, r.URL.Query().Get("cursor"), limit)
	if err != nil {
		writeError(w, r, err)
		return
	}
	type eventJSON struct {
		ID     string            `json:"id"`
		At     time.Time         `json:"at"`
		Actor  string            `json:"actor"`
		Action string            `json:"action"`
		Target string            `json:"target"`
		Detail map[string]string `json:"detail,omitempty"`
	}
	out := make([]eventJSON, 0, len(events))
	for _, e := range events {
		out = append(out, eventJSON{e.ID, e.At, e.Actor, e.Action, e.Target, e.Detail})
	}
	writeJSON(w, http.StatusOK, map[string]any{"events": out, "cursor": cursor})
}

// selfIdentify stores the candidate's voluntary answers, after completion only, apart
// from their answers; scoring never reads them.
func (s *server) selfIdentify(w http.ResponseWriter, r *http.Request) {
	ss, _ := sessionOf(r)
	var req struct {
		Gender  string `json:"gender"`
		AgeBand string `json:"ageBand"`
		Group   string `json:"group"`
	}
	if err := decodeJSON(w, r, &req, 2<<10); err != nil {
		writeError(w, r, err)
		return
	}
	if ss.Status == assess.SessionActive {
		writeError(w, r, assess.Errorf(assess.Conflict, "these questions come after the assessment is complete"))
		return
	}
	in, err := assess.CheckSelfID(assess.SelfID{OrgID: ss.OrgID, AssessmentID: ss.AssessmentID, SessionID: ss.ID,
		Gender: req.Gender, AgeBand: req.AgeBand, Group: req.Group, At: s.Journey.Now(), RetainUntil: ss.RetainUntil})
	if err != nil {
		writeError(w, r, err)
		return
	}
	if err := s.Privacy.PutSelfID(r.Context(), in); err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"saved": true})
}

// fairness is the adverse-impact monitor: selection rates and impact ratios by group at a
// cut-off, from recorded decisions, and as scoring rates above the median.
func (s *server) fairness(w http.ResponseWriter, r *http.Request) {
	if err := checkQuery(r, "field", "cut"); err != nil {
		writeError(w, r, err)
		return
	}
	q := r.URL.Query()
	field := q.Get("field")
	if field == "" {
		field = "gender"
	}
	valid := false
	for _, f := range assess.FairnessFields {
		valid = valid || f == field
	}
	if !valid {
		writeError(w, r, assess.FieldError("field", "gender, ageBand or group"))
		return
	}
	cut := 0.0
	if v := q.Get("cut"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < -4 || f > 4 {
			writeError(w, r, assess.FieldError("cut", "a role-fit score (z units) from -4 to 4"))
			return
		}
		cut = f
	}
	a, cohort, err := s.cohortOf(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	org := orgOf(r).ID
	selfIDs, err := s.Privacy.SelfIDs(r.Context(), org, a.ID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	latest, err := s.latestDecisions(r.Context(), org, a.ID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	group := map[string]string{}
	for _, sid := range selfIDs {
		group[sid.SessionID] = assess.SelfIDValue(sid, field)
	}
	all, err := cohort.All(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	decided := map[string]assess.Outcome{}
	for _, cc := range all {
		if d, ok := latest[cc.CandidateID]; ok {
			decided[cc.SessionID] = d.Outcome
		}
	}
	f := assess.BuildFairness(field, cut, all, group, decided)
	s.audit(r, "fairness.view", "assessment:"+a.ID, map[string]string{"field": field})
	writeJSON(w, http.StatusOK, map[string]any{"assessmentId": a.ID, "fairness": f,
		"rule": "impact ratio = a group's selection rate / the highest group's; under 0.80 is flagged (four-fifths rule); groups under 30 are too few to judge"})
}
