package catalog_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"shortlist/shared/catalog"
)

// TestDISCDesirabilityIsBalanced: in every DISC block the four descriptors are matched in
// social desirability (the authors' 1–5 rating on each descriptor, rule in
// content/README.md): no block spreads over more than 1 point, and no style is the
// highest rated (alone or tied, in a block whose ratings differ) in more than 9 of the 24
// blocks. Were one style's descriptor the most desirable in most blocks, a candidate
// managing an impression would score as that style.
func TestDISCDesirabilityIsBalanced(t *testing.T) {
	t.Parallel()
	c := shipped(t)
	n := 0
	for _, in := range c.Instruments() {
		if in.Kind != catalog.ForcedChoice {
			continue
		}
		n++
		top := map[string]int{}
		sum := map[string]int{}
		for _, it := range in.Items {
			lo, hi := 6, 0
			var parts []string
			for _, d := range it.Descriptors {
				if d.Desirability < 1 || d.Desirability > 5 {
					t.Errorf("%s %s: descriptor %s %q has desirability %d, want a 1–5 rating", in.ID, it.ID, d.Style, d.Text.EN, d.Desirability)
				}
				lo, hi = min(lo, d.Desirability), max(hi, d.Desirability)
				sum[d.Style] += d.Desirability
				parts = append(parts, fmt.Sprintf("%s=%d", d.Style, d.Desirability))
			}
			if hi-lo > 1 {
				t.Errorf("%s %s: desirability ratings %s spread over %d points; at most 1", in.ID, it.ID, strings.Join(parts, " "), hi-lo)
			}
			if hi > lo {
				for _, d := range it.Descriptors {
					if d.Desirability == hi {
						top[d.Style]++
					}
				}
			}
		}
		limit := 9 * len(in.Items) / 24
		for _, s := range []string{"d", "i", "s", "c"} {
			if top[s] > limit {
				t.Errorf("%s: style %s is the highest rated in %d of %d blocks; at most %d", in.ID, s, top[s], len(in.Items), limit)
			}
		}
		t.Logf("%s: blocks where each style is highest rated %v; mean rating d %.2f i %.2f s %.2f c %.2f", in.ID, top,
			float64(sum["d"])/float64(len(in.Items)), float64(sum["i"])/float64(len(in.Items)),
			float64(sum["s"])/float64(len(in.Items)), float64(sum["c"])/float64(len(in.Items)))
		if probs := catalog.DesirabilityProblems(in); len(probs) > 0 {
			t.Errorf("%s: %v", in.ID, probs)
		}
	}
	if n == 0 {
		t.Fatal("no DISC instrument checked")
	}
}

// TestRolesGetSJTScenesOfTheirIndustry: for every role in the catalog (whether the SJT is
// in its suggested mix or a hiring team adds it), the scenes the role is given are at
// least MinFittingSJT and every one fits the role's industry or any workplace; the
// selection resolves by its hash to the same scenes (what scoring and presentation
// read), and its key positions carry no hint on their own.
func TestRolesGetSJTScenesOfTheirIndustry(t *testing.T) {
	t.Parallel()
	c := shipped(t)
	sjts := 0
	for _, in := range c.Instruments() {
		if in.Kind != catalog.SJT {
			continue
		}
		sjts++
		industries := map[string]bool{}
		for _, ind := range c.Industries() {
			industries[ind.ID] = true
		}
		for _, it := range in.Items {
			if len(it.Fits) == 0 {
				t.Errorf("%s %s: no industries", in.ID, it.ID)
			}
			for _, f := range it.Fits {
				if f != catalog.AnyWorkplace && !industries[f] {
					t.Errorf("%s %s: fits unknown industry %q", in.ID, it.ID, f)
				}
			}
		}
		counts := map[string]int{}
		for _, r := range c.Roles("") {
			sel, ok := c.InstrumentFor(r, in.ID)
			if !ok {
				t.Fatalf("%s: no selection for %s", r.ID, in.ID)
			}
			if len(sel.Items) < catalog.MinFittingSJT {
				t.Errorf("role %s (%s) gets %d scenes of %s; want at least %d", r.ID, r.Industry, len(sel.Items), in.ID, catalog.MinFittingSJT)
			}
			for _, it := range sel.Items {
				if !slices.Contains(it.Fits, r.Industry) && !slices.Contains(it.Fits, catalog.AnyWorkplace) {
					t.Errorf("role %s (%s) gets %s, which fits %v", r.ID, r.Industry, it.ID, it.Fits)
				}
			}
			again, err := c.InstrumentAt(in.ID, sel.Hash)
			if err != nil {
				t.Fatalf("role %s: %v", r.ID, err)
			}
			if !slices.EqualFunc(again.Items, sel.Items, func(a, b catalog.Item) bool { return a.ID == b.ID }) {
				t.Errorf("role %s: InstrumentAt(%s) gives other scenes than the selection", r.ID, sel.Hash)
			}
			counts[r.Industry] = len(sel.Items)
		}
		t.Logf("%s: scenes per industry %v (of %d)", in.ID, counts, len(in.Items))

		// Each industry's scenes, in the order they are stored, pass the key checks the
		// whole instrument passes.
		for ind := range industries {
			sel := in.ForIndustry(ind)
			best := catalog.KeySeq{Name: in.ID + "/" + ind + " best"}
			worst := catalog.KeySeq{Name: in.ID + "/" + ind + " worst"}
			for _, it := range sel.Items {
				best.IDs, best.Keys, best.K = append(best.IDs, it.ID), append(best.Keys, *it.Best), append(best.K, len(it.Options))
				worst.IDs, worst.Keys, worst.K = append(worst.IDs, it.ID), append(worst.Keys, *it.Worst), append(worst.K, len(it.Options))
			}
			for _, p := range append(append(catalog.PositionLeaks(best), catalog.PositionLeaks(worst)...), catalog.PairLeaks(best, worst)...) {
				t.Error(p)
			}
		}
	}
	if sjts == 0 {
		t.Fatal("no SJT checked")
	}
}

// A selection is a variant of one version: other kinds are left whole, an industry no
// scene names gets only the any-workplace scenes, and a variant hash of an unknown
// version is an error.
func TestForIndustryLeavesOtherInstrumentsWhole(t *testing.T) {
	t.Parallel()
	c := shipped(t)
	for _, in := range c.Instruments() {
		if in.Kind == catalog.SJT {
			if got := in.ForIndustry(""); got != in {
				t.Errorf("%s: no industry should keep the instrument whole", in.ID)
			}
			for _, it := range in.ForIndustry("mining").Items {
				if !slices.Equal(it.Fits, []string{catalog.AnyWorkplace}) {
					t.Errorf("%s: an industry no scene names gets %s, which fits %v", in.ID, it.ID, it.Fits)
				}
			}
			if _, err := c.InstrumentAt(in.ID, "0123456789abcdef~retail"); err == nil {
				t.Errorf("%s: a selection of an unknown version resolved", in.ID)
			}
			continue
		}
		if got := in.ForIndustry("logistics"); got != in {
			t.Errorf("%s (%s): ForIndustry changed an instrument that is not an SJT", in.ID, in.Kind)
		}
	}
}
