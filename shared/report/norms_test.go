package report_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"shortlist/shared/report"
	"shortlist/shared/report/reporttest"
)

// TestNormLabels: one wording per kind of norm, in both languages; a composite over
// scales with different kinds of norm says so; the cohort CSV names each column's norm
// and the role fit's in its header, in the same words.
func TestNormLabels(t *testing.T) {
	local := report.Norm{Source: report.NormLocal, N: 42}
	provisional := report.Norm{Source: report.NormReference}
	calibrated := report.Norm{Source: report.NormReference, N: 1200}
	for _, tc := range []struct {
		lang  report.Lang
		norms []report.Norm
		want  string
	}{
		{report.EN, []report.Norm{local}, "Local norm (this assessment, N = 42)"},
		{report.ES, []report.Norm{local}, "Norma local (esta evaluación, N = 42)"},
		{report.EN, []report.Norm{provisional}, "Reference norm (provisional)"},
		{report.EN, []report.Norm{calibrated}, "Reference norm (N = 1200)"},
		{report.EN, []report.Norm{local, {Source: report.NormLocal, N: 31}}, "Local norm (this assessment, N = 31)"},
		{report.EN, []report.Norm{local, provisional}, "Local norms on some scales, reference norms (provisional) on others"},
		{report.ES, []report.Norm{provisional, provisional}, "Norma de referencia (provisional)"},
		{report.EN, nil, ""},
	} {
		if got := report.CompositeNormLabel(tc.lang, tc.norms); got != tc.want {
			t.Errorf("%s %+v: %q; want %q", tc.lang, tc.norms, got, tc.want)
		}
	}
	r := reporttest.Cohort(report.EN, 5)
	for i := range r.Columns {
		r.Columns[i].Norm = provisional
	}
	b, err := report.CohortCSV(r)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(recs[0][4], " · Reference norm (provisional)") {
		t.Errorf("fit column %q does not name its norm", recs[0][4])
	}
	if want := r.Columns[0].Name + " (T · Reference norm (provisional))"; recs[0][7] != want {
		t.Errorf("first scale column %q; want %q", recs[0][7], want)
	}
}
