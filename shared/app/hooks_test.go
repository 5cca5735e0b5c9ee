package app

import (
	"testing"

	"shortlist/shared/assess"
	"shortlist/shared/webhook"
)

// The domain's event types are shared/webhook's, and the kit's URL check refuses every
// non-public address (loopback too, unless the test-only Loopback allows it).
func TestWebhookKit(t *testing.T) {
	if len(assess.HookEventTypes) != len(webhook.EventTypes) {
		t.Fatalf("event types %v, webhook's %v", assess.HookEventTypes, webhook.EventTypes)
	}
	for i, e := range assess.HookEventTypes {
		if string(e) != string(webhook.EventTypes[i]) {
			t.Errorf("event %d: %s, webhook's %s", i, e, webhook.EventTypes[i])
		}
	}
	public, loop := WebhookKit{}, WebhookKit{Loopback: true}
	for raw, want := range map[string][2]bool{ // ok for public, ok for loopback
		"https://ats.example.com/hook":  {true, true},
		"https://127.0.0.1:8443/hook":   {false, true},
		"https://localhost/hook":        {false, true},
		"https://10.0.0.1/hook":         {false, false},
		"https://169.254.169.254/":      {false, false},
		"http://127.0.0.1/hook":         {false, false},
		"https://user:pw@example.com/x": {false, false},
	} {
		if got := public.CheckURL(raw) == nil; got != want[0] {
			t.Errorf("public kit, %s: ok = %v", raw, got)
		}
		if got := loop.CheckURL(raw) == nil; got != want[1] {
			t.Errorf("loopback kit, %s: ok = %v", raw, got)
		}
	}
	s, err := public.NewSecret()
	if _, perr := webhook.ParseSecret(s); err != nil || perr != nil {
		t.Errorf("secret %q: %v %v", s, err, perr)
	}
}
