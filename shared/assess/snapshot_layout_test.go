package assess

import (
	"flag"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

var updateLayout = flag.Bool("update", false, "rewrite testdata/snapshot-layout.txt from the current types")

// TestSnapshotLayoutIsPinned: the cohort snapshot's objects are JSON of CohortState,
// CohortHead, pages of CohortCandidate, index shards and sort columns, and some of the
// types inside (scoring's Composite, Band, Reliability, Insight) have no JSON names of
// their own. A pointer is read only when it names this snapshotEngine, so any change to
// what those objects hold must come with a new layout version in snapshotEngine, or a
// reader would decode old objects into the new shape. The test compares every field path
// the objects can hold with testdata/snapshot-layout.txt and fails when they differ while
// snapshotEngine has not changed.
func TestSnapshotLayoutIsPinned(t *testing.T) {
	t.Parallel()
	objects := map[string]any{
		"state":  CohortState{},
		"head":   CohortHead{},
		"page":   []CohortCandidate{},
		"index":  map[string]int32{},
		"sortBy": []*float64{},
	}
	var lines []string
	for name, v := range objects {
		lines = append(lines, layout(name, reflect.TypeOf(v), map[reflect.Type]bool{})...)
	}
	sort.Strings(lines)
	got := "engine " + snapshotEngine + "\n" + strings.Join(lines, "\n") + "\n"
	const golden = "testdata/snapshot-layout.txt"
	if *updateLayout {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	b, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./shared/assess -run TestSnapshotLayoutIsPinned -update)", err)
	}
	want := string(b)
	if got == want {
		return
	}
	wantEngine, _, _ := strings.Cut(want, "\n")
	if wantEngine == "engine "+snapshotEngine {
		t.Fatalf("the snapshot objects' layout changed but snapshotEngine (%s) did not: raise its snapshot/N part, "+
			"then rewrite the golden with -update.\n%s", snapshotEngine, lineDiff(want, got))
	}
	t.Fatalf("snapshotEngine is now %s: rewrite %s with -update.\n%s", snapshotEngine, golden, lineDiff(want, got))
}

// layout lists the JSON paths of t with their kinds ("page[].fit.SE float64").
func layout(path string, t reflect.Type, seen map[reflect.Type]bool) []string {
	switch t.Kind() {
	case reflect.Pointer:
		return layout(path, t.Elem(), seen)
	case reflect.Slice, reflect.Array:
		return layout(path+"[]", t.Elem(), seen)
	case reflect.Map:
		return layout(path+"{"+t.Key().Kind().String()+"}", t.Elem(), seen)
	case reflect.Struct:
		if t == reflect.TypeOf(time.Time{}) {
			return []string{path + " time"}
		}
		if seen[t] {
			return []string{path + " (recursive " + t.Name() + ")"}
		}
		seen[t] = true
		defer delete(seen, t)
		var out []string
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if f.Anonymous && name == "" {
				out = append(out, layout(path, f.Type, seen)...)
				continue
			}
			if name == "" {
				name = f.Name
			}
			if strings.Contains(opts, "string") {
				out = append(out, path+"."+name+" string")
				continue
			}
			out = append(out, layout(path+"."+name, f.Type, seen)...)
		}
		return out
	}
	return []string{fmt.Sprintf("%s %s", path, t.Kind())}
}

// lineDiff lists the lines only in want (-) and only in got (+).
func lineDiff(want, got string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	w, g := in(want), in(got)
	var out []string
	for _, l := range strings.Split(want, "\n") {
		if !g[l] {
			out = append(out, "- "+l)
		}
	}
	for _, l := range strings.Split(got, "\n") {
		if !w[l] {
			out = append(out, "+ "+l)
		}
	}
	return strings.Join(out, "\n")
}
