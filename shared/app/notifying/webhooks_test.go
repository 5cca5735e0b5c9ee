package notifying_test

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"shortlist/shared/app"
	"shortlist/shared/assess"
	"shortlist/shared/webhook"
)

// receiver is an ATS's webhook endpoint on loopback TLS: it verifies every signature
// with the secrets it was given, answers 500 to the first fails attempts of each
// webhook-id and then 200 (or always answers status, when set).
type receiver struct {
	t       *testing.T
	srv     *httptest.Server
	mu      sync.Mutex
	secrets []webhook.Secret
	fails   int
	status  int
	tries   map[string]int
	hits    []hit
}

type hit struct {
	id, event, candidate string
	status, signatures   int
}

func newReceiver(t *testing.T, fails, status int) *receiver {
	rc := &receiver{t: t, fails: fails, status: status, tries: map[string]int{}}
	rc.srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		defer rc.mu.Unlock()
		if err := webhook.Verify(r.Header, body, rc.secrets, 0); err != nil {
			t.Errorf("a delivery that does not verify: %v", err)
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		var ev struct {
			Type string
			Data struct {
				CandidateID string
				Links       map[string]string
			}
		}
		if err := json.Unmarshal(body, &ev); err != nil {
			t.Errorf("body %s: %v", body, err)
		}
		if strings.ContainsAny(string(body), "@") {
			t.Errorf("a payload with more than ids and links: %s", body)
		}
		id := r.Header.Get(webhook.HeaderID)
		rc.tries[id]++
		status := rc.status
		if status == 0 {
			status = http.StatusOK
			if rc.tries[id] <= rc.fails {
				status = http.StatusInternalServerError
			}
		}
		rc.hits = append(rc.hits, hit{id: id, event: ev.Type, candidate: ev.Data.CandidateID, status: status,
			signatures: len(strings.Fields(r.Header.Get(webhook.HeaderSignature)))})
		w.WriteHeader(status)
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) trust(secrets ...string) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.secrets = nil
	for _, s := range secrets {
		rc.secrets = append(rc.secrets, webhook.Secret(s))
	}
}

func (rc *receiver) byID() map[string][]hit {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	out := map[string][]hit{}
	for _, h := range rc.hits {
		out[h.id] = append(out[h.id], h)
	}
	return out
}

// TestWebhookReceiver: an ATS endpoint (httptest TLS on loopback, allowed by the
// test-only loopback deliverer) receives candidate.completed, candidate.scored,
// report.ready, decision.recorded and candidate.erased for one candidate: every request's
// signature verifies, each event is retried after its 500s on the timer schedule and
// delivered exactly once (one 2xx per webhook-id), and the delivery log shows it; after a
// rotation both secrets sign; an endpoint answering 410 is disabled and sent nothing more;
// private addresses are refused when an endpoint is made.
func TestWebhookReceiver(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, 2, 0)
	tlsConfig := rc.srv.Client().Transport.(*http.Transport).TLSClientConfig
	kit := app.WebhookKit{Deliverer: webhook.NewLoopbackDeliverer(&tls.Config{RootCAs: tlsConfig.RootCAs}), Loopback: true}
	w := newWorld(t, worldOptions{kit: kit})

	for _, u := range []string{"https://10.1.2.3/hook", "https://192.168.1.20/hook", "https://169.254.169.254/", "http://" + strings.TrimPrefix(rc.srv.URL, "https://") + "/hook"} {
		if status, body := w.call("POST", "/v1/webhooks", map[string]any{"url": u}); status != 400 {
			t.Errorf("endpoint %s: %d %s, want refused", u, status, body)
		}
	}
	var created struct {
		Webhook struct{ WebhookID string }
		Secret  string
	}
	w.must(201, &created, "POST", "/v1/webhooks", map[string]any{"url": rc.srv.URL + "/hooks/shortlist"})
	rc.trust(created.Secret)
	hid := created.Webhook.WebhookID

	aid := w.assessment(map[string]any{})
	var inv struct {
		Invited []struct{ CandidateID, Link string }
	}
	w.must(201, &inv, "POST", "/v1/assessments/"+aid+"/invites", map[string]any{"candidates": []map[string]any{{"name": "Ana Pérez"}}})
	cid := inv.Invited[0].CandidateID
	w.take(strings.SplitN(inv.Invited[0].Link, "#", 2)[1], true)
	w.drain()
	w.must(201, nil, "POST", "/v1/assessments/"+aid+"/candidates/"+cid+"/decision", map[string]any{"decision": "advance", "note": "clear strengths"})
	w.drain()
	if n := len(rc.byID()); n != 4 {
		t.Fatalf("%d events arrived, want completed, scored, report and decision", n)
	}
	w.advance(6 * time.Second) // the second attempt (5 s ± 10%)
	w.advance(6 * time.Minute) // the third (5 min ± 10%): accepted

	events := map[string]bool{}
	for id, hs := range rc.byID() {
		ok := 0
		for i, h := range hs {
			if h.status == 200 {
				ok++
			}
			if h.candidate != cid || h.event != hs[0].event || (i < 2) != (h.status == 500) {
				t.Errorf("%s attempt %d: %+v", id, i+1, h)
			}
		}
		if len(hs) != 3 || ok != 1 {
			t.Errorf("event %s (%s): %d attempts, %d accepted; want 3 and exactly 1", id, hs[0].event, len(hs), ok)
		}
		events[hs[0].event] = true
	}
	for _, e := range []string{"candidate.completed", "candidate.scored", "report.ready", "decision.recorded"} {
		if !events[e] {
			t.Errorf("no %s delivered (%v)", e, events)
		}
	}
	var log struct {
		Deliveries []struct {
			Event, Status string
			Attempts      []struct{ Status int }
		}
	}
	w.must(200, &log, "GET", "/v1/webhooks/"+hid+"/deliveries", nil)
	for _, d := range log.Deliveries {
		if d.Status != "delivered" || len(d.Attempts) != 3 || d.Attempts[0].Status != 500 || d.Attempts[2].Status != 200 {
			t.Errorf("delivery log: %+v", d)
		}
	}
	w.advance(24 * time.Hour) // no timer left to fire: nothing more arrives
	if n := len(rc.hits); n != 12 {
		t.Errorf("%d requests in all, want 12", n)
	}

	// A rotation: both secrets sign; the receiver that only knows the new one verifies.
	var rotated struct{ Secret string }
	w.must(200, &rotated, "POST", "/v1/webhooks/"+hid+"/rotate", nil)
	rc.trust(rotated.Secret)
	rc.mu.Lock()
	rc.fails = 0
	rc.mu.Unlock()
	w.must(200, nil, "DELETE", "/v1/candidates/"+cid, nil)
	w.drain()
	last := rc.hits[len(rc.hits)-1]
	if last.event != "candidate.erased" || last.status != 200 || last.signatures != 2 || last.candidate != cid {
		t.Errorf("after a rotation: %+v", last)
	}
	rc.trust(created.Secret) // and one that only knows the old one still verifies
	var replayed struct{ DeliveryID string }
	w.must(200, &log, "GET", "/v1/webhooks/"+hid+"/deliveries?limit=1", nil)
	var first struct {
		Deliveries []struct{ DeliveryID string }
	}
	w.must(200, &first, "GET", "/v1/webhooks/"+hid+"/deliveries?limit=1", nil)
	w.must(202, &replayed, "POST", "/v1/webhooks/"+hid+"/deliveries/"+first.Deliveries[0].DeliveryID+"/replay", nil)
	w.drain()
	if got := rc.hits[len(rc.hits)-1]; got.id != last.id || got.status != 200 {
		t.Errorf("a replay: %+v, want the same webhook-id %s accepted again", got, last.id)
	}

	// 410 Gone disables the endpoint: its later events are not sent.
	gone := newReceiver(t, 0, http.StatusGone)
	var g struct {
		Webhook struct{ WebhookID string }
		Secret  string
	}
	w.must(201, &g, "POST", "/v1/webhooks", map[string]any{"url": gone.srv.URL + "/gone", "events": []string{"decision.recorded"}})
	gone.trust(g.Secret)
	other := w.inviteOne(aid)
	w.must(201, nil, "POST", "/v1/assessments/"+aid+"/candidates/"+other+"/decision", map[string]any{"decision": "hold", "note": "later"})
	w.drain()
	var hooks struct {
		Webhooks []struct{ WebhookID, Status, DisabledReason string }
	}
	w.must(200, &hooks, "GET", "/v1/webhooks", nil)
	for _, h := range hooks.Webhooks {
		if h.WebhookID == g.Webhook.WebhookID && (h.Status != "disabled" || !strings.Contains(h.DisabledReason, "410")) {
			t.Errorf("after a 410: %+v", h)
		}
	}
	w.clk.Advance(time.Second)
	w.must(201, nil, "POST", "/v1/assessments/"+aid+"/candidates/"+other+"/decision", map[string]any{"decision": "advance", "note": "now"})
	w.advance(time.Hour)
	if n := len(gone.hits); n != 1 {
		t.Errorf("the disabled endpoint got %d requests, want the one that answered 410", n)
	}
	ds, _, err := w.repo.Deliveries(context.Background(), w.orgID, g.Webhook.WebhookID, "", 10)
	if err != nil || len(ds) != 1 || ds[0].State != assess.DeliveryGone {
		t.Errorf("deliveries of the disabled endpoint: %+v %v", ds, err)
	}
}

// inviteOne invites one candidate with a link and returns its id.
func (w *world) inviteOne(aid string) string {
	w.t.Helper()
	var inv struct {
		Invited []struct{ CandidateID string }
	}
	w.must(201, &inv, "POST", "/v1/assessments/"+aid+"/invites", map[string]any{"candidates": []map[string]any{{"name": "Luis Gómez"}}})
	return inv.Invited[0].CandidateID
}
