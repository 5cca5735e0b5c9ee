package scoring

import (
	"fmt"
	"math"
	"reflect"
	"testing"
)

func near(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if math.IsNaN(got) || math.Abs(got-want) > tol {
		t.Errorf("%s = %.6f, want %.6f (±%g)", name, got, want, tol)
	}
}

func ptr[T any](v T) *T { return &v }

func TestReverse(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		r       LikertRange
		x, want int
	}{
		{FivePoint, 1, 5}, {FivePoint, 2, 4}, {FivePoint, 3, 3}, {FivePoint, 5, 1},
		{LikertRange{0, 6}, 1, 5}, // x′ = (0+6) − 1
	} {
		if got := tc.r.Reverse(tc.x); got != tc.want {
			t.Errorf("Reverse(%d) on %v = %d, want %d", tc.x, tc.r, got, tc.want)
		}
	}
}

func TestScoreLikert(t *testing.T) {
	t.Parallel()
	items := []LikertItem{
		{ID: "a", Scale: "S", Key: 1},
		{ID: "b", Scale: "S", Key: -1},
		{ID: "c", Scale: "S", Key: 1},
		{ID: "d", Scale: "T", Key: -1},
		{ID: "e", Scale: "T", Key: 1},
		{ID: "a", Scale: "S", Key: 1}, // duplicated id: counted once
	}
	for _, tc := range []struct {
		name    string
		answers map[string]int
		want    []ScaleScore
	}{
		{
			// S: a=4, b=2→(1+5)−2=4, c missing → mean 4 over 2 answered.
			// T: d=5→1; e=7 is out of range and ignored.
			name:    "keys, missing and invalid",
			answers: map[string]int{"a": 4, "b": 2, "d": 5, "e": 7, "zzz": 3},
			want: []ScaleScore{
				{Scale: "S", Score: 4, Answered: 2, Items: 3},
				{Scale: "T", Score: 1, Answered: 1, Items: 2, Invalid: 1},
			},
		},
		{
			// S: (5 + (6−1) + 3)/3 = 13/3.
			name:    "all answered",
			answers: map[string]int{"a": 5, "b": 1, "c": 3, "d": 2, "e": 2},
			want: []ScaleScore{
				{Scale: "S", Score: 13.0 / 3, Answered: 3, Items: 3},
				{Scale: "T", Score: 3, Answered: 2, Items: 2},
			},
		},
		{
			name:    "nothing answered",
			answers: nil,
			want:    []ScaleScore{{Scale: "S", Items: 3}, {Scale: "T", Items: 2}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ScoreLikert(items, tc.answers, FivePoint)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestStandardize(t *testing.T) {
	t.Parallel()
	ref := Norm{Source: Reference, Mean: 50, SD: 10, N: 500}
	for _, tc := range []struct {
		name string
		x    float64
		n    Norm
		want Standard
	}{
		// z = 1.5; T = 65; sten = round(5.5+3) = round(8.5) = 9; pct = 100·Φ(1.5).
		{"above", 65, ref, Standard{Raw: 65, Z: 1.5, T: 65, Sten: 9, Percentile: 93.3193, Norm: Reference, Defined: true}},
		// z = 0 sits on the 5/6 boundary: round(5.5) = 6.
		{"mean", 50, ref, Standard{Raw: 50, Z: 0, T: 50, Sten: 6, Percentile: 50, Norm: Reference, Defined: true}},
		// z = −3 → round(−0.5) = −1 → clamped to 1.
		{"floor", 20, ref, Standard{Raw: 20, Z: -3, T: 20, Sten: 1, Percentile: 0.1350, Norm: Reference, Defined: true}},
		// z = 2.5 → 10.5 → 11 → clamped to 10.
		{"ceiling", 75, ref, Standard{Raw: 75, Z: 2.5, T: 75, Sten: 10, Percentile: 99.3790, Norm: Reference, Defined: true}},
		// Local: mean 3, SD 1; x = 4 → z 1, T 60, sten round(7.5) = 8; percentile counted
		// in the sample [2,3,3,4,4,5]: below 3, equal 2 → 100·(3+1)/6.
		{"local", 4, Norm{Source: Local, Mean: 3, SD: 1, N: 6, Sample: []float64{2, 3, 3, 4, 4, 5}},
			Standard{Raw: 4, Z: 1, T: 60, Sten: 8, Percentile: 200.0 / 3, Norm: Local, Defined: true}},
		{"no sd", 4, Norm{Mean: 3}, Standard{Raw: 4, T: 50, Sten: 6, Percentile: 50, Norm: Reference}},
		{"nan", math.NaN(), ref, Standard{T: 50, Sten: 6, Percentile: 50, Norm: Reference}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Standardize(tc.x, tc.n)
			near(t, "Z", got.Z, tc.want.Z, 1e-9)
			near(t, "T", got.T, tc.want.T, 1e-9)
			near(t, "Percentile", got.Percentile, tc.want.Percentile, 1e-4)
			if got.Sten != tc.want.Sten || got.Norm != tc.want.Norm || got.Defined != tc.want.Defined || got.Raw != tc.want.Raw {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestPercentileRank(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		x      float64
		sample []float64
		want   float64
	}{
		{3, []float64{1, 2, 3, 3, 4}, 60},    // 100·(2 + ½·2)/5
		{0, []float64{1, 2, 3}, 0},           // below everyone
		{9, []float64{1, 2, 3}, 100},         // above everyone
		{2, []float64{2, 2, 2, 2}, 50},       // all equal
		{2, []float64{1, math.NaN(), 3}, 50}, // NaN ignored: 100·1/2
		{2, nil, 50},                         // no sample: the middle, not NaN
	} {
		near(t, "PercentileRank", PercentileRank(tc.x, tc.sample), tc.want, 1e-9)
	}
}

func TestChooseNorm(t *testing.T) {
	t.Parallel()
	ref := Norm{Mean: 3.2, SD: 0.6, N: 400}
	sample := func(n int) []float64 {
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = float64(i%5 + 1) // 1..5 repeating
		}
		return xs
	}
	for _, tc := range []struct {
		name  string
		local []float64
		want  NormSource
		n     int
	}{
		{"none", nil, Reference, 400},
		{"29 is too few", sample(29), Reference, 400},
		{"30 is enough", sample(30), Local, 30},
		{"30 without spread", make([]float64, 30), Reference, 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ChooseNorm(ref, tc.local)
			if got.Source != tc.want || got.N != tc.n {
				t.Errorf("got %s N=%d, want %s N=%d", got.Source, got.N, tc.want, tc.n)
			}
			if got.Source == Local {
				near(t, "local mean", got.Mean, 3, 1e-12) // 6 × (1+2+3+4+5)/30
			}
		})
	}
}

// The hand-computed reliability case: 4 people × 3 items.
//
//	item variances (n−1): 5/3, 4/3, 2/3 → Σ = 11/3; totals 5, 7, 10, 12 → σₓ² = 29/3
//	α = 3/2·(1 − 11/29) = 27/29
//	scale (mean) SD = √(29/3)/3; SEM = SD·√(2/29) = √(2/3)/3
//	r.drop item 1: cor((1,2,3,4), (4,5,7,8)) = 7/√50; item 3: cor((2,3,3,4), (3,4,7,8)) = 5/√34
var handMatrix = [][]float64{
	{1, 2, 2},
	{2, 2, 3},
	{3, 4, 3},
	{4, 4, 4},
}

func TestScaleReliability(t *testing.T) {
	t.Parallel()
	rel := ScaleReliability([]string{"i1", "i2", "i3"}, handMatrix)
	if !rel.Defined || rel.K != 3 || rel.N != 4 {
		t.Fatalf("got %+v", rel)
	}
	near(t, "alpha", rel.Alpha, 27.0/29, 1e-12)
	near(t, "SD", rel.SD, math.Sqrt(29.0/3)/3, 1e-12)
	near(t, "SEM", rel.SEM, math.Sqrt(2.0/3)/3, 1e-12)
	near(t, "mean", rel.Mean, 34.0/12, 1e-12)
	near(t, "r.drop i1", rel.Items[0].RDrop, 7/math.Sqrt(50), 1e-12)
	near(t, "r.drop i3", rel.Items[2].RDrop, 5/math.Sqrt(34), 1e-12)
	// Without item 3: items 1 and 2, variances 5/3 + 4/3 = 3, totals 3,4,7,8 → 17/3;
	// α = 2·(1 − 9/17) = 16/17.
	near(t, "alpha if i3 dropped", rel.Items[2].AlphaIfDropped, 16.0/17, 1e-12)
	if rel.Items[0].Item != "i1" || rel.Items[0].Flag {
		t.Errorf("item 1: %+v", rel.Items[0])
	}

	// A row with a missing cell is dropped (complete cases).
	withMissing := append([][]float64{{5, math.NaN(), 1}}, handMatrix...)
	if got := ScaleReliability(nil, withMissing); got.N != 4 || math.Abs(got.Alpha-27.0/29) > 1e-12 {
		t.Errorf("missing row not dropped: %+v", got)
	}
}

func TestScaleReliabilityUndefined(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		rows [][]float64
	}{
		{"no rows", nil},
		{"one row", [][]float64{{1, 2, 3}}},
		{"one item", [][]float64{{1}, {2}, {3}}},
		{"no variance", [][]float64{{3, 3}, {3, 3}, {3, 3}}},
		{"all missing", [][]float64{{math.NaN(), 1}, {2, math.NaN()}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rel := ScaleReliability(nil, tc.rows)
			if rel.Defined || rel.Alpha != 0 || rel.SEM != 0 {
				t.Errorf("got %+v, want undefined zeros", rel)
			}
		})
	}
}

func TestSEMAndBand(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		sd, alpha, want float64
	}{
		{10, 0.91, 3},    // 10·√0.09
		{0.8, 0.75, 0.4}, // 0.8·√0.25
		{1, -0.5, 1},     // negative α clamped to 0
		{1, 1.2, 0},      // α above 1 clamped
	} {
		near(t, "SEM", SEM(tc.sd, tc.alpha), tc.want, 1e-12)
	}
	b := Band95(3.5, 0.25) // 3.5 ± 0.49
	near(t, "low", b.Low, 3.01, 1e-12)
	near(t, "high", b.High, 3.99, 1e-12)
}

func TestChoiceItemStats(t *testing.T) {
	t.Parallel()
	// 5 people × 3 items. Item 1 facility 4/5; item 3 is answered right only by the
	// people who miss the others, so its discrimination is negative and flagged.
	rows := [][]float64{
		{1, 1, 0},
		{1, 1, 0},
		{1, 0, 0},
		{1, 0, 1},
		{0, 0, 1},
	}
	st := ChoiceItemStats([]string{"q1", "q2", "q3"}, rows)
	near(t, "facility q1", st[0].Facility, 0.8, 1e-12)
	near(t, "facility q2", st[1].Facility, 0.4, 1e-12)
	// q2 vs rest (q1+q3 = 1,1,1,2,1): dev of q2 .6,.6,−.4,−.4,−.4; rest mean 1.2,
	// dev −.2,−.2,−.2,.8,−.2 → sxy = −.12−.12+.08−.32+.08 = −.4; sxx = 1.2; syy = .8.
	near(t, "discrimination q2", st[1].Discrimination, -0.4/math.Sqrt(1.2*0.8), 1e-12)
	if !st[2].Flag || st[2].Discrimination >= 0 || st[0].N != 5 {
		t.Errorf("q3 should be flagged: %+v", st[2])
	}
}

func TestP2PLAndInformation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		theta, a, b, p, info float64
	}{
		{0, 1, 0, 0.5, 0.25}, // at θ = b, P = ½ and I = a²/4
		{1, 2, 1, 0.5, 1},    // a = 2: I = 4·¼
		{1, 1, 0, 1 / (1 + math.Exp(-1)), 0.196611933241481}, // e/(1+e)² for I
		{-2, 1.5, 0, 1 / (1 + math.Exp(3)), 2.25 * 0.045176659730912},
	} {
		near(t, "P", P2PL(tc.theta, tc.a, tc.b), tc.p, 1e-12)
		near(t, "I", Information(tc.theta, tc.a, tc.b), tc.info, 1e-12)
	}
}

// eapByIntegration is an independent check of EAP: a trapezoid integral over [−4, 4]
// with 8001 points, computed without logs.
func eapByIntegration(items []Scored2PL) (float64, float64) {
	const n = 8001
	var w0, w1, w2 float64
	for q := range n {
		th := -4 + 8*float64(q)/(n-1)
		w := math.Exp(-th * th / 2)
		for _, it := range items {
			p := 1 / (1 + math.Exp(-it.A*(th-it.B)))
			if it.Correct {
				w *= p
			} else {
				w *= 1 - p
			}
		}
		if q == 0 || q == n-1 {
			w /= 2
		}
		w0 += w
		w1 += w * th
		w2 += w * th * th
	}
	m := w1 / w0
	return m, math.Sqrt(w2/w0 - m*m)
}

func TestEAP(t *testing.T) {
	t.Parallel()
	mixed := []Scored2PL{
		{A: 1.2, B: -1, Correct: true},
		{A: 0.8, B: 0, Correct: true},
		{A: 1.5, B: 0.5, Correct: false},
		{A: 1.0, B: 1.2, Correct: true},
		{A: 2.0, B: 1.5, Correct: false},
	}
	allRight := []Scored2PL{{A: 1, B: 0, Correct: true}, {A: 1.5, B: 1, Correct: true}, {A: 1, B: 2, Correct: true}}
	for _, tc := range []struct {
		name  string
		items []Scored2PL
	}{
		{"mixed", mixed},
		{"all right", allRight},
		{"one wrong", []Scored2PL{{A: 1, B: 0}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := EAP(tc.items)
			th, se := eapByIntegration(tc.items)
			near(t, "theta", got.Theta, th, 1e-3)
			near(t, "SE", got.SE, se, 1e-3)
			near(t, "band", got.Band.High-got.Band.Low, 2*1.96*got.SE, 1e-12)
		})
	}

	// Symmetry, by hand: one right and one wrong answer to the same item b = 0 gives a
	// likelihood P(1−P) symmetric around 0, so θ̂ = 0 and the posterior is narrower than
	// the prior.
	sym := EAP([]Scored2PL{{A: 1, B: 0, Correct: true}, {A: 1, B: 0}})
	near(t, "symmetric theta", sym.Theta, 0, 1e-12)
	if sym.SE >= 1 || sym.Answered != 2 || sym.Right != 1 {
		t.Errorf("symmetric: %+v", sym)
	}
	// No answers: the prior, N(0,1) truncated to [−4, 4].
	prior := EAP(nil)
	near(t, "prior theta", prior.Theta, 0, 1e-12)
	near(t, "prior SE", prior.SE, 1, 0.01)
	// Unusable parameters are skipped, not fatal.
	if sk := EAP([]Scored2PL{{A: 0, B: 1}, {A: math.NaN(), B: 0}, {A: 1, B: math.Inf(1)}}); sk.Skipped != 3 || sk.Answered != 0 {
		t.Errorf("skipped: %+v", sk)
	}
	// A long test does not underflow: 400 right answers to items at b = 4 make the
	// likelihood at θ = 0 about e^(−3200), yet the estimate piles up at the top node.
	long := make([]Scored2PL, 400)
	for i := range long {
		long[i] = Scored2PL{A: 2, B: 4, Correct: true}
	}
	if lg := EAP(long); lg.Theta < 3.9 || lg.Theta > 4 || math.IsNaN(lg.SE) {
		t.Errorf("long: %+v", lg)
	}
}

func TestBestWorst(t *testing.T) {
	t.Parallel()
	key := SJTKey{Best: 0, Worst: 3}
	for _, tc := range []struct {
		a     SJTAnswer
		score int
		ok    bool
	}{
		{SJTAnswer{0, 3}, 2, true},   // both match
		{SJTAnswer{3, 0}, -2, true},  // both reversed
		{SJTAnswer{0, 1}, 1, true},   // best matches
		{SJTAnswer{1, 3}, 1, true},   // worst matches
		{SJTAnswer{1, 2}, 0, true},   // neither
		{SJTAnswer{3, 1}, -1, true},  // key's worst chosen as best
		{SJTAnswer{1, 0}, -1, true},  // key's best chosen as worst
		{SJTAnswer{0, 0}, 0, false},  // same option twice
		{SJTAnswer{4, 1}, 0, false},  // no such option
		{SJTAnswer{-1, 1}, 0, false}, // no such option
	} {
		s, ok := BestWorst(key, tc.a, 4)
		if s != tc.score || ok != tc.ok {
			t.Errorf("BestWorst(%v) = %d,%v want %d,%v", tc.a, s, ok, tc.score, tc.ok)
		}
	}
	got := ScoreSJT([]SJTItem{
		{Key: key, Options: 4, Answer: &SJTAnswer{0, 3}},
		{Key: key, Options: 4, Answer: &SJTAnswer{3, 1}},
		{Key: key, Options: 4, Answer: &SJTAnswer{2, 2}},
		{Key: key, Options: 4},
	})
	// Score 2 − 1 = 1 over 2 valid scenarios (max 4): fraction (1+4)/8.
	if want := (SJTScore{Score: 1, Max: 4, Answered: 2, Invalid: 1, Fraction: 5.0 / 8}); got != want {
		t.Errorf("ScoreSJT = %+v, want %+v", got, want)
	}
}

func TestRateEffectiveness(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		key, ratings        []int
		score, max, skipped int
	}{
		// −(|2−1| + |3−3| + |1−5| + |2−2|) = −5; max 4+2+4+3 = 13.
		{[]int{1, 3, 5, 2}, []int{2, 3, 1, 2}, -5, 13, 0},
		{[]int{1, 3, 5, 2}, []int{1, 3, 5, 2}, 0, 13, 0},
		{[]int{1, 3}, []int{0, 3, 4}, 0, 2, 1}, // 0 out of range; extra rating ignored
		{[]int{1, 3}, nil, 0, 0, 0},
	} {
		s, m, sk := RateEffectiveness(tc.key, tc.ratings, 1, 5)
		if s != tc.score || m != tc.max || sk != tc.skipped {
			t.Errorf("RateEffectiveness(%v,%v) = %d,%d,%d want %d,%d,%d", tc.key, tc.ratings, s, m, sk, tc.score, tc.max, tc.skipped)
		}
	}
}

func TestScoreFields(t *testing.T) {
	t.Parallel()
	key := []FieldKey{
		{ID: "1:amount", Want: "120.50", Tolerance: 0.005},
		{ID: "3:name", Want: "Ana Pérez"},
		{ID: "4:date", Want: "15/03/2024"},
	}
	for _, tc := range []struct {
		name    string
		got     map[string]string
		seconds float64
		want    WorkSample
	}{
		// Decimal comma and spacing/case tolerated; one false flag; 3 answers in 2 min.
		{"partial", map[string]string{"1:amount": "120,5", "3:name": " ana  pérez", "2:amount": "99"}, 120,
			WorkSample{Fields: 3, Attempted: 3, Right: 2, Credit: 2.0 / 3, Accuracy: 2.0 / 3, PerMinute: 1.5}},
		{"all right", map[string]string{"1:amount": "$120.50", "3:name": "ANA PÉREZ", "4:date": "15/03/2024"}, 60,
			WorkSample{Fields: 3, Attempted: 3, Right: 3, Credit: 1, Accuracy: 1, PerMinute: 3}},
		{"outside tolerance", map[string]string{"1:amount": "120.6"}, 0,
			WorkSample{Fields: 3, Attempted: 1}},
		{"nothing", nil, 30, WorkSample{Fields: 3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ScoreFields(key, tc.got, tc.seconds); got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestOrderCredit(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		key, got []string
		want     float64
	}{
		{[]string{"a", "b", "c"}, []string{"a", "b", "c"}, 1},
		{[]string{"a", "b", "c"}, []string{"b", "a", "c"}, 2.0 / 3}, // (a,b) wrong; (a,c), (b,c) right
		{[]string{"a", "b", "c"}, []string{"c", "b", "a"}, 0},
		{[]string{"a", "b", "c"}, []string{"a", "c"}, 1.0 / 3}, // b missing: only (a,c)
		{[]string{"a"}, []string{"a"}, 0},                      // no pairs
	} {
		near(t, "OrderCredit", OrderCredit(tc.key, tc.got), tc.want, 1e-12)
	}
}

func TestScoreDISC(t *testing.T) {
	t.Parallel()
	p := ScoreDISC([]string{"D", "I", "S", "C"}, []DISCChoice{
		{Most: "D", Least: "S"},
		{Most: "D", Least: "C"},
		{Most: "I", Least: "D"},
		{Most: "D", Least: "D"}, // invalid: same style twice
		{Most: "X", Least: "S"}, // invalid: unknown style
	})
	want := DISCProfile{
		Styles: []StyleScore{
			{Style: "D", Most: 2, Least: 1, Diff: 1},
			{Style: "I", Most: 1, Least: 0, Diff: 1},
			{Style: "S", Most: 0, Least: 1, Diff: -1},
			{Style: "C", Most: 0, Least: 1, Diff: -1},
		},
		Primary: []string{"D", "I"},
		Blocks:  3,
		Invalid: 2,
	}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("got %+v\nwant %+v", p, want)
	}
	// Ipsative: every valid block adds one most and one least, so Σ diff = 0.
	sum := 0
	for _, s := range p.Styles {
		sum += s.Diff
	}
	if sum != 0 {
		t.Errorf("Σ diff = %d, want 0", sum)
	}
}

func TestCautions(t *testing.T) {
	t.Parallel()
	th := DefaultThresholds()
	varied := []int{1, 3, 5, 2, 4, 3, 1, 5, 2, 4, 3, 5}
	codes := func(cs []Caution) []string {
		var out []string
		for _, c := range cs {
			if c.Message.ES == "" || c.Message.EN == "" {
				t.Errorf("%s has no wording", c.Code)
			}
			out = append(out, c.Code)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		in   QualityInput
		want []string
	}{
		{"clean", QualityInput{Likert: varied, Timings: []Timing{{"likert", 4}, {"numerical", 30}}}, nil},
		// 10 fours in a row: longstring; the SD of (2, 4×10, 3) is 0.62, above 0.5.
		{"longstring", QualityInput{Likert: []int{2, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3}}, []string{CautionLongstring}},
		// Ten 3s and two 4s, longest run 4: SD = √(1/6·5/6·12/11) = 0.39.
		{"low variation", QualityInput{Likert: []int{3, 3, 3, 4, 3, 3, 3, 3, 4, 3, 3, 3}}, []string{CautionLowVariation}},
		{"both", QualityInput{Likert: []int{3, 3, 3, 3, 3, 3, 3, 3, 3, 3}}, []string{CautionLongstring, CautionLowVariation}},
		{"too few to judge a run", QualityInput{Likert: []int{3, 3, 3, 3, 3}}, nil},
		// 1 of 4 under its type's line (likert 1.2 s < 2 s) = 25%.
		{"too fast", QualityInput{Timings: []Timing{{"likert", 1.2}, {"likert", 3}, {"numerical", 40}, {"sjt", 20}}}, []string{CautionTooFast}},
		{"fast unknown type ignored", QualityInput{Timings: []Timing{{"other", 0.1}}}, nil},
		// Keyed gaps: 5 vs 1 → 4; 5 vs reverse(5)=1 → 4; 4 vs 3 → 1.
		{"inconsistent", QualityInput{Pairs: []InconsistencyPair{{5, 1, false}, {5, 5, true}, {4, 3, false}}}, []string{CautionInconsistent}},
		{"one contradiction", QualityInput{Pairs: []InconsistencyPair{{5, 1, false}, {4, 2, true}}}, nil},
		{"impression", QualityInput{ImpressionZ: ptr(2.3)}, []string{CautionImpression}},
		{"impression fine", QualityInput{ImpressionZ: ptr(1.2)}, nil},
		{"focus and paste", QualityInput{FocusLosses: 2, Pastes: 1}, []string{CautionFocusLoss, CautionPaste}},
		{"one focus loss", QualityInput{FocusLosses: 1}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := codes(Cautions(tc.in, th)); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
	if got := Longstring([]int{1, 2, 2, 2, 3, 3}); got != 3 {
		t.Errorf("Longstring = %d, want 3", got)
	}
}

func TestRoleFit(t *testing.T) {
	t.Parallel()
	// C = (2·1 + 1·(−0.5))/3 = 0.5; SE = √(4·0.09 + 1·0.36)/3 = √0.72/3.
	got := RoleFit([]Part{
		{ID: "a", Weight: 2, Z: 1, SE: 0.3},
		{ID: "b", Weight: 1, Z: -0.5, SE: 0.6, Minimum: ptr(-0.8)},
		{ID: "c", Weight: 0, Z: -2, SE: 0.2, Minimum: ptr(-1.0)}, // floor only; −2 + 0.392 < −1: clearly
	})
	near(t, "C", got.C, 0.5, 1e-12)
	near(t, "SE", got.SE, math.Sqrt(0.72)/3, 1e-12)
	near(t, "Σw", got.Weight, 3, 0)
	want := []Shortfall{{ID: "c", Z: -2, Minimum: -1, Clearly: true}}
	if !reflect.DeepEqual(got.BelowMinimum, want) || !got.Defined || !reflect.DeepEqual(got.Used, []string{"a", "b"}) {
		t.Errorf("got %+v", got)
	}

	unclear := RoleFit([]Part{{ID: "e", Weight: 1, Z: -1.1, SE: 0.3, Minimum: ptr(-1.0)}})
	if len(unclear.BelowMinimum) != 1 || unclear.BelowMinimum[0].Clearly {
		t.Errorf("−1.1 ± 0.59 against −1 is not clearly below: %+v", unclear.BelowMinimum)
	}
	if none := RoleFit([]Part{{ID: "x", Weight: 0, Z: 1}}); none.Defined || none.C != 0 {
		t.Errorf("no weight: %+v", none)
	}
}

func TestRank(t *testing.T) {
	t.Parallel()
	t.Run("order by composite, equal composites by id", func(t *testing.T) {
		got := Rank([]RankInput{{"d", -0.2, 0.2}, {"a", 1.0, 0.2}, {"f", 0.5, 0.2}, {"b", 0.6, 0.2}, {"e", -0.3, 0.2}, {"c", 0.5, 0.2}}, 2, 1)
		var order []string
		for i, r := range got {
			order = append(order, r.ID)
			if r.Rank != i+1 || r.Low > r.Rank || r.High < r.Rank {
				t.Errorf("%s: rank %d at %d, interval %d–%d", r.ID, r.Rank, i, r.Low, r.High)
			}
		}
		if want := []string{"a", "b", "c", "f", "d", "e"}; !reflect.DeepEqual(order, want) {
			t.Errorf("order %v, want %v", order, want)
		}
		// c and f have the same score and SE: the same interval (up to one place of draw
		// noise) and nearly the same chance.
		if d1, d2 := got[2].Low-got[3].Low, got[2].High-got[3].High; d1*d1 > 1 || d2*d2 > 1 || math.Abs(got[2].PTop-got[3].PTop) > 0.15 {
			t.Errorf("equal scores, different uncertainty: %+v %+v", got[2], got[3])
		}
	})
	t.Run("precise scores far apart are certain", func(t *testing.T) {
		got := Rank([]RankInput{{"a", 1.0, 0.01}, {"b", 0.0, 0.01}, {"c", -1, 0.01}}, 1, 1)
		for i, r := range got {
			if r.Low != i+1 || r.High != i+1 {
				t.Errorf("%s: interval %d–%d, want %d", r.ID, r.Low, r.High, i+1)
			}
		}
		if got[0].PTop != 1 || got[1].PTop != 0 {
			t.Errorf("P(top 1) = %v, %v; want 1, 0", got[0].PTop, got[1].PTop)
		}
	})
	t.Run("noisy scores close together overlap", func(t *testing.T) {
		got := Rank([]RankInput{{"a", 0.10, 0.5}, {"b", 0.05, 0.5}, {"c", 0.0, 0.5}, {"d", -0.05, 0.5}}, 1, 1)
		for _, r := range got {
			if r.Low != 1 || r.High != 4 {
				t.Errorf("%s: interval %d–%d, want 1–4 (indistinguishable)", r.ID, r.Low, r.High)
			}
			if r.PTop < 0.1 || r.PTop > 0.45 {
				t.Errorf("%s: P(top 1) %.2f, want near 1/4", r.ID, r.PTop)
			}
		}
	})
	t.Run("reproducible and bounded output", func(t *testing.T) {
		in := make([]RankInput, 2000)
		for i := range in {
			in[i] = RankInput{ID: fmt.Sprint(i), C: math.Sin(float64(i)), SE: 0.3}
		}
		a, b := Rank(in, 10, 42), Rank(in, 10, 42)
		if !reflect.DeepEqual(a, b) {
			t.Error("the same cohort and seed gave different intervals")
		}
		top := 0.0
		for _, r := range a {
			top += r.PTop
		}
		if math.Abs(top-10) > 1e-9 {
			t.Errorf("Σ P(top 10) = %v, want 10", top)
		}
	})
	if got := Rank(nil, 10, 1); len(got) != 0 {
		t.Errorf("empty: %v", got)
	}
}

func TestInsights(t *testing.T) {
	t.Parallel()
	strengths, probes := Insights([]ScaleResult{
		{Scale: "calm", Z: 1.2, SE: 0.3, Answered: 10, Items: 10},    // strong: 1.2 − 0.59 > 0
		{Scale: "drive", Z: 0.9, SE: 0.5, Answered: 10, Items: 10},   // strong: 0.9 − 0.98 < 0 → not clearly
		{Scale: "order", Z: 0.7, SE: 0.2, Answered: 10, Items: 10},   // strong
		{Scale: "service", Z: 1.5, SE: 0.3, Answered: 10, Items: 10}, // strong
		{Scale: "care", Z: -0.9, SE: 0.3, Answered: 10, Items: 10},   // low
		{Scale: "team", Z: 0.1, SE: 0.7, Answered: 10, Items: 10},    // uncertain
		{Scale: "rules", Z: 1.4, SE: 0.2, Answered: 4, Items: 10},    // incomplete, even if high
		{Scale: "plain", Z: 0.2, SE: 0.3, Answered: 10, Items: 10},   // nothing to say
	}, 2)
	var s, p []string
	for _, x := range strengths {
		s = append(s, x.Scale)
	}
	for _, x := range probes {
		p = append(p, x.Scale+":"+x.Reason)
	}
	if want := []string{"service", "calm"}; !reflect.DeepEqual(s, want) {
		t.Errorf("strengths %v, want %v", s, want)
	}
	if want := []string{"care:low", "team:uncertain", "rules:incomplete"}; !reflect.DeepEqual(p, want) {
		t.Errorf("probes %v, want %v", p, want)
	}
}

func TestAdverseImpact(t *testing.T) {
	t.Parallel()
	got := AdverseImpact([]GroupOutcome{
		{Group: "B", Applicants: 60, Selected: 20},  // 1/3 ÷ 1/2 = 0.667: flagged
		{Group: "A", Applicants: 100, Selected: 50}, // reference rate 0.5
		{Group: "C", Applicants: 10, Selected: 9},   // too few: not the reference, not flagged
		{Group: "D", Applicants: 40, Selected: 18},  // 0.45/0.5 = 0.9
	})
	want := []Impact{
		{Group: "A", Rate: 0.5, Ratio: 1},
		{Group: "B", Rate: 1.0 / 3, Ratio: 2.0 / 3, Flag: true},
		{Group: "C", Rate: 0.9, Ratio: 1.8, TooFew: true},
		{Group: "D", Rate: 0.45, Ratio: 0.9},
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Group != w.Group || g.Flag != w.Flag || g.TooFew != w.TooFew || math.Abs(g.Rate-w.Rate) > 1e-12 || math.Abs(g.Ratio-w.Ratio) > 1e-12 {
			t.Errorf("%d: got %+v, want %+v", i, g, w)
		}
	}
}

func TestSpearman(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		x, y []float64
		want float64
	}{
		{[]float64{1, 2, 3, 4}, []float64{10, 20, 30, 40}, 1},
		{[]float64{1, 2, 3, 4}, []float64{4, 3, 2, 1}, -1},
		// Ranks x 1,2,3,4 and y 1,3,2,4: 1 − 6·Σd²/(n(n²−1)) = 1 − 6·2/60 = 0.8.
		{[]float64{1, 2, 3, 4}, []float64{1, 3, 2, 4}, 0.8},
		{[]float64{1, 1, 1}, []float64{1, 2, 3}, 0},
	} {
		near(t, "Spearman", Spearman(tc.x, tc.y), tc.want, 1e-12)
	}
}

func TestReportScale(t *testing.T) {
	t.Parallel()
	ref := Norm{Source: Reference, Mean: 3, SD: 0.5, N: 300}
	observed := Reliability{Defined: true, N: 40, SEM: 0.2}
	for _, tc := range []struct {
		name string
		rel  Reliability
		sem  float64
		src  SEMSource
	}{
		{"observed", observed, 0.2, SEMObserved},
		// 0.5·√(1 − 0.70) = 0.27386
		{"too few responses", Reliability{Defined: true, N: 29, SEM: 0.2}, 0.5 * math.Sqrt(0.3), SEMProvisional},
		{"undefined", Reliability{}, 0.5 * math.Sqrt(0.3), SEMProvisional},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Score 3.8: z = 1.6, T = 66.
			r := ReportScale(ScaleScore{Scale: "S", Score: 3.8, Answered: 10, Items: 10}, ref, tc.rel)
			near(t, "SEM", r.SEM, tc.sem, 1e-12)
			near(t, "SEZ", r.SEZ, tc.sem/0.5, 1e-12)
			near(t, "z", r.Standard.Z, 1.6, 1e-12)
			near(t, "band", r.Band.High, 3.8+1.96*tc.sem, 1e-12)
			if r.SEMSource != tc.src || r.Result().Z != r.Standard.Z {
				t.Errorf("got %+v", r)
			}
		})
	}
}
