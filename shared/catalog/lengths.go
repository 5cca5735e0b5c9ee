package catalog

import (
	"fmt"
	"unicode/utf8"
)

// Option lengths must carry no hint either. When the keyed option of an SJT or the best
// reply of a parallel case is systematically the longest (the most complete-looking), the
// shortest, or the one in between a curt distractor and a wordy one, a test-wise candidate
// picks it by its shape without judging the case; the parallel cases once had keyed replies
// of 124 characters against 101 for the distractors (Spanish), the keyed reply in between
// in 18 of 20 cases. The checks below run per language over the SJT's best and worst keys
// and the parallel cases' best replies; keys_test.go runs them over the shipped library
// and scripts/catalog prints them (`go run ./scripts/catalog stats`).

// LengthTolerance is the largest relative gap allowed between the mean length of the keyed
// options of a sequence and the mean length of its other options: |K − D| / D.
const LengthTolerance = 0.10

// LengthSeq is one keyed sequence with the length (characters) of every option of every
// question in one language.
type LengthSeq struct {
	Name string // "parallel-cases best", "work-judgment worst"
	Lang Lang
	IDs  []string
	Keys []int
	Lens [][]int
}

func (s *LengthSeq) add(id string, key int, options []Text) {
	lens := make([]int, len(options))
	for i, o := range options {
		lens[i] = utf8.RuneCountInString(o.In(s.Lang))
	}
	s.IDs = append(s.IDs, id)
	s.Keys = append(s.Keys, key)
	s.Lens = append(s.Lens, lens)
}

// LengthSequences lists, in Spanish and in English, the option lengths of every SJT's best
// and worst keys and of every parallel case's best reply (scene and case order), sorted by
// instrument as KeySequences is.
func (c *Catalog) LengthSequences() []LengthSeq {
	var out []LengthSeq
	for _, in := range c.Instruments() {
		if in.Kind != SJT && in.Kind != ParallelCases {
			continue
		}
		for _, lang := range []Lang{ES, EN} {
			best := LengthSeq{Name: in.ID + " best", Lang: lang}
			worst := LengthSeq{Name: in.ID + " worst", Lang: lang}
			for _, it := range in.Items {
				if it.Best != nil {
					best.add(it.ID, *it.Best, it.Options)
				}
				if it.Worst != nil {
					worst.add(it.ID, *it.Worst, it.Options)
				}
				if it.Task != nil {
					for _, cs := range it.Task.Cases {
						if cs.Best != nil {
							best.add(it.ID+"/"+cs.ID, *cs.Best, cs.Replies)
						}
					}
				}
			}
			for _, s := range []LengthSeq{best, worst} {
				if len(s.Keys) > 0 {
					out = append(out, s)
				}
			}
		}
	}
	return out
}

// LengthBalance is where the keyed option falls among its question's options by length,
// against chance, and the mean lengths of keyed and other options.
type LengthBalance struct {
	N int
	// Longest, Shortest and Between count the questions whose keyed option is a longest
	// option (ties included), a shortest one (and not a longest), or neither.
	Longest, Shortest, Between int
	// Expected counts and tail probabilities P(X ≥ count) when the key is independent of
	// length: per question the keyed option is a longest with probability (options of the
	// greatest length)/k, and so on, so ties are allowed for exactly.
	ExpLongest, ExpShortest, ExpBetween float64
	PLongest, PShortest, PBetween       float64
	// KeyedMean and OtherMean are mean characters; Gap = (KeyedMean − OtherMean)/OtherMean.
	KeyedMean, OtherMean, Gap float64
}

// Balance computes the length balance of s.
func Balance(s LengthSeq) LengthBalance {
	b := LengthBalance{N: len(s.Keys)}
	var pl, ps, pb []float64
	keyed, other, nOther := 0, 0, 0
	for i, lens := range s.Lens {
		k := len(lens)
		lo, hi := lens[0], lens[0]
		for _, n := range lens {
			lo, hi = min(lo, n), max(hi, n)
		}
		atHi, atLo := 0, 0
		for _, n := range lens {
			switch {
			case n == hi:
				atHi++
			case n == lo:
				atLo++
			}
		}
		pl = append(pl, float64(atHi)/float64(k))
		ps = append(ps, float64(atLo)/float64(k))
		pb = append(pb, float64(k-atHi-atLo)/float64(k))
		switch n := lens[s.Keys[i]]; {
		case n == hi:
			b.Longest++
		case n == lo:
			b.Shortest++
		default:
			b.Between++
		}
		for j, n := range lens {
			if j == s.Keys[i] {
				keyed += n
			} else {
				other += n
				nOther++
			}
		}
	}
	for i := range pl {
		b.ExpLongest += pl[i]
		b.ExpShortest += ps[i]
		b.ExpBetween += pb[i]
	}
	b.PLongest = poissonBinomialTail(pl, b.Longest)
	b.PShortest = poissonBinomialTail(ps, b.Shortest)
	b.PBetween = poissonBinomialTail(pb, b.Between)
	if b.N > 0 && nOther > 0 {
		b.KeyedMean = float64(keyed) / float64(b.N)
		b.OtherMean = float64(other) / float64(nOther)
		b.Gap = (b.KeyedMean - b.OtherMean) / b.OtherMean
	}
	return b
}

// LengthLeaks lists every length cue of s: the keyed option is the longest, the shortest
// or in between in more questions than chance allows at p < KeyAlpha (one-sided binomial,
// exact for ties), or the mean keyed length differs from the mean of the other options by
// more than LengthTolerance.
func LengthLeaks(s LengthSeq) []string {
	b := Balance(s)
	name := fmt.Sprintf("%s (%s)", s.Name, s.Lang)
	var out []string
	for _, r := range []struct {
		what     string
		got      int
		expected float64
		p        float64
	}{
		{"the longest option", b.Longest, b.ExpLongest, b.PLongest},
		{"the shortest option", b.Shortest, b.ExpShortest, b.PShortest},
		{"neither the longest nor the shortest option", b.Between, b.ExpBetween, b.PBetween},
	} {
		if r.p < KeyAlpha {
			out = append(out, fmt.Sprintf("%s: the key is %s in %d of %d items (chance %.1f, p = %.2g)", name, r.what, r.got, b.N, r.expected, r.p))
		}
	}
	if b.Gap > LengthTolerance || b.Gap < -LengthTolerance {
		out = append(out, fmt.Sprintf("%s: keyed options average %.0f characters, the others %.0f (%+.0f%%, more than ±%.0f%%)", name, b.KeyedMean, b.OtherMean, 100*b.Gap, 100*LengthTolerance))
	}
	return out
}
