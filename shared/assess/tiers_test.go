package assess_test

import (
	"context"
	"math"
	"testing"
	"time"

	"shortlist/shared/assess"
)

// TestTiersTestsAndSorts: on a snapshot in the object store (several page objects),
// tiers cover each group in runs of consecutive places whose intervals overlap their
// leader's and agree with the head's summary; each test's score is the mean z of its
// scales; the sort orders stored with the snapshot give the same rows as sorting the
// whole cohort in memory; the standing filter splits the ranked candidates.
func TestTiersTestsAndSorts(t *testing.T) {
	cat := loadCatalog(t)
	a := assessmentFor(t, cat, "ecommerce-customer-support", "numerical-reasoning")
	src := &results{}
	c, _ := cohortsOn(t, cat, src, func() time.Time { return time.Unix(1_800_000_000, 0).UTC() })
	ctx := context.Background()
	all := cohortScores(t, cat, a, 640, 0)
	for _, sc := range all {
		src.add(t, sc)
	}
	if err := c.Add(ctx, a, all); err != nil {
		t.Fatal(err)
	}
	v, err := c.View(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := v.All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Head.Tests) < 2 || len(v.Head.Tiers) == 0 {
		t.Fatalf("head: %d tests, %d tiers", len(v.Head.Tests), len(v.Head.Tiers))
	}
	// Tiers.
	type leader struct{ tier, high int }
	lead := map[bool]leader{}
	count := map[string]map[int]int{assess.GroupRanked: {}, assess.GroupReview: {}}
	for _, cc := range rows[:v.Head.Ranked] {
		l := lead[cc.ReviewFirst]
		switch {
		case cc.Tier == l.tier+1:
			lead[cc.ReviewFirst] = leader{cc.Tier, cc.RankHigh}
		case cc.Tier != l.tier:
			t.Fatalf("%s (place %d): tier %d after tier %d", cc.SessionID, cc.Rank, cc.Tier, l.tier)
		case cc.RankLow > l.high:
			t.Fatalf("%s (place %d, %d–%d) does not overlap its tier's leader (up to %d)", cc.SessionID, cc.Rank, cc.RankLow, cc.RankHigh, l.high)
		}
		g := assess.GroupRanked
		if cc.ReviewFirst {
			g = assess.GroupReview
		}
		count[g][cc.Tier]++
	}
	for _, tr := range v.Head.Tiers {
		if count[tr.Group][tr.Tier] != tr.Size || tr.Last-tr.First+1 != tr.Size {
			t.Errorf("tier %+v: %d candidates carry it", tr, count[tr.Group][tr.Tier])
		}
	}
	// A break between tiers is a leader that does not overlap the previous leader's
	// interval: the top tier is smaller than the whole group.
	if v.Head.Tiers[0].Size >= v.Head.Main {
		t.Errorf("one tier of %d for a main group of %d", v.Head.Tiers[0].Size, v.Head.Main)
	}
	// Test scores: the mean of the test's scales' z.
	for _, cc := range rows[:20] {
		for i, tt := range v.Head.Tests {
			sum, n := 0.0, 0
			for _, id := range tt.Scales {
				if s, ok := cc.Scales[id]; ok {
					sum += s.Z
					n++
				}
			}
			if n > 0 && (!cc.Tests[i].Defined || math.Abs(cc.Tests[i].Z-sum/float64(n)) > 1e-9) {
				t.Fatalf("%s %s: %+v, mean z %v", cc.SessionID, tt.Instrument, cc.Tests[i], sum/float64(n))
			}
		}
	}
	// Sorts from the stored objects equal sorts in memory.
	mem := assess.BuildCohort(cat, a, all)
	for _, key := range []string{assess.SortAbility, assess.SortTest(v.Head.Tests[1].Instrument)} {
		for _, reverse := range []bool{false, true} {
			p, err := v.Page(ctx, assess.RankingQuery{Group: assess.GroupRanked, Sort: key, Reverse: reverse, Limit: assess.MaxPageSize})
			if err != nil {
				t.Fatal(err)
			}
			value := func(cc assess.CohortCandidate) float64 {
				if key == assess.SortAbility {
					return cc.Ability.C
				}
				return cc.Tests[1].Z
			}
			for i := 1; i < len(p.Rows); i++ {
				x, y := value(p.Rows[i-1]), value(p.Rows[i])
				if (!reverse && x < y) || (reverse && x > y) || (x == y && p.Rows[i-1].Rank > p.Rows[i].Rank) {
					t.Fatalf("sort %s reverse %v: row %d %v (place %d) before %v (place %d)", key, reverse, i, x, p.Rows[i-1].Rank, y, p.Rows[i].Rank)
				}
			}
			mv := mem.Candidates[:mem.Main]
			best := mv[0]
			for _, cc := range mv {
				if (!reverse && value(cc) > value(best)) || (reverse && value(cc) < value(best)) {
					best = cc
				}
			}
			if p.Rows[0].SessionID != best.SessionID {
				t.Errorf("sort %s reverse %v starts with %s, the cohort's extreme is %s", key, reverse, p.Rows[0].SessionID, best.SessionID)
			}
		}
	}
	if _, err := v.Page(ctx, assess.RankingQuery{Sort: "test:nope"}); assess.CodeOf(err) != assess.Invalid {
		t.Errorf("unknown sort: %v", err)
	}
	// Standing partition.
	total := 0
	for _, st := range []string{assess.StandingReview, assess.StandingBelow, assess.StandingClear} {
		p, err := v.Page(ctx, assess.RankingQuery{Standing: st, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		total += p.Total
	}
	if total != v.Head.Ranked {
		t.Errorf("standings hold %d of %d ranked", total, v.Head.Ranked)
	}
	if _, err := v.Page(ctx, assess.RankingQuery{Standing: "soon"}); assess.CodeOf(err) != assess.Invalid {
		t.Errorf("unknown standing: %v", err)
	}
}
