package report

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// Page geometry in millimetres (A4) and type sizes in points.
const (
	margin    = 15.0
	footerH   = 14.0 // space the footer needs at the bottom of every page
	lineH     = 4.6  // body line height for 9.5 pt
	bodySize  = 9.5
	smallSize = 7.5
	family    = "go"
)

// rgb is a colour.
type rgb struct{ r, g, b int }

// The palette: ink for text, grey for secondary text and axes, a blue for the candidate's
// marker, and a light blue for bands. Colour is never the only carrier of meaning: every
// bar and heatmap cell has its number printed.
var (
	ink      = rgb{33, 37, 41}
	grey     = rgb{108, 117, 125}
	rule     = rgb{206, 212, 218}
	accent   = rgb{13, 71, 161}
	bandFill = rgb{187, 210, 240}
	warn     = rgb{176, 58, 46}
	panel    = rgb{244, 246, 248}
)

// doc wraps fpdf with the reports' typography. fpdf records its first error and turns
// every later call into a no-op, so drawing code does not check errors; bytes() returns it.
type doc struct {
	pdf   *fpdf.Fpdf
	lang  Lang
	w     *words
	width float64 // usable width between the margins
	// footer is the text printed left in every page's footer.
	footer string
}

// newDoc starts a document: A4, in orientation "P" or "L", with the Go fonts, the
// metadata and the footer; dates come from the header so output is reproducible.
//
// compress deflates the page streams. fpdf builds a fresh ~1 MB compressor per stream,
// which is a third of a 3-page report's time for ~25 KB saved; a cohort report of many
// pages shrinks several-fold, so it compresses and the short reports do not. (Font
// streams are always compressed.)
func newDoc(h Header, orientation, title, footer string, compress bool) *doc {
	pdf := fpdf.New(orientation, "mm", "A4", "")
	pdf.SetCatalogSort(true) // deterministic object order
	pdf.SetCompression(compress)
	pdf.SetCreationDate(h.Generated.UTC())
	pdf.SetModificationDate(h.Generated.UTC())
	pdf.SetProducer("Shortlist "+Version, true)
	pdf.SetCreator("Shortlist", true)
	pdf.SetTitle(line(title), true)
	pdf.SetLang(string(h.Lang))
	pdf.AddUTF8FontFromBytes(family, "", goregular.TTF)
	pdf.AddUTF8FontFromBytes(family, "B", gobold.TTF)
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, margin+footerH)
	pdf.AliasNbPages("{nb}")
	pw, _ := pdf.GetPageSize()
	d := &doc{pdf: pdf, lang: h.Lang, w: wordsFor(h.Lang), width: pw - 2*margin, footer: footer}
	pdf.SetFooterFunc(d.drawFooter)
	return d
}

func (d *doc) drawFooter() {
	p := d.pdf
	_, ph := p.GetPageSize()
	y := ph - margin - footerH + 4
	d.color(rule, false)
	p.SetLineWidth(0.2)
	p.Line(margin, y, margin+d.width, y)
	p.SetXY(margin, y+1.2)
	d.font("", smallSize, grey)
	page := fmt.Sprintf(d.w.PageOf, p.PageNo(), "{nb}")
	pw := p.GetStringWidth(page) + 2
	p.MultiCell(d.width-pw-2, 3.3, d.footer, "", "L", false)
	p.SetXY(margin+d.width-pw, y+1.2)
	p.CellFormat(pw, 3.3, page, "", 0, "R", false, 0, "")
}

// bytes finishes the document.
func (d *doc) bytes() ([]byte, error) {
	var buf bytes.Buffer
	if err := d.pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("report: rendering PDF: %w", err)
	}
	return buf.Bytes(), nil
}

// font sets the style ("" or "B": two faces keep each document's font work small), size
// and text colour.
func (d *doc) font(style string, size float64, c rgb) {
	d.pdf.SetFont(family, style, size)
	d.pdf.SetTextColor(c.r, c.g, c.b)
}

// color sets the fill (fill true) or the draw colour.
func (d *doc) color(c rgb, fill bool) {
	if fill {
		d.pdf.SetFillColor(c.r, c.g, c.b)
	} else {
		d.pdf.SetDrawColor(c.r, c.g, c.b)
	}
}

// bottom is the lowest y content may reach on a page.
func (d *doc) bottom() float64 {
	_, ph := d.pdf.GetPageSize()
	return ph - margin - footerH
}

// need starts a new page unless h millimetres fit below the current position, so a
// heading is never left alone at the bottom of a page and a bar row is never split.
func (d *doc) need(h float64) {
	if d.pdf.GetY()+h > d.bottom() {
		d.pdf.AddPage()
	}
}

// title prints the document's title block.
func (d *doc) title(kicker, title, sub string) {
	p := d.pdf
	d.font("B", smallSize+0.5, accent)
	p.CellFormat(0, 4, strings.ToUpper(line(kicker)), "", 1, "L", false, 0, "")
	d.font("B", 18, ink)
	p.MultiCell(0, 8, line(title), "", "L", false)
	if sub != "" {
		d.font("", bodySize, grey)
		p.MultiCell(0, lineH, line(sub), "", "L", false)
	}
	p.Ln(2)
	d.color(accent, false)
	p.SetLineWidth(0.6)
	p.Line(margin, p.GetY(), margin+d.width, p.GetY())
	p.Ln(4)
}

// h2 prints a section heading, keeping `keep` millimetres of what follows with it.
func (d *doc) h2(s string, keep float64) {
	d.need(9 + keep)
	p := d.pdf
	p.Ln(2)
	d.font("B", 12.5, accent)
	p.CellFormat(0, 6.5, line(s), "", 1, "L", false, 0, "")
	p.Ln(0.8)
}

// h3 prints a minor heading.
func (d *doc) h3(s string, keep float64) {
	d.need(6 + keep)
	d.font("B", bodySize+0.5, ink)
	d.pdf.MultiCell(0, 5, line(s), "", "L", false)
}

// para prints wrapped body text.
func (d *doc) para(s string) {
	d.font("", bodySize, ink)
	d.pdf.MultiCell(0, lineH, clean(s, true), "", "L", false)
	d.pdf.Ln(1)
}

// note prints wrapped secondary text.
func (d *doc) note(s string) {
	d.font("", smallSize+0.5, grey)
	d.pdf.MultiCell(0, 3.8, clean(s, true), "", "L", false)
	d.pdf.Ln(1)
}

// bullet prints a wrapped bullet point indented by indent millimetres.
func (d *doc) bullet(indent float64, style, s string) {
	p := d.pdf
	d.font(style, bodySize, ink)
	d.need(lineH)
	p.SetX(margin + indent)
	p.CellFormat(4, lineH, "•", "", 0, "L", false, 0, "")
	p.MultiCell(d.width-indent-4, lineH, clean(s, true), "", "L", false)
}

// callout prints text in a tinted box with a coloured left rule: for the statements a
// reader must not miss (DISC is not a ranking; cautions are not verdicts).
func (d *doc) callout(s string, edge rgb) {
	p := d.pdf
	d.font("", bodySize-0.5, ink)
	text := clean(s, true)
	lines := p.SplitText(text, d.width-6)
	h := float64(len(lines))*4.2 + 3
	d.need(h)
	x, y := margin, p.GetY()
	d.color(panel, true)
	p.Rect(x, y, d.width, h, "F")
	d.color(edge, true)
	p.Rect(x, y, 1.2, h, "F")
	p.SetXY(x+4, y+1.5)
	for _, l := range lines {
		p.SetX(x + 4)
		p.CellFormat(d.width-6, 4.2, l, "", 1, "L", false, 0, "")
	}
	p.SetY(y + h + 2)
}

// fit shortens s with an ellipsis until it fits in w millimetres at the current font.
func (d *doc) fit(s string, w float64) string {
	p := d.pdf
	if p.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	// Binary search on the rune count: long names in a 1,000-row table must stay cheap.
	lo, hi := 0, len(r)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if p.GetStringWidth(string(r[:mid])+"…") <= w {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return strings.TrimSpace(string(r[:lo])) + "…"
}

// Axis of the score bars: T 20–80 covers z −3 to +3, where nearly everyone falls; a
// score beyond is drawn at the edge (its number is printed anyway).
const (
	axisLo = 20.0
	axisHi = 80.0
)

func axisX(x, w, t float64) float64 {
	t = max(axisLo, min(axisHi, t))
	return x + w*(t-axisLo)/(axisHi-axisLo)
}

// axis draws the T scale's tick labels above a column of bars.
func (d *doc) axis(x, y, w float64) {
	p := d.pdf
	d.font("", 6.5, grey)
	for t := axisLo; t <= axisHi; t += 10 {
		s := num(d.lang, t, 0)
		sw := p.GetStringWidth(s)
		p.SetXY(axisX(x, w, t)-sw/2-1, y)
		p.CellFormat(sw+2, 3, s, "", 0, "C", false, 0, "")
	}
}

// bar draws one score: the track with gridlines, the 95% band, a marker at the score,
// and the role minimum (when given) as a red tick.
func (d *doc) bar(x, y, w, h, z, se float64, minimum *float64) {
	p := d.pdf
	d.color(panel, true)
	p.Rect(x, y, w, h, "F")
	d.color(rule, false)
	p.SetLineWidth(0.15)
	for t := axisLo + 10; t < axisHi; t += 10 {
		p.Line(axisX(x, w, t), y, axisX(x, w, t), y+h)
	}
	lo, hi := band(z, se)
	d.color(bandFill, true)
	p.Rect(axisX(x, w, lo), y+h*0.2, max(0.4, axisX(x, w, hi)-axisX(x, w, lo)), h*0.6, "F")
	d.color(grey, false)
	p.SetLineWidth(0.3)
	p.Line(axisX(x, w, 50), y-0.6, axisX(x, w, 50), y+h+0.6) // the norm mean
	if minimum != nil {
		d.color(warn, false)
		p.SetLineWidth(0.6)
		mx := axisX(x, w, tScore(*minimum))
		p.Line(mx, y-0.8, mx, y+h+0.8)
	}
	d.color(accent, true)
	cx := axisX(x, w, tScore(z))
	p.Rect(cx-0.8, y-0.3, 1.6, h+0.6, "F")
}

// table prints rows of cells with the given widths and alignments; header row bold on a
// tint. Cells are single-line and shortened to fit.
func (d *doc) table(widths []float64, aligns string, header []string, rows [][]string) {
	p := d.pdf
	rowH := 5.2
	drawHeader := func() {
		d.font("B", smallSize+0.5, ink)
		d.color(panel, true)
		for i, hd := range header {
			p.CellFormat(widths[i], rowH+0.6, d.fit(line(hd), widths[i]-2), "", 0, string(aligns[i]), true, 0, "")
		}
		p.Ln(-1)
	}
	d.need(2 * rowH)
	d.color(rule, false)
	p.SetLineWidth(0.15)
	drawHeader()
	for _, r := range rows {
		if p.GetY()+rowH > d.bottom() {
			p.AddPage()
			drawHeader()
		}
		d.font("", bodySize-0.5, ink)
		for i, c := range r {
			p.CellFormat(widths[i], rowH, d.fit(line(c), widths[i]-2), "B", 0, string(aligns[i]), false, 0, "")
		}
		p.Ln(-1)
	}
	p.Ln(2)
}
