package scoring

import (
	"math"
	"reflect"
	"testing"
)

// The fuzz targets feed arbitrary response sets (the part of scoring a candidate
// controls) and arbitrary numbers (NaN, ±Inf, huge) to the engine: it must not panic,
// and no output may carry NaN or ±Inf. Seed corpora live in testdata/fuzz.

// checkFinite walks v and fails on any NaN or infinite float.
func checkFinite(t *testing.T, v any) {
	t.Helper()
	var walk func(path string, x reflect.Value)
	walk = func(path string, x reflect.Value) {
		switch x.Kind() {
		case reflect.Float32, reflect.Float64:
			if f := x.Float(); math.IsNaN(f) || math.IsInf(f, 0) {
				t.Fatalf("%s = %v in %+v", path, f, v)
			}
		case reflect.Struct:
			for i := range x.NumField() {
				walk(path+"."+x.Type().Field(i).Name, x.Field(i))
			}
		case reflect.Slice, reflect.Array:
			for i := range x.Len() {
				walk(path+"[]", x.Index(i))
			}
		case reflect.Pointer, reflect.Interface:
			if !x.IsNil() {
				walk(path, x.Elem())
			}
		case reflect.Map:
			for _, k := range x.MapKeys() {
				walk(path+"{}", x.MapIndex(k))
			}
		}
	}
	walk("out", reflect.ValueOf(v))
}

// ints reads bytes as small signed answers, −8…+7 (out-of-range answers included).
func ints(data []byte) []int {
	out := make([]int, len(data))
	for i, b := range data {
		out[i] = int(b%16) - 8
	}
	return out
}

func FuzzScoreLikert(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 5, 1}, []byte{0x11, 0x22, 0x01})
	f.Add([]byte{}, []byte{})
	f.Fuzz(func(t *testing.T, answers, layout []byte) {
		// layout byte: low nibble → item number, high bit → reverse key, bits 4–5 → scale.
		var items []LikertItem
		for _, b := range layout {
			key := 1
			if b&0x80 != 0 {
				key = -1
			}
			items = append(items, LikertItem{ID: string(rune('a' + b%16)), Scale: string(rune('S' + (b>>4)%4)), Key: key})
		}
		ans := map[string]int{}
		for i, x := range ints(answers) {
			ans[string(rune('a'+i%20))] = x + 3 // mostly 1–5, some out of range
		}
		scores := ScoreLikert(items, ans, FivePoint)
		checkFinite(t, scores)
		for _, s := range scores {
			if s.Answered > 0 && (s.Score < 1 || s.Score > 5) {
				t.Fatalf("score %v outside the range", s)
			}
			if s.Answered+s.Invalid > s.Items {
				t.Fatalf("counts %+v", s)
			}
		}
		rows := LikertMatrix(items, []map[string]int{ans, ans}, FivePoint)
		checkFinite(t, ScaleReliability(nil, rows))
	})
}

func FuzzEAP(f *testing.F) {
	f.Add([]byte{1, 0, 1, 1, 0}, 1.2, -0.5)
	f.Add([]byte{}, 0.0, 0.0)
	f.Add([]byte{1, 1, 1}, math.Inf(1), math.NaN())
	f.Add([]byte{0, 0, 0, 0}, 1e308, -1e308)
	f.Fuzz(func(t *testing.T, correct []byte, a, b float64) {
		items := make([]Scored2PL, len(correct))
		for i, c := range correct {
			// Vary the parameters around the fuzzed ones so one set has many items.
			items[i] = Scored2PL{A: a * float64(c%4), B: b + float64(c%7) - 3, Correct: c&1 == 1}
		}
		ab := EAP(items)
		checkFinite(t, ab)
		if ab.Theta < -4 || ab.Theta > 4 || ab.SE < 0 || ab.SE > 4 {
			t.Fatalf("EAP out of bounds: %+v", ab)
		}
		if ab.Answered+ab.Skipped != len(items) || ab.Right > ab.Answered {
			t.Fatalf("counts: %+v", ab)
		}
		checkFinite(t, SumInformation(ab.Theta, items))
	})
}

func FuzzScaleReliability(f *testing.F) {
	f.Add([]byte{1, 2, 2, 2, 2, 3, 3, 4, 3, 4, 4, 4}, uint8(3), 0.0)
	f.Add([]byte{0, 0, 0, 0}, uint8(2), math.NaN())
	f.Add([]byte{}, uint8(0), 1e300)
	f.Fuzz(func(t *testing.T, cells []byte, width uint8, extra float64) {
		w := int(width%12) + 1
		var rows [][]float64
		for i := 0; i+w <= len(cells); i += w {
			row := make([]float64, w)
			for j := range row {
				row[j] = float64(cells[i+j] % 6)
				if cells[i+j] == 255 {
					row[j] = extra // NaN, Inf or huge from the fuzzer
				}
			}
			rows = append(rows, row)
		}
		if len(cells)%2 == 1 && len(rows) > 0 {
			rows = append(rows, rows[0][:len(rows[0])/2]) // a ragged row
		}
		rel := ScaleReliability(nil, rows)
		checkFinite(t, rel)
		if rel.Defined && rel.Alpha > 1+1e-9 {
			t.Fatalf("α = %v > 1", rel.Alpha)
		}
		checkFinite(t, ChoiceItemStats(nil, rows))
	})
}

func FuzzCautions(f *testing.F) {
	f.Add([]byte{3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3}, []byte{1, 9, 40}, 2.5, 3, 1)
	f.Add([]byte{}, []byte{}, math.NaN(), -1, -5)
	f.Fuzz(func(t *testing.T, likert, timings []byte, z float64, focus, paste int) {
		in := QualityInput{FocusLosses: focus, Pastes: paste, ImpressionZ: &z}
		for _, x := range ints(likert) {
			in.Likert = append(in.Likert, x+3)
		}
		types := []string{"likert", "numerical", "sjt", "disc", "unknown"}
		for i, s := range timings {
			in.Timings = append(in.Timings, Timing{Type: types[i%len(types)], Seconds: float64(s) / 4})
		}
		for i := 0; i+1 < len(in.Likert); i += 2 {
			in.Pairs = append(in.Pairs, InconsistencyPair{A: in.Likert[i], B: in.Likert[i+1], Opposite: i%4 == 0})
		}
		cs := Cautions(in, DefaultThresholds())
		checkFinite(t, cs)
		for _, c := range cs {
			if c.Code == "" || c.Message.ES == "" || c.Message.EN == "" {
				t.Fatalf("caution without code or wording: %+v", c)
			}
		}
	})
}

func FuzzScoreFields(f *testing.F) {
	f.Add("120.50", "120,5", 0.01, 60.0)
	f.Add("Ana Pérez", " ana pérez ", 0.0, 0.0)
	f.Add("1e308", "-1e308", math.Inf(1), math.NaN())
	f.Fuzz(func(t *testing.T, want, got string, tol, seconds float64) {
		ws := ScoreFields([]FieldKey{{ID: "x", Want: want, Tolerance: tol}, {ID: "y", Want: got}},
			map[string]string{"x": got, "z": want}, seconds)
		checkFinite(t, ws)
		if ws.Credit < 0 || ws.Credit > 1 || ws.Accuracy < 0 || ws.Accuracy > 1 {
			t.Fatalf("credit out of range: %+v", ws)
		}
		if !Match(want, want, tol) {
			t.Fatalf("%q does not match itself", want)
		}
		checkFinite(t, OrderCredit([]string{want, got, "c"}, []string{got, want}))
	})
}

func FuzzChoiceAnswers(f *testing.F) {
	f.Add([]byte{0, 3, 1, 2, 3, 0, 2, 2}, uint8(4))
	f.Add([]byte{}, uint8(0))
	f.Fuzz(func(t *testing.T, picks []byte, options uint8) {
		var sjt []SJTItem
		var disc []DISCChoice
		styles := []string{"D", "I", "S", "C", "?"}
		for i := 0; i+1 < len(picks); i += 2 {
			a := &SJTAnswer{Best: int(picks[i]%6) - 1, Worst: int(picks[i+1]%6) - 1}
			sjt = append(sjt, SJTItem{Key: SJTKey{Best: i % 4, Worst: 3 - i%4}, Options: int(options % 6), Answer: a})
			disc = append(disc, DISCChoice{Most: styles[picks[i]%5], Least: styles[picks[i+1]%5]})
		}
		s := ScoreSJT(sjt)
		checkFinite(t, s)
		if s.Score < -s.Max || s.Score > s.Max || s.Fraction < 0 || s.Fraction > 1 {
			t.Fatalf("SJT out of range: %+v", s)
		}
		p := ScoreDISC(styles[:4], disc)
		sum := 0
		for _, st := range p.Styles {
			sum += st.Diff
		}
		if sum != 0 || p.Blocks+p.Invalid != len(disc) {
			t.Fatalf("DISC not ipsative: %+v", p)
		}
		ratings := ints(picks)
		checkFinite(t, float64(len(ratings)))
		if sc, max, _ := RateEffectiveness([]int{1, 2, 3, 4, 5}, ratings, 1, 5); sc > 0 || -sc > max {
			t.Fatalf("RateEffectiveness %d of %d", sc, max)
		}
	})
}

func FuzzCompositeAndRank(f *testing.F) {
	f.Add([]byte{10, 20, 30, 40, 50, 60}, 0.3, 1.0)
	f.Add([]byte{}, math.NaN(), math.Inf(-1))
	f.Add([]byte{1, 1, 1, 1}, 1e308, -1e308)
	f.Fuzz(func(t *testing.T, data []byte, se, w float64) {
		var parts []Part
		var in []RankInput
		for i, b := range data {
			z := float64(int(b)-128) / 40
			min := -1.0
			parts = append(parts, Part{ID: string(rune('a' + i%26)), Weight: w * float64(b%3), Z: z, SE: se, Minimum: &min})
			c := RoleFit(parts)
			checkFinite(t, c)
			in = append(in, RankInput{ID: string(rune('a' + i%26)), C: c.C, SE: c.SE})
			checkFinite(t, Standardize(z, Norm{Mean: w, SD: se}))
		}
		ranked := Rank(in, 3, 7)
		checkFinite(t, ranked)
		for i := range ranked {
			r := ranked[i]
			if (i > 0 && r.C > ranked[i-1].C) || r.Low < 1 || r.Low > r.Rank || r.High < r.Rank || r.High > len(ranked) || r.PTop < 0 || r.PTop > 1 {
				t.Fatalf("ranking out of order or interval off at %d: %+v", i, ranked)
			}
		}
		var results []ScaleResult
		for _, p := range parts {
			results = append(results, ScaleResult{Scale: p.ID, Z: p.Z, SE: p.SE, Answered: 5, Items: 10})
		}
		s, pr := Insights(results, 3)
		checkFinite(t, s)
		checkFinite(t, pr)
	})
}
