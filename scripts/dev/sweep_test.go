package main

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"shortlist/shared/app"
	"shortlist/shared/app/reporting"
	"shortlist/shared/app/settings"
	"shortlist/shared/assess/assesstest"
	"shortlist/shared/blob/localstore"
	"shortlist/shared/store/bolt"
	"shortlist/shared/store/table"
)

// The dev server's report worker runs the reports sweep: a scored session whose reports
// were never rendered (the previous run died before, or its rendering failed) is rendered
// at start, without anything in the worker's queue.
func TestReportWorkerSweepsAtStart(t *testing.T) {
	ctx := context.Background()
	bt, err := bolt.Open(t.TempDir(), table.Shortlist(), bolt.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer bt.Close()
	blobs, err := localstore.New(t.TempDir(), nil, "http://127.0.0.1:1/files")
	if err != nil {
		t.Fatal(err)
	}
	log := app.Logger(io.Discard, slog.LevelInfo)
	st, err := app.New(settings.Config{}, log, bt, blobs)
	if err != nil {
		t.Fatal(err)
	}
	rp := reporting.Attach(&st)
	svc := st.Deps.Journey
	j := assesstest.New(t, svc, st.Repo, "sales-back-office")
	org, a := j.Org, j.Assessment
	ss := j.Take(t, svc, 0, true)
	if _, err := st.Scorer.Score(ctx, ss.ID); err != nil { // no OnScored: nobody is told
		t.Fatal(err)
	}

	loopCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); renderLoop(loopCtx, rp, newRenderQueue(), log) }()
	defer func() { cancel(); <-done }()
	deadline := time.Now().Add(20 * time.Second)
	for {
		recs, err := st.Repo.Reports(ctx, org.ID, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		pend, _, err := st.Repo.PendingReports(ctx, "", 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) == 2 && len(pend) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the start-up sweep: records %+v, pending %+v", recs, pend)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
