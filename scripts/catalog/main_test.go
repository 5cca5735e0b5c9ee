package main

import (
	"strings"
	"testing"
)

func TestRunStats(t *testing.T) {
	var b strings.Builder
	if err := run([]string{"stats"}, &b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"competency Likert scales", "cognitive items", "DISC blocks", "missing a language 0", "sales-back-office"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("stats output lacks %q", want)
		}
	}
}

func TestRunUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"stat"}, {"stats", "extra"}} {
		if err := run(args, &strings.Builder{}); err == nil || !strings.Contains(err.Error(), "usage") {
			t.Errorf("run(%q) = %v, want a usage error", args, err)
		}
	}
}

func TestCheckNamesWhatIsShort(t *testing.T) {
	s := stats{byType: map[string]int{}, competencyScales: 15, texts: 2, es: 2, en: 1}
	err := s.check()
	if err == nil {
		t.Fatal("a short library passed")
	}
	for _, want := range []string{"competency Likert scales: 15, want at least 16", "1 texts miss a language"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}
