package assess

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"shortlist/shared/scoring"
)

// Notice is an organisation's privacy notice to candidates (GDPR Art. 13), in both
// languages. Empty means the default notice, DefaultNotice.
type Notice struct {
	ES string `json:"es"`
	EN string `json:"en"`
}

// DefaultNoticeVersion names DefaultNotice; a custom notice's version is derived from its
// text, so a candidate's acknowledgement always names exactly what they read.
const DefaultNoticeVersion = NoticeVersion

// DefaultNotice is what candidates read before they start, unless the organisation wrote
// its own. {org}, {days} are filled in.
var DefaultNotice = Notice{
	ES: "{org} te invita a esta evaluación para un proceso de selección. Tus respuestas se usan solo para eso: se puntúan con fórmulas documentadas y el equipo de selección recibe un informe con tus fortalezas y temas para conversar en una entrevista. Una persona toma la decisión, nunca el sistema por sí solo. Tus datos se guardan en la cuenta de la organización durante {days} días después de la evaluación y luego se borran. Puedes pedir una copia de tus datos o su borrado a {org} en cualquier momento. Al final podrás, si quieres, responder unas preguntas voluntarias que solo sirven para revisar que el proceso sea justo para todos los grupos; no afectan tu resultado.",
	EN: "{org} invites you to this assessment as part of a hiring process. Your answers are used for that alone: they are scored with documented formulas, and the hiring team receives a report with your strengths and topics to discuss at an interview. A person makes the decision, never the system on its own. Your data is kept in the organisation's account for {days} days after the assessment and then deleted. You can ask {org} for a copy of your data or for its erasure at any time. At the end you may, if you wish, answer a few voluntary questions that only serve to check that the process is fair to every group; they do not affect your result.",
}

// NoticeFor returns the notice an organisation shows and its version.
func NoticeFor(org Organisation) (Notice, string) {
	n := org.Notice
	if n.ES == "" && n.EN == "" {
		n = DefaultNotice
	}
	days := fmt.Sprint(retentionDays(org))
	fill := func(s string) string {
		return strings.NewReplacer("{org}", org.Name, "{days}", days).Replace(s)
	}
	out := Notice{ES: fill(n.ES), EN: fill(n.EN)}
	if org.Notice.ES == "" && org.Notice.EN == "" {
		return out, DefaultNoticeVersion
	}
	sum := sha256.Sum256([]byte(out.ES + "\x00" + out.EN))
	return out, "org-" + hex.EncodeToString(sum[:])[:12]
}

// RetainUntil is when a candidate whose invite expires at inviteExpires stops being kept:
// the last moment a session could end, plus the organisation's retention period.
func RetainUntil(org Organisation, inviteExpires time.Time) time.Time {
	return inviteExpires.Add(SessionLifetime).Add(time.Duration(retentionDays(org)) * 24 * time.Hour)
}

func retentionDays(org Organisation) int {
	if org.RetentionDays <= 0 {
		return DefaultRetentionDays
	}
	return org.RetentionDays
}

// Settings are what an organisation configures about privacy and fairness. A zero
// RetentionDays and a nil Notice or GroupField leave the organisation's as they are.
type Settings struct {
	RetentionDays int
	// Notice is the organisation's own notice to candidates; an empty one (both languages
	// "") restores the default.
	Notice *Notice
	// GroupField labels the organisation's own optional self-identification question
	// (e.g. a region or a first-generation status); an empty one hides it.
	GroupField *Notice
}

// Limits of the settings.
const (
	MinRetentionDays = 30
	MaxRetentionDays = 3 * 365
	MaxNoticeChars   = 8000
)

// ApplySettings validates s and returns org with it applied; errors name the field.
func ApplySettings(org Organisation, s Settings) (Organisation, error) {
	if s.RetentionDays != 0 && (s.RetentionDays < MinRetentionDays || s.RetentionDays > MaxRetentionDays) {
		return org, FieldError("retentionDays", fmt.Sprintf("from %d to %d days", MinRetentionDays, MaxRetentionDays))
	}
	for field, p := range map[string]*Notice{"notice": s.Notice, "groupField": s.GroupField} {
		if p == nil {
			continue
		}
		t := *p
		limit := MaxNoticeChars
		if field == "groupField" {
			limit = 60
		}
		if (t.ES == "") != (t.EN == "") {
			return org, FieldError(field, "give both es and en, or neither")
		}
		if utf8.RuneCountInString(t.ES) > limit || utf8.RuneCountInString(t.EN) > limit || !utf8.ValidString(t.ES+t.EN) {
			return org, FieldError(field, fmt.Sprintf("at most %d characters per language", limit))
		}
	}
	if s.RetentionDays != 0 {
		org.RetentionDays = s.RetentionDays
	}
	if s.Notice != nil {
		org.Notice = *s.Notice
	}
	if s.GroupField != nil {
		org.GroupField = *s.GroupField
	}
	return org, nil
}

// Preview is what a candidate sees before Start: who invites them, what will be
// assessed, how their data is used and kept, and who decides.
type Preview struct {
	Organisation  string
	Candidate     string
	Assessment    Config
	Notice        Notice
	NoticeVersion string
	RetentionDays int
	ExpiresAt     time.Time
	Started       bool // the invite already opened a session: Start resumes it
	// Finished says that session is completed (or scored): there is nothing left to take.
	Finished bool
	// ExtraTime is the candidate's time factor (1 = standard): the parts' time limits
	// shown before Start are multiplied by it, as the server's clock will be.
	ExtraTime float64
	// GroupField labels the organisation's own optional self-ID question (empty: none).
	GroupField Notice
	// OrgID and Branding: what the candidate app shows instead of Shortlist's look (the
	// logo's bytes are read with the organisation's id).
	OrgID    string
	Branding Branding
}

// Preview reads an invite without redeeming it.
func (s *Service) Preview(ctx context.Context, inviteToken string) (Preview, error) {
	c, err := s.candidateByInvite(ctx, inviteToken)
	if err != nil {
		return Preview{}, err
	}
	ss, err := s.Repo.Session(ctx, c.ID)
	started := err == nil
	finished := started && (ss.Status == SessionCompleted || ss.Status == SessionScored)
	if err != nil && CodeOf(err) != NotFound {
		return Preview{}, err
	}
	if !started && s.Now().After(c.ExpiresAt) {
		return Preview{}, Errorf(Gone, "this invite expired on %s; ask the hiring team for a new one", c.ExpiresAt.Format("2006-01-02"))
	}
	org, err := s.Repo.Organisation(ctx, c.OrgID)
	if err != nil {
		return Preview{}, err
	}
	a, err := s.Repo.Assessment(ctx, c.OrgID, c.AssessmentID)
	if err != nil {
		return Preview{}, err
	}
	n, v := NoticeFor(org)
	return Preview{Organisation: org.Name, Candidate: c.Name, Assessment: a.Config, Notice: n, NoticeVersion: v,
		RetentionDays: retentionDays(org), ExpiresAt: c.ExpiresAt, Started: started, Finished: finished,
		ExtraTime: max(c.ExtraTime, 1), GroupField: org.GroupField, OrgID: org.ID, Branding: org.Branding}, nil
}

func (s *Service) candidateByInvite(ctx context.Context, inviteToken string) (Candidate, error) {
	bad := Errorf(Unauthorized, "this invite link is not valid; ask the hiring team for a new one")
	id, ok := TokenOwner(inviteToken, InvitePrefix)
	if !ok {
		return Candidate{}, bad
	}
	c, err := s.Repo.CandidateByToken(ctx, id, HashToken(inviteToken))
	if CodeOf(err) == NotFound {
		return Candidate{}, bad
	}
	return c, err
}

// Outcome is a person's decision about a candidate.
type Outcome string

const (
	Advance Outcome = "advance"
	Hold    Outcome = "hold"
	Reject  Outcome = "reject"
)

// Decision is a recorded human decision (EU AI Act human oversight; GDPR Art. 22): who
// decided, what, and why. The latest one counts; earlier ones stay as history.
type Decision struct {
	OrgID        string
	AssessmentID string
	CandidateID  string
	Outcome      Outcome
	Reviewer     string // the deciding person's email (or the key's label) at the time
	By           Actor  // who decided: recorded from the caller, never typed
	Note         string
	At           time.Time
	RetainUntil  time.Time
}

// CheckDecision validates a decision's fields.
func CheckDecision(d Decision) (Decision, error) {
	d.Reviewer, d.Note = strings.TrimSpace(d.Reviewer), strings.TrimSpace(d.Note)
	switch {
	case d.Outcome != Advance && d.Outcome != Hold && d.Outcome != Reject:
		return d, FieldError("decision", `"advance", "hold" or "reject"`)
	case d.Reviewer == "" || utf8.RuneCountInString(d.Reviewer) > 100 || !printable(d.Reviewer):
		return d, FieldError("reviewer", "who decides: 1 to 100 printable characters")
	case d.Note == "" || utf8.RuneCountInString(d.Note) > 2000 || !utf8.ValidString(d.Note):
		return d, FieldError("note", "a note is required (at most 2000 characters): the reason, in the reviewer's words")
	}
	return d, nil
}

// SelfID is a candidate's voluntary self-identification, kept apart from answers and
// never read by scoring; it feeds only the adverse-impact monitor.
type SelfID struct {
	OrgID        string
	AssessmentID string
	SessionID    string
	Gender       string
	AgeBand      string
	Group        string
	At           time.Time
	RetainUntil  time.Time
}

// Self-identification answers.
var (
	Genders  = []string{"woman", "man", "non-binary", "another", "prefer-not-to-say"}
	AgeBands = []string{"under-25", "25-34", "35-44", "45-54", "55-plus", "prefer-not-to-say"}
)

// CheckSelfID validates the voluntary answers (all optional).
func CheckSelfID(in SelfID) (SelfID, error) {
	if in.Gender != "" && !containsString(Genders, in.Gender) {
		return in, FieldError("gender", "one of "+strings.Join(Genders, ", "))
	}
	if in.AgeBand != "" && !containsString(AgeBands, in.AgeBand) {
		return in, FieldError("ageBand", "one of "+strings.Join(AgeBands, ", "))
	}
	in.Group = strings.TrimSpace(in.Group)
	if utf8.RuneCountInString(in.Group) > 60 || !printable(in.Group) {
		return in, FieldError("group", "at most 60 printable characters")
	}
	return in, nil
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// FairnessField is the self-identification field a fairness view groups by.
var FairnessFields = []string{"gender", "ageBand", "group"}

// GroupImpact is one group's figures under one selection rule.
type GroupImpact struct {
	Group      string  `json:"group"`
	Applicants int     `json:"applicants"`
	Selected   int     `json:"selected"`
	Rate       float64 `json:"rate"`
	Ratio      float64 `json:"impactRatio"`
	Flag       bool    `json:"flag"`   // impact ratio under 0.80 (four-fifths rule)
	TooFew     bool    `json:"tooFew"` // under 30 applicants: too few to judge
}

// Fairness is the adverse-impact monitor's view of an assessment.
type Fairness struct {
	Field string `json:"field"`
	// Cut is the composite (role fit, z units) at or above which a candidate counts as
	// selected in AtCut.
	Cut         float64       `json:"cut"`
	AtCut       []GroupImpact `json:"atCut"`
	Decisions   []GroupImpact `json:"decisions"`   // selected = a person's latest decision is advance
	AboveMedian []GroupImpact `json:"aboveMedian"` // NYC LL 144 scoring rate: share above the median
	Median      float64       `json:"median"`
	NotStated   int           `json:"notStated"` // ranked candidates who gave no answer for Field
}

// BuildFairness computes selection rates and impact ratios by group. cohort gives each
// ranked session's composite; bySession maps a session to its candidate's self-ID answer
// for field ("" = not stated, left out); decided maps a session to its latest outcome.
func BuildFairness(field string, cut float64, cohort []CohortCandidate, bySession map[string]string, decided map[string]Outcome) Fairness {
	f := Fairness{Field: field, Cut: cut}
	var all []float64
	for _, r := range cohort {
		if r.Fit.Defined {
			all = append(all, r.Fit.C)
		}
	}
	sort.Float64s(all)
	if n := len(all); n > 0 {
		f.Median = all[n/2]
		if n%2 == 0 {
			f.Median = (all[n/2-1] + all[n/2]) / 2
		}
	}
	atCut, decisions, above := map[string]*scoring.GroupOutcome{}, map[string]*scoring.GroupOutcome{}, map[string]*scoring.GroupOutcome{}
	add := func(m map[string]*scoring.GroupOutcome, g string, selected bool) {
		o := m[g]
		if o == nil {
			o = &scoring.GroupOutcome{Group: g}
			m[g] = o
		}
		o.Applicants++
		if selected {
			o.Selected++
		}
	}
	for _, cc := range cohort {
		if !cc.Fit.Defined {
			continue
		}
		fit := cc.Fit.C
		g := bySession[cc.SessionID]
		if g == "" || g == "prefer-not-to-say" {
			f.NotStated++
			continue
		}
		add(atCut, g, fit >= cut && !math.IsNaN(fit))
		add(above, g, fit > f.Median)
		if out, ok := decided[cc.SessionID]; ok {
			add(decisions, g, out == Advance)
		}
	}
	f.AtCut, f.Decisions, f.AboveMedian = impacts(atCut), impacts(decisions), impacts(above)
	return f
}

func impacts(m map[string]*scoring.GroupOutcome) []GroupImpact {
	var in []scoring.GroupOutcome
	for _, o := range m {
		in = append(in, *o)
	}
	out := []GroupImpact{}
	counts := map[string]scoring.GroupOutcome{}
	for _, o := range in {
		counts[o.Group] = o
	}
	for _, im := range scoring.AdverseImpact(in) {
		o := counts[im.Group]
		out = append(out, GroupImpact{Group: im.Group, Applicants: o.Applicants, Selected: o.Selected,
			Rate: im.Rate, Ratio: im.Ratio, Flag: im.Flag, TooFew: im.TooFew})
	}
	return out
}

// SelfIDValue reads one field of a self-identification.
func SelfIDValue(s SelfID, field string) string {
	switch field {
	case "gender":
		return s.Gender
	case "ageBand":
		return s.AgeBand
	case "group":
		return s.Group
	}
	return ""
}
