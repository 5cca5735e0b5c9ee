package scoring

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestItemSumsEqualsScaleReliability: the running sums give the same α, item statistics
// and SEM as the matrix computation (which is cross-checked against R psych), including
// listwise deletion of incomplete rows.
func TestItemSumsEqualsScaleReliability(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	items := []string{"a", "b", "c", "d", "e", "f"}
	for _, people := range []int{2, 3, 40, 1000} {
		var rows [][]float64
		sums := NewItemSums(len(items))
		for range people {
			theta := r.NormFloat64()
			row := make([]float64, len(items))
			for j := range row {
				row[j] = math.Round(math.Max(1, math.Min(5, 3+theta+r.NormFloat64())))
			}
			if r.IntN(10) == 0 {
				row[r.IntN(len(row))] = math.NaN() // an unanswered item: left out of both
			}
			rows = append(rows, row)
			sums.Add(row)
		}
		want, got := ScaleReliability(items, rows), sums.Reliability(items)
		if want.N != got.N || want.K != got.K || want.Defined != got.Defined {
			t.Fatalf("%d people: N/K/Defined %d/%d/%v, want %d/%d/%v", people, got.N, got.K, got.Defined, want.N, want.K, want.Defined)
		}
		near(t, "alpha", got.Alpha, want.Alpha, 1e-9)
		near(t, "mean", got.Mean, want.Mean, 1e-9)
		near(t, "sd", got.SD, want.SD, 1e-9)
		near(t, "sem", got.SEM, want.SEM, 1e-9)
		for j := range want.Items {
			near(t, "item mean", got.Items[j].Mean, want.Items[j].Mean, 1e-9)
			near(t, "item sd", got.Items[j].SD, want.Items[j].SD, 1e-9)
			near(t, "r.drop", got.Items[j].RDrop, want.Items[j].RDrop, 1e-9)
			near(t, "alpha if dropped", got.Items[j].AlphaIfDropped, want.Items[j].AlphaIfDropped, 1e-9)
			if got.Items[j].Item != items[j] || got.Items[j].Flag != want.Items[j].Flag {
				t.Errorf("item %d: %+v, want %+v", j, got.Items[j], want.Items[j])
			}
		}
	}
	if s := NewItemSums(3); s.Add([]float64{1, 2}) || s.Add([]float64{1, math.Inf(1), 2}) || s.N != 0 {
		t.Error("a row of the wrong length or with a missing cell was added")
	}
}

// TestMatchLikeACarefulChecker: spacing, case and accents do not matter; numbers match
// within the tolerance; different names and values do not.
func TestMatchLikeACarefulChecker(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		want, got string
		tol       float64
		ok        bool
	}{
		{"Muñoz", "Munoz", 0, true},
		{"José Gómez", "  jose   GOMEZ ", 0, true},
		{"Peñalolén", "Penalolen", 0, true},
		{"Muñoz", "Muños", 0, false},
		{"1234,5", "1234.5", 0, true},
		{"100", "101", 0.5, false},
		{"100", "100.4", 0.5, true},
	} {
		if got := Match(tc.want, tc.got, tc.tol); got != tc.ok {
			t.Errorf("Match(%q, %q, %v) = %v, want %v", tc.want, tc.got, tc.tol, got, tc.ok)
		}
	}
}
