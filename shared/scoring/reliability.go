package scoring

import "math"

// FlagItemTotal is the corrected item–total correlation below which an item is flagged
// for review (docs/scoring.md, "Reliability and the standard error of measurement").
const FlagItemTotal = 0.20

// ItemStat describes one item of a scale from the responses of real candidates.
type ItemStat struct {
	Item string
	Mean float64 // for 0/1 items this is the facility (proportion correct)
	SD   float64
	// RDrop is the corrected item–total correlation: the item against the total of the
	// other items (R psych's r.drop). For 0/1 items it is the discrimination index.
	RDrop float64
	Flag  bool // RDrop < FlagItemTotal
	// AlphaIfDropped is α of the scale without this item (psych's alpha.drop).
	AlphaIfDropped float64
}

// Reliability is internal consistency for one scale.
type Reliability struct {
	K     int     // items
	N     int     // complete response sets used (listwise)
	Alpha float64 // Cronbach's α; may be negative on bad data, reported as is
	// Mean and SD are of the scale score as ScoreLikert reports it (the item mean), so
	// SEM is in the same units as a candidate's score.
	Mean, SD float64
	SEM      float64
	Items    []ItemStat
	// Defined is false when α cannot be computed (fewer than 2 items or 2 complete
	// response sets, or no variance in the total); the numbers are then 0.
	Defined bool
}

// ScaleReliability computes, from a persons × items matrix of keyed scores (NaN =
// missing; rows with any missing cell are dropped, as a complete-case analysis):
//
//	Cronbach's α = k/(k−1)·(1 − Σσᵢ²/σₓ²)        (σₓ² = variance of the total)
//	corrected item–total r = cor(item, total − item)  (flag < .20)
//	SEM = SD·√(1 − α)                                (α clamped to [0, 1] here)
//
// items names the columns and may be nil. Variances use n − 1, as R does; α itself does
// not depend on the choice.
func ScaleReliability(items []string, rows [][]float64) Reliability {
	k := 0
	for _, r := range rows {
		k = max(k, len(r))
	}
	var data [][]float64
	for _, r := range rows {
		if len(r) != k {
			continue
		}
		ok := true
		for _, v := range r {
			if !finite(v) {
				ok = false
				break
			}
		}
		if ok {
			data = append(data, r)
		}
	}
	rel := Reliability{K: k, N: len(data)}
	if k < 1 || len(data) < 2 {
		return rel
	}
	cols := make([][]float64, k)
	total := make([]float64, len(data))
	for j := range k {
		cols[j] = make([]float64, len(data))
		for i, r := range data {
			cols[j][i] = r[j]
			total[i] += r[j]
		}
	}
	scaleMeans := make([]float64, len(data))
	for i := range total {
		scaleMeans[i] = total[i] / float64(k)
	}
	rel.Mean = mean(scaleMeans)
	rel.SD = math.Sqrt(variance(scaleMeans))
	alpha, ok := cronbach(cols, nil)
	rel.Alpha = alpha
	rel.Defined = ok && k >= 2
	if rel.Defined {
		rel.SEM = SEM(rel.SD, alpha)
	}
	rel.Items = make([]ItemStat, k)
	rest := make([]float64, len(data))
	for j := range k {
		for i := range total {
			rest[i] = total[i] - cols[j][i]
		}
		st := ItemStat{
			Mean:  mean(cols[j]),
			SD:    math.Sqrt(variance(cols[j])),
			RDrop: pearson(cols[j], rest),
		}
		if j < len(items) {
			st.Item = items[j]
		}
		st.Flag = st.RDrop < FlagItemTotal
		st.AlphaIfDropped, _ = cronbach(cols, map[int]bool{j: true})
		rel.Items[j] = st
	}
	if !rel.Defined {
		rel.Alpha, rel.SEM = 0, 0
	}
	return rel
}

// cronbach is α over the columns not in skip; ok is false when it is undefined.
func cronbach(cols [][]float64, skip map[int]bool) (float64, bool) {
	n := len(cols[0])
	total := make([]float64, n)
	k, sumVar := 0, 0.0
	for j, c := range cols {
		if skip[j] {
			continue
		}
		k++
		sumVar += variance(c)
		for i, v := range c {
			total[i] += v
		}
	}
	vx := variance(total)
	if k < 2 || !(vx > 0) {
		return 0, false
	}
	a := float64(k) / float64(k-1) * (1 - sumVar/vx)
	if !finite(a) {
		return 0, false
	}
	return a, true
}

// SEM is the standard error of measurement SD·√(1 − α). α outside [0, 1] is clamped: a
// negative α says the items do not measure one thing, and the error cannot exceed the SD.
func SEM(sd, alpha float64) float64 {
	if !finite(sd) || sd < 0 || !finite(alpha) {
		return 0
	}
	alpha = math.Max(0, math.Min(1, alpha))
	return sd * math.Sqrt(1-alpha)
}

// Band is a 95% interval around a score.
type Band struct{ Low, High float64 }

// Band95 is X ± 1.96·SE.
func Band95(x, se float64) Band {
	x, se = clean(x), math.Abs(clean(se))
	return Band{Low: clean(x - z95*se), High: clean(x + z95*se)}
}

// ChoiceItemStat is classical item analysis for a right/wrong item.
type ChoiceItemStat struct {
	Item string
	N    int // candidates who saw the item
	// Facility is the proportion correct (p).
	Facility float64
	// Discrimination is the corrected point-biserial: the item against the number right
	// on the other items. Low (< .20) or negative values flag a doubtful key or item.
	Discrimination float64
	Flag           bool
}

// ChoiceItemStats runs item analysis on a persons × items 0/1 matrix (NaN = not seen;
// rows with any missing cell are dropped so every item is judged on the same people).
func ChoiceItemStats(items []string, rows [][]float64) []ChoiceItemStat {
	rel := ScaleReliability(items, rows)
	out := make([]ChoiceItemStat, len(rel.Items))
	for j, st := range rel.Items {
		out[j] = ChoiceItemStat{Item: st.Item, N: rel.N, Facility: st.Mean, Discrimination: st.RDrop, Flag: st.Flag}
	}
	return out
}
