package assess

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Email from Shortlist: the candidate's invitation, reminders and feedback notice, and the
// hiring team's completion notices. Nothing is sent while a request waits: a use case
// that decides an email writes a Mail (the outbox item) to the table, and the notify
// worker, fed by the table's stream, composes it from what is stored at that moment and
// hands it to the Mailer. So an erased candidate, a bounced address or a candidate who
// started meanwhile gets nothing, and a retried send finds the item already sent.

// MailKind is what an email is about.
type MailKind string

// The kinds of email.
const (
	MailInvitation MailKind = "invitation" // the candidate's link
	MailReminder   MailKind = "reminder"   // the link again, before it expires
	MailFeedback   MailKind = "feedback"   // the candidate's feedback can be read
	MailCompletion MailKind = "completion" // to an owner: one candidate finished
	MailDigest     MailKind = "digest"     // to an owner: several finished in a window
)

// ToCandidate says whether the kind goes to the candidate (else to a member).
func (k MailKind) ToCandidate() bool {
	return k == MailInvitation || k == MailReminder || k == MailFeedback
}

// MailStatus is where an outbox item is.
type MailStatus string

// Outbox statuses: pending → sending (claimed by a worker) → sent or skipped.
const (
	MailPending MailStatus = "pending"
	MailSending MailStatus = "sending"
	MailSent    MailStatus = "sent"
	MailSkipped MailStatus = "skipped"
)

// Mail is one email in the outbox. It names what it is about by ids; the email itself is
// composed when it is sent.
type Mail struct {
	Kind         MailKind
	OrgID        string
	AssessmentID string
	CandidateID  string // empty for a digest
	UserID       string // the member a completion notice or digest goes to
	To           string // the member's address (candidate mail goes to the candidate's)
	// Token is an invitation's invite token: the link it sends. It is kept, with the
	// item, until the candidate's session could end, for the reminders and the feedback
	// notice that repeat the link; invites made without email keep only its hash.
	Token string
	// Parts are an invitation's parts as the candidate takes them (names in the
	// assessment's language, minutes with their extra time), written with it so that the
	// worker that sends it and the reminders that repeat it need no catalog.
	Parts      []EmailPart
	Step       int       // a reminder's days before expiry
	Candidates []string  // a digest's candidates
	Since      time.Time // a digest's window
	Status     MailStatus
	Reason     string // why it was skipped
	MessageID  string // the transport's id, once sent
	CreatedAt  time.Time
	ClaimedAt  time.Time
	SentAt     time.Time
	// Expires is when the item goes (the table's TTL): a record of what was sent is kept
	// as long as the data it is about.
	Expires time.Time
}

// Key is the mail's unique name and the sent message's idempotency key: one email per
// invitation (a resend is another invitation), per reminder step, per candidate's
// feedback, per owner and completion, per owner and digest window.
func (m Mail) Key() string {
	switch m.Kind {
	case MailInvitation:
		return fmt.Sprintf("invitation/%s/%d", m.CandidateID, m.CreatedAt.UnixNano())
	case MailReminder:
		return fmt.Sprintf("reminder/%s/%d", m.CandidateID, m.Step)
	case MailFeedback:
		return "feedback/" + m.CandidateID
	case MailCompletion:
		return "completion/" + m.CandidateID + "/" + m.UserID
	default:
		return fmt.Sprintf("digest/%s/%d/%s", m.AssessmentID, m.Since.UnixNano(), m.UserID)
	}
}

// Email is a composed email, handed to the Mailer: everything its text says.
type Email struct {
	Kind           MailKind
	Key            string // the idempotency key (Mail.Key)
	Lang           string // "es" or "en": the assessment's
	To             string
	RecipientName  string // may be empty
	OrgName        string
	AssessmentName string
	CandidateName  string
	Link           string // the candidate's link, or the console's page
	Parts          []EmailPart
	ExpiresAt      time.Time // invitation and reminder: the link's expiry; feedback: until when it can be read
	DaysLeft       int       // reminder
	CompletedAt    time.Time // completion
	Since          time.Time // digest
	Digest         []DigestLine

	OrgID, AssessmentID, CandidateID string
}

// EmailPart is one part of an assessment as an invitation lists it.
type EmailPart struct {
	Name    string
	Minutes int  // the time limit (with the candidate's extra time) when Timed, else the estimate
	Timed   bool //
}

// DigestLine is one finished candidate in a digest.
type DigestLine struct {
	CandidateID string
	Name        string
	CompletedAt time.Time
	Link        string
}

// Mailer renders and sends one email (shared/notify behind an adapter: SES in AWS, the
// outbox files or Mailpit locally) and returns the transport's message id. An email that
// cannot be written is an Invalid error (not retried); any other error is retried.
type Mailer interface {
	Send(ctx context.Context, e Email) (string, error)
}

// Timer asks for a wake-up of the notify worker at a time: reminders due for an
// assessment, the end of a completion digest's window, a webhook delivery's retry.
type Timer struct {
	Kind         TimerKind
	At           time.Time
	OrgID        string
	AssessmentID string
	Ref          string // a digest window's start (Unix ns), or a webhook delivery's id
	EndpointID   string // a webhook delivery's endpoint
}

// TimerKind is what a timer wakes the worker for.
type TimerKind string

// The kinds of timer.
const (
	TimerReminders TimerKind = "reminders"
	TimerDigest    TimerKind = "digest"
	TimerWebhook   TimerKind = "webhook"
)

// Name is the timer's unique name (at most 64 characters of [a-z0-9-]): setting a timer
// with a name already set is the same timer. Reminders of an assessment share one timer
// per hour, whoever they are for.
func (t Timer) Name() string {
	switch t.Kind {
	case TimerReminders:
		return "rem-" + t.AssessmentID + "-" + t.At.UTC().Format("2006010215")
	case TimerDigest:
		return "dig-" + t.AssessmentID + "-" + t.Ref
	default:
		return "wh-" + t.Ref + "-" + strconv.FormatInt(t.At.Unix(), 36)
	}
}

// Timers sets one-time wake-ups (EventBridge Scheduler in AWS, a local timer in the dev
// server): nothing runs and nothing bills until one is due. Setting a timer whose name is
// already set succeeds and changes nothing.
type Timers interface {
	Set(ctx context.Context, t Timer) error
}

// NewsWindow is an open completion-digest window of an assessment: the first candidate to
// finish opens it (and its owners are told at once); those who finish before it closes
// are told in one digest when it does.
type NewsWindow struct {
	OrgID        string
	AssessmentID string
	Since        time.Time
	Lead         string // the candidate who opened it (told at once); empty if none
}

// NewsEntry is a candidate who finished while a window was open.
type NewsEntry struct {
	OrgID        string
	AssessmentID string
	CandidateID  string
	CompletedAt  time.Time
}

// OutreachRepo is the storage the email use cases need (shared/store implements it).
type OutreachRepo interface {
	Organisation(ctx context.Context, id string) (Organisation, error)
	Assessment(ctx context.Context, orgID, id string) (Assessment, error)
	Candidate(ctx context.Context, orgID, id string) (Candidate, error)
	CandidatesByID(ctx context.Context, orgID string, ids []string) ([]Candidate, error)
	CandidatesPage(ctx context.Context, orgID, assessmentID, cursor string, limit int) ([]Candidate, string, error)
	Session(ctx context.Context, id string) (Session, error)
	SessionsOf(ctx context.Context, cs []Candidate) ([]Session, error)
	Members(ctx context.Context, orgID string) ([]Member, error)
	Member(ctx context.Context, userID string) (Member, error)

	// CreateInvites stores new candidates and their invitation mails, all or none.
	CreateInvites(ctx context.Context, cs []Candidate, mails []Mail) error
	// ReplaceCandidate writes c over old if the stored candidate is still old; Conflict
	// otherwise.
	ReplaceCandidate(ctx context.Context, old, c Candidate) error
	// PutMail stores a new mail; Conflict if one with its key exists.
	PutMail(ctx context.Context, m Mail) error
	// Mail reads the mail a stream record names (see shared/store.NotifyRecord).
	Mail(ctx context.Context, ref string) (Mail, error)
	// UpdateMail writes m if the stored mail's status is from; Conflict otherwise.
	UpdateMail(ctx context.Context, m Mail, from MailStatus) error
	// LatestInvitation is the candidate's last invitation mail; NotFound if none.
	LatestInvitation(ctx context.Context, orgID, candidateID string) (Mail, error)

	// OpenNews opens a digest window; Conflict if one is open.
	OpenNews(ctx context.Context, w NewsWindow) error
	News(ctx context.Context, orgID, assessmentID string) (NewsWindow, error)
	// CloseNews removes the window if it is still the one opened at w.Since.
	CloseNews(ctx context.Context, w NewsWindow) error
	// AddNews stores an entry (again: no-op).
	AddNews(ctx context.Context, e NewsEntry) error
	NewsEntries(ctx context.Context, orgID, assessmentID string) ([]NewsEntry, error)
	DropNews(ctx context.Context, e NewsEntry) error
}

// Outreach runs Shortlist's email: inviting by email, resending an invitation, reminders,
// the feedback notice, completion notices and digests, and bounces. The hr function uses
// its request-side methods (which only write the outbox); the notify worker the rest.
type Outreach struct {
	Repo OutreachRepo
	// Journey makes invitations (the request side only: the worker needs none).
	Journey *Service
	// Email says this deployment sends email (an SES identity is configured); without it
	// invites are links only and nothing is emailed.
	Email bool
	// Mailer sends; the notify worker's only (nil elsewhere).
	Mailer Mailer
	// Timers wakes the worker for reminders and digests; nil: none are set.
	Timers Timers
	// PublicURL is the site's origin: candidates' links and the console's pages.
	PublicURL string
	// DigestWindow is how long completions are gathered into one digest after the
	// first one's notice (default DefaultDigestWindow).
	DigestWindow time.Duration
	// Lease is how long a claimed mail is left to its worker before another may send
	// it (default DefaultMailLease).
	Lease time.Duration
	Clock func() time.Time
}

// Defaults of Outreach.
const (
	DefaultDigestWindow = 15 * time.Minute
	DefaultMailLease    = 2 * time.Minute
)

func (o *Outreach) now() time.Time {
	if o.Clock != nil {
		return o.Clock().UTC()
	}
	return time.Now().UTC()
}

func (o *Outreach) window() time.Duration {
	if o.DigestWindow > 0 {
		return o.DigestWindow
	}
	return DefaultDigestWindow
}

var errNoEmail = Errorf(Conflict, "this deployment sends no email (no email domain is configured): invite with links and share them yourself")

// invitationMail is the outbox item that emails in's link.
func (o *Outreach) invitationMail(a Assessment, in Invited, at time.Time) (Mail, error) {
	c := in.Candidate
	parts, err := o.parts(a, c)
	if err != nil {
		return Mail{}, err
	}
	return Mail{Kind: MailInvitation, OrgID: c.OrgID, AssessmentID: c.AssessmentID, CandidateID: c.ID,
		Token: in.Token, Parts: parts, Status: MailPending, CreatedAt: at, Expires: c.ExpiresAt.Add(SessionLifetime)}, nil
}

// parts lists the assessment's parts as c takes them: a timed part's real limit with c's
// extra time, an untimed one's estimate.
func (o *Outreach) parts(a Assessment, c Candidate) ([]EmailPart, error) {
	var out []EmailPart
	for _, sec := range a.Config.Sections {
		inst, err := o.Journey.Instrument(sec)
		if err != nil {
			return nil, err
		}
		p := EmailPart{Name: inst.Name.In(a.Config.Lang), Minutes: max(sec.Minutes, 1)}
		if sec.TimeLimitSeconds > 0 {
			p.Timed = true
			p.Minutes = int(math.Ceil(Extended(sec.TimeLimitSeconds, c.ExtraTime).Minutes()))
		}
		out = append(out, p)
	}
	return out, nil
}

// InviteByEmail invites rows (each needs an email) and emails each candidate their link:
// the candidates and their invitation mails are stored together, all or none.
func (o *Outreach) InviteByEmail(ctx context.Context, orgID, assessmentID string, rows []InviteInput) ([]Invited, error) {
	if !o.Email {
		return nil, errNoEmail
	}
	a, invited, err := o.Journey.newInvites(ctx, orgID, assessmentID, rows, true)
	if err != nil {
		return nil, err
	}
	cs := make([]Candidate, len(invited))
	mails := make([]Mail, len(invited))
	for i, in := range invited {
		cs[i] = in.Candidate
		if mails[i], err = o.invitationMail(a, in, in.Candidate.CreatedAt); err != nil {
			return nil, err
		}
	}
	if err := o.Repo.CreateInvites(ctx, cs, mails); err != nil {
		return nil, err
	}
	return invited, nil
}

// Resend emails a candidate a new link: the invite token is rotated (the old link stops
// working at once) and an invitation mail with the new one is written. A candidate who
// finished, whose invite expired unused, or whose address bounced cannot be sent one.
func (o *Outreach) Resend(ctx context.Context, orgID, assessmentID, candidateID string) (Invited, error) {
	c, err := o.Repo.Candidate(ctx, orgID, candidateID)
	if err == nil && c.AssessmentID != assessmentID {
		err = Errorf(NotFound, "no such candidate")
	}
	if err != nil {
		return Invited{}, err
	}
	switch {
	case !o.Email:
		return Invited{}, errNoEmail
	case c.Email == "":
		return Invited{}, Errorf(Conflict, "this candidate has no email address: share the link yourself")
	case c.EmailStatus != "":
		return Invited{}, Errorf(Conflict, "email to %s %s on %s: Shortlist sends it no more email", c.Email, c.EmailStatus, c.EmailStatusAt.Format("2006-01-02"))
	}
	now := o.now()
	ss, err := o.Repo.Session(ctx, c.ID)
	switch {
	case err == nil && ss.Status != SessionActive:
		return Invited{}, Errorf(Conflict, "this candidate has already completed the assessment")
	case err == nil:
	case CodeOf(err) != NotFound:
		return Invited{}, err
	case now.After(c.ExpiresAt):
		return Invited{}, Errorf(Gone, "this invite expired on %s; invite the candidate again", c.ExpiresAt.Format("2006-01-02"))
	}
	a, err := o.Repo.Assessment(ctx, orgID, assessmentID)
	if err != nil {
		return Invited{}, err
	}
	tok, hash := NewBoundToken(InvitePrefix, c.ID)
	next := c
	next.TokenHash, next.ByEmail = hash, true
	in := Invited{Candidate: next, Token: tok}
	mail, err := o.invitationMail(a, in, now)
	if err != nil {
		return Invited{}, err
	}
	if err := o.Repo.ReplaceCandidate(ctx, c, next); err != nil {
		if CodeOf(err) == Conflict {
			return Invited{}, Errorf(Conflict, "the candidate changed meanwhile: try again")
		}
		return Invited{}, err
	}
	if err := o.Repo.PutMail(ctx, mail); err != nil {
		return Invited{}, err
	}
	return in, nil
}

// InviteLink is the candidate's personal link for an invite token.
func InviteLink(publicURL, token string) string {
	return strings.TrimSuffix(publicURL, "/") + "/take/#" + token
}

// ConsoleLink is a page of the HR console: an assessment, or one of its candidates.
func ConsoleLink(publicURL, assessmentID, candidateID string) string {
	l := strings.TrimSuffix(publicURL, "/") + "/#/a/" + assessmentID
	if candidateID != "" {
		l += "/c/" + candidateID
	}
	return l
}

// ---------------------------------------------------------------- sending

// Send sends the mail a stream record names, once: it is claimed (pending → sending),
// composed from what is stored now, sent, and marked sent; or skipped with the reason
// (the candidate was erased, started, or bounced; the link was replaced). A mail already
// sent or skipped is left alone, so a retried record sends nothing twice. A failed send
// is returned (the stream retries it) after releasing the claim.
func (o *Outreach) Send(ctx context.Context, ref string) error {
	if o.Mailer == nil {
		return nil
	}
	m, err := o.Repo.Mail(ctx, ref)
	if CodeOf(err) == NotFound {
		return nil // erased with its candidate
	}
	if err != nil {
		return err
	}
	now := o.now()
	lease := o.Lease
	if lease <= 0 {
		lease = DefaultMailLease
	}
	switch m.Status {
	case MailSent, MailSkipped:
		return nil
	case MailSending:
		if now.Sub(m.ClaimedAt) < lease {
			return Errorf(Unavailable, "mail %s is being sent by another worker", m.Key())
		}
	}
	from := m.Status
	m.Status, m.ClaimedAt = MailSending, now
	if err := o.Repo.UpdateMail(ctx, m, from); err != nil {
		if CodeOf(err) == Conflict {
			return nil // another worker claimed it
		}
		return err
	}
	e, skip, err := o.compose(ctx, m, now)
	if err == nil && skip == "" {
		m.MessageID, err = o.Mailer.Send(ctx, e)
		if CodeOf(err) == Invalid {
			// The email could not be written (a value it needs is missing): no retry can
			// help, so it is recorded as skipped with the reason.
			skip, err = "could not be written: "+err.Error(), nil
		}
	}
	if err != nil {
		m.Status = MailPending
		_ = o.Repo.UpdateMail(context.WithoutCancel(ctx), m, MailSending)
		return err
	}
	if skip != "" {
		m.Status, m.Reason = MailSkipped, skip
	} else {
		m.Status, m.SentAt = MailSent, now
	}
	if err := o.Repo.UpdateMail(ctx, m, MailSending); err != nil && CodeOf(err) != Conflict {
		return err
	}
	if m.Kind == MailInvitation && skip == "" {
		return o.setReminders(ctx, m)
	}
	return nil
}

// setReminders sets the timers of the invited candidate's reminders. They are per hour
// and assessment, so a batch of invitations sets a few timers, not one per candidate.
func (o *Outreach) setReminders(ctx context.Context, m Mail) error {
	if o.Timers == nil {
		return nil
	}
	a, err := o.Repo.Assessment(ctx, m.OrgID, m.AssessmentID)
	if err != nil {
		return err
	}
	c, err := o.Repo.Candidate(ctx, m.OrgID, m.CandidateID)
	if CodeOf(err) == NotFound {
		return nil
	}
	if err != nil {
		return err
	}
	now := o.now()
	for _, d := range a.Config.Reminders {
		if at := reminderDue(c.ExpiresAt, d); at.After(now) {
			if err := o.Timers.Set(ctx, Timer{Kind: TimerReminders, At: at, OrgID: m.OrgID, AssessmentID: m.AssessmentID}); err != nil {
				return err
			}
		}
	}
	return nil
}

// reminderDue is when the reminder days before expires is due: that moment, rounded up
// to the hour (reminders of candidates invited in the same hour go together).
func reminderDue(expires time.Time, days int) time.Time {
	at := expires.Add(-time.Duration(days) * 24 * time.Hour)
	if t := at.Truncate(time.Hour); !t.Equal(at) {
		return t.Add(time.Hour)
	}
	return at
}

// compose builds the email m stands for from what is stored now, or says why it is not
// to be sent.
func (o *Outreach) compose(ctx context.Context, m Mail, now time.Time) (Email, string, error) {
	org, err := o.Repo.Organisation(ctx, m.OrgID)
	if err != nil {
		return Email{}, "", err
	}
	a, err := o.Repo.Assessment(ctx, m.OrgID, m.AssessmentID)
	if CodeOf(err) == NotFound {
		return Email{}, "the assessment is gone", nil
	}
	if err != nil {
		return Email{}, "", err
	}
	e := Email{Kind: m.Kind, Key: m.Key(), Lang: string(a.Config.Lang), OrgName: org.Name, AssessmentName: a.Config.Name,
		OrgID: m.OrgID, AssessmentID: m.AssessmentID, CandidateID: m.CandidateID}
	if m.Kind == MailDigest {
		return o.composeDigest(ctx, m, e)
	}
	c, err := o.Repo.Candidate(ctx, m.OrgID, m.CandidateID)
	if CodeOf(err) == NotFound {
		return Email{}, "the candidate was erased", nil
	}
	if err != nil {
		return Email{}, "", err
	}
	e.CandidateName = c.Name
	if m.Kind == MailCompletion {
		member, err := o.Repo.Member(ctx, m.UserID)
		if CodeOf(err) == NotFound || (err == nil && (member.OrgID != m.OrgID || member.Status == MemberDisabled)) {
			return Email{}, "the member left the organisation", nil
		}
		if err != nil {
			return Email{}, "", err
		}
		ss, err := o.Repo.Session(ctx, c.ID)
		if err != nil {
			return Email{}, "", err
		}
		e.To, e.CompletedAt, e.Link = member.Email, ss.CompletedAt, ConsoleLink(o.PublicURL, a.ID, c.ID)
		return e, "", nil
	}
	// Email to the candidate.
	if c.Email == "" || c.EmailStatus != "" {
		return Email{}, "email does not reach the candidate (" + orDash(c.EmailStatus) + ")", nil
	}
	e.To = c.Email
	ss, err := o.Repo.Session(ctx, c.ID)
	started := err == nil
	if err != nil && CodeOf(err) != NotFound {
		return Email{}, "", err
	}
	inv := m
	if m.Kind != MailInvitation {
		if inv, err = o.Repo.LatestInvitation(ctx, m.OrgID, c.ID); CodeOf(err) == NotFound {
			return Email{}, "the candidate was not invited by email", nil
		} else if err != nil {
			return Email{}, "", err
		}
	}
	if !TokenMatches(inv.Token, c.TokenHash) {
		return Email{}, "a newer invitation replaced this link", nil
	}
	e.Link = InviteLink(o.PublicURL, inv.Token)
	switch m.Kind {
	case MailFeedback:
		if !started {
			return Email{}, "the candidate has no session", nil
		}
		e.ExpiresAt = ss.ExpiresAt
		return e, "", nil
	case MailReminder:
		switch {
		case started:
			return Email{}, "the candidate started", nil
		case !now.Before(c.ExpiresAt):
			return Email{}, "the invite expired", nil
		}
		e.DaysLeft = max(int(c.ExpiresAt.Sub(now)/(24*time.Hour)), 0)
	case MailInvitation:
		if started && ss.Status != SessionActive {
			return Email{}, "the candidate completed the assessment", nil
		}
	}
	e.ExpiresAt, e.Parts = c.ExpiresAt, inv.Parts
	return e, "", nil
}

func (o *Outreach) composeDigest(ctx context.Context, m Mail, e Email) (Email, string, error) {
	member, err := o.Repo.Member(ctx, m.UserID)
	if CodeOf(err) == NotFound || (err == nil && (member.OrgID != m.OrgID || member.Status == MemberDisabled)) {
		return Email{}, "the member left the organisation", nil
	}
	if err != nil {
		return Email{}, "", err
	}
	cs, err := o.Repo.CandidatesByID(ctx, m.OrgID, m.Candidates)
	if err != nil {
		return Email{}, "", err
	}
	sessions, err := o.Repo.SessionsOf(ctx, cs)
	if err != nil {
		return Email{}, "", err
	}
	done := map[string]time.Time{}
	for _, ss := range sessions {
		done[ss.ID] = ss.CompletedAt
	}
	for _, c := range cs {
		if at := done[c.ID]; !at.IsZero() {
			e.Digest = append(e.Digest, DigestLine{CandidateID: c.ID, Name: c.Name, CompletedAt: at, Link: ConsoleLink(o.PublicURL, m.AssessmentID, c.ID)})
		}
	}
	if len(e.Digest) == 0 {
		return Email{}, "every candidate it listed was erased", nil
	}
	slices.SortFunc(e.Digest, func(a, b DigestLine) int { return a.CompletedAt.Compare(b.CompletedAt) })
	e.To, e.Since, e.Link = member.Email, m.Since, ConsoleLink(o.PublicURL, m.AssessmentID, "")
	return e, "", nil
}

func orDash(s string) string {
	if s == "" {
		return "no address"
	}
	return s
}

// ---------------------------------------------------------------- reminders

// Remind runs an assessment's reminder timer: every candidate invited by email who has
// not started, whose address works and whose invite is still open, and for whom a
// reminder step is due, gets one reminder mail: the latest step due (a step missed
// while an earlier timer failed is not sent late on top of it). A step is written once
// (its mail's key), so a timer that fires twice sends nothing twice.
func (o *Outreach) Remind(ctx context.Context, orgID, assessmentID string) (int, error) {
	if !o.Email {
		return 0, nil
	}
	a, err := o.Repo.Assessment(ctx, orgID, assessmentID)
	if CodeOf(err) == NotFound {
		return 0, nil
	}
	if err != nil || len(a.Config.Reminders) == 0 {
		return 0, err
	}
	now := o.now()
	n := 0
	for cursor, first := "", true; first || cursor != ""; first = false {
		var cs []Candidate
		if cs, cursor, err = o.Repo.CandidatesPage(ctx, orgID, assessmentID, cursor, 500); err != nil {
			return n, err
		}
		var open []Candidate
		for _, c := range cs {
			if c.ByEmail && c.Email != "" && c.EmailStatus == "" && now.Before(c.ExpiresAt) {
				open = append(open, c)
			}
		}
		sessions, err := o.Repo.SessionsOf(ctx, open)
		if err != nil {
			return n, err
		}
		started := map[string]bool{}
		for _, ss := range sessions {
			started[ss.ID] = true
		}
		for _, c := range open {
			step, ok := dueStep(a.Config.Reminders, c.ExpiresAt, now)
			if !ok || started[c.ID] {
				continue
			}
			err := o.Repo.PutMail(ctx, Mail{Kind: MailReminder, OrgID: orgID, AssessmentID: assessmentID, CandidateID: c.ID,
				Step: step, Status: MailPending, CreatedAt: now, Expires: c.ExpiresAt})
			switch CodeOf(err) {
			case "":
				n++
			case Conflict: // this step was written before
			default:
				return n, err
			}
		}
	}
	return n, nil
}

// dueStep is the reminder step due at now: the fewest days before expiry whose time has
// come.
func dueStep(days []int, expires, now time.Time) (int, bool) {
	best, ok := 0, false
	for _, d := range days {
		if !reminderDue(expires, d).After(now) && (!ok || d < best) {
			best, ok = d, true
		}
	}
	return best, ok
}

// ---------------------------------------------------------------- completion

// Completed tells the organisation's owners that a candidate finished: the first to
// finish in an assessment is told at once and opens a digest window; those who finish
// before it closes are gathered into one digest per owner when it does (Digest), so a
// burst of completions is two emails per owner, not one per candidate.
func (o *Outreach) Completed(ctx context.Context, ss Session) error {
	if !o.Email {
		return nil
	}
	owners, err := o.owners(ctx, ss.OrgID)
	if err != nil || len(owners) == 0 {
		return err
	}
	now := o.now()
	w := NewsWindow{OrgID: ss.OrgID, AssessmentID: ss.AssessmentID, Since: now, Lead: ss.ID}
	err = o.Repo.OpenNews(ctx, w)
	if CodeOf(err) == Conflict {
		cur, gerr := o.Repo.News(ctx, ss.OrgID, ss.AssessmentID)
		switch {
		case gerr == nil && cur.Lead == ss.ID:
			w, err = cur, nil // a retry of the lead: finish its notices
		case gerr != nil && CodeOf(gerr) != NotFound:
			return gerr
		default:
			return o.addNews(ctx, ss)
		}
	}
	if err != nil {
		return err
	}
	for _, m := range owners {
		err := o.Repo.PutMail(ctx, Mail{Kind: MailCompletion, OrgID: ss.OrgID, AssessmentID: ss.AssessmentID, CandidateID: ss.ID,
			UserID: m.UserID, To: m.Email, Status: MailPending, CreatedAt: now, Expires: ss.RetainUntil})
		if err != nil && CodeOf(err) != Conflict {
			return err
		}
	}
	return o.setDigest(ctx, w)
}

// addNews adds a completion to the open window, and opens one if it closed meanwhile.
func (o *Outreach) addNews(ctx context.Context, ss Session) error {
	if err := o.Repo.AddNews(ctx, NewsEntry{OrgID: ss.OrgID, AssessmentID: ss.AssessmentID, CandidateID: ss.ID, CompletedAt: ss.CompletedAt}); err != nil {
		return err
	}
	_, err := o.Repo.News(ctx, ss.OrgID, ss.AssessmentID)
	if CodeOf(err) != NotFound {
		return err
	}
	return o.reopen(ctx, ss.OrgID, ss.AssessmentID)
}

// reopen opens a window without a lead for entries left over, with its timer.
func (o *Outreach) reopen(ctx context.Context, orgID, assessmentID string) error {
	w := NewsWindow{OrgID: orgID, AssessmentID: assessmentID, Since: o.now()}
	err := o.Repo.OpenNews(ctx, w)
	if CodeOf(err) == Conflict {
		return nil // someone else opened one: its timer takes the entries
	}
	if err != nil {
		return err
	}
	return o.setDigest(ctx, w)
}

func (o *Outreach) setDigest(ctx context.Context, w NewsWindow) error {
	if o.Timers == nil {
		return nil
	}
	return o.Timers.Set(ctx, Timer{Kind: TimerDigest, At: w.Since.Add(o.window()), OrgID: w.OrgID,
		AssessmentID: w.AssessmentID, Ref: strconv.FormatInt(w.Since.UnixNano(), 10)})
}

// Digest closes an assessment's digest window (its timer, opened at since): one digest
// mail per owner lists the candidates who finished while it was open. Entries written
// while it closes go to a new window.
func (o *Outreach) Digest(ctx context.Context, orgID, assessmentID string, since time.Time) error {
	w, err := o.Repo.News(ctx, orgID, assessmentID)
	if CodeOf(err) == NotFound || (err == nil && !w.Since.Equal(since)) {
		return nil // closed already (a timer that fired twice)
	}
	if err != nil {
		return err
	}
	entries, err := o.Repo.NewsEntries(ctx, orgID, assessmentID)
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		owners, err := o.owners(ctx, orgID)
		if err != nil {
			return err
		}
		ids := make([]string, len(entries))
		retain := time.Time{}
		for i, e := range entries {
			ids[i] = e.CandidateID
		}
		if cs, err := o.Repo.CandidatesByID(ctx, orgID, ids); err == nil {
			for _, c := range cs {
				if c.RetainUntil.After(retain) {
					retain = c.RetainUntil
				}
			}
		}
		if retain.IsZero() {
			retain = o.now().Add(30 * 24 * time.Hour)
		}
		for _, m := range owners {
			err := o.Repo.PutMail(ctx, Mail{Kind: MailDigest, OrgID: orgID, AssessmentID: assessmentID, UserID: m.UserID, To: m.Email,
				Candidates: ids, Since: w.Since, Status: MailPending, CreatedAt: o.now(), Expires: retain})
			if err != nil && CodeOf(err) != Conflict {
				return err
			}
		}
		for _, e := range entries {
			if err := o.Repo.DropNews(ctx, e); err != nil {
				return err
			}
		}
	}
	if err := o.Repo.CloseNews(ctx, w); err != nil {
		return err
	}
	left, err := o.Repo.NewsEntries(ctx, orgID, assessmentID)
	if err != nil || len(left) == 0 {
		return err
	}
	return o.reopen(ctx, orgID, assessmentID)
}

// owners are the members told of completions: the organisation's owners.
func (o *Outreach) owners(ctx context.Context, orgID string) ([]Member, error) {
	ms, err := o.Repo.Members(ctx, orgID)
	if err != nil {
		return nil, err
	}
	var out []Member
	for _, m := range ms {
		if m.Role == RoleOwner && m.Status != MemberDisabled && m.Email != "" {
			out = append(out, m)
		}
	}
	return out, nil
}

// ---------------------------------------------------------------- feedback, bounces

// FeedbackReady emails a candidate invited by email that their feedback can be read,
// once (the mail's key), when their reports are first stored.
func (o *Outreach) FeedbackReady(ctx context.Context, orgID, sessionID string) error {
	if !o.Email {
		return nil
	}
	c, err := o.Repo.Candidate(ctx, orgID, sessionID)
	if CodeOf(err) == NotFound {
		return nil
	}
	if err != nil {
		return err
	}
	if !c.ByEmail || c.Email == "" || c.EmailStatus != "" {
		return nil
	}
	err = o.Repo.PutMail(ctx, Mail{Kind: MailFeedback, OrgID: orgID, AssessmentID: c.AssessmentID, CandidateID: c.ID,
		Status: MailPending, CreatedAt: o.now(), Expires: c.RetainUntil})
	if CodeOf(err) == Conflict {
		return nil
	}
	return err
}

// Bounce is what the email service reported about an address (shared/notify's SES event
// parsing, behind the worker).
type Bounce struct {
	Email     string
	Kind      string // "bounce" or "complaint"
	Permanent bool
	// Tags of the message it is about: "kind", "org", "candidate".
	Tags map[string]string
	At   time.Time
}

// Bounced marks the candidate a permanent bounce or a complaint is about, so nothing is
// emailed to them again (and the hiring team sees why). Transient bounces, and bounces
// of members' notices, change nothing.
func (o *Outreach) Bounced(ctx context.Context, b Bounce) error {
	if !b.Permanent || !MailKind(b.Tags["kind"]).ToCandidate() {
		return nil
	}
	c, err := o.Repo.Candidate(ctx, b.Tags["org"], b.Tags["candidate"])
	if CodeOf(err) == NotFound {
		return nil
	}
	if err != nil {
		return err
	}
	if !strings.EqualFold(c.Email, b.Email) || c.EmailStatus != "" {
		return nil
	}
	next := c
	next.EmailStatus, next.EmailStatusAt = EmailBounced, b.At
	if b.Kind == "complaint" {
		next.EmailStatus = EmailComplained
	}
	if next.EmailStatusAt.IsZero() {
		next.EmailStatusAt = o.now()
	}
	err = o.Repo.ReplaceCandidate(ctx, c, next)
	if CodeOf(err) == Conflict {
		return Errorf(Unavailable, "the candidate changed meanwhile: retry") // the stream retries
	}
	return err
}
