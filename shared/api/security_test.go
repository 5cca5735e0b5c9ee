package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"shortlist/shared/api"
	"shortlist/shared/assess"
	"shortlist/shared/catalog"
)

// Two organisations, each with an assessment and a candidate; every HR route called by
// one with the other's ids answers 404 and leaks nothing.
func TestTenantIsolation(t *testing.T) {
	for name, open := range repos(t) {
		t.Run(name, func(t *testing.T) {
			repo := open(t)
			st := newStack(t, repo, seedOrg(repo))
			_, otherKey := seedOrg(repo)(t, "Rival Corp")
			aid := st.createAssessment("sales-back-office")
			inv := st.invite(aid, "Ana Pérez")
			var rep struct{ Reports []struct{ ReportID string } }
			st.must(st.call("POST", "/v1/assessments/"+aid+"/reports", st.key, nil), 201).decode(t, &rep)
			ids := map[string]string{"assessmentId": aid, "candidateId": inv[0].CandidateID,
				"reportId": rep.Reports[0].ReportID, "sessionId": assess.NewID()}
			swept := 0
			var owned []func()
			for _, rt := range api.Routes {
				if !strings.HasPrefix(rt.Pattern, "/v1/assessments/") && !strings.HasPrefix(rt.Pattern, "/v1/reports/") && !strings.HasPrefix(rt.Pattern, "/v1/candidates/") {
					continue
				}
				path := regexp.MustCompile(`\{(\w+)\}`).ReplaceAllStringFunc(rt.Pattern, func(m string) string {
					return ids[strings.Trim(m, "{}")]
				})
				var body any
				if rt.Method == "POST" || rt.Method == "PUT" {
					body = map[string]any{}
				}
				r := st.call(rt.Method, path, otherKey, body)
				if r.status != 404 {
					t.Errorf("%s %s with another organisation's key: %d %s", rt.Method, path, r.status, r.body)
				}
				for _, secret := range []string{"Ana", aid, inv[0].CandidateID} {
					if strings.Contains(string(r.body), secret) && !strings.Contains(path, secret) {
						t.Errorf("%s %s leaks %q: %s", rt.Method, path, secret, r.body)
					}
				}
				// The owner reaches the same route (so the 404 above is isolation, not a bad
				// path); destructive routes go last.
				check := func() {
					if own := st.call(rt.Method, path, st.key, body); own.status == 404 {
						t.Errorf("%s %s: the owner gets 404 too: %s", rt.Method, path, own.body)
					}
				}
				if rt.Method == "DELETE" {
					owned = append(owned, check)
				} else {
					owned = append([]func(){check}, owned...)
				}
				swept++
			}
			for _, check := range owned {
				check()
			}
			if swept < 12 {
				t.Fatalf("swept only %d HR routes", swept)
			}
			// The other organisation's lists are empty.
			var list struct{ Assessments []any }
			st.must(st.call("GET", "/v1/assessments", otherKey, nil), 200).decode(t, &list)
			if len(list.Assessments) != 0 {
				t.Errorf("another organisation sees %d assessments", len(list.Assessments))
			}
		})
	}
}

// keyPattern matches what must never reach a candidate: answer keys, correct options,
// scoring parameters, weights and norms.
var keyPattern = regexp.MustCompile(`"(correct|key|best|worst|why|a|b|norm|norms|weight|weights|families|errors|answer|tolerance|compute|keyOrder|scoring|hash|tokenHash|raterNotes|minimum)"\s*:`)

// Every candidate-facing response body of a whole journey is free of keys and weights.
func TestCandidateResponsesCarryNoKeys(t *testing.T) {
	t.Parallel()
	open := repos(t)["embedded"]
	repo := open(t)
	st := newStack(t, repo, seedOrg(repo))
	var scanned int
	st.observe = func(path, token string, body []byte) {
		if strings.HasPrefix(token, assess.SessionPrefix) || path == "/v1/sessions" {
			scanned++
			if m := keyPattern.Find(body); m != nil {
				t.Errorf("%s returns %s to the candidate: %.300s", path, m, body)
			}
		}
	}
	for _, role := range []string{"sales-back-office", "ecommerce-customer-support"} {
		aid := st.createAssessment(role)
		c := st.start(inviteToken(st.invite(aid, "Eva Ruiz")[0].Link))
		for n := 1; n <= len(c.session().Sections); n++ {
			st.must(st.call("GET", fmt.Sprintf("/v1/session/sections/%d", n), c.token, nil), 200)
			sc := c.startSection(n)
			c.answer(n, sc, ids(sc), 25)
			st.must(st.call("POST", fmt.Sprintf("/v1/session/sections/%d/finish", n), c.token, nil), 200)
		}
		st.must(st.call("POST", "/v1/session/complete", c.token, nil), 200)
	}
	if scanned < 20 {
		t.Fatalf("scanned only %d candidate responses", scanned)
	}
}

// Replaying a batch changes nothing; reusing its number for other answers is refused;
// 16 concurrent autosaves from two tabs lose nothing.
func TestAutosaveIdempotentAndConcurrent(t *testing.T) {
	for name, open := range repos(t) {
		t.Run(name, func(t *testing.T) {
			repo := open(t)
			st := newStack(t, repo, seedOrg(repo))
			aid := st.createAssessment("ecommerce-customer-support")
			c := st.start(inviteToken(st.invite(aid, "Iván Gil")[0].Link))
			sc := c.startSection(1)
			items := ids(sc)
			batch := func(seq int, from, to int) map[string]any {
				var answers []map[string]any
				for j := from; j < to; j++ {
					answers = append(answers, map[string]any{"item": items[j], "value": 1 + j%5, "ms": 1000})
				}
				return map[string]any{"seq": seq, "section": 1, "answers": answers}
			}
			st.must(st.call("PUT", "/v1/session/answers", c.token, batch(1, 0, 2)), 200)
			replay := st.must(st.call("PUT", "/v1/session/answers", c.token, batch(1, 0, 2)), 200)
			var ack struct{ Replayed bool }
			replay.decode(t, &ack)
			if !ack.Replayed {
				t.Errorf("replay not recognised: %s", replay.body)
			}
			clash := st.call("PUT", "/v1/session/answers", c.token, batch(1, 2, 4))
			if clash.status != 400 || !strings.Contains(string(clash.body), `"seq"`) {
				t.Errorf("a used seq with other answers: %d %s", clash.status, clash.body)
			}
			// Two tabs share one session token: 16 batches at once, one answer each.
			other := st.start(inviteToken(st.invite(aid, "Other")[0].Link)) // another session: must stay untouched
			var wg sync.WaitGroup
			errs := make(chan string, 16)
			for k := 0; k < 16; k++ {
				wg.Add(1)
				go func(k int) {
					defer wg.Done()
					j := 2 + k%(len(items)-2)
					r := st.call("PUT", "/v1/session/answers", c.token, map[string]any{"seq": 10 + k, "section": 1,
						"answers": []map[string]any{{"item": items[j], "value": 1 + k%5}}})
					if r.status != 200 {
						errs <- fmt.Sprintf("batch %d: %d %s", 10+k, r.status, r.body)
					}
				}(k)
			}
			wg.Wait()
			close(errs)
			for e := range errs {
				t.Error(e)
			}
			if s := c.session(); s.NextSeq != 26 {
				t.Errorf("nextSeq %d after batches 1 and 10..25", s.NextSeq)
			}
			stored := st.storedAnswers(c.token)
			// Stored under the catalog's ids (Likert points are not rearranged).
			catalogID := func(shown string) string { return st.presented(sc, shown).Item.ID }
			want := map[string]int{catalogID(items[0]): 1, catalogID(items[1]): 2}
			for k := 0; k < 16; k++ {
				j := 2 + k%(len(items)-2)
				want[catalogID(items[j])] = 1 + k%5 // the highest seq per item wins
			}
			if len(stored) != len(want) {
				t.Errorf("stored %d answers, want %d", len(stored), len(want))
			}
			for id, v := range want {
				var got int
				_ = json.Unmarshal(stored[id], &got)
				if got != v {
					t.Errorf("item %s: stored %d, want %d", id, got, v)
				}
			}
			if got := st.storedAnswers(other.token); len(got) != 0 {
				t.Errorf("another session got %d answers", len(got))
			}
		})
	}
}

// Bad input gets a 4xx that names the field, never a 500.
func TestBadInput(t *testing.T) {
	t.Parallel()
	open := repos(t)["embedded"]
	repo := open(t)
	st := newStack(t, repo, seedOrg(repo))
	aid := st.createAssessment("sales-back-office")
	inv := st.invite(aid, "Olga Paz")
	c := st.start(inviteToken(inv[0].Link))
	sc := c.startSection(1)
	item := ids(sc)[0]
	huge := `{"roleId":"sales-back-office","name":"` + strings.Repeat("x", 70<<10) + `"}`
	tests := []struct {
		name, method, path, token string
		body                      any
		status                    int
		field                     string
	}{
		{"malformed JSON", "POST", "/v1/assessments", st.key, `{"roleId": `, 400, ""},
		{"oversize body", "POST", "/v1/assessments", st.key, huge, 413, ""},
		{"unknown field", "POST", "/v1/assessments", st.key, `{"roleId":"sales-back-office","colour":"red"}`, 400, "colour"},
		{"wrong type", "POST", "/v1/assessments", st.key, `{"roleId":"sales-back-office","inviteExpiryDays":"soon"}`, 400, "inviteExpiryDays"},
		{"missing role", "POST", "/v1/assessments", st.key, `{}`, 400, "roleId"},
		{"unknown role", "POST", "/v1/assessments", st.key, `{"roleId":"astronaut"}`, 400, "roleId"},
		{"no API key", "GET", "/v1/assessments", "", nil, 401, ""},
		{"malformed API key", "GET", "/v1/assessments", "slk_nope", nil, 401, ""},
		{"unknown API key", "GET", "/v1/assessments", "slk_" + strings.Repeat("A", 43), nil, 401, ""},
		{"session token as API key", "GET", "/v1/assessments", c.token, nil, 401, ""},
		{"bad assessment id", "GET", "/v1/assessments/not-an-id", st.key, nil, 404, ""},
		{"invite with a bad email", "POST", "/v1/assessments/" + aid + "/invites", st.key, `{"candidates":[{"name":"A"},{"name":"B","email":"not-an-email"}]}`, 400, "candidates[1].email"},
		{"invite with extra time 9", "POST", "/v1/assessments/" + aid + "/invites", st.key, `{"candidates":[{"name":"A","extraTime":9}]}`, 400, "candidates[0].extraTime"},
		{"invite as a CSV without a header", "POST", "/v1/assessments/" + aid + "/invites", st.key, csvBody("<x/>"), 400, "header"},
		{"bad invite token", "POST", "/v1/sessions", "", `{"inviteToken":"sli_forged","acknowledged":true,"noticeVersion":"2026-11"}`, 401, ""},
		{"no acknowledgement", "POST", "/v1/sessions", "", fmt.Sprintf(`{"inviteToken":%q,"acknowledged":false,"noticeVersion":"2026-11"}`, inviteToken(inv[0].Link)), 400, "acknowledged"},
		{"stale notice", "POST", "/v1/sessions", "", fmt.Sprintf(`{"inviteToken":%q,"acknowledged":true,"noticeVersion":"2020-01"}`, inviteToken(inv[0].Link)), 400, "noticeVersion"},
		{"no session token", "GET", "/v1/session", "", nil, 401, ""},
		{"forged session token", "GET", "/v1/session", "sls_" + strings.Repeat("B", 43), nil, 401, ""},
		{"answer to an unknown item", "PUT", "/v1/session/answers", c.token, `{"seq":1,"section":1,"answers":[{"item":"nope","value":3}]}`, 400, "answers[0].item"},
		{"answer out of range", "PUT", "/v1/session/answers", c.token, fmt.Sprintf(`{"seq":1,"section":1,"answers":[{"item":%q,"value":9}]}`, item), 400, "answers[0].value"},
		{"answer of the wrong type", "PUT", "/v1/session/answers", c.token, fmt.Sprintf(`{"seq":1,"section":1,"answers":[{"item":%q,"value":"agree"}]}`, item), 400, "answers[0].value"},
		{"answer to a section not open", "PUT", "/v1/session/answers", c.token, fmt.Sprintf(`{"seq":1,"section":2,"answers":[{"item":%q,"value":3}]}`, item), 409, ""},
		{"seq zero", "PUT", "/v1/session/answers", c.token, fmt.Sprintf(`{"seq":0,"section":1,"answers":[{"item":%q,"value":3}]}`, item), 400, "seq"},
		{"seq as text", "PUT", "/v1/session/answers", c.token, `{"seq":"one","section":1,"answers":[]}`, 400, "seq"},
		{"bad event type", "PUT", "/v1/session/answers", c.token, `{"seq":1,"section":1,"answers":[],"events":[{"type":"scroll","atMs":1}]}`, 400, "events[0].type"},
		{"section out of order", "POST", "/v1/session/sections/3/start", c.token, nil, 409, ""},
		{"section that does not exist", "POST", "/v1/session/sections/99/start", c.token, nil, 404, ""},
		{"section not a number", "POST", "/v1/session/sections/one/start", c.token, nil, 404, ""},
		{"complete with sections left", "POST", "/v1/session/complete", c.token, nil, 409, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := st.call(tt.method, tt.path, tt.token, tt.body)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d: %s", r.status, tt.status, r.body)
			}
			var e apiError
			if err := json.Unmarshal(r.body, &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
				t.Fatalf("not the error shape: %s", r.body)
			}
			if tt.field != "" && e.Error.Fields[tt.field] == "" {
				t.Errorf("fields %v do not name %q (%s)", e.Error.Fields, tt.field, e.Error.Message)
			}
		})
	}
	// Nothing above was stored.
	if got := st.storedAnswers(c.token); len(got) != 0 {
		t.Errorf("rejected batches stored %d answers", len(got))
	}
}

// A CSV upload invites the valid rows and reports each rejected row by number and reason.
func TestInviteCSV(t *testing.T) {
	t.Parallel()
	open := repos(t)["embedded"]
	repo := open(t)
	st := newStack(t, repo, seedOrg(repo))
	aid := st.createAssessment("ecommerce-customer-support")
	csv := "\ufeffName,Email,externalId,extraTime\n" +
		"Ana Pérez,ana@example.com,A-1,\n" +
		"\"Núñez, Carla\",carla@example.com,A-2,1.5\n" +
		",,A-3,\n" + // neither a name nor an address to make one from
		"Bruno Díaz,bruno@,A-4,\n" +
		"Dora Vega,dora@example.com,A-5,two\n"
	var out struct {
		Invited []struct {
			Name      string
			ExtraTime float64
			Link      string
		}
		Rejected []struct {
			Row    int
			Fields map[string]string
		}
	}
	st.must(st.call("POST", "/v1/assessments/"+aid+"/invites", st.key, csvBody(csv)), 201).decode(t, &out)
	if len(out.Invited) != 2 || out.Invited[1].Name != "Núñez, Carla" || out.Invited[1].ExtraTime != 1.5 {
		t.Errorf("invited %+v", out.Invited)
	}
	rows := map[int]string{}
	for _, r := range out.Rejected {
		for f := range r.Fields {
			rows[r.Row] = f
		}
	}
	if rows[3] != "name" || rows[4] != "email" || rows[5] != "extraTime" || len(out.Rejected) != 3 {
		t.Errorf("rejected %+v", out.Rejected)
	}
	for _, in := range out.Invited {
		if !strings.Contains(in.Link, "/take/#sli_") {
			t.Errorf("link %q does not carry the token in the fragment", in.Link)
		}
	}
	if r := st.call("POST", "/v1/assessments/"+aid+"/invites", st.key, csvBody("name,shoe size\nA,42\n")); r.status != 400 {
		t.Errorf("unknown column: %d %s", r.status, r.body)
	}
	// Responses that carry tokens are not cached and send no referrer.
	r := st.call("POST", "/v1/assessments/"+aid+"/invites", st.key, map[string]any{"candidates": []any{map[string]any{"name": "Zoe"}}})
	if r.header.Get("Cache-Control") != "no-store" || r.header.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("token-bearing response headers: %v", r.header)
	}
}

// A section's introduction and practice come before its clock: reading them starts
// nothing, and a practice answer is checked without touching the real items.
func TestSectionIntroAndPractice(t *testing.T) {
	t.Parallel()
	repo := repos(t)["embedded"](t)
	st := newStack(t, repo, seedOrg(repo))
	var a struct{ ID string }
	st.must(st.call("POST", "/v1/assessments", st.key, map[string]any{"roleId": "ecommerce-customer-support", "add": []string{"numerical-reasoning"}}), 201).decode(t, &a)
	c := st.start(inviteToken(st.invite(a.ID, "Noa Ríos")[0].Link))
	n := len(c.session().Sections) // numerical reasoning was added last
	var intro struct {
		Section struct{ State string }
		Intro   struct {
			Instructions string
			Items        []any
			Practice     []struct {
				ID      string
				Options []string
			}
		}
	}
	st.must(st.call("GET", fmt.Sprintf("/v1/session/sections/%d", n), c.token, nil), 200).decode(t, &intro)
	if intro.Section.State != "pending" || intro.Intro.Instructions == "" || len(intro.Intro.Items) != 0 || len(intro.Intro.Practice) == 0 {
		t.Fatalf("intro %+v", intro)
	}
	if s := c.session(); s.Sections[n-1].State != "pending" {
		t.Errorf("reading the intro started the section: %s", s.Sections[n-1].State)
	}
	p := intro.Intro.Practice[0]
	rights := 0
	for opt := range p.Options {
		var fb struct {
			Right       bool
			Explanation string
		}
		st.must(st.call("POST", "/v1/session/practice", c.token, map[string]any{"section": n, "item": p.ID, "answer": opt}), 200).decode(t, &fb)
		if fb.Right {
			rights++
		}
		if fb.Explanation == "" {
			t.Errorf("practice feedback without an explanation")
		}
	}
	if rights != 1 {
		t.Errorf("%d options of the practice item were right, want 1", rights)
	}
	// Real items are not practice items.
	sc := c.startSection(1)
	if r := st.call("POST", "/v1/session/practice", c.token, map[string]any{"section": 1, "item": ids(sc)[0], "answer": 0}); r.status != 400 {
		t.Errorf("a real item checked as practice: %d %s", r.status, r.body)
	}
}

// Starting the next part finishes the open one in the same write, and completing finishes
// the last part: a client need not call finish (each call saved is a write unit).
func TestNextPartFinishesTheOpenOne(t *testing.T) {
	t.Parallel()
	repo := repos(t)["embedded"](t)
	st := newStack(t, repo, seedOrg(repo))
	aid := st.createAssessment("ecommerce-customer-support")
	c := st.start(inviteToken(st.invite(aid, "Abril Luna")[0].Link))
	n := len(c.session().Sections)
	for i := 1; i <= n; i++ {
		sc := c.startSection(i)
		c.answer(i, sc, ids(sc)[:2], 2)
		s := c.session()
		if i > 1 && s.Sections[i-2].State != "closed" {
			t.Fatalf("starting part %d left part %d %s", i, i-1, s.Sections[i-2].State)
		}
		if s.Sections[i-1].State != "open" {
			t.Fatalf("part %d is %s", i, s.Sections[i-1].State)
		}
	}
	// Skipping ahead is still refused.
	c2 := st.start(inviteToken(st.invite(aid, "Bea Sol")[0].Link))
	c2.startSection(1)
	if r := st.call("POST", "/v1/session/sections/3/start", c2.token, nil); r.status != 409 {
		t.Errorf("skipping a part: %d %s", r.status, r.body)
	}
	var done sessionState
	st.must(st.call("POST", "/v1/session/complete", c.token, nil), 200).decode(t, &done)
	if done.Status != "completed" && done.Status != "scored" {
		t.Errorf("complete with the last part open: %+v", done)
	}
	sameAnswers(t, "Abril", c.sent, st.storedAnswers(c.token))
}

// An HR POST retried with the same Idempotency-Key has one effect and the same answer.
func TestIdempotencyKey(t *testing.T) {
	t.Parallel()
	repo := repos(t)["embedded"](t)
	st := newStack(t, repo, seedOrg(repo))
	aid := st.createAssessment("sales-back-office")
	send := func(key, body string) reply {
		req, _ := http.NewRequest("POST", st.url+"/v1/assessments/"+aid+"/invites", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+st.key)
		req.Header.Set("Idempotency-Key", key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return reply{resp.StatusCode, resp.Header, b}
	}
	body := `{"candidates":[{"name":"Uno"},{"name":"Dos"}]}`
	first := send("batch-42", body)
	again := send("batch-42", body)
	if first.status != 201 || again.status != 201 || !bytes.Equal(first.body, again.body) || again.header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("retry: %d %d replayed=%q, same body %v", first.status, again.status, again.header.Get("Idempotent-Replayed"), bytes.Equal(first.body, again.body))
	}
	if got := st.statuses(aid); len(got) != 2 {
		t.Errorf("a retried invite made %d candidates, want 2", len(got))
	}
	if r := send("batch-42", `{"candidates":[{"name":"Tres"}]}`); r.status != 409 || !strings.Contains(string(r.body), "Idempotency-Key") {
		t.Errorf("the key reused for another request: %d %s", r.status, r.body)
	}
	bad := send("batch-43", `{"candidates":[{"name":""}]}`)
	if bad.status != 400 || send("batch-43", `{"candidates":[{"name":""}]}`).status != 400 {
		t.Errorf("a refused request replays its refusal: %d", bad.status)
	}
	if r := send("batch-44", body); r.status != 201 || bytes.Equal(r.body, first.body) {
		t.Errorf("a new key is a new request: %d", r.status)
	}
	if got := st.statuses(aid); len(got) != 4 {
		t.Errorf("%d candidates after two distinct batches, want 4", len(got))
	}
}

// Invite and session tokens name their record, but only the whole token opens it: the
// same secret with another candidate's id, a rotated token, or a token past the session's
// lifetime is a 401.
func TestBoundTokens(t *testing.T) {
	t.Parallel()
	repo := repos(t)["embedded"](t)
	st := newStack(t, repo, seedOrg(repo))
	aid := st.createAssessment("sales-back-office")
	inv := st.invite(aid, "Ana Ruiz", "Beto Paz")
	a, b := inviteToken(inv[0].Link), inviteToken(inv[1].Link)
	swapped := a[:4] + b[4:30] + a[30:] // Beto's id, Ana's secret
	if r := st.call("POST", "/v1/invites/preview", "", map[string]any{"inviteToken": swapped}); r.status != 401 {
		t.Errorf("invite with another candidate's id: %d %s", r.status, r.body)
	}
	c := st.start(a)
	if c.token[4:30] != a[4:30] {
		t.Errorf("session token %q does not name the candidate of invite %q", c.token, a)
	}
	st.must(st.call("GET", "/v1/session", c.token, nil), 200)
	c2 := st.start(a) // the invite again, on another device: the first token stops working
	if r := st.call("GET", "/v1/session", c.token, nil); r.status != 401 {
		t.Errorf("rotated session token: %d %s", r.status, r.body)
	}
	st.must(st.call("GET", "/v1/session", c2.token, nil), 200)
	st.clock.Advance(assess.SessionLifetime + time.Second)
	if r := st.call("GET", "/v1/session", c2.token, nil); r.status != 401 {
		t.Errorf("session token past the session's lifetime: %d %s", r.status, r.body)
	}
}

// allKinds is an assessment with an instrument of every kind and every keyed
// instrument: multiple choice (cognitive and digital tools), SJT, DISC, data validation,
// writing, parallel cases and a Likert scale.
func (st *stack) allKinds(lang catalog.Lang) string {
	var a struct{ ID string }
	st.must(st.call("POST", "/v1/assessments", st.key, map[string]any{"roleId": "chat-support-agent", "lang": lang,
		"remove": []string{"communication-clarity", "customer-orientation"},
		"add": []string{"numerical-reasoning", "verbal-reasoning", "logical-reasoning", "digital-tools", "work-judgment",
			"disc-profile", "excel-sales-validation"}}), 201).decode(st.t, &a)
	return a.ID
}

// catalogNames lists every id a candidate must never see for the assessment's scored
// items: item ids and parallel-cases case ids, with where each comes from.
func (st *stack) catalogNames(assessmentID string) map[string]string {
	var a struct {
		Config struct{ Sections []struct{ Instrument string } }
	}
	st.must(st.call("GET", "/v1/assessments/"+assessmentID, st.key, nil), 200).decode(st.t, &a)
	out := map[string]string{}
	for _, sec := range a.Config.Sections {
		inst, _ := st.cat.Instrument(sec.Instrument)
		for _, it := range inst.Items {
			out[it.ID] = inst.ID + " item"
			if it.Task != nil {
				for _, c := range it.Task.Cases {
					out[c.ID] = inst.ID + " " + it.ID + " case"
				}
			}
		}
	}
	if len(out) < 150 {
		st.t.Fatalf("only %d catalog ids to look for", len(out))
	}
	return out
}

// jsonNames calls see on every object key and string value of a JSON document.
func jsonNames(body []byte, see func(string)) {
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				see(k)
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		case string:
			see(x)
		}
	}
	var v any
	if json.Unmarshal(body, &v) == nil {
		walk(v)
	}
}

// (b) No candidate-visible response names a scored item or case by its catalog id, in a
// whole journey through every kind of item, both languages: the section content, saved
// answers on resume, practice, errors, completion. The ids two sessions of the same
// assessment see are different; no response carries a key field or the session's seed.
func TestCandidateSeesNoCatalogIDs(t *testing.T) {
	t.Parallel()
	repo := repos(t)["embedded"](t)
	st := newStack(t, repo, seedOrg(repo))
	scanned := 0
	var names map[string]string
	var seeds []string // the sessions' secret seeds, which key the presentation
	st.observe = func(path, token string, body []byte) {
		if !strings.HasPrefix(token, assess.SessionPrefix) && path != "/v1/sessions" && path != "/v1/invites/preview" {
			return
		}
		scanned++
		for _, seed := range seeds {
			if strings.Contains(string(body), seed) {
				t.Errorf("%s shows the candidate the session's seed %s", path, seed)
			}
		}
		jsonNames(body, func(s string) {
			if from, ok := names[s]; ok {
				t.Errorf("%s shows the candidate %q (%s): %.300s", path, s, from, body)
			}
		})
		if m := keyPattern.Find(withoutSaved(body)); m != nil {
			t.Errorf("%s returns %s to the candidate: %.300s", path, m, body)
		}
	}
	for _, lang := range catalog.Langs {
		aid := st.allKinds(lang)
		names = st.catalogNames(aid)
		inv := st.invite(aid, "Ada Uno", "Ben Dos")
		shownIDs := make([]map[int][]string, 2)
		for who := range 2 {
			tok := inviteToken(inv[who].Link)
			st.must(st.call("POST", "/v1/invites/preview", "", map[string]any{"inviteToken": tok}), 200)
			c := st.start(tok)
			sid, _ := assess.TokenOwner(c.token, assess.SessionPrefix)
			ss, err := repo.Session(context.Background(), sid)
			if err != nil {
				t.Fatal(err)
			}
			seeds = append(seeds, strconv.FormatInt(ss.Seed, 10), strconv.FormatInt(ss.Seed, 16))
			shownIDs[who] = map[int][]string{}
			sections := len(c.session().Sections)
			if sections != 10 {
				t.Fatalf("%d sections", sections)
			}
			for n := 1; n <= sections; n++ {
				var intro struct {
					Intro struct {
						Practice []struct {
							ID      string
							Options []string
						}
					}
				}
				st.must(st.call("GET", fmt.Sprintf("/v1/session/sections/%d", n), c.token, nil), 200).decode(t, &intro)
				for _, p := range intro.Intro.Practice {
					if len(p.Options) > 0 {
						st.must(st.call("POST", "/v1/session/practice", c.token, map[string]any{"section": n, "item": p.ID, "answer": 0}), 200)
					}
				}
				sc := c.startSection(n)
				items := ids(sc)
				shownIDs[who][n] = items
				half := len(items) / 2
				c.answer(n, sc, items[:half], 20)
				// A new device mid-section: the saved answers come back under the shown ids.
				var moved struct {
					SessionToken string
					Session      sessionState
				}
				st.must(st.call("POST", "/v1/sessions", "", map[string]any{"inviteToken": tok, "acknowledged": true, "noticeVersion": assess.NoticeVersion}), 201).decode(t, &moved)
				c.token = moved.SessionToken
				if got := moved.Session.Sections[n-1].Saved; len(got) != len(c.shownIn(items[:half])) {
					t.Errorf("section %d: %d saved answers on the new device, %d sent", n, len(got), half)
				}
				again := c.startSection(n)
				c.answer(n, again, items[half:], 20)
				// Refused answers name nothing of the catalog either.
				bad := map[string]any{"seq": c.nextSeq, "section": n, "answers": []map[string]any{{"item": items[0], "value": 99}}}
				if sc.Section.Kind == catalog.ParallelCases {
					bad["answers"] = []map[string]any{{"item": items[0], "value": map[string]any{"replies": map[string]int{sc.Content.Items[0].Task.Cases[0].ID: 99}}}}
				}
				if r := st.call("PUT", "/v1/session/answers", c.token, bad); r.status != 400 && sc.Section.Kind != catalog.Writing {
					t.Errorf("section %d: a bad answer got %d", n, r.status)
				}
				st.must(st.call("GET", "/v1/session", c.token, nil), 200)
			}
			st.must(st.call("POST", "/v1/session/complete", c.token, nil), 200)
			st.call("GET", "/v1/session/feedback", c.token, nil)
		}
		for n, a := range shownIDs[0] {
			mine := map[string]bool{}
			for _, id := range a {
				mine[id] = true
			}
			for _, id := range shownIDs[1][n] {
				if mine[id] {
					t.Errorf("%s section %d: two sessions both see item id %q", lang, n, id)
				}
			}
		}
	}
	if scanned < 150 {
		t.Fatalf("scanned only %d candidate responses", scanned)
	}
}

// withoutSaved is a response body without the candidate's own saved answers, whose SJT
// shape ({"best": i, "worst": j}) names what the candidate chose, not a key.
func withoutSaved(body []byte) []byte {
	var v any
	if json.Unmarshal(body, &v) != nil {
		return body
	}
	var strip func(v any)
	strip = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			delete(x, "saved")
			for _, e := range x {
				strip(e)
			}
		case []any:
			for _, e := range x {
				strip(e)
			}
		}
	}
	strip(v)
	b, _ := json.Marshal(v)
	return b
}

// shownIn counts the given shown ids this candidate has answered.
func (c *candidate) shownIn(items []string) []string {
	var out []string
	for _, id := range items {
		if _, ok := c.shown[id]; ok {
			out = append(out, id)
		}
	}
	return out
}

// byText finds the index of text among shown, or fails.
func byText(t *testing.T, shown []string, text string) int {
	t.Helper()
	for k, s := range shown {
		if s == text {
			return k
		}
	}
	t.Fatalf("%q is not among %q", text, shown)
	return -1
}

// (c) A candidate who knows every key and answers on the shuffled view, finding the
// keyed options by their texts as a person would, has each answer stored as the catalog's
// key and scored right.
func TestKeyedAnswersOnTheShownViewScoreRight(t *testing.T) {
	t.Parallel()
	repo := repos(t)["embedded"](t)
	st := newStack(t, repo, seedOrg(repo))
	aid := st.allKinds(catalog.EN)
	c := st.start(inviteToken(st.invite(aid, "Kim Key")[0].Link))
	keyed := map[string]json.RawMessage{} // catalog id → the key in the catalog's terms
	for n := 1; n <= len(c.session().Sections); n++ {
		sc := c.startSection(n)
		inst, _ := st.cat.Instrument(sc.Section.Instrument)
		var batch []map[string]any
		for _, iv := range sc.Content.Items {
			it := st.presented(sc, iv.ID).Item
			var shown, key any
			switch inst.Kind {
			case catalog.MultipleChoice:
				shown, key = byText(t, iv.Options, it.Options[*it.Correct].EN), *it.Correct
			case catalog.SJT:
				shown = map[string]int{"best": byText(t, iv.Options, it.Options[*it.Best].EN), "worst": byText(t, iv.Options, it.Options[*it.Worst].EN)}
				key = map[string]int{"best": *it.Best, "worst": *it.Worst}
			case catalog.ParallelCases:
				shownCase := map[string]string{} // catalog case id → shown
				replies, keyReplies := map[string]int{}, map[string]int{}
				for _, cs := range it.Task.Cases {
					for _, cv := range iv.Task.Cases {
						if cv.Message == cs.Message.EN {
							shownCase[cs.ID] = cv.ID
							replies[cv.ID] = byText(t, cv.Replies, cs.Replies[*cs.Best].EN)
						}
					}
					keyReplies[cs.ID] = *cs.Best
				}
				var order []string
				for _, id := range it.Task.KeyOrder {
					order = append(order, shownCase[id])
				}
				shown = map[string]any{"order": order, "replies": replies}
				key = map[string]any{"order": it.Task.KeyOrder, "replies": keyReplies}
			default:
				continue
			}
			sv, _ := json.Marshal(shown)
			kv, _ := json.Marshal(key)
			keyed[it.ID] = kv
			batch = append(batch, map[string]any{"item": iv.ID, "value": json.RawMessage(sv), "ms": 20000})
		}
		for i := 0; i < len(batch); i += 20 {
			st.must(st.call("PUT", "/v1/session/answers", c.token, map[string]any{"seq": c.nextSeq, "section": n, "answers": batch[i:min(i+20, len(batch))]}), 200)
			c.nextSeq++
		}
	}
	stored := st.storedAnswers(c.token)
	for id, key := range keyed {
		if !jsonEqual(stored[id], key) {
			t.Errorf("item %s: stored %s, the key is %s", id, stored[id], key)
		}
	}
	if len(keyed) < 100 {
		t.Fatalf("only %d keyed items answered", len(keyed))
	}
	var done sessionState
	st.must(st.call("POST", "/v1/session/complete", c.token, nil), 200).decode(t, &done)
	sid, _ := assess.TokenOwner(c.token, assess.SessionPrefix)
	res, err := repo.Result(context.Background(), st.orgID, sid)
	if err != nil {
		t.Fatalf("no result: %v", err)
	}
	scores := res.Scores
	scored := 0
	for _, sec := range scores.Sections {
		switch sec.Kind {
		case catalog.MultipleChoice:
			for id, v := range sec.Scales[0].ItemScores {
				scored++
				if v != 1 {
					t.Errorf("%s %s: scored %v, answered with the key", sec.Instrument, id, v)
				}
			}
		case catalog.SJT:
			// Every scenario gets the top of the scale (2 on −2…2, or 1 on 0…1).
			for id, v := range sec.Scales[0].ItemScores {
				scored++
				if v != 1 && v != 2 || v != sec.Scales[0].ItemScores[keyOfMax(sec.Scales[0].ItemScores)] {
					t.Errorf("%s %s: scored %v, answered with the key", sec.Instrument, id, v)
				}
			}
		case catalog.ParallelCases:
			for _, task := range sec.Tasks {
				scored++
				if task.Points != task.Possible {
					t.Errorf("%s %s: %v of %v points, answered with the key", sec.Instrument, task.Item, task.Points, task.Possible)
				}
			}
		}
	}
	if scored != len(keyed) {
		t.Errorf("%d keyed items scored, %d answered", scored, len(keyed))
	}
}

func keyOfMax(m map[string]float64) string {
	best, at := math.Inf(-1), ""
	for k, v := range m {
		if v > best {
			best, at = v, k
		}
	}
	return at
}
