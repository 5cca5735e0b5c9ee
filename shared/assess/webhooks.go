package assess

import (
	"context"
	"crypto/sha256"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Webhooks tell an organisation's ATS what happened, as signed HTTPS requests (Standard
// Webhooks, shared/webhook behind the WebhookKit port). An event makes one Delivery per
// endpoint subscribed to it, written to the table; the notify worker sends each from the
// table's stream and records every attempt; a failed attempt is retried on a timer for
// more than a day; an endpoint that answers 410 Gone is disabled. Payloads carry ids and
// links only.

// HookEventType names what happened (the same names as shared/webhook's event types).
type HookEventType string

// The events an endpoint can subscribe to.
const (
	HookCompleted HookEventType = "candidate.completed"
	HookScored    HookEventType = "candidate.scored"
	HookReport    HookEventType = "report.ready"
	HookDecision  HookEventType = "decision.recorded"
	HookErased    HookEventType = "candidate.erased"
)

// HookEventTypes lists every event type, in the order they usually happen.
var HookEventTypes = []HookEventType{HookCompleted, HookScored, HookReport, HookDecision, HookErased}

// HookEvent is one occurrence: its type, when it happened and what it is about. The same
// occurrence always builds the same event (and the same webhook-id).
type HookEvent struct {
	Type         HookEventType
	At           time.Time
	OrgID        string
	AssessmentID string
	CandidateID  string
	ReportID     string // report.ready: the report's id, for its link
}

// HookLinks are the API and console addresses an event points at.
type HookLinks struct{ Candidate, Report, Console string }

// Links are the event's links under publicURL: none for an erasure (nothing is left).
func (e HookEvent) Links(publicURL string) HookLinks {
	if e.Type == HookErased || publicURL == "" {
		return HookLinks{}
	}
	base := strings.TrimSuffix(publicURL, "/")
	l := HookLinks{Candidate: base + "/v1/assessments/" + e.AssessmentID + "/candidates/" + e.CandidateID,
		Console: ConsoleLink(publicURL, e.AssessmentID, e.CandidateID)}
	if e.ReportID != "" {
		l.Report = base + "/v1/reports/" + e.ReportID + "/link"
	}
	return l
}

// EndpointStatus says whether an endpoint is sent events.
type EndpointStatus string

// Endpoint statuses.
const (
	EndpointActive   EndpointStatus = "active"
	EndpointDisabled EndpointStatus = "disabled" // it answered 410 Gone
)

// Endpoint is an organisation's webhook receiver.
type Endpoint struct {
	ID         string
	OrgID      string
	URL        string
	Events     []HookEventType
	Secrets    []HookSecret // the current one first
	Status     EndpointStatus
	Reason     string // why it was disabled
	CreatedAt  time.Time
	RotatedAt  time.Time
	DisabledAt time.Time
	Version    int64
}

// HookSecret is one signing secret ("whsec_…"); a replaced one signs until Expires.
type HookSecret struct {
	Secret    string
	CreatedAt time.Time
	Expires   time.Time // zero: the current secret
}

// Signing lists the secrets a delivery at now is signed with: the current one and any
// replaced one still within its overlap.
func (e Endpoint) Signing(now time.Time) []string {
	var out []string
	for _, s := range e.Secrets {
		if s.Expires.IsZero() || now.Before(s.Expires) {
			out = append(out, s.Secret)
		}
	}
	return out
}

// Subscribed says whether the endpoint is sent events of type t.
func (e Endpoint) Subscribed(t HookEventType) bool {
	return e.Status == EndpointActive && slices.Contains(e.Events, t)
}

// DeliveryState is where a delivery is.
type DeliveryState string

// Delivery states.
const (
	DeliveryPending   DeliveryState = "pending"   // not attempted yet
	DeliveryRetrying  DeliveryState = "retrying"  // failed; NextAt says when it is tried again
	DeliveryDelivered DeliveryState = "delivered" // the receiver answered 2xx
	DeliveryFailed    DeliveryState = "failed"    // every attempt failed, or the URL cannot be sent to
	DeliveryGone      DeliveryState = "gone"      // the receiver answered 410: the endpoint is disabled
	DeliveryCancelled DeliveryState = "cancelled" // the endpoint was disabled or deleted first
)

// Delivery is one event for one endpoint and what became of it.
type Delivery struct {
	ID         string // sortable by time: see deliveryID
	OrgID      string
	EndpointID string
	Event      HookEvent
	State      DeliveryState
	Attempts   []HookAttempt
	NextAt     time.Time
	ReplayOf   string // the delivery this one sends again
	CreatedAt  time.Time
	Expires    time.Time
	Version    int64
}

// HookAttempt is one try at a delivery.
type HookAttempt struct {
	At       time.Time
	Status   int // the HTTP status; 0 when none came
	Duration time.Duration
	Error    string // a refused address, a timeout, …; empty with a response
	Response string // the start of the response body
	// Retry says a later attempt may succeed; Gone that the endpoint is gone (410).
	Retry, Gone bool
}

// Delivered says the receiver accepted the event.
func (a HookAttempt) Delivered() bool { return a.Error == "" && a.Status >= 200 && a.Status < 300 }

// WebhookKit is what the webhook use cases need of shared/webhook (the adapter is in
// shared/app): URL checks against private addresses, secrets, signed delivery and the
// retry schedule.
type WebhookKit interface {
	// CheckURL refuses an endpoint that is not https or names a non-public address.
	CheckURL(raw string) error
	NewSecret() (string, error)
	// Deliver sends e to endpoint signed with every secret, once.
	Deliver(ctx context.Context, endpoint string, secrets []string, e HookEvent, links HookLinks) HookAttempt
	// NextAttempt is the wait after the n-th failed attempt; false: give up.
	NextAttempt(n int) (time.Duration, bool)
}

// WebhookRepo is the storage the webhook use cases need (shared/store implements it).
type WebhookRepo interface {
	CreateEndpoint(ctx context.Context, e Endpoint) error
	Endpoint(ctx context.Context, orgID, id string) (Endpoint, error)
	Endpoints(ctx context.Context, orgID string) ([]Endpoint, error)
	// UpdateEndpoint writes e over version e.Version-1; Conflict otherwise.
	UpdateEndpoint(ctx context.Context, e Endpoint) error
	DeleteEndpoint(ctx context.Context, orgID, id string) error
	// PutDelivery stores a new delivery; Conflict if its id exists for the endpoint.
	PutDelivery(ctx context.Context, d Delivery) error
	Delivery(ctx context.Context, orgID, endpointID, id string) (Delivery, error)
	// UpdateDelivery writes d over version d.Version-1; Conflict otherwise.
	UpdateDelivery(ctx context.Context, d Delivery) error
	// Deliveries lists an endpoint's deliveries, newest first, a page at a time.
	Deliveries(ctx context.Context, orgID, endpointID, cursor string, limit int) ([]Delivery, string, error)
}

// Webhooks manages endpoints and sends their events.
type Webhooks struct {
	Repo      WebhookRepo
	Kit       WebhookKit
	Timers    Timers // the worker's retries; nil: none are set
	PublicURL string
	Clock     func() time.Time
}

// Limits of webhooks.
const (
	MaxEndpoints     = 10
	MaxEndpointURL   = 2048
	SecretOverlap    = 24 * time.Hour
	DeliveryLifetime = 30 * 24 * time.Hour
)

func (w *Webhooks) now() time.Time {
	if w.Clock != nil {
		return w.Clock().UTC()
	}
	return time.Now().UTC()
}

// CreateEndpoint adds an endpoint for events (every type when empty) and returns its
// signing secret, shown this once.
func (w *Webhooks) CreateEndpoint(ctx context.Context, orgID, rawURL string, events []string) (Endpoint, string, error) {
	rawURL = strings.TrimSpace(rawURL)
	if rawURL == "" || len(rawURL) > MaxEndpointURL {
		return Endpoint{}, "", FieldError("url", fmt.Sprintf("an https URL of at most %d characters", MaxEndpointURL))
	}
	if err := w.Kit.CheckURL(rawURL); err != nil {
		return Endpoint{}, "", FieldError("url", err.Error())
	}
	types, err := hookTypes(events)
	if err != nil {
		return Endpoint{}, "", err
	}
	all, err := w.Repo.Endpoints(ctx, orgID)
	if err != nil {
		return Endpoint{}, "", err
	}
	if len(all) >= MaxEndpoints {
		return Endpoint{}, "", Errorf(Conflict, "an organisation has at most %d webhook endpoints: delete one first", MaxEndpoints)
	}
	secret, err := w.Kit.NewSecret()
	if err != nil {
		return Endpoint{}, "", err
	}
	now := w.now()
	u, _ := url.Parse(rawURL)
	e := Endpoint{ID: NewID(), OrgID: orgID, URL: u.String(), Events: types, Status: EndpointActive, CreatedAt: now,
		Secrets: []HookSecret{{Secret: secret, CreatedAt: now}}, Version: 1}
	if err := w.Repo.CreateEndpoint(ctx, e); err != nil {
		return Endpoint{}, "", err
	}
	return e, secret, nil
}

func hookTypes(events []string) ([]HookEventType, error) {
	if len(events) == 0 {
		return slices.Clone(HookEventTypes), nil
	}
	var out []HookEventType
	for i, ev := range events {
		t := HookEventType(ev)
		if !slices.Contains(HookEventTypes, t) {
			names := make([]string, len(HookEventTypes))
			for j, x := range HookEventTypes {
				names[j] = string(x)
			}
			return nil, FieldError(fmt.Sprintf("events[%d]", i), "one of "+strings.Join(names, ", "))
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out, nil
}

// RotateSecret gives an endpoint a new signing secret, returned this once; the previous
// one keeps signing (alongside) for SecretOverlap, so the receiver can switch at its own
// pace. Secrets replaced before that are dropped.
func (w *Webhooks) RotateSecret(ctx context.Context, orgID, id string) (Endpoint, string, error) {
	e, err := w.Repo.Endpoint(ctx, orgID, id)
	if err != nil {
		return Endpoint{}, "", err
	}
	secret, err := w.Kit.NewSecret()
	if err != nil {
		return Endpoint{}, "", err
	}
	now := w.now()
	next := []HookSecret{{Secret: secret, CreatedAt: now}}
	if len(e.Secrets) > 0 {
		prev := e.Secrets[0]
		prev.Expires = now.Add(SecretOverlap)
		next = append(next, prev)
	}
	e.Secrets, e.RotatedAt = next, now
	e.Version++
	if err := w.Repo.UpdateEndpoint(ctx, e); err != nil {
		if CodeOf(err) == Conflict {
			return Endpoint{}, "", Errorf(Conflict, "the endpoint changed meanwhile: try again")
		}
		return Endpoint{}, "", err
	}
	return e, secret, nil
}

// Endpoints lists the organisation's webhook endpoints.
func (w *Webhooks) Endpoints(ctx context.Context, orgID string) ([]Endpoint, error) {
	return w.Repo.Endpoints(ctx, orgID)
}

// DeleteEndpoint removes an endpoint: its pending retries are cancelled when they come
// due, and its delivery log expires with its deliveries.
func (w *Webhooks) DeleteEndpoint(ctx context.Context, orgID, id string) error {
	if _, err := w.Repo.Endpoint(ctx, orgID, id); err != nil {
		return err
	}
	return w.Repo.DeleteEndpoint(ctx, orgID, id)
}

// Deliveries lists an endpoint's deliveries, newest first.
func (w *Webhooks) Deliveries(ctx context.Context, orgID, id, cursor string, limit int) ([]Delivery, string, error) {
	if _, err := w.Repo.Endpoint(ctx, orgID, id); err != nil {
		return nil, "", err
	}
	return w.Repo.Deliveries(ctx, orgID, id, cursor, limit)
}

// deliveryIDs are 12 hex digits of Unix milliseconds (so they sort by time) and 20
// characters of a hash of what makes the delivery unique.
var deliveryIDs = regexp.MustCompile(`^[0-9a-f]{12}[a-z2-7]{20}$`)

// ValidDeliveryID says whether s has a delivery id's shape.
func ValidDeliveryID(s string) bool { return deliveryIDs.MatchString(s) }

func deliveryID(at time.Time, parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return fmt.Sprintf("%012x", at.UnixMilli()) + IDFromBytes(sum[:16])[:20]
}

// eventKey names an occurrence: its type, what it is about, and when.
func (e HookEvent) key() string {
	return strings.Join([]string{string(e.Type), e.OrgID, e.AssessmentID, e.CandidateID, e.ReportID,
		fmt.Sprint(e.At.UnixNano())}, "/")
}

// Emit writes one delivery of ev per endpoint of its organisation subscribed to its type.
// A delivery's id comes from the event and the endpoint, so emitting the same occurrence
// again (a retried stream record) writes nothing new.
func (w *Webhooks) Emit(ctx context.Context, ev HookEvent) error {
	eps, err := w.Repo.Endpoints(ctx, ev.OrgID)
	if err != nil {
		return err
	}
	for _, ep := range eps {
		if !ep.Subscribed(ev.Type) {
			continue
		}
		d := Delivery{ID: deliveryID(ev.At, ep.ID, ev.key()), OrgID: ev.OrgID, EndpointID: ep.ID, Event: ev,
			State: DeliveryPending, CreatedAt: w.now(), Expires: w.now().Add(DeliveryLifetime), Version: 1}
		if err := w.Repo.PutDelivery(ctx, d); err != nil && CodeOf(err) != Conflict {
			return err
		}
	}
	return nil
}

// Replay sends a delivery again, as a new delivery of the same event (the same
// webhook-id, so a receiver that kept it can tell).
func (w *Webhooks) Replay(ctx context.Context, orgID, endpointID, id string) (Delivery, error) {
	ep, err := w.Repo.Endpoint(ctx, orgID, endpointID)
	if err != nil {
		return Delivery{}, err
	}
	if ep.Status != EndpointActive {
		return Delivery{}, Errorf(Conflict, "the endpoint is disabled (%s): create it again to receive events", ep.Reason)
	}
	d, err := w.Repo.Delivery(ctx, orgID, endpointID, id)
	if err != nil {
		return Delivery{}, err
	}
	now := w.now()
	orig := d.ID
	if d.ReplayOf != "" {
		orig = d.ReplayOf
	}
	r := Delivery{ID: deliveryID(now, ep.ID, d.Event.key(), "replay", fmt.Sprint(now.UnixNano())), OrgID: orgID,
		EndpointID: endpointID, Event: d.Event, State: DeliveryPending, ReplayOf: orig, CreatedAt: now,
		Expires: now.Add(DeliveryLifetime), Version: 1}
	if err := w.Repo.PutDelivery(ctx, r); err != nil {
		return Delivery{}, err
	}
	return r, nil
}

// Attempt tries a pending or retrying delivery once (the worker calls it for a new
// delivery on the stream, and when its retry timer fires) and records the attempt: a 2xx
// delivers it; 410 disables the endpoint; another failure sets a timer for the next try
// (NextAttempt), or gives up after the last. A delivery not due yet, or already settled,
// is left alone.
func (w *Webhooks) Attempt(ctx context.Context, orgID, endpointID, id string) error {
	d, err := w.Repo.Delivery(ctx, orgID, endpointID, id)
	if CodeOf(err) == NotFound {
		return nil
	}
	if err != nil {
		return err
	}
	now := w.now()
	if (d.State != DeliveryPending && d.State != DeliveryRetrying) || now.Before(d.NextAt.Add(-time.Minute)) {
		return nil
	}
	ep, err := w.Repo.Endpoint(ctx, orgID, endpointID)
	if err != nil && CodeOf(err) != NotFound {
		return err
	}
	d.Version++
	if err != nil || ep.Status != EndpointActive {
		d.State, d.NextAt = DeliveryCancelled, time.Time{}
		return ignoreConflict(w.Repo.UpdateDelivery(ctx, d))
	}
	a := w.Kit.Deliver(ctx, ep.URL, ep.Signing(now), d.Event, d.Event.Links(w.PublicURL))
	d.Attempts = append(d.Attempts, a)
	d.NextAt = time.Time{}
	switch {
	case a.Delivered():
		d.State = DeliveryDelivered
	case a.Gone:
		d.State = DeliveryGone
		ep.Status, ep.Reason, ep.DisabledAt = EndpointDisabled, "the endpoint answered 410 Gone", now
		ep.Version++
		if err := w.Repo.UpdateEndpoint(ctx, ep); err != nil && CodeOf(err) != Conflict {
			return err
		}
	case a.Retry:
		wait, ok := w.Kit.NextAttempt(len(d.Attempts))
		if !ok {
			d.State = DeliveryFailed
			break
		}
		d.State, d.NextAt = DeliveryRetrying, now.Add(wait)
	default:
		d.State = DeliveryFailed
	}
	if err := w.Repo.UpdateDelivery(ctx, d); err != nil {
		return ignoreConflict(err) // a concurrent attempt recorded first
	}
	if d.State == DeliveryRetrying && w.Timers != nil {
		return w.Timers.Set(ctx, Timer{Kind: TimerWebhook, At: d.NextAt, OrgID: orgID, EndpointID: endpointID, Ref: d.ID})
	}
	return nil
}

func ignoreConflict(err error) error {
	if CodeOf(err) == Conflict {
		return nil
	}
	return err
}
