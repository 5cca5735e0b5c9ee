package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"shortlist/content"
	"shortlist/shared/api"
	"shortlist/shared/assess"
	"shortlist/shared/catalog"
	"shortlist/shared/store"
	"shortlist/shared/store/bolt"
	"shortlist/shared/store/table"
)

// Fuzz targets for the API's decoders of untrusted input: the invites CSV reader, the
// JSON bodies of every route that takes one (through the real handlers), and the Lambda
// event adapter. The store is healthy, so whatever the input, the answer is a 2xx or a
// 4xx in the one JSON error shape, never a 500 (a handler's panic is recovered as a 500,
// so this catches panics too). ./scripts/test runs each for a bounded time; seeds are in
// testdata/fuzz/<target>/.
//
//	go test -run='^$' -fuzz='^FuzzInviteCSV$' -fuzztime=30s ./shared/api

// fuzzAPI is the whole API over an embedded store, with an organisation, an assessment,
// an unused invite and a session whose first section is open.
type fuzzAPI struct {
	h       http.Handler
	key     string // the organisation's HR API key
	aid     string // an assessment of the organisation
	invite  string // an invite token nobody has used
	session string // a session token with section 1 open
}

func newFuzzAPI(tb testing.TB) *fuzzAPI {
	tb.Helper()
	bt, err := bolt.Open(tb.TempDir(), table.Shortlist(), bolt.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { bt.Close() })
	repo := store.New(bt)
	cat, err := catalog.Load(content.Catalog())
	if err != nil {
		tb.Fatal(err)
	}
	svc := &assess.Service{Repo: repo, Catalog: cat}
	// Fuzzing sends thousands of requests with one session, key and address: with the
	// request limits on, nearly all would be 429s that never reach the code under test.
	h, err := api.NewHandler(api.Deps{Catalog: cat, Journey: svc, Logger: slog.New(slog.DiscardHandler), Limits: api.Limits{Off: true}}, "")
	if err != nil {
		tb.Fatal(err)
	}
	ctx := context.Background()
	now := time.Now()
	org, err := assess.NewOrganisation("Fuzz Hiring", now)
	if err != nil {
		tb.Fatal(err)
	}
	k, secret, err := assess.NewAPIKey(org.ID, "fuzz", "", now)
	if err != nil {
		tb.Fatal(err)
	}
	must := func(err error) {
		if err != nil {
			tb.Helper()
			tb.Fatal(err)
		}
	}
	must(repo.CreateOrganisation(ctx, org))
	must(repo.CreateAPIKey(ctx, k))
	a, err := svc.CreateAssessment(ctx, org.ID, assess.Spec{RoleID: "sales-back-office"})
	must(err)
	inv, err := svc.Invite(ctx, org.ID, a.ID, []assess.InviteInput{{Name: "Ana Pérez"}, {Name: "Bruno Díaz"}})
	must(err)
	ss, tok, err := svc.Start(ctx, inv[1].Token, assess.Ack{Acknowledged: true, NoticeVersion: assess.NoticeVersion})
	must(err)
	_, err = svc.StartSection(ctx, ss, a, 0)
	must(err)
	return &fuzzAPI{h: h, key: secret, aid: a.ID, invite: inv[0].Token, session: tok}
}

// do sends one request straight to the handler.
func (f *fuzzAPI) do(method, path, token, contentType string, body []byte) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec
}

// checkAnswer holds any response to the API's contract under bad input: a status from
// allowed, and for an error the one JSON shape with a code that is not "internal".
func checkAnswer(t *testing.T, what string, status int, header http.Header, body []byte, allowed ...int) {
	t.Helper()
	ok := false
	for _, s := range allowed {
		ok = ok || s == status
	}
	if !ok {
		t.Fatalf("%s: status %d (allowed %v): %.300s", what, status, allowed, body)
	}
	if status == http.StatusNotModified || status == http.StatusNoContent {
		return
	}
	if ct := header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("%s: Content-Type %q", what, ct)
	}
	if !json.Valid(body) {
		t.Fatalf("%s: the body is not JSON: %.300s", what, body)
	}
	if status >= 400 {
		var e struct {
			Error struct{ Code, Message string }
		}
		if err := json.Unmarshal(body, &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
			t.Fatalf("%s: %d without the error shape: %.300s", what, status, body)
		}
		if e.Error.Code == string(assess.Internal) {
			t.Fatalf("%s: an internal error: %.300s", what, body)
		}
	}
}

// The invites CSV upload: any bytes give 201 (some rows invited), 400 (nothing invited,
// each bad row reported) or 413, and every reported row number is a real data row.
func FuzzInviteCSV(f *testing.F) {
	st := newFuzzAPI(f)
	for _, seed := range []string{
		"name,email\nAna Pérez,ana@example.com\n",
		"\ufeffName, Email ,externalId,extraTime\r\nBruno,b@example.com,REQ-1,1.5\r\nCarla,,,\r\n",
		"email\nx@example.com\n",
		"name,color\nAna,red\n",
		"name,extraTime\nAna,abc\nBruno,9\nCarla,NaN\nDiego,1e309\n",
		"name\n\"unterminated\n",
		"name,email\n\"Ana \"\"the\"\" Pérez\",not-an-email\n,\n",
		"name\nAna\x00\n",
		"",
		"\n\n\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		rec := st.do("POST", "/v1/assessments/"+st.aid+"/invites", st.key, "text/csv", body)
		checkAnswer(t, "CSV invite", rec.Code, rec.Header(), rec.Body.Bytes(), 201, 400, 413)
		var out struct {
			Invited []struct {
				CandidateID, Name, Link string
			}
			Rejected []struct{ Row int }
		}
		_ = json.Unmarshal(rec.Body.Bytes(), &out)
		if rec.Code == 201 && len(out.Invited) == 0 {
			t.Fatalf("201 with nobody invited: %s", rec.Body)
		}
		lines := bytes.Count(body, []byte("\n")) + 1
		for _, in := range out.Invited {
			if in.Name == "" || !assess.ValidID(in.CandidateID) || !strings.Contains(in.Link, "#sli_") {
				t.Fatalf("invited %+v", in)
			}
		}
		for _, r := range out.Rejected {
			if r.Row < 1 || r.Row > lines {
				t.Fatalf("rejected row %d of a %d-line upload", r.Row, lines)
			}
		}
	})
}

// jsonRoutes are the routes that decode a JSON body, with the credential each needs.
var jsonRoutes = []struct {
	method, path, auth string
}{
	{"POST", "/v1/assessments", "hr"},
	{"POST", "/v1/assessments/{aid}/invites", "hr"},
	{"POST", "/v1/sessions", ""},
	{"PUT", "/v1/session/answers", "session"},
}

// Every JSON body, through the real handler: never a 500, always the error shape.
func FuzzJSONBody(f *testing.F) {
	st := newFuzzAPI(f)
	for i, seed := range []string{
		`{"roleId":"sales-back-office","lang":"es","weights":{"personality":0.5},"timeLimits":{"x":-1}}`,
		`{"candidates":[{"name":"Ana","email":"a@example.com","extraTime":1.5}]}`,
		`{"inviteToken":"sli_xxx","acknowledged":true,"noticeVersion":"2026-11"}`,
		`{"seq":1,"section":1,"answers":[{"item":"x","value":3,"ms":1500}],"events":[{"type":"blur"}]}`,
		`{"seq":1e10,"section":-1}`,
		`{"answers":[{"value":{"best":0,"worst":0}}]} {}`,
		`{"roleId":null,"add":[1,2]}`,
		`[`, `"x"`, `{"candidates":` + strings.Repeat("[", 600),
	} {
		f.Add(uint8(i%len(jsonRoutes)), []byte(seed))
	}
	f.Fuzz(func(t *testing.T, route uint8, body []byte) {
		r := jsonRoutes[int(route)%len(jsonRoutes)]
		token := map[string]string{"hr": st.key, "session": st.session}[r.auth]
		path := strings.ReplaceAll(r.path, "{aid}", st.aid)
		rec := st.do(r.method, path, token, "application/json", body)
		checkAnswer(t, r.method+" "+path, rec.Code, rec.Header(), rec.Body.Bytes(), 200, 201, 400, 401, 404, 409, 410, 413)
	})
}

// The Lambda adapter: any event API Gateway could deliver is answered (never an
// invocation error, which API Gateway turns into an opaque 500) and never with a 5xx
// other than the 503 of a route whose dependency is not configured here (reports).
func FuzzLambdaEvent(f *testing.F) {
	st := newFuzzAPI(f)
	h := api.LambdaHandler(st.h)
	fixtures, _ := filepath.Glob(filepath.Join("testdata", "apigw-v2-*.json"))
	for _, p := range fixtures {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, seed := range []string{
		`{"version":"2.0","rawPath":"/v1/session/answers","requestContext":{"http":{"method":"PUT"}},"body":"e30=","isBase64Encoded":true}`,
		`{"version":"2.0","rawPath":"/v1/assessments","rawQueryString":"a=%zz&&=","requestContext":{"http":{"method":"GET"}},"headers":{"authorization":"Bearer slk_"}}`,
		`{"version":"2.0","rawPath":"//v1/../v1/catalog/roles","requestContext":{"http":{"method":"GET"},"requestId":"\n"}}`,
		`{"rawPath":"","requestContext":{}}`,
		`{"version":"2.0","rawPath":"/v1/sessions","requestContext":{"http":{"method":"POST"}},"body":"{\"inviteToken\":1}","cookies":["a=b;c"]}`,
		fmt.Sprintf(`{"version":"2.0","rawPath":"/v1/assessments/%s/invites","requestContext":{"http":{"method":"POST"}},"headers":{"content-type":"text/csv"},"body":"name\nAna"}`, assess.NewID()),
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var ev events.APIGatewayV2HTTPRequest
		if json.Unmarshal(raw, &ev) != nil {
			return // the runtime refuses it before our code runs
		}
		resp, err := h(context.Background(), ev)
		if err != nil {
			t.Fatalf("the invocation failed: %v", err)
		}
		if resp.StatusCode < 200 || resp.StatusCode >= 500 && resp.StatusCode != 503 {
			t.Fatalf("status %d for %s: %.300s", resp.StatusCode, raw, resp.Body)
		}
		body := []byte(resp.Body)
		if resp.IsBase64Encoded || resp.StatusCode == 304 || ev.RequestContext.HTTP.Method == "HEAD" {
			return
		}
		if resp.StatusCode >= 400 && !json.Valid(body) {
			t.Fatalf("status %d with a body that is not JSON: %.300s", resp.StatusCode, body)
		}
		if strings.Contains(resp.Body, `"code":"internal"`) {
			t.Fatalf("an internal error: %.300s", body)
		}
	})
}
