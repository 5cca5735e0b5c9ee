package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"shortlist/shared/app"
	"shortlist/shared/assess"
	"shortlist/shared/store/dynamo"
)

// Fault tests: the product under a dying dependency and a dying worker, on real processes.
// Each starts its OWN DynamoDB Local from the cached jar (it kills it; the shared instance
// of ./scripts/test is left alone). They take a minute, so they run when SHORTLIST_FAULTS
// is set: ./scripts/test runs them with -v, which prints the counts.
//
//	SHORTLIST_FAULTS=1 go test -v -run '^TestFault' ./scripts/bench
//
// scripts/dev/fault_test.go covers the other crash: the process dies after a completion is
// written and before any scoring trigger; the sweep on restart scores it.

func faultsEnabled(t *testing.T) {
	t.Helper()
	if os.Getenv("SHORTLIST_FAULTS") == "" {
		t.Skip("fault tests run with SHORTLIST_FAULTS=1 (./scripts/test sets it)")
	}
}

// ownDynamo starts a DynamoDB Local that this test owns; dbPath "" runs it in memory.
func ownDynamo(t *testing.T, persistent bool) *dynamoLocal {
	t.Helper()
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	jar, err := dynamoJar(root, os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	db := ""
	if persistent {
		db = filepath.Join(dir, "db")
		if err := os.Mkdir(db, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	d, err := startDynamoLocal(jar, db, filepath.Join(dir, "dynamodb.log"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Stop)
	return d
}

// envFor is the environment of a stack on endpoint: no report bucket (reports go to
// local files), placeholder credentials.
func envFor(endpoint string) func(string) string {
	env := map[string]string{"AWS_ENDPOINT_URL_DYNAMODB": endpoint, "AWS_REGION": "us-east-1",
		"AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local", "TABLE_NAME": "shortlist-fault"}
	return func(k string) string { return env[k] }
}

// DynamoDB Local is killed (SIGKILL) in the middle of a burst and restarted on the same
// files. Clients retry with capped exponential backoff and jitter; the API answers the
// outage with 503 and Retry-After, never a 500; and every answer a client was told was
// saved is stored, with the value it was told.
func TestFaultDynamoDBRestartDuringBurst(t *testing.T) {
	faultsEnabled(t)
	const candidates = 40
	d := ownDynamo(t, true)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	s, err := newLocalStack(ctx, envFor(d.Endpoint()), stackOptions{Conns: candidates + 16})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, key, err := seedOrganisation(ctx, s, "Fault Hiring")
	if err != nil {
		t.Fatal(err)
	}
	stats := newRouteStats()
	c := newClient(s.url, candidates+16, stats)
	c.MaxWait = 2 * time.Minute
	var a struct{ ID string }
	if _, err := c.do(ctx, "POST /v1/assessments", "POST", "/v1/assessments", key, map[string]any{"roleId": "payroll-assistant"}, &a); err != nil {
		t.Fatal(err)
	}
	tokens, err := inviteTokens(ctx, c, key, a.ID, candidates)
	if err != nil {
		t.Fatal(err)
	}

	// The outage: once a third of the answers are acknowledged, kill DynamoDB Local, keep
	// it down for two seconds, and start it again.
	p := plan{Answers: 120, Policy: mustPolicy(t)}
	var acked atomic.Int64
	outage := make(chan error, 1)
	go func() {
		target := int64(candidates * p.Answers / 3)
		for acked.Load() < target {
			if ctx.Err() != nil {
				outage <- ctx.Err()
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
		killedAt := acked.Load()
		d.Kill()
		time.Sleep(2 * time.Second)
		start := time.Now()
		err := d.Restart()
		t.Logf("DynamoDB Local killed after %d acknowledged answers, down 2 s, restarted in %s", killedAt, time.Since(start).Round(10*time.Millisecond))
		outage <- err
	}()
	cands, errs := runAll(ctx, c, newAnswerer(s.app.Deps.Catalog), p, tokens, &acked)
	if err := <-outage; err != nil {
		t.Fatalf("the outage did not happen as planned: %v", err)
	}

	var check storedCheck
	failed := 0
	for i, cd := range cands {
		if errs[i] != nil {
			failed++
			if failed <= 5 {
				t.Errorf("candidate %d: %v", i, errs[i])
			}
		}
		if cd != nil {
			if err := check.add(ctx, s.plain, cd); err != nil {
				t.Fatal(err)
			}
		}
	}
	_, attempts, retries, errCount := stats.totals()
	unavailable := 0
	for _, r := range stats.summary() {
		unavailable += r.Status[503]
	}
	t.Logf("candidates %d (completed %d); answers acknowledged %d, stored %d, value mismatches %d; requests %d attempts, %d retried, %d answered 503 + Retry-After, %d failed; 5xx without a retryable code: %d",
		candidates, candidates-failed, check.Acknowledged, check.Stored, len(check.Mismatches), attempts, retries, unavailable, errCount, len(stats.Bad))
	for _, b := range stats.Bad {
		t.Errorf("not a retryable answer: %s", b)
	}
	for _, m := range check.Mismatches[:min(5, len(check.Mismatches))] {
		t.Errorf("lost: %s", m)
	}
	if check.Acknowledged != check.Stored {
		t.Errorf("acknowledged %d answers, stored %d", check.Acknowledged, check.Stored)
	}
	if failed > 0 {
		t.Errorf("%d candidates could not finish", failed)
	}
	if retries == 0 || unavailable == 0 {
		t.Errorf("no request was retried (%d) or answered 503 (%d): the outage was not seen", retries, unavailable)
	}
	pend, err := s.pendingRecords(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(pend) != candidates-failed {
		t.Errorf("%d completions pending scoring, want %d", len(pend), candidates-failed)
	}
}

// The scoring worker is killed in the middle of a stream batch: it has saved some results
// and not the others, and has not answered the invocation, so Lambda delivers the whole
// batch again to a new worker. Every completed session ends up scored exactly once: those
// scored before the kill keep their first result, the rest are scored on redelivery, and
// no pending marker is left.
func TestFaultScoringWorkerKilledMidBatch(t *testing.T) {
	faultsEnabled(t)
	const candidates, dieAfter = 10, 4
	d := ownDynamo(t, false)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	getenv := envFor(d.Endpoint())
	s, err := newLocalStack(ctx, getenv, stackOptions{Conns: 32})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	orgID, key, err := seedOrganisation(ctx, s, "Fault Hiring")
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(s.url, 32, newRouteStats())
	var a struct{ ID string }
	if _, err := c.do(ctx, "POST /v1/assessments", "POST", "/v1/assessments", key, map[string]any{"roleId": "ecommerce-customer-support"}, &a); err != nil {
		t.Fatal(err)
	}
	tokens, err := inviteTokens(ctx, c, key, a.ID, candidates)
	if err != nil {
		t.Fatal(err)
	}
	_, errs := runAll(ctx, c, newAnswerer(s.app.Deps.Catalog), plan{Policy: mustPolicy(t)}, tokens, nil)
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	pend, err := s.pendingRecords(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(pend) != candidates {
		t.Fatalf("%d pending markers for %d completions", len(pend), candidates)
	}
	seq := 0
	event := filepath.Join(t.TempDir(), "batch.json")
	if err := os.WriteFile(event, streamEvent(pend, &seq), 0o600); err != nil {
		t.Fatal(err)
	}
	worker := func(die int) error {
		cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestScoringWorkerProcess$", "-test.v")
		cmd.Env = append(os.Environ(), "SHORTLIST_SCORING_WORKER=1", "SHORTLIST_WORKER_EVENT="+event,
			fmt.Sprintf("SHORTLIST_WORKER_DIE_AFTER=%d", die), "TABLE_NAME="+s.table,
			"AWS_ENDPOINT_URL_DYNAMODB="+d.Endpoint(), "AWS_REGION=us-east-1", "AWS_ACCESS_KEY_ID=local", "AWS_SECRET_ACCESS_KEY=local")
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("%w\n%s", err, out)
		}
		return nil
	}

	// First delivery: the worker dies (SIGKILL, as an out-of-memory kill or a crash would)
	// right after saving its dieAfter-th result.
	err = worker(dieAfter)
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("the worker was to be killed mid-batch; it ended with: %v", err)
	}
	first, err := s.plain.Results(ctx, orgID, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != dieAfter {
		t.Fatalf("%d sessions scored before the kill, want %d", len(first), dieAfter)
	}
	before := map[string]time.Time{}
	for _, r := range first {
		before[r.SessionID] = r.ScoredAt
	}

	// Lambda retries the batch: a new worker gets the same records.
	if err := worker(0); err != nil {
		t.Fatalf("the redelivery failed: %v", err)
	}
	after, err := s.plain.Results(ctx, orgID, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	per := map[string]int{}
	rescored := 0
	for _, r := range after {
		per[r.SessionID]++
		if at, ok := before[r.SessionID]; ok && !at.Equal(r.ScoredAt) {
			rescored++
		}
	}
	left, err := s.pendingRecords(ctx)
	if err != nil {
		t.Fatal(err)
	}
	twice := 0
	for _, n := range per {
		if n != 1 {
			twice++
		}
	}
	t.Logf("completed %d; scored before the kill %d; scored on redelivery %d; rescored %d; sessions with more than one result %d; still pending %d",
		candidates, len(first), len(after)-len(first), rescored, twice, len(left))
	if len(after) != candidates || len(per) != candidates || twice > 0 || rescored > 0 || len(left) > 0 {
		t.Errorf("every completed session must be scored exactly once")
	}
}

// TestScoringWorkerProcess is the scoring worker that TestFaultScoringWorkerKilledMidBatch
// starts as a process: it runs the scoring function's handler on one stream batch from a
// file, over the DynamoDB table the environment names, and with
// SHORTLIST_WORKER_DIE_AFTER=k kills itself right after saving its k-th result.
func TestScoringWorkerProcess(t *testing.T) {
	if os.Getenv("SHORTLIST_SCORING_WORKER") == "" {
		t.Skip("a helper process of TestFaultScoringWorkerKilledMidBatch")
	}
	ctx := context.Background()
	tb, err := dynamo.FromEnv(ctx, os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	st, err := app.Build(os.Getenv, log, tb, nil)
	if err != nil {
		t.Fatal(err)
	}
	var die int
	fmt.Sscan(os.Getenv("SHORTLIST_WORKER_DIE_AFTER"), &die)
	scorer := &assess.Scorer{Repo: &dyingRepo{ScoreRepo: st.Repo, after: die}, Catalog: st.Deps.Catalog}
	ev, err := os.ReadFile(os.Getenv("SHORTLIST_WORKER_EVENT"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := app.ScoringHandler(scorer, log)(ctx, ev)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(out)
	t.Logf("response: %s", b)
	var resp struct{ BatchItemFailures []any }
	_ = json.Unmarshal(b, &resp)
	if len(resp.BatchItemFailures) > 0 {
		t.Fatalf("failed records: %s", b)
	}
}

// dyingRepo kills the process right after the after-th result is saved (0: never).
type dyingRepo struct {
	assess.ScoreRepo
	after int
	saved int
}

func (r *dyingRepo) SaveResult(ctx context.Context, res assess.Result) error {
	err := r.ScoreRepo.SaveResult(ctx, res)
	if err == nil {
		r.saved++
		if r.after > 0 && r.saved == r.after {
			_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
			select {} // the signal is on its way
		}
	}
	return err
}

func mustPolicy(t *testing.T) sitePolicy {
	t.Helper()
	p, err := readSitePolicy()
	if err != nil {
		t.Fatal(err)
	}
	return p
}
