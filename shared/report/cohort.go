package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// CohortPDF renders the comparison of an assessment's candidates: completion, the
// ranking with its tie groups, and a competency heatmap (A4 landscape).
func CohortPDF(r CohortReport) ([]byte, error) {
	if err := r.Lang.check(); err != nil {
		return nil, err
	}
	w := wordsFor(r.Lang)
	footer := fmt.Sprintf(w.FooterCohort, line(r.Versions.Engine), line(r.Versions.Content), Version)
	d := newDoc(r.Header, "L", w.CohortTitle+" — "+r.Assessment, footer, true)
	rows := ranked(r.Rows)

	d.pdf.AddPage()
	var sub []string
	if s := line(r.Role); s != "" {
		sub = append(sub, w.Role+": "+s)
	}
	sub = append(sub, date(r.Lang, r.Generated))
	if !r.AsOf.IsZero() {
		sub = append(sub, fmt.Sprintf(w.AsOfLine, r.CohortN, date(r.Lang, r.AsOf)))
	}
	d.title(w.CohortTitle+orgSuffix(r.Organisation), r.Assessment, strings.Join(sub, " · "))

	d.h2(w.Summary, 20)
	c := r.Completion
	median := "–"
	if c.MedianMinutes > 0 {
		median = num(r.Lang, c.MedianMinutes, 1)
	}
	d.table([]float64{30, 30, 30, 30, 30, 40}, "RRRRRR",
		[]string{w.Invited, w.Started, w.CompletedCount, w.Scored, w.Expired, w.MedianCol},
		[][]string{{fmt.Sprint(c.Invited), fmt.Sprint(c.Started), fmt.Sprint(c.Completed), fmt.Sprint(c.Scored), fmt.Sprint(c.Expired), median}})
	if len(rows) == 0 {
		d.para(w.NoneRanked)
		return d.bytes()
	}
	d.para(fmt.Sprintf(w.Ranked, len(rows), reviewCount(rows)))
	if label := r.normLabel(); label != "" {
		d.para("T = 50 + 10·z · " + label)
	}
	d.callout(w.TieRule, accent)
	if shown := printable(rows); len(shown) < len(rows) {
		d.para(fmt.Sprintf(w.PDFRowsCap, len(shown), len(rows)))
		rows = shown
	}

	d.ranking(rows)
	if len(r.Columns) > 0 {
		d.heatmap(r.Columns, rows)
	}
	return d.bytes()
}

// normLabel names the norms behind the role fit's T (the columns' norms), the label the
// console shows with the same numbers; "" when the columns do not say.
func (r CohortReport) normLabel() string {
	var norms []Norm
	for _, c := range r.Columns {
		if c.Norm.Source != "" {
			norms = append(norms, c.Norm)
		}
	}
	return CompositeNormLabel(r.Lang, norms)
}

// ranked returns the rows in rank order without touching the caller's slice: the main
// ranking first, then the review-first group, each by its own places.
func ranked(in []CohortRow) []CohortRow {
	rows := slices.Clone(in)
	slices.SortStableFunc(rows, func(a, b CohortRow) int {
		if a.ReviewFirst != b.ReviewFirst {
			if a.ReviewFirst {
				return 1
			}
			return -1
		}
		return a.Rank - b.Rank
	})
	return rows
}

// MaxPDFRows is how many candidates of each group the cohort PDF lists: a document
// people read (a few dozen pages at most, and bounded memory at any cohort size); the
// CSV lists everyone.
const MaxPDFRows = 500

// printable keeps the first MaxPDFRows of each group (rows in ranked order).
func printable(rows []CohortRow) []CohortRow {
	var out []CohortRow
	main, review := 0, 0
	for _, r := range rows {
		switch {
		case r.ReviewFirst && review < MaxPDFRows:
			review++
			out = append(out, r)
		case !r.ReviewFirst && main < MaxPDFRows:
			main++
			out = append(out, r)
		}
	}
	return out
}

func reviewCount(rows []CohortRow) int {
	n := 0
	for _, r := range rows {
		if r.ReviewFirst {
			n++
		}
	}
	return n
}

// interval is a rank interval as "3–8" ("3" when it is one place).
func interval(r CohortRow) string {
	if r.RankLow == 0 || r.RankLow == r.RankHigh {
		return fmt.Sprint(r.Rank)
	}
	return fmt.Sprintf("%d–%d", r.RankLow, r.RankHigh)
}

// cautionCell is the caution codes, with the review-first mark first.
func cautionCell(w *words, r CohortRow) string {
	s := strings.Join(r.Cautions, ", ")
	if r.ReviewFirst {
		s = w.ReviewMark + " " + s
	}
	if s == "" {
		return "–"
	}
	return s
}

func displayName(r CohortRow) string {
	name := line(r.Name)
	if ref := line(r.Reference); ref != "" {
		name += " (" + ref + ")"
	}
	return name
}

func (d *doc) ranking(rows []CohortRow) {
	w, p, l := d.w, d.pdf, d.lang
	d.h2(w.Ranking, 12)
	d.note(w.GroupShading)
	widths := []float64{13, 15, 78, 20, 26, 18}
	widths = append(widths, d.width-sum(widths))
	aligns := "RRLRCRL"
	header := []string{w.RankCol, w.GroupCol, w.NameCol, w.FitCol, w.BandCol, w.CautionsCol, w.BelowMinCol}
	const rowH = 5.2
	drawHeader := func() {
		d.font("B", smallSize+0.5, ink)
		d.color(rule, true)
		for i, h := range header {
			p.CellFormat(widths[i], rowH+0.6, d.fit(h, widths[i]-2), "", 0, string(aligns[i]), true, 0, "")
		}
		p.Ln(-1)
	}
	d.need(3 * rowH)
	drawHeader()
	for _, r := range rows {
		if p.GetY()+rowH > d.bottom() {
			p.AddPage()
			drawHeader()
		}
		// Rows to review before their scores are trusted are shaded.
		shade := r.ReviewFirst
		d.color(panel, true)
		fitT, bandS := w.NotScored, w.NotScored
		if r.Fit.Scored {
			lo, hi := band(r.Fit.Z, r.Fit.SE)
			fitT = num(l, tScore(r.Fit.Z), 0)
			bandS = num(l, lo, 0) + "–" + num(l, hi, 0)
		}
		cells := []string{fmt.Sprint(r.Rank), interval(r), displayName(r), fitT, bandS,
			cautionCell(w, r), strings.Join(cleanAll(r.BelowMinimum), ", ")}
		for i, c := range cells {
			style := ""
			if i == 3 {
				style = "B"
			}
			d.font(style, bodySize-1, ink)
			p.CellFormat(widths[i], rowH, d.fit(c, widths[i]-2), "", 0, string(aligns[i]), shade, 0, "")
		}
		p.Ln(-1)
	}
	p.Ln(3)
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

// heat is the colour of a T score's bucket: a blue–orange scale that stays readable to
// colour-blind readers, with the middle (45–55) neutral.
var heat = [5]rgb{{244, 177, 108}, {252, 221, 184}, {238, 238, 238}, {198, 219, 239}, {120, 172, 214}}

func bucket(t float64) int {
	t = math.Round(t)
	switch {
	case t < 40:
		return 0
	case t < 45:
		return 1
	case t <= 55:
		return 2
	case t <= 60:
		return 3
	}
	return 4
}

func (d *doc) heatmap(cols []Column, rows []CohortRow) {
	w, p, l := d.w, d.pdf, d.lang
	p.AddPage()
	d.h2(w.Heatmap, 30)
	d.note(w.HeatmapIntro)
	// Legend.
	d.font("", smallSize, ink)
	for i, s := range w.HeatmapLegend {
		d.color(heat[i], true)
		p.CellFormat(22, 4.5, "T "+s, "", 0, "C", true, 0, "")
		p.CellFormat(2, 4.5, "", "", 0, "", false, 0, "")
	}
	p.Ln(7)

	fixed := []float64{12, 13, 58, 17}
	cellW := min(32, (d.width-sum(fixed))/float64(len(cols)))
	const rowH, headH = 5.2, 11.0
	drawHeader := func() {
		y := p.GetY()
		d.font("B", smallSize, ink)
		d.color(rule, true)
		x := margin
		for i, h := range []string{w.RankCol, w.GroupCol, w.NameCol, w.FitCol} {
			p.SetXY(x, y)
			p.CellFormat(fixed[i], headH, d.fit(h, fixed[i]-2), "", 0, "LM", true, 0, "")
			x += fixed[i]
		}
		for _, c := range cols {
			p.Rect(x, y, cellW, headH, "F")
			ls := p.SplitText(line(c.Name), cellW)
			if len(ls) > 3 {
				ls = append(ls[:2], d.fit(strings.Join(ls[2:], " "), cellW-2))
			}
			for j, s := range ls {
				p.SetXY(x, y+0.5+float64(j)*3.3)
				p.CellFormat(cellW, 3.3, s, "", 0, "C", false, 0, "")
			}
			x += cellW
		}
		p.SetXY(margin, y+headH)
	}
	d.need(headH + rowH)
	drawHeader()
	for _, r := range rows {
		if p.GetY()+rowH > d.bottom() {
			p.AddPage()
			drawHeader()
		}
		d.font("", bodySize-1.5, ink)
		p.CellFormat(fixed[0], rowH, fmt.Sprint(r.Rank), "B", 0, "R", false, 0, "")
		p.CellFormat(fixed[1], rowH, interval(r), "B", 0, "R", false, 0, "")
		p.CellFormat(fixed[2], rowH, d.fit(displayName(r), fixed[2]-2), "B", 0, "L", false, 0, "")
		fitT := w.NotScored
		if r.Fit.Scored {
			fitT = num(l, tScore(r.Fit.Z), 0)
		}
		d.font("B", bodySize-1.5, ink)
		p.CellFormat(fixed[3], rowH, fitT, "B", 0, "R", false, 0, "")
		d.font("", bodySize-1.5, ink)
		for i := range cols {
			if i >= len(r.Cells) || !r.Cells[i].Scored {
				p.CellFormat(cellW, rowH, w.NotScored, "", 0, "C", false, 0, "")
				continue
			}
			t := tScore(r.Cells[i].Z)
			d.color(heat[bucket(t)], true)
			p.CellFormat(cellW, rowH, num(l, t, 0), "", 0, "C", true, 0, "")
		}
		p.Ln(-1)
	}
}

// CohortCSV writes the cohort's ranking and scores for spreadsheets: UTF-8 with a byte
// order mark (without it Excel reads UTF-8 as a legacy code page and breaks accents),
// CRLF line ends, and in Spanish the separator ";" and the decimal comma — what a
// spreadsheet set to a Spanish locale expects, so columns open split and numbers as
// numbers. Scores are T (50 + 10·z) with one decimal; unscored cells are empty.
func CohortCSV(r CohortReport) ([]byte, error) {
	if err := r.Lang.check(); err != nil {
		return nil, err
	}
	w := wordsFor(r.Lang)
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	cw := csv.NewWriter(&buf)
	cw.UseCRLF = true
	if r.Lang == ES {
		cw.Comma = ';'
	}
	fitCol := w.FitCol
	if label := r.normLabel(); label != "" {
		fitCol += " · " + label
	}
	header := []string{w.RankCol, w.GroupCol, w.NameCol, w.ColReference, fitCol, w.ColFitLow, w.ColFitHigh}
	for _, c := range r.Columns {
		if c.Norm.Source != "" {
			header = append(header, c.Name+" (T · "+NormLabel(r.Lang, c.Norm)+")")
			continue
		}
		header = append(header, c.Name+" (T)")
	}
	header = append(header, w.CautionsCol, w.BelowMinCol)
	if err := cw.Write(cells(header)); err != nil {
		return nil, fmt.Errorf("report: writing CSV: %w", err)
	}
	rec := make([]string, 0, len(header))
	for _, row := range ranked(r.Rows) {
		rec = rec[:0]
		rec = append(rec, strconv.Itoa(row.Rank), interval(row), cell(row.Name), cell(row.Reference))
		if row.Fit.Scored {
			lo, hi := band(row.Fit.Z, row.Fit.SE)
			rec = append(rec, csvNum(r.Lang, tScore(row.Fit.Z)), csvNum(r.Lang, lo), csvNum(r.Lang, hi))
		} else {
			rec = append(rec, "", "", "")
		}
		for i := range r.Columns {
			if i < len(row.Cells) && row.Cells[i].Scored {
				rec = append(rec, csvNum(r.Lang, tScore(row.Cells[i].Z)))
			} else {
				rec = append(rec, "")
			}
		}
		rec = append(rec, cell(strings.Join(row.Cautions, " ")), cell(strings.Join(row.BelowMinimum, ", ")))
		if err := cw.Write(rec); err != nil {
			return nil, fmt.Errorf("report: writing CSV: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return nil, fmt.Errorf("report: writing CSV: %w", err)
	}
	return buf.Bytes(), nil
}

// csvNum is a T score with one decimal in the language's convention, with an ASCII
// minus a spreadsheet parses.
func csvNum(l Lang, x float64) string {
	s := strconv.FormatFloat(roundTo(finite(x), 1), 'f', 1, 64)
	if s == "-0.0" {
		s = "0.0"
	}
	if l == ES {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// cell makes a text value safe for a spreadsheet: one line, and a leading character a
// spreadsheet would read as a formula (= + - @, tab, CR) is neutralised with an
// apostrophe, as OWASP advises against CSV injection — names are typed by applicants.
func cell(s string) string {
	s = strings.TrimSpace(strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, s))
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func cells(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = cell(s)
	}
	return out
}
