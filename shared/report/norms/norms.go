// Package norms names the norm a standard score is measured against, in the words the
// console, the API and every report use. It is apart from package report so that the HTTP
// functions label their answers without linking the PDF library.
package norms

import "fmt"

// Norm says which distribution a standard score was computed against.
type Norm struct {
	// Source is "reference" (shipped with the content, provisional until calibrated)
	// or "local" (the assessment's own scored candidates) — scoring.NormSource as a string.
	Source string
	// N is the number of scores in a local norm, or a reference norm's calibration
	// sample (0: provisional).
	N int
}

// Norm sources.
const (
	Reference = "reference"
	Local     = "local"
)

// Real says the norm describes a real sample (a local norm, or a reference norm with a
// calibration N), so percentiles against it mean something.
func (n Norm) Real() bool { return n.Source == Local || n.N > 0 }

type words struct{ reference, calibrated, local, mixed string }

var (
	es = words{
		reference:  "Norma de referencia (provisional)",
		calibrated: "Norma de referencia (N = %d)",
		local:      "Norma local (esta evaluación, N = %d)",
		mixed:      "Normas locales en unas escalas, de referencia (provisionales) en otras",
	}
	en = words{
		reference:  "Reference norm (provisional)",
		calibrated: "Reference norm (N = %d)",
		local:      "Local norm (this assessment, N = %d)",
		mixed:      "Local norms on some scales, reference norms (provisional) on others",
	}
)

func wordsIn(lang string) words {
	if lang == "en" {
		return en
	}
	return es
}

// Label names n in lang ("es" or "en"): the assessment's own candidates (local), a
// reference norm with its calibration sample, or a provisional reference norm.
func Label(lang string, n Norm) string {
	w := wordsIn(lang)
	switch {
	case n.Source == Local:
		return fmt.Sprintf(w.local, n.N)
	case n.N > 0:
		return fmt.Sprintf(w.calibrated, n.N)
	}
	return w.reference
}

// CompositeLabel names the norms behind a composite of scales with these norms (the role
// fit, a test's score): their common label when they share one kind of norm (the smallest
// N for local norms), else a mixed label; "" for none.
func CompositeLabel(lang string, ns []Norm) string {
	if len(ns) == 0 {
		return ""
	}
	kind := func(n Norm) string {
		if n.Source == Local {
			return Local
		}
		if n.N > 0 {
			return "calibrated"
		}
		return Reference
	}
	low := ns[0]
	for _, n := range ns[1:] {
		if kind(n) != kind(low) {
			return wordsIn(lang).mixed
		}
		if n.N < low.N {
			low = n
		}
	}
	return Label(lang, low)
}
