package scoring

import "sort"

// LikertItem is what scoring needs of one agreement item (catalog.Item: ID, Scale, Key).
type LikertItem struct {
	ID    string
	Scale string
	Key   int // +1 keyed in the scale's direction, −1 reverse-keyed
}

// LikertRange is the answer range of an agreement scale, 1–5 for Shortlist's items.
type LikertRange struct{ Min, Max int }

// FivePoint is the range of every Likert item in the catalog.
var FivePoint = LikertRange{Min: 1, Max: 5}

// Valid reports whether x is an answer on this range.
func (r LikertRange) Valid(x int) bool { return r.Min < r.Max && x >= r.Min && x <= r.Max }

// Reverse returns the reverse-keyed answer: x′ = (min + max) − x.
func (r LikertRange) Reverse(x int) int { return r.Min + r.Max - x }

// Keyed returns the answer in the scale's direction: reversed when key < 0.
func (r LikertRange) Keyed(x, key int) int {
	if key < 0 {
		return r.Reverse(x)
	}
	return x
}

// ScaleScore is one scale's raw score.
type ScaleScore struct {
	Scale string
	// Score is the mean of the keyed answers present, on the answer range (1–5); 0 when
	// nothing was answered (Answered says so).
	Score    float64
	Answered int // items with a valid answer
	Items    int // items the scale has
	// Invalid counts answers outside the range or to items of no scale: ignored.
	Invalid int
}

// ScoreLikert scores every scale: reverse keys are applied (x′ = (min+max) − x) and the
// scale score is the mean of the keyed items present, so a skipped item neither counts as
// zero nor as the midpoint. answers maps item id → chosen point. Scales come back sorted by
// id; answers to unknown items are counted as invalid on no scale and otherwise ignored.
func ScoreLikert(items []LikertItem, answers map[string]int, r LikertRange) []ScaleScore {
	by := map[string]*ScaleScore{}
	sums := map[string]int{}
	known := map[string]bool{}
	for _, it := range items {
		s := by[it.Scale]
		if s == nil {
			s = &ScaleScore{Scale: it.Scale}
			by[it.Scale] = s
		}
		if known[it.ID] { // a duplicated item id would count one answer twice
			continue
		}
		known[it.ID] = true
		s.Items++
		x, ok := answers[it.ID]
		if !ok {
			continue
		}
		if !r.Valid(x) {
			s.Invalid++
			continue
		}
		s.Answered++
		sums[it.Scale] += r.Keyed(x, it.Key)
	}
	out := make([]ScaleScore, 0, len(by))
	for id, s := range by {
		if s.Answered > 0 {
			s.Score = float64(sums[id]) / float64(s.Answered)
		}
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Scale < out[j].Scale })
	return out
}

// LikertMatrix lays keyed answers out as persons × items for reliability analysis
// (Alpha): column j is items[j] (all from one scale, in the order given), keyed; a missing
// or invalid answer is NaN, which ScaleReliability treats as missing.
func LikertMatrix(items []LikertItem, people []map[string]int, r LikertRange) [][]float64 {
	rows := make([][]float64, len(people))
	for p, ans := range people {
		row := make([]float64, len(items))
		for j, it := range items {
			x, ok := ans[it.ID]
			if !ok || !r.Valid(x) {
				row[j] = nan
				continue
			}
			row[j] = float64(r.Keyed(x, it.Key))
		}
		rows[p] = row
	}
	return rows
}
