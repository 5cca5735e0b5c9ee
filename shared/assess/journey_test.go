package assess_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/store"
	"shortlist/shared/store/bolt"
	"shortlist/shared/store/table"
)

// journeyService is the domain over an embedded table in a temporary directory, with one
// organisation, one assessment of the Sales Back Office seed mix and one invite.
func journeyService(t *testing.T) (*assess.Service, assess.Assessment, string, assess.Ack) {
	t.Helper()
	tbl, err := bolt.Open(t.TempDir(), table.Shortlist(), bolt.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tbl.Close() })
	repo := store.New(tbl)
	svc := &assess.Service{Repo: repo, Catalog: loadCatalog(t)}
	ctx := context.Background()
	org, err := assess.NewOrganisation("Acme", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := repo.CreateOrganisation(ctx, org); err != nil {
		t.Fatal(err)
	}
	a, err := svc.CreateAssessment(ctx, org.ID, assess.Spec{RoleID: "sales-back-office", Name: "Journey"})
	if err != nil {
		t.Fatal(err)
	}
	inv, err := svc.Invite(ctx, org.ID, a.ID, []assess.InviteInput{{Name: "Ana Pérez"}})
	if err != nil {
		t.Fatal(err)
	}
	_, version := assess.NoticeFor(org)
	return svc, a, inv[0].Token, assess.Ack{Acknowledged: true, NoticeVersion: version}
}

// TestJourneyStateMachine walks a session through its states in the domain, and checks
// that every step out of order is refused with the code the API answers with.
func TestJourneyStateMachine(t *testing.T) {
	t.Parallel()
	svc, a, invite, ack := journeyService(t)
	ctx := context.Background()

	_, _, err := svc.Start(ctx, invite, assess.Ack{})
	wantCode(t, "start without the notice acknowledged", err, assess.Invalid)
	_, _, err = svc.Start(ctx, "sli_not-a-real-invite", assess.Ack{Acknowledged: true})
	if c := assess.CodeOf(err); c != assess.NotFound && c != assess.Unauthorized {
		t.Errorf("start with a forged invite: %q, want not_found or unauthorized", c)
	}
	ss, token, err := svc.Start(ctx, invite, ack)
	if err != nil || token == "" {
		t.Fatalf("start: %v", err)
	}
	n := len(ss.Sections)
	if n < 2 {
		t.Fatalf("%d sections: the seed mix has more", n)
	}
	// Scoring a session still being taken is refused as "not completed", which the
	// scoring sweep tells apart from a lost race.
	scorer := &assess.Scorer{Repo: svc.Repo.(assess.ScoreRepo), Catalog: svc.Catalog}
	if _, err := scorer.Score(ctx, ss.ID); !errors.Is(err, assess.ErrNotCompleted) || assess.CodeOf(err) != assess.Conflict {
		t.Fatalf("scoring an active session: %v, want a conflict wrapping ErrNotCompleted", err)
	}

	steps := []struct {
		what string
		do   func() (assess.Session, error)
		want assess.Code // "" = succeeds
	}{
		{"complete before any part", func() (assess.Session, error) { return svc.Complete(ctx, ss) }, assess.Conflict},
		{"finish a part never started", func() (assess.Session, error) { return svc.FinishSection(ctx, ss, 0) }, assess.Conflict},
		{"start a part that does not exist", func() (assess.Session, error) { return svc.StartSection(ctx, ss, a, n) }, assess.NotFound},
		{"start part 1", func() (assess.Session, error) { return svc.StartSection(ctx, ss, a, 0) }, ""},
		{"start part 1 again (a reload)", func() (assess.Session, error) { return svc.StartSection(ctx, ss, a, 0) }, ""},
		{"complete with part 1 open", func() (assess.Session, error) { return svc.Complete(ctx, ss) }, assess.Conflict},
		{"finish part 1", func() (assess.Session, error) { return svc.FinishSection(ctx, ss, 0) }, ""},
		{"start part 1 once it is closed", func() (assess.Session, error) { return svc.StartSection(ctx, ss, a, 0) }, assess.Conflict},
	}
	for _, st := range steps {
		next, err := st.do()
		wantCode(t, st.what, err, st.want)
		if err == nil {
			ss = next
		}
	}
	// The other parts, each opened (which also closes the one before), then completion.
	for i := 1; i < n; i++ {
		if ss, err = svc.StartSection(ctx, ss, a, i); err != nil {
			t.Fatalf("start part %d: %v", i+1, err)
		}
	}
	if ss, err = svc.FinishSection(ctx, ss, n-1); err != nil {
		t.Fatalf("finish the last part: %v", err)
	}
	done, err := svc.Complete(ctx, ss)
	if err != nil || done.Status != assess.SessionCompleted {
		t.Fatalf("complete: %v, status %q", err, done.Status)
	}
	_, err = svc.StartSection(ctx, done, a, 0)
	if err == nil {
		t.Error("a completed session accepted a part's start")
	}
	// The invite opens one session: presenting it again resumes the completed one, with a
	// new token, and the old token stops working.
	again, token2, err := svc.Start(ctx, invite, ack)
	if err != nil || again.ID != done.ID || token2 == token {
		t.Errorf("the invite again: %v, session %s (was %s), new token %v", err, again.ID, done.ID, token2 != token)
	}
	_, _, err = svc.Resume(ctx, token)
	wantCode(t, "the replaced token", err, assess.Unauthorized)
}

func wantCode(t *testing.T, what string, err error, want assess.Code) {
	t.Helper()
	if got := assess.CodeOf(err); got != want {
		t.Errorf("%s: %q (%v), want %q", what, got, err, want)
	}
}
