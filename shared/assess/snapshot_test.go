package assess_test

import (
	"context"
	"fmt"
	"math"
	"sync"
	"testing"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/blob/localstore"
	"shortlist/shared/catalog"
	"shortlist/shared/store"
	"shortlist/shared/store/bolt"
	"shortlist/shared/store/table"
)

// results is the assessment's stored results as a full rebuild reads them.
type results struct {
	mu  sync.Mutex
	all []assess.Result
}

func (r *results) Results(_ context.Context, _, _ string) ([]assess.Result, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]assess.Result(nil), r.all...), nil
}

func (r *results) add(t *testing.T, sc assess.Scores) {
	r.mu.Lock()
	r.all = append(r.all, assess.Result{SessionID: sc.SessionID, OrgID: sc.OrgID, AssessmentID: sc.AssessmentID, Scores: sc, RetainUntil: sc.RetainUntil})
	r.mu.Unlock()
}

// cohortsOn is a snapshot keeper on the embedded table and the local object store (the
// dev server's adapters; DynamoDB Local and MinIO pass the same port suites).
func cohortsOn(t *testing.T, cat *catalog.Catalog, src *results, now func() time.Time) (*assess.Cohorts, *localstore.Store) {
	t.Helper()
	tb, err := bolt.Open(t.TempDir(), table.Shortlist(), bolt.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tb.Close() })
	objs, err := localstore.New(t.TempDir(), []byte("0123456789abcdef0123456789abcdef"), "http://127.0.0.1/files")
	if err != nil {
		t.Fatal(err)
	}
	c := assess.NewCohorts(store.New(tb), objs, src, cat)
	c.Clock = now
	return c, objs
}

func cohortScores(t *testing.T, cat *catalog.Catalog, a assess.Assessment, n, from int) []assess.Scores {
	out := make([]assess.Scores, n)
	for i := range out {
		id := fmt.Sprintf("sess%05d", from+i)
		out[i] = scoredSession(t, cat, a, id, uint64(from+i), (from+i)%7-1)
		out[i].OrgID, out[i].AssessmentID = a.OrgID, a.ID
	}
	return out
}

// TestSnapshotGrowsLikeAFullRebuild: adding results batch by batch gives the same view
// as building it from all results at once, and pages read back what Derive computed,
// across the 500-row page objects.
func TestSnapshotGrowsLikeAFullRebuild(t *testing.T) {
	cat := loadCatalog(t)
	a := assessmentFor(t, cat, "sales-back-office", "numerical-reasoning")
	src := &results{}
	now := func() time.Time { return time.Unix(1_800_000_000, 0).UTC() }
	c, _ := cohortsOn(t, cat, src, now)
	ctx := context.Background()
	all := cohortScores(t, cat, a, 620, 0)
	for _, batch := range [][]assess.Scores{all[:1], all[1:300], all[300:301], all[301:]} {
		for _, sc := range batch {
			src.add(t, sc)
		}
		if err := c.Add(ctx, a, batch); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Add(ctx, a, all[:5]); err != nil { // a replayed stream batch changes nothing
		t.Fatal(err)
	}
	v, err := c.View(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	want := assess.BuildCohort(cat, a, all)
	if v.Head.N != 620 || v.Head.Version != 4 || v.Head.Ranked != want.Main+want.Review || v.Head.Main != want.Main {
		t.Fatalf("head n %d version %d ranked %d main %d; want 620, 4, %d, %d", v.Head.N, v.Head.Version, v.Head.Ranked, v.Head.Main, want.Main+want.Review, want.Main)
	}
	got, err := v.All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want.Candidates) {
		t.Fatalf("%d candidates, want %d", len(got), len(want.Candidates))
	}
	for i := range got {
		g, w := got[i], want.Candidates[i]
		if g.SessionID != w.SessionID || g.Rank != w.Rank || g.ReviewFirst != w.ReviewFirst || math.Abs(g.Fit.C-w.Fit.C) > 1e-9 ||
			math.Abs(g.Fit.SE-w.Fit.SE) > 1e-9 || g.RankLow != w.RankLow || g.RankHigh != w.RankHigh {
			t.Fatalf("position %d: %s rank %d [%d–%d] fit %.6f; full rebuild %s rank %d [%d–%d] fit %.6f", i,
				g.SessionID, g.Rank, g.RankLow, g.RankHigh, g.Fit.C, w.SessionID, w.Rank, w.RankLow, w.RankHigh, w.Fit.C)
		}
	}
	for _, sc := range want.Scales {
		h, _ := v.Head.Scale(sc.Scale)
		if math.Abs(h.Reliability.Alpha-sc.Reliability.Alpha) > 1e-9 || h.N != sc.N || h.Norm != sc.Norm {
			t.Errorf("%s: α %.6f n %d %s; full rebuild α %.6f n %d %s", sc.Scale, h.Reliability.Alpha, h.N, h.Norm, sc.Reliability.Alpha, sc.N, sc.Norm)
		}
	}
	// One candidate from the second page object, by the sharded index.
	cc, ok, err := v.Candidate(ctx, got[555].SessionID)
	if err != nil || !ok || cc.SessionID != got[555].SessionID {
		t.Errorf("Candidate(%s): %v %v %+v", got[555].SessionID, ok, err, cc.SessionID)
	}
	if _, ok, _ := v.Candidate(ctx, "nosuchsession"); ok {
		t.Error("an unknown session was found")
	}
}

// TestRankingPages: pages are bounded, follow their cursor to the end without gaps or
// repeats, and the groups split the ranked candidates.
func TestRankingPages(t *testing.T) {
	cat := loadCatalog(t)
	a := assessmentFor(t, cat, "ecommerce-customer-support", "numerical-reasoning")
	src := &results{}
	c, _ := cohortsOn(t, cat, src, func() time.Time { return time.Unix(1_800_000_000, 0).UTC() })
	ctx := context.Background()
	all := cohortScores(t, cat, a, 530, 0)
	for _, sc := range all {
		src.add(t, sc)
	}
	v, err := c.View(ctx, a) // no snapshot yet: built from the results
	if err != nil {
		t.Fatal(err)
	}
	walk := func(q assess.RankingQuery) []assess.CohortCandidate {
		var rows []assess.CohortCandidate
		for pages := 0; ; pages++ {
			p, err := v.Page(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Rows) > max(q.Limit, assess.DefaultPageSize) || pages > 100 {
				t.Fatalf("page of %d rows (limit %d)", len(p.Rows), q.Limit)
			}
			rows = append(rows, p.Rows...)
			if p.Next == "" {
				if len(rows) != p.Total {
					t.Fatalf("walked %d rows, total says %d", len(rows), p.Total)
				}
				return rows
			}
			q.Cursor = p.Next
		}
	}
	everyone := walk(assess.RankingQuery{Limit: 77})
	main, review := walk(assess.RankingQuery{Group: assess.GroupRanked}), walk(assess.RankingQuery{Group: assess.GroupReview, Limit: 500})
	if len(everyone) != v.Head.Ranked || len(main)+len(review) != len(everyone) || len(review) == 0 {
		t.Fatalf("all %d, main %d, review %d, ranked %d", len(everyone), len(main), len(review), v.Head.Ranked)
	}
	seen := map[string]bool{}
	for i, cc := range main {
		if cc.ReviewFirst || cc.Rank != i+1 || seen[cc.SessionID] {
			t.Fatalf("main row %d: %+v", i, cc)
		}
		seen[cc.SessionID] = true
	}
	for i, cc := range review {
		if !cc.ReviewFirst || cc.Rank != i+1 || seen[cc.SessionID] {
			t.Fatalf("review row %d: rank %d review %v", i, cc.Rank, cc.ReviewFirst)
		}
		seen[cc.SessionID] = true
	}
	code := review[0].Cautions[0]
	for _, cc := range walk(assess.RankingQuery{Caution: code}) {
		if !contains(cc.Cautions, code) {
			t.Fatalf("caution filter %s let through %v", code, cc.Cautions)
		}
	}
	only := walk(assess.RankingQuery{Only: []string{main[3].SessionID, main[0].SessionID, "unknown"}})
	if len(only) != 2 || only[0].SessionID != main[0].SessionID {
		t.Errorf("only: %d rows", len(only))
	}
	if rest := walk(assess.RankingQuery{Exclude: []string{main[0].SessionID}}); len(rest) != len(everyone)-1 {
		t.Errorf("exclude: %d rows of %d", len(rest), len(everyone))
	}
	for _, q := range []assess.RankingQuery{{Limit: assess.MaxPageSize + 1}, {Cursor: "x"}, {Cursor: "-1"}, {Group: "top"}} {
		if _, err := v.Page(ctx, q); assess.CodeOf(err) != assess.Invalid {
			t.Errorf("%+v: %v; want Invalid", q, err)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestConcurrentWritersBothLand: two processes adding different batches at once both
// end up in the snapshot (the pointer's condition makes the loser re-read and retry).
func TestConcurrentWritersBothLand(t *testing.T) {
	cat := loadCatalog(t)
	a := assessmentFor(t, cat, "sales-back-office")
	src := &results{}
	c, _ := cohortsOn(t, cat, src, func() time.Time { return time.Unix(1_800_000_000, 0).UTC() })
	ctx := context.Background()
	all := cohortScores(t, cat, a, 60, 0)
	var wg sync.WaitGroup
	errs := make(chan error, 6)
	for w := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- c.Add(ctx, a, all[w*10:(w+1)*10])
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	v, err := c.View(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if v.Head.N != 60 {
		t.Errorf("after 6 concurrent batches of 10 the view holds %d", v.Head.N)
	}
}

// TestRetentionAndErasureRebuild: once a candidate's retention date passes, or after
// an erasure, the view no longer holds them, and the erased candidate's objects are gone.
func TestRetentionAndErasureRebuild(t *testing.T) {
	cat := loadCatalog(t)
	a := assessmentFor(t, cat, "sales-back-office")
	src := &results{}
	at := time.Unix(1_800_000_000, 0).UTC()
	c, _ := cohortsOn(t, cat, src, func() time.Time { return at })
	ctx := context.Background()
	all := cohortScores(t, cat, a, 12, 0)
	all[3].RetainUntil = at.Add(time.Hour)
	for _, sc := range all {
		src.add(t, sc)
	}
	if err := c.Add(ctx, a, all); err != nil {
		t.Fatal(err)
	}
	if v, _ := c.View(ctx, a); v.Head.N != 12 {
		t.Fatalf("n %d", v.Head.N)
	}
	src.mu.Lock()
	src.all = append(src.all[:3], src.all[4:]...) // the store hides results past retention
	src.mu.Unlock()
	at = at.Add(2 * time.Hour)
	v, err := c.View(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := v.Candidate(ctx, all[3].SessionID); ok || v.Head.N != 11 {
		t.Errorf("past retention the view still holds the candidate (n %d)", v.Head.N)
	}
	if err := c.Forget(ctx, a.OrgID, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.View(ctx, a); err != nil { // rebuilt from what remains
		t.Fatal(err)
	}
}
