package main

import (
	"context"
	"io"
	"testing"
	"time"

	"shortlist/shared/app"
	"shortlist/shared/app/reporting"
	"shortlist/shared/assess"
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
	log := app.Logger(io.Discard, func(string) string { return "" })
	st, err := app.Build(func(string) string { return "" }, log, bt, blobs)
	if err != nil {
		t.Fatal(err)
	}
	rp := reporting.Attach(&st)
	svc := st.Deps.Journey
	org, _ := assess.NewOrganisation("Acme", time.Now())
	if err := st.Repo.CreateOrganisation(ctx, org); err != nil {
		t.Fatal(err)
	}
	a, err := svc.CreateAssessment(ctx, org.ID, assess.Spec{RoleID: "sales-back-office"})
	if err != nil {
		t.Fatal(err)
	}
	inv, err := svc.Invite(ctx, org.ID, a.ID, []assess.InviteInput{{Name: "Ana"}})
	if err != nil {
		t.Fatal(err)
	}
	ss, _, err := svc.Start(ctx, inv[0].Token, assess.Ack{Acknowledged: true, NoticeVersion: assess.NoticeVersion})
	if err != nil {
		t.Fatal(err)
	}
	for n := range ss.Sections {
		if ss, err = svc.StartSection(ctx, ss, a, n); err != nil {
			t.Fatal(err)
		}
		if ss, err = svc.FinishSection(ctx, ss, n); err != nil {
			t.Fatal(err)
		}
	}
	if ss, err = svc.Complete(ctx, ss); err != nil {
		t.Fatal(err)
	}
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
