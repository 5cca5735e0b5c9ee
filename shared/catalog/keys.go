package catalog

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
)

// Key positions must carry no information: a candidate who notices that the right answer
// follows the item number (num-01 → A, num-02 → B …), crowds one position, correlates with
// item order or steps by a constant from item to item would score without knowing
// anything. The checks below flag each such pattern when it is stronger than chance at
// p < KeyAlpha; keys_test.go runs them over the shipped library and scripts/catalog prints
// them (`go run ./scripts/catalog stats`).

// KeyAlpha is the significance level below which a key pattern counts as a leak.
const KeyAlpha = 0.01

// KeySeq is one keyed sequence in item order: the item (or item/case) ID, the keyed
// option index and the number of options of each question.
type KeySeq struct {
	Name string // "numerical-reasoning correct", "work-judgment worst", "parallel-cases best"
	IDs  []string
	Keys []int
	K    []int
}

func (s *KeySeq) add(id string, key, options int) {
	s.IDs = append(s.IDs, id)
	s.Keys = append(s.Keys, key)
	s.K = append(s.K, options)
}

// KeySequences lists every keyed sequence of scored items (practice items reveal their key
// on purpose), sorted by name: choice "correct", SJT "best" and "worst", and the best reply
// of every parallel case in scene and case order.
func (c *Catalog) KeySequences() []KeySeq {
	var out []KeySeq
	for _, in := range c.Instruments() {
		correct := KeySeq{Name: in.ID + " correct"}
		best := KeySeq{Name: in.ID + " best"}
		worst := KeySeq{Name: in.ID + " worst"}
		for _, it := range in.Items {
			if it.Correct != nil {
				correct.add(it.ID, *it.Correct, len(it.Options))
			}
			if it.Best != nil {
				best.add(it.ID, *it.Best, len(it.Options))
			}
			if it.Worst != nil {
				worst.add(it.ID, *it.Worst, len(it.Options))
			}
			if it.Task != nil {
				for _, cs := range it.Task.Cases {
					if cs.Best != nil {
						best.add(it.ID+"/"+cs.ID, *cs.Best, len(cs.Replies))
					}
				}
			}
		}
		for _, s := range []KeySeq{correct, best, worst} {
			if len(s.Keys) > 0 {
				out = append(out, s)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// poissonBinomialTail is P(X ≥ x) for X the number of successes of independent trials
// with success probabilities ps (a binomial when they are all equal).
func poissonBinomialTail(ps []float64, x int) float64 {
	if x <= 0 {
		return 1
	}
	dist := []float64{1}
	for _, p := range ps {
		next := make([]float64, len(dist)+1)
		for j, q := range dist {
			next[j] += q * (1 - p)
			next[j+1] += q * p
		}
		dist = next
	}
	tail := 0.0
	for j := x; j < len(dist); j++ {
		tail += dist[j]
	}
	return tail
}

// CycleMatches counts the questions whose key equals (n − 1 + shift) mod k, n the 1-based
// item number: shift 0 is keys that follow the item numbers (num-01 → A, num-02 → B …);
// the other shifts catch the same pattern started elsewhere (such as worst = n mod 4).
func CycleMatches(s KeySeq, shift int) int {
	m := 0
	for i, key := range s.Keys {
		if key == (i+shift)%s.K[i] {
			m++
		}
	}
	return m
}

// chance is the probability of each question of s keying position when keys are uniform
// (0 where the question has no such option).
func chance(s KeySeq, position int) []float64 {
	ps := make([]float64, len(s.K))
	for i, k := range s.K {
		if position < k {
			ps[i] = 1 / float64(k)
		}
	}
	return ps
}

// ranks gives midranks (ties share the mean of their ranks).
func ranks(x []float64) []float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
	r := make([]float64, len(x))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && x[idx[j+1]] == x[idx[i]] {
			j++
		}
		for t := i; t <= j; t++ {
			r[idx[t]] = float64(i+j)/2 + 1
		}
		i = j + 1
	}
	return r
}

func pearson(a, b []float64) float64 {
	n := float64(len(a))
	var ma, mb float64
	for i := range a {
		ma += a[i] / n
		mb += b[i] / n
	}
	var sab, saa, sbb float64
	for i := range a {
		sab += (a[i] - ma) * (b[i] - mb)
		saa += (a[i] - ma) * (a[i] - ma)
		sbb += (b[i] - mb) * (b[i] - mb)
	}
	if saa == 0 || sbb == 0 {
		return 0
	}
	return sab / math.Sqrt(saa*sbb)
}

// Spearman is the rank correlation between item order and key position, with its
// two-sided p-value from a permutation test (fixed seed: the same figures on every run).
func Spearman(keys []int) (rho, p float64) {
	order := make([]float64, len(keys))
	pos := make([]float64, len(keys))
	for i, k := range keys {
		order[i], pos[i] = float64(i), float64(k)
	}
	ro := ranks(order)
	rho = pearson(ro, ranks(pos))
	const perms = 20000
	rng := rand.New(rand.NewPCG(22, 1))
	as := 0
	shuffled := slices.Clone(pos)
	for range perms {
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if math.Abs(pearson(ro, ranks(shuffled))) >= math.Abs(rho)-1e-12 {
			as++
		}
	}
	return rho, float64(as+1) / float64(perms+1)
}

// PositionLeaks lists every pattern in s stronger than chance at p < KeyAlpha: (a) key =
// (n − 1 + shift) mod k, (b) a position over its fair share, (c) a constant step between
// successive keys, (d) a rank correlation between item order and key position.
func PositionLeaks(s KeySeq) []string {
	var out []string
	maxK := slices.Max(s.K)
	for shift := 0; shift < maxK; shift++ {
		m := CycleMatches(s, shift)
		ps := make([]float64, len(s.K))
		for i, k := range s.K {
			ps[i] = 1 / float64(k)
		}
		if p := poissonBinomialTail(ps, m); p < KeyAlpha {
			out = append(out, fmt.Sprintf("%s: key = (n − 1 + %d) mod k in %d of %d items (p = %.2g)", s.Name, shift, m, len(s.Keys), p))
		}
	}
	for pos := 0; pos < maxK; pos++ {
		n := 0
		for _, key := range s.Keys {
			if key == pos {
				n++
			}
		}
		if p := poissonBinomialTail(chance(s, pos), n); p < KeyAlpha {
			out = append(out, fmt.Sprintf("%s: position %d is keyed in %d of %d items (p = %.2g)", s.Name, pos, n, len(s.Keys), p))
		}
	}
	// Successive keys stepping by a constant: (key[i+1] − key[i]) mod k = d has chance
	// 1/k. Keys that go +1 from item to item in most steps (blocks of four, each starting
	// one place further on) pass the cycle check and are caught here.
	for d := 0; d < maxK; d++ {
		var ps []float64
		n := 0
		for i := 0; i+1 < len(s.Keys); i++ {
			if s.K[i] != s.K[i+1] {
				continue
			}
			ps = append(ps, 1/float64(s.K[i]))
			if (s.Keys[i+1]-s.Keys[i]+s.K[i])%s.K[i] == d {
				n++
			}
		}
		if p := poissonBinomialTail(ps, n); p < KeyAlpha {
			out = append(out, fmt.Sprintf("%s: the key moves by +%d from one item to the next in %d of %d steps (p = %.2g)", s.Name, d, n, len(ps), p))
		}
	}
	if rho, p := Spearman(s.Keys); p < KeyAlpha {
		out = append(out, fmt.Sprintf("%s: Spearman(item order, key position) = %.2f (p = %.2g)", s.Name, rho, p))
	}
	return out
}

// PairLeaks checks that an SJT's worst key does not follow from its best key: given the
// best option, each other option is equally likely to be the worst, so no offset
// (worst − best) mod k may be over-represented at p < KeyAlpha (such as +1 in 15 of 15).
func PairLeaks(best, worst KeySeq) []string {
	count := map[int]int{}
	for i := range best.Keys {
		count[(worst.Keys[i]-best.Keys[i]+best.K[i])%best.K[i]]++
	}
	ps := make([]float64, len(best.K))
	for i, k := range best.K {
		ps[i] = 1 / float64(k-1)
	}
	var out []string
	for off := 1; off < slices.Max(best.K); off++ {
		if p := poissonBinomialTail(ps, count[off]); p < KeyAlpha {
			out = append(out, fmt.Sprintf("%s: worst = best + %d in %d of %d items (p = %.2g)", strings.TrimSuffix(best.Name, " best"), off, count[off], len(best.Keys), p))
		}
	}
	return out
}

// PairedLeaks runs PairLeaks on every "X worst" sequence of seqs against its "X best".
func PairedLeaks(seqs []KeySeq) []string {
	byName := map[string]KeySeq{}
	for _, s := range seqs {
		byName[s.Name] = s
	}
	var out []string
	for _, s := range seqs {
		if id, ok := strings.CutSuffix(s.Name, " worst"); ok {
			out = append(out, PairLeaks(byName[id+" best"], s)...)
		}
	}
	return out
}
