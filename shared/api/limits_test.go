package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"shortlist/content"
	"shortlist/shared/api"
	"shortlist/shared/assess"
	"shortlist/shared/catalog"
)

// send is call without t.Fatal (safe from any goroutine), with extra headers.
func (st *stack) send(method, path, token string, body any, header map[string]string) (reply, error) {
	var rd io.Reader
	if body != nil {
		buf, _ := json.Marshal(body)
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, st.url+path, rd)
	if err != nil {
		return reply{}, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return reply{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	r := reply{resp.StatusCode, resp.Header, b}
	st.spec.check(st.t, req, r)
	return r, err
}

// limited checks that r is the rate limit's answer and returns its Retry-After.
func limited(t *testing.T, what string, r reply) int {
	t.Helper()
	if r.status != http.StatusTooManyRequests || r.errorCode() != string(assess.RateLimited) {
		t.Fatalf("%s: %d %s, want 429 rate_limited", what, r.status, r.body)
	}
	secs, err := strconv.Atoi(r.header.Get("Retry-After"))
	if err != nil || secs < 1 {
		t.Fatalf("%s: Retry-After %q, want whole seconds ≥ 1", what, r.header.Get("Retry-After"))
	}
	return secs
}

// One address floods the public invite preview far past its limit, concurrently with a
// candidate's autosaves: the flood is cut to the per-address rate, every autosave of the
// real session succeeds, and other addresses still preview and start.
func TestPublicFloodLeavesCandidatesAlone(t *testing.T) {
	open := repos(t)["embedded"]
	repo := open(t)
	st := newStack(t, repo, seedOrg(repo)) // the default limits
	aid := st.createAssessment("ecommerce-customer-support")
	inv := st.invite(aid, "Ana Ruiz", "Bea Sanz", "Carla Vidal")
	c := st.start(inviteToken(inv[0].Link))
	sc := c.startSection(1)
	items := ids(sc)
	if len(items) > 40 {
		items = items[:40]
	}

	const flooder = "203.0.113.66"
	flood := map[string]string{"X-Forwarded-For": flooder}
	var (
		mu       sync.Mutex
		statuses = map[int]int{}
		bad      []string
		first    time.Time
		last     time.Time
	)
	done := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				select {
				case <-done:
					if n >= 100 {
						return
					}
				default:
				}
				sent := time.Now()
				r, err := st.send("POST", "/v1/invites/preview", "", map[string]any{"inviteToken": "sli_" + assess.NewID()}, flood)
				mu.Lock()
				if first.IsZero() {
					first = sent
				}
				last = time.Now()
				switch {
				case err != nil:
					bad = append(bad, err.Error())
				case r.status == 429:
					if secs, _ := strconv.Atoi(r.header.Get("Retry-After")); secs < 1 || r.errorCode() != "rate_limited" {
						bad = append(bad, fmt.Sprintf("429 with Retry-After %q: %s", r.header.Get("Retry-After"), r.body))
					}
				case r.status >= 500:
					bad = append(bad, fmt.Sprintf("%d %s", r.status, r.body))
				}
				statuses[r.status]++
				mu.Unlock()
			}
		}()
	}
	stop := sync.OnceFunc(func() { close(done); wg.Wait() })
	defer stop() // also when the autosaves fail the test
	// The candidate's autosaves (st.must: each one 200) while the flood runs.
	c.answer(1, sc, items, 2)
	stop()
	for _, b := range bad {
		t.Error("flood:", b)
	}

	total, admitted := 0, 0
	for status, n := range statuses {
		total += n
		if status != 429 {
			admitted += n
		}
	}
	rate := api.DefaultIPRate
	allowed := rate.Burst + int(math.Ceil(rate.PerSecond*last.Sub(first).Seconds())) + 1
	t.Logf("flood: %d requests in %v, %d let through (limit %d), statuses %v", total, last.Sub(first).Round(time.Millisecond), admitted, allowed, statuses)
	if statuses[429] == 0 || admitted > allowed {
		t.Errorf("one address got %d of %d requests through; the limit lets %d", admitted, total, allowed)
	}
	if got := len(st.storedAnswers(c.token)); got != len(items) {
		t.Errorf("%d answers stored, want %d", got, len(items))
	}

	// The flooding address is refused whatever token it brings; other addresses are not,
	// nor is the candidates' own.
	realInvite := map[string]any{"inviteToken": inviteToken(inv[1].Link)}
	r, err := st.send("POST", "/v1/invites/preview", "", realInvite, flood)
	if err != nil {
		t.Fatal(err)
	}
	limited(t, "a real invite from the flooding address", r)
	r, err = st.send("POST", "/v1/invites/preview", "", realInvite, map[string]string{"X-Forwarded-For": "198.51.100.20"})
	if err != nil || r.status != 200 {
		t.Errorf("preview from another address during the flood: %d %s %v", r.status, r.body, err)
	}
	st.start(inviteToken(inv[2].Link)) // from the stack's own address: 201
}

// A session over its limit gets 429 with a Retry-After from its bucket, on every candidate
// route; another session is unaffected.
func TestSessionLimit(t *testing.T) {
	open := repos(t)["embedded"]
	repo := open(t)
	const burst = 4
	st := newStackWith(t, repo, seedOrg(repo), &clock{now: time.Now().UTC()},
		api.Limits{Session: api.Rate{PerSecond: 0.1, Burst: burst}}) // a token every 10 s
	aid := st.createAssessment("ecommerce-customer-support")
	inv := st.invite(aid, "Ana Ruiz", "Bea Sanz")
	a := st.start(inviteToken(inv[0].Link))
	b := st.start(inviteToken(inv[1].Link))

	for i := 0; i < burst; i++ {
		st.must(st.call("GET", "/v1/session", a.token, nil), 200)
	}
	r := st.call("GET", "/v1/session", a.token, nil)
	if secs := limited(t, "GET /v1/session past the burst", r); secs < 9 || secs > 10 {
		t.Errorf("Retry-After %d, want 10 (one token per 10 s, rounded up)", secs)
	}
	if r.header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q on a candidate 429", r.header.Get("Cache-Control"))
	}
	// One bucket per session across routes: the autosave is refused too, and saves nothing.
	r = st.call("PUT", "/v1/session/answers", a.token, map[string]any{"seq": a.nextSeq, "section": 1, "answers": []any{}})
	limited(t, "an autosave of the same session", r)

	// The other session has its own bucket.
	for i := 0; i < burst; i++ {
		st.must(st.call("GET", "/v1/session", b.token, nil), 200)
	}
	// A bad token is a 401, not a bucket.
	if r := st.call("GET", "/v1/session", "sls_nope", nil); r.status != 401 {
		t.Errorf("bad token: %d %s", r.status, r.body)
	}
}

// An organisation over its limit gets 429 on HR routes, whichever of its keys it uses;
// another organisation and the organisation's candidates are unaffected.
func TestOrganisationLimit(t *testing.T) {
	open := repos(t)["embedded"]
	repo := open(t)
	const burst = 6
	st := newStackWith(t, repo, seedOrg(repo), &clock{now: time.Now().UTC()},
		api.Limits{Org: api.Rate{PerSecond: 0.1, Burst: burst}})
	_, otherKey := seedOrg(repo)(t, "Rival Corp")
	secondKey := addKey(t, st)

	aid := st.createAssessment("ecommerce-customer-support")       // 1
	c := st.start(inviteToken(st.invite(aid, "Ana Ruiz")[0].Link)) // 2
	ok := 2
	for ; ok < burst+5; ok++ {
		key := st.key
		if ok%2 == 1 {
			key = secondKey
		}
		r := st.call("GET", "/v1/assessments", key, nil)
		if r.status == 429 {
			limited(t, "GET /v1/assessments past the burst", r)
			break
		}
		st.must(r, 200)
	}
	if ok != burst {
		t.Fatalf("the organisation was limited after %d requests, want %d", ok, burst)
	}
	limited(t, "the organisation's other key", st.call("GET", "/v1/assessments/"+aid, secondKey, nil))
	limited(t, "a POST", st.call("POST", "/v1/assessments", st.key, map[string]any{"roleId": "sales-back-office", "lang": "es"}))

	st.must(st.call("GET", "/v1/assessments", otherKey, nil), 200)
	st.must(st.call("GET", "/v1/session", c.token, nil), 200)
	// Authentication comes first: a bad key is a 401 even while the limit holds.
	if r := st.call("GET", "/v1/assessments", "slk_nope", nil); r.status != 401 {
		t.Errorf("bad key: %d %s", r.status, r.body)
	}
}

// addKey creates a second API key for the stack's organisation.
func addKey(t *testing.T, st *stack) string {
	t.Helper()
	k, secret, err := assess.NewAPIKey(st.orgID, "second", "", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := st.repo.CreateAPIKey(t.Context(), k); err != nil {
		t.Fatal(err)
	}
	return secret
}

// With an origin secret, a request without the header, or with another value, is refused
// before routing; the right value passes. Without a secret nothing is checked.
func TestOriginSecret(t *testing.T) {
	cat, err := catalog.Load(content.Catalog())
	if err != nil {
		t.Fatal(err)
	}
	const secret = "0123456789abcdef0123456789abcdef"
	guarded, err := api.NewHandler(api.Deps{Catalog: cat, OriginSecret: secret}, "")
	if err != nil {
		t.Fatal(err)
	}
	refused := []struct {
		name, method, path, value string
	}{
		{"no header", "GET", "/v1/catalog/roles", ""},
		{"wrong value", "GET", "/v1/catalog/roles", "not-the-secret"},
		{"same length, one byte off", "GET", "/v1/catalog/roles", secret[:len(secret)-1] + "0"},
		{"the secret plus more", "GET", "/v1/catalog/roles", secret + "x"},
		{"unknown route", "GET", "/v1/nowhere", ""},
		{"session start", "POST", "/v1/sessions", ""},
		{"HR route", "GET", "/v1/assessments", "wrong"},
	}
	for _, tt := range refused {
		header := map[string]string{}
		if tt.value != "" {
			header[api.OriginHeader] = tt.value
		}
		r := do(t, guarded, tt.method, tt.path, header)
		var e apiError
		_ = json.Unmarshal(r.body, &e)
		if r.status != http.StatusForbidden || e.Error.Code != "forbidden" || r.header.Get("X-Request-Id") == "" {
			t.Errorf("%s: %d %s, want 403 forbidden with a request id", tt.name, r.status, r.body)
		}
	}
	if r := do(t, guarded, "GET", "/v1/catalog/roles", map[string]string{api.OriginHeader: secret}); r.status != 200 {
		t.Errorf("with the secret: %d %s", r.status, r.body)
	}
	if r := do(t, guarded, "GET", "/v1/nowhere", map[string]string{api.OriginHeader: secret}); r.status != 404 {
		t.Errorf("with the secret, an unknown route: %d %s", r.status, r.body)
	}

	open, err := api.NewHandler(api.Deps{Catalog: cat}, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, header := range []map[string]string{nil, {api.OriginHeader: "anything"}} {
		if r := do(t, open, "GET", "/v1/catalog/roles", header); r.status != 200 {
			t.Errorf("no secret configured, header %v: %d %s", header, r.status, r.body)
		}
	}

	// Through the Lambda adapter, as API Gateway delivers it (lower-case header names).
	h := api.LambdaHandler(guarded)
	for value, want := range map[string]int{"": 403, "wrong": 403, secret: 200} {
		ev := apigwEvent("GET", "/v1/catalog/roles", "203.0.113.7", map[string]string{"x-shortlist-origin": value})
		resp, err := h(t.Context(), ev)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != want {
			t.Errorf("Lambda event with origin header %q: %d, want %d: %s", value, resp.StatusCode, want, resp.Body)
		}
	}
}

// apigwEvent is an API Gateway HTTP API (payload 2.0) event for method and path from
// sourceIP, with the headers API Gateway adds.
func apigwEvent(method, path, sourceIP string, headers map[string]string) events.APIGatewayV2HTTPRequest {
	h := map[string]string{"host": "abc123.execute-api.eu-west-1.amazonaws.com", "x-forwarded-for": sourceIP, "x-forwarded-proto": "https"}
	for k, v := range headers {
		if v != "" {
			h[k] = v
		}
	}
	return events.APIGatewayV2HTTPRequest{
		Version: "2.0", RouteKey: method + " " + path, RawPath: path, Headers: h,
		RequestContext: events.APIGatewayV2HTTPRequestContext{
			APIID: "abc123", DomainName: "abc123.execute-api.eu-west-1.amazonaws.com", Stage: "$default",
			RequestID: "Zz9aBcDeFgHiJkL=", RouteKey: method + " " + path,
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: method, Path: path, Protocol: "HTTP/1.1", SourceIP: sourceIP},
		},
	}
}
