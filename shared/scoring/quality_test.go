package scoring

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// The response-quality simulation: honest respondents answer by a model harsher than
// anything the cautions assume (graded response with a trait per scale, weaker
// reverse-keyed items, an acquiescence style with SD 0.3 logits and an extreme-response
// style, a 10-item impression-management scale; 3PL ability items with guessing), and
// contaminated respondents answer the ways careless, faking and hurried applicants do.
// The cautions must leave the honest alone and catch the rest. Fixed seeds keep the
// figures deterministic; they are printed with -v.

// qItem is one agreement item of the simulated content: its scale, key, discrimination
// and four ordered thresholds on the raw agreement side.
type qItem struct {
	scale, key int
	a          float64
	th         []float64
}

// qContent is a simulated assessment: agreement instruments of 10 items per competency,
// an integrity instrument that interleaves rule adherence with the impression-management
// scale, one inconsistency pair per competency instrument, and timed ability tests.
type qContent struct {
	items       []qItem
	instruments [][]int  // item indexes per instrument, catalog order
	pairs       [][2]int // opposite-keyed pairs
	scales, im  int      // number of scales; the IM scale's index
	ability     [][]qAbilityItem
}

type qAbilityItem struct{ a, b, c float64 }

func newQContent(r *rand.Rand, competencies, abilityTests, abilityItems int) qContent {
	var q qContent
	q.scales, q.im = competencies+2, competencies+1
	addItem := func(scale, i int) int {
		key := 1
		if i%5 == 1 || i%5 == 3 { // 4 of 10 reverse-keyed, as in the content
			key = -1
		}
		a := 1.2 + 1.2*r.Float64()
		if key < 0 {
			a *= 0.6 + 0.3*r.Float64() // reverse-keyed items discriminate less
		}
		// Competency statements are desirable: applicants mostly agree with the positive
		// ones and disagree with the reversed ones (keyed means ≈ 3.6–3.8). The IM items
		// state implausible virtues, which honest people mostly reject (keyed mean ≈ 2.9).
		loc := -0.8 + 0.4*r.NormFloat64()
		if scale == q.im {
			a = 1.0 + 0.6*r.Float64()
			loc = 0.2 + 0.3*r.NormFloat64()
		}
		loc *= float64(key)
		q.items = append(q.items, qItem{scale, key, a, []float64{loc - 1.8, loc - 0.6, loc + 0.4, loc + 1.5}})
		return len(q.items) - 1
	}
	for s := range competencies {
		var ids []int
		for i := range 10 {
			ids = append(ids, addItem(s, i))
		}
		q.instruments = append(q.instruments, ids)
		q.pairs = append(q.pairs, [2]int{ids[0], ids[1]})
	}
	var integrity []int
	for i := range 10 {
		integrity = append(integrity, addItem(competencies, i), addItem(q.im, i))
	}
	q.instruments = append(q.instruments, integrity)
	for range abilityTests {
		var test []qAbilityItem
		for i := range abilityItems {
			b := -2.1 + 4*float64(i)/float64(max(abilityItems-1, 1)) + 0.3*r.NormFloat64()
			test = append(test, qAbilityItem{a: 0.9 + r.Float64(), b: b, c: 0.15 + 0.1*r.Float64()})
		}
		q.ability = append(q.ability, test)
	}
	return q
}

// shiftIM moves the IM items' thresholds by d on the keyed side: negative d makes honest
// respondents agree more with the statements of implausible virtue.
func (q *qContent) shiftIM(d float64) {
	for i, it := range q.items {
		if it.scale == q.im {
			for k := range it.th {
				q.items[i].th[k] += d * float64(it.key)
			}
		}
	}
}

// Respondent kinds.
const (
	qHonest = iota
	qRandom
	qStraight
	qFaker
	qAbilityRandom
	qTimeOut
	qKinds
)

var qKindNames = []string{"honest", "random", "straight-line", "faker", "random on ability", "timed out"}

// qRespond simulates one respondent of a kind and returns their quality evidence.
func (q qContent) qRespond(r *rand.Rand, kind int) QualityInput {
	raw := make([]int, len(q.items))
	switch kind {
	case qRandom:
		for i := range raw {
			raw[i] = 1 + r.IntN(5)
		}
	case qStraight:
		v := 1 + r.IntN(5)
		for i := range raw {
			raw[i] = v
			if r.Float64() < 0.1 { // an occasional break
				raw[i] = 1 + (v+r.IntN(4))%5
			}
		}
	case qFaker: // the desirable end of every statement, with some noise
		for i, it := range q.items {
			keyed := 5
			if u := r.Float64(); u < 0.05 {
				keyed = 3
			} else if u < 0.30 {
				keyed = 4
			}
			raw[i] = FivePoint.Keyed(keyed, it.key)
		}
	default:
		g := r.NormFloat64()
		theta := make([]float64, q.scales)
		for s := range theta {
			theta[s] = math.Sqrt(0.3)*g + math.Sqrt(0.7)*r.NormFloat64()
		}
		theta[q.im] = 0.5 * r.NormFloat64()
		acq := 0.3 * r.NormFloat64()           // acquiescence, logits
		ers := math.Exp(0.2 * r.NormFloat64()) // extreme-response style: > 1 pulls thresholds together
		for i, it := range q.items {
			mid := (it.th[1] + it.th[2]) / 2
			th := make([]float64, len(it.th))
			for k := range th {
				th[k] = mid + (it.th[k]-mid)/ers
			}
			raw[i] = AnswerGraded(r, float64(it.key)*theta[it.scale]+acq, 1, it.a, th, FivePoint)
		}
	}

	var in QualityInput
	in.Range = FivePoint
	for _, ids := range q.instruments { // shown order: each instrument's items shuffled
		for _, j := range r.Perm(len(ids)) {
			in.Likert = append(in.Likert, raw[ids[j]])
		}
		in.Timings = append(in.Timings, Timing{"likert", 3 + 6*r.Float64()})
	}
	in.Scales = make([]KeyedScale, q.scales)
	var imSum, imN int
	for i, it := range q.items {
		in.Scales[it.scale].Answers = append(in.Scales[it.scale].Answers, KeyedAnswer{Answer: raw[i], Key: it.key})
		if it.scale == q.im {
			imSum += FivePoint.Keyed(raw[i], it.key)
			imN++
		}
	}
	in.Impression = &ImpressionScale{Mean: float64(imSum) / float64(imN), Answered: imN}
	for _, p := range q.pairs {
		in.Pairs = append(in.Pairs, InconsistencyPair{A: raw[p[0]], B: raw[p[1]], Opposite: true})
	}

	g := r.NormFloat64()
	for _, test := range q.ability {
		theta := math.Sqrt(0.6)*g + math.Sqrt(0.4)*r.NormFloat64()
		reached := len(test)
		if kind == qTimeOut {
			reached = len(test)/3 + r.IntN(len(test)*2/3)
		}
		var scored []Scored2PL
		var fit []FitItem
		for _, it := range test[:reached] {
			var right bool
			if kind == qRandom || kind == qAbilityRandom {
				right = r.IntN(4) == 0
			} else {
				right = r.Float64() < it.c+(1-it.c)*P2PL(theta, it.a, it.b)
			}
			scored = append(scored, Scored2PL{A: it.a, B: it.b, Correct: right})
			fit = append(fit, FitItem{A: it.a, B: it.b, Correct: right})
		}
		// θ as the engine scores it: 2PL EAP over the items answered.
		part := AbilityPartOf(fit)
		if part.Theta != EAP(scored).Theta {
			panic("AbilityPartOf θ is not the EAP of the answered items")
		}
		in.Ability = append(in.Ability, part)
		in.Timed = append(in.Timed, TimedPart{Items: len(test), Reached: reached, TimedOut: reached < len(test)})
	}
	return in
}

// qRates are the shares of each kind with any serious caution and with each code.
type qRates struct {
	n       [qKinds]int
	serious [qKinds]int
	code    [qKinds]map[string]int
}

func (q qContent) qSimulate(seed uint64, counts [qKinds]int) qRates {
	r := rand.New(rand.NewPCG(seed, 15))
	var out qRates
	th := DefaultThresholds()
	for kind, n := range counts {
		out.code[kind] = map[string]int{}
		for range n {
			cs := Cautions(q.qRespond(r, kind), th)
			out.n[kind]++
			if HasSerious(cs) {
				out.serious[kind]++
			}
			for _, c := range cs {
				out.code[kind][c.Code]++
			}
		}
	}
	return out
}

func (s qRates) share(kind int, code string) float64 {
	if s.n[kind] == 0 {
		return 0
	}
	if code == "" {
		return float64(s.serious[kind]) / float64(s.n[kind])
	}
	return float64(s.code[kind][code]) / float64(s.n[kind])
}

func (s qRates) log(t *testing.T, label string) {
	t.Helper()
	for kind := range qKinds {
		if s.n[kind] == 0 {
			continue
		}
		var parts []string
		for _, code := range CautionCodes() {
			if s.code[kind][code] > 0 {
				parts = append(parts, fmt.Sprintf("%s %.1f%%", code, 100*s.share(kind, code)))
			}
		}
		t.Logf("%s: %-17s n=%4d  any serious %5.1f%%  [%s]", label, qKindNames[kind], s.n[kind],
			100*s.share(kind, ""), strings.Join(parts, ", "))
	}
}

// TestQualitySimulation is the acceptance check for the cautions.
func TestQualitySimulation(t *testing.T) {
	t.Parallel()
	counts := [qKinds]int{4000, 1000, 1000, 1000, 1000, 300}

	// An E-commerce-like assessment: 5 competency questionnaires + integrity with IM
	// (70 agreement items), two timed ability tests of 22 items.
	main := newQContent(rand.New(rand.NewPCG(15, 1)), 5, 2, 22)
	got := main.qSimulate(2024, counts)
	got.log(t, "5 questionnaires + integrity, 2×22 ability")
	for _, c := range []struct {
		kind     int
		code     string
		min, max float64
	}{
		// Any serious caution: the target allows 5% of honest candidates; we hold 3%.
		{qHonest, "", 0, 0.03},
		{qHonest, CautionRandom, 0, 0.02},
		{qHonest, CautionPersonMisfit, 0, 0.02},
		{qHonest, CautionImpression, 0, 0.01},
		{qHonest, CautionLongstring, 0, 0.01},
		{qHonest, CautionInconsistent, 0, 0.02}, // not serious, and rare among honest answerers
		{qHonest, CautionNotFinished, 0, 0},
		{qRandom, "", 0.80, 1},
		{qRandom, CautionRandom, 0.80, 1}, // the questionnaire evidence alone
		{qStraight, "", 0.95, 1},
		{qFaker, CautionImpression, 0.90, 1},
		{qFaker, CautionRandom, 0, 0.02}, // consistent fakers are not "random"
		{qAbilityRandom, CautionPersonMisfit, 0.50, 1},
		{qTimeOut, CautionNotFinished, 0.90, 1},
	} {
		if s := got.share(c.kind, c.code); s < c.min || s > c.max {
			what := c.code
			if what == "" {
				what = "any serious caution"
			}
			t.Errorf("%s with %s: %.1f%%, want %.0f–%.0f%%", qKindNames[c.kind], what, 100*s, 100*c.min, 100*c.max)
		}
	}

	// A shorter assessment (Sales Back Office-like: 4 questionnaires + integrity, one
	// 22-item test) must keep the honest as safe; detection is logged.
	short := newQContent(rand.New(rand.NewPCG(15, 2)), 4, 1, 22)
	got = short.qSimulate(2025, [qKinds]int{4000, 1000, 1000, 1000, 1000, 0})
	got.log(t, "4 questionnaires + integrity, 1×22 ability")
	if s := got.share(qHonest, ""); s > 0.03 {
		t.Errorf("short assessment: honest with a serious caution %.1f%%, want ≤ 3%%", 100*s)
	}
	if s := got.share(qRandom, ""); s < 0.75 {
		t.Errorf("short assessment: random flagged %.1f%%, want ≥ 75%%", 100*s)
	}

	// Sensitivity of the fixed IM rule: an honest population that agrees more with the
	// IM statements (keyed mean ≈ 3.5 instead of ≈ 2.9) is logged, not asserted.
	lenient := newQContent(rand.New(rand.NewPCG(15, 1)), 5, 0, 0)
	lenient.shiftIM(-0.9)
	for _, c := range []qContent{main, lenient} {
		r := rand.New(rand.NewPCG(2027, 1))
		var ims []float64
		flagged := 0
		for range 4000 {
			in := c.qRespond(r, qHonest)
			ims = append(ims, in.Impression.Mean)
			if _, ok := qFind(Cautions(in, DefaultThresholds()), CautionImpression); ok {
				flagged++
			}
		}
		t.Logf("honest IM keyed mean %.2f (SD %.2f): impression_management %.1f%%", mean(ims), math.Sqrt(variance(ims)), 100*float64(flagged)/4000)
	}

	// Questionnaires only, 2 and 3 instruments: honest stay safe even when the
	// random-responding line has little to go on.
	for _, n := range []int{1, 2} {
		c := newQContent(rand.New(rand.NewPCG(15, uint64(2+n))), n, 0, 0)
		got = c.qSimulate(2026+uint64(n), [qKinds]int{3000, 1000, 0, 0, 0, 0})
		got.log(t, fmt.Sprintf("%d questionnaires + integrity only", n))
		if s := got.share(qHonest, ""); s > 0.03 {
			t.Errorf("%d questionnaires: honest with a serious caution %.1f%%, want ≤ 3%%", n, 100*s)
		}
	}
}

// TestPersonFitShortTest: honest takers of a single 15-item test are not flagged more than
// 3% of the time, and a 9-item test is never judged.
func TestPersonFitShortTest(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(15, 15))
	th := DefaultThresholds()
	for _, n := range []int{15, 30} {
		c := newQContent(rand.New(rand.NewPCG(15, uint64(n))), 0, 1, n)
		flagged, randomFlagged := 0, 0
		const people = 4000
		for range people {
			in := c.qRespond(r, qHonest)
			if lz, _ := PersonFit(in.Ability); lz < th.MisfitLZ {
				flagged++
			}
			in = c.qRespond(r, qAbilityRandom)
			if lz, _ := PersonFit(in.Ability); lz < th.MisfitLZ {
				randomFlagged++
			}
		}
		t.Logf("one %d-item test: honest flagged %.1f%%, random flagged %.1f%%", n, 100*float64(flagged)/people, 100*float64(randomFlagged)/people)
		if float64(flagged)/people > 0.03 {
			t.Errorf("%d items: honest person_misfit %.1f%%, want ≤ 3%%", n, 100*float64(flagged)/people)
		}
	}
}

// TestPersonFitHand checks l_z against a hand computation. θ = 0, a = 1, b = −1, 0, 1, no
// guessing: P = σ(1), ½, σ(−1) = 0.731059, 0.5, 0.268941. Answers right, wrong, right.
//
//	l₀ = ln 0.731059 + ln 0.5 + ln 0.268941 = −0.313262 − 0.693147 − 1.313262 = −2.319671
//	E  = 2·(0.731059·ln 0.731059 + 0.268941·ln 0.268941) + 0.5·ln 0.5 + 0.5·ln 0.5
//	   = 2·(−0.582203) − 0.693147 = −1.857553
//	V  = 2·0.731059·0.268941·1² + 0.25·0² = 0.393224      (ln(P/(1−P)) = ±1 and 0)
//	l_z = (−2.319671 + 1.857553)/√0.393224 = −0.462118/0.627076 = −0.736940
func TestPersonFitHand(t *testing.T) {
	t.Parallel()
	items := []FitItem{{A: 1, B: -1, Correct: true}, {A: 1, B: 0}, {A: 1, B: 1, Correct: true}}
	lz, n := PersonFit([]AbilityPart{{Theta: 0, Items: items}})
	if n != 3 || math.Abs(lz-(-0.736940)) > 1e-6 {
		t.Errorf("l_z = %.6f over %d items, want −0.736940 over 3", lz, n)
	}
	// The model-consistent pattern (easy right, hard wrong) fits better than average.
	items[0].Correct, items[2].Correct = true, false
	if lz, _ := PersonFit([]AbilityPart{{Theta: 0, Items: items}}); lz <= 0 {
		t.Errorf("Guttman pattern l_z = %.3f, want > 0", lz)
	}
	// With guessing c = 0.25: P = 0.25 + 0.75·σ(·) = 0.798294, 0.625, 0.451706.
	//	l₀ = ln .798294 + ln .375 + ln .451706 = −0.225278 − 0.980829 − 0.794724 = −2.000831
	//	E  = Σ P ln P + (1−P) ln(1−P) = −0.502758 − 0.661563 − 0.688475 = −1.852797
	//	V  = Σ P(1−P)[ln(P/(1−P))]² = 0.304725 + 0.061158 + 0.009300 = 0.375183
	//	l_z = −0.148034/0.612522 = −0.241680
	g := []FitItem{{A: 1, B: -1, C: 0.25, Correct: true}, {A: 1, B: 0, C: 0.25}, {A: 1, B: 1, C: 0.25, Correct: true}}
	if lz, _ := PersonFit([]AbilityPart{{Theta: 0, Items: g}}); math.Abs(lz-(-0.241680)) > 1e-6 {
		t.Errorf("3PL l_z = %.6f, want −0.241680", lz)
	}
	// Pooling: two parts sum l₀, E and V, so one part split in two gives the same l_z.
	whole, _ := PersonFit([]AbilityPart{{Theta: 0.3, Items: append(append([]FitItem{}, items...), g...)}})
	split, _ := PersonFit([]AbilityPart{{Theta: 0.3, Items: items}, {Theta: 0.3, Items: g}})
	if math.Abs(whole-split) > 1e-12 {
		t.Errorf("split l_z %.9f ≠ whole %.9f", split, whole)
	}
	// Unusable items and parts are skipped; nothing gives 0 over 0 items.
	bad := []AbilityPart{{Theta: math.NaN(), Items: items}, {Theta: 0, Items: []FitItem{{A: 0, B: 1}, {A: 1, B: math.Inf(1)}, {A: 1, C: 1}, {A: 1, C: -0.1}}}}
	if lz, n := PersonFit(bad); lz != 0 || n != 0 {
		t.Errorf("unusable input: l_z %v over %d, want 0 over 0", lz, n)
	}
	// Extreme θ stays finite.
	if lz, _ := PersonFit([]AbilityPart{{Theta: 40, Items: items}}); !finite(lz) {
		t.Errorf("l_z at θ 40 = %v", lz)
	}
}

// qMisfitItems is the misfitting pattern "easy wrong, hard right" over n items (b −2…2), judged at θ 0.
func qMisfitItems(n int) []FitItem {
	var items []FitItem
	for i := range n {
		b := -2 + 4*float64(i)/float64(n-1)
		items = append(items, FitItem{A: 1.5, B: b, Correct: b > 0})
	}
	return items
}

func qCodes(cs []Caution) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Code)
	}
	return out
}

func qFind(cs []Caution, code string) (Caution, bool) {
	for _, c := range cs {
		if c.Code == code {
			return c, true
		}
	}
	return Caution{}, false
}

// TestCautionBoundaries puts each caution just on and just off its line.
func TestCautionBoundaries(t *testing.T) {
	t.Parallel()
	th := DefaultThresholds()
	only := func(t *testing.T, in QualityInput, code string, want bool) Caution {
		t.Helper()
		cs := Cautions(in, th)
		c, got := qFind(cs, code)
		if got != want {
			t.Errorf("%s raised = %v, want %v (all: %v)", code, got, want, qCodes(cs))
		}
		for _, c := range cs {
			if c.Code != code {
				t.Errorf("unexpected %s", c.Code)
			}
			if c.Message.ES == "" || c.Message.EN == "" || c.Message.ES == c.Message.EN {
				t.Errorf("%s wording: %+v", c.Code, c.Message)
			}
			if c.Serious != slices.Contains(SeriousCodes(), c.Code) && c.Code != CautionLowVariation {
				t.Errorf("%s serious = %v", c.Code, c.Serious)
			}
		}
		return c
	}

	t.Run("impression management", func(t *testing.T) {
		c := only(t, QualityInput{Impression: &ImpressionScale{Mean: 4.3, Answered: 10}}, CautionImpression, true)
		if c.Value != 4.3 || c.Threshold != 4.3 || !c.Serious || !strings.Contains(c.Message.EN, "4.30") || !strings.Contains(c.Message.ES, "4,30") {
			t.Errorf("%+v", c)
		}
		only(t, QualityInput{Impression: &ImpressionScale{Mean: 4.29, Answered: 10}}, CautionImpression, false)
		only(t, QualityInput{Impression: &ImpressionScale{Mean: 5, Answered: 5}}, CautionImpression, true)
		only(t, QualityInput{Impression: &ImpressionScale{Mean: 5, Answered: 4}}, CautionImpression, false)
		only(t, QualityInput{Impression: &ImpressionScale{Mean: math.NaN(), Answered: 10}}, CautionImpression, false)
		// The fixed rule wins over the deprecated z: a z of 5 is not a caution when the
		// mean is below the line, and a mean above it is one whatever the z.
		only(t, QualityInput{Impression: &ImpressionScale{Mean: 3.9, Answered: 10}, ImpressionZ: ptrQ(5.0)}, CautionImpression, false)
		only(t, QualityInput{Impression: &ImpressionScale{Mean: 4.8, Answered: 10}, ImpressionZ: ptrQ(1.0)}, CautionImpression, true)
		// On a 1–7 range the line scales with the range: 1 + 3.3·6/4 = 5.95.
		c = only(t, QualityInput{Range: LikertRange{1, 7}, Impression: &ImpressionScale{Mean: 5.95, Answered: 10}}, CautionImpression, true)
		if math.Abs(c.Threshold-5.95) > 1e-12 {
			t.Errorf("1–7 line %v, want 5.95", c.Threshold)
		}
	})

	t.Run("random responding", func(t *testing.T) {
		// One key direction per scale here, so each scale is one group. Keyed answers
		// (5,5,5,5,5,1,1,1,1,1) have SS 40; two such scales pool to S = √(80/18) = 2.108.
		// The line for 18 df: h = 2/162, 1.10·√((1 − h + 2.17·√h)³) = 1.4983.
		line := RandomLine(1.10, 2.17, 18)
		if math.Abs(line-1.4983) > 5e-5 {
			t.Errorf("RandomLine(18 df) = %.5f, want 1.4983", line)
		}
		if l56 := RandomLine(1.10, 2.17, 56); math.Abs(l56-1.3261) > 5e-5 {
			t.Errorf("RandomLine(56 df) = %.5f, want 1.3261", l56)
		}
		wide := []KeyedScale{qScale([]int{5, 5, 5, 5, 5, 1, 1, 1, 1, 1}, nil), qScale(nil, []int{1, 1, 1, 1, 1, 5, 5, 5, 5, 5})}
		sd, df := KeyedSpread(wide, FivePoint)
		if df != 18 || math.Abs(sd-math.Sqrt(80.0/18)) > 1e-12 {
			t.Errorf("KeyedSpread = %v, %d", sd, df)
		}
		c := only(t, QualityInput{Scales: wide}, CautionRandom, true)
		if c.Value != round3(sd) || c.Threshold != round3(line) || !strings.Contains(c.Message.EN, "2.11") || !strings.Contains(c.Message.ES, "2,11") {
			t.Errorf("%+v", c)
		}
		// Half a point of sum of squares either side of the line (S² = SS/18).
		for _, tc := range []struct {
			ss   float64
			want bool
		}{{line*line*18 + 0.5, true}, {line*line*18 - 0.5, false}} {
			sc := qScalesWithSS(tc.ss)
			sd, df := KeyedSpread(sc, FivePoint)
			if df != 18 || (sd >= line) != tc.want {
				t.Fatalf("built SS %.2f: S %.4f over %d df", tc.ss, sd, df)
			}
			only(t, QualityInput{Scales: sc}, CautionRandom, tc.want)
		}
		// Fewer than 20 answers are not judged, however wide.
		only(t, QualityInput{Scales: []KeyedScale{wide[0], qScale([]int{1, 5, 1, 5, 1, 5, 1, 5, 1}, nil)}}, CautionRandom, false)
		// Consistent answers at one end (a faker) are not random.
		only(t, QualityInput{Scales: []KeyedScale{qScale([]int{5, 5, 5, 4, 5, 5}, []int{5, 5, 5, 5}), qScale([]int{5, 4, 5, 5, 5, 5}, []int{5, 5, 4, 5}), qScale([]int{5, 5, 5, 5, 5, 5}, []int{5, 5, 5, 5})}}, CautionRandom, false)
		// Acquiescence: agreeing with everything puts the reversed items (keyed 1–2) far
		// from the positive ones (keyed 5), but each direction is tight: not random…
		acq := qScale([]int{5, 5, 4, 5, 5, 5}, []int{2, 1, 2, 2})
		only(t, QualityInput{Scales: []KeyedScale{acq, acq, acq}}, CautionRandom, false)
		// …while the same answers scattered across the directions are.
		mixed := qScale([]int{5, 5, 4, 2, 1, 2}, []int{2, 5, 5, 5})
		only(t, QualityInput{Scales: []KeyedScale{mixed, mixed, mixed}}, CautionRandom, true)
		// Invalid answers and keys are ignored.
		if _, df := KeyedSpread([]KeyedScale{{Answers: []KeyedAnswer{{0, 1}, {6, 1}, {3, 0}, {3, 1}, {2, 1}, {4, -1}}}}, FivePoint); df != 1 {
			t.Errorf("df with invalid answers = %d, want 1", df)
		}
	})

	t.Run("person misfit", func(t *testing.T) {
		items := qMisfitItems(12)
		lz, n := PersonFit([]AbilityPart{{Items: items}})
		if n != 12 || lz > -4 {
			t.Fatalf("misfit pattern l_z %.3f over %d", lz, n)
		}
		c := only(t, QualityInput{Ability: []AbilityPart{{Items: items}}}, CautionPersonMisfit, true)
		if c.Value != round3(lz) || c.Threshold != th.MisfitLZ || !strings.Contains(c.Message.EN, "12 questions") {
			t.Errorf("%+v", c)
		}
		th2 := th
		th2.MisfitLZ = lz // the line itself is not crossed: strictly below
		if _, ok := qFind(Cautions(QualityInput{Ability: []AbilityPart{{Items: items}}}, th2), CautionPersonMisfit); ok {
			t.Error("l_z equal to the line flagged")
		}
		th2.MisfitLZ = lz + 1e-9
		if _, ok := qFind(Cautions(QualityInput{Ability: []AbilityPart{{Items: items}}}, th2), CautionPersonMisfit); !ok {
			t.Error("l_z just under the line not flagged")
		}
		// Nine items, however aberrant, are not judged; ten are.
		nine := qMisfitItems(9)
		if lz, _ := PersonFit([]AbilityPart{{Items: nine}}); lz > -3 {
			t.Fatalf("nine-item pattern l_z %.3f", lz)
		}
		th2.MisfitLZ = -1
		if _, ok := qFind(Cautions(QualityInput{Ability: []AbilityPart{{Items: nine}}}, th2), CautionPersonMisfit); ok {
			t.Error("9 items judged")
		}
		if _, ok := qFind(Cautions(QualityInput{Ability: []AbilityPart{{Items: qMisfitItems(10)}}}, th2), CautionPersonMisfit); !ok {
			t.Error("10 items not judged")
		}
	})

	t.Run("longstring and low variation", func(t *testing.T) {
		nine := []int{1, 5, 4, 4, 4, 4, 4, 4, 4, 4, 4, 2, 1, 5}
		only(t, QualityInput{Likert: nine}, CautionLongstring, false)
		ten := []int{1, 5, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 2, 1, 5}
		c := only(t, QualityInput{Likert: ten}, CautionLongstring, true)
		if c.Value != 10 || !c.Serious {
			t.Errorf("%+v", c)
		}
		// Flat without a run: low_variation, not serious.
		flat := []int{3, 3, 3, 4, 3, 3, 3, 3, 4, 3, 3, 3}
		c = only(t, QualityInput{Likert: flat}, CautionLowVariation, true)
		if c.Serious {
			t.Error("low_variation alone is serious")
		}
		// Flat with a run: both, both serious.
		cs := Cautions(QualityInput{Likert: []int{3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4}}, th)
		if !reflect.DeepEqual(qCodes(cs), []string{CautionLongstring, CautionLowVariation}) || !cs[0].Serious || !cs[1].Serious {
			t.Errorf("%+v", cs)
		}
		// An SD equal to the line is not below it.
		xs := []int{2, 3, 2, 3, 2, 3, 2, 3, 2, 3}
		sd := math.Sqrt(variance([]float64{2, 3, 2, 3, 2, 3, 2, 3, 2, 3}))
		th2 := th
		th2.MinISD = sd
		if _, ok := qFind(Cautions(QualityInput{Likert: xs}, th2), CautionLowVariation); ok {
			t.Error("SD equal to the line flagged")
		}
		th2.MinISD = sd + 1e-9
		if _, ok := qFind(Cautions(QualityInput{Likert: xs}, th2), CautionLowVariation); !ok {
			t.Error("SD just under the line not flagged")
		}
	})

	t.Run("not finished", func(t *testing.T) {
		only(t, QualityInput{Timed: []TimedPart{{Items: 22, Reached: 22}, {Items: 0}}}, CautionNotFinished, false)
		c := only(t, QualityInput{Timed: []TimedPart{
			{Name: Text{ES: "Razonamiento numérico", EN: "Numerical reasoning"}, Items: 22, Reached: 21, TimedOut: true},
			{Items: 15, Reached: 15},
		}}, CautionNotFinished, true)
		if c.Value != round3(21.0/22) || c.Threshold != 1 || !c.Serious ||
			!strings.Contains(c.Message.EN, "21 of 22 questions in Numerical reasoning (time ran out)") ||
			!strings.Contains(c.Message.ES, "21 de 22 preguntas en Razonamiento numérico (se acabó el tiempo)") {
			t.Errorf("%+v", c)
		}
		// Two parts: the share is over both; a part never started counts as 0 reached.
		c = only(t, QualityInput{Timed: []TimedPart{{Items: 20, Reached: 10}, {Items: 10, Reached: -3}}}, CautionNotFinished, true)
		if c.Value != round3(10.0/30) || !strings.Contains(c.Message.EN, "10 of 20 questions in a timed part (ended the part early); 0 of 10") {
			t.Errorf("%+v", c)
		}
		// Reached above Items is clamped.
		only(t, QualityInput{Timed: []TimedPart{{Items: 5, Reached: 9}}}, CautionNotFinished, false)
	})

	t.Run("too fast counts only typed items", func(t *testing.T) {
		// 1 of 4 typed items under its line = 25%, whatever the untyped ones; the old count
		// (1 of 8) missed it.
		ts := []Timing{{"likert", 1}, {"likert", 3}, {"numerical", 40}, {"sjt", 20},
			{"other", 0.1}, {"other", 0.1}, {"writing", 0.1}, {"other", 0.1}}
		c := only(t, QualityInput{Timings: ts}, CautionTooFast, true)
		if c.Value != 0.25 || c.Serious || !strings.Contains(c.Message.EN, "1 of 4") {
			t.Errorf("%+v", c)
		}
		only(t, QualityInput{Timings: ts[1:]}, CautionTooFast, false)
		only(t, QualityInput{Timings: []Timing{{"other", 0.1}}}, CautionTooFast, false)
	})

	t.Run("inconsistent", func(t *testing.T) {
		// Opposite pairs: 5 with 5 reversed to 1 → gap 4 (counted); 5 with 4 → 3 (not).
		only(t, QualityInput{Pairs: []InconsistencyPair{{5, 5, true}, {1, 1, true}}}, CautionInconsistent, true)
		only(t, QualityInput{Pairs: []InconsistencyPair{{5, 5, true}, {5, 4, true}, {1, 2, true}}}, CautionInconsistent, false)
		c := only(t, QualityInput{Pairs: []InconsistencyPair{{5, 1, false}, {1, 1, true}, {4, 3, false}}}, CautionInconsistent, true)
		if c.Value != 2 || c.Threshold != 2 || c.Serious {
			t.Errorf("%+v", c)
		}
	})

	t.Run("focus and paste are not serious", func(t *testing.T) {
		cs := Cautions(QualityInput{FocusLosses: 2, Pastes: 1}, th)
		if !reflect.DeepEqual(qCodes(cs), []string{CautionFocusLoss, CautionPaste}) || HasSerious(cs) {
			t.Errorf("%+v", cs)
		}
	})
}

// qScalesWithSS builds two 10-answer scales whose keyed answers have a total sum of
// squares around their own means within 0.5 of target (searching the multisets of 1–5).
func qScalesWithSS(target float64) []KeyedScale {
	var pats [][]int
	var rec func(prefix []int, from int)
	rec = func(prefix []int, from int) {
		if len(prefix) == 10 {
			pats = append(pats, slices.Clone(prefix))
			return
		}
		for v := from; v <= 5; v++ {
			rec(append(prefix, v), v)
		}
	}
	rec(nil, 1)
	ss := make([]float64, len(pats))
	for i, p := range pats {
		xs := make([]float64, len(p))
		for j, v := range p {
			xs[j] = float64(v)
		}
		ss[i] = variance(xs) * 9
	}
	for i := range pats {
		for j := range pats {
			if math.Abs(ss[i]+ss[j]-target) <= 0.5 {
				return []KeyedScale{qScale(pats[i], nil), qScale(pats[j], nil)}
			}
		}
	}
	return nil
}

// qScale builds a scale from keyed answers of its positive and its reverse-keyed items
// (the raw answers of the reversed ones are (1 + 5) − keyed).
func qScale(pos, rev []int) KeyedScale {
	var s KeyedScale
	for _, y := range pos {
		s.Answers = append(s.Answers, KeyedAnswer{Answer: y, Key: 1})
	}
	for _, y := range rev {
		s.Answers = append(s.Answers, KeyedAnswer{Answer: FivePoint.Reverse(y), Key: -1})
	}
	return s
}

func ptrQ[T any](v T) *T { return &v }

// TestCautionOrder: with every caution raised, they come out in CautionCodes order; the
// codes are distinct and the serious ones are those of SeriousCodes (plus low_variation
// next to longstring and too_fast on most items).
func TestCautionOrder(t *testing.T) {
	t.Parallel()
	var wide []KeyedScale
	for range 3 {
		wide = append(wide, qScale([]int{5, 1, 5, 1, 5, 1}, []int{1, 5, 1, 5}))
	}
	in := QualityInput{
		Likert:      []int{3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3},
		Scales:      wide,
		Impression:  &ImpressionScale{Mean: 4.8, Answered: 10},
		Ability:     []AbilityPart{{Items: qMisfitItems(20)}},
		Timed:       []TimedPart{{Items: 22, Reached: 12, TimedOut: true}},
		Timings:     []Timing{{"likert", 0.5}},
		Pairs:       []InconsistencyPair{{5, 5, true}, {1, 1, true}},
		FocusLosses: 3, Pastes: 2,
	}
	cs := Cautions(in, DefaultThresholds())
	if got := qCodes(cs); !reflect.DeepEqual(got, CautionCodes()) {
		t.Fatalf("order %v\nwant  %v", got, CautionCodes())
	}
	seen := map[string]bool{}
	for _, c := range cs {
		if seen[c.Code] {
			t.Errorf("duplicate code %s", c.Code)
		}
		seen[c.Code] = true
		// low_variation next to longstring, and too_fast when most items were too fast (all
		// of them here), are serious too.
		want := slices.Contains(SeriousCodes(), c.Code) || c.Code == CautionLowVariation || c.Code == CautionTooFast
		if c.Serious != want {
			t.Errorf("%s serious %v, want %v", c.Code, c.Serious, want)
		}
	}
	for _, s := range SeriousCodes() {
		if !slices.Contains(CautionCodes(), s) {
			t.Errorf("serious code %s not in CautionCodes", s)
		}
	}
	if HasSerious(nil) || !HasSerious(cs) {
		t.Error("HasSerious")
	}
}

// FuzzQualityEvidence feeds arbitrary evidence of the new kinds (keyed scales, ability
// answers, timed parts, the IM mean) to Cautions: no panic, no NaN or ±Inf, every caution
// worded in both languages, in CautionCodes order.
func FuzzQualityEvidence(f *testing.F) {
	f.Add([]byte{1, 5, 2, 4, 3, 3, 5, 1, 200, 7, 9}, 0.5, 4.6, 3, 22)
	f.Add([]byte{}, math.NaN(), math.Inf(1), -5, -1)
	f.Add([]byte{0, 255, 128, 64, 32, 16, 8, 4, 2, 1}, 1e300, -1e300, 1<<40, 7)
	f.Fuzz(func(t *testing.T, data []byte, theta, imMean float64, reached, items int) {
		in := QualityInput{Range: LikertRange{Min: int(len(data) % 3), Max: 5},
			Impression: &ImpressionScale{Mean: imMean, Answered: reached},
			Timed:      []TimedPart{{Items: items, Reached: reached, TimedOut: reached%2 == 0}}}
		var part AbilityPart
		part.Theta = theta
		for i, b := range data {
			in.Likert = append(in.Likert, int(b%8)-1)
			scale := i % 3
			for len(in.Scales) <= scale {
				in.Scales = append(in.Scales, KeyedScale{})
			}
			in.Scales[scale].Answers = append(in.Scales[scale].Answers, KeyedAnswer{Answer: int(b%8) - 1, Key: int(b>>6) - 1})
			part.Items = append(part.Items, FitItem{A: float64(b)/40 - 1, B: float64(b)/20 - 6, C: float64(b%5) / 4, Correct: b%3 == 0})
		}
		in.Ability = []AbilityPart{part, {Theta: -theta, Items: part.Items}}
		cs := Cautions(in, DefaultThresholds())
		pos := -1
		for _, c := range cs {
			if !finite(c.Value) || !finite(c.Threshold) {
				t.Fatalf("non-finite caution %+v", c)
			}
			if c.Code == "" || c.Message.ES == "" || c.Message.EN == "" {
				t.Fatalf("caution without code or wording: %+v", c)
			}
			i := slices.Index(CautionCodes(), c.Code)
			if i <= pos {
				t.Fatalf("%s out of order in %v", c.Code, qCodes(cs))
			}
			pos = i
		}
		if lz, _ := PersonFit(in.Ability); !finite(lz) {
			t.Fatalf("l_z %v", lz)
		}
		if sd, df := KeyedSpread(in.Scales, FivePoint); !finite(sd) || df < 0 || !finite(RandomLine(1.1, 2.17, df)) {
			t.Fatalf("spread %v over %d", sd, df)
		}
	})
}

// TestSeriousLinesOfTooFastAndTheFakingProfile: too_fast is serious only from half of the
// items; the faking profile needs both the IM line and the desirable end elsewhere.
func TestSeriousLinesOfTooFastAndTheFakingProfile(t *testing.T) {
	t.Parallel()
	th := DefaultThresholds()
	timings := func(fast, slow int) []Timing {
		var ts []Timing
		for range fast {
			ts = append(ts, Timing{"likert", 1})
		}
		for range slow {
			ts = append(ts, Timing{"likert", 6})
		}
		return ts
	}
	for _, tc := range []struct {
		fast, slow int
		flagged    bool
		serious    bool
	}{{2, 8, false, false}, {3, 7, true, false}, {4, 6, true, false}, {5, 5, true, true}, {9, 1, true, true}} {
		var got *Caution
		for _, c := range Cautions(QualityInput{Timings: timings(tc.fast, tc.slow)}, th) {
			if c.Code == CautionTooFast {
				got = &c
			}
		}
		if (got != nil) != tc.flagged || (got != nil && got.Serious != tc.serious) {
			t.Errorf("%d of %d fast: %+v; want flagged %v serious %v", tc.fast, tc.fast+tc.slow, got, tc.flagged, tc.serious)
		}
	}
	for _, tc := range []struct {
		im, others float64
		n          int
		want       bool
	}{{4.0, 4.5, 40, true}, {3.9, 4.4, 40, true}, {3.8, 4.6, 40, false}, {4.0, 4.3, 40, false}, {4.0, 4.6, 10, false}, {4.4, 3.0, 40, true}} {
		in := QualityInput{Impression: &ImpressionScale{Mean: tc.im, Answered: 8, Others: tc.others, OthersAnswered: tc.n}}
		got := slices.ContainsFunc(Cautions(in, th), func(c Caution) bool { return c.Code == CautionImpression && c.Serious })
		if got != tc.want {
			t.Errorf("IM %.1f, others %.1f over %d: flagged %v, want %v", tc.im, tc.others, tc.n, got, tc.want)
		}
	}
}
