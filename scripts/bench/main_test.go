package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// A small run of the whole bench (no function builds) keeps it working: it must measure
// every figure family, agree acknowledged with stored, and write its JSON. Budgets are
// the bench's verdict, not this test's: a miss is logged here, and fails `go run`.
func TestBenchSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the local stack")
	}
	if os.Getenv("AWS_ENDPOINT_URL_DYNAMODB") == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("AWS_ENDPOINT_URL_DYNAMODB is not set in CI: ./scripts/test starts DynamoDB Local")
		}
		t.Skip("AWS_ENDPOINT_URL_DYNAMODB not set: run ./scripts/test, or start scripts/services/dynamodb-local")
	}
	var mu sync.Mutex
	env := map[string]string{}
	getenv := func(k string) string {
		mu.Lock()
		defer mu.Unlock()
		if v, ok := env[k]; ok {
			return v
		}
		return os.Getenv(k)
	}
	setenv := func(k, v string) error {
		mu.Lock()
		defer mu.Unlock()
		env[k] = v
		return nil
	}
	out := filepath.Join(t.TempDir(), "bench.json")
	var table strings.Builder
	err := run(context.Background(), []string{"-n", "8", "-cost", "1", "-coldstart=false", "-report-sample", "2", "-json", out},
		getenv, setenv, &table)
	if err != nil && !strings.HasPrefix(err.Error(), "over budget") {
		t.Fatal(err)
	}
	t.Logf("%s\n%v", table.String(), err)
	b, rerr := os.ReadFile(out)
	if rerr != nil {
		t.Fatal(rerr)
	}
	var r Results
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	c := r.Candidate
	switch {
	case c.HTTPRequests < 10 || c.WriteUnits <= 0 || c.ReadUnits <= 0 || c.USD["total"] <= 0:
		t.Errorf("per-candidate figures missing: %+v", c)
	case c.Invocations["scoring"] != 1:
		t.Errorf("scoring invocations per candidate %v, want 1", c.Invocations["scoring"])
	case r.Burst.Acknowledged == 0 || r.Burst.Acknowledged != r.Burst.Stored || r.Burst.Errors != 0:
		t.Errorf("burst %+v", r.Burst)
	case r.Scoring.Scored != 8 || r.Scoring.StillPending != 0:
		t.Errorf("scoring %+v", r.Scoring)
	case len(r.Burst.Routes) < 4:
		t.Errorf("routes %+v", r.Burst.Routes)
	}
	for _, want := range []string{"PER ASSESSED CANDIDATE", "BURST", "SCORING", "BUDGETS"} {
		if !strings.Contains(table.String(), want) {
			t.Errorf("the table has no %s section", want)
		}
	}
}
