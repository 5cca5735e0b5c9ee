// Command catalog reports on the content library. `go run ./scripts/catalog stats` loads
// and audits the embedded content, prints counts per family, kind, type, language and
// role, the key-position balance of every keyed instrument and the length and register
// balance of SJT and parallel-case options, and exits non-zero if the validator fails,
// the library falls below its minimums (the minimums table below), a key position leaks (the
// criteria of shared/catalog/keys.go) or option lengths point to the key (the criteria of
// shared/catalog/lengths.go).
package main

import (
	"errors"
	"fmt"
	"io"
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
	cues := printLengths(w, c)
	err = s.check()
	if len(leaks) > 0 {
		err = errors.Join(err, errors.New("key positions leak:\n  "+strings.Join(leaks, "\n  ")))
	}
	if len(cues) > 0 {
		err = errors.Join(err, errors.New("option lengths give the key away:\n  "+strings.Join(cues, "\n  ")))
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

// minimum is one count the library must reach (a role's tests, items per instrument, ...).
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

// printKeys prints, per keyed sequence, the key-position counts, the (n − 1) mod k
// matches against chance and the rank correlation with item order; it returns the leaks.
func printKeys(w io.Writer, c *catalog.Catalog) []string {
	fmt.Fprintln(w, "\nkey positions (scored items; p < 0.01 on any criterion is a leak)")
	fmt.Fprintf(w, "  %-30s %3s  %-22s %-18s %-16s %s\n", "keyed sequence", "n", "keyed at A B C D E", "(n−1) mod k", "Spearman rho (p)", "")
	seqs := c.KeySequences()
	var leaks []string
	for _, s := range seqs {
		at := make([]string, slices.Max(s.K))
		for p := range at {
			n := 0
			for _, key := range s.Keys {
				if key == p {
					n++
				}
			}
			at[p] = strconv.Itoa(n)
		}
		expected := 0.0
		for _, k := range s.K {
			expected += 1 / float64(k)
		}
		rho, p := catalog.Spearman(s.Keys)
		l := catalog.PositionLeaks(s)
		status := "ok"
		if len(l) > 0 {
			status = "LEAK"
		}
		leaks = append(leaks, l...)
		fmt.Fprintf(w, "  %-30s %3d  %-22s %-18s %-16s %s\n", s.Name, len(s.Keys), strings.Join(at, " "),
			fmt.Sprintf("%d (chance %.1f)", catalog.CycleMatches(s, 0), expected), fmt.Sprintf("%+.2f (%.2f)", rho, p), status)
	}
	leaks = append(leaks, catalog.PairedLeaks(seqs)...)
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

// printLengths prints, per language, where the keyed SJT option and the best case reply
// fall by length (the longest, the shortest, in between; chance in brackets) and the mean
// length of keyed and other options; it returns the cues (catalog.LengthLeaks).
func printLengths(w io.Writer, c *catalog.Catalog) []string {
	fmt.Fprintf(w, "\noption lengths: the key is the longest / shortest / in between (chance); mean characters keyed / others\n  (p < 0.01 on a rank or a mean gap over ±%.0f%% is a cue)\n", 100*catalog.LengthTolerance)
	fmt.Fprintf(w, "  %-30s %3s  %-12s %-12s %-12s %s\n", "keyed sequence", "n", "longest", "shortest", "in between", "keyed / others")
	var cues []string
	for _, s := range c.LengthSequences() {
		b := catalog.Balance(s)
		l := catalog.LengthLeaks(s)
		status := "ok"
		if len(l) > 0 {
			status = "CUE"
		}
		cues = append(cues, l...)
		fmt.Fprintf(w, "  %-30s %3d  %-12s %-12s %-12s %-20s %s\n", fmt.Sprintf("%s (%s)", s.Name, s.Lang), b.N,
			fmt.Sprintf("%d (%.1f)", b.Longest, b.ExpLongest), fmt.Sprintf("%d (%.1f)", b.Shortest, b.ExpShortest),
			fmt.Sprintf("%d (%.1f)", b.Between, b.ExpBetween), fmt.Sprintf("%.0f / %.0f (%+.1f%%)", b.KeyedMean, b.OtherMean, 100*b.Gap), status)
	}
	return cues
}
