package scoring

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The recovery checks: people with known traits answer by the models the engine assumes,
// and the estimates must recover the traits. Fixed seeds keep them deterministic.

// simItems2PL returns n items with discriminations in [0.8, 2.0] and difficulties spread
// over [−2, 2], like a calibrated cognitive section.
func simItems2PL(r *rand.Rand, n int) []Scored2PL {
	items := make([]Scored2PL, n)
	for i := range items {
		items[i] = Scored2PL{A: 0.8 + 1.2*r.Float64(), B: -2 + 4*float64(i)/float64(n-1)}
	}
	return items
}

func TestSimulation2PL(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(20240601, 6))
	items := simItems2PL(r, 20)
	const people = 1000
	truth := make([]float64, people)
	est := make([]float64, people)
	covered := 0
	var sqErr, sumSE float64
	for p := range people {
		theta := r.NormFloat64()
		answers := make([]Scored2PL, len(items))
		for i, it := range items {
			it.Correct = Answer2PL(r, theta, it.A, it.B)
			answers[i] = it
		}
		ab := EAP(answers)
		truth[p], est[p] = theta, ab.Theta
		if theta >= ab.Band.Low && theta <= ab.Band.High {
			covered++
		}
		sqErr += (ab.Theta - theta) * (ab.Theta - theta)
		sumSE += ab.SE
	}
	rho := Spearman(truth, est)
	coverage := float64(covered) / people
	t.Logf("2PL, %d people × %d items: Spearman %.3f, 95%% coverage %.1f%%, RMSE %.3f vs mean SE %.3f",
		people, len(items), rho, 100*coverage, math.Sqrt(sqErr/people), sumSE/people)
	if rho < 0.80 {
		t.Errorf("Spearman(θ, θ̂) = %.3f, want ≥ 0.80", rho)
	}
	if coverage < 0.90 || coverage > 0.98 {
		t.Errorf("95%% interval coverage = %.3f, want 0.90–0.98", coverage)
	}
}

// simLikert is a 10-item scale: 4 reverse-keyed, discriminations 1.2–2.4, and four
// ordered thresholds per item around a location in [−0.5, 0.5].
type simLikert struct {
	items []LikertItem
	a     []float64
	th    [][]float64
}

func newSimLikert(r *rand.Rand, n int) simLikert {
	var s simLikert
	for i := range n {
		key := 1
		if i%5 == 1 || i%5 == 3 {
			key = -1
		}
		s.items = append(s.items, LikertItem{ID: string(rune('a' + i)), Scale: "S", Key: key})
		s.a = append(s.a, 1.2+1.2*r.Float64())
		loc := r.Float64() - 0.5
		s.th = append(s.th, []float64{loc - 1.8, loc - 0.6, loc + 0.4, loc + 1.5})
	}
	return s
}

func (s simLikert) answer(r *rand.Rand, theta float64) map[string]int {
	ans := map[string]int{}
	for i, it := range s.items {
		ans[it.ID] = AnswerGraded(r, theta, it.Key, s.a[i], s.th[i], FivePoint)
	}
	return ans
}

func TestSimulationLikert(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(20240601, 10))
	scale := newSimLikert(r, 10)
	const people = 1000
	truth := make([]float64, people)
	est := make([]float64, people)
	all := make([]map[string]int, people)
	for p := range people {
		theta := r.NormFloat64()
		all[p] = scale.answer(r, theta)
		truth[p] = theta
		est[p] = ScoreLikert(scale.items, all[p], FivePoint)[0].Score
	}
	rho := Spearman(truth, est)
	rel := ScaleReliability(nil, LikertMatrix(scale.items, all, FivePoint))
	t.Logf("Likert, %d people × %d items (4 reversed): Spearman %.3f, α %.3f, SEM %.3f",
		people, len(scale.items), rho, rel.Alpha, rel.SEM)
	if rho < 0.85 {
		t.Errorf("Spearman(θ, scale score) = %.3f, want ≥ 0.85", rho)
	}
	for _, it := range rel.Items {
		if it.Flag {
			t.Errorf("item %+v flagged on model data: reverse keys not applied?", it)
		}
	}
}

// TestSimulationRoleFit carries both kinds of score through norms, the composite and
// the ranking, and checks that the ranking recovers the true role fit and that near-ties
// are grouped rather than ordered.
func TestSimulationRoleFit(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(20240601, 99))
	items := simItems2PL(r, 20)
	scale := newSimLikert(r, 10)
	const people = 200
	type person struct {
		theta, trait float64
		likert       map[string]int
		ability      Ability
	}
	ps := make([]person, people)
	raw := make([]float64, people)
	for i := range ps {
		p := person{theta: r.NormFloat64(), trait: r.NormFloat64()}
		var ans []Scored2PL
		for _, it := range items {
			it.Correct = Answer2PL(r, p.theta, it.A, it.B)
			ans = append(ans, it)
		}
		p.ability = EAP(ans)
		p.likert = scale.answer(r, p.trait)
		raw[i] = ScoreLikert(scale.items, p.likert, FivePoint)[0].Score
		ps[i] = p
	}
	// Local norm and SEM from the same sessions, as the engine will have them.
	norm := ChooseNorm(Norm{Mean: 3, SD: 0.7, N: 100}, raw)
	if norm.Source != Local {
		t.Fatalf("200 sessions should give a local norm, got %s", norm.Source)
	}
	all := make([]map[string]int, people)
	for i := range ps {
		all[i] = ps[i].likert
	}
	rel := ScaleReliability(nil, LikertMatrix(scale.items, all, FivePoint))
	seZ := SEInZ(rel.SEM, norm)

	in := make([]RankInput, people)
	truth := make([]float64, people)
	est := make([]float64, people)
	for i, p := range ps {
		c := RoleFit([]Part{
			{ID: "cognitive", Weight: 0.6, Z: p.ability.Theta, SE: p.ability.SE},
			{ID: "scale", Weight: 0.4, Z: Standardize(raw[i], norm).Z, SE: seZ},
		})
		in[i] = RankInput{ID: string(rune(0x100 + i)), C: c.C, SE: c.SE}
		truth[i] = 0.6*p.theta + 0.4*p.trait
		est[i] = c.C
	}
	rho := Spearman(truth, est)
	ranked := Rank(in, 10, 1)
	// The true rank (by true fit) should lie in the reported 95% rank interval.
	trueRank := ranks(truth) // 1 = lowest
	covered, width := 0, 0
	for _, r := range ranked {
		i := int([]rune(r.ID)[0]) - 0x100
		tr := people + 1 - int(trueRank[i])
		if tr >= r.Low && tr <= r.High {
			covered++
		}
		width += r.High - r.Low
	}
	cover := float64(covered) / people
	t.Logf("role fit, %d people: Spearman %.3f; scale α %.3f, SE %.3f z; true rank inside the 95%% rank interval %.1f%%, mean width %.1f places",
		people, rho, rel.Alpha, seZ, 100*cover, float64(width)/people)
	if rho < 0.85 {
		t.Errorf("Spearman(true fit, composite) = %.3f, want ≥ 0.85", rho)
	}
	if cover < 0.90 {
		t.Errorf("rank intervals contain the true rank %.1f%% of the time, want ≥ 90%%", 100*cover)
	}
	if float64(width)/people > people/2 {
		t.Errorf("rank intervals %.1f places wide on average for %d people: they say nothing", float64(width)/people, people)
	}
}
