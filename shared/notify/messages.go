package notify

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Part is one part of an assessment as a candidate sees it before starting.
type Part struct {
	Name string
	// Minutes is the part's time limit when Timed (with the candidate's extra time
	// already applied), or its estimated duration when not.
	Minutes int
	Timed   bool
}

// Invitation asks a candidate to take an assessment.
type Invitation struct {
	Lang           Lang
	To             string
	CandidateName  string // may be empty: the greeting then names no one
	OrgName        string
	AssessmentName string
	Link           string // the candidate's personal link (http or https)
	Parts          []Part
	ExpiresAt      time.Time
	Zone           *time.Location // the zone dates are shown in; nil: UTC

	OrgID, AssessmentID, CandidateID string // tags and the idempotency key
}

// TotalMinutes is the sum of the parts' minutes.
func (m Invitation) TotalMinutes() int {
	n := 0
	for _, p := range m.Parts {
		n += p.Minutes
	}
	return n
}

func (m Invitation) check() error {
	if err := need(map[string]string{"OrgName": m.OrgName, "AssessmentName": m.AssessmentName,
		"OrgID": m.OrgID, "CandidateID": m.CandidateID}); err != nil {
		return err
	}
	if err := checkLink("Link", m.Link); err != nil {
		return err
	}
	if len(m.Parts) == 0 {
		return invalid("no parts")
	}
	for i, p := range m.Parts {
		if strings.TrimSpace(p.Name) == "" || p.Minutes <= 0 {
			return invalid("part %d needs a name and its minutes", i+1)
		}
	}
	if m.ExpiresAt.IsZero() {
		return invalid("ExpiresAt is not set")
	}
	return nil
}

// Render writes the invitation. Its idempotency key is "invitation/<candidate id>".
func (m Invitation) Render() (Message, error) {
	if err := m.check(); err != nil {
		return Message{}, err
	}
	return render(m.Lang, "invitation", m.To, m, m.tags(), "invitation/"+m.CandidateID)
}

func (m Invitation) tags() map[string]string {
	return map[string]string{"org": m.OrgID, "assessment": m.AssessmentID, "candidate": m.CandidateID}
}

// Reminder tells a candidate who has not finished that the invitation is still open.
type Reminder struct {
	Invitation
	// DaysLeft is the number of whole days before the link expires: 0 is the last day
	// (see DaysLeft).
	DaysLeft int
}

// DaysLeft counts the whole days from now until expires, at least 0.
func DaysLeft(now, expires time.Time) int {
	d := int(expires.Sub(now) / (24 * time.Hour))
	return max(d, 0)
}

// Render writes the reminder. Its idempotency key is
// "reminder/<candidate id>/<days left>": one reminder per candidate and day count.
func (m Reminder) Render() (Message, error) {
	if err := m.check(); err != nil {
		return Message{}, err
	}
	if m.DaysLeft < 0 {
		return Message{}, invalid("DaysLeft is negative")
	}
	return render(m.Lang, "reminder", m.To, m, m.tags(),
		"reminder/"+m.CandidateID+"/"+strconv.Itoa(m.DaysLeft))
}

// FeedbackReady tells a candidate that their feedback report can be read.
type FeedbackReady struct {
	Lang           Lang
	To             string
	CandidateName  string // may be empty
	OrgName        string
	AssessmentName string
	Link           string         // where the candidate reads the feedback
	Until          time.Time      // when the link stops working; zero: not said
	Zone           *time.Location // nil: UTC

	OrgID, AssessmentID, CandidateID string
}

// Render writes the notice. Its idempotency key is "feedback/<candidate id>".
func (m FeedbackReady) Render() (Message, error) {
	if err := need(map[string]string{"OrgName": m.OrgName, "AssessmentName": m.AssessmentName,
		"OrgID": m.OrgID, "CandidateID": m.CandidateID}); err != nil {
		return Message{}, err
	}
	if err := checkLink("Link", m.Link); err != nil {
		return Message{}, err
	}
	tags := map[string]string{"org": m.OrgID, "assessment": m.AssessmentID, "candidate": m.CandidateID}
	return render(m.Lang, "feedback", m.To, m, tags, "feedback/"+m.CandidateID)
}

// CompletionNotice tells one of an assessment's owners that a candidate has finished.
type CompletionNotice struct {
	Lang           Lang
	To             string
	RecipientName  string // may be empty
	OrgName        string
	AssessmentName string
	CandidateName  string // how the console names the candidate (a name, or else an email or external id)
	CompletedAt    time.Time
	ConsoleLink    string // the candidate in the HR console
	Zone           *time.Location

	OrgID, AssessmentID, CandidateID string
}

// Render writes the notice. Its idempotency key is "completion/<candidate id>/<to>".
func (m CompletionNotice) Render() (Message, error) {
	if err := need(map[string]string{"OrgName": m.OrgName, "AssessmentName": m.AssessmentName,
		"CandidateName": m.CandidateName, "OrgID": m.OrgID, "CandidateID": m.CandidateID}); err != nil {
		return Message{}, err
	}
	if err := checkLink("ConsoleLink", m.ConsoleLink); err != nil {
		return Message{}, err
	}
	if m.CompletedAt.IsZero() {
		return Message{}, invalid("CompletedAt is not set")
	}
	tags := map[string]string{"org": m.OrgID, "assessment": m.AssessmentID, "candidate": m.CandidateID}
	return render(m.Lang, "completion", m.To, m, tags, "completion/"+m.CandidateID+"/"+m.To)
}

// MaxDigestEntries is how many candidates a digest lists by name; the rest are counted.
const MaxDigestEntries = 50

// DigestEntry is one finished candidate in a CompletionDigest.
type DigestEntry struct {
	CandidateID string
	Name        string // as in CompletionNotice.CandidateName
	CompletedAt time.Time
	Link        string // the candidate in the console; may be empty
}

// CompletionDigest replaces many CompletionNotices when candidates finish in a burst: one
// email per owner listing who finished since a time.
type CompletionDigest struct {
	Lang           Lang
	To             string
	RecipientName  string
	OrgName        string
	AssessmentName string
	Since          time.Time
	Candidates     []DigestEntry // in the order to list them; the first MaxDigestEntries are named
	ConsoleLink    string        // the assessment in the console
	Zone           *time.Location

	OrgID, AssessmentID string
}

// digestView adds what the digest template shows but the caller does not give.
type digestView struct {
	CompletionDigest
	Listed []DigestEntry
	More   int
}

// Render writes the digest. Its idempotency key is "digest/<assessment id>/<to>/<hash of
// the candidate ids>", so the same burst is one message however often it is retried.
func (m CompletionDigest) Render() (Message, error) {
	if err := need(map[string]string{"OrgName": m.OrgName, "AssessmentName": m.AssessmentName,
		"OrgID": m.OrgID, "AssessmentID": m.AssessmentID}); err != nil {
		return Message{}, err
	}
	if err := checkLink("ConsoleLink", m.ConsoleLink); err != nil {
		return Message{}, err
	}
	if m.Since.IsZero() {
		return Message{}, invalid("Since is not set")
	}
	if len(m.Candidates) == 0 {
		return Message{}, invalid("a digest needs candidates")
	}
	ids := make([]string, 0, len(m.Candidates))
	for i, c := range m.Candidates {
		if strings.TrimSpace(c.Name) == "" || c.CandidateID == "" || c.CompletedAt.IsZero() {
			return Message{}, invalid("candidate %d needs an id, a name and a completion time", i+1)
		}
		if c.Link != "" {
			if err := checkLink("Candidates.Link", c.Link); err != nil {
				return Message{}, err
			}
		}
		ids = append(ids, c.CandidateID)
	}
	slices.Sort(ids)
	sum := sha256.Sum256([]byte(strings.Join(ids, "\n")))
	v := digestView{CompletionDigest: m, Listed: m.Candidates}
	if len(v.Listed) > MaxDigestEntries {
		v.Listed, v.More = v.Listed[:MaxDigestEntries], len(v.Listed)-MaxDigestEntries
	}
	tags := map[string]string{"org": m.OrgID, "assessment": m.AssessmentID}
	return render(m.Lang, "digest", m.To, v, tags,
		"digest/"+m.AssessmentID+"/"+m.To+"/"+hex.EncodeToString(sum[:8]))
}

// need fails on the first empty (or blank) value, in the order of its names.
func need(fields map[string]string) error {
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		if strings.TrimSpace(fields[k]) == "" {
			return invalid("%s is empty", k)
		}
	}
	return nil
}

// checkLink accepts an absolute http or https URL.
func checkLink(field, link string) error {
	u, err := url.Parse(link)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return invalid("%s: %q is not an absolute http(s) URL", field, link)
	}
	return nil
}
