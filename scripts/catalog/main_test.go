package main

import (
	"strings"
	"testing"

	"shortlist/shared/catalog"
)

func TestRunStats(t *testing.T) {
	var b strings.Builder
	if err := run([]string{"stats"}, &b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"competency Likert scales", "cognitive items", "DISC blocks", "missing a language 0", "sales-back-office",
		"key positions", "numerical-reasoning correct", "work-judgment worst", "parallel-cases best", "worst option is the shortest", "Spanish register",
		"option lengths", "parallel-cases best (es)", "parallel-cases best (en)", "work-judgment best (en)", "work-judgment worst (es)"} {
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

// The leak criteria flag the patterns an item-by-item audit found (the key following the
// item number, an SJT worst stepping with its best) and pass a balanced sequence.
func TestKeyLeaks(t *testing.T) {
	seq := func(keys ...int) catalog.KeySeq {
		s := catalog.KeySeq{Name: "x"}
		for _, k := range keys {
			s.Keys = append(s.Keys, k)
			s.K = append(s.K, 4)
		}
		return s
	}
	cyclic := make([]int, 22)
	for i := range cyclic {
		cyclic[i] = i % 4
	}
	if got := catalog.PositionLeaks(seq(cyclic...)); len(got) == 0 || !strings.Contains(got[0], "(n − 1 + 0) mod k in 22 of 22") {
		t.Errorf("the (n−1) mod 4 pattern passed: %q", got)
	}
	crowded := []int{2, 2, 0, 2, 1, 2, 2, 3, 2, 2, 0, 2, 2, 1, 2, 3}
	if got := strings.Join(catalog.PositionLeaks(seq(crowded...)), "\n"); !strings.Contains(got, "position 2 is keyed in 10 of 16") {
		t.Errorf("a crowded position passed: %q", got)
	}
	rising := []int{0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3}
	if got := strings.Join(catalog.PositionLeaks(seq(rising...)), "\n"); !strings.Contains(got, "Spearman") {
		t.Errorf("keys rising with item order passed: %q", got)
	}
	stepping := []int{1, 2, 3, 0, 2, 3, 0, 1, 3, 0, 1, 2, 1, 2, 3} // the old SJT worst
	if got := strings.Join(catalog.PositionLeaks(seq(stepping...)), "\n"); !strings.Contains(got, "moves by +1 from one item to the next in 11 of 14") {
		t.Errorf("the old SJT worst passed: %q", got)
	}
	balanced := []int{1, 3, 1, 3, 0, 0, 3, 1, 2, 0, 3, 0, 2, 1, 1, 2, 2, 3, 2, 0}
	if got := catalog.PositionLeaks(seq(balanced...)); len(got) > 0 {
		t.Errorf("a balanced sequence leaked: %q", got)
	}
	if got := catalog.PairLeaks(seq(cyclic[:15]...), seq(stepping...)); len(got) != 0 {
		t.Errorf("pairLeaks: %q", got)
	}
	best, worst := seq(cyclic[:15]...), seq(cyclic[1:16]...)
	if got := catalog.PairLeaks(best, worst); len(got) != 1 || !strings.Contains(got[0], "worst = best + 1 in 15 of 15") {
		t.Errorf("worst = best + 1 passed: %q", got)
	}
}

func TestRegister(t *testing.T) {
	for text, want := range map[string]string{
		"Deme su contraseña actual y se la cambio.":                   "usted",
		"Dame tu contraseña actual y te la cambio.":                   "tú",
		"Un momento por favor.":                                       "neutral",
		"Puedo ayudarle con eso. ¿Me cuenta el motivo?":               "usted",
		"Ya le escribo al repartidor con tu dirección y tu teléfono.": "tú",
	} {
		if got := register(text); got != want {
			t.Errorf("register(%q) = %s, want %s", text, got, want)
		}
	}
}
