package report

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

// TestWordsComplete: every piece of our wording exists in both languages, so a report
// never prints a blank or falls back to the other language.
func TestWordsComplete(t *testing.T) {
	for _, w := range []*words{&es, &en} {
		v := reflect.ValueOf(*w)
		for i := 0; i < v.NumField(); i++ {
			f, name := v.Field(i), v.Type().Field(i).Name
			if !v.Type().Field(i).IsExported() {
				continue
			}
			switch f.Kind() {
			case reflect.String:
				if strings.TrimSpace(f.String()) == "" {
					t.Errorf("%s: %s is empty", w.lang, name)
				}
			case reflect.Slice, reflect.Array:
				if f.Len() == 0 {
					t.Errorf("%s: %s is empty", w.lang, name)
				}
				for j := 0; j < f.Len(); j++ {
					if strings.TrimSpace(f.Index(j).String()) == "" {
						t.Errorf("%s: %s[%d] is empty", w.lang, name, j)
					}
				}
			case reflect.Map:
				if f.Len() == 0 {
					t.Errorf("%s: %s is empty", w.lang, name)
				}
			}
		}
	}
	if len(es.MethodText) != len(en.MethodText) {
		t.Errorf("MethodText: %d paragraphs in Spanish, %d in English", len(es.MethodText), len(en.MethodText))
	}
	for code := range es.CautionAdvice {
		if en.CautionAdvice[code] == "" {
			t.Errorf("caution %s has Spanish advice but no English", code)
		}
	}
	for code := range en.CautionAdvice {
		if es.CautionAdvice[code] == "" {
			t.Errorf("caution %s has English advice but no Spanish", code)
		}
	}
}

// TestCautionCodes: we advise on every code the scoring engine emits (scoring.CautionCodes,
// copied here because the report does not import the engine).
func TestCautionCodes(t *testing.T) {
	for _, code := range []string{"not_finished", "random_responding", "longstring", "low_variation", "person_misfit", "impression_management", "inconsistent", "too_fast", "focus_loss", "paste"} {
		if es.CautionAdvice[code] == "" {
			t.Errorf("no advice for caution %s", code)
		}
	}
}

func TestNum(t *testing.T) {
	for _, tc := range []struct {
		l    Lang
		x    float64
		d    int
		want string
	}{
		{ES, 38.45, 1, "38,5"}, {EN, 38.45, 1, "38.5"}, {ES, -0.32, 2, "−0,32"}, {EN, -0.001, 2, "0.00"},
		{EN, -0.4, 0, "0"}, {ES, math.Inf(1), 0, "–"}, {EN, math.NaN(), 1, "–"},
	} {
		if got := num(tc.l, tc.x, tc.d); got != tc.want {
			t.Errorf("num(%s, %v, %d) = %q; want %q", tc.l, tc.x, tc.d, got, tc.want)
		}
	}
}

func TestBucket(t *testing.T) {
	for _, tc := range []struct {
		t    float64
		want int
	}{{20, 0}, {39.4, 0}, {39.6, 1}, {44.4, 1}, {45, 2}, {55, 2}, {55.6, 3}, {60.4, 3}, {60.6, 4}} {
		if got := bucket(tc.t); got != tc.want {
			t.Errorf("bucket(%v) = %d; want %d (legend %q)", tc.t, got, tc.want, es.HeatmapLegend[tc.want])
		}
	}
}

func TestClean(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"José Núñez", "José Núñez"},
		{"a\tb\r\nc", "a b c"},
		{"x\u200by\u202ez", "xyz"},
		{"😀", "?"},
		{"EE₁²", "EE₁²"},
	} {
		if got := clean(tc.in, false); got != tc.want {
			t.Errorf("clean(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}
