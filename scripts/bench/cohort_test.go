package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// The volume bench at a small size on the embedded store and local files (no services):
// it must run every step (bulk load, full rebuild, ranking through the handler, real
// candidates through the API and scored, a batch added, reports rendered, costs priced),
// keep the ranking page bounded, and scoring must not read more as the cohort grows.
func TestCohortBench(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 300 candidates")
	}
	e, err := newBoltCohortEnv(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	o := cohortOptions{Max: 300, Role: "payroll-assistant", Sample: 2, Batch: 20, Requests: 10, Writers: 1, Lists: true}
	res, err := runCohort(context.Background(), e, o, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var table bytes.Buffer
	out := filepath.Join(t.TempDir(), "cohort.json")
	ferr := finishCohort(res, out, &table)
	t.Logf("%s\n%v", table.String(), ferr)

	if len(res.Sizes) != 2 || res.Sizes[0].N != 100 || res.Sizes[1].N != 300 {
		t.Fatalf("sizes %+v", res.Sizes)
	}
	for _, s := range res.Sizes {
		switch {
		case s.RankingPageBytes <= 0 || s.RankingPageBytes > targetPageBytes:
			t.Errorf("n=%d: ranking page %d bytes", s.N, s.RankingPageBytes)
		case s.LargestAnswerBytes <= 0 || s.LargestAnswerBytes > targetAnswerBytes:
			t.Errorf("n=%d: largest answer %d bytes (%s)", s.N, s.LargestAnswerBytes, s.LargestAnswer)
		case s.ScoringSessions != 2 || s.ScoringReadUnits <= 0 || s.ScoringWriteUnits <= 0:
			t.Errorf("n=%d: scoring %d sessions, %.1f read, %.1f write units", s.N, s.ScoringSessions, s.ScoringReadUnits, s.ScoringWriteUnits)
		case s.Snapshot.S3.Puts < 3 || s.Snapshot.ReadUnits <= 0 || s.SnapshotMS <= 0 || s.SnapshotPeakMB <= 0:
			t.Errorf("n=%d: snapshot %+v", s.N, s.Snapshot)
		case s.AddResults != 20 || s.Add.S3.Gets < 1 || s.Add.S3.Puts < 3:
			t.Errorf("n=%d: add of %d: %+v", s.N, s.AddResults, s.Add)
		case s.RankingRequests != 10 || s.RankingP95MS <= 0:
			t.Errorf("n=%d: ranking %d requests, p95 %.1f ms", s.N, s.RankingRequests, s.RankingP95MS)
		case s.CostPerCandidate <= 0 || s.Cost["dynamodb_reads"] <= 0 || s.Cost["s3_requests"] <= 0 || s.Cost["lambda_compute"] <= 0:
			t.Errorf("n=%d: cost %+v", s.N, s.Cost)
		}
	}
	small, large := res.Sizes[0].ScoringReadUnits, res.Sizes[1].ScoringReadUnits
	if large > 1.1*small {
		t.Errorf("scoring reads grow with the cohort: %.2f read units at 100, %.2f at 300", small, large)
	}

	// The JSON file has the keys the README's volume section names.
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Sizes []map[string]any `json:"sizes"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"n", "scoring_read_units", "scoring_write_units", "snapshot_ms", "snapshot_peak_mb",
		"ranking_page_p95_ms", "ranking_page_bytes", "largest_answer_bytes", "cost_per_candidate_usd"} {
		if _, ok := doc.Sizes[len(doc.Sizes)-1][k]; !ok {
			t.Errorf("the JSON has no sizes[].%s", k)
		}
	}
}
