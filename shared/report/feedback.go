package report

import (
	"fmt"
	"strings"
)

// FeedbackPDF renders the candidate's own short report: plain-language strengths and
// development tips, and their work style when assessed. It prints no number at all —
// no score, band, percentile or rank — because a candidate cannot read one without the
// norm and the others behind it; Feedback has no field that could carry one.
func FeedbackPDF(f Feedback) ([]byte, error) {
	if err := f.Lang.check(); err != nil {
		return nil, err
	}
	w := wordsFor(f.Lang)
	// The candidate's footer names no engine, content or template version: those ids mean
	// nothing to them (the HR reports print them, to explain a result later).
	d := newDoc(f.Header, "P", w.FeedbackTitle, w.FeedbackFooter, false)
	p := d.pdf

	p.AddPage()
	var sub []string
	if s := line(f.Assessment); s != "" {
		sub = append(sub, s)
	}
	if s := line(f.Role); s != "" {
		sub = append(sub, w.Role+": "+s)
	}
	if !f.Completed.IsZero() {
		sub = append(sub, w.Completed+" "+date(f.Lang, f.Completed))
	}
	d.title(w.FeedbackTitle+orgSuffix(f.Organisation), f.Name, strings.Join(sub, " · "))

	d.font("B", bodySize+1, ink)
	p.MultiCell(0, 6, fmt.Sprintf(w.FeedbackHello, line(f.Name)), "", "L", false)
	d.para(w.FeedbackIntro)

	d.h2(w.FeedbackStrengths, 10)
	if len(f.Strengths) == 0 {
		d.para(w.FeedbackNoStrengths)
	}
	for _, s := range f.Strengths {
		d.h3(s.Name, 5)
		if n := strings.TrimSpace(s.Note); n != "" {
			d.para(n)
		}
	}

	d.h2(w.FeedbackDevelop, 10)
	if len(f.Development) == 0 {
		d.para(w.FeedbackNoDevelop)
	}
	for _, t := range f.Development {
		d.h3(t.Name, 5)
		tip := strings.TrimSpace(t.Tip)
		if o := strings.TrimSpace(t.Observes); tip == "" && o != "" {
			tip = fmt.Sprintf(w.FeedbackTipFrom, o)
		}
		if tip == "" {
			tip = w.FeedbackTipDefault
		}
		d.para(tip)
	}

	if f.Style != nil && line(f.Style.Name) != "" {
		d.h2(w.FeedbackStyle, 14)
		d.h3(f.Style.Name, 5)
		if s := strings.TrimSpace(f.Style.Description); s != "" {
			d.para(s)
		}
		d.note(w.FeedbackStyleNote)
	}

	p.Ln(3)
	d.callout(w.FeedbackAbout, accent)
	if c := line(f.Contact); c != "" {
		d.para(fmt.Sprintf(w.FeedbackContact, c))
	}
	return d.bytes()
}
