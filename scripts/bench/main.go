// Command bench measures Shortlist on the real code paths against the local stack
// (DynamoDB Local, and MinIO when built) and prints one table, also written as JSON:
//
//   - per assessed candidate: HTTP requests, function invocations (requests plus the
//     scoring and reports events), DynamoDB read and write units (ReturnConsumedCapacity,
//     through dynamo.Meter), S3 operations and bytes stored, and the AWS cost in USD from
//     the price table below (AWS list prices; docs/storage.md, "What a request costs");
//   - a burst of N candidates at once: requests/s, p50/p95/p99 per route, errors, and the
//     answers acknowledged to clients against those stored (they must be equal);
//   - scoring throughput, report rendering time and peak memory;
//   - each function's binary size (linux/arm64, as scripts/build makes it) and its time
//     from process start to ready, against a stand-in for the Lambda Runtime API.
//
// Usage:
//
//	go run ./scripts/bench [-n 500] [-json bench.json] [-cost 5] [-role payroll-assistant]
//	go run ./scripts/bench -cohort 100000 [-json cohort.json]   (the volume bench: cohort.go)
//
// With AWS_ENDPOINT_URL_DYNAMODB set it uses that DynamoDB Local; otherwise it starts its
// own (scripts/services/dynamodb-local installs the jar). It always creates a fresh table
// (TABLE_NAME, if set, is its name's prefix) and deletes it after. With REPORTS_BUCKET (or
// SHORTLIST_REPORTS_BUCKET, as scripts/services/minio prints it) and AWS_ENDPOINT_URL_S3
// it stores reports in MinIO; otherwise it starts MinIO when scripts/services/minio has
// built it, and falls back to local files. Absolute times depend on the machine; the run
// exits 1 when a budget below is missed (write units and cost per candidate, burst
// errors, acknowledged ≠ stored).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/signal"
	"runtime"
	"runtime/metrics"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"shortlist/shared/app"
	"shortlist/shared/assess"
	"shortlist/shared/report"
	"shortlist/shared/report/reporttest"
	"shortlist/shared/store/dynamo"
)

// Prices: AWS list prices, us-east-1 (Lambda arm64, HTTP API, DynamoDB on demand, S3
// Standard).
const (
	priceLambdaRequest = 0.20 / 1e6    // per invocation
	priceLambdaGBs     = 0.0000133334  // per GB-second, arm64
	priceHTTPAPI       = 1.00 / 1e6    // per API Gateway HTTP API request
	priceWriteUnit     = 0.625 / 1e6   // DynamoDB on-demand write request unit
	priceReadUnit      = 0.125 / 1e6   // DynamoDB on-demand read request unit
	priceS3Put         = 0.005 / 1000  // per PUT
	priceS3Get         = 0.0004 / 1000 // per GET
	priceS3GBMonth     = 0.023         // storage per GB-month
)

// memoryMB is each function's deployed memory (the table infra deploys), which with the
// billed milliseconds gives the GB-seconds.
var memoryMB = app.FunctionMemoryMB

// Budgets per assessed candidate (docs/storage.md, "What a request costs"). 32 write
// units: 30 before the pending-report marker (its put at scoring and its delete after
// rendering), which lets the reports sweep recover any report the stream gave up on.
const (
	budgetWriteUnits = 32
	budgetUSD        = 0.0003
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Setenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type options struct {
	N              int
	JSON           string
	Role           string
	Answers        int
	Cost           int
	ReportSample   int
	ScoringWorkers int
	ColdStart      bool
	ColdStartRuns  int
	Keep           bool
	Timeout        time.Duration
	// The volume bench (cohort.go): -cohort N runs it instead of the above.
	Cohort         int
	CohortSample   int
	CohortRequests int
	CohortWriters  int
	CohortPprof    string
	CohortLists    bool
	CohortEmbedded bool
	CohortChild    string // internal: measure one operation for the parent (a spec file)
}

func parseFlags(args []string, out io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.IntVar(&o.N, "n", 500, "burst size: candidates taking the assessment at once (1 to 5000)")
	fs.StringVar(&o.JSON, "json", "", "also write the results as JSON to this file")
	fs.StringVar(&o.Role, "role", "payroll-assistant", "seed role of the assessment")
	fs.IntVar(&o.Answers, "answers", 120, "answers each candidate sends (every item once, then changed answers)")
	fs.IntVar(&o.Cost, "cost", 5, "candidates in the per-candidate cost run (averaged)")
	fs.IntVar(&o.ReportSample, "report-sample", 20, "burst candidates whose reports are rendered (rendering reads the cohort)")
	fs.IntVar(&o.ScoringWorkers, "scoring-workers", 2, "concurrent scoring invocations (stream shards × parallelization)")
	fs.BoolVar(&o.ColdStart, "coldstart", true, "build each function and time its start")
	fs.IntVar(&o.ColdStartRuns, "coldstart-runs", 5, "starts per function")
	fs.BoolVar(&o.Keep, "keep", false, "keep the DynamoDB table")
	fs.DurationVar(&o.Timeout, "timeout", 20*time.Minute, "give up after this long (the volume bench: 2 h unless set)")
	fs.IntVar(&o.Cohort, "cohort", 0, "volume bench: cohorts of 100, 10,000 and 100,000 scored candidates, up to this many")
	fs.IntVar(&o.CohortSample, "cohort-sample", 5, "volume bench: real candidates through the API and scored at each size")
	fs.IntVar(&o.CohortRequests, "cohort-requests", 50, "volume bench: warm ranking requests at each size")
	fs.IntVar(&o.CohortWriters, "cohort-writers", 48, "volume bench: concurrent writers of the bulk load")
	fs.StringVar(&o.CohortPprof, "cohort-pprof", "", "volume bench: write CPU and allocation profiles of each snapshot build and batch add to this directory")
	fs.BoolVar(&o.CohortLists, "cohort-lists", true, "volume bench: also measure the candidates list answer")
	fs.BoolVar(&o.CohortEmbedded, "cohort-embedded", false, "volume bench: on the embedded store and local files (the dev server's) instead of DynamoDB Local and MinIO")
	fs.StringVar(&o.CohortChild, "cohort-child", "", "internal: run one measured operation for the volume bench")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	timeoutSet := false
	fs.Visit(func(f *flag.Flag) { timeoutSet = timeoutSet || f.Name == "timeout" })
	if o.Cohort > 0 && !timeoutSet {
		o.Timeout = 2 * time.Hour
	}
	switch {
	case o.Cohort < 0 || o.Cohort > 1_000_000:
		return o, errors.New("-cohort must be from 1 to 1,000,000")
	case o.Cohort > 0 && (o.CohortSample < 1 || o.CohortSample > streamBatchReports || o.CohortRequests < 1 || o.CohortWriters < 1):
		return o, fmt.Errorf("-cohort-sample must be from 1 to %d, -cohort-requests and -cohort-writers ≥ 1", streamBatchReports)
	case o.N < 1 || o.N > 5000:
		return o, errors.New("-n must be from 1 to 5000")
	case o.Cost < 1 || o.Cost > 100:
		return o, errors.New("-cost must be from 1 to 100")
	case o.ScoringWorkers < 1 || o.ReportSample < 0:
		return o, errors.New("-scoring-workers must be ≥ 1 and -report-sample ≥ 0")
	}
	return o, nil
}

// Results is everything the run measured (the JSON file).
type Results struct {
	Started   time.Time         `json:"started"`
	Machine   string            `json:"machine"`
	Services  []string          `json:"services"`
	Role      string            `json:"role"`
	Items     int               `json:"items"`
	Sections  int               `json:"sections"`
	Autosave  string            `json:"autosave"`
	Candidate CandidateFigures  `json:"per_candidate"`
	Burst     BurstFigures      `json:"burst"`
	Scoring   ScoringFigures    `json:"scoring"`
	Reports   *ReportFigures    `json:"reports,omitempty"`
	Functions []functionFigures `json:"functions,omitempty"`
	Budgets   []Budget          `json:"budgets"`
}

// CandidateFigures are per assessed candidate, averaged over the cost run's candidates.
type CandidateFigures struct {
	Candidates   int                `json:"candidates"`
	Answers      float64            `json:"answers"`
	Autosaves    float64            `json:"autosaves"`
	HTTPRequests float64            `json:"http_requests"`
	Invocations  map[string]float64 `json:"invocations"` // by function
	GBSeconds    float64            `json:"gb_seconds"`
	ReadUnits    float64            `json:"read_units"`
	WriteUnits   float64            `json:"write_units"`
	Units        map[string]Units   `json:"units_by_part"` // candidate, hr, scoring, reports
	ResultBytes  float64            `json:"result_data_bytes"`
	ByOp         []OpUnits          `json:"units_by_call"`
	S3Puts       float64            `json:"s3_puts"`
	S3Gets       float64            `json:"s3_gets"`
	S3Bytes      float64            `json:"s3_bytes"`
	// USDAtBurstCohort prices the reads that grow with the cohort at the burst's size.
	USDAtBurstCohort float64            `json:"usd_at_burst_cohort"`
	BlobStore        string             `json:"blob_store"`
	USD              map[string]float64 `json:"usd"` // by item, and "total"
}

// Units are DynamoDB request units.
type Units struct {
	Read  float64 `json:"read"`
	Write float64 `json:"write"`
}

// OpUnits are the units of one kind of DynamoDB call.
type OpUnits struct {
	Op    string  `json:"op"`
	Calls float64 `json:"calls"`
	Read  float64 `json:"read"`
	Write float64 `json:"write"`
}

type BurstFigures struct {
	Candidates     int            `json:"candidates"`
	Seconds        float64        `json:"seconds"`
	Requests       int            `json:"requests"`
	Attempts       int            `json:"attempts"`
	Retries        int            `json:"retries"`
	Errors         int            `json:"errors"`
	RequestsPerSec float64        `json:"requests_per_second"`
	Acknowledged   int            `json:"answers_acknowledged"`
	Stored         int            `json:"answers_stored"`
	Mismatches     int            `json:"value_mismatches"`
	Bad5xx         []string       `json:"bad_5xx,omitempty"`
	FirstErrors    []string       `json:"first_errors,omitempty"`
	Routes         []routeSummary `json:"routes"`
	ReadUnits      float64        `json:"read_units_per_candidate"`
	WriteUnits     float64        `json:"write_units_per_candidate"`
}

type ScoringFigures struct {
	Sessions       int     `json:"sessions"`
	Invocations    int     `json:"invocations"`
	Workers        int     `json:"workers"`
	Seconds        float64 `json:"seconds"`
	SessionsPerSec float64 `json:"sessions_per_second"`
	Scored         int     `json:"scored"`
	StillPending   int     `json:"still_pending"`
	ReadUnits      float64 `json:"read_units_per_session"`
	WriteUnits     float64 `json:"write_units_per_session"`
}

type ReportFigures struct {
	CostRunRenderP50MS float64 `json:"cost_run_render_p50_ms"` // reports invocation, small cohort
	BurstSample        int     `json:"burst_sample"`
	BurstRenderP50MS   float64 `json:"burst_render_p50_ms"` // reports invocation, cohort of N
	BurstRenderP95MS   float64 `json:"burst_render_p95_ms"`
	BurstReadUnits     float64 `json:"burst_read_units_per_render"` // DynamoDB reads of one render at cohort N
	PeakHeapBytes      uint64  `json:"peak_heap_bytes"`             // live heap while rendering the sample, above the baseline
	CandidatePDFMS     float64 `json:"candidate_pdf_p50_ms"`
	CandidatePDFBytes  int     `json:"candidate_pdf_bytes"`
	Cohort1000MS       float64 `json:"cohort_1000_ms"`
	Cohort1000Bytes    int     `json:"cohort_1000_pdf_bytes"`
}

type Budget struct {
	What  string `json:"what"`
	Value string `json:"value"`
	Limit string `json:"limit"`
	OK    bool   `json:"ok"`
}

func run(ctx context.Context, args []string, getenv func(string) string, setenv func(k, v string) error, out io.Writer) error {
	o, err := parseFlags(args, out)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	if o.CohortChild != "" {
		return cohortChild(ctx, o.CohortChild, getenv, out)
	}
	if o.Cohort > 0 {
		return cohortMain(ctx, o, getenv, setenv, out)
	}
	root, err := repoRoot()
	if err != nil {
		return err
	}
	set := func(k, v string) { _ = setenv(k, v) }
	svc, err := startServices(ctx, root, getenv, set)
	if err != nil {
		return err
	}
	defer svc.Close()
	for _, n := range svc.notes {
		fmt.Fprintln(os.Stderr, "bench:", n)
	}
	s, err := newLocalStack(ctx, getenv, stackOptions{Conns: o.N + 64, Keep: o.Keep})
	if err != nil {
		return err
	}
	defer s.Close()
	res := Results{Started: time.Now().UTC(), Machine: fmt.Sprintf("%s/%s, %d CPUs, %s", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version()),
		Services: svc.notes, Role: o.Role}

	// Set-up that no candidate pays for: an organisation and its API key.
	orgID, key, err := seedOrganisation(ctx, s, "Bench Hiring")
	if err != nil {
		return err
	}
	ans := newAnswerer(s.app.Deps.Catalog)
	pol, err := readSitePolicy()
	if err != nil {
		return err
	}
	p := plan{Answers: o.Answers, Policy: pol}
	res.Autosave = pol.String()
	setupStats := newRouteStats()
	hr := newClient(s.url, 8, setupStats)
	newAssessment := func() (string, error) {
		var a struct {
			ID     string `json:"id"`
			Config struct {
				Sections []struct{ Instrument string }
			} `json:"config"`
		}
		if _, err := hr.do(ctx, "POST /v1/assessments", "POST", "/v1/assessments", key, map[string]any{"roleId": o.Role}, &a); err != nil {
			return "", err
		}
		res.Sections, res.Items = len(a.Config.Sections), 0
		for _, sec := range a.Config.Sections {
			res.Items += len(ans.items[sec.Instrument])
		}
		return a.ID, nil
	}

	fmt.Fprintf(os.Stderr, "bench: per-candidate run (%d candidates)\n", o.Cost)
	if err := costRun(ctx, s, &res, o, p, ans, key, newAssessment); err != nil {
		return fmt.Errorf("per-candidate run: %w", err)
	}
	fmt.Fprintf(os.Stderr, "bench: burst of %d candidates\n", o.N)
	aid, tokens, err := burstSetup(ctx, hr, key, o.N, newAssessment)
	if err != nil {
		return fmt.Errorf("burst set-up: %w", err)
	}
	if err := burst(ctx, s, &res, o, p, ans, tokens); err != nil {
		return fmt.Errorf("burst: %w", err)
	}
	fmt.Fprintln(os.Stderr, "bench: scoring the burst")
	sids, err := scoreAll(ctx, s, &res, o, orgID, aid)
	if err != nil {
		return fmt.Errorf("scoring: %w", err)
	}
	if s.reports != nil {
		fmt.Fprintln(os.Stderr, "bench: reports")
		if err := reportFigures(ctx, s, &res, o, sids); err != nil {
			return fmt.Errorf("reports: %w", err)
		}
	}
	res.Candidate.USDAtBurstCohort = usdAtCohort(res)
	if o.ColdStart {
		fmt.Fprintln(os.Stderr, "bench: building the functions and timing their start")
		env := []string{"TABLE_NAME=" + s.table, "AWS_REGION=" + getenv("AWS_REGION"),
			"AWS_ACCESS_KEY_ID=" + getenv("AWS_ACCESS_KEY_ID"), "AWS_SECRET_ACCESS_KEY=" + getenv("AWS_SECRET_ACCESS_KEY"),
			"AWS_ENDPOINT_URL_DYNAMODB=" + getenv("AWS_ENDPOINT_URL_DYNAMODB"), "PUBLIC_URL=https://shortlist.example",
			"REPORTS_BUCKET=" + orDefault(getenv("REPORTS_BUCKET"), "shortlist-bench-reports"),
			// A user pool's names: the functions build their token verifier and (auth) the
			// Cognito client at start, neither of which calls the pool until a sign-in.
			"COGNITO_POOL_ID=us-east-1_bench", "COGNITO_CLIENT_ID=bench"}
		if e := getenv("AWS_ENDPOINT_URL_S3"); e != "" {
			env = append(env, "AWS_ENDPOINT_URL_S3="+e)
		}
		if res.Functions, err = measureFunctions(ctx, root, o.ColdStartRuns, env); err != nil {
			return fmt.Errorf("functions: %w", err)
		}
	}
	res.Budgets = budgets(res)
	printTable(out, res, o)
	if o.JSON != "" {
		b, _ := json.MarshalIndent(res, "", "  ")
		if err := os.WriteFile(o.JSON, append(b, '\n'), 0o644); err != nil {
			return err
		}
	}
	for _, b := range res.Budgets {
		if !b.OK {
			return fmt.Errorf("over budget: %s is %s (limit %s)", b.What, b.Value, b.Limit)
		}
	}
	return nil
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// costRun takes o.Cost candidates through the whole product one after another, as one
// cohort, and divides everything that was counted by their number: HR's invite (one
// request for the cohort) and its look at each candidate (detail, report list, report
// link and download); the candidate's journey and feedback download; the scoring and
// reports events. The assessment's creation is set-up and not counted.
func costRun(ctx context.Context, s *localStack, res *Results, o options, p plan, ans *answerer, key string, newAssessment func() (string, error)) error {
	aid, err := newAssessment()
	if err != nil {
		return err
	}
	stats := newRouteStats()
	c := newClient(s.url, 8, stats)
	s.meter.Reset()
	s.inv.reset()
	s.blobs.reset()
	gets := 0
	tokens, err := inviteTokens(ctx, c, key, aid, o.Cost)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(1, 2))
	seq := 0
	var answers, autosaves int
	units := map[string][2]float64{}
	var mark dynamo.Usage // from the reset above: the invite is HR's
	var resultBytes int
	// phase books the units consumed since the last call to a part of the product.
	phase := func(name string) {
		t := s.meter.Total()
		u := units[name]
		units[name] = [2]float64{u[0] + t.ReadUnits - mark.ReadUnits, u[1] + t.WriteUnits - mark.WriteUnits}
		mark = t
	}
	phase("hr")
	var renders []time.Duration
	for _, tok := range tokens {
		cd, err := runCandidate(ctx, c, ans, tok, p, rng, nil)
		if err != nil {
			return err
		}
		answers += cd.answers
		autosaves += cd.autosaves
		phase("candidate")
		// The stream hands the completion's marker to the scoring function...
		pend, err := s.pendingRecords(ctx)
		if err != nil {
			return err
		}
		if len(pend) != 1 {
			return fmt.Errorf("%d pending scoring markers after one completion", len(pend))
		}
		if failed, err := s.deliver(ctx, "scoring", s.scoring, pend, &seq); err != nil || failed > 0 {
			return fmt.Errorf("scoring event: %d failed, %v", failed, err)
		}
		phase("scoring")
		ss, err := sessionOf(ctx, s.plain, cd.token)
		if err != nil {
			return err
		}
		if r, err := s.plain.Result(ctx, ss.OrgID, ss.ID); err == nil {
			if b, err := json.Marshal(r.Scores); err == nil {
				resultBytes += len(b)
			}
		}
		if s.reports == nil {
			continue
		}
		// ...and the result's insert to the reports function.
		start := time.Now()
		if failed, err := s.deliver(ctx, "reports", s.reports, []streamRecord{resultRecord(ss.ID)}, &seq); err != nil || failed > 0 {
			return fmt.Errorf("reports event: %d failed, %v", failed, err)
		}
		renders = append(renders, time.Since(start))
		phase("reports")
		// The candidate downloads their feedback.
		var fb struct{ Status, URL string }
		if _, err := c.do(ctx, "GET /v1/session/feedback", "GET", "/v1/session/feedback", cd.token, nil, &fb); err != nil {
			return err
		}
		if fb.Status != "ready" {
			return fmt.Errorf("feedback is %q after its reports event", fb.Status)
		}
		if _, err := c.get(ctx, "S3 GET (feedback)", fb.URL); err != nil {
			return err
		}
		gets++
		phase("candidate")
		// HR looks at the candidate and downloads the report.
		if _, err := c.do(ctx, "GET /v1/assessments/{id}/candidates/{id}", "GET", "/v1/assessments/"+aid+"/candidates/"+ss.CandidateID, key, nil, nil); err != nil {
			return err
		}
		var list struct {
			Reports []struct{ ReportID, Kind, SessionID string }
		}
		if _, err := c.do(ctx, "GET /v1/assessments/{id}/reports", "GET", "/v1/assessments/"+aid+"/reports", key, nil, &list); err != nil {
			return err
		}
		rid := ""
		for _, r := range list.Reports {
			if r.SessionID == ss.ID && r.Kind == "candidate" {
				rid = r.ReportID
			}
		}
		if rid == "" {
			return fmt.Errorf("no candidate report listed for session %s", ss.ID)
		}
		var link struct{ URL string }
		if _, err := c.do(ctx, "GET /v1/reports/{id}/link", "GET", "/v1/reports/"+rid+"/link", key, nil, &link); err != nil {
			return err
		}
		if _, err := c.get(ctx, "S3 GET (report)", link.URL); err != nil {
			return err
		}
		gets++
		phase("hr")
	}
	n := float64(o.Cost)
	requests := 0
	for _, r := range stats.summary() {
		if !strings.HasPrefix(r.Route, "S3 ") {
			requests += r.Attempts
		}
	}
	use := s.meter.Total()
	puts, bytes := s.blobs.counts()
	cf := CandidateFigures{Candidates: o.Cost, Answers: float64(answers) / n, Autosaves: float64(autosaves) / n,
		HTTPRequests: float64(requests) / n, Invocations: map[string]float64{}, ReadUnits: use.ReadUnits / n,
		WriteUnits: use.WriteUnits / n, S3Puts: float64(puts) / n, S3Gets: float64(gets) / n, S3Bytes: float64(bytes) / n,
		BlobStore: s.blobKind, USD: map[string]float64{}, Units: map[string]Units{}}
	cf.ResultBytes = float64(resultBytes) / n
	for k, u := range units {
		cf.Units[k] = Units{Read: u[0] / n, Write: u[1] / n}
	}
	for op, u := range s.meter.ByOp() {
		cf.ByOp = append(cf.ByOp, OpUnits{Op: op, Calls: float64(u.Calls) / n, Read: u.ReadUnits / n, Write: u.WriteUnits / n})
	}
	sort.Slice(cf.ByOp, func(i, j int) bool { return cf.ByOp[i].Op < cf.ByOp[j].Op })
	invocations := 0.0
	for fn, u := range s.inv.snapshot() {
		cf.Invocations[fn] = float64(u.Count) / n
		invocations += float64(u.Count) / n
		cf.GBSeconds += float64(u.BilledMS) / 1000 * memoryMB[fn] / 1024 / n
	}
	months := assess.DefaultRetention.Hours() / 24 / 30.4375
	cf.USD["api_gateway"] = cf.HTTPRequests * priceHTTPAPI
	cf.USD["lambda_requests"] = invocations * priceLambdaRequest
	cf.USD["lambda_compute"] = cf.GBSeconds * priceLambdaGBs
	cf.USD["dynamodb_writes"] = cf.WriteUnits * priceWriteUnit
	cf.USD["dynamodb_reads"] = cf.ReadUnits * priceReadUnit
	cf.USD["s3_requests"] = cf.S3Puts*priceS3Put + cf.S3Gets*priceS3Get
	cf.USD["s3_storage_retention"] = cf.S3Bytes / 1e9 * priceS3GBMonth * months
	total := 0.0
	for _, v := range cf.USD {
		total += v
	}
	cf.USD["total"] = total
	res.Candidate = cf
	if res.Reports == nil && s.reports != nil {
		res.Reports = &ReportFigures{}
	}
	if len(renders) > 0 {
		sort.Slice(renders, func(i, j int) bool { return renders[i] < renders[j] })
		res.Reports.CostRunRenderP50MS = ms(quantile(renders, 0.5))
	}
	return nil
}

func burstSetup(ctx context.Context, hr *client, key string, n int, newAssessment func() (string, error)) (string, []string, error) {
	aid, err := newAssessment()
	if err != nil {
		return "", nil, err
	}
	tokens, err := inviteTokens(ctx, hr, key, aid, n)
	return aid, tokens, err
}

// burst runs every invited candidate at once and checks what they were told was saved
// against what the store holds.
func burst(ctx context.Context, s *localStack, res *Results, o options, p plan, ans *answerer, tokens []string) error {
	stats := newRouteStats()
	c := newClient(s.url, len(tokens)+16, stats)
	s.meter.Reset()
	start := time.Now()
	cands, errs := runAll(ctx, c, ans, p, tokens, nil)
	elapsed := time.Since(start)
	use := s.meter.Total()
	bf := BurstFigures{Candidates: len(tokens), Seconds: elapsed.Seconds(), Routes: stats.summary()}
	bf.Requests, bf.Attempts, bf.Retries, bf.Errors = stats.totals()
	bf.RequestsPerSec = float64(bf.Attempts) / elapsed.Seconds()
	bf.Bad5xx = stats.Bad
	bf.ReadUnits, bf.WriteUnits = use.ReadUnits/float64(len(tokens)), use.WriteUnits/float64(len(tokens))
	var check storedCheck
	for i, cd := range cands {
		if errs[i] != nil && len(bf.FirstErrors) < 5 {
			bf.FirstErrors = append(bf.FirstErrors, errs[i].Error())
		}
		if cd == nil {
			continue
		}
		if err := check.add(ctx, s.plain, cd); err != nil {
			return err
		}
	}
	bf.Acknowledged, bf.Stored, bf.Mismatches = check.Acknowledged, check.Stored, len(check.Mismatches)
	bf.FirstErrors = append(bf.FirstErrors, check.Mismatches[:min(3, len(check.Mismatches))]...)
	res.Burst = bf
	return nil
}

// runAll runs one simulated candidate per invite token, all at once.
func runAll(ctx context.Context, c *client, ans *answerer, p plan, tokens []string, progress *atomic.Int64) ([]*candidate, []error) {
	cands := make([]*candidate, len(tokens))
	errs := make([]error, len(tokens))
	var wg sync.WaitGroup
	gate := make(chan struct{})
	for i, tok := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-gate
			rng := rand.New(rand.NewPCG(uint64(i), 7))
			cands[i], errs[i] = runCandidate(ctx, c, ans, tok, p, rng, progress)
		}()
	}
	close(gate)
	wg.Wait()
	return cands, errs
}

// seedOrganisation writes an organisation and its API key directly (set-up nobody pays
// for) and returns the organisation's id and the key.
func seedOrganisation(ctx context.Context, s *localStack, name string) (string, string, error) {
	now := time.Now()
	org, err := assess.NewOrganisation(name, now)
	if err != nil {
		return "", "", err
	}
	k, key, err := assess.NewAPIKey(org.ID, "bench", "", now)
	if err != nil {
		return "", "", err
	}
	if err := s.plain.CreateOrganisation(ctx, org); err != nil {
		return "", "", err
	}
	if err := s.plain.CreateAPIKey(ctx, k); err != nil {
		return "", "", err
	}
	return org.ID, key, nil
}

// scoreAll hands the burst's completions to the scoring function as the stream would
// (batches of 10, the trigger's BatchSize) with o.ScoringWorkers invocations at a time,
// and checks that every session ends up scored exactly once.
func scoreAll(ctx context.Context, s *localStack, res *Results, o options, orgID, aid string) ([]string, error) {
	pend, err := s.pendingRecords(ctx)
	if err != nil {
		return nil, err
	}
	s.meter.Reset()
	before := s.inv.snapshot()["scoring"].Count
	var batches [][]streamRecord
	for i := 0; i < len(pend); i += 10 {
		batches = append(batches, pend[i:min(i+10, len(pend))])
	}
	work := make(chan []streamRecord)
	var failed atomic.Int64
	var seqMu sync.Mutex
	seq := 1_000_000
	var wg sync.WaitGroup
	start := time.Now()
	for range o.ScoringWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range work {
				seqMu.Lock()
				first := seq
				seq += len(b)
				seqMu.Unlock()
				n, err := s.deliver(ctx, "scoring", s.scoring, b, &first)
				if err != nil || n > 0 {
					failed.Add(int64(max(n, 1)))
				}
			}
		}()
	}
	for _, b := range batches {
		work <- b
	}
	close(work)
	wg.Wait()
	elapsed := time.Since(start)
	use := s.meter.Total()
	left, err := s.pendingRecords(ctx)
	if err != nil {
		return nil, err
	}
	results, err := s.plain.Results(ctx, orgID, aid)
	if err != nil {
		return nil, err
	}
	seen := map[string]int{}
	var sids []string
	for _, r := range results {
		seen[r.SessionID]++
		sids = append(sids, r.SessionID)
	}
	for sid, n := range seen {
		if n != 1 {
			return nil, fmt.Errorf("session %s has %d results", sid, n)
		}
	}
	sf := ScoringFigures{Sessions: len(pend), Invocations: s.inv.snapshot()["scoring"].Count - before, Workers: o.ScoringWorkers,
		Seconds: elapsed.Seconds(), Scored: len(results), StillPending: len(left)}
	if len(pend) > 0 {
		sf.SessionsPerSec = float64(len(pend)) / elapsed.Seconds()
		sf.ReadUnits, sf.WriteUnits = use.ReadUnits/float64(len(pend)), use.WriteUnits/float64(len(pend))
	}
	if failed.Load() > 0 {
		return nil, fmt.Errorf("%d scoring records failed", failed.Load())
	}
	res.Scoring = sf
	return sids, nil
}

// reportFigures renders the reports of a sample of the burst's candidates (each render
// reads the whole cohort, so the time grows with it) and times the pure renderers.
func reportFigures(ctx context.Context, s *localStack, res *Results, o options, sids []string) error {
	rf := res.Reports
	if rf == nil {
		rf = &ReportFigures{}
		res.Reports = rf
	}
	sample := sids[:min(o.ReportSample, len(sids))]
	rf.BurstSample = len(sample)
	runtime.GC()
	base := liveHeap()
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() { // sample the live heap every millisecond while rendering
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if h := liveHeap(); h > peak.Load() {
					peak.Store(h)
				}
			}
		}
	}()
	var times []time.Duration
	seq := 2_000_000
	before := s.meter.Total()
	for _, sid := range sample {
		start := time.Now()
		if n, err := s.deliver(ctx, "reports", s.reports, []streamRecord{resultRecord(sid)}, &seq); err != nil || n > 0 {
			close(done)
			return fmt.Errorf("reports for %s: %d failed, %v", sid, n, err)
		}
		times = append(times, time.Since(start))
	}
	close(done)
	if len(sample) > 0 {
		rf.BurstReadUnits = (s.meter.Total().ReadUnits - before.ReadUnits) / float64(len(sample))
	}
	if p := peak.Load(); p > base {
		rf.PeakHeapBytes = p - base
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	rf.BurstRenderP50MS, rf.BurstRenderP95MS = ms(quantile(times, 0.5)), ms(quantile(times, 0.95))

	// The renderers alone, on the shared samples (no storage).
	var pdfTimes []time.Duration
	cand := reporttest.Candidate(report.ES)
	for range 50 {
		start := time.Now()
		b, err := report.CandidatePDF(cand)
		if err != nil {
			return err
		}
		pdfTimes = append(pdfTimes, time.Since(start))
		rf.CandidatePDFBytes = len(b)
	}
	sort.Slice(pdfTimes, func(i, j int) bool { return pdfTimes[i] < pdfTimes[j] })
	rf.CandidatePDFMS = ms(quantile(pdfTimes, 0.5))
	cohort := reporttest.Cohort(report.ES, 1000)
	start := time.Now()
	b, err := report.CohortPDF(cohort)
	if err != nil {
		return err
	}
	rf.Cohort1000MS, rf.Cohort1000Bytes = ms(time.Since(start)), len(b)
	return nil
}

// liveHeap is the heap's live objects as of the last GC plus what was allocated since.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// usdAtCohort is the per-candidate cost with the reads that grow with the cohort (scoring's
// earlier results, a render's cohort scores) taken at the burst's cohort instead of the
// cost run's small one.
func usdAtCohort(r Results) float64 {
	c := r.Candidate
	small := c.Units["scoring"].Read + c.Units["reports"].Read
	large := r.Scoring.ReadUnits
	if r.Reports != nil {
		large += r.Reports.BurstReadUnits
	}
	return c.USD["total"] + (large-small)*priceReadUnit
}

func budgets(r Results) []Budget {
	var out []Budget
	add := func(what, value, limit string, ok bool) {
		out = append(out, Budget{what, value, limit, ok})
	}
	add("DynamoDB write units per candidate", fmt.Sprintf("%.1f", r.Candidate.WriteUnits), fmt.Sprintf("≤ %d", budgetWriteUnits), r.Candidate.WriteUnits <= budgetWriteUnits)
	add("AWS cost per candidate", fmt.Sprintf("$%.6f", r.Candidate.USD["total"]), fmt.Sprintf("≤ $%.4f", budgetUSD), r.Candidate.USD["total"] <= budgetUSD)
	add(fmt.Sprintf("  at a cohort of %d", r.Burst.Candidates), fmt.Sprintf("$%.6f", r.Candidate.USDAtBurstCohort), fmt.Sprintf("≤ $%.4f", budgetUSD), r.Candidate.USDAtBurstCohort <= budgetUSD)
	add("burst errors", fmt.Sprint(r.Burst.Errors+len(r.Burst.Bad5xx)), "0", r.Burst.Errors == 0 && len(r.Burst.Bad5xx) == 0)
	add("answers acknowledged vs stored", fmt.Sprintf("%d vs %d, %d value mismatches", r.Burst.Acknowledged, r.Burst.Stored, r.Burst.Mismatches), "equal",
		r.Burst.Acknowledged == r.Burst.Stored && r.Burst.Mismatches == 0 && r.Burst.Acknowledged > 0)
	add("sessions scored exactly once", fmt.Sprintf("%d of %d, %d pending", r.Scoring.Scored, r.Scoring.Sessions, r.Scoring.StillPending), "all",
		r.Scoring.Scored == r.Scoring.Sessions && r.Scoring.StillPending == 0)
	return out
}
