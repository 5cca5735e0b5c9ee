package api

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"shortlist/shared/assess"
	"shortlist/shared/catalog"
	"shortlist/shared/identity"
)

type orgKey struct{}

// minRoleKey carries the route's least role (Route.Role) from the routing table to hr.
type minRoleKey struct{}

// withRole hands a route's least role to the handler it wraps (NewHandler does this for
// every route, from the routing table).
func withRole(role assess.Role, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), minRoleKey{}, role)))
	})
}

// hr wraps an HR handler: it requires a valid API key whose role is at least the route's
// (an HR route without a role in the table needs an owner: it fails closed), spends one of
// its organisation's requests (Limits.Org) and puts the organisation in the context.
// Every HR read then names that organisation, so another team's ids are 404s.
func (s *server) hr(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		noStore(w)
		c, err := s.authenticate(r)
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="shortlist"`)
			writeError(w, r, err)
			return
		}
		min, _ := r.Context().Value(minRoleKey{}).(assess.Role)
		if !min.Valid() {
			min = assess.RoleOwner
		}
		if !c.role.AtLeast(min) {
			writeError(w, r, assess.Errorf(assess.Forbidden, "this needs the %s role; %s has the %s role", min, c.actor.Label, c.role))
			return
		}
		if !admit(w, r, s.limits.orgs(), c.org.ID, "organisation") {
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), orgKey{}, c)))
	})
}

// authenticate names the caller of an HR request: an integration's API key (slk_…), or a
// person's access token from the user pool, verified against the pool's keys, whose
// membership (organisation, role) is read on every request, so removing someone takes
// effect at once.
func (s *server) authenticate(r *http.Request) (caller, error) {
	token := bearer(r)
	if strings.HasPrefix(token, assess.APIKeyPrefix) || s.Verifier == nil || s.Team == nil {
		org, key, err := s.Journey.Authenticate(r.Context(), token)
		if err != nil {
			return caller{}, err
		}
		return caller{org: org, actor: assess.KeyActor(key), role: key.Role}, nil
	}
	claims, err := s.Verifier.Verify(r.Context(), token)
	if errors.Is(err, identity.ErrUnavailable) {
		return caller{}, &assess.Error{Code: assess.Unavailable, Message: "the identity provider's keys could not be read; try again", Err: err}
	}
	if err != nil {
		return caller{}, &assess.Error{Code: assess.Unauthorized, Message: "sign in again: the access token is not valid or has expired", Err: err}
	}
	who, err := s.Team.Resolve(r.Context(), claims.Subject)
	if err != nil {
		return caller{}, err
	}
	return caller{org: who.Organisation, actor: assess.UserActor(who.Member), role: who.Member.Role}, nil
}

// caller is the authenticated organisation, who acts (a person or an API key) and their
// role.
type caller struct {
	org   assess.Organisation
	actor assess.Actor
	role  assess.Role
}

func orgOf(r *http.Request) assess.Organisation {
	c, _ := r.Context().Value(orgKey{}).(caller)
	return c.org
}

// callerOf is who made an HR request (hr put it in the context).
func callerOf(r *http.Request) caller {
	c, _ := r.Context().Value(orgKey{}).(caller)
	return c
}

func bearer(r *http.Request) string {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return ""
	}
	return strings.TrimSpace(token)
}

// noStore marks responses that carry tokens or personal data.
func noStore(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
}

// pathID reads an id path parameter; anything not shaped like our ids is a 404 at once.
func pathID(r *http.Request, name string) (string, error) {
	id := r.PathValue(name)
	if !assess.ValidID(id) {
		return "", assess.Errorf(assess.NotFound, "no such %s", strings.TrimSuffix(name, "Id"))
	}
	return id, nil
}

type assessmentRequest struct {
	RoleID           string                     `json:"roleId"`
	Name             string                     `json:"name"`
	Lang             catalog.Lang               `json:"lang"`
	Add              []string                   `json:"add"`
	Remove           []string                   `json:"remove"`
	Weights          map[catalog.Family]float64 `json:"weights"`
	Minimums         map[string]float64         `json:"minimums"`
	MinimumsRaw      map[string]float64         `json:"minimumsRaw"`
	TimeLimits       map[string]int             `json:"timeLimits"`
	InviteExpiryDays int                        `json:"inviteExpiryDays"`
	Reminders        []int                      `json:"reminders"`
}

type assessmentJSON struct {
	ID        string        `json:"id"`
	CreatedAt time.Time     `json:"createdAt"`
	Config    assess.Config `json:"config"`
}

func toAssessmentJSON(a assess.Assessment) assessmentJSON {
	return assessmentJSON{ID: a.ID, CreatedAt: a.CreatedAt, Config: a.Config}
}

func (s *server) createAssessment(w http.ResponseWriter, r *http.Request) error {
	var req assessmentRequest
	if err := decodeJSON(w, r, &req, MaxBody); err != nil {
		return err
	}
	if req.RoleID == "" {
		return assess.FieldError("roleId", "is required")
	}
	a, err := s.Journey.CreateAssessment(r.Context(), orgOf(r).ID, assess.Spec{
		RoleID: req.RoleID, Name: req.Name, Lang: req.Lang, Add: req.Add, Remove: req.Remove,
		Weights: req.Weights, Minimums: req.Minimums, MinimumsRaw: req.MinimumsRaw, TimeLimits: req.TimeLimits,
		InviteExpiryDays: req.InviteExpiryDays, Reminders: req.Reminders})
	if err != nil {
		return err
	}
	s.audit(r, "assessment.create", "assessment:"+a.ID, map[string]string{"role": a.Config.RoleID})
	w.Header().Set("Location", "/v1/assessments/"+a.ID)
	writeJSON(w, http.StatusCreated, toAssessmentJSON(a))
	return nil
}

// AssessmentsResponse answers GET /v1/assessments: the organisation's assessments, newest
// first, each with where its candidates stand.
type AssessmentsResponse struct {
	Assessments []AssessmentSummaryJSON `json:"assessments"`
}

// AssessmentSummaryJSON is an assessment and its progress (null when storage has no counts
// for it: an assessment stored before counting began).
type AssessmentSummaryJSON struct {
	ID        string        `json:"id"`
	CreatedAt time.Time     `json:"createdAt"`
	Config    assess.Config `json:"config"`
	Progress  *ProgressJSON `json:"progress"`
}

// ProgressJSON is how far an assessment's candidates have got: how many were invited and
// how many of them completed (erased candidates no longer count). The counts are kept as
// candidates move on, so reading them costs the same whatever their number. Completed
// candidates are scored within seconds; the ranking says which are.
type ProgressJSON struct {
	// Status: "empty" (nobody invited yet), "open" (an invite can still be opened, or a
	// session opened with one may still be under way), "finished" (everyone invited has
	// completed), "closed" (every invite and session has run out, and invited − completed
	// candidates never completed).
	Status    string `json:"status"`
	Invited   int64  `json:"invited"`
	Completed int64  `json:"completed"`
	// InvitesUntil is when the latest invite expires, SessionsUntil the last moment a
	// session opened with it can still run (both absent before the first invite).
	InvitesUntil  *time.Time `json:"invitesUntil,omitempty"`
	SessionsUntil *time.Time `json:"sessionsUntil,omitempty"`
}

func (s *server) listAssessments(w http.ResponseWriter, r *http.Request) error {
	if err := checkQuery(r); err != nil {
		return err
	}
	list, err := s.Journey.AssessmentSummaries(r.Context(), orgOf(r).ID)
	if err != nil {
		return err
	}
	now := s.Journey.Now()
	out := AssessmentsResponse{Assessments: make([]AssessmentSummaryJSON, 0, len(list))}
	for _, sum := range list {
		a := sum.Assessment
		item := AssessmentSummaryJSON{ID: a.ID, CreatedAt: a.CreatedAt, Config: a.Config}
		if c := sum.Counts; c != nil {
			p := &ProgressJSON{Status: c.Status(now), Invited: c.Invited, Completed: c.Completed}
			if !c.InvitesUntil.IsZero() {
				invites, sessions := c.InvitesUntil, c.SessionsUntil()
				p.InvitesUntil, p.SessionsUntil = &invites, &sessions
			}
			item.Progress = p
		}
		out.Assessments = append(out.Assessments, item)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *server) getAssessment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "assessmentId")
	if err != nil {
		return err
	}
	a, err := s.Journey.Assessment(r.Context(), orgOf(r).ID, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toAssessmentJSON(a))
	return nil
}

type inviteRow struct {
	Name       string  `json:"name"`
	Email      string  `json:"email"`
	ExternalID string  `json:"externalId"`
	ExtraTime  float64 `json:"extraTime"`
}

type invitedJSON struct {
	CandidateID string    `json:"candidateId"`
	Name        string    `json:"name"`
	Email       string    `json:"email,omitempty"`
	ExternalID  string    `json:"externalId,omitempty"`
	ExtraTime   float64   `json:"extraTime"`
	ExpiresAt   time.Time `json:"expiresAt"`
	Link        string    `json:"link"`
	Emailed     bool      `json:"emailed,omitempty"`
}

type rejectedRow struct {
	Row     int               `json:"row"` // 1-based data row of the CSV (header excluded)
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// MaxCSVBody bounds a CSV upload (about 10,000 candidates).
const MaxCSVBody = 1 << 20

// invite creates candidates from JSON ({"candidates": [...]}: all or none, errors name
// the row and field) or from a CSV upload (valid rows are invited, each rejected row is
// reported with its number and reason).
func (s *server) invite(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "assessmentId")
	if err != nil {
		return err
	}
	org := orgOf(r)
	if _, err := s.Journey.Assessment(r.Context(), org.ID, id); err != nil {
		return err
	}
	send := r.URL.Query().Get("send")
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var rows []assess.InviteInput
	var rejected []rejectedRow
	switch ct {
	case "text/csv":
		rows, rejected, err = readInviteCSV(w, r, send == sendEmail)
	case "application/json", "":
		var req struct {
			Candidates []inviteRow `json:"candidates"`
			Send       string      `json:"send"`
		}
		if err = decodeJSON(w, r, &req, MaxCSVBody); err == nil {
			for _, c := range req.Candidates {
				rows = append(rows, assess.InviteInput(c))
			}
			if req.Send != "" {
				send = req.Send
			}
		}
	default:
		err = assess.FieldError("Content-Type", "send application/json or text/csv")
	}
	if err == nil && send != "" && send != sendEmail && send != sendLinks {
		err = assess.FieldError("send", `"links" (the answer has each candidate's link, to share yourself) or "email" (Shortlist emails each candidate)`)
	}
	if err != nil {
		return err
	}
	if len(rows) == 0 && len(rejected) > 0 {
		// Nothing to invite: one error in the usual shape, naming each row's problem.
		fields := map[string]string{}
		for _, rj := range rejected {
			for f, p := range rj.Fields {
				fields[fmt.Sprintf("rows[%d].%s", rj.Row, f)] = p
			}
			if len(rj.Fields) == 0 {
				fields[fmt.Sprintf("rows[%d]", rj.Row)] = rj.Message
			}
		}
		return &assess.Error{Code: assess.Invalid, Message: fmt.Sprintf("none of the %d rows could be invited", len(rejected)), Fields: fields}
	}
	var invited []assess.Invited
	if send == sendEmail && s.Outreach == nil {
		err = assess.Errorf(assess.Conflict, "this deployment sends no email: invite with links")
	} else if send == sendEmail {
		invited, err = s.Outreach.InviteByEmail(r.Context(), org.ID, id, rows)
	} else {
		send = sendLinks
		invited, err = s.Journey.Invite(r.Context(), org.ID, id, rows)
	}
	if err != nil {
		return err
	}
	s.audit(r, "candidate.invite", "assessment:"+id, map[string]string{"invited": strconv.Itoa(len(invited)), "rejected": strconv.Itoa(len(rejected)), "send": send})
	base := s.publicURL(r)
	out := make([]invitedJSON, 0, len(invited))
	for _, in := range invited {
		c := in.Candidate
		out = append(out, invitedJSON{CandidateID: c.ID, Name: c.Name, Email: c.Email, ExternalID: c.ExternalID,
			ExtraTime: c.ExtraTime, ExpiresAt: c.ExpiresAt, Link: assess.InviteLink(base, in.Token), Emailed: c.ByEmail})
	}
	writeJSON(w, http.StatusCreated, InviteResponse{Invited: out, Rejected: nonNil(rejected)})
	return nil
}

// InviteResponse is POST /v1/assessments/{id}/invites: who was invited (with their
// links) and, for a CSV upload, each row that was not.
type InviteResponse struct {
	Invited  []invitedJSON `json:"invited"`
	Rejected []rejectedRow `json:"rejected"`
}

// How invites reach candidates (the invite's "send").
const (
	sendLinks = "links" // the answer has the links; the hiring team shares them
	sendEmail = "email" // Shortlist emails each candidate (the deployment needs an email domain)
)

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// readInviteCSV reads a header row and the data rows. The header names the columns in
// any order and case, in English or Spanish (inviteColumns); a file needs a name or an
// email column, and a row without a name is named after its address (assess.NameFromEmail).
// The separator is "," or ";" (what a Spanish-locale Excel writes), whichever the header
// line has more of; the text is UTF-8 with or without a byte-order mark (Excel's
// "CSV UTF-8"), and a file that is not UTF-8 is read as Windows-1252 (Excel's plain
// "CSV"). With needEmail a row without an email is rejected; a row whose email an
// earlier row of the file already has is rejected, naming that row.
func readInviteCSV(w http.ResponseWriter, r *http.Request, needEmail bool) ([]assess.InviteInput, []rejectedRow, error) {
	r.Body = http.MaxBytesReader(w, r.Body, MaxCSVBody)
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, nil, csvError(err)
	}
	raw = bytes.TrimPrefix(raw, []byte("\ufeff"))
	if !utf8.Valid(raw) {
		raw = fromWindows1252(raw)
	}
	cr := csv.NewReader(bytes.NewReader(raw))
	cr.Comma = csvSeparator(raw)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		return nil, nil, csvError(err)
	}
	col := map[string]int{}
	for i, h := range header {
		name, ok := inviteColumns[columnKey(h)]
		if !ok {
			return nil, nil, assess.FieldError("header", fmt.Sprintf("unknown column %q; columns are name (nombre), email (correo), externalId (id externo), extraTime (tiempo extra)", h))
		}
		if _, dup := col[name]; dup {
			return nil, nil, assess.FieldError("header", fmt.Sprintf("the %s column appears twice (%q)", name, h))
		}
		col[name] = i
	}
	_, hasName := col["name"]
	_, hasEmail := col["email"]
	if !hasName && !hasEmail {
		return nil, nil, assess.FieldError("header", "the CSV needs a name or an email column (nombre o correo)")
	}
	var rows []assess.InviteInput
	var rejected []rejectedRow
	firstRow := map[string]int{} // email (lower case) → the data row that had it first
	for n := 1; ; n++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && !errors.Is(pe.Err, csv.ErrFieldCount) {
				rejected = append(rejected, rejectedRow{Row: n, Message: pe.Err.Error()})
				continue
			}
			return nil, nil, csvError(err)
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return rec[i]
			}
			return ""
		}
		if blankRecord(rec) {
			continue // Excel leaves empty lines (";;;") at the end
		}
		in := assess.InviteInput{Name: get("name"), Email: get("email"), ExternalID: get("externalId")}
		if v := strings.TrimSpace(get("extraTime")); v != "" {
			f, perr := strconv.ParseFloat(strings.Replace(v, ",", ".", 1), 64) // 1,5 in a Spanish sheet
			if perr != nil {
				rejected = append(rejected, rejectedRow{Row: n, Message: "extraTime is not a number", Fields: map[string]string{"extraTime": "not a number"}})
				continue
			}
			in.ExtraTime = f
		}
		checked, cerr := assess.CheckInvite(in)
		if cerr == nil && needEmail && checked.Email == "" {
			cerr = assess.FieldError("email", "required to send the invitation by email")
		}
		if cerr == nil && checked.Email != "" {
			key := strings.ToLower(checked.Email)
			if first, dup := firstRow[key]; dup {
				cerr = assess.FieldError("email", fmt.Sprintf("row %d already has this address", first))
			} else {
				firstRow[key] = n
			}
		}
		if cerr != nil {
			var e *assess.Error
			if !errors.As(cerr, &e) {
				e = &assess.Error{Message: cerr.Error()}
			}
			rejected = append(rejected, rejectedRow{Row: n, Message: e.Message, Fields: e.Fields})
			continue
		}
		rows = append(rows, checked)
		if len(rows) > assess.MaxInvitesPerRequest {
			return nil, nil, assess.FieldError("body", fmt.Sprintf("at most %d candidates per upload", assess.MaxInvitesPerRequest))
		}
	}
	return rows, rejected, nil
}

// inviteColumns maps a header cell (as columnKey folds it) to its column.
var inviteColumns = map[string]string{
	"name": "name", "nombre": "name", "nombres": "name", "nombrecompleto": "name", "fullname": "name",
	"nombreyapellido": "name", "nombreyapellidos": "name", "candidato": "name", "candidata": "name", "candidate": "name",
	"email": "email", "mail": "email", "emailaddress": "email", "correo": "email", "correoelectronico": "email",
	"externalid": "externalId", "idexterno": "externalId", "identificador": "externalId", "referencia": "externalId", "reference": "externalId",
	"extratime": "extraTime", "tiempoextra": "extraTime", "tiempoadicional": "extraTime",
}

// columnKey folds a header cell for inviteColumns: lower case, accents dropped, and
// only letters and digits kept ("E-mail" → "email", "Correo electrónico" →
// "correoelectronico", "ID externo" → "idexterno").
func columnKey(h string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(h) {
		switch c {
		case 'á', 'à', 'ä':
			c = 'a'
		case 'é', 'è', 'ë':
			c = 'e'
		case 'í', 'ì', 'ï':
			c = 'i'
		case 'ó', 'ò', 'ö':
			c = 'o'
		case 'ú', 'ù', 'ü':
			c = 'u'
		case 'ñ':
			c = 'n'
		}
		if (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// csvSeparator is ';' when the header line has more semicolons than commas outside
// quotes, else ','.
func csvSeparator(raw []byte) rune {
	commas, semis, quoted := 0, 0, false
	for _, c := range raw {
		if c == '\n' && !quoted {
			break
		}
		switch {
		case c == '"':
			quoted = !quoted
		case c == ',' && !quoted:
			commas++
		case c == ';' && !quoted:
			semis++
		}
	}
	if semis > commas {
		return ';'
	}
	return ','
}

func blankRecord(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// fromWindows1252 decodes Windows-1252 (what Excel's plain "CSV" writes on a Spanish or
// English Windows) to UTF-8.
func fromWindows1252(b []byte) []byte {
	out := make([]rune, 0, len(b))
	for _, c := range b {
		if c >= 0x80 && c < 0xa0 {
			out = append(out, cp1252[c-0x80])
		} else {
			out = append(out, rune(c))
		}
	}
	return []byte(string(out))
}

var cp1252 = [32]rune{
	'€', '\ufffd', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\ufffd', 'Ž', '\ufffd',
	'\ufffd', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\ufffd', 'ž', 'Ÿ',
}

func csvError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return assess.Errorf(assess.TooLarge, "the CSV is over the %d byte limit", MaxCSVBody)
	}
	if err == io.EOF {
		return assess.FieldError("body", "the CSV is empty; it needs a header row")
	}
	return assess.FieldError("body", "unreadable CSV: "+err.Error())
}

// publicURL is where candidates open the site: PUBLIC_URL when deployed (CloudFront), else
// the address this request came to (the dev server).
func (s *server) publicURL(r *http.Request) string {
	if s.PublicURL != "" {
		return strings.TrimSuffix(s.PublicURL, "/")
	}
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

type candidateJSON struct {
	CandidateID string            `json:"candidateId"`
	Name        string            `json:"name"`
	Email       string            `json:"email,omitempty"`
	ExternalID  string            `json:"externalId,omitempty"`
	ExtraTime   float64           `json:"extraTime"`
	Status      string            `json:"status"`
	Section     int               `json:"section,omitempty"`
	InvitedAt   time.Time         `json:"invitedAt"`
	ExpiresAt   time.Time         `json:"expiresAt"`
	StartedAt   *time.Time        `json:"startedAt,omitempty"`
	CompletedAt *time.Time        `json:"completedAt,omitempty"`
	Sections    []sectionTimeJSON `json:"sections,omitempty"`
	// InvitedBy is "email" (Shortlist emailed the invitation) or "link".
	InvitedBy string `json:"invitedBy"`
	// EmailStatus is set when email stopped reaching the candidate: "bounced" or
	// "complained" (nothing more is emailed to them).
	EmailStatus   string     `json:"emailStatus,omitempty"`
	EmailStatusAt *time.Time `json:"emailStatusAt,omitempty"`
}

func invitedBy(c assess.Candidate) string {
	if c.ByEmail {
		return sendEmail
	}
	return "link"
}

type sectionTimeJSON struct {
	StartedAt  *time.Time `json:"startedAt,omitempty"`
	Deadline   *time.Time `json:"deadline,omitempty"`
	FinishedAt *time.Time `json:"finishedAt,omitempty"`
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func (s *server) listCandidates(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "assessmentId")
	if err != nil {
		return err
	}
	if err := checkQuery(r, "limit", "cursor"); err != nil {
		return err
	}
	limit, err := limitParam(r, defaultCandidatesPage, maxCandidatesPage)
	if err != nil {
		return err
	}
	list, next, err := s.Journey.ProgressPage(r.Context(), orgOf(r).ID, id, r.URL.Query().Get("cursor"), limit)
	if err != nil {
		return err
	}
	out := make([]candidateJSON, 0, len(list))
	for _, st := range list {
		c := st.Candidate
		cj := candidateJSON{CandidateID: c.ID, Name: c.Name, Email: c.Email, ExternalID: c.ExternalID,
			ExtraTime: c.ExtraTime, Status: st.Status, Section: st.Section, InvitedAt: c.CreatedAt, ExpiresAt: c.ExpiresAt,
			InvitedBy: invitedBy(c), EmailStatus: c.EmailStatus, EmailStatusAt: timePtr(c.EmailStatusAt)}
		if ss := st.Session; ss != nil {
			cj.StartedAt, cj.CompletedAt = timePtr(ss.StartedAt), timePtr(ss.CompletedAt)
			for _, sec := range ss.Sections {
				cj.Sections = append(cj.Sections, sectionTimeJSON{timePtr(sec.StartedAt), timePtr(sec.Deadline), timePtr(sec.FinishedAt)})
			}
		}
		out = append(out, cj)
	}
	writeJSON(w, http.StatusOK, CandidatesResponse{Candidates: out, Next: next})
	return nil
}

// CandidatesResponse is a page of an assessment's candidates with their progress.
type CandidatesResponse struct {
	Candidates []candidateJSON `json:"candidates"`
	Next       string          `json:"next"` // the next page's cursor; empty after the last
}

// limitParam reads ?limit= (a page size from 1 to max; def when absent).
func limitParam(r *http.Request, def, max int) (int, error) {
	v := r.URL.Query().Get("limit")
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > max {
		return 0, assess.FieldError("limit", fmt.Sprintf("a number from 1 to %d", max))
	}
	return n, nil
}

// Candidate list pages: about 1 KB a candidate, so a page stays well under 1 MB.
const (
	defaultCandidatesPage = 500
	maxCandidatesPage     = 500
)
