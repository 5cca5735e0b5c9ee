// Package scoring is Shortlist's psychometric engine: pure functions from answer keys,
// item parameters and saved responses to scores with their uncertainty. It knows no
// storage, no HTTP and no content format: callers fill the plain input structs below from
// the catalog and the saved session, so the formulas can be tested (and cross-checked
// against R) on their own. Every formula is stated where it is implemented and described,
// with its constants and references, in docs/scoring.md.
//
// Untrusted input (response sets) never makes a function panic and never yields NaN or
// ±Inf in an output: out-of-range answers are ignored and counted, and a statistic that
// cannot be computed is reported as zero together with a flag or count that says so.
package scoring

import (
	"math"
	"sort"
)

// Version identifies the scoring engine; a stored result records it next to the content
// version so an old result can be explained after the formulas change.
const Version = "scoring/1"

// Text is one piece of wording in Spanish and English (the same shape as catalog.Text,
// kept here so the engine depends on the standard library only).
type Text struct {
	ES string `json:"es"`
	EN string `json:"en"`
}

// z95 is the two-sided 95% normal quantile used for every band and tie rule.
const z95 = 1.96

// finite reports whether x is a usable number.
func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// clean maps NaN and ±Inf to 0 so that no output ever carries them.
func clean(x float64) float64 {
	if finite(x) {
		return x
	}
	return 0
}

// mean of xs; 0 for none or on overflow.
func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return clean(s / float64(len(xs)))
}

// variance with the n−1 denominator (the sample variance R's var() reports); 0 below 2 or on overflow.
func variance(xs []float64) float64 {
	if len(xs) < 2 {
		return 0
	}
	m := mean(xs)
	s := 0.0
	for _, x := range xs {
		s += (x - m) * (x - m)
	}
	return clean(s / float64(len(xs)-1))
}

// pearson correlation; 0 when either side has no variance.
func pearson(x, y []float64) float64 {
	if len(x) != len(y) || len(x) < 2 {
		return 0
	}
	mx, my := mean(x), mean(y)
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx <= 0 || syy <= 0 {
		return 0
	}
	return clean(sxy / math.Sqrt(sxx*syy))
}

// ranks returns average ranks (1-based, ties share the mean rank), as Spearman needs.
func ranks(xs []float64) []float64 {
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return xs[idx[a]] < xs[idx[b]] })
	r := make([]float64, len(xs))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && xs[idx[j+1]] == xs[idx[i]] {
			j++
		}
		avg := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			r[idx[k]] = avg
		}
		i = j + 1
	}
	return r
}

// Spearman is the rank correlation of x and y (Pearson on average ranks). The simulation
// reports it as the measure of trait recovery; 0 when it is undefined.
func Spearman(x, y []float64) float64 {
	if len(x) != len(y) {
		return 0
	}
	for i := range x {
		if !finite(x[i]) || !finite(y[i]) {
			return 0
		}
	}
	return pearson(ranks(x), ranks(y))
}

// nan marks a missing cell in the persons × items matrices (as NA does in R).
var nan = math.NaN()
