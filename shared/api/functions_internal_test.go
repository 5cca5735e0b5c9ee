package api

import (
	"slices"
	"sort"
	"testing"
)

// TestFunctionOpsMatchTheirRoutes: each function's handlers are exactly the ops of its rows
// in the routing table (a missing one fails at start; an extra one would be linked into a
// binary that never serves it), and the functions cover the whole table.
func TestFunctionOpsMatchTheirRoutes(t *testing.T) {
	t.Parallel()
	s := &server{}
	var names []string
	for _, f := range []Function{CatalogFunction(), HRFunction(), SessionsFunction(), AnswersFunction(), AuthFunction()} {
		names = append(names, f.Name)
		var want, got []string
		for _, rt := range Routes {
			if rt.Function == f.Name {
				want = append(want, rt.Op)
			}
		}
		for op := range f.ops(s) {
			got = append(got, op)
		}
		sort.Strings(want)
		sort.Strings(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: handlers %v, routes %v", f.Name, got, want)
		}
	}
	fns := Functions()
	sort.Strings(fns)
	sort.Strings(names)
	if !slices.Equal(fns, names) {
		t.Errorf("functions with routes %v, Function values %v", fns, names)
	}
}
