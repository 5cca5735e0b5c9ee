package report_test

import (
	"testing"

	"shortlist/shared/report"
	"shortlist/shared/report/reporttest"
)

// The rendering targets: a candidate report in ≤ 10 ms (median), a 1,000-candidate cohort
// PDF + CSV in ≤ 1 s, peak memory ≤ 64 MB. `go run ./scripts/reportbench` measures all
// three (peak memory in a fresh process) and prints them; these benchmarks are for
// profiling one at a time: go test -bench . -benchmem ./shared/report

func BenchmarkCandidatePDF(b *testing.B) {
	r := reporttest.Candidate(report.ES)
	var size int
	for b.Loop() {
		pdf, err := report.CandidatePDF(r)
		if err != nil {
			b.Fatal(err)
		}
		size = len(pdf)
	}
	b.ReportMetric(float64(size)/1024, "KB/pdf")
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/report")
}

func BenchmarkFeedbackPDF(b *testing.B) {
	f := reporttest.Feedback(report.ES)
	for b.Loop() {
		if _, err := report.FeedbackPDF(f); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCohort1000(b *testing.B) {
	r := reporttest.Cohort(report.ES, 1000)
	var pdfSize, csvSize int
	for b.Loop() {
		pdf, err := report.CohortPDF(r)
		if err != nil {
			b.Fatal(err)
		}
		csv, err := report.CohortCSV(r)
		if err != nil {
			b.Fatal(err)
		}
		pdfSize, csvSize = len(pdf), len(csv)
	}
	b.ReportMetric(float64(pdfSize)/1024, "KB/pdf")
	b.ReportMetric(float64(csvSize)/1024, "KB/csv")
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/cohort")
}
