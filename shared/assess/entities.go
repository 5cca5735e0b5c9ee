package assess

import (
	"encoding/json"
	"time"
)

// The journey's entities. They carry no storage tags: shared/store maps each one to its
// table item with named converters. Times are the server's, in UTC; a zero time means
// "not yet".

// Organisation is a hiring team: it owns API keys, assessments and candidates.
type Organisation struct {
	ID            string
	Name          string
	CreatedAt     time.Time
	RetentionDays int    // candidate data is kept this long after a session can end (default 180)
	Notice        Notice // the privacy notice candidates acknowledge; empty: DefaultNotice
	GroupField    Notice // the label of the organisation's own self-ID question; empty: none
	Branding             // what candidates see instead of Shortlist's name, colour and logo
}

// APIKey lets an HR client act for one organisation. Only the key's hash is stored.
type APIKey struct {
	ID        string
	OrgID     string
	Hash      string
	Label     string
	Role      Role // what the key may do; keys made before roles existed are owners
	CreatedAt time.Time
	RevokedAt time.Time
}

// Assessment is a frozen configuration: later content edits never change it.
type Assessment struct {
	ID        string
	OrgID     string
	Config    Config
	CreatedAt time.Time
}

// Candidate is one invited applicant: the invite's token hash and who they are. The
// session their invite opens (one at most) has the candidate's id.
type Candidate struct {
	ID           string
	OrgID        string
	AssessmentID string
	TokenHash    string
	Name         string
	Email        string
	ExternalID   string
	// ExtraTime multiplies every section's time limit (1 = standard time). It is an
	// accommodation, set by the hiring team.
	ExtraTime float64
	CreatedAt time.Time
	ExpiresAt time.Time
	// RetainUntil is when everything about the candidate stops being readable (and the
	// table's TTL deletes it): see RetainUntil.
	RetainUntil time.Time
	// ByEmail says Shortlist emailed the invitation: reminders and the feedback notice
	// follow by email too. Candidates invited with links hear nothing from Shortlist.
	ByEmail bool
	// EmailStatus is "" while email reaches the candidate, else why it stopped
	// (EmailBounced, EmailComplained): no email goes to the address after that.
	EmailStatus   string
	EmailStatusAt time.Time
}

// Email statuses of a candidate's address.
const (
	EmailBounced    = "bounced"    // a permanent bounce: the mailbox does not exist
	EmailComplained = "complained" // the candidate marked an email as spam
)

// SessionStatus is where a session is in its life; it only moves forward.
type SessionStatus string

const (
	SessionActive    SessionStatus = "active"
	SessionCompleted SessionStatus = "completed"
	SessionScored    SessionStatus = "scored"
)

// Session is one candidate taking one assessment.
type Session struct {
	ID             string
	OrgID          string
	AssessmentID   string
	CandidateID    string
	TokenHash      string
	Status         SessionStatus
	ExtraTime      float64
	Seed           int64
	Sections       []SectionState
	NoticeVersion  string
	AcknowledgedAt time.Time
	StartedAt      time.Time
	CompletedAt    time.Time
	ExpiresAt      time.Time
	RetainUntil    time.Time // the candidate's
	// Version counts writes: the store writes s only over version s.Version-1.
	Version int64
}

// Grace is how long after a deadline a write in flight is still accepted.
const Grace = 10 * time.Second

// SectionState is the server's clock for one section.
type SectionState struct {
	StartedAt  time.Time
	Deadline   time.Time
	FinishedAt time.Time
}

// Open says whether the section takes answers at now: started, not finished, and not
// past its deadline plus Grace.
func (s SectionState) Open(now time.Time) bool {
	return !s.StartedAt.IsZero() && s.FinishedAt.IsZero() &&
		(s.Deadline.IsZero() || !now.After(s.Deadline.Add(Grace)))
}

// AnswerBatch is one autosave: a few answers and client events, numbered by the client.
type AnswerBatch struct {
	SessionID   string
	Seq         int
	Section     int
	Answers     []Answer
	Events      []ClientEvent
	ReceivedAt  time.Time
	RetainUntil time.Time // the session's
}

// Answer is a candidate's response to one item.
type Answer struct {
	Item  string          `json:"item"`
	Value json.RawMessage `json:"value"`
	MS    int             `json:"ms,omitempty"`
}

// ClientEvent is something the client noticed, such as focus loss or a paste.
type ClientEvent struct {
	Type string `json:"type"`
	Item string `json:"item,omitempty"`
	AtMS int64  `json:"atMs"`
}

// The types below serve scoring, reports, audit and idempotent retries. RetainUntil is the
// data-retention deadline the domain sets from the organisation's policy: the store turns
// it into the table's TTL attribute and stops returning the record after it (zero: kept).

// PendingScoring marks a completed session that has no result yet. Completion writes it
// before the session's status and saving the result removes it after, so a completed
// session can never stay unscored unnoticed: a sweeper lists what is left.
type PendingScoring struct {
	SessionID    string
	OrgID        string
	AssessmentID string
	CompletedAt  time.Time
}

// PendingReport marks a scored session whose candidate report and feedback are not known
// to be stored yet. Saving a result writes it (after the result, before the session says
// scored) and storing the reports removes it, so a result whose rendering gave up (the
// stream's retries exhausted, a crash) is found by the reports sweep instead of being
// lost. It expires with the candidate's data.
type PendingReport struct {
	SessionID    string
	OrgID        string
	AssessmentID string
	CompletedAt  time.Time // the session's completion: the marker's place in the queue
	Since        time.Time // when the marker was written (the result's scoring time)
	Tries        int       // sweeps that tried to render it and failed
	NextTry      time.Time // zero, or the earliest time a sweep tries again
	RetainUntil  time.Time
}

// Result is a session's scores, written once.
type Result struct {
	SessionID      string
	OrgID          string
	AssessmentID   string
	ScoredAt       time.Time
	ScoringVersion string
	Scores         Scores // what scoring produced; shared/store keeps it in a versioned document
	RetainUntil    time.Time
}

// ReportRecord says where a rendered report is stored.
type ReportRecord struct {
	ID           string
	OrgID        string
	AssessmentID string
	SessionID    string // empty for a cohort report
	Kind         string // "candidate" or "cohort"
	Format       string // "pdf" or "csv"
	ObjectKey    string
	Filename     string // the download's name, in the report's language
	Size         int64
	SHA256       string
	CreatedAt    time.Time
	RetainUntil  time.Time
}

// AuditEvent records who did what in an organisation. It holds no personal data, so it can
// outlive an erased candidate.
type AuditEvent struct {
	OrgID       string
	ID          string
	At          time.Time
	Actor       string // e.g. "key:<id>", "system"
	Action      string // e.g. "assessment.create"
	Target      string // e.g. "assessment:<id>"
	Detail      map[string]string
	RetainUntil time.Time
}

// IdempotencyRecord remembers the response to a request sent with an idempotency key, so a
// retried request gets the first answer instead of a second effect.
type IdempotencyRecord struct {
	Scope       string // whose key space: an organisation or session id
	Key         string // the client's key
	RequestHash string // the request it was first used with; another request is a conflict
	Status      int    // the response's HTTP status; 0 while the first request runs
	Body        []byte
	CreatedAt   time.Time
	ExpiresAt   time.Time
}
