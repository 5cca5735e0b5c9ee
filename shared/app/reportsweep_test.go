package app_test

import (
	"context"
	"log/slog"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"shortlist/shared/app"
	"shortlist/shared/app/reporting"
	"shortlist/shared/app/settings"
	"shortlist/shared/assess"
	"shortlist/shared/assess/assesstest"
	"shortlist/shared/blob"
	"shortlist/shared/blob/localstore"
	"shortlist/shared/store"
	"shortlist/shared/store/storetest"
)

// sweepTables are the tables the reports sweep is tested on: the embedded store always,
// and a fresh DynamoDB Local table when AWS_ENDPOINT_URL_DYNAMODB is set (in CI it must be).
func sweepTables(t *testing.T) map[string]func(t *testing.T) store.Table { return storetest.Tables(t) }

// flakyBlobs fails every Put while failing is set: a bucket that refuses writes.
type flakyBlobs struct {
	*localstore.Store
	failing atomic.Bool
}

func (f *flakyBlobs) Put(ctx context.Context, key, contentType string, body []byte) error {
	if f.failing.Load() {
		return &assess.Error{Code: assess.Unavailable, Message: "injected: the bucket refuses writes"}
	}
	return f.Store.Put(ctx, key, contentType, body)
}

// A result whose report the stream could not render (every attempt failed: the records
// went to the DLQ) is rendered by the scheduled sweep once its marker is old enough; a
// second sweep finds nothing to do. Then the sweep's other cases: a record whose file went
// missing is rendered again, a marker whose files are all there is dropped without
// rendering, and a failed rendering waits before it is tried again.
func TestReportsSweepRendersWhatTheStreamGaveUpOn(t *testing.T) {
	t.Parallel()
	for name, newTable := range sweepTables(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			ls, err := localstore.New(t.TempDir(), nil, "http://127.0.0.1:1/files")
			if err != nil {
				t.Fatal(err)
			}
			blobs := &flakyBlobs{Store: ls}
			st, err := app.New(settings.Config{}, nil, newTable(t), blobs)
			if err != nil {
				t.Fatal(err)
			}
			rp := reporting.Attach(&st)
			var now atomic.Int64
			now.Store(time.Now().UnixNano())
			clock := func() time.Time { return time.Unix(0, now.Load()) }
			advance := func(d time.Duration) { now.Add(int64(d)) }
			rp.Clock, st.Scorer.Clock = clock, clock
			ss := completeOne(t, st)
			log := app.Logger(os.Stderr, slog.LevelInfo)
			h := reporting.Handler(rp, log)
			markers := func() []assess.PendingReport {
				t.Helper()
				p, _, err := st.Repo.PendingReports(ctx, "", 0)
				if err != nil {
					t.Fatal(err)
				}
				return p
			}
			sweep := func() reporting.SweepResult {
				t.Helper()
				out, err := h(ctx, fixture(t, "scheduled-sweep.json", nil))
				if err != nil {
					t.Fatalf("sweep: %v", err)
				}
				return out.(reporting.SweepResult)
			}
			candidateRecords := func() []assess.ReportRecord {
				t.Helper()
				recs, err := st.Repo.Reports(ctx, ss.OrgID, ss.AssessmentID)
				if err != nil {
					t.Fatal(err)
				}
				return recs
			}

			// Scoring writes the result and its pending-report marker.
			if _, err := st.Scorer.Score(ctx, ss.ID); err != nil {
				t.Fatal(err)
			}
			if p := markers(); len(p) != 1 || p[0].SessionID != ss.ID || p[0].OrgID != ss.OrgID || !p[0].CompletedAt.Equal(ss.CompletedAt) {
				t.Fatalf("markers after scoring: %+v", p)
			}
			// The stream's rendering fails (the bucket refuses writes), as it would on
			// every retry until the record goes to the DLQ.
			blobs.failing.Store(true)
			out, err := h(ctx, fixture(t, "stream-result.json", map[string]string{"SESSION_ID": ss.ID}))
			if err != nil || len(out.(events.DynamoDBEventResponse).BatchItemFailures) != 1 {
				t.Fatalf("the stream's rendering with a failing bucket: %v %v, want its record failed", out, err)
			}
			blobs.failing.Store(false)
			if recs := candidateRecords(); len(recs) != 0 {
				t.Fatalf("records after the failed rendering: %+v", recs)
			}

			// A sweep leaves a young marker to the stream...
			if res := sweep(); res.Rendered != 0 || len(res.Failures) != 0 || len(markers()) != 1 {
				t.Fatalf("sweep of a young marker: %+v, markers %+v", res, markers())
			}
			// ...and renders it once it is older than SweepMinAge.
			advance(reporting.SweepMinAge + time.Minute)
			res := sweep()
			if res.Rendered != 1 || res.Present != 0 || len(res.Failures) != 0 || res.More {
				t.Fatalf("sweep: %+v, want one rendered", res)
			}
			recs := candidateRecords()
			if len(recs) != 2 {
				t.Fatalf("records after the sweep: %+v", recs)
			}
			for _, r := range recs {
				if ok, err := blob.Exists(ctx, blobs, r.ObjectKey); !ok || err != nil || r.SessionID != ss.ID {
					t.Errorf("%s (%s): stored %v %v", r.ObjectKey, r.Kind, ok, err)
				}
			}
			if p := markers(); len(p) != 0 {
				t.Fatalf("markers after the sweep: %+v", p)
			}

			// A second sweep does nothing: no rendering, no write.
			advance(time.Hour)
			if res := sweep(); res.Rendered != 0 || res.Present != 0 || res.Gone != 0 || len(res.Failures) != 0 || res.More {
				t.Fatalf("second sweep: %+v, want nothing done", res)
			}
			for i, r := range candidateRecords() {
				if !r.CreatedAt.Equal(recs[i].CreatedAt) {
					t.Errorf("%s was rendered again by the second sweep", r.Kind)
				}
			}

			// A record whose file is missing from the bucket (requeued by an operator) is
			// rendered again; one whose files are all there is dropped unrendered.
			requeue := func() {
				t.Helper()
				err := st.Repo.MarkReportPending(ctx, assess.PendingReport{SessionID: ss.ID, OrgID: ss.OrgID,
					AssessmentID: ss.AssessmentID, CompletedAt: ss.CompletedAt, Since: clock()})
				if err != nil {
					t.Fatal(err)
				}
				advance(reporting.SweepMinAge + time.Minute)
			}
			var feedback assess.ReportRecord
			for _, r := range recs {
				if r.Kind == reporting.KindFeedback {
					feedback = r
				}
			}
			if err := blobs.Delete(ctx, feedback.ObjectKey); err != nil {
				t.Fatal(err)
			}
			requeue()
			if res := sweep(); res.Rendered != 1 || res.Present != 0 {
				t.Fatalf("sweep of a record without its file: %+v, want it rendered", res)
			}
			if ok, _ := blob.Exists(ctx, blobs, feedback.ObjectKey); !ok {
				t.Fatal("the missing feedback file was not rendered again")
			}
			requeue()
			if res := sweep(); res.Rendered != 0 || res.Present != 1 || len(markers()) != 0 {
				t.Fatalf("sweep of a marker whose files are stored: %+v, markers %+v", res, markers())
			}

			// A rendering that fails in the sweep waits RetryAfter, then succeeds.
			requeue()
			if err := blobs.Delete(ctx, feedback.ObjectKey); err != nil {
				t.Fatal(err)
			}
			blobs.failing.Store(true)
			if _, err := h(ctx, fixture(t, "scheduled-sweep.json", nil)); err == nil {
				t.Fatal("a sweep with the bucket refusing writes reported no error")
			}
			blobs.failing.Store(false)
			if p := markers(); len(p) != 1 || p[0].Tries != 1 || !p[0].NextTry.After(clock()) {
				t.Fatalf("marker after a failed sweep: %+v, want it deferred", p)
			}
			if res := sweep(); res.Rendered != 0 || len(res.Failures) != 0 {
				t.Fatalf("sweep while the marker waits: %+v", res)
			}
			advance(reporting.RetryAfter)
			if res := sweep(); res.Rendered != 1 || len(markers()) != 0 {
				t.Fatalf("sweep after the wait: %+v, markers %+v", res, markers())
			}
		})
	}
}

// An erased candidate's pending-report marker goes with the rest of their data.
func TestErasureRemovesPendingReport(t *testing.T) {
	t.Parallel()
	for name, newTable := range sweepTables(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			st, err := app.New(settings.Config{}, nil, newTable(t), nil)
			if err != nil {
				t.Fatal(err)
			}
			ss := completeOne(t, st)
			if _, err := st.Scorer.Score(ctx, ss.ID); err != nil {
				t.Fatal(err)
			}
			if p, _, err := st.Repo.PendingReports(ctx, "", 0); err != nil || len(p) != 1 {
				t.Fatalf("markers after scoring: %+v %v", p, err)
			}
			if _, _, err := st.Repo.EraseCandidate(ctx, ss.OrgID, ss.CandidateID); err != nil {
				t.Fatal(err)
			}
			if p, _, err := st.Repo.PendingReports(ctx, "", 0); err != nil || len(p) != 0 {
				t.Fatalf("markers after the erasure: %+v %v", p, err)
			}
		})
	}
}

// completeOne takes one candidate through a whole (unanswered) assessment to completion.
func completeOne(t *testing.T, st app.Stack) assess.Session {
	t.Helper()
	svc := st.Deps.Journey
	return assesstest.New(t, svc, st.Repo, "ecommerce-customer-support").Take(t, svc, 0, true)
}
