package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"golang.org/x/time/rate"
)

func TestLimitsDefaultsAndOff(t *testing.T) {
	t.Parallel()
	l := newLimiters(Limits{Org: Rate{Burst: 7}})
	for name, c := range map[string]struct {
		b    *buckets
		want Rate
	}{
		"session": {l.session, DefaultSessionRate},
		"org":     {l.org, Rate{PerSecond: DefaultOrgRate.PerSecond, Burst: 7}},
		"ip":      {l.ip, DefaultIPRate},
	} {
		if c.b.limit != rate.Limit(c.want.PerSecond) || c.b.burst != c.want.Burst || c.b.max != DefaultMaxKeys {
			t.Errorf("%s: %v/s burst %d max %d, want %+v max %d", name, c.b.limit, c.b.burst, c.b.max, c.want, DefaultMaxKeys)
		}
	}
	off := newLimiters(Limits{Off: true, Session: Rate{PerSecond: 1, Burst: 1}})
	if off != nil || off.sessions() != nil || off.orgs() != nil || off.ips() != nil {
		t.Errorf("Off still limits: %+v", off)
	}
	rec := httptest.NewRecorder()
	for i := 0; i < 1000; i++ {
		if !admit(rec, httptest.NewRequest("GET", "/", nil), off.sessions(), "s", "session") {
			t.Fatal("Off refused a request")
		}
	}
}

// A refused request spends nothing: the token it waited for is there at the time given.
func TestBucketTake(t *testing.T) {
	t.Parallel()
	b := newBuckets(Rate{PerSecond: 1, Burst: 2}, 10)
	t0 := time.Unix(1_800_000_000, 0)
	for i := 0; i < 2; i++ {
		if ok, _ := b.take("k", t0); !ok {
			t.Fatalf("request %d within the burst refused", i+1)
		}
	}
	ok, wait := b.take("k", t0)
	if ok || wait != time.Second {
		t.Fatalf("past the burst: ok %v, wait %v; want refused, 1s", ok, wait)
	}
	if ok, wait := b.take("k", t0.Add(500*time.Millisecond)); ok || wait != 500*time.Millisecond {
		t.Fatalf("half a second later: ok %v, wait %v; want refused, 500ms", ok, wait)
	}
	if ok, _ := b.take("k", t0.Add(time.Second)); !ok {
		t.Fatal("refused after the wait it was told: the refusals spent tokens")
	}
	if ok, _ := b.take("other", t0); !ok {
		t.Fatal("another key shares the bucket")
	}
}

// Past MaxKeys the least recently used key is forgotten, and only it.
func TestBucketsEvictLeastRecentlyUsed(t *testing.T) {
	t.Parallel()
	b := newBuckets(Rate{PerSecond: 0.001, Burst: 1}, 2)
	t0 := time.Unix(1_800_000_000, 0)
	take := func(k string) bool { ok, _ := b.take(k, t0); return ok }
	if !take("a") || !take("b") {
		t.Fatal("fresh keys refused")
	}
	if take("a") { // a is now the most recently used
		t.Fatal("a's second request admitted")
	}
	if !take("c") { // evicts b
		t.Fatal("fresh key c refused")
	}
	if len(b.byKey) != 2 || b.lru.Len() != 2 {
		t.Fatalf("%d keys (%d in the list), want 2", len(b.byKey), b.lru.Len())
	}
	if take("a") {
		t.Error("a was evicted, though b was used less recently")
	}
	if !take("b") {
		t.Error("b was kept past the bound")
	}
	for i := 0; i < 10_000; i++ {
		b.take(string(rune('A'+i%26))+time.Duration(i).String(), t0)
	}
	if len(b.byKey) != 2 || b.lru.Len() != 2 {
		t.Fatalf("%d keys after a churn, want 2", len(b.byKey))
	}
}

// Retry-After is whole seconds, rounded up, never 0, and the body is the error shape.
func TestAdmitAnswers429(t *testing.T) {
	b := newBuckets(Rate{PerSecond: 4, Burst: 1}, 10) // the next token in 250 ms
	r := httptest.NewRequest("GET", "/v1/session", nil)
	if !admit(httptest.NewRecorder(), r, b, "s", "session") {
		t.Fatal("first request refused")
	}
	rec := httptest.NewRecorder()
	if admit(rec, r, b, "s", "session") {
		t.Fatal("second request within 250 ms admitted")
	}
	var body errorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	if rec.Code != 429 || rec.Header().Get("Retry-After") != "1" || body.Error.Code != "rate_limited" {
		t.Errorf("%d, Retry-After %q, %s; want 429, 1, rate_limited", rec.Code, rec.Header().Get("Retry-After"), rec.Body)
	}
}

func TestClientKey(t *testing.T) {
	t.Parallel()
	const edge = "130.176.9.9" // a CloudFront edge, as API Gateway sees it
	tests := []struct {
		name   string
		remote string
		xff    []string
		want   string
	}{
		{"dev server, no proxy", "127.0.0.1:50123", nil, "127.0.0.1"},
		{"API Gateway directly", "198.51.100.7", []string{"198.51.100.7"}, "198.51.100.7"},
		{"through CloudFront, API Gateway appends the edge", edge, []string{"203.0.113.5, " + edge}, "203.0.113.5"},
		{"through CloudFront, the edge not appended", edge, []string{"203.0.113.5"}, "203.0.113.5"},
		{"a viewer's own X-Forwarded-For is ignored", edge, []string{"1.1.1.1, 10.0.0.3, 203.0.113.5, " + edge}, "203.0.113.5"},
		{"split over header lines", edge, []string{"1.1.1.1", "203.0.113.5, " + edge}, "203.0.113.5"},
		{"an unreadable entry stops the walk", edge, []string{"203.0.113.5, junk, " + edge}, edge},
		{"IPv6 counts per /64", edge, []string{"2001:db8:1:2:3:4:5:6, " + edge}, "2001:db8:1:2::/64"},
		{"IPv4-mapped IPv6 is IPv4", "[::ffff:203.0.113.5]:443", nil, "203.0.113.5"},
		{"no address at all", "", nil, "unknown"},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("POST", "/v1/sessions", nil)
		r.RemoteAddr = tt.remote
		for _, v := range tt.xff {
			r.Header.Add("X-Forwarded-For", v)
		}
		if got := clientKey(r); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// In Lambda the adapter hands over API Gateway's sourceIp and headers as they arrive.
func TestClientKeyFromAPIGatewayEvent(t *testing.T) {
	t.Parallel()
	var got string
	h := LambdaHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = clientKey(r)
		w.WriteHeader(http.StatusNoContent)
	}))
	for _, tt := range []struct{ source, xff, want string }{
		{"198.51.100.7", "198.51.100.7", "198.51.100.7"},
		{"130.176.9.9", "6.6.6.6, 203.0.113.5, 130.176.9.9", "203.0.113.5"},
	} {
		ev := events.APIGatewayV2HTTPRequest{
			Version: "2.0", RawPath: "/v1/sessions", Headers: map[string]string{"x-forwarded-for": tt.xff},
			RequestContext: events.APIGatewayV2HTTPRequestContext{
				HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: "POST", Path: "/v1/sessions", SourceIP: tt.source},
			},
		}
		if _, err := h(context.Background(), ev); err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("sourceIp %s, x-forwarded-for %q: %q, want %q", tt.source, tt.xff, got, tt.want)
		}
	}
}
