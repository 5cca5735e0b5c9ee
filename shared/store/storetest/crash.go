package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/store"
	"shortlist/shared/store/table"
)

// failing is a table whose next write to a key with the given partition-key prefix fails
// as Unavailable without being applied: a process that died between two writes.
type failing struct {
	store.Table
	prefix string // "" = nothing fails
}

func (f *failing) fail(pk string) error {
	if f.prefix != "" && strings.HasPrefix(pk, f.prefix) {
		f.prefix = ""
		return &assess.Error{Code: assess.Unavailable, Message: "injected: the process died here"}
	}
	return nil
}

func (f *failing) Put(ctx context.Context, it store.Item, c store.Cond) error {
	if err := f.fail(it.Str(table.PK)); err != nil {
		return err
	}
	return f.Table.Put(ctx, it, c)
}

func (f *failing) Delete(ctx context.Context, k store.Key, c store.Cond) error {
	if err := f.fail(k.PK); err != nil {
		return err
	}
	return f.Table.Delete(ctx, k, c)
}

// testCrashWindows covers the gaps between the plain writes that completion and the end
// of scoring are made of (no transactions: they bill twice): whatever dies where, no
// completed session is left without a marker, no scored session without its report
// marker (or its reports), and no marker outlives its work for long.
func testCrashWindows(t *testing.T, newTable Factory) {
	ctx := ctxT(t)
	clock := NewClock(Start)
	tbl := &failing{Table: newTable(t, clock.Now)}
	f := &fixture{t: t, clock: clock, repo: store.New(tbl)}
	o, a := f.org()
	cs := f.candidates(a, 3)
	pending := func() []assess.PendingScoring {
		t.Helper()
		p, _, err := f.repo.PendingScoring(ctx, "", 0)
		f.must(err)
		return p
	}
	completed := func(s assess.Session) assess.Session {
		s.Status, s.CompletedAt, s.Version = assess.SessionCompleted, f.clock.Now(), s.Version+1
		return s
	}

	// 1. A completion that loses its race (the session moved on) leaves no marker.
	s0 := f.start(cs[0])
	stale := completed(s0)
	stale.Version += 5
	WantCode(t, f.repo.CompleteSession(ctx, stale), assess.Conflict)
	if p := pending(); len(p) != 0 {
		t.Fatalf("markers after a lost completion: %+v", p)
	}

	// 2. Death between the marker and the session: the session is still active, its
	// marker is there; the candidate's retry completes it with a marker of its own.
	s1 := f.start(cs[1])
	tbl.prefix = "SESS#"
	WantCode(t, f.repo.CompleteSession(ctx, completed(s1)), assess.Unavailable)
	if got, _ := f.repo.Session(ctx, s1.ID); got.Status != assess.SessionActive {
		t.Fatalf("session %s after a death before its write", got.Status)
	}
	if p := pending(); len(p) != 1 || p[0].SessionID != s1.ID {
		t.Fatalf("markers after a death before the session write: %+v", p)
	}
	f.clock.Advance(time.Second)
	done1 := completed(s1)
	f.must(f.repo.CompleteSession(ctx, done1))
	if p := pending(); len(p) != 2 {
		t.Fatalf("markers after the retried completion: %+v", p)
	}

	// 3. Death between the result and its pending-report marker: the session is still
	// completed (so the scoring sweep reruns it), and the rerun writes the report marker.
	res := assess.Result{SessionID: s1.ID, OrgID: o.ID, AssessmentID: a.ID, ScoredAt: f.clock.Now(),
		ScoringVersion: "1", Scores: SampleScores(s1.ID, 50), RetainUntil: f.clock.Now().Add(24 * time.Hour)}
	reports := func() []assess.PendingReport {
		t.Helper()
		p, _, err := f.repo.PendingReports(ctx, "", 0)
		f.must(err)
		return p
	}
	tbl.prefix = "PEND#report"
	WantCode(t, f.repo.SaveResult(ctx, res), assess.Unavailable)
	if got, _ := f.repo.Session(ctx, s1.ID); got.Status != assess.SessionCompleted {
		t.Fatalf("session %s after a death before the report marker", got.Status)
	}
	if p := reports(); len(p) != 0 {
		t.Fatalf("report markers after a death before writing one: %+v", p)
	}

	// 4. Death between "session scored" and removing its marker: the session is scored and
	// its marker stays; saving the result again only removes the marker. The report marker
	// was written before the session said scored.
	tbl.prefix = "PEND#scoring"
	WantCode(t, f.repo.SaveResult(ctx, res), assess.Unavailable)
	if p := reports(); len(p) != 1 || p[0].SessionID != s1.ID || !p[0].CompletedAt.Equal(done1.CompletedAt) {
		t.Fatalf("report markers once the session is scored: %+v", p)
	}
	if got, _ := f.repo.Session(ctx, s1.ID); got.Status != assess.SessionScored {
		t.Fatalf("session %s after a death before the marker's removal", got.Status)
	}
	f.must(f.repo.SaveResult(ctx, res))
	if p := pending(); len(p) != 1 || !p[0].CompletedAt.Equal(Start) {
		t.Fatalf("markers after the rerun: %+v (want only the first attempt's)", p)
	}

	// 5. The sweeper drops what stands for no work: the first attempt's marker (its session
	// is scored), and the marker of a session that died before its completion write (still
	// active) once it is older than assess.StaleMarker, not before.
	s2 := f.start(cs[2])
	tbl.prefix = "SESS#"
	WantCode(t, f.repo.CompleteSession(ctx, completed(s2)), assess.Unavailable)
	sc := &assess.Scorer{Repo: f.repo, Clock: f.clock.Now}
	f.clock.Advance(10 * time.Minute)
	if n, err := sc.Sweep(ctx, time.Minute); err != nil || n != 0 {
		t.Fatalf("sweep: %d scored, %v", n, err)
	}
	if p := pending(); len(p) != 1 || p[0].SessionID != s2.ID {
		t.Fatalf("markers after a sweep: %+v (want only the recent one of the active session)", p)
	}
	f.clock.Advance(assess.StaleMarker)
	if _, err := sc.Sweep(ctx, time.Minute); err != nil {
		t.Fatal(err)
	}
	if p := pending(); len(p) != 0 {
		t.Fatalf("markers after the stale one's age: %+v", p)
	}
}
