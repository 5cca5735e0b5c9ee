package catalog_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"shortlist/shared/catalog"
)

// TestOptionLengthsCarryNoHint is the option-length content test: for the SJT's best and
// worst keys and the parallel cases' best replies, in Spanish and in English, the keyed
// option is not the longest (nor the shortest, nor the one in between) in more items than
// chance allows at p < 0.01, and keyed and other options have mean lengths within 10%
// (catalog.LengthLeaks). On the content of commit ab9d3f9 it fails for the parallel cases:
// keyed replies averaged 124 characters against 101 (+23%, Spanish) and 127 against 96
// (+32%, English), and sat between a curt distractor and a wordy one in 18 (es) and 15
// (en) of 20 cases.
func TestOptionLengthsCarryNoHint(t *testing.T) {
	t.Parallel()
	c := shipped(t)
	seqs := c.LengthSequences()
	names := map[string]bool{}
	for _, s := range seqs {
		names[fmt.Sprintf("%s (%s)", s.Name, s.Lang)] = true
		for _, p := range catalog.LengthLeaks(s) {
			t.Error(p)
		}
	}
	for _, w := range []string{"parallel-cases best (es)", "parallel-cases best (en)",
		"work-judgment best (es)", "work-judgment best (en)", "work-judgment worst (es)", "work-judgment worst (en)"} {
		if !names[w] {
			t.Errorf("option lengths of %q not checked", w)
		}
	}
}

// The length statistics flag parallel cases whose key is the longest option, a key that
// is always the longest option and a mean gap alone, and pass a balanced sequence; ties are chance, not a cue.
func TestLengthChecksCatchPatterns(t *testing.T) {
	t.Parallel()
	seq := func(items ...[]int) catalog.LengthSeq {
		// Each item is its option lengths followed by the keyed index.
		s := catalog.LengthSeq{Name: "x", Lang: catalog.ES}
		for i, it := range items {
			s.IDs = append(s.IDs, fmt.Sprint(i))
			s.Lens = append(s.Lens, it[:len(it)-1])
			s.Keys = append(s.Keys, it[len(it)-1])
		}
		return s
	}
	// The Spanish replies of parallel-cases at commit ab9d3f9, scene and case order.
	old := seq([]int{21, 159, 82, 2}, []int{178, 185, 50, 0}, []int{150, 74, 151, 0}, []int{169, 42, 92, 2},
		[]int{103, 144, 41, 0}, []int{145, 120, 26, 1}, []int{166, 165, 53, 1}, []int{46, 158, 139, 2},
		[]int{40, 121, 169, 1}, []int{154, 42, 164, 0}, []int{167, 98, 35, 1}, []int{49, 156, 115, 2},
		[]int{153, 153, 26, 1}, []int{157, 58, 104, 2}, []int{162, 179, 30, 0}, []int{140, 29, 172, 0},
		[]int{54, 108, 174, 1}, []int{36, 85, 147, 1}, []int{158, 144, 42, 0}, []int{20, 157, 61, 2})
	b := catalog.Balance(old)
	if b.N != 20 || b.Longest != 2 || b.Shortest != 0 || b.Between != 18 || math.Round(b.KeyedMean) != 124 || math.Round(b.OtherMean) != 101 {
		t.Errorf("old parallel cases: %+v", b)
	}
	got := strings.Join(catalog.LengthLeaks(old), "\n")
	for _, want := range []string{"x (es): the key is neither the longest nor the shortest option in 18 of 20 items",
		"x (es): keyed options average 124 characters, the others 101 (+23%"} {
		if !strings.Contains(got, want) {
			t.Errorf("old parallel cases: %q lacks %q", got, want)
		}
	}
	// The key is the longest in 14 of 20 three-option items with equal means (107
	// characters each): a rank cue without a mean gap (P(X ≥ 14) for Bin(20, 1/3) ≈ 0.001).
	var longest [][]int
	for i := range 20 {
		if i < 14 {
			longest = append(longest, []int{100, 95, 110, 2}) // keyed 110, just the longest
		} else {
			longest = append(longest, []int{150, 108, 100, 2}) // keyed 100, the shortest
		}
	}
	got = strings.Join(catalog.LengthLeaks(seq(longest...)), "\n")
	if !strings.Contains(got, "the key is the longest option in 14 of 20 items") || strings.Contains(got, "average") {
		t.Errorf("a key that is mostly the longest: %q", got)
	}
	if b := catalog.Balance(seq(longest...)); math.Abs(b.Gap) > catalog.LengthTolerance {
		t.Errorf("fixture should have no mean gap: %+v", b)
	}
	// Balanced ranks (longest, shortest, in between in turn) but keyed 12% longer on
	// average (130 against 116 characters): the mean check alone fails.
	var long [][]int
	for i := range 21 {
		switch i % 3 {
		case 0:
			long = append(long, []int{100, 120, 160, 2})
		case 1:
			long = append(long, []int{100, 120, 115, 0}) // keyed 100 is the shortest
		default:
			long = append(long, []int{90, 150, 130, 2})
		}
	}
	got = strings.Join(catalog.LengthLeaks(seq(long...)), "\n")
	if !strings.Contains(got, "x (es): keyed options average") || strings.Contains(got, "the key is") {
		t.Errorf("a 15%% mean gap with balanced ranks: %q", got)
	}
	// Balanced ranks and means pass.
	var balanced [][]int
	for i := range 21 {
		switch i % 3 {
		case 0:
			balanced = append(balanced, []int{100, 90, 130, 2})
		case 1:
			balanced = append(balanced, []int{100, 120, 95, 2})
		default:
			balanced = append(balanced, []int{140, 115, 105, 1})
		}
	}
	if got := catalog.LengthLeaks(seq(balanced...)); len(got) > 0 {
		t.Errorf("a balanced sequence failed: %q", got)
	}
	// Four options of the same length: the key is "the longest" by a tie every time, which
	// is what chance gives, not a cue.
	var ties [][]int
	for range 20 {
		ties = append(ties, []int{80, 80, 80, 80, 1})
	}
	if b := catalog.Balance(seq(ties...)); b.Longest != 20 || b.PLongest != 1 || len(catalog.LengthLeaks(seq(ties...))) > 0 {
		t.Errorf("equal lengths: %+v", b)
	}
}
