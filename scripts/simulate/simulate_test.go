package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// testN is the cohort the end-to-end check runs. Issue 6 states its targets for 200
// candidates (`go run ./scripts/simulate` does that); the test uses 100 because the
// server's cost grows with N² (each scoring reads every earlier result for the local
// norms, each candidate detail recomputes the cohort) and 200 takes minutes under -race
// on two cores. 100 keeps every check meaningful: the cohort is past the N ≥ 30 line for
// local norms and observed α, the pooled coverage rests on 600 intervals (SE ≈ 0.9
// points), and ignoring reverse keys or breaking the EAP drops a Spearman far below its
// target, not by a hair.
const testN = 100

// TestSimulationRecoversTraits is issue 6's "must show", end to end: simulated candidates
// answer through the HTTP API by the item models, are scored on completion, and the
// results read back through the HR API must recover the traits they were drawn from.
func TestSimulationRecoversTraits(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end simulation through the API; skipped under -short")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	srv, err := startLocal(ctx, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	cfg := defaults()
	cfg.N = testN
	cfg.URL, cfg.Key, cfg.ScoringErr = srv.URL, srv.Key, srv.ScoringErr
	rep, err := simulate(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	rep.Print(&buf)
	t.Log(buf.String())

	// The targets of issue 6: Spearman per Likert scale ≥ .85, cognitive ≥ .80, role fit
	// ≥ .85, and the cohort bands covering the true value for 90–98% overall.
	for _, f := range rep.Failed() {
		t.Error(f)
	}
	// The band stored with each score uses the provisional α, which errs wide on purpose
	// (scoring.ProvisionalAlpha): it may over-cover, but it must never under-cover.
	if rep.CoverStored < minCover {
		t.Errorf("stored (provisional) bands cover %.1f%% of true scores, want ≥ %.0f%%", 100*rep.CoverStored, 100*minCover)
	}
	// The composite's SE must be carried through from its parts: a lost or zero SE
	// would leave the bands covering almost nobody. The floor is below 90% because at
	// N = 100 this single share has an SE of about 2 points.
	if rep.FitCover < 0.85 {
		t.Errorf("composite bands cover %.1f%% of true composites, want ≥ 85%%", 100*rep.FitCover)
	}
	// Near-ties are grouped, but the ranking still separates people.
	if rep.TieGroups < 2 || rep.TieGroups > testN/4 {
		t.Errorf("%d tie groups among %d candidates: the grouping is not doing its job", rep.TieGroups, testN)
	}
}

// TestRunFlags covers the command line without starting anything.
func TestRunFlags(t *testing.T) {
	env := func(string) string { return "" }
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-n", "10"}, "at least 30"},
		{[]string{"-batch", "0"}, "-batch 0"},
		{[]string{"-batch", "61"}, "-batch 61"},
		{[]string{"-concurrency", "0"}, "-concurrency 0"},
		{[]string{"-rho", "1"}, "-rho 1"},
		{[]string{"-url", "http://127.0.0.1:1"}, "needs -key"},
		{[]string{"extra"}, "unexpected arguments"},
		{[]string{"-nope"}, "not defined"},
	} {
		var out bytes.Buffer
		err := run(context.Background(), tc.args, env, &out)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("run %q: error %v, want one mentioning %q", tc.args, err, tc.want)
		}
	}
}
