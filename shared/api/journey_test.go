package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"shortlist/shared/api"
	"shortlist/shared/api/openapi"
	"shortlist/shared/app"
	"shortlist/shared/app/reporting"
	"shortlist/shared/app/settings"
	"shortlist/shared/assess"
	"shortlist/shared/blob/localstore"
	"shortlist/shared/catalog"
	"shortlist/shared/store"
)

// clock is a settable server clock, so deadlines can pass without waiting.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// stack is the whole API over one repository, served on loopback like the dev server.
type stack struct {
	t     *testing.T
	url   string
	cat   *catalog.Catalog
	repo  *store.Repository
	clock *clock
	key   string // an HR API key of org
	orgID string
	spec  *openAPIChecker
	// observe, if set, sees every response body (the candidate-body scan uses it).
	observe  func(path, token string, body []byte)
	svc      *assess.Service
	scorer   *assess.Scorer
	reporter *reporting.Reporter
	blobDir  string       // where the report store keeps its files
	client   *http.Client // nil: http.DefaultClient (a person's sign-in tests use a cookie jar)
}

func newStack(t *testing.T, repo *store.Repository, seed seeder) *stack {
	t.Helper()
	return newStackAt(t, repo, seed, &clock{now: time.Now().UTC()})
}

// newStackAt is newStack on a given clock (the same one the table judges expiry by, when
// a test moves time past a retention date).
func newStackAt(t *testing.T, repo *store.Repository, seed seeder, clk *clock) *stack {
	t.Helper()
	return newStackWith(t, repo, seed, clk, api.Limits{})
}

// newStackWith is newStackAt with the given request limits (the zero value: the defaults,
// which every journey in these tests stays under).
func newStackWith(t *testing.T, repo *store.Repository, seed seeder, clk *clock, limits api.Limits, opts ...func(*api.Deps)) *stack {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	srv.Start()
	t.Cleanup(srv.Close)
	blobDir := t.TempDir()
	blobs, err := localstore.New(blobDir, nil, srv.URL+"/files")
	if err != nil {
		t.Fatal(err)
	}
	// The stack writes through a recorder of the DynamoDB actions each function uses
	// (actions_test.go); the test's own reads through repo are not recorded.
	built, err := app.New(settings.Config{}, nil, recordingTable{repo.Table()}, blobs)
	if err != nil {
		t.Fatal(err)
	}
	svc := built.Deps.Journey
	svc.Clock = clk.Now
	built.Deps.Outreach.Clock, built.Deps.Webhooks.Clock = clk.Now, clk.Now
	built.Scorer.Clock = clk.Now
	reporter := reporting.Attach(&built)
	reporter.Clock = clk.Now
	// Scoring and the candidate's reports follow completion at once (the dev server's
	// dispatcher, in line).
	svc.Completed = func(ctx context.Context, s assess.Session) {
		if _, err := built.Scorer.Score(withFunction(ctx, "scoring"), s.ID); err != nil {
			t.Errorf("scoring %s: %v", s.ID, err)
		}
		if _, err := reporter.RenderCandidate(withFunction(ctx, "reports"), s.ID); err != nil {
			t.Errorf("rendering %s: %v", s.ID, err)
		}
	}
	built.Deps.Limits = limits
	built.Deps.OpenAPI = openapi.Document
	for _, o := range opts {
		o(&built.Deps)
	}
	h, err := api.NewHandler(built.Deps, "")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/", functionOf(h))
	mux.Handle("/files/", blobs.Handler())
	srv.Config.Handler = mux
	st := &stack{t: t, url: srv.URL, cat: built.Deps.Catalog, repo: repo, clock: clk, spec: newOpenAPIChecker(t),
		svc: svc, scorer: built.Scorer, reporter: reporter, blobDir: blobDir}
	st.orgID, st.key = seed(t, "Acme Hiring")
	return st
}

// seeder creates an organisation and an API key in the repository under test.
type seeder func(t *testing.T, name string) (orgID, key string)

type reply struct {
	status int
	header http.Header
	body   []byte
}

func (r reply) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decoding %s: %v", r.body, err)
	}
}

func (r reply) errorCode() string {
	var e apiError
	_ = json.Unmarshal(r.body, &e)
	return e.Error.Code
}

// call sends one request and checks the response against the OpenAPI document.
func (st *stack) call(method, path, token string, body any) reply {
	st.t.Helper()
	var rd io.Reader
	ct := ""
	switch b := body.(type) {
	case nil:
	case string:
		rd, ct = strings.NewReader(b), "application/json"
	case csvBody:
		rd, ct = strings.NewReader(string(b)), "text/csv"
	default:
		buf, _ := json.Marshal(b)
		rd, ct = bytes.NewReader(buf), "application/json"
	}
	req, _ := http.NewRequest(method, st.url+path, rd)
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	client := http.DefaultClient
	if st.client != nil {
		client = st.client
	}
	resp, err := client.Do(req)
	if err != nil {
		st.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	r := reply{resp.StatusCode, resp.Header, b}
	st.spec.check(st.t, req, r)
	if st.observe != nil {
		st.observe(req.URL.Path, token, b)
	}
	return r
}

type csvBody string

// download fetches a signed link and checks what comes back.
func (st *stack) download(url, contentType, prefix string) {
	st.t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		st.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), contentType) || !strings.HasPrefix(string(b), prefix) {
		st.t.Errorf("GET %s: %d %s %.20q", url, resp.StatusCode, resp.Header.Get("Content-Type"), b)
	}
	if !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
		st.t.Errorf("GET %s: Content-Disposition %q", url, resp.Header.Get("Content-Disposition"))
	}
}

func (st *stack) must(r reply, status int) reply {
	st.t.Helper()
	if r.status != status {
		st.t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	return r
}

func (st *stack) createAssessment(role string) string {
	return st.createAssessmentWith(st.key, role)
}

// createAssessmentWith creates an assessment as the caller token names (a key or a
// person's access token).
func (st *stack) createAssessmentWith(token, role string) string {
	var a struct{ ID string }
	st.must(st.call("POST", "/v1/assessments", token, map[string]any{"roleId": role, "lang": "es"}), 201).decode(st.t, &a)
	return a.ID
}

type invitedRow struct {
	CandidateID string
	Name        string
	Link        string
}

func (st *stack) invite(assessmentID string, names ...string) []invitedRow {
	var rows []map[string]any
	for _, n := range names {
		rows = append(rows, map[string]any{"name": n, "email": strings.ToLower(strings.ReplaceAll(n, " ", ".")) + "@example.com"})
	}
	var out struct{ Invited []invitedRow }
	st.must(st.call("POST", "/v1/assessments/"+assessmentID+"/invites", st.key, map[string]any{"candidates": rows}), 201).decode(st.t, &out)
	if len(out.Invited) != len(names) {
		st.t.Fatalf("invited %d of %d", len(out.Invited), len(names))
	}
	return out.Invited
}

func inviteToken(link string) string {
	_, tok, _ := strings.Cut(link, "#")
	return tok
}

// candidate is one simulated browser.
type candidate struct {
	st      *stack
	token   string
	nextSeq int
	sent    map[string]json.RawMessage // catalog item id → last value acknowledged, in the catalog's terms
	shown   map[string]json.RawMessage // shown item id → the same value as the client sent it
}

func (st *stack) start(inviteTok string) *candidate {
	var out struct {
		SessionToken string
		Session      struct{ NextSeq int }
	}
	st.must(st.call("POST", "/v1/sessions", "", map[string]any{"inviteToken": inviteTok, "acknowledged": true, "noticeVersion": assess.NoticeVersion}), 201).decode(st.t, &out)
	return &candidate{st: st, token: out.SessionToken, nextSeq: out.Session.NextSeq, sent: map[string]json.RawMessage{}, shown: map[string]json.RawMessage{}}
}

type sectionContent struct {
	Section struct {
		Number, Items    int
		Kind             catalog.Kind
		Instrument       string
		Deadline         *time.Time
		RemainingSeconds *int
	}
	Content catalog.InstrumentView
}

func (c *candidate) startSection(n int) sectionContent {
	var sc sectionContent
	c.st.must(c.st.call("POST", fmt.Sprintf("/v1/session/sections/%d/start", n), c.token, nil), 200).decode(c.st.t, &sc)
	return sc
}

// validAnswer builds a well-formed answer, in the catalog's terms, for a catalog item from
// the server-side content (the client never sees keys; the test just needs the shapes).
func validAnswer(t *testing.T, cat *catalog.Catalog, instrument, itemID string, k int) json.RawMessage {
	inst, _ := cat.Instrument(instrument)
	for _, it := range inst.Items {
		if it.ID != itemID {
			continue
		}
		var v any
		switch inst.Kind {
		case catalog.Likert:
			v = 1 + k%5
		case catalog.MultipleChoice:
			v = k % len(it.Options)
		case catalog.SJT:
			v = map[string]int{"best": k % 4, "worst": (k + 1) % 4}
		case catalog.ForcedChoice:
			v = map[string]int{"most": k % 4, "least": (k + 2) % 4}
		case catalog.DataValidation:
			v = map[string]any{"cells": map[string]string{"0:" + it.Task.Columns[0].ID: "X"}, "total": float64(k)}
		case catalog.Writing:
			v = map[string]string{"text": "Lamento mucho la demora. Ya revisé su pedido."}
		case catalog.ParallelCases:
			var order []string
			replies := map[string]int{}
			for _, cs := range it.Task.Cases {
				order = append(order, cs.ID)
				replies[cs.ID] = 0
			}
			v = map[string]any{"order": order, "replies": replies}
		}
		b, _ := json.Marshal(v)
		return b
	}
	t.Fatalf("no item %s in %s", itemID, instrument)
	return nil
}

// presented recognises a shown item of sc (opaque id, rearranged options) as its catalog
// item, by its texts, as a tool that knows the canonical answer must.
func (st *stack) presented(sc sectionContent, shownID string) catalog.Presented {
	st.t.Helper()
	inst, ok := st.cat.Instrument(sc.Section.Instrument)
	if !ok {
		st.t.Fatalf("no instrument %s", sc.Section.Instrument)
	}
	for _, v := range sc.Content.Items {
		if v.ID == shownID {
			p, err := inst.Match(sc.Content.Lang, v)
			if err != nil {
				st.t.Fatal(err)
			}
			return p
		}
	}
	st.t.Fatalf("section %d shows no item %q", sc.Section.Number, shownID)
	return catalog.Presented{}
}

// shownAnswer is the journey's valid answer k to the shown item id: the catalog id and the
// value in the catalog's terms, and the value as the client sends it.
func (st *stack) shownAnswer(sc sectionContent, id string, k int) (catalogID string, canonical, shown json.RawMessage) {
	st.t.Helper()
	p := st.presented(sc, id)
	canonical = validAnswer(st.t, st.cat, sc.Section.Instrument, p.Item.ID, k)
	shown, err := assess.ShownValue(sc.Section.Kind, p, canonical)
	if err != nil {
		st.t.Fatal(err)
	}
	return p.Item.ID, canonical, shown
}

// answer saves the given (shown) items of section n in batches of size, checking each ack.
func (c *candidate) answer(n int, sc sectionContent, items []string, size int) {
	st := c.st
	for i := 0; i < len(items); i += size {
		var batch []map[string]any
		for j := i; j < min(i+size, len(items)); j++ {
			id, canonical, v := st.shownAnswer(sc, items[j], j+n)
			batch = append(batch, map[string]any{"item": items[j], "value": v, "ms": 1500 + j})
			c.sent[id], c.shown[items[j]] = canonical, v
		}
		var ack struct{ Seq, Saved int }
		st.must(st.call("PUT", "/v1/session/answers", c.token, map[string]any{"seq": c.nextSeq, "section": n, "answers": batch}), 200).decode(st.t, &ack)
		if ack.Seq != c.nextSeq || ack.Saved != len(batch) {
			st.t.Fatalf("ack %+v for batch %d of %d answers", ack, c.nextSeq, len(batch))
		}
		c.nextSeq++
	}
}

func ids(sc sectionContent) []string {
	var out []string
	for _, it := range sc.Content.Items {
		out = append(out, it.ID)
	}
	return out
}

type sessionState struct {
	Status   string
	Current  int
	NextSeq  int
	Sections []struct {
		State    string
		Answered int
		Saved    map[string]json.RawMessage
	}
}

func (c *candidate) session() sessionState {
	var s sessionState
	c.st.must(c.st.call("GET", "/v1/session", c.token, nil), 200).decode(c.st.t, &s)
	return s
}

func (st *stack) statuses(assessmentID string) map[string]string {
	var out struct {
		Candidates []struct{ CandidateID, Status string }
	}
	st.must(st.call("GET", "/v1/assessments/"+assessmentID+"/candidates", st.key, nil), 200).decode(st.t, &out)
	m := map[string]string{}
	for _, c := range out.Candidates {
		m[c.CandidateID] = c.Status
	}
	return m
}

// storedAnswers reads what the store holds for a session: the latest value per item.
func (st *stack) storedAnswers(sessionToken string) map[string]json.RawMessage {
	id, _ := assess.TokenOwner(sessionToken, assess.SessionPrefix)
	ss, err := st.repo.SessionByToken(context.Background(), id, assess.HashToken(sessionToken))
	if err != nil {
		st.t.Fatal(err)
	}
	batches, err := st.repo.Batches(context.Background(), ss.ID)
	if err != nil {
		st.t.Fatal(err)
	}
	out := map[string]json.RawMessage{}
	for _, sec := range assess.LatestAnswers(batches) {
		for id, a := range sec {
			out[id] = a.Value
		}
	}
	return out
}

func sameAnswers(t *testing.T, who string, sent, stored map[string]json.RawMessage) {
	t.Helper()
	if len(sent) != len(stored) {
		t.Errorf("%s: sent %d answers, stored %d", who, len(sent), len(stored))
	}
	for id, v := range sent {
		if !jsonEqual(stored[id], v) {
			t.Errorf("%s: item %s sent %s, stored %s", who, id, v, stored[id])
		}
	}
}

// jsonEqual compares two JSON values by meaning (the server stores a canonical form).
func jsonEqual(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

// runJourney is a candidate journey over HTTP: for each seed role, three candidates —
// one completes, one stops halfway and resumes from a fresh client, one lets a timed
// section expire.
func runJourney(t *testing.T, st *stack) {
	for _, role := range []string{"sales-back-office", "ecommerce-customer-support"} {
		t.Run(role, func(t *testing.T) {
			st.t = t
			aid := st.createAssessment(role)
			inv := st.invite(aid, "Ana Pérez", "Bruno Díaz", "Carla Núñez")
			if got := st.statuses(aid); got[inv[0].CandidateID] != "invited" {
				t.Fatalf("statuses before start: %v", got)
			}

			// Ana completes everything.
			ana := st.start(inviteToken(inv[0].Link))
			first := ana.session()
			for n := 1; n <= len(first.Sections); n++ {
				sc := ana.startSection(n)
				ana.answer(n, sc, ids(sc), 10)
				st.must(st.call("POST", fmt.Sprintf("/v1/session/sections/%d/finish", n), ana.token, nil), 200)
			}
			done := st.must(st.call("POST", "/v1/session/complete", ana.token, nil), 200)
			var fin sessionState
			done.decode(t, &fin)
			if fin.Status != "completed" {
				t.Fatalf("after complete: %s", done.body)
			}
			// Completing again changes nothing; writing after completion is refused.
			st.must(st.call("POST", "/v1/session/complete", ana.token, nil), 200)
			if r := st.call("PUT", "/v1/session/answers", ana.token, map[string]any{"seq": ana.nextSeq, "section": 1, "answers": []any{}}); r.status != 409 {
				t.Errorf("write after completion: %d %s", r.status, r.body)
			}
			sameAnswers(t, "Ana", ana.sent, st.storedAnswers(ana.token))

			// Bruno answers half of section 1, then resumes on a fresh client.
			bruno := st.start(inviteToken(inv[1].Link))
			sc := bruno.startSection(1)
			items := ids(sc)
			half := len(items) / 2
			bruno.answer(1, sc, items[:half], 3)
			phone := st.start(inviteToken(inv[1].Link)) // same invite, new device
			if r := st.call("GET", "/v1/session", bruno.token, nil); r.status != 401 {
				t.Errorf("the old device's token still works: %d", r.status)
			}
			resumed := phone.session()
			if resumed.NextSeq != bruno.nextSeq || resumed.Current != 1 || resumed.Sections[0].State != "open" || resumed.Sections[0].Answered != half {
				t.Fatalf("resume state %+v (want nextSeq %d, %d answered)", resumed, bruno.nextSeq, half)
			}
			// The new device gets the saved answers as the first one sent them: under the
			// same opaque ids, with option indexes as shown.
			if len(resumed.Sections[0].Saved) != len(bruno.shown) {
				t.Errorf("resume has %d saved answers, sent %d", len(resumed.Sections[0].Saved), len(bruno.shown))
			}
			for id, v := range bruno.shown {
				if !jsonEqual(resumed.Sections[0].Saved[id], v) {
					t.Errorf("resume lost %s: %s vs %s", id, resumed.Sections[0].Saved[id], v)
				}
			}
			phone.nextSeq, phone.sent, phone.shown = resumed.NextSeq, bruno.sent, bruno.shown
			again := phone.startSection(1) // a reload on the new device: the same ids, order and options
			if strings.Join(ids(again), ",") != strings.Join(items, ",") {
				t.Errorf("item order or ids changed on the new device")
			}
			if !reflect.DeepEqual(again.Content, sc.Content) {
				t.Errorf("the new device sees other content: %+v vs %+v", again.Content.Items[0], sc.Content.Items[0])
			}
			phone.answer(1, again, items[half:], 4)
			sameAnswers(t, "Bruno", phone.sent, st.storedAnswers(phone.token))

			// Carla reaches the first timed section and lets it expire.
			carla := st.start(inviteToken(inv[2].Link))
			state := carla.session()
			timed := 0
			for n := 1; n <= len(state.Sections); n++ {
				sc := carla.startSection(n)
				if sc.Section.Deadline != nil {
					timed = n
					carla.answer(n, sc, ids(sc)[:1], 1)
					st.clock.Advance(time.Until(*sc.Section.Deadline) + assess.Grace + 2*time.Hour)
					_, _, v := st.shownAnswer(sc, ids(sc)[1], 0)
					late := st.call("PUT", "/v1/session/answers", carla.token, map[string]any{"seq": carla.nextSeq, "section": n,
						"answers": []map[string]any{{"item": ids(sc)[1], "value": v}}})
					if late.status != 409 || late.errorCode() != "conflict" || !strings.Contains(string(late.body), "deadline") {
						t.Errorf("late write: %d %s", late.status, late.body)
					}
					break
				}
				carla.answer(n, sc, ids(sc), 20)
				st.must(st.call("POST", fmt.Sprintf("/v1/session/sections/%d/finish", n), carla.token, nil), 200)
			}
			if role == "sales-back-office" && timed == 0 {
				t.Fatal("the sales back-office mix has a timed section (Excel)")
			}
			if timed > 0 {
				if s := carla.session(); s.Sections[timed-1].State != "closed" || s.Sections[timed-1].Answered != 1 {
					t.Errorf("expired section state %+v", s.Sections[timed-1])
				}
			}
			sameAnswers(t, "Carla", carla.sent, st.storedAnswers(carla.token))

			got := st.statuses(aid)
			if got[inv[0].CandidateID] != "scored" || got[inv[1].CandidateID] != "started" || got[inv[2].CandidateID] != "started" {
				t.Errorf("statuses %v", got)
			}

			// Scoring: Ana is ranked, with a composite and its uncertainty; her detail
			// names strengths or areas to probe, with interview questions for the latter.
			var ranking struct {
				Ranking []struct {
					CandidateID       string
					Rank              int
					RankLow, RankHigh int
					SE                float64
				}
				Total    int
				RankRule string
			}
			st.must(st.call("GET", "/v1/assessments/"+aid+"/ranking", st.key, nil), 200).decode(t, &ranking)
			if len(ranking.Ranking) != 1 || ranking.Total != 1 || ranking.Ranking[0].CandidateID != inv[0].CandidateID || !(ranking.Ranking[0].SE > 0) ||
				ranking.RankRule == "" || ranking.Ranking[0].RankLow != 1 || ranking.Ranking[0].RankHigh != 1 {
				t.Errorf("ranking %+v", ranking)
			}
			var detail struct {
				Status    string
				Scales    map[string]any
				Strengths []struct{ Scale, Name string }
				Probes    []struct {
					Scale, Name string
					Questions   []struct{ Question, GoodAnswer string }
				}
			}
			st.must(st.call("GET", "/v1/assessments/"+aid+"/candidates/"+inv[0].CandidateID, st.key, nil), 200).decode(t, &detail)
			if detail.Status != "scored" || len(detail.Scales) == 0 || len(detail.Strengths)+len(detail.Probes) == 0 {
				t.Errorf("detail %+v", detail)
			}
			for _, p := range detail.Probes {
				if len(p.Questions) < 4 || p.Name == p.Scale {
					t.Errorf("probe %s (%s) has %d interview questions", p.Scale, p.Name, len(p.Questions))
				}
			}
			st.must(st.call("GET", "/v1/assessments/"+aid+"/statistics", st.key, nil), 200)

			// Reports: Ana's report and feedback were rendered after scoring; the cohort
			// report renders on request; every link downloads.
			var fb struct{ Status, URL string }
			st.must(st.call("GET", "/v1/session/feedback", ana.token, nil), 200).decode(t, &fb)
			if fb.Status != "ready" {
				t.Fatalf("feedback %+v", fb)
			}
			st.download(fb.URL, "application/pdf", "%PDF")
			if r := st.call("GET", "/v1/session/feedback", phone.token, nil); !strings.Contains(string(r.body), "pending") {
				t.Errorf("an unscored candidate's feedback: %s", r.body)
			}
			var cohort struct {
				Reports []struct{ ReportID, Format, Kind string }
			}
			st.must(st.call("POST", "/v1/assessments/"+aid+"/reports", st.key, nil), 201).decode(t, &cohort)
			var all struct {
				Reports []struct{ ReportID, Format, Kind string }
			}
			st.must(st.call("GET", "/v1/assessments/"+aid+"/reports", st.key, nil), 200).decode(t, &all)
			kinds := map[string]string{}
			for _, rep := range all.Reports {
				kinds[rep.Kind+"."+rep.Format] = rep.ReportID
			}
			for kind, want := range map[string][2]string{"candidate.pdf": {"application/pdf", "%PDF"}, "feedback.pdf": {"application/pdf", "%PDF"},
				"cohort.pdf": {"application/pdf", "%PDF"}, "cohort.csv": {"text/csv", "\ufeff"}} {
				id, ok := kinds[kind]
				if !ok {
					t.Errorf("no %s report among %+v", kind, all.Reports)
					continue
				}
				var link struct{ URL string }
				st.must(st.call("GET", "/v1/reports/"+id+"/link", st.key, nil), 200).decode(t, &link)
				st.download(link.URL, want[0], want[1])
				// ?redirect=1: one request that follows redirects gets the file itself.
				noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
				keep := st.client
				st.client = noFollow
				r := st.must(st.call("GET", "/v1/reports/"+id+"/link?redirect=1", st.key, nil), 303)
				st.client = keep
				if loc := r.header.Get("Location"); !strings.HasPrefix(loc, "http") || r.header.Get("Cache-Control") != "no-store" {
					t.Errorf("redirect to the %s link: Location %q, Cache-Control %q", kind, loc, r.header.Get("Cache-Control"))
				} else {
					st.download(loc, want[0], want[1])
				}
			}
		})
	}
}
