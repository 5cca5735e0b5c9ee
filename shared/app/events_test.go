package app_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"shortlist/shared/api"
	"shortlist/shared/app"
	"shortlist/shared/app/reporting"
	"shortlist/shared/app/settings"
	"shortlist/shared/assess"
	"shortlist/shared/assess/assesstest"
	"shortlist/shared/blob/localstore"
	"shortlist/shared/store"
	"shortlist/shared/store/bolt"
	"shortlist/shared/store/table"
)

// completedSession builds a stack on an embedded store and takes one candidate through
// a whole (unanswered) assessment to completion, without any scoring trigger.
func completedSession(t *testing.T) (app.Stack, assess.Session) {
	st, ss, _ := completedSessionWithReports(t)
	return st, ss
}

func completedSessionWithReports(t *testing.T) (app.Stack, assess.Session, *reporting.Reporter) {
	t.Helper()
	st, ss, rp := startedSession(t)
	ss, err := st.Deps.Journey.Complete(context.Background(), ss)
	if err != nil {
		t.Fatal(err)
	}
	return st, ss, rp
}

// startedSession is a session with every section taken, not yet completed.
func startedSession(t *testing.T) (app.Stack, assess.Session, *reporting.Reporter) {
	t.Helper()
	bt, err := bolt.Open(t.TempDir(), table.Shortlist(), bolt.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { bt.Close() })
	blobs, err := localstore.New(t.TempDir(), nil, "http://127.0.0.1:1/files")
	if err != nil {
		t.Fatal(err)
	}
	st, err := app.New(settings.Config{}, nil, bt, blobs)
	if err != nil {
		t.Fatal(err)
	}
	rp := reporting.Attach(&st)
	svc := st.Deps.Journey
	ss := assesstest.New(t, svc, st.Repo, "ecommerce-customer-support").Take(t, svc, 0, false)
	return st, ss, rp
}

// fixture reads a stream event from testdata and fills in this test's keys.
func fixture(t *testing.T, name string, vars map[string]string) json.RawMessage {
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for k, v := range vars {
		s = strings.ReplaceAll(s, "{{"+k+"}}", v)
	}
	return json.RawMessage(s)
}

func TestScoringHandlerStreamBatch(t *testing.T) {
	t.Parallel()
	st, ss := completedSession(t)
	ctx := context.Background()
	page, err := st.Repo.Table().Query(ctx, store.Query{PK: "PEND#scoring"})
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("pending markers: %v %v", page.Items, err)
	}
	ev := fixture(t, "stream-completion.json", map[string]string{"PENDING_SK": page.Items[0].Str(table.SK), "SESSION_ID": ss.ID})
	h := app.ScoringHandler(st.Scorer, app.Logger(os.Stderr, slog.LevelInfo))
	out, err := h(ctx, ev)
	if err != nil {
		t.Fatal(err)
	}
	resp := out.(events.DynamoDBEventResponse)
	// The marker of an unknown session fails alone; the MODIFY is not a completion.
	if len(resp.BatchItemFailures) != 1 || resp.BatchItemFailures[0].ItemIdentifier != "111300000000012345678903" {
		t.Errorf("failures %+v", resp.BatchItemFailures)
	}
	got, err := st.Repo.Session(ctx, ss.ID)
	if err != nil || got.Status != assess.SessionScored {
		t.Fatalf("session %s after the stream batch: %v", got.Status, err)
	}
	// Delivered again (streams are at-least-once): no error, nothing new.
	if out, err := h(ctx, ev); err != nil || len(out.(events.DynamoDBEventResponse).BatchItemFailures) != 1 {
		t.Errorf("redelivery: %v %v", out, err)
	}
	if res, err := st.Repo.Results(ctx, ss.OrgID, ss.AssessmentID); err != nil || len(res) != 1 {
		t.Errorf("results after redelivery: %d %v", len(res), err)
	}
}

// Completion writes the marker before the session, so the stream can hand the marker
// over while the session still says active: the handler waits a moment for it instead
// of failing the record; a session that stays active fails it (to be retried).
func TestScoringHandlerMarkerBeforeSession(t *testing.T) {
	t.Parallel()
	st, ss, _ := startedSession(t)
	ctx := context.Background()
	h := app.ScoringHandler(st.Scorer, app.Logger(os.Stderr, slog.LevelInfo))
	event := func() json.RawMessage {
		return fixture(t, "stream-completion.json", map[string]string{
			"PENDING_SK": fmt.Sprintf("%019d#%s", time.Now().UnixNano(), ss.ID), "SESSION_ID": ss.ID})
	}
	ownFailed := func(out any) bool {
		for _, f := range out.(events.DynamoDBEventResponse).BatchItemFailures {
			if f.ItemIdentifier == "111100000000012345678901" { // this session's marker record
				return true
			}
		}
		return false
	}
	if out, err := h(ctx, event()); err != nil || !ownFailed(out) {
		t.Fatalf("a marker whose session never completes: %v %v, want its record failed", out, err)
	}
	done := make(chan error, 1)
	go func() {
		time.Sleep(150 * time.Millisecond)
		_, err := st.Deps.Journey.Complete(ctx, ss)
		done <- err
	}()
	out, err := h(ctx, event())
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err != nil || ownFailed(out) {
		t.Fatalf("a marker 150 ms ahead of its session: %v %v, want it scored", out, err)
	}
	if got, err := st.Repo.Session(ctx, ss.ID); err != nil || got.Status != assess.SessionScored {
		t.Fatalf("session %s: %v", got.Status, err)
	}
}

func TestScoringHandlerScheduledSweep(t *testing.T) {
	t.Parallel()
	st, ss := completedSession(t)
	ctx := context.Background()
	st.Scorer.Clock = func() time.Time { return time.Now().Add(app.SweepMinAge + time.Minute) }
	h := app.ScoringHandler(st.Scorer, app.Logger(os.Stderr, slog.LevelInfo))
	out, err := h(ctx, fixture(t, "scheduled-sweep.json", nil))
	if err != nil {
		t.Fatal(err)
	}
	if n := out.(map[string]int)["scored"]; n != 1 {
		t.Errorf("sweep scored %d", n)
	}
	if got, _ := st.Repo.Session(ctx, ss.ID); got.Status != assess.SessionScored {
		t.Errorf("status %s after the sweep", got.Status)
	}
}

func TestReportsHandlerRendersOnNewResult(t *testing.T) {
	t.Parallel()
	st, ss, rp := completedSessionWithReports(t)
	ctx := context.Background()
	if _, err := st.Scorer.Score(ctx, ss.ID); err != nil {
		t.Fatal(err)
	}
	h := reporting.Handler(rp, app.Logger(os.Stderr, slog.LevelInfo))
	out, err := h(ctx, fixture(t, "stream-result.json", map[string]string{"SESSION_ID": ss.ID}))
	if err != nil || len(out.(events.DynamoDBEventResponse).BatchItemFailures) != 0 {
		t.Fatalf("%v %v", out, err)
	}
	recs, err := st.Repo.Reports(ctx, ss.OrgID, ss.AssessmentID)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, r := range recs {
		kinds[r.Kind] = r.Size > 1000 && r.SessionID == ss.ID
	}
	if !kinds[reporting.KindCandidate] || !kinds[reporting.KindFeedback] {
		t.Errorf("reports %+v", recs)
	}
	// A scheduled event is the sweep: the stream rendered this one, so it finds nothing.
	if out, err := h(ctx, fixture(t, "scheduled-sweep.json", nil)); err != nil || out.(reporting.SweepResult).Rendered != 0 {
		t.Errorf("scheduled sweep after the stream rendered: %+v %v", out, err)
	}
}

// Without a renderer in the process (the hr function), a cohort report is requested and
// the reports function renders it from the request's stream record, under the ids the
// request handed out.
func TestCohortReportRequestedThenRendered(t *testing.T) {
	t.Parallel()
	st, ss, rp := completedSessionWithReports(t)
	ctx := context.Background()
	if _, err := st.Scorer.Score(ctx, ss.ID); err != nil {
		t.Fatal(err)
	}
	st.Deps.Renderer = nil // as in the hr function
	org, _ := st.Repo.Organisation(ctx, ss.OrgID)
	key, secret, _ := assess.NewAPIKey(org.ID, "t", "", time.Now())
	if err := st.Repo.CreateAPIKey(ctx, key); err != nil {
		t.Fatal(err)
	}
	h, err := api.NewHandler(st.Deps, api.FnHR)
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("POST", "/v1/assessments/"+ss.AssessmentID+"/reports", nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var accepted struct{ ReportIDs []string }
	if rec.Code != 202 || json.Unmarshal(rec.Body.Bytes(), &accepted) != nil || len(accepted.ReportIDs) != 2 {
		t.Fatalf("request: %d %s", rec.Code, rec.Body)
	}
	page, err := st.Repo.Table().Query(ctx, store.Query{PK: "ORG#" + org.ID, SKPrefix: "CREQ#"})
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("requests %v %v", page.Items, err)
	}
	ev := fixture(t, "stream-cohort-request.json", map[string]string{"PK": page.Items[0].Str(table.PK), "SK": page.Items[0].Str(table.SK)})
	out, err := reporting.Handler(rp, app.Logger(os.Stderr, slog.LevelInfo))(ctx, ev)
	if err != nil || len(out.(events.DynamoDBEventResponse).BatchItemFailures) != 0 {
		t.Fatalf("%v %v", out, err)
	}
	recs, err := st.Repo.Reports(ctx, ss.OrgID, ss.AssessmentID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, r := range recs {
		got[r.AssessmentID+"."+r.ID] = r.Kind == reporting.KindCohort
	}
	for _, id := range accepted.ReportIDs {
		if !got[id] {
			t.Errorf("report %s was not rendered (have %v)", id, got)
		}
	}
}

// When the table's TTL removes a report record (the candidate's retention is over), the
// stream hands its old image to the reports function, which deletes every file it named.
func TestReportsHandlerDeletesFilesOfRemovedRecords(t *testing.T) {
	t.Parallel()
	st, ss, rp := completedSessionWithReports(t)
	ctx := context.Background()
	if _, err := st.Scorer.Score(ctx, ss.ID); err != nil {
		t.Fatal(err)
	}
	recs, err := rp.RenderCandidate(ctx, ss.ID)
	if err != nil || len(recs) != 2 {
		t.Fatalf("rendered %d records: %v", len(recs), err)
	}
	versions := func(key string) int {
		n, err := rp.Blobs.(*localstore.Store).Versions(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, r := range recs {
		if versions(r.ObjectKey) == 0 {
			t.Fatalf("%s was not stored", r.ObjectKey)
		}
	}
	key := store.Key{PK: "ORG#" + ss.OrgID, SK: "REP#" + ss.AssessmentID + "#" + recs[0].ID}
	it, err := st.Repo.Table().Get(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	h := reporting.Handler(rp, app.Logger(os.Stderr, slog.LevelInfo))
	ev := fixture(t, "stream-report-removed.json", map[string]string{"PK": key.PK, "SK": key.SK,
		"DOC": base64.StdEncoding.EncodeToString(it.Bytes(store.DocAttribute))})
	out, err := h(ctx, ev)
	if err != nil || len(out.(events.DynamoDBEventResponse).BatchItemFailures) != 0 {
		t.Fatalf("%v %v", out, err)
	}
	for _, r := range recs {
		if n := versions(r.ObjectKey); n != 0 {
			t.Errorf("%s (%s) still has %d version(s) after its record was removed", r.ObjectKey, r.Kind, n)
		}
	}
	// Any other removal deletes nothing.
	other := fixture(t, "stream-report-removed.json", map[string]string{"PK": "SESS#" + ss.ID, "SK": "BATCH#000000001",
		"DOC": base64.StdEncoding.EncodeToString([]byte(`{"obj":"orgs/x/y"}`))})
	if out, err := h(ctx, other); err != nil || len(out.(events.DynamoDBEventResponse).BatchItemFailures) != 0 {
		t.Fatalf("%v %v", out, err)
	}
}
