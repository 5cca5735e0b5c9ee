package webhook

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"
)

// testDeliverer reaches srv on loopback: the only Deliverer that may, for tests.
func testDeliverer(srv *httptest.Server) *Deliverer {
	return &Deliverer{client: newClient(true, srv.Client().Transport.(*http.Transport).TLSClientConfig), now: time.Now}
}

func sampleEvent(t *testing.T) Event {
	t.Helper()
	e, err := NewCandidateScored("org_01", "asm_01", "cand_01", time.Date(2027, 1, 9, 16, 5, 0, 0, time.UTC),
		Links{Candidate: "https://api.example.com/v1/candidates/cand_01"})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestDeliver: the receiver gets the event's JSON with headers that Verify accepts with
// either of the rotating secrets, and the answer decides delivered / retry / gone.
func TestDeliver(t *testing.T) {
	t.Parallel()
	old, _ := NewSecret()
	cur, _ := NewSecret()
	e := sampleEvent(t)
	want, _ := e.Body()

	var status atomic.Int32
	var verified atomic.Int32
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		for _, s := range []Secret{old, cur} {
			if err := Verify(r.Header, body, []Secret{s}, 0); err != nil {
				t.Errorf("receiver: Verify: %v", err)
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
		}
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" ||
			string(body) != string(want) || r.Header.Get(HeaderID) != e.ID {
			t.Errorf("receiver: %s %v %s", r.Method, r.Header, body)
		}
		verified.Add(1)
		w.WriteHeader(int(status.Load()))
		io.WriteString(w, `{"ok":"ñandú"}`)
	}))
	defer srv.Close()
	d := testDeliverer(srv)

	for code, expect := range map[int]struct{ delivered, retry, gone bool }{
		200: {true, false, false},
		204: {true, false, false},
		400: {false, true, false},
		408: {false, true, false},
		429: {false, true, false},
		500: {false, true, false},
		503: {false, true, false},
		410: {false, false, true},
	} {
		status.Store(int32(code))
		a := d.Deliver(context.Background(), srv.URL+"/hooks", []Secret{old, cur}, e)
		if a.Status != code || a.Err != nil || a.Delivered() != expect.delivered || a.Retry() != expect.retry || a.Gone() != expect.gone {
			t.Errorf("%d: %+v delivered %v retry %v gone %v", code, a, a.Delivered(), a.Retry(), a.Gone())
		}
		if code != 204 && a.Response != `{"ok":"ñandú"}` {
			t.Errorf("%d: response %q", code, a.Response)
		}
		if a.Duration <= 0 || a.At.IsZero() {
			t.Errorf("%d: duration %v at %v", code, a.Duration, a.At)
		}
	}
	if verified.Load() != 8 {
		t.Errorf("receiver verified %d deliveries, want 8", verified.Load())
	}
}

func TestDeliverRefusals(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	s, _ := NewSecret()
	e := sampleEvent(t)

	// The production Deliverer refuses the loopback server (the literal address, and a
	// name that resolves to it) and an http URL, before sending anything.
	for _, u := range []string{srv.URL, strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)} {
		a := Deliver(context.Background(), u, []Secret{s}, e)
		if !errors.Is(a.Err, ErrBlocked) || a.Status != 0 || a.Retry() {
			t.Errorf("%s: %+v retry %v", u, a, a.Retry())
		}
	}
	a := testDeliverer(srv).Deliver(context.Background(), strings.Replace(srv.URL, "https:", "http:", 1), []Secret{s}, e)
	if !errors.Is(a.Err, ErrURL) || a.Retry() {
		t.Errorf("http: %+v", a)
	}
	a = testDeliverer(srv).Deliver(context.Background(), srv.URL, nil, e)
	if !errors.Is(a.Err, ErrSecret) || a.Retry() {
		t.Errorf("no secret: %+v", a)
	}
	if hits.Load() != 0 {
		t.Errorf("the server was reached %d times", hits.Load())
	}
	// A network failure is retried.
	srv.Close()
	a = testDeliverer(srv).Deliver(context.Background(), srv.URL, []Secret{s}, e)
	if a.Err == nil || !a.Retry() {
		t.Errorf("closed server: %+v", a)
	}
}

// TestDeliverNoRedirects: a 3xx is the answer (retried), its target is never asked.
func TestDeliverNoRedirects(t *testing.T) {
	t.Parallel()
	var followed atomic.Bool
	mux := http.NewServeMux()
	mux.HandleFunc("/hooks", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/elsewhere", http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("/elsewhere", func(w http.ResponseWriter, r *http.Request) { followed.Store(true) })
	srv := httptest.NewTLSServer(mux)
	defer srv.Close()
	s, _ := NewSecret()
	a := testDeliverer(srv).Deliver(context.Background(), srv.URL+"/hooks", []Secret{s}, sampleEvent(t))
	if a.Status != http.StatusTemporaryRedirect || a.Delivered() || !a.Retry() || followed.Load() {
		t.Errorf("%+v followed %v", a, followed.Load())
	}
}

// TestDeliverReadsLittle: an endless response body is read up to MaxResponse and the
// attempt ends long before the timeout; the snippet is at most MaxSnippet bytes of
// valid UTF-8 even when a character straddles the cut.
func TestDeliverReadsLittle(t *testing.T) {
	t.Parallel()
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
		chunk := []byte("x" + strings.Repeat("€", 1000))
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	s, _ := NewSecret()
	start := time.Now()
	a := testDeliverer(srv).Deliver(context.Background(), srv.URL, []Secret{s}, sampleEvent(t))
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("took %v: the body was not cut at MaxResponse", took)
	}
	if !a.Delivered() || len(a.Response) > MaxSnippet || len(a.Response) < MaxSnippet-3 || !utf8.ValidString(a.Response) {
		t.Errorf("status %d, snippet of %d bytes (valid %v)", a.Status, len(a.Response), utf8.ValidString(a.Response))
	}
	if got := snippet([]byte{'a', 0xff, 'b'}); got != "a\uFFFDb" {
		t.Errorf("snippet of invalid UTF-8: %q", got)
	}
}

func TestNextAttempt(t *testing.T) {
	t.Parallel()
	if d, ok := NextAttempt(0); d != 0 || !ok {
		t.Errorf("first attempt: %v %v", d, ok)
	}
	want := []time.Duration{5 * time.Second, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 5 * time.Hour, 10 * time.Hour, 10 * time.Hour}
	var low, high time.Duration
	for i, w := range want {
		n := i + 1
		if d, ok := nextAttempt(n, func() float64 { return 0.5 }); d != w || !ok {
			t.Errorf("after %d failures: %v %v, want %v", n, d, ok, w)
		}
		lo, _ := nextAttempt(n, func() float64 { return 0 })
		hi, _ := nextAttempt(n, func() float64 { return 0.999999 })
		low, high = low+lo, high+hi
		for range 50 {
			d, ok := NextAttempt(n)
			if !ok || d < lo || d > hi {
				t.Errorf("after %d failures: %v outside [%v, %v]", n, d, lo, hi)
			}
		}
	}
	if low <= 24*time.Hour {
		t.Errorf("the shortest schedule spans %v, not more than a day", low)
	}
	if high > 31*time.Hour {
		t.Errorf("the longest schedule spans %v", high)
	}
	for _, n := range []int{len(want) + 1, 100} {
		if _, ok := NextAttempt(n); ok {
			t.Errorf("after %d failures it still retries", n)
		}
	}
}
