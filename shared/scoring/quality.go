package scoring

import (
	"fmt"
	"math"
	"sort"
)

// Caution is a response-quality observation for a human to weigh. The engine never
// rejects or lowers a score because of one: a long run of the same answer can be honest.
type Caution struct {
	Code      string  `json:"code"`
	Value     float64 `json:"value"`     // what was measured
	Threshold float64 `json:"threshold"` // the line it crossed
	Message   Text    `json:"message"`
}

// Caution codes.
const (
	CautionLongstring   = "longstring"
	CautionLowVariation = "low_variation"
	CautionTooFast      = "too_fast"
	CautionInconsistent = "inconsistent"
	CautionImpression   = "impression_management"
	CautionFocusLoss    = "focus_loss"
	CautionPaste        = "paste"
)

// Timing is the time a candidate spent on one item, with the item's type (likert, sjt,
// disc, numerical, verbal, logical, …) for the per-type too-fast threshold.
type Timing struct {
	Type    string
	Seconds float64
}

// InconsistencyPair names two Likert items that say (nearly) the same thing; when
// Opposite, one says the opposite of the other. Values are raw answers.
type InconsistencyPair struct {
	A, B     int
	Opposite bool
}

// QualityInput is one session's response-quality evidence.
type QualityInput struct {
	// Likert holds the raw agreement answers in the order they were shown.
	Likert []int
	Range  LikertRange
	// Timings has one entry per answered item of any kind.
	Timings []Timing
	Pairs   []InconsistencyPair
	// ImpressionZ is the z of the impression-management scale, nil when not assessed.
	ImpressionZ *float64
	// FocusLosses and Pastes count the events reported during timed parts only.
	FocusLosses, Pastes int
}

// Thresholds are the lines a caution needs to cross. DefaultThresholds documents ours.
type Thresholds struct {
	Longstring   int     // longest run of one answer, for ≥ this many Likert answers
	MinISD       float64 // intra-individual SD below this (with ≥ Longstring answers)
	FastSeconds  map[string]float64
	FastShare    float64 // share of timed items under their type's threshold
	Inconsistent int     // contradicting pairs (keyed difference ≥ PairGap)
	PairGap      int
	ImpressionZ  float64 // impression management z at or above this (T ≥ 70)
	FocusLosses  int
	Pastes       int
}

// DefaultThresholds: a run of 10 identical answers; an SD under 0.5 on a 5-point scale
// (nearly flat); 2 s per statement (the usual careless-responding line for agreement
// items) and more for items that need reading or calculating; a quarter of the items too
// fast; 2 clear contradictions; IM at two SDs above the mean; 2 focus losses (one can be a
// notification) and any paste in a timed part.
func DefaultThresholds() Thresholds {
	return Thresholds{
		Longstring: 10,
		MinISD:     0.5,
		FastSeconds: map[string]float64{
			"likert": 2, "disc": 3, "sjt": 6,
			"numerical": 6, "verbal": 5, "logical": 6, "tools": 5,
		},
		FastShare:    0.25,
		Inconsistent: 2,
		PairGap:      3,
		ImpressionZ:  2,
		FocusLosses:  2,
		Pastes:       1,
	}
}

// Cautions lists every caution the evidence supports, in a fixed order.
//
//	longstring     longest run of the same Likert answer
//	low_variation  intra-individual SD of the Likert answers
//	too_fast       share of items under their type's time threshold
//	inconsistent   pairs whose keyed answers differ by ≥ PairGap
//	impression     impression-management z high
//	focus_loss / paste   events during timed parts
func Cautions(in QualityInput, th Thresholds) []Caution {
	var out []Caution
	r := in.Range
	if r.Min >= r.Max {
		r = FivePoint
	}
	var xs []float64
	var valid []int
	for _, x := range in.Likert {
		if r.Valid(x) {
			valid = append(valid, x)
			xs = append(xs, float64(x))
		}
	}
	if th.Longstring > 0 && len(valid) >= th.Longstring {
		if run := Longstring(valid); run >= th.Longstring {
			out = append(out, Caution{Code: CautionLongstring, Value: float64(run), Threshold: float64(th.Longstring),
				Message: Text{
					ES: fmt.Sprintf("Dio la misma respuesta %d veces seguidas en los enunciados de acuerdo.", run),
					EN: fmt.Sprintf("Gave the same answer %d times in a row on the agreement statements.", run),
				}})
		}
		if isd := math.Sqrt(variance(xs)); isd < th.MinISD {
			out = append(out, Caution{Code: CautionLowVariation, Value: round3(isd), Threshold: th.MinISD,
				Message: Text{
					ES: "Sus respuestas de acuerdo apenas varían entre enunciados; pregunte por ellas antes de leer sus escalas.",
					EN: "Their agreement answers barely vary across statements; ask about them before reading their scales.",
				}})
		}
	}
	if n, fast := len(in.Timings), tooFast(in.Timings, th.FastSeconds); n > 0 && th.FastShare > 0 {
		if share := float64(fast) / float64(n); share >= th.FastShare {
			out = append(out, Caution{Code: CautionTooFast, Value: round3(share), Threshold: th.FastShare,
				Message: Text{
					ES: fmt.Sprintf("Respondió %d de %d preguntas más rápido de lo que lleva leerlas.", fast, n),
					EN: fmt.Sprintf("Answered %d of %d questions faster than it takes to read them.", fast, n),
				}})
		}
	}
	if bad := inconsistent(in.Pairs, r, th.PairGap); th.Inconsistent > 0 && bad >= th.Inconsistent {
		out = append(out, Caution{Code: CautionInconsistent, Value: float64(bad), Threshold: float64(th.Inconsistent),
			Message: Text{
				ES: fmt.Sprintf("Se contradijo en %d pares de enunciados que dicen lo mismo.", bad),
				EN: fmt.Sprintf("Contradicted themselves on %d pairs of statements that say the same thing.", bad),
			}})
	}
	if z := in.ImpressionZ; z != nil && finite(*z) && *z >= th.ImpressionZ {
		out = append(out, Caution{Code: CautionImpression, Value: round3(*z), Threshold: th.ImpressionZ,
			Message: Text{
				ES: "Se describió de forma inusualmente favorable; sus escalas de personalidad pueden estar infladas.",
				EN: "Described themselves unusually favourably; their personality scales may be inflated.",
			}})
	}
	if th.FocusLosses > 0 && in.FocusLosses >= th.FocusLosses {
		out = append(out, Caution{Code: CautionFocusLoss, Value: float64(in.FocusLosses), Threshold: float64(th.FocusLosses),
			Message: Text{
				ES: fmt.Sprintf("Salió de la ventana %d veces durante partes cronometradas.", in.FocusLosses),
				EN: fmt.Sprintf("Left the window %d times during timed parts.", in.FocusLosses),
			}})
	}
	if th.Pastes > 0 && in.Pastes >= th.Pastes {
		out = append(out, Caution{Code: CautionPaste, Value: float64(in.Pastes), Threshold: float64(th.Pastes),
			Message: Text{
				ES: fmt.Sprintf("Pegó texto %d veces durante partes cronometradas.", in.Pastes),
				EN: fmt.Sprintf("Pasted text %d times during timed parts.", in.Pastes),
			}})
	}
	return out
}

// Longstring is the longest run of one answer in order.
func Longstring(xs []int) int {
	best, run := 0, 0
	for i, x := range xs {
		if i > 0 && x == xs[i-1] {
			run++
		} else {
			run = 1
		}
		best = max(best, run)
	}
	return best
}

// tooFast counts timings under their type's threshold; types without one are not fast.
func tooFast(ts []Timing, limits map[string]float64) int {
	n := 0
	for _, t := range ts {
		lim, ok := limits[t.Type]
		if ok && finite(t.Seconds) && t.Seconds >= 0 && t.Seconds < lim {
			n++
		}
	}
	return n
}

// inconsistent counts pairs whose answers, after reversing B when Opposite, differ by at
// least gap points.
func inconsistent(pairs []InconsistencyPair, r LikertRange, gap int) int {
	if gap <= 0 {
		return 0
	}
	n := 0
	for _, p := range pairs {
		if !r.Valid(p.A) || !r.Valid(p.B) {
			continue
		}
		b := p.B
		if p.Opposite {
			b = r.Reverse(b)
		}
		d := p.A - b
		if d < 0 {
			d = -d
		}
		if d >= gap {
			n++
		}
	}
	return n
}

func round3(x float64) float64 { return clean(math.Round(x*1000) / 1000) }

// CautionCodes lists every code, sorted, for documentation and tests.
func CautionCodes() []string {
	c := []string{CautionLongstring, CautionLowVariation, CautionTooFast, CautionInconsistent,
		CautionImpression, CautionFocusLoss, CautionPaste}
	sort.Strings(c)
	return c
}
