// Command catalog reports on the content library. `go run ./scripts/catalog stats` loads
// and audits the embedded content, prints counts per family, kind, type, language and
// role, and exits non-zero if the validator fails or the library falls below the
// minimums the content issue sets.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"sort"
	"strings"

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
	return s.check()
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
