package api_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"shortlist/shared/catalog"
)

type rankingAnswer struct {
	Sort, Dir string
	Total     int
	Next      string
	Cohort    struct {
		N     int
		Scale struct {
			Name              string
			AxisLow, AxisHigh float64
			NormLabel         string
		}
	}
	Tests []struct {
		ID, Name, Norm string
		Weight         float64
	}
	Tiers []struct {
		Group                   string
		Tier, Size, First, Last int
	}
	Ranking []struct {
		CandidateID, Name, Standing string
		Rank, RankLow, RankHigh     int
		Tier                        int
		Composite                   float64
		ReviewFirst                 bool
		BelowMinimum                []struct{ Scale string }
		Tests                       []struct {
			Test  string
			Score *struct{ Value, SE float64 }
		}
	}
}

// scoredCohort invites and finishes n candidates with different answers.
func scoredCohort(t *testing.T, st *stack, clk *clock, n int) (string, []invitedRow) {
	t.Helper()
	aid := st.createAssessment("ecommerce-customer-support")
	var names []string
	for i := range n {
		names = append(names, fmt.Sprintf("%s Prueba%d", []string{"Ana", "Álvaro", "bruno", "Carla", "Diego", "Elena", "Óscar", "Zoe"}[i%8], i))
	}
	inv := st.invite(aid, names...)
	for i, row := range inv {
		c := st.start(inviteToken(row.Link))
		k := 0
		c.finish(func(it catalog.Item, key int) json.RawMessage {
			k++
			v := 1 + (i+k/3)%5 // varied, no long runs of one answer
			if i%2 == 0 && k%4 == 0 {
				v = 5
			}
			return json.RawMessage(fmt.Sprint(v))
		})
		clk.Advance(time.Minute)
	}
	return aid, inv
}

func (st *stack) rankingOf(aid, query string) rankingAnswer {
	st.t.Helper()
	var out rankingAnswer
	st.must(st.call("GET", "/v1/assessments/"+aid+"/ranking?"+query, st.key, nil), 200).decode(st.t, &out)
	return out
}

// TestRankingTiersTestsSortAndFilters: tiers cover each group in runs of consecutive
// places whose members' intervals overlap their leader's; per-test scores are on the
// composite's scale; every sort order is total and walks the same with a cursor; the
// standing filter keeps what it says; bad parameters are field errors.
func TestRankingTiersTestsSortAndFilters(t *testing.T) {
	clk := &clock{now: time.Now().UTC()}
	repo, _ := openBolt(t, clk.Now)
	st := newStackAt(t, repo, seedOrg(repo), clk)
	aid, inv := scoredCohort(t, st, clk, 7)

	all := st.rankingOf(aid, "limit=500")
	if len(all.Ranking) != len(inv) || all.Sort != "fit" || all.Dir != "desc" {
		t.Fatalf("ranking of %d sorted %s %s, want %d by fit desc", len(all.Ranking), all.Sort, all.Dir, len(inv))
	}
	if all.Cohort.Scale.Name != "T" || all.Cohort.Scale.AxisLow != 20 || all.Cohort.Scale.AxisHigh != 80 || all.Cohort.Scale.NormLabel == "" {
		t.Errorf("scale %+v", all.Cohort.Scale)
	}
	if len(all.Tests) < 2 {
		t.Fatalf("tests %+v: want a column per scored test", all.Tests)
	}
	// Tiers: summary sizes add up to each group, rows carry their tier, members overlap
	// their leader.
	sizes := map[string]int{}
	for _, tr := range all.Tiers {
		sizes[tr.Group] += tr.Size
		if tr.Last-tr.First+1 != tr.Size {
			t.Errorf("tier %+v: places %d–%d are not %d", tr, tr.First, tr.Last, tr.Size)
		}
	}
	groups := map[string]int{}
	leader := map[string]struct{ low, high int }{}
	prevTier := map[string]int{}
	for _, r := range all.Ranking {
		g := "ranked"
		if r.ReviewFirst {
			g = "review"
		}
		groups[g]++
		if r.Tier < prevTier[g] || r.Tier > prevTier[g]+1 || r.Tier < 1 {
			t.Errorf("%s: tier %d after tier %d", r.Name, r.Tier, prevTier[g])
		}
		key := fmt.Sprint(g, r.Tier)
		if r.Tier != prevTier[g] {
			leader[key] = struct{ low, high int }{r.RankLow, r.RankHigh}
		} else if l := leader[key]; r.RankLow > l.high {
			t.Errorf("%s: interval %d–%d does not overlap the tier leader's %d–%d", r.Name, r.RankLow, r.RankHigh, l.low, l.high)
		}
		prevTier[g] = r.Tier
		if len(r.Tests) != len(all.Tests) {
			t.Errorf("%s: %d test scores for %d tests", r.Name, len(r.Tests), len(all.Tests))
		}
		for i, ts := range r.Tests {
			if ts.Test != all.Tests[i].ID {
				t.Errorf("%s: test %d is %s, want %s", r.Name, i, ts.Test, all.Tests[i].ID)
			}
			if ts.Score != nil && (math.Abs(ts.Score.Value) > 6 || ts.Score.SE <= 0) {
				t.Errorf("%s: %s score %+v is not on the z scale", r.Name, ts.Test, ts.Score)
			}
		}
		want := "clear"
		if r.ReviewFirst {
			want = "review"
		} else if len(r.BelowMinimum) > 0 {
			want = "below"
		}
		if r.Standing != want {
			t.Errorf("%s: standing %q, want %q", r.Name, r.Standing, want)
		}
	}
	for g, n := range groups {
		if sizes[g] != n {
			t.Errorf("group %s: tiers hold %d, the group %d", g, sizes[g], n)
		}
	}

	t.Logf("tiers %+v; tests %d; standings %v", all.Tiers, len(all.Tests), func() (s []string) {
		for _, r := range all.Ranking {
			s = append(s, fmt.Sprint(r.Rank, r.RankLow, "-", r.RankHigh, r.Standing))
		}
		return
	}())
	// A test's order: highest first, those without a score last; dir=asc turns it round;
	// a cursor walks the same sequence.
	test := all.Tests[0].ID
	scoreOf := func(r struct {
		Test  string
		Score *struct{ Value, SE float64 }
	}) float64 {
		if r.Score == nil {
			return math.Inf(-1)
		}
		return r.Score.Value
	}
	byTest := st.rankingOf(aid, "limit=500&sort=test:"+test)
	for i := 1; i < len(byTest.Ranking); i++ {
		if a, b := scoreOf(byTest.Ranking[i-1].Tests[0]), scoreOf(byTest.Ranking[i].Tests[0]); a < b {
			t.Errorf("sort=test:%s: %v before %v", test, a, b)
		}
	}
	var walked []string
	for cursor := ""; ; {
		page := st.rankingOf(aid, "limit=2&sort=test:"+test+"&cursor="+cursor)
		for _, r := range page.Ranking {
			walked = append(walked, r.CandidateID)
		}
		if cursor = page.Next; cursor == "" {
			break
		}
	}
	if got, want := strings.Join(walked, ","), strings.Join(idsOf(byTest), ","); got != want {
		t.Errorf("paged by 2: %s\nin one page: %s", got, want)
	}
	asc := st.rankingOf(aid, "limit=500&sort=test:"+test+"&dir=asc")
	if asc.Dir != "asc" || scoreOf(asc.Ranking[0].Tests[0]) > scoreOf(asc.Ranking[len(asc.Ranking)-1].Tests[0]) {
		t.Errorf("dir=asc: %v … %v", scoreOf(asc.Ranking[0].Tests[0]), scoreOf(asc.Ranking[len(asc.Ranking)-1].Tests[0]))
	}
	// Names in Spanish alphabetical order, accents and case aside.
	byName := st.rankingOf(aid, "limit=500&sort=name")
	var names []string
	for _, r := range byName.Ranking {
		names = append(names, r.Name)
	}
	fold := strings.NewReplacer("Á", "A", "Ó", "O", "á", "a", "ó", "o")
	if !sort.SliceIsSorted(names, func(i, j int) bool {
		return strings.ToLower(fold.Replace(names[i])) < strings.ToLower(fold.Replace(names[j]))
	}) {
		t.Errorf("sort=name: %q", names)
	}
	if desc := st.rankingOf(aid, "limit=500&sort=name&dir=desc"); desc.Ranking[0].Name != names[len(names)-1] {
		t.Errorf("sort=name&dir=desc starts with %q, want %q", desc.Ranking[0].Name, names[len(names)-1])
	}
	// Standing filter.
	clear := st.rankingOf(aid, "limit=500&standing=clear")
	for _, r := range clear.Ranking {
		if r.Standing != "clear" {
			t.Errorf("standing=clear kept %s (%s)", r.Name, r.Standing)
		}
	}
	review := st.rankingOf(aid, "limit=500&standing=review")
	below := st.rankingOf(aid, "limit=500&standing=below")
	if clear.Total+review.Total+below.Total != len(inv) {
		t.Errorf("clear %d + review %d + below %d ≠ %d", clear.Total, review.Total, below.Total, len(inv))
	}
	// Field errors.
	for q, field := range map[string]string{"standing=soon": "standing", "sort=test:nope": "sort", "sort=height": "sort", "dir=up": "dir"} {
		r := st.call("GET", "/v1/assessments/"+aid+"/ranking?"+q, st.key, nil)
		if r.status != 400 || !strings.Contains(string(r.body), `"`+field+`"`) {
			t.Errorf("?%s: %d %s, want 400 on %s", q, r.status, r.body, field)
		}
	}
}

func idsOf(r rankingAnswer) []string {
	var out []string
	for _, x := range r.Ranking {
		out = append(out, x.CandidateID)
	}
	return out
}

// TestCompare: 2–4 candidates from one cohort view agree with the ranking; each pair
// says whether they can be told apart; wrong lists are field errors and another
// organisation's candidates are not found.
func TestCompare(t *testing.T) {
	clk := &clock{now: time.Now().UTC()}
	repo, _ := openBolt(t, clk.Now)
	st := newStackAt(t, repo, seedOrg(repo), clk)
	aid, inv := scoredCohort(t, st, clk, 5)
	ranking := st.rankingOf(aid, "limit=500")
	byID := map[string]int{}
	for i, r := range ranking.Ranking {
		byID[r.CandidateID] = i
	}
	ids := []string{inv[0].CandidateID, inv[3].CandidateID, inv[4].CandidateID}
	var cmp struct {
		Tests      []struct{ ID string }
		Scales     []struct{ ID, Name, Test string }
		Candidates []struct {
			CandidateID string
			Fit         struct{ Value float64 }
			Rank        struct{ Rank, RankLow, RankHigh, Tier int }
			Tests       []struct {
				Test  string
				Score *struct{ Value, SE float64 }
			}
			Scales map[string]struct {
				T     float64
				TBand struct{ Low, High float64 }
			}
		}
		Pairs []struct {
			A, B                                             string
			FitBandsOverlap, RankIntervalsOverlap, ToldApart bool
			SameGroup                                        bool
			Tests                                            []struct {
				Test              string
				Difference        *float64
				WithinUncertainty bool
			}
		}
	}
	st.must(st.call("GET", "/v1/assessments/"+aid+"/compare?lang=en&candidates="+strings.Join(ids, ","), st.key, nil), 200).decode(t, &cmp)
	if len(cmp.Candidates) != 3 || len(cmp.Pairs) != 3 || len(cmp.Scales) == 0 {
		t.Fatalf("%d candidates, %d pairs, %d scales", len(cmp.Candidates), len(cmp.Pairs), len(cmp.Scales))
	}
	for i, c := range cmp.Candidates {
		r := ranking.Ranking[byID[c.CandidateID]]
		if c.CandidateID != ids[i] || c.Fit.Value != r.Composite || c.Rank.Rank != r.Rank || c.Rank.RankLow != r.RankLow || c.Rank.Tier != r.Tier {
			t.Errorf("compare %s: fit %v place %d [%d–%d] tier %d; ranking %v place %d [%d–%d] tier %d", c.CandidateID, c.Fit.Value,
				c.Rank.Rank, c.Rank.RankLow, c.Rank.RankHigh, c.Rank.Tier, r.Composite, r.Rank, r.RankLow, r.RankHigh, r.Tier)
		}
		for _, sc := range cmp.Scales {
			s, ok := c.Scales[sc.ID]
			if ok && (s.TBand.Low > s.T || s.TBand.High < s.T) {
				t.Errorf("%s %s: T %v outside its band %+v", c.CandidateID, sc.ID, s.T, s.TBand)
			}
		}
	}
	for _, p := range cmp.Pairs {
		a, b := ranking.Ranking[byID[p.A]], ranking.Ranking[byID[p.B]]
		overlap := a.ReviewFirst == b.ReviewFirst && a.RankLow <= b.RankHigh && b.RankLow <= a.RankHigh
		if p.RankIntervalsOverlap != overlap || p.ToldApart != (!p.FitBandsOverlap && !overlap) {
			t.Errorf("pair %s–%s: %+v; intervals %d–%d and %d–%d", p.A, p.B, p, a.RankLow, a.RankHigh, b.RankLow, b.RankHigh)
		}
		for _, d := range p.Tests {
			if d.Difference == nil {
				continue
			}
			var sa, sb float64
			for k, ts := range a.Tests {
				if ts.Test == d.Test && ts.Score != nil && b.Tests[k].Score != nil {
					sa, sb = ts.Score.SE, b.Tests[k].Score.SE
				}
			}
			if want := math.Abs(*d.Difference) < 1.96*math.Hypot(sa, sb); d.WithinUncertainty != want {
				t.Errorf("pair %s–%s, %s: difference %v within %v", p.A, p.B, d.Test, *d.Difference, d.WithinUncertainty)
			}
		}
	}

	bad := map[string]string{
		"one":       ids[0],
		"five":      strings.Join([]string{ids[0], ids[1], ids[2], inv[1].CandidateID, inv[2].CandidateID}, ","),
		"twice":     ids[0] + "," + ids[0],
		"malformed": ids[0] + ",not an id!",
	}
	for what, list := range bad {
		r := st.call("GET", "/v1/assessments/"+aid+"/compare?candidates="+url.QueryEscape(list), st.key, nil)
		if r.status != 400 || !strings.Contains(string(r.body), `"candidates"`) {
			t.Errorf("%s: %d %s, want 400 on candidates", what, r.status, r.body)
		}
	}
	if r := st.call("GET", "/v1/assessments/"+aid+"/compare", st.key, nil); r.status != 400 {
		t.Errorf("no candidates: %d", r.status)
	}
	// A candidate of the organisation who is not in this assessment: a field error.
	other := st.createAssessment("ecommerce-customer-support")
	elsewhere := st.invite(other, "Fuera Deaquí")[0].CandidateID
	if r := st.call("GET", "/v1/assessments/"+aid+"/compare?candidates="+ids[0]+","+elsewhere, st.key, nil); r.status != 400 {
		t.Errorf("a candidate of another assessment: %d %s", r.status, r.body)
	}
	// Another organisation's candidates are not found, like everywhere.
	_, otherKey := seedOrg(repo)(t, "Otra")
	theirs := st.createAssessmentWith(otherKey, "ecommerce-customer-support")
	if r := st.call("GET", "/v1/assessments/"+theirs+"/compare?candidates="+ids[0]+","+ids[1], otherKey, nil); r.status != 404 {
		t.Errorf("another organisation's candidates: %d %s", r.status, r.body)
	}
	if r := st.call("GET", "/v1/assessments/"+aid+"/compare?candidates="+ids[0]+","+ids[1], otherKey, nil); r.status != 404 {
		t.Errorf("another organisation's assessment: %d %s", r.status, r.body)
	}
}

// TestCSVAgreesWithTheConsole: for every candidate, the cohort CSV's role fit and each
// scale column are the T the API gives the console (50 + 10·z, one decimal).
func TestCSVAgreesWithTheConsole(t *testing.T) {
	clk := &clock{now: time.Now().UTC()}
	repo, _ := openBolt(t, clk.Now)
	st := newStackAt(t, repo, seedOrg(repo), clk)
	aid, inv := scoredCohort(t, st, clk, 4)
	ranking := st.rankingOf(aid, "limit=500&lang=es")
	header, rows := st.cohortCSVTable(aid)
	var ids []string
	for _, r := range inv {
		ids = append(ids, r.CandidateID)
	}
	var cmp struct {
		Scales     []struct{ ID, Name string }
		Candidates []struct {
			CandidateID, Name string
			Scales            map[string]struct{ T float64 }
		}
	}
	st.must(st.call("GET", "/v1/assessments/"+aid+"/compare?lang=es&candidates="+strings.Join(ids[:4], ","), st.key, nil), 200).decode(t, &cmp)
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	t1 := func(x float64) string { return strings.Replace(fmt.Sprintf("%.1f", x), ".", ",", 1) }
	checked := 0
	for _, r := range ranking.Ranking {
		row, ok := rows[r.Name]
		if !ok {
			t.Fatalf("%s is not in the CSV", r.Name)
		}
		if row[4] != t1(50+10*r.Composite) {
			t.Errorf("%s: CSV fit %s, console T %s", r.Name, row[4], t1(50+10*r.Composite))
		}
		for _, c := range cmp.Candidates {
			if c.CandidateID != r.CandidateID {
				continue
			}
			for _, sc := range cmp.Scales {
				s, ok := c.Scales[sc.ID]
				if !ok {
					continue
				}
				i := -1
				for h, k := range col {
					if strings.HasPrefix(h, sc.Name+" (T") {
						i = k
					}
				}
				if i < 0 {
					t.Fatalf("no CSV column for %s in %q", sc.Name, header)
				}
				if row[i] != t1(s.T) {
					t.Errorf("%s, %s: CSV %s, console T %s", r.Name, sc.Name, row[i], t1(s.T))
				}
				checked++
			}
		}
	}
	if checked == 0 {
		t.Fatal("no scale compared")
	}
}

// cohortCSVTable requests the cohort report and reads its CSV: the header and the rows
// by candidate name.
func (st *stack) cohortCSVTable(aid string) ([]string, map[string][]string) {
	st.t.Helper()
	st.must(st.call("POST", "/v1/assessments/"+aid+"/reports", st.key, nil), 201)
	var all struct {
		Reports []struct{ ReportID, Format, Kind string }
	}
	st.must(st.call("GET", "/v1/assessments/"+aid+"/reports", st.key, nil), 200).decode(st.t, &all)
	for _, rep := range all.Reports {
		if rep.Kind != "cohort" || rep.Format != "csv" {
			continue
		}
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(st.fetchReport(rep.ReportID)), "\ufeff")))
		r.Comma = ';' // the assessment is in Spanish
		recs, err := r.ReadAll()
		if err != nil {
			st.t.Fatal(err)
		}
		out := map[string][]string{}
		for _, rec := range recs[1:] {
			out[rec[2]] = rec
		}
		return recs[0], out
	}
	st.t.Fatal("no cohort CSV")
	return nil, nil
}
