package report

import (
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// covered reports, per rune of the Basic Multilingual Plane, whether all three Go fonts
// the reports use have a glyph for it. Computed once, on first use: names and content
// are untrusted text, and fpdf indexes a 65,536-entry width table by rune (a rune beyond
// it would panic) and prints an empty box for a rune without a glyph.
var covered = sync.OnceValue(func() []bool {
	ok := make([]bool, 0x10000)
	for i := range ok {
		ok[i] = true
	}
	for _, ttf := range [][]byte{goregular.TTF, gobold.TTF} {
		f, err := sfnt.Parse(ttf)
		if err != nil {
			// The fonts are compiled in, so this is a broken module; fpdf will report it
			// when it loads the same bytes. Keep the rune table as it is.
			continue
		}
		var buf sfnt.Buffer
		for r := range ok {
			if ok[r] {
				g, err := f.GlyphIndex(&buf, rune(r))
				ok[r] = err == nil && g != 0
			}
		}
	}
	return ok
})

// clean makes untrusted text printable in the reports' fonts: tabs and other spacing
// become a space, other control and format characters go, line breaks are kept only when
// multiline, and a rune without a glyph becomes "?" so it is visibly lost, not silently.
func clean(s string, multiline bool) string {
	var b strings.Builder
	b.Grow(len(s))
	ok := covered()
	for _, r := range s {
		switch {
		case r == '\n' && multiline:
			b.WriteRune(r)
		case r == '\r':
			// dropped: \r\n becomes \n
		case unicode.IsSpace(r):
			b.WriteByte(' ')
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			// zero-width and bidi controls: invisible in print, a spoofing risk in names
		case r < 0x10000 && ok[r]:
			b.WriteRune(r)
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}

// line cleans a single-line value and trims it.
func line(s string) string { return strings.TrimSpace(clean(s, false)) }

// num formats x with the given decimals in the language's convention (decimal comma in
// Spanish); NaN and ±Inf print as a dash, never as "NaN" in a hiring report.
func num(l Lang, x float64, decimals int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "–"
	}
	x = roundTo(x, decimals)
	s := strconv.FormatFloat(x, 'f', decimals, 64)
	if s == "-0" || strings.HasPrefix(s, "-0.") && strings.Trim(s[3:], "0") == "" {
		s = s[1:] // no "−0"
	}
	if strings.HasPrefix(s, "-") {
		s = "−" + s[1:] // the minus sign, not a hyphen
	}
	if l == ES {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

func roundTo(x float64, decimals int) float64 {
	p := math.Pow10(decimals)
	return math.Round(x*p) / p
}

// tScore is 50 + 10·z, clamped to a printable range.
func tScore(z float64) float64 {
	if math.IsNaN(z) || math.IsInf(z, 0) {
		return 50
	}
	return math.Max(0, math.Min(100, 50+10*z))
}

// finite maps NaN and ±Inf to 0 (a caller's bug must not break a rendering).
func finite(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return x
}

// band is the 95% band of a score in T units.
func band(z, se float64) (lo, hi float64) {
	z, se = finite(z), math.Abs(finite(se))
	return tScore(z - z95*se), tScore(z + z95*se)
}

// pct formats a 0–1 fraction as a whole percentage.
func pct(l Lang, x float64) string {
	if l == ES {
		return num(l, 100*finite(x), 0) + " %"
	}
	return num(l, 100*finite(x), 0) + "%"
}
