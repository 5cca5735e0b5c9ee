package report

import (
	"fmt"
	"math"
	"strings"
	"time"

	"shortlist/shared/report/norms"
)

// CandidatePDF renders the hiring team's report on one candidate.
func CandidatePDF(r CandidateReport) ([]byte, error) {
	if err := r.Lang.check(); err != nil {
		return nil, err
	}
	w := wordsFor(r.Lang)
	d := newDoc(r.Header, "P", fmt.Sprintf("%s — %s", w.CandidateTitle, r.Name), footerText(w, r.Header), false)

	d.pdf.AddPage()
	var sub []string
	if s := line(r.Role); s != "" {
		sub = append(sub, w.Role+": "+s)
	}
	if s := line(r.Assessment); s != "" {
		sub = append(sub, w.Assessment+": "+s)
	}
	if !r.Completed.IsZero() {
		sub = append(sub, w.Completed+" "+date(r.Lang, r.Completed))
	}
	if s := line(r.Reference); s != "" {
		sub = append(sub, w.Reference+" "+s)
	}
	if !r.AsOf.IsZero() {
		sub = append(sub, fmt.Sprintf(w.AsOfLine, r.CohortN, date(r.Lang, r.AsOf)))
	}
	d.title(w.CandidateTitle+orgSuffix(r.Organisation), r.Name, strings.Join(sub, " · "))

	d.fitSection(r.Fit, r.AsOf)
	if len(r.Competencies) > 0 {
		d.h2(w.Competencies, 24)
		d.note(w.BarsIntro)
		d.scoreRows(competencyRows(r.Competencies, w))
	}
	if len(r.Cognitive) > 0 {
		d.h2(w.Cognitive, 24)
		d.note(w.CognitiveIntro)
		rows := make([]scoreRow, 0, len(r.Cognitive))
		for _, a := range r.Cognitive {
			lo, hi := finite(a.Z)-z95*math.Abs(finite(a.SE)), finite(a.Z)+z95*math.Abs(finite(a.SE))
			rows = append(rows, scoreRow{name: a.Name, s: a.Score, extra: []string{
				fmt.Sprintf(w.Theta, num(r.Lang, a.Z, 2), num(r.Lang, lo, 2), num(r.Lang, hi, 2)),
				fmt.Sprintf(w.Correct, a.Right, a.Answered),
			}})
		}
		d.scoreRows(rows)
	}
	if len(r.WorkSamples) > 0 {
		d.workSamples(r.WorkSamples)
	}
	if len(r.Integrity) > 0 {
		d.h2(w.Integrity, 24)
		d.note(w.IntegrityIntro)
		d.scoreRows(competencyRows(r.Integrity, w))
	}
	if r.DISC != nil {
		d.disc(*r.DISC)
	}
	d.cautions(r.Cautions)
	d.strengths(r.Strengths)
	d.probes(r.Probes)
	d.method(r.Header)
	return d.bytes()
}

// footerText is every page's footer: the report supports a human decision, how the
// numbers were made, and the versions behind them.
func footerText(w *words, h Header) string {
	return fmt.Sprintf(w.Footer, line(h.Versions.Engine), line(h.Versions.Content), Version)
}

func orgSuffix(org string) string {
	if s := line(org); s != "" {
		return " · " + s
	}
	return ""
}

// fitSection prints the fit; its rank is dated (asOf, the cohort's newest result) since
// the stored PDF keeps the standing it was rendered with while the cohort grows.
func (d *doc) fitSection(f Fit, asOf time.Time) {
	w, p := d.w, d.pdf
	d.h2(w.Fit, 22)
	if !f.Defined {
		d.para(w.FitUndefined)
		return
	}
	t := tScore(f.Z)
	lo, hi := band(f.Z, f.SE)
	y := p.GetY()
	d.font("B", 24, accent)
	p.SetXY(margin, y+1)
	p.CellFormat(34, 11, "T "+num(d.lang, t, 0), "", 0, "L", false, 0, "")
	d.axis(margin+38, y, 110)
	d.bar(margin+38, y+4, 110, 6, f.Z, f.SE, nil)
	p.SetY(y + 13)
	d.para(fmt.Sprintf(w.Band, num(d.lang, lo, 0), num(d.lang, hi, 0)))
	if f.Rank > 0 {
		rank := fmt.Sprintf(w.RankLine, f.Rank, f.Of, f.RankLow, f.RankHigh)
		if !asOf.IsZero() {
			rank = fmt.Sprintf(w.RankAsOfLine, f.Rank, f.Of, date(d.lang, asOf), f.Of, f.RankLow, f.RankHigh)
		}
		d.para(rank + " " +
			fmt.Sprintf(w.TopLine, f.TopK, num(d.lang, 100*f.PTop, 0)))
	}
	if f.ReviewFirst {
		d.callout(w.ReviewFirstLine, accent)
	}
	for _, s := range f.BelowMinimum {
		if s.Clearly {
			d.bullet(0, "B", fmt.Sprintf(w.BelowMinClearly, line(s.Name)))
		} else {
			d.bullet(0, "", fmt.Sprintf(w.BelowMinMaybe, line(s.Name)))
		}
	}
	d.note(w.TExplain)
}

// scoreRow is one bar: a scale, its score and what to print beside it.
type scoreRow struct {
	name    string
	s       Score
	minimum *float64
	extra   []string
}

func competencyRows(cs []Competency, w *words) []scoreRow {
	rows := make([]scoreRow, 0, len(cs))
	for _, c := range cs {
		var extra []string
		if c.Weight > 0 {
			extra = append(extra, fmt.Sprintf(w.Weight, num(w.lang, c.Weight, 2)))
		}
		if c.Minimum != nil {
			extra = append(extra, fmt.Sprintf(w.Minimum, num(w.lang, tScore(*c.Minimum), 0)))
		}
		if c.Items > 0 && c.Answered < c.Items {
			extra = append(extra, fmt.Sprintf(w.Answered, c.Answered, c.Items))
		}
		rows = append(rows, scoreRow{name: c.Name, s: c.Score, minimum: c.Minimum, extra: extra})
	}
	return rows
}

// Columns of a bar row (portrait): name, bar, figures.
const (
	rowNameW = 54.0
	rowBarX  = margin + 57
	rowBarW  = 68.0
	rowValX  = rowBarX + rowBarW + 4
)

func (d *doc) scoreRows(rows []scoreRow) {
	p, w := d.pdf, d.w
	d.need(4 + 12)
	d.axis(rowBarX, p.GetY(), rowBarW)
	p.Ln(4)
	for _, r := range rows {
		extra := append([]string{d.normLabel(r.s)}, r.extra...)
		h := max(11, 4.5+3.4*float64(len(extra))+1)
		if p.GetY()+h > d.bottom() {
			p.AddPage()
			d.axis(rowBarX, p.GetY(), rowBarW)
			p.Ln(4)
		}
		y := p.GetY()
		d.font("B", bodySize, ink)
		names := p.SplitText(line(r.name), rowNameW)
		for i, n := range names {
			if i == 2 {
				break
			}
			if i == 1 && len(names) > 2 {
				n = d.fit(n+" "+strings.Join(names[2:], " "), rowNameW-1)
			}
			p.SetXY(margin, y+0.5+float64(i)*4.2)
			p.CellFormat(rowNameW, 4.2, n, "", 0, "L", false, 0, "")
		}
		d.bar(rowBarX, y+1, rowBarW, 4.5, r.s.Z, r.s.SE, r.minimum)
		lo, hi := band(r.s.Z, r.s.SE)
		valW := margin + d.width - rowValX
		d.font("B", bodySize, ink)
		p.SetXY(rowValX, y+0.5)
		pct := w.PctProvisional
		if r.s.Norm.Real() {
			pct = fmt.Sprintf(w.Pct, num(d.lang, r.s.Percentile, 0))
		}
		p.CellFormat(valW, 4.2, fmt.Sprintf("T %s  (%s–%s)  %s", num(d.lang, tScore(r.s.Z), 0),
			num(d.lang, lo, 0), num(d.lang, hi, 0), pct), "", 0, "L", false, 0, "")
		d.font("", smallSize, grey)
		for i, e := range extra {
			p.SetXY(rowValX, y+4.7+float64(i)*3.4)
			p.CellFormat(valW, 3.4, d.fit(line(e), valW), "", 0, "L", false, 0, "")
		}
		d.color(rule, false)
		p.SetLineWidth(0.1)
		p.Line(margin, y+h-0.5, margin+d.width, y+h-0.5)
		p.SetY(y + h)
	}
	p.Ln(2)
}

func (d *doc) normLabel(s Score) string { return NormLabel(d.lang, s.Norm) }

// NormLabel names the norm a T score is measured against (norms.Label).
func NormLabel(l Lang, n Norm) string { return norms.Label(string(l), n) }

// CompositeNormLabel names the norms behind a composite of scales (norms.CompositeLabel).
func CompositeNormLabel(l Lang, ns []Norm) string { return norms.CompositeLabel(string(l), ns) }

func (d *doc) workSamples(ws []WorkSample) {
	w, l := d.w, d.lang
	d.h2(w.WorkSamples, 16)
	d.note(w.WorkSamplesIntro)
	rows := make([][]string, 0, len(ws))
	for _, s := range ws {
		credit, accuracy, speed, minutes := "–", "–", "–", "–"
		if s.Possible > 0 {
			credit = pct(l, s.Points/s.Possible)
		}
		if s.Accuracy != nil {
			accuracy = pct(l, *s.Accuracy)
		}
		if s.PerMinute > 0 {
			speed = fmt.Sprintf(w.PerMinute, num(l, s.PerMinute, 1))
		}
		if s.Minutes > 0 {
			minutes = num(l, s.Minutes, 1) + " min"
		}
		rows = append(rows, []string{s.Name, trimNum(l, s.Points) + " / " + trimNum(l, s.Possible),
			credit, accuracy, speed, minutes})
	}
	d.table([]float64{84, 18, 18, 20, 20, 20}, "LRRRRR",
		[]string{w.Task, w.RightCol, w.Credit, w.Accuracy, w.Speed, w.Time}, rows)
}

func (d *doc) disc(p DISC) {
	w := d.w
	d.h2(w.DISC, 30)
	d.callout(w.DISCNotRanking, accent)
	if p.Blocks == 0 || len(p.Styles) == 0 {
		d.para(w.DISCNone)
		return
	}
	rows := make([][]string, 0, len(p.Styles))
	for _, s := range p.Styles {
		rows = append(rows, []string{s.Name, fmt.Sprint(s.Most), fmt.Sprint(s.Least), signed(d.lang, s.Most-s.Least)})
	}
	d.table([]float64{70, 25, 25, 25}, "LRRR", []string{w.Style, w.Most, w.Least, w.Net}, rows)
	if len(p.Primary) > 0 {
		d.h3(fmt.Sprintf(w.PrimaryStyle, strings.Join(cleanAll(p.Primary), ", ")), 8)
		for _, s := range p.Styles {
			if contains(p.Primary, s.Name) && strings.TrimSpace(s.Description) != "" {
				d.para(s.Description)
			}
		}
	}
	d.note(fmt.Sprintf(w.DISCBlocks, p.Blocks))
}

// trimNum prints a count that may carry partial credit: "9", "4,5".
func trimNum(l Lang, x float64) string {
	if x == math.Trunc(x) {
		return num(l, x, 0)
	}
	return num(l, x, 1)
}

func signed(l Lang, n int) string {
	if n > 0 {
		return "+" + fmt.Sprint(n)
	}
	return num(l, float64(n), 0)
}

func cleanAll(ss []string) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		out = append(out, line(s))
	}
	return out
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func (d *doc) cautions(cs []Caution) {
	w := d.w
	d.h2(w.Quality, 14)
	d.callout(w.QualityIntro, grey)
	if len(cs) == 0 {
		d.para(w.NoCautions)
		return
	}
	for _, c := range cs {
		msg := strings.TrimSpace(c.Message)
		if msg == "" {
			msg = w.cautionFallback(c)
		}
		if advice, ok := w.CautionAdvice[c.Code]; ok {
			msg += " " + advice
		}
		d.bullet(0, "", msg)
	}
	d.pdf.Ln(1)
}

func (d *doc) strengths(ss []Strength) {
	w := d.w
	d.h2(w.Strengths, 10)
	if len(ss) == 0 {
		d.para(w.NoStrengths)
		return
	}
	for _, s := range ss {
		text := line(s.Name)
		if n := line(s.Note); n != "" {
			text += " — " + n
		}
		d.bullet(0, "", text)
	}
	d.pdf.Ln(1)
}

func (d *doc) probes(ps []Probe) {
	w, p := d.w, d.pdf
	d.h2(w.Probes, 16)
	if len(ps) == 0 {
		d.para(w.NoProbes)
		return
	}
	d.note(w.ProbesIntro)
	for _, pr := range ps {
		d.h3(fmt.Sprintf("%s — %s", line(pr.Name), w.reason(pr.Reason)), 10)
		if len(pr.Questions) == 0 {
			d.para(w.NoQuestions)
			continue
		}
		for _, q := range pr.Questions {
			d.bullet(2, "", line(q.Question))
			if g := line(q.GoodAnswer); g != "" {
				d.font("", bodySize-0.5, grey)
				p.SetX(margin + 6)
				p.MultiCell(d.width-6, lineH-0.3, w.GoodAnswer+" "+g, "", "L", false)
			}
			p.Ln(0.8)
		}
		p.Ln(1)
	}
}

// method states how every number was computed and that a person decides.
func (d *doc) method(h Header) {
	w := d.w
	d.h2(w.Method, 30)
	for _, s := range w.MethodText {
		d.para(s)
	}
	d.callout(w.HumanDecision, accent)
	d.note(fmt.Sprintf(w.VersionsLine, line(h.Versions.Engine), line(h.Versions.Content), Version, date(h.Lang, h.Generated)))
}
