package webhook

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"time"
)

// EventType names what happened.
type EventType string

// The events an organisation can subscribe to.
const (
	// CandidateCompleted: the candidate handed in the assessment.
	CandidateCompleted EventType = "candidate.completed"
	// CandidateScored: the candidate's results exist (read them through the API).
	CandidateScored EventType = "candidate.scored"
	// ReportReady: the candidate's report and feedback are rendered.
	ReportReady EventType = "report.ready"
	// DecisionRecorded: someone on the hiring team recorded (or changed) a decision.
	DecisionRecorded EventType = "decision.recorded"
	// CandidateErased: everything about the candidate was deleted; the receiver should
	// delete what it copied.
	CandidateErased EventType = "candidate.erased"
)

// EventTypes lists every event type.
var EventTypes = []EventType{CandidateCompleted, CandidateScored, ReportReady, DecisionRecorded, CandidateErased}

// Event is one webhook message. Its JSON is the body that is signed and sent:
//
//	{"type":"candidate.scored","timestamp":"2027-01-09T16:05:00Z",
//	 "data":{"organisationId":"…","assessmentId":"…","candidateId":"…","links":{…}}}
type Event struct {
	ID        string    `json:"-"` // the webhook-id header: "msg_" and 32 hex digits
	Type      EventType `json:"type"`
	Timestamp time.Time `json:"timestamp"` // when it happened, UTC
	Data      Data      `json:"data"`
}

// Data identifies what the event is about. It holds ids and links only.
type Data struct {
	OrganisationID string `json:"organisationId"`
	AssessmentID   string `json:"assessmentId"`
	CandidateID    string `json:"candidateId"`
	Links          Links  `json:"links,omitzero"`
}

// Links are API URLs the receiver reads with its own API key; each is optional.
type Links struct {
	Candidate string `json:"candidate,omitempty"` // the candidate's status and results
	Report    string `json:"report,omitempty"`    // issues a short-lived download link for the report
	Console   string `json:"console,omitempty"`   // the candidate in the HR console, for people
}

// Body is the JSON the event is sent as.
func (e Event) Body() ([]byte, error) {
	return json.Marshal(e)
}

// NewEvent builds an event of any type; the per-type constructors below are the usual
// way. at is when it happened (its id depends on it: the same occurrence built twice gets
// the same id). Every id is required; links must be absolute https URLs.
func NewEvent(typ EventType, orgID, assessmentID, candidateID string, at time.Time, links Links) (Event, error) {
	known := false
	for _, t := range EventTypes {
		known = known || t == typ
	}
	if !known {
		return Event{}, fmt.Errorf("webhook: unknown event type %q", typ)
	}
	if orgID == "" || assessmentID == "" || candidateID == "" {
		return Event{}, fmt.Errorf("webhook: %s needs organisation, assessment and candidate ids", typ)
	}
	if at.IsZero() {
		return Event{}, fmt.Errorf("webhook: %s needs the time it happened", typ)
	}
	for name, l := range map[string]string{"candidate": links.Candidate, "report": links.Report, "console": links.Console} {
		if l == "" {
			continue
		}
		if u, err := url.Parse(l); err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil {
			return Event{}, fmt.Errorf("webhook: %s link %q is not an absolute https URL", name, l)
		}
	}
	at = at.UTC()
	sum := sha256.Sum256([]byte(string(typ) + "\x00" + orgID + "\x00" + assessmentID + "\x00" +
		candidateID + "\x00" + strconv.FormatInt(at.UnixNano(), 10)))
	return Event{
		ID:        "msg_" + hex.EncodeToString(sum[:16]),
		Type:      typ,
		Timestamp: at,
		Data:      Data{OrganisationID: orgID, AssessmentID: assessmentID, CandidateID: candidateID, Links: links},
	}, nil
}

// NewCandidateCompleted: the candidate handed in the assessment at at.
func NewCandidateCompleted(orgID, assessmentID, candidateID string, at time.Time, links Links) (Event, error) {
	return NewEvent(CandidateCompleted, orgID, assessmentID, candidateID, at, links)
}

// NewCandidateScored: the candidate's results were saved at at.
func NewCandidateScored(orgID, assessmentID, candidateID string, at time.Time, links Links) (Event, error) {
	return NewEvent(CandidateScored, orgID, assessmentID, candidateID, at, links)
}

// NewReportReady: the candidate's report was stored at at.
func NewReportReady(orgID, assessmentID, candidateID string, at time.Time, links Links) (Event, error) {
	return NewEvent(ReportReady, orgID, assessmentID, candidateID, at, links)
}

// NewDecisionRecorded: a decision about the candidate was recorded at at. The decision
// itself is not in the event: the receiver reads it through the candidate link.
func NewDecisionRecorded(orgID, assessmentID, candidateID string, at time.Time, links Links) (Event, error) {
	return NewEvent(DecisionRecorded, orgID, assessmentID, candidateID, at, links)
}

// NewCandidateErased: the candidate was erased at at. It has no links: there is nothing
// left to read.
func NewCandidateErased(orgID, assessmentID, candidateID string, at time.Time) (Event, error) {
	return NewEvent(CandidateErased, orgID, assessmentID, candidateID, at, Links{})
}
