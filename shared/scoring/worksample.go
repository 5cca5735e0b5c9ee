package scoring

import (
	"math"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// FieldKey is one scored field of a work sample: a cell to correct ("row:column" in a
// data-validation task), a total, a reply choice. Tolerance applies when both the key
// and the answer read as numbers.
type FieldKey struct {
	ID        string
	Want      string
	Tolerance float64
}

// WorkSample is a per-field partial-credit score.
type WorkSample struct {
	Fields    int // fields in the key
	Attempted int // answers given (to key fields or not)
	Right     int
	// Credit is the fraction of key fields answered right: Right/Fields.
	Credit float64
	// Accuracy is Right/Attempted: how much of what was entered is right, so flagging
	// every cell does not pay. 0 with nothing attempted.
	Accuracy float64
	// PerMinute is answers entered per minute of the time spent (speed); 0 when the time
	// is unknown.
	PerMinute float64
}

// ScoreFields gives per-field partial credit: each key field counts 1/Fields when the
// answer matches (see Match). got maps field id → the candidate's value; seconds is the
// time spent on the task.
func ScoreFields(key []FieldKey, got map[string]string, seconds float64) WorkSample {
	ws := WorkSample{Fields: len(key)}
	for _, v := range got {
		if strings.TrimSpace(v) != "" {
			ws.Attempted++
		}
	}
	for _, k := range key {
		if v, ok := got[k.ID]; ok && Match(k.Want, v, k.Tolerance) {
			ws.Right++
		}
	}
	if ws.Fields > 0 {
		ws.Credit = float64(ws.Right) / float64(ws.Fields)
	}
	if ws.Attempted > 0 {
		ws.Accuracy = math.Min(1, float64(ws.Right)/float64(ws.Attempted))
	}
	if finite(seconds) && seconds > 0 {
		ws.PerMinute = clean(float64(ws.Attempted) / (seconds / 60))
	}
	return ws
}

// Match compares an answer with a key the way a careful human checker would: spaces,
// letter case and accents do not matter; numbers match within tol, and a decimal comma
// ("1234,5") reads as a point, because candidates type Spanish numbers.
func Match(want, got string, tol float64) bool {
	w, g := normField(want), normField(got)
	if w == g {
		return true
	}
	wn, ok1 := number(w)
	gn, ok2 := number(g)
	if !ok1 || !ok2 {
		return false
	}
	if !finite(tol) || tol < 0 {
		tol = 0
	}
	return math.Abs(wn-gn) <= tol+1e-9
}

// normField folds what a careful checker ignores: spacing, letter case and accents
// ("Munoz" is "Muñoz", "Gomez" is "Gómez": a keyboard without them is no error of fact).
func normField(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	// Decompose, drop the combining marks, recompose. A chain keeps state: one per call.
	fold := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	if folded, _, err := transform.String(fold, s); err == nil {
		s = folded
	}
	return s
}

// number reads "1234.5", "1234,5" and "$ 1234.50"; thousands separators are not
// guessed (a key states its format and tasks ask for plain numbers).
func number(s string) (float64, bool) {
	s = strings.TrimSpace(strings.TrimLeft(s, "$€ "))
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil && finite(f)
}

// OrderCredit gives partial credit for putting items in the key's order (parallel
// cases: which customer first): the share of pairs of key items that the answer orders
// the same way. Items missing from the answer count their pairs as wrong.
func OrderCredit(key, got []string) float64 {
	pos := map[string]int{}
	for i, id := range got {
		if _, dup := pos[id]; !dup {
			pos[id] = i
		}
	}
	pairs, right := 0, 0
	for i := range key {
		for j := i + 1; j < len(key); j++ {
			pairs++
			pi, ok1 := pos[key[i]]
			pj, ok2 := pos[key[j]]
			if ok1 && ok2 && pi < pj {
				right++
			}
		}
	}
	if pairs == 0 {
		return 0
	}
	return float64(right) / float64(pairs)
}
