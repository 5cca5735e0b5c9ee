package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"shortlist/shared/app"
	"shortlist/shared/assess"
	"shortlist/shared/catalog"
)

// These tests hold the generator to its own description (model.go): who is in the cohort,
// and what each kind of respondent sends. They say nothing about how the engine scores;
// the figures `go run ./scripts/simulate` prints do that.

// testPlan is a seed role's assessment with the added tests, as the server would freeze it.
func testPlan(t *testing.T, cat *catalog.Catalog, role string, ri int) *plan {
	t.Helper()
	cfg, err := assess.BuildConfig(cat, assess.Spec{RoleID: role, Add: addedTests})
	if err != nil {
		t.Fatal(err)
	}
	var secs []assessmentSection
	for _, s := range cfg.Sections {
		secs = append(secs, assessmentSection{Instrument: s.Instrument, Hash: s.Hash, Kind: s.Kind, Weight: s.Weight, TimeLimitSeconds: s.TimeLimitSeconds})
	}
	p, err := newPlan(cat, role, secs, rand.New(rand.NewPCG(1, uint64(ri)+1)))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func catalogOf(t *testing.T) *catalog.Catalog {
	t.Helper()
	cat, err := app.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// keyedLikert returns a person's keyed Likert answers (reverse keys applied) per scale.
func keyedLikert(p *plan, ps *person) map[string][]int {
	out := map[string][]int{}
	for _, s := range p.scales {
		if s.kind != kindLikert {
			continue
		}
		for _, it := range s.graded {
			var v int
			_ = json.Unmarshal(ps.answers[s.section][it.id].Value, &v)
			if it.key < 0 {
				v = 6 - v
			}
			out[s.id] = append(out[s.id], v)
		}
	}
	return out
}

func TestGeneratorCohort(t *testing.T) {
	cat := catalogOf(t)
	for ri, role := range seedRoles {
		t.Run(role, func(t *testing.T) {
			p := testPlan(t, cat, role, ri)
			// Every scored kind of the mix is modelled, the heaviest section is the
			// largest weight, and a timed part exists for the time-outs.
			kinds := map[string]bool{}
			for _, s := range p.scales {
				kinds[s.kind] = true
			}
			for _, k := range []string{kindLikert, kindCognitive, kindSJT} {
				if !kinds[k] {
					t.Errorf("no %s scale modelled", k)
				}
			}
			if role == "sales-back-office" && !kinds[kindWork] {
				t.Error("the data-validation work sample is not modelled")
			}
			for i, w := range p.weights {
				if w > p.weights[p.heaviest] {
					t.Errorf("section %d weighs %.3f, more than the skipped section's %.3f", i+1, w, p.weights[p.heaviest])
				}
			}
			if len(p.timedSecs) == 0 {
				t.Fatal("no timed part: time-outs cannot happen")
			}
			// Each scale is placed at its reference norm: θ = 0 expects the norm's mean.
			for _, s := range p.scales {
				zero := &person{theta: map[string]float64{s.id: 0}}
				if got := s.trueScore(zero); math.Abs(got-s.refMean) > 0.01 {
					t.Errorf("%s: true score at θ = 0 is %.3f, the reference mean %.3f", s.id, got, s.refMean)
				}
			}

			for _, n := range []int{40, 150} {
				people, arrival, err := p.cohort(1, ri, n, 0.2, 0.03, personalityRho)
				if err != nil {
					t.Fatal(err)
				}
				counts := map[string]int{}
				for _, ps := range people {
					counts[ps.typ]++
				}
				// The shares of the brief, to the nearest whole candidate.
				for typ, want := range map[string]float64{random: 0.05, straight: 0.05, faker: 0.05, timeout: 0.05, skipper: 0.03} {
					if d := math.Abs(float64(counts[typ]) - want*float64(n)); d > 1 {
						t.Errorf("n %d: %d %s, want %.1f ± 1", n, counts[typ], typ, want*float64(n))
					}
				}
				if c := n - counts[honest]; math.Abs(float64(c)-0.23*float64(n)) > 2 {
					t.Errorf("n %d: %d not honest, want 23%%", n, c)
				}
				perm := slices.Clone(arrival)
				slices.Sort(perm)
				for i, x := range perm {
					if x != i {
						t.Fatalf("arrival is not a permutation of the candidates: %v", arrival)
					}
				}
				if slices.IsSorted(arrival) {
					t.Error("arrival is in invitation order, not random")
				}
				checkPeople(t, p, people, ri)
			}
		})
	}
}

// checkPeople checks what each respondent type sends.
func checkPeople(t *testing.T, p *plan, people []*person, ri int) {
	t.Helper()
	r := rand.New(rand.NewPCG(9, 9))
	for _, ps := range people {
		for si, inst := range p.sections {
			// The server may show items in any order: a shuffled order must work.
			ids := make([]string, 0, len(inst.Items))
			for _, it := range inst.Items {
				ids = append(ids, it.ID)
			}
			r.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
			sent, err := ps.send(si, ids)
			if err != nil {
				t.Fatal(err)
			}
			for k, a := range sent {
				if a.Item != ids[k] {
					t.Fatalf("%s: answer %d is for %s, shown %s", ps.typ, k, a.Item, ids[k])
				}
			}
			checkValues(t, inst, sent)
			full := len(sent) == len(ids)
			switch {
			case ps.typ == skipper && si == p.heaviest:
				if len(sent) != 0 {
					t.Errorf("skipper %d sends %d answers in the section it skips", ps.index+1, len(sent))
				}
			case ps.typ == timeout && ps.reach[si] >= 0:
				// Trailing gap: the first k shown items are answered, none after.
				k := ps.reach[si]
				if !slices.Contains(p.timedSecs, si) {
					t.Errorf("time-out %d stops in untimed section %s", ps.index+1, inst.ID)
				}
				if f := float64(k) / float64(len(ids)); len(sent) != k || f < 0.3-1.0/float64(len(ids)) || f > 0.7 {
					t.Errorf("time-out %d sends %d of %d items (reach %d), want the first 30–70%%", ps.index+1, len(sent), len(ids), k)
				}
			case !full:
				t.Errorf("%s %d sends %d of %d items of %s", ps.typ, ps.index+1, len(sent), len(ids), inst.ID)
			}
		}
		if ps.typ == timeout {
			stopped := 0
			for _, k := range ps.reach {
				if k >= 0 {
					stopped++
				}
			}
			if stopped != 1 {
				t.Errorf("time-out %d stops %d parts, want 1", ps.index+1, stopped)
			}
		}
	}

	// Skippers copy an honest twin: same traits, same answers everywhere else.
	for _, ps := range people {
		if ps.typ != skipper {
			continue
		}
		tw := people[ps.twin]
		if tw.typ != honest {
			t.Errorf("skipper %d copies a %s", ps.index+1, tw.typ)
		}
		for id, th := range tw.theta {
			if ps.theta[id] != th {
				t.Errorf("skipper %d and twin differ on %s", ps.index+1, id)
			}
		}
		for si := range p.sections {
			if si != p.heaviest && ps.reach[si] != tw.reach[si] {
				t.Errorf("skipper %d and twin differ in section %d", ps.index+1, si+1)
			}
		}
	}

	// Fakers: the desirable end of every Likert item, reverse-keyed and impression
	// management included; honest elsewhere (the same answers as their honest self).
	for _, ps := range people {
		keyed := keyedLikert(p, ps)
		switch ps.typ {
		case faker:
			var all []int
			for scale, xs := range keyed {
				for _, x := range xs {
					if x < 3 {
						t.Errorf("faker %d: keyed answer %d on %s", ps.index+1, x, scale)
					}
				}
				all = append(all, xs...)
			}
			if m := meanInt(all); m < 4.3 {
				t.Errorf("faker %d: mean keyed Likert answer %.2f, want the desirable end", ps.index+1, m)
			}
			self := p.newPerson(1, ri, ps.index, honest, personalityRho)
			for si, inst := range p.sections {
				if inst.Kind == catalog.Likert || inst.Kind == catalog.ForcedChoice {
					continue
				}
				for id, a := range self.answers[si] {
					if !bytes.Equal(a.Value, ps.answers[si][id].Value) {
						t.Errorf("faker %d answers %s of %s unlike their honest self", ps.index+1, id, inst.ID)
					}
				}
			}
		case straight:
			var vals []int
			for si, inst := range p.sections {
				if inst.Kind != catalog.Likert {
					continue
				}
				for _, a := range ps.answers[si] {
					var v int
					_ = json.Unmarshal(a.Value, &v)
					vals = append(vals, v)
					if a.MS > 2000 {
						t.Errorf("straight-liner %d takes %d ms on a statement", ps.index+1, a.MS)
					}
				}
			}
			if slices.Min(vals) != slices.Max(vals) {
				t.Errorf("straight-liner %d gives different Likert answers", ps.index+1)
			}
		case random:
			for si := range p.sections {
				for _, a := range ps.answers[si] {
					if a.MS > 15000 {
						t.Errorf("careless %d takes %d ms on an item", ps.index+1, a.MS)
					}
				}
			}
		}
	}

	// Honest answers follow the traits: keyed Likert means rank with θ.
	for _, s := range p.scales {
		if s.kind != kindLikert || s.caution {
			continue
		}
		var th, m []float64
		for _, ps := range people {
			if ps.typ == honest {
				th = append(th, ps.theta[s.id])
				m = append(m, meanInt(keyedLikert(p, ps)[s.id]))
			}
		}
		if rho := spearman(th, m); len(th) >= 100 && rho < 0.7 {
			t.Errorf("%s: honest Spearman(θ, mean keyed answer) %.2f", s.id, rho)
		}
	}
}

// checkValues checks that each answer has its kind's shape and range (the candidate API's
// contract, by catalog item id and catalog option index).
func checkValues(t *testing.T, inst *catalog.Instrument, sent []answer) {
	t.Helper()
	items := map[string]catalog.Item{}
	for _, it := range inst.Items {
		items[it.ID] = it
	}
	for _, a := range sent {
		it := items[a.Item]
		bad := func() { t.Errorf("%s %s: value %s", inst.ID, a.Item, a.Value) }
		switch inst.Kind {
		case catalog.Likert:
			var v int
			if json.Unmarshal(a.Value, &v) != nil || v < 1 || v > 5 {
				bad()
			}
		case catalog.MultipleChoice:
			var v int
			if json.Unmarshal(a.Value, &v) != nil || v < 0 || v >= len(it.Options) {
				bad()
			}
		case catalog.SJT:
			var v struct{ Best, Worst int }
			if json.Unmarshal(a.Value, &v) != nil || v.Best == v.Worst || v.Best < 0 || v.Worst < 0 || v.Best >= len(it.Options) || v.Worst >= len(it.Options) {
				bad()
			}
		case catalog.ForcedChoice:
			var v struct{ Most, Least int }
			if json.Unmarshal(a.Value, &v) != nil || v.Most == v.Least || v.Most >= len(it.Descriptors) || v.Least >= len(it.Descriptors) {
				bad()
			}
		case catalog.DataValidation:
			var v dvValue
			if json.Unmarshal(a.Value, &v) != nil {
				bad()
			}
			for cell := range v.Cells {
				if cellValue(it.Task, cell) == "" {
					t.Errorf("%s %s: cell %q is not in the sheet", inst.ID, a.Item, cell)
				}
			}
		}
		if a.MS <= 0 {
			t.Errorf("%s %s: %d ms", inst.ID, a.Item, a.MS)
		}
	}
}

func meanInt(xs []int) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := 0
	for _, x := range xs {
		s += x
	}
	return float64(s) / float64(len(xs))
}

// TestDataValidationModel: the work-sample person finds more with more skill, types some
// values wrong, flags few right cells, and the expected score rises with θ.
func TestDataValidationModel(t *testing.T) {
	cat := catalogOf(t)
	p := testPlan(t, cat, "sales-back-office", 0)
	var s *scaleModel
	for _, x := range p.scales {
		if len(x.dv) > 0 {
			s = x
		}
	}
	if s == nil {
		t.Fatal("no data-validation scale")
	}
	r := rand.New(rand.NewPCG(3, 3))
	found := func(theta float64) (right, typedWrong, falseFlags int) {
		for range 50 {
			for _, task := range s.dv {
				v := s.dvAnswer(r, task, theta)
				for cell, val := range v.Cells {
					want, isErr := task.task.Errors[cell]
					switch {
					case !isErr:
						falseFlags++
						if val == cellValue(task.task, cell) {
							t.Errorf("a false flag keeps the cell's value %q", val)
						}
					case val == want:
						right++
					default:
						typedWrong++
					}
				}
			}
		}
		return
	}
	lo, loTypo, loFalse := found(-1.5)
	hi, hiTypo, hiFalse := found(1.5)
	if lo >= hi {
		t.Errorf("cells found and typed right: %d at θ = −1.5, %d at θ = 1.5", lo, hi)
	}
	if loTypo == 0 || hiTypo == 0 || loFalse <= hiFalse {
		t.Errorf("typos %d/%d and false flags %d/%d (θ −1.5/1.5): the model should make both, fewer with skill", loTypo, hiTypo, loFalse, hiFalse)
	}
	if a, b := s.dvTrue(-1), s.dvTrue(1); !(a < b) {
		t.Errorf("expected score %.3f at θ = −1, %.3f at θ = 1", a, b)
	}
}

// TestParsing: the current API shape parses with nothing missing; the shape before it is
// read through its equivalents and every absent field is named.
func TestParsing(t *testing.T) {
	newShape := `{"assessmentId":"a","asOf":"2025-01-01T00:00:00Z","total":2,"topK":10,"next":"",
	  "ranking":[{"rank":1,"rankLow":1,"rankHigh":2,"pTop":0.9,"candidateId":"c1","name":"x","composite":0.5,"se":0.2,
	   "band":{"low":0.1,"high":0.9},"abilityComposite":{"value":0.3,"se":0.2},"cautions":["longstring"],"reviewFirst":true,
	   "belowMinimum":[],"decision":null}]}`
	v := &apiView{}
	miss := presence{}
	if _, err := parseRanking([]byte(newShape), v, miss); err != nil {
		t.Fatal(err)
	}
	if len(miss) > 0 || len(v.Rows) != 1 || !v.Rows[0].HasInterval || !v.Rows[0].ReviewFirst || v.Rows[0].Ability == nil ||
		!slices.Equal(v.Rows[0].Cautions, []string{"longstring"}) || v.Rows[0].Band.High != 0.9 {
		t.Errorf("new ranking: missing %v, rows %+v", miss.list(), v.Rows)
	}
	newDetail := `{"status":"scored","scales":{"s":{"raw":3.2,"z":0.1,"t":51,"percentile":55,"se":0.3,"band":{"low":2.9,"high":3.5},
	  "answered":10,"items":10,"metric":"mean-1-5"}},"cautions":[{"code":"too_fast","value":0.3,"threshold":0.25,"serious":false,"message":"m"}]}`
	var mu sync.Mutex
	d, err := parseDetail([]byte(newDetail), miss, &mu)
	if err != nil {
		t.Fatal(err)
	}
	if len(miss) > 0 || d.Scales["s"].Band.Low != 2.9 || d.Scales["s"].Items != 10 || len(d.Cautions) != 1 || d.Cautions[0].Serious {
		t.Errorf("new detail: missing %v, %+v", miss.list(), d)
	}

	nested := strings.Replace(strings.Replace(newShape, `"asOf":"2025-01-01T00:00:00Z",`, "", 1), `"topK":10,`,
		`"cohort":{"asOf":"2025-01-01T00:00:00Z","n":2,"topK":10,"norms":[]},`, 1)
	v, miss = &apiView{}, presence{}
	if _, err := parseRanking([]byte(nested), v, miss); err != nil {
		t.Fatal(err)
	}
	if len(miss) > 0 || v.AsOf == "" || v.TopK != 10 {
		t.Errorf("asOf and topK in the cohort label: missing %v, asOf %q, topK %d", miss.list(), v.AsOf, v.TopK)
	}

	oldShape := `{"assessmentId":"a","ranking":[{"rank":1,"tieGroup":1,"tiedWith":[],"candidateId":"c1","name":"x",
	  "composite":0.5,"se":0.2,"band":{"Low":0.1,"High":0.9},"belowMinimum":[],"cautions":1}]}`
	v, miss = &apiView{}, presence{}
	if _, err := parseRanking([]byte(oldShape), v, miss); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"ranking.asOf", "ranking.next", "ranking[].rankLow", "ranking[].reviewFirst", "ranking[].abilityComposite"} {
		if !miss[want] {
			t.Errorf("old ranking: %s not reported missing (%v)", want, miss.list())
		}
	}
	if v.Rows[0].Band.High != 0.9 || v.Rows[0].Cautions != nil {
		t.Errorf("old ranking row %+v", v.Rows[0])
	}
	oldDetail := `{"status":"scored","cohort":{"scales":{"s":{"raw":3.2,"band":{"Low":2.9,"High":3.5},"answered":10}}},
	  "scores":{"sections":[{"scales":[{"scale":"s","items":10,"metric":"mean-1-5"}]}]},
	  "cautions":[{"code":"longstring","value":12,"threshold":10,"message":"m"}]}`
	d, err = parseDetail([]byte(oldDetail), miss, &mu)
	if err != nil {
		t.Fatal(err)
	}
	if !miss["detail.scales"] || !miss["detail.cautions[].serious"] {
		t.Errorf("old detail: missing %v", miss.list())
	}
	if d.Scales["s"].Band.High != 3.5 || d.Scales["s"].Items != 10 || !d.Cautions[0].Serious {
		t.Errorf("old detail read as %+v", d)
	}
}

// TestSimulationRuns drives a small cohort of both seed roles through the API in process
// and checks only that the run completes and reads every candidate back; what the engine
// makes of them is the command's report, not this test's.
func TestSimulationRuns(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	srv, err := startLocal(ctx, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	o := defaultOptions()
	o.N = 40
	defer func(n int) { rankingPage = n }(rankingPage)
	rankingPage = 16 // three pages a role: the cursor is followed
	o.URL, o.Key, o.ScoringErr = srv.URL, srv.Key, srv.ScoringErr
	rep, err := simulateRun(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	rep.Print(&buf)
	t.Log(buf.String())
	if len(rep.Roles) != 2 {
		t.Fatalf("%d roles reported", len(rep.Roles))
	}
	for _, f := range rep.Roles {
		want := contaminationMix(o.N, o.Contaminate, o.Skip, true)
		for typ, n := range want {
			if f.Counts[typ] != n {
				t.Errorf("%s: %d %s, want %d", f.Role, f.Counts[typ], typ, n)
			}
		}
		if _, err := json.Marshal(rep); err != nil {
			t.Errorf("the report does not encode as JSON: %v", err)
		}
	}
	if !strings.Contains(buf.String(), "Targets (ranking validity") {
		t.Error("the report prints no targets")
	}
}

// TestRunFlags covers the command line without starting anything.
func TestRunFlags(t *testing.T) {
	env := func(string) string { return "" }
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-n", "10"}, "at least 30"},
		{[]string{"-batch", "0"}, "-batch 0"},
		{[]string{"-concurrency", "0"}, "-concurrency 0"},
		{[]string{"-rho", "1"}, "-rho 1"},
		{[]string{"-contaminate", "0.9"}, "-contaminate 0.9"},
		{[]string{"-skip", "-0.1"}, "-skip -0.1"},
		{[]string{"-role", ""}, "no role"},
		{[]string{"-url", "http://127.0.0.1:1"}, "needs -key"},
		{[]string{"extra"}, "unexpected arguments"},
		{[]string{"-nope"}, "not defined"},
	} {
		var out bytes.Buffer
		err := run(context.Background(), tc.args, env, &out)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("run %q: error %v, want one mentioning %q", tc.args, err, tc.want)
		}
	}
}
