package catalog

import (
	"fmt"
	"math"
	"strings"
)

// DISC blocks are answered most/least: if one descriptor of a block reads as the better
// employee trait, candidates who want the job pick it as "most" and the profile measures
// impression management instead of style. Each descriptor therefore carries the authors'
// desirability rating (Descriptor.Desirability, rule in content/README.md), and a block's
// four ratings must be matched.

// Desirability ratings run from MinDesirability to MaxDesirability.
const (
	MinDesirability = 1
	MaxDesirability = 5
	// MaxDesirabilitySpread is the largest difference allowed between the highest and the
	// lowest rated descriptor of one block.
	MaxDesirabilitySpread = 1
	// MaxTopRatedShare: no style may hold the block's highest rating (alone or tied, in a
	// block whose ratings are not all equal) in more than this share of the blocks (9 of 24).
	MaxTopRatedShare = 0.375
)

// TopRated counts, per style, the blocks in which that style's descriptor holds the
// highest rating of a block whose four ratings are not all equal.
func TopRated(in *Instrument) map[string]int {
	out := map[string]int{}
	for _, it := range in.Items {
		lo, hi := blockRange(it)
		if lo == hi {
			continue
		}
		for _, d := range it.Descriptors {
			if d.Desirability == hi {
				out[d.Style]++
			}
		}
	}
	return out
}

func blockRange(it Item) (lo, hi int) {
	for j, d := range it.Descriptors {
		if j == 0 || d.Desirability < lo {
			lo = d.Desirability
		}
		if j == 0 || d.Desirability > hi {
			hi = d.Desirability
		}
	}
	return lo, hi
}

// DesirabilityProblems lists the blocks whose ratings spread over more than
// MaxDesirabilitySpread and the styles that are top-rated in more than MaxTopRatedShare
// of the blocks.
func DesirabilityProblems(in *Instrument) []string {
	var out []string
	for _, it := range in.Items {
		if lo, hi := blockRange(it); hi-lo > MaxDesirabilitySpread {
			var parts []string
			for _, d := range it.Descriptors {
				parts = append(parts, fmt.Sprintf("%s %d", d.Style, d.Desirability))
			}
			out = append(out, fmt.Sprintf("%s: desirability ratings %s spread over %d points (at most %d)", it.ID, strings.Join(parts, ", "), hi-lo, MaxDesirabilitySpread))
		}
	}
	top := TopRated(in)
	limit := int(math.Ceil(MaxTopRatedShare * float64(len(in.Items))))
	for _, s := range discStyles {
		if top[s] > limit {
			out = append(out, fmt.Sprintf("style %s is the highest rated in %d of %d blocks (at most %d)", s, top[s], len(in.Items), limit))
		}
	}
	return out
}
