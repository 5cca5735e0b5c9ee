// Command catalog reports on the content library. `go run ./scripts/catalog stats` loads
// and audits the embedded content, prints counts per family, kind, type, language and
// role, the key-position balance of every keyed instrument and the length and register
// balance of SJT and parallel-case options, and exits non-zero if the validator fails,
// the library falls below the minimums the content issue sets, or a key position leaks
// (the criteria of shared/catalog/keys_test.go).
package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"shortlist/content"
	"shortlist/shared/catalog"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "catalog:", err)
		os.Exit(1)
	}
}

func run(args []string, w io.Writer) error {
	if len(args) != 1 || args[0] != "stats" {
		return errors.New("usage: go run ./scripts/catalog stats")
	}
	c, err := catalog.Load(content.Catalog())
	if err != nil {
		return err
	}
	if err := catalog.Audit(c); err != nil {
		return err
	}
	s := count(c)
	s.print(w, c)
	leaks := printKeys(w, c)
	printOptionBalance(w, c)
	err = s.check()
	if len(leaks) > 0 {
		err = errors.Join(err, errors.New("key positions leak:\n  "+strings.Join(leaks, "\n  ")))
	}
	return err
}

type stats struct {
	byFamily, byKind, byType  map[string]int
	competencyScales, caution int
	cognitive, sjt, disc      int
	tasks, wrongCells, tools  int
	prompts, scenarios        int
	practice                  int
	fewestQuestions           int
	texts, es, en             int
	roles, industries         int
}

func count(c *catalog.Catalog) stats {
	s := stats{byFamily: map[string]int{}, byKind: map[string]int{}, byType: map[string]int{}, fewestQuestions: -1}
	for _, in := range c.Instruments() {
		s.byFamily[string(in.Family)]++
		s.byKind[string(in.Kind)]++
		s.practice += len(in.Practice)
		for _, it := range in.Items {
			if it.Type != "" {
				s.byType[it.Type]++
			}
		}
		perScale := map[string]int{}
		for _, q := range in.Interview {
			perScale[q.Scale]++
		}
		for _, sc := range in.Scales {
			if sc.Caution {
				s.caution++
				continue
			}
			if in.Kind == catalog.Likert && in.Family == catalog.Competency {
				s.competencyScales++
			}
			if in.Kind != catalog.ForcedChoice && (s.fewestQuestions < 0 || perScale[sc.ID] < s.fewestQuestions) {
				s.fewestQuestions = perScale[sc.ID]
			}
		}
		n := len(in.Items)
		switch {
		case in.Family == catalog.Cognitive:
			s.cognitive += n
		case in.Kind == catalog.SJT:
			s.sjt += n
		case in.Kind == catalog.ForcedChoice:
			s.disc += n
		case in.Kind == catalog.DataValidation:
			s.tasks += n
			for _, it := range in.Items {
				s.wrongCells += len(it.Task.Errors)
			}
		case in.Kind == catalog.MultipleChoice:
			s.tools += n
		case in.Kind == catalog.Writing:
			s.prompts += n
		case in.Kind == catalog.ParallelCases:
			s.scenarios += n
		}
		s.countTexts(in)
	}
	for _, r := range c.Roles("") {
		s.roles++
		s.countTexts(r)
	}
	for _, i := range c.Industries() {
		s.industries++
		s.countTexts(i)
	}
	return s
}

// countTexts counts every Text reachable from v and how many carry each language.
func (s *stats) countTexts(v any) {
	textType := reflect.TypeOf(catalog.Text{})
	var walk func(reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer, reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Struct:
			if v.Type() == textType {
				t := v.Interface().(catalog.Text)
				if t.ES != "" || t.EN != "" {
					s.texts++
					s.es += boolInt(t.ES != "")
					s.en += boolInt(t.EN != "")
				}
				return
			}
			for i := 0; i < v.NumField(); i++ {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i))
				}
			}
		case reflect.Slice, reflect.Array:
			for i := 0; i < v.Len(); i++ {
				walk(v.Index(i))
			}
		case reflect.Map:
			for _, k := range v.MapKeys() {
				walk(v.MapIndex(k))
			}
		}
	}
	walk(reflect.ValueOf(v))
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// minimum is one line of the content issue's "must show".
type minimum struct {
	what      string
	got, want int
}

func (s stats) minimums() []minimum {
	return []minimum{
		{"competency Likert scales", s.competencyScales, 16},
		{"cognitive items", s.cognitive, 60},
		{"  numerical", s.byType[catalog.Numerical], 20},
		{"  verbal", s.byType[catalog.Verbal], 20},
		{"  logical", s.byType[catalog.Logical], 20},
		{"SJT items", s.sjt, 12},
		{"DISC blocks", s.disc, 24},
		{"data-validation tasks", s.tasks, 12},
		{"digital-tools items", s.tools, 15},
		{"writing prompts", s.prompts, 3},
		{"parallel-case scenarios", s.scenarios, 6},
		{"roles", s.roles, 24},
		{"industries", s.industries, 6},
		{"interview questions, fewest per scored scale", s.fewestQuestions, 4},
	}
}

func (s stats) print(w io.Writer, c *catalog.Catalog) {
	fmt.Fprintf(w, "content version %s\n\n", c.Version)
	fmt.Fprintln(w, "library (minimum in brackets)")
	for _, m := range s.minimums() {
		fmt.Fprintf(w, "  %-46s %4d  [%d]\n", m.what, m.got, m.want)
	}
	fmt.Fprintf(w, "  %-46s %4d\n", "caution-only scales", s.caution)
	fmt.Fprintf(w, "  %-46s %4d\n", "wrong cells to find in data-validation tasks", s.wrongCells)
	fmt.Fprintf(w, "  %-46s %4d\n", "practice items", s.practice)
	fmt.Fprintln(w, "\ninstruments per family")
	printCounts(w, s.byFamily)
	fmt.Fprintln(w, "\ninstruments per kind")
	printCounts(w, s.byKind)
	fmt.Fprintln(w, "\nitems per type (cognitive types, digital-tools topics)")
	printCounts(w, s.byType)
	fmt.Fprintf(w, "\ntexts %d: es %d, en %d, missing a language %d\n", s.texts, s.es, s.en, 2*s.texts-s.es-s.en)
	fmt.Fprintln(w, "\nroles per industry (minutes, instruments)")
	for _, ind := range c.Industries() {
		roles := c.Roles(ind.ID)
		fmt.Fprintf(w, "  %s (%d)\n", ind.ID, len(roles))
		for _, r := range roles {
			ids := make([]string, len(r.Mix))
			for i, e := range r.Mix {
				ids[i] = e.Instrument
			}
			fmt.Fprintf(w, "    %-28s %2d min  %s\n", r.ID, c.RoleMinutes(r), strings.Join(ids, ", "))
		}
	}
}

func printCounts(w io.Writer, m map[string]int) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(w, "  %-16s %4d\n", k, m[k])
	}
}

// check fails when the library falls below a minimum or a text lacks a language.
func (s stats) check() error {
	var short []string
	for _, m := range s.minimums() {
		if m.got < m.want {
			short = append(short, fmt.Sprintf("%s: %d, want at least %d", strings.TrimSpace(m.what), m.got, m.want))
		}
	}
	if s.es != s.texts || s.en != s.texts {
		short = append(short, fmt.Sprintf("%d texts miss a language", 2*s.texts-s.es-s.en))
	}
	if len(short) > 0 {
		return errors.New("below the library minimums:\n  " + strings.Join(short, "\n  "))
	}
	return nil
}

// Key balance. A key that follows the item number (num-01 → A, num-02 → B …), crowds one
// position, correlates with item order or steps by a constant from item to item gives
// answers away; each test fails at p < 0.01 (shared/catalog/keys_test.go holds the same
// criteria as a content test).

const keyAlpha = 0.01

// keySeq is one keyed sequence in item order: the keyed option index of each question
// and how many options it has.
type keySeq struct {
	name string
	keys []int
	k    []int
}

func (s *keySeq) add(key, options int) {
	s.keys = append(s.keys, key)
	s.k = append(s.k, options)
}

// keySequences lists every keyed sequence of scored items: choice "correct", SJT "best"
// and "worst", and the best reply of every parallel case in scene and case order.
func keySequences(c *catalog.Catalog) []keySeq {
	var out []keySeq
	for _, in := range c.Instruments() {
		correct, best, worst := keySeq{name: in.ID + " correct"}, keySeq{name: in.ID + " best"}, keySeq{name: in.ID + " worst"}
		for _, it := range in.Items {
			if it.Correct != nil {
				correct.add(*it.Correct, len(it.Options))
			}
			if it.Best != nil {
				best.add(*it.Best, len(it.Options))
			}
			if it.Worst != nil {
				worst.add(*it.Worst, len(it.Options))
			}
			if it.Task != nil {
				for _, cs := range it.Task.Cases {
					if cs.Best != nil {
						best.add(*cs.Best, len(cs.Replies))
					}
				}
			}
		}
		for _, s := range []keySeq{correct, best, worst} {
			if len(s.keys) > 0 {
				out = append(out, s)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// poissonBinomialTail is P(X ≥ x) for the number of successes of independent trials with
// success probabilities ps.
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

// cycleMatches counts the questions whose key equals (n − 1 + shift) mod k.
func cycleMatches(s keySeq, shift int) int {
	m := 0
	for i, key := range s.keys {
		if key == (i+shift)%s.k[i] {
			m++
		}
	}
	return m
}

func uniform(k []int) []float64 {
	ps := make([]float64, len(k))
	for i, n := range k {
		ps[i] = 1 / float64(n)
	}
	return ps
}

func midranks(x []float64) []float64 {
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

// spearman is the rank correlation of item order and key position with a two-sided
// permutation p-value (fixed seed: the same figures on every run).
func spearman(keys []int) (rho, p float64) {
	order := make([]float64, len(keys))
	pos := make([]float64, len(keys))
	for i, k := range keys {
		order[i], pos[i] = float64(i), float64(k)
	}
	ro := midranks(order)
	rho = pearson(ro, midranks(pos))
	const perms = 20000
	rng := rand.New(rand.NewPCG(22, 1))
	as := 0
	shuffled := slices.Clone(pos)
	for range perms {
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if math.Abs(pearson(ro, midranks(shuffled))) >= math.Abs(rho)-1e-12 {
			as++
		}
	}
	return rho, float64(as+1) / float64(perms+1)
}

// keyLeaks lists the patterns of s stronger than chance at p < keyAlpha: (a) key =
// (n − 1 + shift) mod k, (b) a position over its fair share, (c) Spearman(item order,
// key position), (d) a constant step between successive keys.
func keyLeaks(s keySeq) []string {
	var out []string
	maxK := slices.Max(s.k)
	for shift := 0; shift < maxK; shift++ {
		if m := cycleMatches(s, shift); poissonBinomialTail(uniform(s.k), m) < keyAlpha {
			out = append(out, fmt.Sprintf("%s: key = (n − 1 + %d) mod k in %d of %d items", s.name, shift, m, len(s.keys)))
		}
	}
	for pos := 0; pos < maxK; pos++ {
		n := 0
		ps := make([]float64, len(s.k))
		for i, key := range s.keys {
			if key == pos {
				n++
			}
			if pos < s.k[i] {
				ps[i] = 1 / float64(s.k[i])
			}
		}
		if poissonBinomialTail(ps, n) < keyAlpha {
			out = append(out, fmt.Sprintf("%s: position %d is keyed in %d of %d items", s.name, pos, n, len(s.keys)))
		}
	}
	for d := 0; d < maxK; d++ {
		var ps []float64
		n := 0
		for i := 0; i+1 < len(s.keys); i++ {
			if s.k[i] != s.k[i+1] {
				continue
			}
			ps = append(ps, 1/float64(s.k[i]))
			if (s.keys[i+1]-s.keys[i]+s.k[i])%s.k[i] == d {
				n++
			}
		}
		if poissonBinomialTail(ps, n) < keyAlpha {
			out = append(out, fmt.Sprintf("%s: the key moves by +%d from one item to the next in %d of %d steps", s.name, d, n, len(ps)))
		}
	}
	if rho, p := spearman(s.keys); p < keyAlpha {
		out = append(out, fmt.Sprintf("%s: Spearman(item order, key position) = %.2f (p = %.2g)", s.name, rho, p))
	}
	return out
}

// pairLeaks: given an SJT's best option, each other option is equally likely to be the
// worst, so no offset (worst − best) mod k may be over-represented.
func pairLeaks(best, worst keySeq) []string {
	count := map[int]int{}
	for i := range best.keys {
		count[(worst.keys[i]-best.keys[i]+best.k[i])%best.k[i]]++
	}
	var out []string
	for off := 1; off < slices.Max(best.k); off++ {
		ps := make([]float64, len(best.k))
		for i, k := range best.k {
			ps[i] = 1 / float64(k-1)
		}
		if poissonBinomialTail(ps, count[off]) < keyAlpha {
			out = append(out, fmt.Sprintf("%s: worst = best + %d in %d of %d items", strings.TrimSuffix(best.name, " best"), off, count[off], len(best.keys)))
		}
	}
	return out
}

// printKeys prints, per keyed sequence, the key-position counts, the (n − 1) mod k
// matches against chance and the rank correlation with item order; it returns the leaks.
func printKeys(w io.Writer, c *catalog.Catalog) []string {
	fmt.Fprintln(w, "\nkey positions (scored items; p < 0.01 on any criterion is a leak)")
	fmt.Fprintf(w, "  %-30s %3s  %-22s %-18s %-16s %s\n", "keyed sequence", "n", "keyed at A B C D E", "(n−1) mod k", "Spearman rho (p)", "")
	seqs := keySequences(c)
	byName := map[string]keySeq{}
	var leaks []string
	for _, s := range seqs {
		byName[s.name] = s
		at := make([]string, slices.Max(s.k))
		for p := range at {
			n := 0
			for _, key := range s.keys {
				if key == p {
					n++
				}
			}
			at[p] = strconv.Itoa(n)
		}
		expected := 0.0
		for _, p := range uniform(s.k) {
			expected += p
		}
		rho, p := spearman(s.keys)
		l := keyLeaks(s)
		status := "ok"
		if len(l) > 0 {
			status = "LEAK"
		}
		leaks = append(leaks, l...)
		fmt.Fprintf(w, "  %-30s %3d  %-22s %-18s %-16s %s\n", s.name, len(s.keys), strings.Join(at, " "),
			fmt.Sprintf("%d (chance %.1f)", cycleMatches(s, 0), expected), fmt.Sprintf("%+.2f (%.2f)", rho, p), status)
	}
	for _, s := range seqs {
		if id, ok := strings.CutSuffix(s.name, " worst"); ok {
			leaks = append(leaks, pairLeaks(byName[id+" best"], s)...)
		}
	}
	return leaks
}

// Register markers of Spanish replies: usted forms versus tú forms (a heuristic: words
// that only one register uses).
var (
	ustedRe = regexp.MustCompile(`(?i)(^|[^\pL])(usted|ustedes|su|sus|le|les|debe|tiene|puede|quiere|disculpe|envíenos|avíseme|avísenos|deme|dígale|indíquenos|cuénteme|cuenta el motivo|me indica|me da|no dude|lo invitamos|está bien|pueda|agradecemos su)([^\pL]|$)`)
	tuRe    = regexp.MustCompile(`(?i)(^|[^\pL])(tú|tu|tus|te|ti|contigo|debes|tienes|puedes|quieres|disculpa|envíanos|avísame|avísanos|dame|dile|cuéntame|me cuentas|me confirmas|me das|no dudes|te invitamos|estás|puedas)([^\pL]|$)`)
)

func register(es string) string {
	u, t := len(ustedRe.FindAllString(es, -1)), len(tuRe.FindAllString(es, -1))
	switch {
	case u > t:
		return "usted"
	case t > u:
		return "tú"
	}
	return "neutral"
}

// printOptionBalance prints, for SJT options and parallel-case replies, the mean length
// (characters, Spanish) of keyed and distractor options, how often the worst SJT option
// is the shortest, and the register of Spanish case replies.
func printOptionBalance(w io.Writer, c *catalog.Catalog) {
	fmt.Fprintln(w, "\noption balance (mean characters of the Spanish text; a cue when keyed and distractor differ much)")
	mean := func(xs []int) float64 {
		if len(xs) == 0 {
			return 0
		}
		t := 0
		for _, x := range xs {
			t += x
		}
		return float64(t) / float64(len(xs))
	}
	for _, in := range c.Instruments() {
		switch in.Kind {
		case catalog.SJT:
			var best, worst, other []int
			shortest, longest := 0, 0
			for _, it := range in.Items {
				lens := make([]int, len(it.Options))
				for i, o := range it.Options {
					lens[i] = utf8.RuneCountInString(o.ES)
					switch i {
					case *it.Best:
						best = append(best, lens[i])
					case *it.Worst:
						worst = append(worst, lens[i])
					default:
						other = append(other, lens[i])
					}
				}
				if lens[*it.Worst] == slices.Min(lens) {
					shortest++
				}
				if lens[*it.Worst] == slices.Max(lens) {
					longest++
				}
			}
			fmt.Fprintf(w, "  %-20s best %.0f, worst %.0f, others %.0f; worst option is the shortest in %d of %d items (chance about %d), the longest in %d\n",
				in.ID, mean(best), mean(worst), mean(other), shortest, len(in.Items), (len(in.Items)+2)/4, longest)
		case catalog.ParallelCases:
			var keyed, other []int
			reg := map[string][2]int{}
			for _, it := range in.Items {
				for _, cs := range it.Task.Cases {
					for i, r := range cs.Replies {
						n, g := utf8.RuneCountInString(r.ES), register(r.ES)
						x := reg[g]
						if i == *cs.Best {
							keyed = append(keyed, n)
							x[0]++
						} else {
							other = append(other, n)
							x[1]++
						}
						reg[g] = x
					}
				}
			}
			fmt.Fprintf(w, "  %-20s keyed replies %.0f, distractors %.0f\n", in.ID, mean(keyed), mean(other))
			fmt.Fprintf(w, "  %-20s Spanish register, keyed / distractor replies: usted %d / %d, tú %d / %d, neutral %d / %d\n", "",
				reg["usted"][0], reg["usted"][1], reg["tú"][0], reg["tú"][1], reg["neutral"][0], reg["neutral"][1])
		}
	}
}
