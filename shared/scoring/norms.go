package scoring

import (
	"math"
	"sort"
)

// NormSource says which distribution a standard score was computed against.
type NormSource string

const (
	// Reference norms ship with the content and are provisional until calibrated.
	Reference NormSource = "reference"
	// Local norms come from the assessment's own scored candidates (assess.Cohort).
	Local NormSource = "local"
)

// LocalNormMin is the number of completed sessions a scale needs before its local norm
// replaces the reference one (docs/scoring.md, "Norms and standard scores").
const LocalNormMin = 30

// Norm is the distribution a raw score is compared with.
type Norm struct {
	Source NormSource
	Mean   float64
	SD     float64
	N      int
	// Sample holds the local raw scores, sorted, when Source is Local: the percentile rank
	// is then counted in it rather than read off a normal curve.
	Sample []float64
}

// ChooseNorm returns the local norm when the organisation has at least LocalNormMin
// finite scores on the scale with some spread, else the reference norm; the returned
// Source says which one a score uses.
func ChooseNorm(ref Norm, local []float64) Norm {
	ref.Source = Reference
	ref.Sample = nil
	xs := make([]float64, 0, len(local))
	for _, x := range local {
		if finite(x) {
			xs = append(xs, x)
		}
	}
	if len(xs) < LocalNormMin {
		return ref
	}
	sd := math.Sqrt(variance(xs))
	if !(sd > 0) || !finite(sd) { // everyone scored the same: z would be undefined
		return ref
	}
	sort.Float64s(xs)
	return Norm{Source: Local, Mean: mean(xs), SD: sd, N: len(xs), Sample: xs}
}

// Standard is a raw score expressed against a norm.
type Standard struct {
	Raw        float64
	Z          float64
	T          float64
	Sten       int
	Percentile float64 // 0–100
	Norm       NormSource
	// Defined is false when the norm has no usable SD; then Z is 0, T 50, sten 6 and
	// percentile 50 are placeholders, not findings.
	Defined bool
}

// Standardize expresses x against n:
//
//	z = (X − μ)/σ;  T = 50 + 10z;  sten = clamp(round(5.5 + 2z), 1, 10);
//	percentile rank = 100·(below + ½·equal)/N in the local sample, or 100·Φ(z) against a
//	reference norm (which ships only its mean and SD).
func Standardize(x float64, n Norm) Standard {
	s := Standard{Raw: clean(x), Norm: n.Source}
	if n.Source == "" {
		s.Norm = Reference
	}
	if !finite(x) || !finite(n.Mean) || !finite(n.SD) || n.SD <= 0 {
		s.T, s.Sten, s.Percentile = 50, Sten(0), 50
		return s
	}
	s.Defined = true
	s.Z = clean((x - n.Mean) / n.SD)
	s.T = clean(50 + 10*s.Z)
	s.Sten = Sten(s.Z)
	if n.Source == Local && len(n.Sample) > 0 {
		s.Percentile = percentileSorted(x, n.Sample)
	} else {
		s.Percentile = 100 * normalCDF(s.Z)
	}
	return s
}

// Sten is clamp(round(5.5 + 2z), 1, 10). round is half away from zero, so z = 0 → 6:
// the mean sits on the boundary between stens 5 and 6.
func Sten(z float64) int {
	if !finite(z) {
		z = 0
	}
	s := math.Round(5.5 + 2*z)
	return int(math.Max(1, math.Min(10, s)))
}

// PercentileRank is 100·(below + ½·equal)/N: the share of the sample scoring lower, with
// ties counted half. sample need not be sorted; non-finite values are ignored.
func PercentileRank(x float64, sample []float64) float64 {
	var below, equal, n float64
	for _, v := range sample {
		if !finite(v) {
			continue
		}
		n++
		switch {
		case v < x:
			below++
		case v == x:
			equal++
		}
	}
	if n == 0 {
		return 50
	}
	return 100 * (below + equal/2) / n
}

// percentileSorted is PercentileRank for a sorted, finite sample (Norm.Sample is one), by binary
// search: O(log n) instead of O(n), so a cohort of 100,000 standardises in milliseconds.
func percentileSorted(x float64, sorted []float64) float64 {
	below := sort.SearchFloat64s(sorted, x)
	upto := sort.Search(len(sorted), func(i int) bool { return sorted[i] > x })
	return 100 * (float64(below) + float64(upto-below)/2) / float64(len(sorted))
}

// normalCDF is Φ(z).
func normalCDF(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }

// SEInZ converts a standard error in raw-score units (a SEM) into z units for the
// composite: SE_z = SEM/σ of the norm the score is standardised against.
func SEInZ(sem float64, n Norm) float64 {
	if !finite(sem) || !finite(n.SD) || n.SD <= 0 || sem < 0 {
		return 0
	}
	return sem / n.SD
}
