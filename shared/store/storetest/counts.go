package storetest

import (
	"sync"
	"testing"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/store"
	"shortlist/shared/store/table"
)

// RunCounts checks atomic adds (store.Update.Add) on the port, and the assessment counters
// the repository keeps on write: invites and completions counted once, a lost race or a
// refused request not at all, erasure taken off, and Recount agreeing with them.
func RunCounts(t *testing.T, newTable Factory) {
	t.Run("TableAdd", func(t *testing.T) { t.Parallel(); testTableAdd(t, newTable) })
	t.Run("Counters", func(t *testing.T) {
		t.Parallel()
		clock := NewClock(Start)
		testCounters(t, &fixture{t: t, clock: clock, repo: store.New(newTable(t, clock.Now))})
	})
}

func testTableAdd(t *testing.T, newTable Factory) {
	tb := newTable(t, NewClock(Start).Now)
	ctx := ctxT(t)
	mustPut(t, tb, item("P", "S", "n", int64(5), "label", "x"))

	got, err := tb.Update(ctx, key("P", "S"), store.Update{Add: map[string]int64{"n": 2, "m": 3}, Set: store.Item{"label": "y"}}, store.Cond{})
	if err != nil {
		t.Fatal(err)
	}
	sameItem(t, got, item("P", "S", "n", int64(7), "m", int64(3), "label", "y"))
	got, err = tb.Update(ctx, key("P", "S"), store.Update{Add: map[string]int64{"n": -7}}, store.Eq("label", "y"))
	if err != nil {
		t.Fatal(err)
	}
	sameItem(t, got, item("P", "S", "n", int64(0), "m", int64(3), "label", "y"))

	// Many writers at once: no add is lost.
	var wg sync.WaitGroup
	errs := make([]error, 16)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = tb.Update(ctx, key("P", "S"), store.Update{Add: map[string]int64{"m": 1}}, store.Cond{})
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	stored, err := tb.Get(ctx, key("P", "S"))
	if err != nil {
		t.Fatal(err)
	}
	if stored.Int("m") != 3+16 {
		t.Fatalf("m = %d after 16 concurrent adds to 3", stored.Int("m"))
	}

	// An add creates no item, and cannot touch a key or an attribute it also sets.
	_, err = tb.Update(ctx, key("P", "absent"), store.Update{Add: map[string]int64{"n": 1}}, store.Cond{})
	WantCode(t, err, assess.Conflict)
	if _, err := tb.Get(ctx, key("P", "absent")); assess.CodeOf(err) != assess.NotFound {
		t.Fatalf("an add created an item: %v", err)
	}
	_, err = tb.Update(ctx, key("P", "S"), store.Update{Add: map[string]int64{"n": 1}, Set: store.Item{"n": int64(1)}}, store.Cond{})
	WantCode(t, err, assess.Internal)
	_, err = tb.Update(ctx, key("P", "S"), store.Update{Add: map[string]int64{table.GSI1SK: 1}}, store.Cond{})
	WantCode(t, err, assess.Internal)
}

func testCounters(t *testing.T, f *fixture) {
	ctx := ctxT(t)
	o, a := f.org()
	want := func(step string, inv, cmp int64) assess.AssessmentCounts {
		t.Helper()
		all, err := f.repo.AssessmentCounts(ctx, o.ID)
		f.must(err)
		got, ok := all[a.ID]
		if !ok {
			t.Fatalf("%s: no counts for the assessment: %+v", step, all)
		}
		if got.Invited != inv || got.Completed != cmp {
			t.Fatalf("%s: counts %d/%d, want %d/%d", step, got.Invited, got.Completed, inv, cmp)
		}
		return got
	}
	want("new assessment", 0, 0)

	cs := f.candidates(a, 3)
	got := want("three invited", 3, 0)
	if !got.InvitesUntil.Equal(cs[2].ExpiresAt) {
		t.Fatalf("invites until %v, want %v", got.InvitesUntil, cs[2].ExpiresAt)
	}
	// Invites sent by email are counted the same way.
	_, hash := assess.NewToken(assess.InvitePrefix)
	mailed := assess.Candidate{ID: f.id(), OrgID: a.OrgID, AssessmentID: a.ID, TokenHash: hash, Name: "By mail",
		Email: "m@example.com", ExtraTime: 1, CreatedAt: f.clock.Now(), ExpiresAt: f.clock.Now().Add(20 * 24 * time.Hour), ByEmail: true}
	f.must(f.repo.CreateInvites(ctx, []assess.Candidate{mailed}, nil))
	got = want("one more by email", 4, 0)
	if !got.InvitesUntil.Equal(mailed.ExpiresAt) {
		t.Fatalf("invites until %v, want the later %v", got.InvitesUntil, mailed.ExpiresAt)
	}
	// Invites that fail all or none add nothing.
	dup := f.newCandidatesNotStored(a, 2)
	dup[1].ID = cs[0].ID
	if err := f.repo.CreateCandidates(ctx, dup); err == nil {
		t.Fatal("a colliding id was stored")
	}
	want("a refused invite request", 4, 0)

	s0 := f.start(cs[0])
	f.start(cs[1])
	want("two started (starts are not counted)", 4, 0)

	// Completion, four at once: one completes the session, and only it counts.
	f.clock.Advance(time.Minute)
	s0.Status, s0.CompletedAt = assess.SessionCompleted, f.clock.Now()
	s0.Version++
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = f.repo.CompleteSession(ctx, s0) }()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		}
	}
	if ok != 1 {
		t.Fatalf("%d of 4 concurrent completions succeeded", ok)
	}
	want("one completed", 4, 1)

	// Scoring (four runs at once, then a rerun) changes no count.
	res := assess.Result{SessionID: s0.ID, OrgID: o.ID, AssessmentID: a.ID, ScoredAt: f.clock.Now(),
		ScoringVersion: "1", Scores: SampleScores(s0.ID, 55)}
	for i := range errs {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = f.repo.SaveResult(ctx, res) }()
	}
	wg.Wait()
	for _, err := range errs {
		f.must(err)
	}
	f.must(f.repo.SaveResult(ctx, res))
	want("scored", 4, 1)

	// Erasure takes a candidate off what they reached.
	_, _, err := f.repo.EraseCandidate(ctx, o.ID, cs[0].ID)
	f.must(err)
	want("scored candidate erased", 3, 0)
	_, _, err = f.repo.EraseCandidate(ctx, o.ID, cs[2].ID)
	f.must(err)
	want("invited candidate erased", 2, 0)

	// Recount agrees with the counters.
	re, err := f.repo.Recount(ctx, o.ID, a.ID)
	f.must(err)
	if re.Invited != 2 || re.Completed != 0 || !re.InvitesUntil.Equal(mailed.ExpiresAt) {
		t.Fatalf("recount %+v", re)
	}

	// An assessment without a counter item (stored before counting began) has no counts,
	// and bumps do not make up partial ones; Recount creates them.
	_, b := f.org()
	f.must(f.repo.Table().Delete(ctx, store.Key{PK: "ORG#" + b.OrgID, SK: "CNT#" + b.ID}, store.Cond{}))
	bc := f.candidates(b, 2)
	sb := f.start(bc[0])
	sb.Status, sb.CompletedAt = assess.SessionCompleted, f.clock.Now()
	sb.Version++
	f.must(f.repo.CompleteSession(ctx, sb))
	all, err := f.repo.AssessmentCounts(ctx, b.OrgID)
	f.must(err)
	if c, ok := all[b.ID]; ok {
		t.Fatalf("counts made up for an uncounted assessment: %+v", c)
	}
	re, err = f.repo.Recount(ctx, b.OrgID, b.ID)
	f.must(err)
	all, err = f.repo.AssessmentCounts(ctx, b.OrgID)
	f.must(err)
	if c := all[b.ID]; c.Invited != 2 || c.Completed != 1 || c != re {
		t.Fatalf("after recount: %+v (recount answered %+v)", c, re)
	}
	// Another organisation's counts are not among these.
	if _, ok := all[a.ID]; ok {
		t.Fatal("another organisation's assessment listed")
	}
}

// newCandidatesNotStored makes n candidates of a without storing them.
func (f *fixture) newCandidatesNotStored(a assess.Assessment, n int) []assess.Candidate {
	var cs []assess.Candidate
	for range n {
		_, hash := assess.NewToken(assess.InvitePrefix)
		cs = append(cs, assess.Candidate{ID: f.id(), OrgID: a.OrgID, AssessmentID: a.ID, TokenHash: hash, Name: "New",
			ExtraTime: 1, CreatedAt: f.clock.Now(), ExpiresAt: f.clock.Now().Add(14 * 24 * time.Hour)})
	}
	return cs
}
