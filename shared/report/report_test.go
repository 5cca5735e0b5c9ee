package report_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"shortlist/shared/report"
	"shortlist/shared/report/reporttest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// pdftotext finds poppler's pdftotext. Without it the text tests skip on a developer's
// machine and fail in CI, where a skip would hide an untested report.
func pdftotext(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("SHORTLIST_PDFTOTEXT"); p != "" {
		return p
	}
	p, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set but pdftotext is missing: install it with scripts/services/poppler (scripts/test does)")
		}
		t.Skip("pdftotext is missing: run scripts/services/poppler")
	}
	return p
}

// extract returns the text of a PDF as pdftotext reads it (UTF-8, reading order).
func extract(t *testing.T, pdf []byte) string {
	t.Helper()
	bin := pdftotext(t)
	cmd := exec.Command(bin, "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v: %s", err, stderr.String())
	}
	return string(out)
}

// flat collapses whitespace, so a phrase wrapped across lines still matches.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

var (
	datesRE = regexp.MustCompile(`\b\d{1,2} (de [a-z]+ de|[A-Z][a-z]+) \d{4}\b`)
)

// stable strips what changes without the report changing: dates and versions.
func stable(s string) string {
	s = datesRE.ReplaceAllString(s, "<date>")
	for _, v := range []string{report.Version, reporttest.Versions.Engine, reporttest.Versions.Content} {
		s = strings.ReplaceAll(s, v, "<version>")
	}
	return s
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./shared/report -run Golden -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file; if the change is intended, rerun with -update.\n%s", name, firstDiff(string(want), got))
	}
}

func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "line " + itoaN(i+1) + ":\nwant: " + a + "\n got: " + b
		}
	}
	return ""
}

var langs = []report.Lang{report.ES, report.EN}

func TestGoldenText(t *testing.T) {
	for _, tc := range []struct {
		name   string
		render func(report.Lang) ([]byte, error)
	}{
		{"candidate", func(l report.Lang) ([]byte, error) { return report.CandidatePDF(reporttest.Candidate(l)) }},
		{"cohort", func(l report.Lang) ([]byte, error) { return report.CohortPDF(reporttest.Cohort(l, 12)) }},
		{"feedback", func(l report.Lang) ([]byte, error) { return report.FeedbackPDF(reporttest.Feedback(l)) }},
	} {
		for _, l := range langs {
			t.Run(tc.name+"_"+string(l), func(t *testing.T) {
				pdf, err := tc.render(l)
				if err != nil {
					t.Fatal(err)
				}
				text := extract(t, pdf)
				if strings.Contains(text, "%!") {
					t.Errorf("a format verb went wrong: %q", text[strings.Index(text, "%!"):][:40])
				}
				golden(t, tc.name+"_"+string(l)+".txt", stable(text))
			})
		}
	}
}

// TestCandidateText: the extracted text holds the candidate's name, every competency,
// every interview question and what a good answer shows, with Spanish accents intact.
func TestCandidateText(t *testing.T) {
	for _, l := range langs {
		t.Run(string(l), func(t *testing.T) {
			r := reporttest.Candidate(l)
			pdf, err := report.CandidatePDF(r)
			if err != nil {
				t.Fatal(err)
			}
			text := flat(extract(t, pdf))
			want := []string{r.Name, r.Cognitive[0].Name, r.Integrity[0].Name, r.DISC.Primary[0], r.Cautions[0].Message}
			for _, c := range r.Competencies {
				want = append(want, c.Name)
			}
			for _, p := range r.Probes {
				for _, q := range p.Questions {
					want = append(want, q.Question, q.GoodAnswer)
				}
			}
			for _, w := range r.WorkSamples {
				want = append(want, w.Name)
			}
			for _, s := range want {
				if !strings.Contains(text, flat(s)) {
					t.Errorf("missing %q", s)
				}
			}
			if l == report.ES {
				for _, s := range []string{"José Ángel Núñez-Peña", "¿Qué dejó para después y por qué?", "Atención al detalle",
					"Página 1 de 3", "decisión humana", "Banda del 95 %", "percentil", "Norma local (esta evaluación, N = 42)",
					"Norma de referencia", "no es una puntuación", "posición probable está entre 2 y 9", "scoring/1", "2026.03-sample"} {
					if !strings.Contains(text, s) {
						t.Errorf("missing %q", s)
					}
				}
			}
		})
	}
}

// TestFeedbackHasNoRanking: the candidate's own report shows no scores, no ranking and
// no other candidate.
func TestFeedbackHasNoRanking(t *testing.T) {
	cohort := reporttest.Cohort(report.ES, 12)
	for _, l := range langs {
		f := reporttest.Feedback(l)
		pdf, err := report.FeedbackPDF(f)
		if err != nil {
			t.Fatal(err)
		}
		text := flat(extract(t, pdf))
		for _, s := range []string{f.Name, f.Strengths[0].Name, f.Development[0].Tip, f.Style.Name} {
			if !strings.Contains(text, flat(s)) {
				t.Errorf("%s: missing %q", l, s)
			}
		}
		for _, banned := range []string{"percentil", "Posición", "Position", "empate", "tie group", "T 5", "T 6", "T 4", "θ", "ranking", "clasificación"} {
			if strings.Contains(text, banned) {
				t.Errorf("%s: feedback shows %q", l, banned)
			}
		}
		for _, row := range cohort.Rows {
			if strings.Contains(text, row.Reference) {
				t.Errorf("%s: feedback names another candidate (%s)", l, row.Reference)
			}
		}
	}
}

func TestCohortText(t *testing.T) {
	r := reporttest.Cohort(report.ES, 40)
	pdf, err := report.CohortPDF(r)
	if err != nil {
		t.Fatal(err)
	}
	text := flat(extract(t, pdf))
	for _, row := range r.Rows {
		if !strings.Contains(text, row.Reference) {
			t.Errorf("missing candidate %s", row.Reference)
		}
	}
	for _, c := range r.Columns {
		if !strings.Contains(text, c.Name) && !strings.Contains(text, strings.Fields(c.Name)[0]) {
			t.Errorf("missing column %q", c.Name)
		}
	}
	for _, s := range []string{"Mapa de competencias", "Clasificación por ajuste al puesto", "para revisar primero", "Invitados", "versiones plausibles del grupo"} {
		if !strings.Contains(text, s) {
			t.Errorf("missing %q", s)
		}
	}
}

func TestCohortCSV(t *testing.T) {
	for _, tc := range []struct {
		lang    report.Lang
		comma   rune
		decimal string
	}{{report.ES, ';', ","}, {report.EN, ',', "."}} {
		t.Run(string(tc.lang), func(t *testing.T) {
			r := reporttest.Cohort(tc.lang, 25)
			r.Rows[3].Name = "=HYPERLINK(\"http://evil\")"
			r.Rows[4].Name = "+Ana\nLópez"
			b, err := report.CohortCSV(r)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
				t.Fatal("no UTF-8 byte order mark")
			}
			cr := csv.NewReader(bytes.NewReader(b[3:]))
			cr.Comma = tc.comma
			recs, err := cr.ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != 1+len(r.Rows) {
				t.Fatalf("%d records; want header + %d", len(recs), len(r.Rows))
			}
			header := strings.Join(recs[0], "|")
			for _, c := range r.Columns {
				if !strings.Contains(header, c.Name) {
					t.Errorf("header lacks %q: %s", c.Name, header)
				}
			}
			byRank := map[string][]string{}
			for _, rec := range recs[1:] {
				byRank[rec[0]] = rec
			}
			for _, row := range r.Rows {
				rec := byRank[itoaN(row.Rank)]
				if rec == nil {
					t.Fatalf("no record for rank %d", row.Rank)
				}
				if want := fmt.Sprintf("%d–%d", row.RankLow, row.RankHigh); row.RankLow != row.RankHigh && rec[1] != want {
					t.Errorf("rank %d: interval %s; want %s", row.Rank, rec[1], want)
				}
				if !strings.Contains(rec[4], tc.decimal) {
					t.Errorf("rank %d: fit %q lacks the decimal separator %q", row.Rank, rec[4], tc.decimal)
				}
			}
			for _, rec := range recs[1:] {
				for _, c := range rec {
					if c != "" && strings.ContainsRune("=+-@", rune(c[0])) {
						t.Errorf("cell %q could run as a formula", c)
					}
					if strings.ContainsAny(c, "\r\n") {
						t.Errorf("cell %q spans lines", c)
					}
				}
			}
			if !bytes.Contains(b, []byte("Núñez")) && !bytes.Contains(b, []byte("ñ")) {
				t.Error("accents lost")
			}
		})
	}
}

func itoaN(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// TestDeterministic: the same data gives the same bytes, so a stored report can be
// re-rendered and compared.
func TestDeterministic(t *testing.T) {
	for name, render := range map[string]func() ([]byte, error){
		"candidate": func() ([]byte, error) { return report.CandidatePDF(reporttest.Candidate(report.ES)) },
		"cohort":    func() ([]byte, error) { return report.CohortPDF(reporttest.Cohort(report.EN, 50)) },
		"csv":       func() ([]byte, error) { return report.CohortCSV(reporttest.Cohort(report.ES, 50)) },
		"feedback":  func() ([]byte, error) { return report.FeedbackPDF(reporttest.Feedback(report.EN)) },
	} {
		a, err := render()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := render()
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two renderings differ", name)
		}
	}
}

func TestUnsupportedLanguage(t *testing.T) {
	r := reporttest.Candidate(report.ES)
	for _, l := range []report.Lang{"", "fr", "ES"} {
		r.Lang = l
		if _, err := report.CandidatePDF(r); !errors.Is(err, report.ErrLang) {
			t.Errorf("CandidatePDF(lang %q): %v; want ErrLang", l, err)
		}
		c := reporttest.Cohort(report.ES, 2)
		c.Lang = l
		if _, err := report.CohortCSV(c); !errors.Is(err, report.ErrLang) {
			t.Errorf("CohortCSV(lang %q): %v; want ErrLang", l, err)
		}
	}
}

// TestHostileInput: untrusted names and broken numbers render without error; runes the
// fonts lack print as "?" rather than vanishing or breaking the PDF.
func TestHostileInput(t *testing.T) {
	r := reporttest.Candidate(report.ES)
	r.Name = "Zoë 😀 \u202eevil\u202c\x00\ttab 李"
	r.Fit.Z, r.Fit.SE = math.NaN(), math.Inf(1)
	r.Competencies[0].Z = math.Inf(-1)
	r.Competencies[1].Name = strings.Repeat("Muy largo ", 60)
	r.Probes[0].Questions[0].Question = strings.Repeat("¿Por qué? ", 300)
	pdf, err := report.CandidatePDF(r)
	if err != nil {
		t.Fatal(err)
	}
	text := flat(extract(t, pdf))
	if !strings.Contains(text, "Zoë ? evil tab ?") {
		t.Errorf("name not rendered as expected; text starts %q", text[:min(200, len(text))])
	}
	if regexp.MustCompile(`\bNaN\b|[+-]?\bInf\b`).MatchString(text) {
		t.Error("a NaN or Inf reached the page")
	}
	c := reporttest.Cohort(report.EN, 5)
	c.Rows[0].Cells = nil // fewer cells than columns
	c.Columns = append(c.Columns, report.Column{ID: "x", Name: "😀"})
	if _, err := report.CohortPDF(c); err != nil {
		t.Fatal(err)
	}
	if _, err := report.CohortCSV(c); err != nil {
		t.Fatal(err)
	}
	empty := reporttest.Cohort(report.ES, 0)
	if _, err := report.CohortPDF(empty); err != nil {
		t.Fatal(err)
	}
	if _, err := report.CandidatePDF(report.CandidateReport{Header: report.Header{Lang: report.EN}}); err != nil {
		t.Fatalf("an empty report: %v", err)
	}
	if _, err := report.FeedbackPDF(report.Feedback{Header: report.Header{Lang: report.ES}}); err != nil {
		t.Fatalf("an empty feedback: %v", err)
	}
}

// FuzzCandidateName: no name makes rendering fail or panic.
func FuzzCandidateName(f *testing.F) {
	for _, s := range []string{"José", "\xff", "😀", "\u202e", strings.Repeat("W", 500)} {
		f.Add(s)
	}
	base := reporttest.Candidate(report.EN)
	base.Competencies, base.Probes = base.Competencies[:1], nil
	f.Fuzz(func(t *testing.T, name string) {
		r := base
		r.Name = name
		r.Competencies = []report.Competency{base.Competencies[0]}
		r.Competencies[0].Name = name
		if _, err := report.CandidatePDF(r); err != nil {
			t.Fatal(err)
		}
	})
}

func TestFilenames(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{reporttest.Candidate(report.ES).Filename(), "Informe del candidato - José Ángel Núñez-Peña.pdf"},
		{reporttest.Candidate(report.EN).Filename(), "Candidate report - José Ángel Núñez-Peña.pdf"},
		{reporttest.Cohort(report.ES, 1).Filename("csv"), "Comparación de candidatos - Administración de ventas — campaña de primavera.csv"},
		{reporttest.Feedback(report.EN).Filename(), "Your results report - José Ángel Núñez-Peña.pdf"},
		// A name that ends in a dot ("Ana B.") never makes "..pdf".
		{func() string { r := reporttest.Candidate(report.EN); r.Name = "Ana B. "; return r.Filename() }(), "Candidate report - Ana B.pdf"},
		{func() string {
			r := reporttest.Cohort(report.ES, 1)
			r.Assessment = "Ventas 2026."
			return r.Filename("csv")
		}(), "Comparación de candidatos - Ventas 2026.csv"},
		// reporting passes the key's extension with its dot: still one dot.
		{reporttest.Cohort(report.EN, 1).Filename(".pdf"), reporttest.Cohort(report.EN, 1).Filename("pdf")},
	} {
		if tc.got != tc.want {
			t.Errorf("filename %q; want %q", tc.got, tc.want)
		}
	}
}

// TestConcurrentRendering: a warm Lambda may render several reports at once; fpdf keeps
// package-level state, so check that documents in parallel neither race nor mix.
func TestConcurrentRendering(t *testing.T) {
	want, err := report.CandidatePDF(reporttest.Candidate(report.ES))
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			got, err := report.CandidatePDF(reporttest.Candidate(report.ES))
			if err == nil && !bytes.Equal(got, want) {
				err = errors.New("a concurrent rendering differs")
			}
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// TestLargeCohortPDFIsBoundedAndTheCSVComplete: at any cohort size the PDF lists at most
// MaxPDFRows of each group and says so; the CSV lists everyone.
func TestLargeCohortPDFIsBoundedAndTheCSVComplete(t *testing.T) {
	const n = 1300
	r := reporttest.Cohort(report.EN, n)
	pdf, err := report.CohortPDF(r)
	if err != nil {
		t.Fatal(err)
	}
	text := flat(extract(t, pdf))
	main, review := 0, 0
	for _, row := range r.Rows {
		if row.ReviewFirst {
			review++
		} else {
			main++
		}
	}
	shown := min(main, report.MaxPDFRows) + min(review, report.MaxPDFRows)
	if want := fmt.Sprintf("lists the first %d of %d candidates", shown, n); !strings.Contains(text, want) {
		t.Errorf("the PDF does not say %q", want)
	}
	if strings.Count(text, "C-") > 2*shown+10 {
		t.Errorf("the PDF lists more than %d candidates", shown)
	}
	csv, err := report.CohortCSV(r)
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Count(string(csv), "\r\n"); lines != n+1 {
		t.Errorf("the CSV has %d lines, want %d (a header and everyone)", lines, n+1)
	}
}

// TestFeedbackTipsAndFooter: each development area gets advice of its own (the general
// advice only where the content has nothing on the scale), and the candidate's footer
// names no engine, content or template version (the HR report keeps them).
func TestFeedbackTipsAndFooter(t *testing.T) {
	for _, l := range langs {
		f := reporttest.Feedback(l)
		pdf, err := report.FeedbackPDF(f)
		if err != nil {
			t.Fatal(err)
		}
		text := flat(extract(t, pdf))
		for _, tip := range f.Development {
			if tip.Tip == "" && tip.Observes != "" && !strings.Contains(text, flat(tip.Observes)) {
				t.Errorf("%s: the advice on %s does not say what it covers (%q)", l, tip.Name, tip.Observes)
			}
		}
		general := map[report.Lang]string{report.ES: "Busca situaciones reales en las que practicarlo", report.EN: "Look for real situations to practise it"}[l]
		if n := strings.Count(text, general); n != 1 {
			t.Errorf("%s: the general advice appears %d times, want once (the one scale without content)", l, n)
		}
		for _, banned := range []string{"Motor", "Engine", f.Versions.Engine, f.Versions.Content, report.Version} {
			if strings.Contains(text, banned) {
				t.Errorf("%s: the candidate's feedback shows %q", l, banned)
			}
		}
		hr, err := report.CandidatePDF(reporttest.Candidate(l))
		if err != nil {
			t.Fatal(err)
		}
		if hrText := flat(extract(t, hr)); !strings.Contains(hrText, f.Versions.Engine) {
			t.Errorf("%s: the HR report lost the engine version %q", l, f.Versions.Engine)
		}
	}
}

// TestCandidateRankIsDated: the stored candidate PDF keeps the rank it was rendered
// with, so it says when and among how many.
func TestCandidateRankIsDated(t *testing.T) {
	want := map[report.Lang]string{report.ES: "Posición 4 de 37 al 1 de marzo de 2026 (n = 37; este PDF no cambia",
		report.EN: "Position 4 of 37 as of 1 March 2026 (n = 37; this PDF does not change"}
	for _, l := range langs {
		r := reporttest.Candidate(l)
		pdf, err := report.CandidatePDF(r)
		if err != nil {
			t.Fatal(err)
		}
		text := flat(extract(t, pdf))
		if !strings.Contains(text, want[l]) {
			t.Errorf("%s: the rank is not dated (want %q; as of %v, of %d)", l, want[l], r.AsOf, r.Fit.Of)
		}
	}
}
