package scoring

import "math"

// ItemSums are the sufficient statistics of a persons × items matrix of keyed item scores
// for everything ScaleReliability reports: Cronbach's α, each item's mean, SD, corrected
// item–total r and α if dropped, and the scale score's mean, SD and SEM. Rows are added
// one at a time (complete rows only, as ScaleReliability's listwise deletion), so a
// cohort's reliability is kept up to date in O(k) per candidate instead of re-reading
// every candidate's items.
//
//	var(xᵢ)        = (Σxᵢ² − (Σxᵢ)²/n)/(n − 1)
//	cov(xᵢ, T)     = (ΣxᵢT − ΣxᵢΣT/n)/(n − 1)        T = Σᵢxᵢ, a row's total
//	var(T − xᵢ)    = var(T) + var(xᵢ) − 2·cov(xᵢ, T)
//	r.dropᵢ        = (cov(xᵢ, T) − var(xᵢ)) / √(var(xᵢ)·var(T − xᵢ))
type ItemSums struct {
	N     int       `json:"n"`
	Sum   []float64 `json:"s"`
	SumSq []float64 `json:"s2"`
	SumXT []float64 `json:"sxt"`
	SumT  float64   `json:"st"`
	SumT2 float64   `json:"st2"`
}

// NewItemSums starts the sums of a k-item scale.
func NewItemSums(k int) ItemSums {
	return ItemSums{Sum: make([]float64, k), SumSq: make([]float64, k), SumXT: make([]float64, k)}
}

// Add adds one person's keyed item scores; a row of the wrong length or with a missing
// (non-finite) cell is left out, and Add reports whether it was used.
func (s *ItemSums) Add(row []float64) bool {
	if len(row) != len(s.Sum) {
		return false
	}
	t := 0.0
	for _, v := range row {
		if !finite(v) {
			return false
		}
		t += v
	}
	s.N++
	s.SumT += t
	s.SumT2 += t * t
	for i, v := range row {
		s.Sum[i] += v
		s.SumSq[i] += v * v
		s.SumXT[i] += v * t
	}
	return true
}

// Reliability is ScaleReliability computed from the sums; items names the columns.
func (s ItemSums) Reliability(items []string) Reliability {
	k := len(s.Sum)
	rel := Reliability{K: k, N: s.N}
	if k < 1 || s.N < 2 {
		return rel
	}
	n := float64(s.N)
	varOf := func(sum, sumSq float64) float64 { return math.Max(0, (sumSq-sum*sum/n)/(n-1)) }
	vT := varOf(s.SumT, s.SumT2)
	vars := make([]float64, k)
	sumVar := 0.0
	for i := range k {
		vars[i] = varOf(s.Sum[i], s.SumSq[i])
		sumVar += vars[i]
	}
	rel.Mean = s.SumT / n / float64(k)
	rel.SD = math.Sqrt(vT) / float64(k)
	alpha, ok := alphaOf(k, sumVar, vT)
	rel.Alpha, rel.Defined = alpha, ok && k >= 2
	if rel.Defined {
		rel.SEM = SEM(rel.SD, alpha)
	}
	rel.Items = make([]ItemStat, k)
	for i := range k {
		cov := (s.SumXT[i] - s.Sum[i]*s.SumT/n) / (n - 1)
		vRest := math.Max(0, vT+vars[i]-2*cov)
		st := ItemStat{Mean: s.Sum[i] / n, SD: math.Sqrt(vars[i])}
		if d := math.Sqrt(vars[i] * vRest); d > 0 {
			st.RDrop = clean((cov - vars[i]) / d)
		}
		if i < len(items) {
			st.Item = items[i]
		}
		st.Flag = st.RDrop < FlagItemTotal
		st.AlphaIfDropped, _ = alphaOf(k-1, sumVar-vars[i], vRest)
		rel.Items[i] = st
	}
	if !rel.Defined {
		rel.Alpha, rel.SEM = 0, 0
	}
	return rel
}

// alphaOf is k/(k−1)·(1 − Σσᵢ²/σ_T²); ok is false when it is undefined.
func alphaOf(k int, sumVar, vT float64) (float64, bool) {
	if k < 2 || !(vT > 0) {
		return 0, false
	}
	a := float64(k) / float64(k-1) * (1 - sumVar/vT)
	if !finite(a) {
		return 0, false
	}
	return a, true
}
