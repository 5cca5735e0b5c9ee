package api

import (
	"net/http"
	"time"

	"shortlist/shared/assess"
)

// ResendResponse is a candidate's new link, emailed to them (the previous link no longer
// works).
type ResendResponse struct {
	CandidateID string    `json:"candidateId"`
	Link        string    `json:"link"`
	ExpiresAt   time.Time `json:"expiresAt"`
	Emailed     bool      `json:"emailed"`
}

// resendInvitation rotates a candidate's invite token and emails the new link.
func (s *server) resendInvitation(w http.ResponseWriter, r *http.Request) error {
	aid, err := pathID(r, "assessmentId")
	if err != nil {
		return err
	}
	cid, err := pathID(r, "candidateId")
	if err != nil {
		return err
	}
	if err := checkQuery(r); err != nil {
		return err
	}
	if s.Outreach == nil {
		return assess.Errorf(assess.Conflict, "this deployment sends no email")
	}
	in, err := s.Outreach.Resend(r.Context(), orgOf(r).ID, aid, cid)
	if err != nil {
		return err
	}
	s.audit(r, "candidate.resend", "candidate:"+cid, map[string]string{"assessment": aid})
	writeJSON(w, http.StatusCreated, ResendResponse{CandidateID: cid, Link: assess.InviteLink(s.publicURL(r), in.Token),
		ExpiresAt: in.Candidate.ExpiresAt, Emailed: true})
	return nil
}

// hooks wraps a webhook handler: 503 where the deployment has no webhooks wired.
func (s *server) hooks(h func(w http.ResponseWriter, r *http.Request) error) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		if s.Webhooks == nil {
			return assess.Errorf(assess.Unavailable, "webhooks are not available here")
		}
		return h(w, r)
	}
}

// WebhookJSON is one webhook endpoint (never its secrets).
type WebhookJSON struct {
	WebhookID      string     `json:"webhookId"`
	URL            string     `json:"url"`
	Events         []string   `json:"events"`
	Status         string     `json:"status"` // active, disabled
	DisabledReason string     `json:"disabledReason,omitempty"`
	CreatedAt      time.Time  `json:"createdAt"`
	RotatedAt      *time.Time `json:"secretRotatedAt,omitempty"`
	// PreviousSecretUntil is when the secret a rotation replaced stops signing.
	PreviousSecretUntil *time.Time `json:"previousSecretUntil,omitempty"`
}

func webhookJSON(e assess.Endpoint, now time.Time) WebhookJSON {
	out := WebhookJSON{WebhookID: e.ID, URL: e.URL, Events: make([]string, 0, len(e.Events)), Status: string(e.Status),
		DisabledReason: e.Reason, CreatedAt: e.CreatedAt, RotatedAt: timePtr(e.RotatedAt)}
	for _, t := range e.Events {
		out.Events = append(out.Events, string(t))
	}
	for _, sec := range e.Secrets {
		if !sec.Expires.IsZero() && now.Before(sec.Expires) {
			out.PreviousSecretUntil = timePtr(sec.Expires)
		}
	}
	return out
}

// WebhooksResponse lists the organisation's webhook endpoints.
type WebhooksResponse struct {
	Webhooks []WebhookJSON `json:"webhooks"`
}

func (s *server) listWebhooks(w http.ResponseWriter, r *http.Request) error {
	if err := checkQuery(r); err != nil {
		return err
	}
	eps, err := s.Webhooks.Endpoints(r.Context(), orgOf(r).ID)
	if err != nil {
		return err
	}
	now := s.Journey.Now()
	out := WebhooksResponse{Webhooks: make([]WebhookJSON, 0, len(eps))}
	for _, e := range eps {
		out.Webhooks = append(out.Webhooks, webhookJSON(e, now))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

type createWebhookRequest struct {
	URL    string   `json:"url"`
	Events []string `json:"events"`
}

// WebhookSecretResponse is an endpoint with its signing secret ("whsec_…"), shown this
// once: at creation and at each rotation.
type WebhookSecretResponse struct {
	Webhook WebhookJSON `json:"webhook"`
	Secret  string      `json:"secret"`
}

func (s *server) createWebhook(w http.ResponseWriter, r *http.Request) error {
	var req createWebhookRequest
	if err := decodeJSON(w, r, &req, 8<<10); err != nil {
		return err
	}
	e, secret, err := s.Webhooks.CreateEndpoint(r.Context(), orgOf(r).ID, req.URL, req.Events)
	if err != nil {
		return err
	}
	s.audit(r, "webhook.create", "webhook:"+e.ID, map[string]string{"url": e.URL})
	writeJSON(w, http.StatusCreated, WebhookSecretResponse{Webhook: webhookJSON(e, s.Journey.Now()), Secret: secret})
	return nil
}

func (s *server) rotateWebhookSecret(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "webhookId")
	if err != nil {
		return err
	}
	if err := checkQuery(r); err != nil {
		return err
	}
	e, secret, err := s.Webhooks.RotateSecret(r.Context(), orgOf(r).ID, id)
	if err != nil {
		return err
	}
	s.audit(r, "webhook.rotate", "webhook:"+id, nil)
	writeJSON(w, http.StatusOK, WebhookSecretResponse{Webhook: webhookJSON(e, s.Journey.Now()), Secret: secret})
	return nil
}

func (s *server) deleteWebhook(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "webhookId")
	if err != nil {
		return err
	}
	if err := s.Webhooks.DeleteEndpoint(r.Context(), orgOf(r).ID, id); err != nil {
		return err
	}
	s.audit(r, "webhook.delete", "webhook:"+id, nil)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// DeliveryJSON is one event sent (or being sent) to an endpoint, with every attempt.
type DeliveryJSON struct {
	DeliveryID   string    `json:"deliveryId"`
	Event        string    `json:"event"`
	EventAt      time.Time `json:"eventAt"`
	AssessmentID string    `json:"assessmentId"`
	CandidateID  string    `json:"candidateId"`
	// Status is pending, retrying, delivered, failed, gone (the endpoint answered 410 and
	// was disabled) or cancelled (the endpoint was disabled or deleted first).
	Status        string        `json:"status"`
	Attempts      []AttemptJSON `json:"attempts"`
	NextAttemptAt *time.Time    `json:"nextAttemptAt,omitempty"`
	ReplayOf      string        `json:"replayOf,omitempty"`
	CreatedAt     time.Time     `json:"createdAt"`
}

// AttemptJSON is one try at a delivery.
type AttemptJSON struct {
	At         time.Time `json:"at"`
	Status     int       `json:"status,omitempty"` // the endpoint's HTTP status; absent when none came
	DurationMS int64     `json:"durationMs"`
	Error      string    `json:"error,omitempty"`
	Response   string    `json:"response,omitempty"` // the start of the response body
}

func deliveryJSON(d assess.Delivery) DeliveryJSON {
	out := DeliveryJSON{DeliveryID: d.ID, Event: string(d.Event.Type), EventAt: d.Event.At, AssessmentID: d.Event.AssessmentID,
		CandidateID: d.Event.CandidateID, Status: string(d.State), Attempts: make([]AttemptJSON, 0, len(d.Attempts)),
		NextAttemptAt: timePtr(d.NextAt), ReplayOf: d.ReplayOf, CreatedAt: d.CreatedAt}
	for _, a := range d.Attempts {
		out.Attempts = append(out.Attempts, AttemptJSON{At: a.At, Status: a.Status, DurationMS: a.Duration.Milliseconds(),
			Error: a.Error, Response: a.Response})
	}
	return out
}

// DeliveriesResponse is a page of an endpoint's deliveries, newest first.
type DeliveriesResponse struct {
	Deliveries []DeliveryJSON `json:"deliveries"`
	Next       string         `json:"next"` // the next page's cursor; empty after the last
}

// Delivery list pages.
const (
	defaultDeliveriesPage = 50
	maxDeliveriesPage     = 200
)

func (s *server) listWebhookDeliveries(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "webhookId")
	if err != nil {
		return err
	}
	if err := checkQuery(r, "limit", "cursor"); err != nil {
		return err
	}
	limit, err := limitParam(r, defaultDeliveriesPage, maxDeliveriesPage)
	if err != nil {
		return err
	}
	ds, next, err := s.Webhooks.Deliveries(r.Context(), orgOf(r).ID, id, r.URL.Query().Get("cursor"), limit)
	if err != nil {
		return err
	}
	out := DeliveriesResponse{Deliveries: make([]DeliveryJSON, 0, len(ds)), Next: next}
	for _, d := range ds {
		out.Deliveries = append(out.Deliveries, deliveryJSON(d))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *server) replayWebhookDelivery(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "webhookId")
	if err != nil {
		return err
	}
	did := r.PathValue("deliveryId")
	if !assess.ValidDeliveryID(did) {
		return assess.Errorf(assess.NotFound, "no such delivery")
	}
	if err := checkQuery(r); err != nil {
		return err
	}
	d, err := s.Webhooks.Replay(r.Context(), orgOf(r).ID, id, did)
	if err != nil {
		return err
	}
	s.audit(r, "webhook.replay", "webhook:"+id, map[string]string{"delivery": did})
	writeJSON(w, http.StatusAccepted, deliveryJSON(d))
	return nil
}
