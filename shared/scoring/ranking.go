package scoring

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
)

// RankInput is one candidate's composite for ranking.
type RankInput struct {
	ID string
	C  float64
	SE float64
}

// Ranked is one row of a ranking: the position by composite and how far measurement
// error could move it.
type Ranked struct {
	ID   string
	Rank int // 1-based position by composite
	C    float64
	SE   float64
	// Low and High bound the 95% rank interval: in 95 of 100 plausible versions of the
	// cohort's true composites (each drawn from its posterior given its score and SE) the
	// candidate ranks between Low and High.
	Low, High int
	// PTop is the share of those versions in which the candidate is among the top K.
	PTop float64
}

// RankDraws is how many plausible versions of the cohort a ranking draws: enough for a
// stable 2.5th/97.5th percentile (±1 draw of 200 moves a bound by at most one
// neighbour's rank), small enough for 100,000 candidates in about a second.
const RankDraws = 200

// Past LargeCohort candidates a ranking draws LargeCohortDraws versions: the intervals
// are then hundreds of places wide, where a percentile from 100 draws moves a bound by a
// few places, and the draws are the view's largest cost.
const (
	LargeCohort      = 20_000
	LargeCohortDraws = 100
)

// RankRule documents the rank interval for the report.
var RankRule = Text{
	ES: "Cada puntuación tiene un error de medida. Para mostrar cuánto puede mover ese error el puesto de cada candidato, se generan 200 versiones plausibles del grupo (cada ajuste verdadero se sortea según su valor, su error estándar y la dispersión del grupo; un puntaje extremo es en parte suerte y se acerca un poco a la media) y se ordena cada una. El intervalo de puesto es el rango entre los percentiles 2,5 y 97,5 del puesto obtenido; «prob. entre los primeros K» es la proporción de versiones en que el candidato queda entre los primeros K. Dos candidatos cuyos intervalos se solapan mucho no se distinguen con esta evaluación.",
	EN: "Every score carries measurement error. To show how far that error can move each candidate's place, 200 plausible versions of the cohort are drawn (each true role fit drawn given its score, its standard error and the cohort's spread; an extreme score is partly luck and moves a little toward the mean) and each is ranked. The rank interval runs from the 2.5th to the 97.5th percentile of the place obtained; \"chance of top K\" is the share of versions in which the candidate is among the first K. Candidates whose intervals largely overlap cannot be told apart by this assessment.",
}

// Rank orders candidates by composite, highest first (equal composites by id, so the
// order never depends on input order or speed), and gives each a 95% rank interval and
// the probability of being in the top topK, from RankDraws draws of the cohort's true
// composites given the observed ones, ranked in each draw. Each true composite is drawn
// from its normal posterior under the cohort's own spread (empirical Bayes):
//
//	τ² = max(var(C) − mean(SE²), var(C)/100)    the spread of true composites
//	bᵢ = τ²/(τ² + SEᵢ²),  Tᵢ ~ N(μ + bᵢ(Cᵢ − μ), bᵢ·SEᵢ²)
//
// so a score at the top, which is partly luck, is expected to regress toward the mean —
// drawing around the observed scores themselves would leave the top candidates' intervals
// too optimistic. The draws are seeded, so the same cohort and seed give the same
// intervals. Time O(D·n log n), memory O(D·n) for D draws; the output is O(n) (no
// per-candidate lists of others).
func Rank(in []RankInput, topK int, seed uint64) []Ranked {
	n := len(in)
	out := make([]Ranked, n)
	for i, c := range in {
		out[i] = Ranked{ID: c.ID, C: clean(c.C), SE: math.Abs(clean(c.SE))}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].C != out[j].C {
			return out[i].C > out[j].C
		}
		return out[i].ID < out[j].ID
	})
	for i := range out {
		out[i].Rank = i + 1
	}
	if n == 0 {
		return out
	}
	topK = max(1, min(topK, n))
	var mu, vc, se2 float64
	for _, r := range out {
		mu += r.C
		se2 += r.SE * r.SE
	}
	mu /= float64(n)
	se2 /= float64(n)
	for _, r := range out {
		vc += (r.C - mu) * (r.C - mu)
	}
	if n > 1 {
		vc /= float64(n - 1)
	}
	tau2 := math.Max(vc-se2, vc/100)
	mean, sd := make([]float64, n), make([]float64, n)
	for i, r := range out {
		b := 1.0
		if tau2+r.SE*r.SE > 0 {
			b = tau2 / (tau2 + r.SE*r.SE)
		}
		mean[i], sd[i] = mu+b*(r.C-mu), math.Sqrt(b)*r.SE
	}
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	draws := RankDraws
	if n > LargeCohort {
		draws = LargeCohortDraws
	}
	ranks := make([]uint32, draws*n) // ranks[d*n+i]: candidate i's place in draw d
	type drawn struct {
		v float64
		i int32
	}
	draw := make([]drawn, n)
	inTop := make([]int, n)
	for d := 0; d < draws; d++ {
		for i := range out {
			draw[i] = drawn{mean[i] + sd[i]*rng.NormFloat64(), int32(i)}
		}
		slices.SortFunc(draw, func(a, b drawn) int {
			switch {
			case a.v > b.v:
				return -1
			case a.v < b.v:
				return 1
			}
			return int(a.i - b.i)
		})
		row := ranks[d*n : (d+1)*n]
		for place, x := range draw {
			row[x.i] = uint32(place + 1)
			if place < topK {
				inTop[x.i]++
			}
		}
	}
	mine := make([]uint32, draws)
	lo, hi := int(math.Floor(0.025*float64(draws))), int(math.Ceil(0.975*float64(draws)))-1
	for i := range out {
		for d := 0; d < draws; d++ {
			mine[d] = ranks[d*n+i]
		}
		slices.Sort(mine)
		out[i].Low, out[i].High = int(mine[lo]), int(mine[hi])
		// The observed place is always inside its own interval.
		out[i].Low, out[i].High = min(out[i].Low, out[i].Rank), max(out[i].High, out[i].Rank)
		out[i].PTop = float64(inTop[i]) / float64(draws)
	}
	return out
}
