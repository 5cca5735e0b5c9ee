package notifying_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync"
	"testing"
	"time"

	"shortlist/shared/api"
	"shortlist/shared/app"
	"shortlist/shared/app/local"
	"shortlist/shared/app/mailing"
	"shortlist/shared/app/notifying"
	"shortlist/shared/app/reporting"
	"shortlist/shared/app/settings"
	"shortlist/shared/assess"
	"shortlist/shared/blob/localstore"
	"shortlist/shared/notify"
	"shortlist/shared/store"
	"shortlist/shared/store/bolt"
	"shortlist/shared/store/table"
)

// clock is the one settable clock of a world: the journey's, the worker's, the timers'
// and the embedded table's expiry.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// counting is a notify.Sender that keeps every message it is asked to send (duplicates
// included: the count is the point) and passes it on to next, if any.
type counting struct {
	mu   sync.Mutex
	msgs []notify.Message
	next notify.Sender
}

func (c *counting) Send(ctx context.Context, m notify.Message) (string, error) {
	c.mu.Lock()
	c.msgs = append(c.msgs, m)
	n := len(c.msgs)
	c.mu.Unlock()
	if c.next != nil {
		return c.next.Send(ctx, m)
	}
	return "msg-" + string(rune('a'+n%26)), nil
}

// to lists the messages sent to addr, of kind ("" for every kind).
func (c *counting) to(addr, kind string) []notify.Message {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []notify.Message
	for _, m := range c.msgs {
		if m.To == addr && (kind == "" || m.Tags["kind"] == kind) {
			out = append(out, m)
		}
	}
	return out
}

func (c *counting) total() int { c.mu.Lock(); defer c.mu.Unlock(); return len(c.msgs) }

// world is the whole product in one process, as the dev server runs it: the API over the
// embedded store, whose stream feeds the notify worker (drained by each step), local
// timers on the world's clock, scoring and reports at completion.
type world struct {
	t      *testing.T
	clk    *clock
	repo   *store.Repository
	url    string
	key    string
	orgID  string
	deps   api.Deps
	svc    *assess.Service
	worker *notifying.Worker
	local  *notifying.Local
	timers *notifying.LocalTimers
	sent   *counting
}

type worldOptions struct {
	sender notify.Sender // what the counting sender passes messages to (nil: nothing)
	email  bool          // the deployment has an email domain
	kit    app.WebhookKit
}

func newWorld(t *testing.T, o worldOptions) *world {
	t.Helper()
	ctx := context.Background()
	clk := &clock{now: time.Date(2027, 3, 1, 9, 20, 0, 0, time.UTC)}
	bt, err := bolt.Open(t.TempDir(), table.Shortlist(), bolt.Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { bt.Close() })
	stream := local.NewStreamTable(bt)
	srv := httptest.NewServer(nil)
	t.Cleanup(srv.Close)
	blobs, err := localstore.New(t.TempDir(), nil, srv.URL+"/files")
	if err != nil {
		t.Fatal(err)
	}
	cfg := settings.Config{PublicURL: srv.URL}
	if o.email {
		cfg.EmailFrom = "no-reply@mail.example.com"
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	built, err := app.New(cfg, log, stream, blobs)
	if err != nil {
		t.Fatal(err)
	}
	svc := built.Deps.Journey
	svc.Clock, built.Scorer.Clock = clk.Now, clk.Now
	built.Deps.Outreach.Clock, built.Deps.Webhooks.Clock = clk.Now, clk.Now
	built.Deps.Webhooks.Kit = o.kit
	reporter := reporting.Attach(&built)
	reporter.Clock = clk.Now
	svc.Completed = func(ctx context.Context, s assess.Session) {
		if _, err := built.Scorer.Score(ctx, s.ID); err != nil {
			t.Errorf("scoring %s: %v", s.ID, err)
		}
		if _, err := reporter.RenderCandidate(ctx, s.ID); err != nil {
			t.Errorf("rendering %s: %v", s.ID, err)
		}
	}
	timers, err := notifying.NewLocalTimers("", clk.Now)
	if err != nil {
		t.Fatal(err)
	}
	sent := &counting{next: o.sender}
	var mailer assess.Mailer
	if o.email {
		mailer = mailing.Mailer{Sender: sent}
	}
	outreach, hooks := app.Messaging(cfg, built.Repo)
	outreach.Clock, hooks.Clock = clk.Now, clk.Now
	worker := notifying.New(built.Repo, outreach, hooks, mailer, timers, o.kit, log)
	runner := notifying.NewLocal(worker, timers)
	stream.Subscribe(runner.Record)

	h, err := api.NewHandler(built.Deps, "")
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = h
	org, err := assess.NewOrganisation("Acme Hiring", clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	k, secret, err := assess.NewAPIKey(org.ID, "test", "", clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := built.Repo.CreateOrganisation(ctx, org); err != nil {
		t.Fatal(err)
	}
	if err := built.Repo.CreateAPIKey(ctx, k); err != nil {
		t.Fatal(err)
	}
	return &world{t: t, clk: clk, repo: built.Repo, url: srv.URL, key: secret, orgID: org.ID, deps: built.Deps,
		svc: svc, worker: worker, local: runner, timers: timers, sent: sent}
}

// call sends one API request with the world's key and returns the status and body.
func (w *world) call(method, path string, body any) (int, []byte) {
	w.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, w.url+path, rd)
	req.Header.Set("Authorization", "Bearer "+w.key)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// must calls and decodes a response of the wanted status into v (if not nil).
func (w *world) must(status int, v any, method, path string, body any) {
	w.t.Helper()
	got, b := w.call(method, path, body)
	if got != status {
		w.t.Fatalf("%s %s: %d %s, want %d", method, path, got, b, status)
	}
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			w.t.Fatal(err)
		}
	}
}

// drain runs the worker until nothing is queued and no timer is due.
func (w *world) drain() {
	w.t.Helper()
	if err := w.local.Drain(context.Background()); err != nil {
		w.t.Fatalf("notify work failed: %v", err)
	}
}

// advance moves the clock and runs what became due.
func (w *world) advance(d time.Duration) {
	w.t.Helper()
	w.clk.Advance(d)
	w.drain()
}

// assessment creates one with the API and returns its id.
func (w *world) assessment(body map[string]any) string {
	w.t.Helper()
	body["roleId"], body["lang"] = "sales-back-office", "es"
	var a struct{ ID string }
	w.must(201, &a, "POST", "/v1/assessments", body)
	return a.ID
}

// take redeems an invite token and, with complete, takes every part and hands in.
func (w *world) take(token string, complete bool) assess.Session {
	w.t.Helper()
	ctx := context.Background()
	org, err := w.repo.Organisation(ctx, w.orgID)
	if err != nil {
		w.t.Fatal(err)
	}
	_, version := assess.NoticeFor(org)
	ss, _, err := w.svc.Start(ctx, token, assess.Ack{Acknowledged: true, NoticeVersion: version})
	if err != nil {
		w.t.Fatalf("start: %v", err)
	}
	if !complete {
		return ss
	}
	a, err := w.repo.Assessment(ctx, ss.OrgID, ss.AssessmentID)
	if err != nil {
		w.t.Fatal(err)
	}
	for i := range a.Config.Sections {
		if ss, err = w.svc.StartSection(ctx, ss, a, i); err != nil {
			w.t.Fatalf("section %d: %v", i+1, err)
		}
	}
	if ss, err = w.svc.Complete(ctx, ss); err != nil {
		w.t.Fatalf("complete: %v", err)
	}
	return ss
}

var linkInText = regexp.MustCompile(`https?://\S+/take/#(sli_[A-Za-z0-9_-]+)`)

// tokenIn is the invite token of the link an email carries.
func tokenIn(t *testing.T, m notify.Message) string {
	t.Helper()
	found := linkInText.FindStringSubmatch(m.Text)
	if found == nil {
		t.Fatalf("no candidate link in %q", m.Text)
	}
	return found[1]
}
