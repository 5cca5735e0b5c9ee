package app

import (
	"context"
	"errors"
	"net"
	"net/url"
	"strings"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/webhook"
)

// WebhookKit is assess.WebhookKit over shared/webhook: URLs are checked against private
// addresses when an endpoint is made and again on every connection, events are signed
// per Standard Webhooks, retries follow webhook.NextAttempt.
type WebhookKit struct {
	// Deliverer sends; nil: webhook.NewDeliverer (public https addresses only).
	Deliverer *webhook.Deliverer
	// Loopback also accepts endpoints on a loopback address (https://127.0.0.1:…,
	// https://localhost:…): for tests and the dev server, with a Deliverer made by
	// webhook.NewLoopbackDeliverer. Every other private address is still refused.
	Loopback bool
}

// CheckURL implements assess.WebhookKit. Its refusals are sentences for the person who
// typed the URL (the field error shows them as they are).
func (k WebhookKit) CheckURL(raw string) error {
	err := webhook.ValidateURL(raw)
	if err == nil {
		return nil
	}
	u, perr := url.Parse(raw)
	if k.Loopback && perr == nil && u.Scheme == "https" && loopback(u.Hostname()) {
		return nil
	}
	switch {
	case errors.Is(err, webhook.ErrBlocked):
		return errors.New("a public address: this one is private, loopback or link-local, and webhooks are never sent inside a network")
	case perr == nil && u.Scheme != "https":
		return errors.New("an https:// URL: webhooks are only sent encrypted")
	default:
		return errors.New("a full https:// URL with a host name, no user name or password, no #fragment")
	}
}

func loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// NewSecret implements assess.WebhookKit.
func (WebhookKit) NewSecret() (string, error) {
	s, err := webhook.NewSecret()
	return string(s), err
}

// NextAttempt implements assess.WebhookKit.
func (WebhookKit) NextAttempt(n int) (time.Duration, bool) { return webhook.NextAttempt(n) }

// Deliver implements assess.WebhookKit. Links that are not https (a dev server's) are left
// out of the payload.
func (k WebhookKit) Deliver(ctx context.Context, endpoint string, secrets []string, e assess.HookEvent, links assess.HookLinks) assess.HookAttempt {
	d := k.Deliverer
	if d == nil {
		d = webhook.NewDeliverer()
	}
	https := func(l string) string {
		if strings.HasPrefix(l, "https://") {
			return l
		}
		return ""
	}
	ev, err := webhook.NewEvent(webhook.EventType(e.Type), e.OrgID, e.AssessmentID, e.CandidateID, e.At,
		webhook.Links{Candidate: https(links.Candidate), Report: https(links.Report), Console: https(links.Console)})
	if err != nil {
		return assess.HookAttempt{At: time.Now().UTC(), Error: err.Error()}
	}
	var keys []webhook.Secret
	for _, s := range secrets {
		sec, err := webhook.ParseSecret(s)
		if err != nil {
			return assess.HookAttempt{At: time.Now().UTC(), Error: err.Error()}
		}
		keys = append(keys, sec)
	}
	a := d.Deliver(ctx, endpoint, keys, ev)
	out := assess.HookAttempt{At: a.At.UTC(), Status: a.Status, Duration: a.Duration, Response: a.Response,
		Retry: a.Retry(), Gone: a.Gone()}
	if a.Err != nil {
		out.Error = a.Err.Error()
	}
	return out
}
