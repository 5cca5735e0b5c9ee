package assess

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"net/mail"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"shortlist/shared/catalog"
)

// Repo is what the journey needs from storage. It is declared here, by its user;
// shared/store implements it. Absence is NotFound; a lost race is Conflict.
type Repo interface {
	APIKeyByHash(ctx context.Context, hash string) (APIKey, error)
	Organisation(ctx context.Context, id string) (Organisation, error)

	CreateAssessment(ctx context.Context, a Assessment) error
	Assessment(ctx context.Context, orgID, id string) (Assessment, error)
	Assessments(ctx context.Context, orgID string) ([]Assessment, error)
	// AssessmentCounts is the counts of orgID's assessments that have them, by id.
	AssessmentCounts(ctx context.Context, orgID string) (map[string]AssessmentCounts, error)

	// CreateCandidates stores new candidates (all or none).
	CreateCandidates(ctx context.Context, cs []Candidate) error
	Candidate(ctx context.Context, orgID, id string) (Candidate, error)
	// CandidateByToken is the candidate id if it still has the token hash hash.
	CandidateByToken(ctx context.Context, id, hash string) (Candidate, error)
	Candidates(ctx context.Context, orgID, assessmentID string) ([]Candidate, error)
	// CandidatesByID reads these candidates of orgID (unknown ids are left out).
	CandidatesByID(ctx context.Context, orgID string, ids []string) ([]Candidate, error)
	// CandidatesPage is one page of them and the next page's cursor ("" after the last).
	CandidatesPage(ctx context.Context, orgID, assessmentID, cursor string, limit int) ([]Candidate, string, error)

	// StartSession stores a new session (its id is its candidate's); Conflict if the
	// candidate already has one.
	StartSession(ctx context.Context, s Session) error
	Session(ctx context.Context, id string) (Session, error)
	// SessionByToken is the session id if it still has the token hash hash.
	SessionByToken(ctx context.Context, id, hash string) (Session, error)
	// SessionsOf is the sessions the candidates cs opened.
	SessionsOf(ctx context.Context, cs []Candidate) ([]Session, error)
	// UpdateSession writes s if the stored version is s.Version-1.
	UpdateSession(ctx context.Context, s Session) error
	// CompleteSession writes a pending-scoring marker, then s (version-checked), so a
	// completed session can never be forgotten by scoring.
	CompleteSession(ctx context.Context, s Session) error

	// PutBatch stores a batch if its (session, seq) is new; Conflict if it exists.
	PutBatch(ctx context.Context, b AnswerBatch) error
	Batch(ctx context.Context, sessionID string, seq int) (AnswerBatch, error)
	Batches(ctx context.Context, sessionID string) ([]AnswerBatch, error)

	// Results lists an assessment's stored results (the cohort).
	Results(ctx context.Context, orgID, assessmentID string) ([]Result, error)
	Result(ctx context.Context, orgID, sessionID string) (Result, error)

	// SaveSnapshot keeps one copy of an instrument version an assessment uses.
	SaveSnapshot(ctx context.Context, id, hash string, raw []byte) error
}

// Service runs the assessment journey: hiring teams build and invite, candidates take
// timed sections with autosave. Time is the server's, always.
type Service struct {
	Repo    Repo
	Catalog *catalog.Catalog
	Clock   func() time.Time // nil: the system clock
	// Completed, if set, is told of each newly completed session (the dev server's
	// scoring dispatcher). In AWS the table's stream does this; either way the
	// pending-scoring marker written with the completion is what guarantees scoring.
	Completed func(ctx context.Context, s Session)
	// Cohorts keeps the assessments' cohort snapshots; nil computes views from the
	// results on each read.
	Cohorts *Cohorts
}

// Now is the server's time, the only clock the journey trusts.
func (s *Service) Now() time.Time {
	if s.Clock != nil {
		return s.Clock().UTC()
	}
	return time.Now().UTC()
}

// Limits on what one request may carry.
const (
	MaxInvitesPerRequest = 1000
	MaxAnswersPerBatch   = 60
	MaxEventsPerBatch    = 200
	MaxBatchSeq          = 100000
	MaxExtraTime         = 3.0
	SessionLifetime      = 7 * 24 * time.Hour
	NoticeVersion        = "2026-11"
)

// Authenticate resolves an HR API key to its organisation.
func (s *Service) Authenticate(ctx context.Context, key string) (Organisation, APIKey, error) {
	unauth := Errorf(Unauthorized, "a valid API key is required (Authorization: Bearer slk_…)")
	if !WellFormedToken(key, APIKeyPrefix) {
		return Organisation{}, APIKey{}, unauth
	}
	k, err := s.Repo.APIKeyByHash(ctx, HashToken(key))
	if CodeOf(err) == NotFound || (err == nil && (!k.RevokedAt.IsZero() || !TokenMatches(key, k.Hash))) {
		return Organisation{}, APIKey{}, unauth
	}
	if err != nil {
		return Organisation{}, APIKey{}, err
	}
	org, err := s.Repo.Organisation(ctx, k.OrgID)
	if err != nil {
		return Organisation{}, APIKey{}, err
	}
	return org, k, nil
}

// CreateAssessment freezes spec into a new assessment of org.
func (s *Service) CreateAssessment(ctx context.Context, orgID string, spec Spec) (Assessment, error) {
	cfg, err := BuildConfig(s.Catalog, spec)
	if err != nil {
		return Assessment{}, err
	}
	// Snapshots first: an assessment must never exist without the versions it names. A
	// section holding an industry's selection of scenes names its base version plus the
	// industry (catalog.ForIndustry): the base version is what is stored.
	for _, sec := range cfg.Sections {
		inst, ok := s.Catalog.Instrument(sec.Instrument)
		if !ok {
			return Assessment{}, &Error{Code: Internal, Err: errors.New("instrument " + sec.Instrument + " vanished")}
		}
		if err := s.Repo.SaveSnapshot(ctx, inst.ID, inst.Hash, inst.Raw); err != nil {
			return Assessment{}, err
		}
	}
	a := Assessment{ID: NewID(), OrgID: orgID, Config: cfg, CreatedAt: s.Now()}
	if err := s.Repo.CreateAssessment(ctx, a); err != nil {
		return Assessment{}, err
	}
	return a, nil
}

// InviteInput is one candidate to invite.
type InviteInput struct {
	Name       string
	Email      string
	ExternalID string
	ExtraTime  float64 // 0 means 1 (none)
}

// Invited is a stored candidate and the token for its link (shown once).
type Invited struct {
	Candidate Candidate
	Token     string
}

// CheckInvite validates one row; the error names the field. A row with an email and no
// name is named after the address (NameFromEmail).
func CheckInvite(in InviteInput) (InviteInput, error) {
	in.Name = strings.TrimSpace(in.Name)
	in.Email = strings.TrimSpace(in.Email)
	in.ExternalID = strings.TrimSpace(in.ExternalID)
	if in.Name == "" && in.Email != "" {
		if !validEmail(in.Email) {
			return in, FieldError("email", "not an email address")
		}
		in.Name = NameFromEmail(in.Email)
	}
	switch {
	case in.Name == "" || utf8.RuneCountInString(in.Name) > 200 || !printable(in.Name):
		return in, FieldError("name", "1 to 200 printable characters")
	case in.Email != "" && !validEmail(in.Email):
		return in, FieldError("email", "not an email address")
	case utf8.RuneCountInString(in.ExternalID) > 100 || !printable(in.ExternalID):
		return in, FieldError("externalId", "at most 100 printable characters")
	}
	if in.ExtraTime == 0 {
		in.ExtraTime = 1
	}
	if in.ExtraTime < 1 || in.ExtraTime > MaxExtraTime || math.IsNaN(in.ExtraTime) {
		return in, FieldError("extraTime", fmt.Sprintf("a factor from 1 to %g (1.5 = half as much time again)", MaxExtraTime))
	}
	return in, nil
}

// NameFromEmail is a name for a candidate invited by address alone: the part before the
// @ (and before any +tag), dots, underscores and hyphens as spaces, each word
// capitalised ("ana.perez@x.cl" → "Ana Perez").
func NameFromEmail(email string) string {
	local, _, _ := strings.Cut(email, "@")
	local, _, _ = strings.Cut(local, "+")
	words := strings.FieldsFunc(local, func(r rune) bool { return r == '.' || r == '_' || r == '-' || unicode.IsSpace(r) })
	for i, w := range words {
		r := []rune(strings.ToLower(w))
		r[0] = unicode.ToUpper(r[0])
		words[i] = string(r)
	}
	if len(words) == 0 {
		return local
	}
	return strings.Join(words, " ")
}

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && len(s) <= 254
}

func printable(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return utf8.ValidString(s)
}

// Invite creates candidates for an assessment of org. Rows must already be checked.
func (s *Service) Invite(ctx context.Context, orgID, assessmentID string, rows []InviteInput) ([]Invited, error) {
	_, out, err := s.newInvites(ctx, orgID, assessmentID, rows, false)
	if err != nil {
		return nil, err
	}
	cs := make([]Candidate, len(out))
	for i, in := range out {
		cs[i] = in.Candidate
	}
	if err := s.Repo.CreateCandidates(ctx, cs); err != nil {
		return nil, err
	}
	return out, nil
}

// newInvites checks rows and makes a candidate and an invite token for each, not yet
// stored; byEmail marks them as invited by email.
func (s *Service) newInvites(ctx context.Context, orgID, assessmentID string, rows []InviteInput, byEmail bool) (Assessment, []Invited, error) {
	a, err := s.Repo.Assessment(ctx, orgID, assessmentID)
	if err != nil {
		return Assessment{}, nil, err
	}
	org, err := s.Repo.Organisation(ctx, orgID)
	if err != nil {
		return Assessment{}, nil, err
	}
	if len(rows) == 0 {
		return Assessment{}, nil, FieldError("candidates", "at least one candidate")
	}
	if len(rows) > MaxInvitesPerRequest {
		return Assessment{}, nil, FieldError("candidates", fmt.Sprintf("at most %d per request", MaxInvitesPerRequest))
	}
	now := s.Now()
	out := make([]Invited, 0, len(rows))
	first := map[string]int{} // email (lower case) → the first row that has it
	bad := map[string]string{}
	for i, r := range rows {
		r, err := CheckInvite(r)
		if err == nil && byEmail && r.Email == "" {
			err = FieldError("email", "required to send the invitation by email")
		}
		if err == nil && r.Email != "" {
			if j, dup := first[strings.ToLower(r.Email)]; dup {
				err = FieldError("email", fmt.Sprintf("candidates[%d] already has this address", j))
			} else {
				first[strings.ToLower(r.Email)] = i
			}
		}
		if err != nil {
			// Every bad row is named, so the whole list can be fixed at once.
			var e *Error
			if !errors.As(err, &e) || len(e.Fields) == 0 {
				bad[fmt.Sprintf("candidates[%d]", i)] = err.Error()
				continue
			}
			for f, p := range e.Fields {
				bad[fmt.Sprintf("candidates[%d].%s", i, f)] = p
			}
			continue
		}
		id := NewID()
		tok, hash := NewBoundToken(InvitePrefix, id)
		expires := now.Add(time.Duration(a.Config.InviteExpiryDays) * 24 * time.Hour)
		c := Candidate{ID: id, OrgID: orgID, AssessmentID: a.ID, TokenHash: hash, Name: r.Name,
			Email: r.Email, ExternalID: r.ExternalID, ExtraTime: r.ExtraTime, CreatedAt: now,
			ExpiresAt: expires, RetainUntil: RetainUntil(org, expires), ByEmail: byEmail}
		out = append(out, Invited{Candidate: c, Token: tok})
	}
	if len(bad) == 1 {
		for f, p := range bad {
			return Assessment{}, nil, FieldError(f, p)
		}
	}
	if len(bad) > 1 {
		return Assessment{}, nil, &Error{Code: Invalid, Message: fmt.Sprintf("%d fields are invalid; none was invited", len(bad)), Fields: bad}
	}
	return a, out, nil
}

// CandidateStatus is what a hiring team sees per candidate.
type CandidateStatus struct {
	Candidate Candidate
	Status    string // invited | expired | started | completed | scored
	Section   int    // with "started": the 1-based section the candidate is in
	Session   *Session
}

// Progress lists the candidates of an assessment with their status.
func (s *Service) Progress(ctx context.Context, orgID, assessmentID string) (Assessment, []CandidateStatus, error) {
	a, err := s.Repo.Assessment(ctx, orgID, assessmentID)
	if err != nil {
		return Assessment{}, nil, err
	}
	cs, err := s.Repo.Candidates(ctx, orgID, assessmentID)
	if err != nil {
		return Assessment{}, nil, err
	}
	out, err := s.statuses(ctx, cs)
	return a, out, err
}

// statuses is each candidate's status, from their sessions (one batch read).
func (s *Service) statuses(ctx context.Context, cs []Candidate) ([]CandidateStatus, error) {
	sessions, err := s.Repo.SessionsOf(ctx, cs)
	if err != nil {
		return nil, err
	}
	byID := map[string]Session{}
	for _, ss := range sessions {
		byID[ss.ID] = ss
	}
	now := s.Now()
	out := make([]CandidateStatus, 0, len(cs))
	for _, c := range cs {
		ss, ok := byID[c.ID]
		out = append(out, statusOf(c, ss, ok, now))
	}
	return out, nil
}

// ProgressPage is one page of an assessment's candidates with their status (reads
// bounded by limit, whatever the assessment's size) and the next page's cursor.
func (s *Service) ProgressPage(ctx context.Context, orgID, assessmentID, cursor string, limit int) ([]CandidateStatus, string, error) {
	if _, err := s.Repo.Assessment(ctx, orgID, assessmentID); err != nil {
		return nil, "", err
	}
	cs, next, err := s.Repo.CandidatesPage(ctx, orgID, assessmentID, cursor, limit)
	if err != nil {
		return nil, "", err
	}
	out, err := s.statuses(ctx, cs)
	if err != nil {
		return nil, "", err
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].Candidate, out[j].Candidate
		if !a.CreatedAt.Equal(b.CreatedAt) {
			return a.CreatedAt.Before(b.CreatedAt)
		}
		return a.ID < b.ID
	})
	return out, next, nil
}

// CandidateProgress is one candidate of an assessment with their status: two reads
// whatever the assessment's size.
func (s *Service) CandidateProgress(ctx context.Context, orgID, assessmentID, candidateID string) (CandidateStatus, error) {
	c, err := s.Repo.Candidate(ctx, orgID, candidateID)
	if err != nil {
		return CandidateStatus{}, err
	}
	if c.AssessmentID != assessmentID {
		return CandidateStatus{}, Errorf(NotFound, "no such candidate")
	}
	sessions, err := s.Repo.SessionsOf(ctx, []Candidate{c})
	if err != nil {
		return CandidateStatus{}, err
	}
	var ss Session
	if len(sessions) > 0 {
		ss = sessions[0]
	}
	return statusOf(c, ss, len(sessions) > 0, s.Now()), nil
}

func statusOf(c Candidate, ss Session, ok bool, now time.Time) CandidateStatus {
	st := CandidateStatus{Candidate: c}
	switch {
	case !ok && now.After(c.ExpiresAt):
		st.Status = "expired"
	case !ok:
		st.Status = "invited"
	case ss.Status == SessionScored:
		st.Status = "scored"
	case ss.Status == SessionCompleted:
		st.Status = "completed"
	case now.After(ss.ExpiresAt):
		st.Status = "expired"
	default:
		st.Status = "started"
		st.Section = ss.CurrentSection(now) + 1
	}
	if ok {
		st.Session = &ss
	}
	return st
}

// CurrentSection is the index of the first section still to take or in progress
// (len(Sections) once all are closed).
func (ss Session) CurrentSection(now time.Time) int {
	for i, sec := range ss.Sections {
		if sec.StartedAt.IsZero() || sec.Open(now) {
			return i
		}
	}
	return len(ss.Sections)
}

// Closed says whether section i can take no more answers.
func (ss Session) Closed(i int, now time.Time) bool {
	sec := ss.Sections[i]
	return !sec.StartedAt.IsZero() && !sec.Open(now)
}

// Ack is the candidate's acknowledgement of the notice, required before Start.
type Ack struct {
	Acknowledged  bool
	NoticeVersion string
}

// Start redeems an invite token for a session token. The invite opens one session only:
// presenting it again resumes that session (on a new device, say) with a fresh session
// token, and the previous token stops working.
func (s *Service) Start(ctx context.Context, inviteToken string, ack Ack) (Session, string, error) {
	c, err := s.candidateByInvite(ctx, inviteToken)
	if err != nil {
		return Session{}, "", err
	}
	if !ack.Acknowledged {
		return Session{}, "", FieldError("acknowledged", "read the notice and acknowledge it before you start")
	}
	org, err := s.Repo.Organisation(ctx, c.OrgID)
	if err != nil {
		return Session{}, "", err
	}
	if _, version := NoticeFor(org); ack.NoticeVersion != version {
		return Session{}, "", FieldError("noticeVersion", "the notice has changed: reload the page and read it again")
	}
	now := s.Now()
	tok, hash := NewBoundToken(SessionPrefix, c.ID)
	ss, err := s.Repo.Session(ctx, c.ID)
	switch {
	case err == nil:
		// Resumed (on a new device, say): a fresh token; the previous one stops working.
		ss.TokenHash = hash
		ss.Version++
		if err := s.Repo.UpdateSession(ctx, ss); err != nil {
			if CodeOf(err) == Conflict {
				// Another Start (or a write of the session) changed it since the read.
				return Session{}, "", ErrOpenElsewhere
			}
			return Session{}, "", err
		}
		return ss, tok, nil
	case CodeOf(err) != NotFound:
		return Session{}, "", err
	}
	if now.After(c.ExpiresAt) {
		return Session{}, "", Errorf(Gone, "this invite expired on %s; ask the hiring team for a new one", c.ExpiresAt.Format("2006-01-02"))
	}
	a, err := s.Repo.Assessment(ctx, c.OrgID, c.AssessmentID)
	if err != nil {
		return Session{}, "", err
	}
	ss = Session{ID: c.ID, OrgID: c.OrgID, AssessmentID: c.AssessmentID, CandidateID: c.ID,
		TokenHash: hash, Status: SessionActive, ExtraTime: c.ExtraTime, Seed: randomSeed(),
		Sections: make([]SectionState, len(a.Config.Sections)), NoticeVersion: ack.NoticeVersion,
		AcknowledgedAt: now, StartedAt: now, ExpiresAt: now.Add(SessionLifetime), Version: 1,
		RetainUntil: c.RetainUntil}
	if err := s.Repo.StartSession(ctx, ss); err != nil {
		if CodeOf(err) == Conflict {
			// Two Start taps raced and the other one created the session. Its token is
			// the one that works: resuming here would take it away (and race again), so
			// this tap is told where the session is, once, without retrying.
			return Session{}, "", ErrOpenElsewhere
		}
		return Session{}, "", err
	}
	return ss, tok, nil
}

// ErrOpenElsewhere answers a Start that lost a race to another Start of the same invite
// (a double tap, or two devices at once): the session exists and the other request holds
// its token. Presenting the invite again later resumes the session here.
var ErrOpenElsewhere = Errorf(Conflict, "this assessment is already open on another device or tab (a second tap got there first): continue there, or open your invite link again to move it here")

func randomSeed() int64 {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return int64(binary.LittleEndian.Uint64(b[:]) >> 1)
}

// Resume resolves a session token to its session and assessment.
func (s *Service) Resume(ctx context.Context, sessionToken string) (Session, Assessment, error) {
	bad := Errorf(Unauthorized, "your session has ended or moved to another device; open your invite link again to resume")
	id, ok := TokenOwner(sessionToken, SessionPrefix)
	if !ok {
		return Session{}, Assessment{}, bad
	}
	// The store compares the token's hash with the session's in constant time.
	ss, err := s.Repo.SessionByToken(ctx, id, HashToken(sessionToken))
	switch {
	case CodeOf(err) == NotFound:
		return Session{}, Assessment{}, bad
	case err != nil:
		return Session{}, Assessment{}, err
	case s.Now().After(ss.ExpiresAt):
		return Session{}, Assessment{}, bad // a session token is good for the session's lifetime
	}
	a, err := s.Repo.Assessment(ctx, ss.OrgID, ss.AssessmentID)
	if err != nil {
		return Session{}, Assessment{}, err
	}
	return ss, a, nil
}

// errSessionClosed answers writes to a completed or expired session.
var errSessionClosed = Errorf(Conflict, "this assessment is already complete")

func (s *Service) writable(ss Session, now time.Time) error {
	if ss.Status != SessionActive {
		return errSessionClosed
	}
	if now.After(ss.ExpiresAt) {
		return Errorf(Gone, "this session expired")
	}
	return nil
}

// StartSection opens section n (0-based) and stamps its start and deadline. Sections open
// in order; asking again for the open section returns it unchanged (a reload). Starting
// the next section while the previous one is still open finishes that one in the same
// write ("next part" means "done with this one"), which saves the session a write.
func (s *Service) StartSection(ctx context.Context, ss Session, a Assessment, n int) (Session, error) {
	now := s.Now()
	if err := s.writable(ss, now); err != nil {
		return ss, err
	}
	if n < 0 || n >= len(ss.Sections) {
		return ss, Errorf(NotFound, "no section %d", n+1)
	}
	sec := ss.Sections[n]
	if !sec.StartedAt.IsZero() {
		if sec.Open(now) {
			return ss, nil
		}
		return ss, Errorf(Conflict, "section %d is closed", n+1)
	}
	cur := ss.CurrentSection(now)
	if cur == n-1 && ss.Sections[cur].Open(now) {
		finishAt(&ss.Sections[cur], now)
		cur = n
	}
	if cur != n {
		return ss, Errorf(Conflict, "sections open in order: section %d comes first", cur+1)
	}
	sec.StartedAt = now
	if limit := a.Config.Sections[n].TimeLimitSeconds; limit > 0 {
		sec.Deadline = now.Add(Extended(limit, ss.ExtraTime))
	}
	ss.Sections[n] = sec
	ss.Version++
	if err := s.Repo.UpdateSession(ctx, ss); err != nil {
		return ss, err
	}
	return ss, nil
}

// Extended is a time limit times the candidate's extra-time factor, to the second.
func Extended(limitSeconds int, factor float64) time.Duration {
	if factor < 1 {
		factor = 1
	}
	return time.Duration(math.Ceil(float64(limitSeconds)*factor)) * time.Second
}

// Batch is one autosave as the client sends it.
type Batch struct {
	Seq     int
	Section int // 0-based
	Answers []Answer
	Events  []ClientEvent
	// AsShown says the answers and events name items, options and cases as the session's
	// Presentation shows them (the candidate API): they are mapped to the catalog's ids
	// and indexes before they are checked and stored. Without it they are already in the
	// catalog's terms.
	AsShown bool
}

// SaveResult says what happened to a batch.
type SaveResult struct {
	Seq      int
	Saved    int
	Replayed bool
}

// SaveAnswers stores one autosave batch. It is idempotent per sequence number: a replay of
// a stored batch changes nothing and is answered as saved; a different batch under a used
// number is a conflict.
func (s *Service) SaveAnswers(ctx context.Context, ss Session, a Assessment, b Batch) (SaveResult, error) {
	now := s.Now()
	if err := s.writable(ss, now); err != nil {
		return SaveResult{}, err
	}
	if b.Seq < 1 || b.Seq > MaxBatchSeq {
		return SaveResult{}, FieldError("seq", fmt.Sprintf("a batch number from 1 to %d", MaxBatchSeq))
	}
	if b.Section < 0 || b.Section >= len(ss.Sections) {
		return SaveResult{}, FieldError("section", fmt.Sprintf("no section %d", b.Section+1))
	}
	if len(b.Answers) > MaxAnswersPerBatch {
		return SaveResult{}, FieldError("answers", fmt.Sprintf("at most %d answers per batch", MaxAnswersPerBatch))
	}
	if len(b.Events) > MaxEventsPerBatch {
		return SaveResult{}, FieldError("events", fmt.Sprintf("at most %d events per batch", MaxEventsPerBatch))
	}
	sec := ss.Sections[b.Section]
	if sec.StartedAt.IsZero() {
		return SaveResult{}, Errorf(Conflict, "section %d has not started", b.Section+1)
	}
	if !sec.Open(now) {
		if !sec.Deadline.IsZero() && now.After(sec.Deadline.Add(Grace)) {
			return SaveResult{}, Errorf(Conflict, "section %d closed at its deadline (%s); answers sent after it are not saved", b.Section+1, sec.Deadline.Format(time.RFC3339))
		}
		return SaveResult{}, Errorf(Conflict, "section %d is finished", b.Section+1)
	}
	inst, err := s.Instrument(a.Config.Sections[b.Section])
	if err != nil {
		return SaveResult{}, err
	}
	items := map[string]*catalog.Item{}
	for i := range inst.Items {
		items[inst.Items[i].ID] = &inst.Items[i]
	}
	// catalogID maps an item id as sent to the catalog's (and its presentation).
	catalogID := func(id string) (string, catalog.Presented, bool) {
		_, ok := items[id]
		return id, catalog.Presented{}, ok
	}
	if b.AsShown {
		pres := NewPresentation(ss, b.Section, inst)
		catalogID = func(id string) (string, catalog.Presented, bool) {
			p, ok := pres.Shown(id)
			if !ok {
				return "", p, false
			}
			return p.Item.ID, p, true
		}
	}
	answers := make([]Answer, 0, len(b.Answers))
	for i, ans := range b.Answers {
		id, shown, ok := catalogID(ans.Item)
		if !ok {
			return SaveResult{}, FieldError(fmt.Sprintf("answers[%d].item", i), fmt.Sprintf("%q is not an item of section %d", clip(ans.Item), b.Section+1))
		}
		value := ans.Value
		if b.AsShown {
			var err error
			if value, err = CanonicalValue(inst.Kind, shown, value); err != nil {
				return SaveResult{}, FieldError(fmt.Sprintf("answers[%d].value", i), err.Error())
			}
		}
		v, err := CheckAnswer(inst.Kind, items[id], value)
		if err != nil {
			return SaveResult{}, FieldError(fmt.Sprintf("answers[%d].value", i), err.Error())
		}
		if ans.MS < 0 || ans.MS > 24*60*60*1000 {
			return SaveResult{}, FieldError(fmt.Sprintf("answers[%d].ms", i), "milliseconds on the item, from 0 to a day")
		}
		answers = append(answers, Answer{Item: id, Value: v, MS: ans.MS})
	}
	events := b.Events
	if b.AsShown && len(b.Events) > 0 {
		events = make([]ClientEvent, len(b.Events))
	}
	for i, ev := range b.Events {
		if ev.Type != "blur" && ev.Type != "paste" {
			return SaveResult{}, FieldError(fmt.Sprintf("events[%d].type", i), `"blur" or "paste"`)
		}
		if ev.Item != "" {
			id, _, ok := catalogID(ev.Item)
			if !ok {
				return SaveResult{}, FieldError(fmt.Sprintf("events[%d].item", i), "not an item of this section")
			}
			ev.Item = id
		}
		events[i] = ev
	}
	batch := AnswerBatch{SessionID: ss.ID, Seq: b.Seq, Section: b.Section, Answers: answers, Events: events,
		ReceivedAt: now, RetainUntil: ss.RetainUntil}
	err = s.Repo.PutBatch(ctx, batch)
	if CodeOf(err) == Conflict {
		prev, gerr := s.Repo.Batch(ctx, ss.ID, b.Seq)
		if gerr != nil {
			return SaveResult{}, gerr
		}
		if !sameBatch(prev, batch) {
			return SaveResult{}, FieldError("seq", fmt.Sprintf("batch %d was already saved with other answers; use the next number", b.Seq))
		}
		return SaveResult{Seq: b.Seq, Saved: len(prev.Answers), Replayed: true}, nil
	}
	if err != nil {
		return SaveResult{}, err
	}
	return SaveResult{Seq: b.Seq, Saved: len(answers)}, nil
}

func sameBatch(a, b AnswerBatch) bool {
	if a.Section != b.Section || len(a.Answers) != len(b.Answers) || len(a.Events) != len(b.Events) {
		return false
	}
	for i := range a.Answers {
		x, y := a.Answers[i], b.Answers[i]
		if x.Item != y.Item || string(x.Value) != string(y.Value) || x.MS != y.MS {
			return false
		}
	}
	for i := range a.Events {
		if a.Events[i] != b.Events[i] {
			return false
		}
	}
	return true
}

// Saved returns the latest answer per item of a session (the highest batch number wins).
func (s *Service) Saved(ctx context.Context, sessionID string) (map[int]map[string]Answer, []AnswerBatch, error) {
	batches, err := s.Repo.Batches(ctx, sessionID)
	if err != nil {
		return nil, nil, err
	}
	return LatestAnswers(batches), batches, nil
}

// LatestAnswers folds batches (in any order) into the latest answer per section and item.
func LatestAnswers(batches []AnswerBatch) map[int]map[string]Answer {
	seqOf := map[int]map[string]int{}
	out := map[int]map[string]Answer{}
	for _, b := range batches {
		if out[b.Section] == nil {
			out[b.Section] = map[string]Answer{}
			seqOf[b.Section] = map[string]int{}
		}
		for _, a := range b.Answers {
			if prev, ok := seqOf[b.Section][a.Item]; !ok || b.Seq >= prev {
				out[b.Section][a.Item] = a
				seqOf[b.Section][a.Item] = b.Seq
			}
		}
	}
	return out
}

// FinishSection closes section n early (idempotent).
func (s *Service) FinishSection(ctx context.Context, ss Session, n int) (Session, error) {
	now := s.Now()
	if err := s.writable(ss, now); err != nil {
		return ss, err
	}
	if n < 0 || n >= len(ss.Sections) {
		return ss, Errorf(NotFound, "no section %d", n+1)
	}
	sec := ss.Sections[n]
	if sec.StartedAt.IsZero() {
		return ss, Errorf(Conflict, "section %d has not started", n+1)
	}
	if !sec.FinishedAt.IsZero() {
		return ss, nil
	}
	finishAt(&sec, now)
	ss.Sections[n] = sec
	ss.Version++
	return ss, s.Repo.UpdateSession(ctx, ss)
}

// finishAt closes a section at now, or at its deadline if that came first.
func finishAt(sec *SectionState, now time.Time) {
	sec.FinishedAt = now
	if !sec.Deadline.IsZero() && now.After(sec.Deadline) {
		sec.FinishedAt = sec.Deadline // it closed then; record when
	}
}

// Complete ends the session: one conditional write that cannot be undone, preceded by its
// pending-scoring marker. A last section still open is finished by it. Completing twice is
// a no-op.
func (s *Service) Complete(ctx context.Context, ss Session) (Session, error) {
	if ss.Status != SessionActive {
		return ss, nil
	}
	now := s.Now()
	last := len(ss.Sections) - 1
	for i := range ss.Sections {
		if !ss.Closed(i, now) {
			if ss.Sections[i].StartedAt.IsZero() {
				return ss, Errorf(Conflict, "section %d has not been taken yet", i+1)
			}
			if i != last {
				return ss, Errorf(Conflict, "section %d is still open: finish it first", i+1)
			}
			finishAt(&ss.Sections[i], now)
		}
	}
	for i, sec := range ss.Sections {
		if sec.FinishedAt.IsZero() {
			ss.Sections[i].FinishedAt = sec.Deadline
		}
	}
	ss.Status = SessionCompleted
	ss.CompletedAt = now
	ss.Version++
	if err := s.Repo.CompleteSession(ctx, ss); err != nil {
		if CodeOf(err) == Conflict {
			cur, gerr := s.Repo.Session(ctx, ss.ID)
			if gerr == nil && cur.Status != SessionActive {
				return cur, nil // a concurrent Complete won: same outcome
			}
		}
		return ss, err
	}
	if s.Completed != nil {
		s.Completed(ctx, ss)
	}
	return ss, nil
}

// Instrument returns the exact instrument version a section was frozen with (the
// embedded one, or the stored snapshot when the content has changed since).
func (s *Service) Instrument(sec Section) (*catalog.Instrument, error) {
	inst, err := s.Catalog.InstrumentAt(sec.Instrument, sec.Hash)
	if err != nil {
		return nil, internalUnlessCoded(err)
	}
	return inst, nil
}

// internalUnlessCoded keeps a domain error's code (a throttled or unavailable snapshot
// read stays Unavailable: a 503 with Retry-After, which a client retries) and calls
// anything else a bug (Internal).
func internalUnlessCoded(err error) error {
	var e *Error
	if errors.As(err, &e) && e.Code != "" && e.Code != Internal {
		return err
	}
	return &Error{Code: Internal, Err: err}
}
