package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"shortlist/shared/api"
	"shortlist/shared/app"
	"shortlist/shared/app/reporting"
	"shortlist/shared/app/settings"
	"shortlist/shared/assess"
	"shortlist/shared/blob"
	"shortlist/shared/blob/localstore"
	"shortlist/shared/blob/s3store"
	"shortlist/shared/store"
	"shortlist/shared/store/dynamo"
	"shortlist/shared/store/table"
)

// The volume bench: `go run ./scripts/bench -cohort 100000 -json cohort.json` (README, "Volume").
//
// One assessment grows through the sizes (100, 10,000, 100,000, up to -cohort). At each
// size n it bulk-loads synthetic scored candidates until the assessment holds n results
// (cohortload.go), drops the cohort snapshot and builds it again from all the results (a
// full rebuild, in a child process so its peak RSS is its own), then measures through the
// product's own code: the ranking's first page through the HTTP handler (a cold request,
// then -cohort-requests warm ones), the largest answers, a few real candidates taking the
// assessment through the API and scored by assess.Scorer, one stream batch of new results
// added to the snapshot (reporting.Reporter.AddResults, as the reports function does), and
// their reports rendered. Every DynamoDB unit, S3 request and handler millisecond is
// counted and priced per candidate.

// The volume targets (README, "Volume"): flat scoring reads, bounded answers, a snapshot
// within time and memory, a cost per candidate.
const (
	targetReadGrowth    = 1.2 // scoring read units at the largest size ≤ 1.2 × at 100
	targetPageBytes     = 256 << 10
	targetPageP95MS     = 300
	targetAnswerBytes   = 1 << 20
	targetSnapshotMS    = 30_000
	targetSnapshotMB    = 1024
	targetCostPerCandUS = 0.0003
)

// Assumptions of the cost model (printed and written with the figures).
const (
	streamBatchReports = 1000 // reports function: BatchSize 1000, 10 s batching window (infra/functions.go)
	streamBatchScoring = 10   // scoring function: BatchSize 10
	rankingRowsPerView = 50   // HR reads the ranking a page of 50 at a time: one page view per 50 candidates
)

type cohortOptions struct {
	Max      int
	Role     string
	Sample   int // real candidates through the API and scored per size
	Batch    int // results per stream batch added to the snapshot
	Requests int // warm ranking requests per size
	Writers  int
	Pprof    string
	Lists    bool // also measure the unpaginated candidates list
	Keep     bool
}

func cohortSizes(max int) []int {
	var out []int
	for _, s := range []int{100, 10_000, 100_000} {
		if s <= max {
			out = append(out, s)
		}
	}
	if len(out) == 0 || out[len(out)-1] != max {
		out = append(out, max)
	}
	return out
}

func numCPU() int { return runtime.NumCPU() }

// CohortResults is the volume bench's output (the JSON file).
type CohortResults struct {
	Started     time.Time     `json:"started"`
	Machine     string        `json:"machine"`
	Services    []string      `json:"services"`
	Store       string        `json:"store"`
	Blobs       string        `json:"blobs"`
	Role        string        `json:"role"`
	Sections    int           `json:"sections"`
	Scales      int           `json:"scales"`
	Synthetic   string        `json:"synthetic_results"`
	Memory      string        `json:"memory_method"`
	Assumptions []string      `json:"cost_assumptions"`
	Sizes       []SizeFigures `json:"sizes"`
	Budgets     []Budget      `json:"budgets"`
	Notes       []string      `json:"notes,omitempty"`
}

// SizeFigures are the figures at one cohort size.
type SizeFigures struct {
	N           int     `json:"n"`
	LoadSeconds float64 `json:"load_seconds"`
	LoadPerSec  float64 `json:"load_candidates_per_second"`

	ScoringSessions   int                   `json:"scoring_sessions"`
	ScoringReadUnits  float64               `json:"scoring_read_units"`
	ScoringWriteUnits float64               `json:"scoring_write_units"`
	ScoringMS         float64               `json:"scoring_ms"`
	ScoringByCall     map[string][3]float64 `json:"scoring_units_by_call"` // calls, read, write per session

	SnapshotMS     float64   `json:"snapshot_ms"`
	SnapshotPeakMB float64   `json:"snapshot_peak_mb"`
	Snapshot       opFigures `json:"snapshot"`
	StateBytes     int       `json:"snapshot_state_bytes"`
	StateDecodeMS  float64   `json:"snapshot_state_decode_ms"`
	DeriveMS       float64   `json:"snapshot_derive_ms"`
	Add            opFigures `json:"add_batch"`
	AddResults     int       `json:"add_batch_results"`

	RankingColdMS    float64 `json:"ranking_page_cold_ms"`
	RankingColdGets  int     `json:"ranking_page_cold_s3_gets"`
	RankingP50MS     float64 `json:"ranking_page_p50_ms"`
	RankingP95MS     float64 `json:"ranking_page_p95_ms"`
	RankingRequests  int     `json:"ranking_page_requests"`
	RankingPageBytes int     `json:"ranking_page_bytes"`
	RankingReadUnits float64 `json:"ranking_page_read_units"`

	Answers            []answerFigures `json:"answers"`
	LargestAnswerBytes int             `json:"largest_answer_bytes"`
	LargestAnswer      string          `json:"largest_answer"`

	JourneyHTTP      float64            `json:"journey_http_requests_per_candidate"`
	RenderMS         float64            `json:"render_ms_per_candidate"`
	RenderReadUnits  float64            `json:"render_read_units_per_candidate"`
	ReportBytes      float64            `json:"report_bytes_per_candidate"`
	CostPerCandidate float64            `json:"cost_per_candidate_usd"`
	Cost             map[string]float64 `json:"cost_per_candidate_by_item_usd"`
	CostByPart       map[string]float64 `json:"cost_per_candidate_by_part_usd"`
}

// answerFigures is one API answer's size and time.
type answerFigures struct {
	What   string  `json:"what"`
	Status int     `json:"status"`
	Bytes  int     `json:"bytes"`
	MS     float64 `json:"ms"`
	// Bounded is true for the answers bounded by construction (ranking pages,
	// detail, statistics, fairness); the candidates list is measured as it is.
	Bounded bool `json:"bounded"`
	// What the request consumed (priced in the cost per candidate for the detail).
	ReadUnits  float64 `json:"read_units"`
	WriteUnits float64 `json:"write_units"`
	S3Gets     int     `json:"s3_gets"`
}

// opFigures is one measured operation (a snapshot build, a batch add).
type opFigures struct {
	MS         float64        `json:"ms"`
	PeakMB     float64        `json:"peak_mb"`      // peak RSS (VmHWM) of the process that ran it, or the sampled heap in process
	BaseMB     float64        `json:"base_mb"`      // RSS (or heap) before it
	PeakHeapMB float64        `json:"peak_heap_mb"` // live heap, sampled every 2 ms
	Method     string         `json:"method"`
	ReadUnits  float64        `json:"read_units"`
	WriteUnits float64        `json:"write_units"`
	TableMS    float64        `json:"table_ms"` // time inside table calls
	TableCalls map[string]int `json:"table_calls"`
	ObjectMS   float64        `json:"object_ms"` // time inside object-store calls
	S3         s3Ops          `json:"s3"`
	Err        string         `json:"error,omitempty"`
}

// cohortStack is the product over a cohortEnv: the API handler (in process), the
// journey's HTTP server, the scorer and the report renderer.
type cohortStack struct {
	env      *cohortEnv
	objects  *countingObjects
	app      app.Stack
	reporter *reporting.Reporter
	api      http.Handler
	srv      *httptest.Server
	inv      *invocations
	plain    *store.Repository
	org      assess.Organisation
	key      string
	a        assess.Assessment
	sy       *synth
	ans      *answerer
	pol      sitePolicy
}

func discardLog() *slog.Logger { return slog.New(slog.DiscardHandler) }

func newCohortStack(ctx context.Context, e *cohortEnv, role string) (*cohortStack, error) {
	st := &cohortStack{env: e, objects: &countingObjects{Store: e.objects}, inv: newInvocations(), plain: store.New(e.plain)}
	var err error
	if st.app, err = app.New(settings.Config{}, discardLog(), e.product, st.objects); err != nil {
		return nil, err
	}
	if st.reporter = reporting.Attach(&st.app); st.reporter == nil {
		return nil, errors.New("no report renderer")
	}
	st.app.Deps.Limits.Off = true // requests at machine speed from one address, as in stack.go
	h, err := api.NewHandler(st.app.Deps, "")
	if err != nil {
		return nil, err
	}
	st.api = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		h.ServeHTTP(w, r)
		fn := "unrouted"
		if rt, ok := matchRoute(r.Method, r.URL.Path); ok {
			fn = rt.Function
		}
		st.inv.add(fn, time.Since(start))
	})
	st.srv = httptest.NewServer(st.api)
	if st.pol, err = readSitePolicy(); err != nil {
		st.Close()
		return nil, err
	}
	st.ans = newAnswerer(st.app.Deps.Catalog)
	now := time.Now()
	if st.org, err = assess.NewOrganisation("Volume Hiring", now); err != nil {
		st.Close()
		return nil, err
	}
	k, key, err := assess.NewAPIKey(st.org.ID, "bench", "", now)
	if err != nil {
		st.Close()
		return nil, err
	}
	if err := st.plain.CreateOrganisation(ctx, st.org); err != nil {
		st.Close()
		return nil, err
	}
	if err := st.plain.CreateAPIKey(ctx, k); err != nil {
		st.Close()
		return nil, err
	}
	st.key = key
	var created struct{ ID string }
	if status, body := st.call(ctx, "POST", "/v1/assessments", map[string]any{"roleId": role}); status != http.StatusCreated && status != http.StatusOK {
		st.Close()
		return nil, fmt.Errorf("creating the assessment: %d %.300s", status, body)
	} else if err := json.Unmarshal(body, &created); err != nil {
		st.Close()
		return nil, err
	}
	if st.a, err = st.plain.Assessment(ctx, st.org.ID, created.ID); err != nil {
		st.Close()
		return nil, err
	}
	if st.sy, err = newSynth(st.app.Deps.Catalog, st.org, st.a); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

func (st *cohortStack) Close() {
	if st.srv != nil {
		st.srv.Close()
	}
}

// call sends one request to the API handler in process and returns its answer.
func (st *cohortStack) call(ctx context.Context, method, path string, body any) (int, []byte) {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req := httptest.NewRequestWithContext(ctx, method, path, rd)
	req.Header.Set("Authorization", "Bearer "+st.key)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	st.api.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes()
}

// measured is one request's answer, time and counted resources.
type measured struct {
	status    int
	body      []byte
	d         time.Duration
	read, wrt float64
	s3        s3Ops
}

func (st *cohortStack) measure(ctx context.Context, path string) measured {
	r0, w0 := st.env.units.Units()
	o0 := st.objects.ops()
	start := time.Now()
	status, body := st.call(ctx, "GET", path, nil)
	d := time.Since(start)
	r1, w1 := st.env.units.Units()
	return measured{status, body, d, r1 - r0, w1 - w0, st.objects.ops().sub(o0)}
}

// usage is what one part of a candidate's life costs, per candidate.
type usage struct {
	Requests    float64            // API Gateway requests
	Invocations map[string]float64 // Lambda invocations by function
	MS          map[string]float64 // billed handler ms by function
	Read, Write float64
	S3          s3Opsf
	S3Bytes     float64 // stored for the retention period
}

type s3Opsf struct{ Gets, Puts, Lists float64 }

func (u *usage) addInv(fn string, n, ms float64) {
	if u.Invocations == nil {
		u.Invocations, u.MS = map[string]float64{}, map[string]float64{}
	}
	u.Invocations[fn] += n
	u.MS[fn] += ms
}

func (u *usage) addS3(o s3Ops, div float64) {
	u.S3.Gets += float64(o.Gets) / div
	u.S3.Puts += float64(o.Puts) / div
	u.S3.Lists += float64(o.Lists) / div
}

// usd prices a usage with the list prices of main.go.
func (u usage) usd() map[string]float64 {
	months := assess.DefaultRetention.Hours() / 24 / 30.4375
	out := map[string]float64{}
	out["api_gateway"] = u.Requests * priceHTTPAPI
	inv, gbs := 0.0, 0.0
	for fn, n := range u.Invocations {
		inv += n
		gbs += u.MS[fn] / 1000 * memoryMB[fn] / 1024
	}
	out["lambda_requests"] = inv * priceLambdaRequest
	out["lambda_compute"] = gbs * priceLambdaGBs
	out["dynamodb_reads"] = u.Read * priceReadUnit
	out["dynamodb_writes"] = u.Write * priceWriteUnit
	out["s3_requests"] = (u.S3.Puts+u.S3.Lists)*priceS3Put + u.S3.Gets*priceS3Get
	out["s3_storage_retention"] = u.S3Bytes / 1e9 * priceS3GBMonth * months
	return out
}

func sumUSD(m map[string]float64) float64 {
	t := 0.0
	for _, v := range m {
		t += v
	}
	return t
}

// runCohort runs the volume bench on e and returns its figures (budgets included).
func runCohort(ctx context.Context, e *cohortEnv, o cohortOptions, services []string, progress io.Writer) (CohortResults, error) {
	res := CohortResults{Started: time.Now().UTC(), Services: services, Store: e.Store, Blobs: e.Blobs, Role: o.Role,
		Machine:   fmt.Sprintf("%s/%s, %d CPUs, %s", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version()),
		Synthetic: synthModel,
		Assumptions: []string{
			fmt.Sprintf("reports function stream: %d records per batch with a 5 s batching window (one snapshot version and one invocation per batch)", streamBatchReports),
			fmt.Sprintf("scoring function stream: %d records per batch", streamBatchScoring),
			fmt.Sprintf("HR reads each candidate's detail once and the ranking one page of %d at a time (one cold first page per %d candidates)", rankingRowsPerView, rankingRowsPerView),
			"one full snapshot rebuild per cohort (first read), amortised over its candidates",
			"the candidate's journey (invite, start, parts, autosaves, completion) as measured on the real candidates of this size",
			"Lambda GB-s: handler time measured here (DynamoDB Local, MinIO, this machine) × the function's memory (infra/functions.go), billed per ms",
			"S3: each Put a PUT, each Get a GET, each prefix delete one LIST (ListObjectVersions; DeleteObjects is free); storage for the default retention",
		}}
	if e.child != nil {
		res.Memory = "peak RSS (VmHWM) of a child process that runs only the operation (what a Lambda's memory must hold)"
	} else {
		res.Memory = "peak live heap sampled every 2 ms in process (runtime/metrics heap objects)"
	}
	st, err := newCohortStack(ctx, e, o.Role)
	if err != nil {
		return res, err
	}
	defer st.Close()
	res.Sections, res.Scales = len(st.a.Config.Sections), st.sy.scales()
	logf := func(format string, args ...any) {
		if progress != nil {
			fmt.Fprintf(progress, "bench: "+format+"\n", args...)
		}
	}
	count := 0 // results in the assessment
	loaded := 0
	for _, n := range cohortSizes(o.Max) {
		if n < count {
			return res, fmt.Errorf("size %d: the assessment already holds %d results", n, count)
		}
		sf := SizeFigures{N: n}
		logf("n=%d: bulk-loading %d synthetic scored candidates", n, n-count)
		start := time.Now()
		last := time.Now()
		if _, err := bulkLoad(ctx, e, st.sy, n-count, loaded, o.Writers, func(done int) {
			if time.Since(last) > 15*time.Second {
				last = time.Now()
				logf("  %d of %d (%.0f/s)", done, n-count, float64(done)/time.Since(start).Seconds())
			}
		}); err != nil {
			return res, err
		}
		sf.LoadSeconds = time.Since(start).Seconds()
		if n > count {
			sf.LoadPerSec = float64(n-count) / sf.LoadSeconds
		}
		loaded += n - count
		count = n

		logf("n=%d: full snapshot rebuild", n)
		if err := st.forget(ctx); err != nil {
			return res, err
		}
		sf.Snapshot, err = st.runOp(ctx, o, "rebuild", n, nil)
		if err != nil {
			return res, err
		}
		sf.SnapshotMS, sf.SnapshotPeakMB = sf.Snapshot.MS, sf.Snapshot.PeakMB
		if err := st.deriveFigures(ctx, &sf); err != nil {
			return res, err
		}

		logf("n=%d: ranking, detail, statistics", n)
		if err := st.readFigures(ctx, o, &sf); err != nil {
			return res, err
		}

		logf("n=%d: %d candidates through the API, scored", n, o.Sample)
		journey, sids, err := st.realCandidates(ctx, o, &sf)
		if err != nil {
			return res, err
		}
		count += len(sids)

		logf("n=%d: a stream batch of %d results added to the snapshot", n, o.Batch)
		more, err := bulkLoad(ctx, e, st.sy, o.Batch-len(sids), loaded, o.Writers, nil)
		if err != nil {
			return res, err
		}
		loaded += len(more)
		count += len(more)
		batch := append(append([]string{}, sids...), more...)
		sf.AddResults = len(batch)
		if sf.Add, err = st.runOp(ctx, o, "add", n, batch); err != nil {
			return res, err
		}

		logf("n=%d: reports of the scored candidates", n)
		render, err := st.renders(ctx, sids, &sf)
		if err != nil {
			return res, err
		}
		st.cost(&sf, journey, render)
		res.Sizes = append(res.Sizes, sf)
		logf("n=%d: snapshot %.1f s, %.0f MB; ranking p95 %.1f ms, %d bytes; $%.6f per candidate", n,
			sf.SnapshotMS/1000, sf.SnapshotPeakMB, sf.RankingP95MS, sf.RankingPageBytes, sf.CostPerCandidate)
	}
	if o.Max >= 100_000 {
		// Past the largest size: a rebuild (first read, an erasure, a retention date, an
		// engine change) reads every result of the assessment through its candidates.
		const cliff = 101_000
		if count < cliff {
			logf("past 100,000: %d more candidates, then the results read of a rebuild", cliff-count)
			if _, err := bulkLoad(ctx, e, st.sy, cliff-count, loaded, o.Writers, nil); err != nil {
				return res, err
			}
			count = cliff
		}
		// The rebuild streams the results (Repository.EachResult), with no ceiling.
		start := time.Now()
		read := 0
		err := st.plain.EachResult(ctx, st.org.ID, st.a.ID, func(assess.Result) error { read++; return nil })
		switch {
		case err != nil:
			res.Notes = append(res.Notes, fmt.Sprintf("FAILS past 100,000: a full rebuild at %d candidates cannot read the results: Repository.EachResult → %v (after %.1f s)", count, err, time.Since(start).Seconds()))
		default:
			res.Notes = append(res.Notes, fmt.Sprintf("past 100,000: the results of %d candidates (%d scored) are read for a rebuild in %.1f s", count, read, time.Since(start).Seconds()))
		}
	}
	res.Budgets = cohortBudgets(res.Sizes)
	res.Notes = append(res.Notes, cohortNotes(res.Sizes)...)
	return res, nil
}

// forget drops the assessment's snapshot (uncounted), so the next read rebuilds it.
func (st *cohortStack) forget(ctx context.Context) error {
	c := assess.NewCohorts(st.plain, st.env.objects, st.plain, st.app.Deps.Catalog)
	return c.Forget(ctx, st.org.ID, st.a.ID)
}

// runOp runs a snapshot rebuild ("rebuild") or a batch add ("add", of ids) in a child
// process when the environment allows it (peak RSS of its own), else in process.
func (st *cohortStack) runOp(ctx context.Context, o cohortOptions, op string, n int, ids []string) (opFigures, error) {
	spec := childSpec{Org: st.org.ID, Assessment: st.a.ID, Op: op, IDs: ids}
	if o.Pprof != "" {
		spec.Pprof = filepath.Join(o.Pprof, fmt.Sprintf("%s-%d", op, n))
	}
	var f opFigures
	var err error
	if st.env.child != nil {
		spec.Table, spec.BlobDir = st.env.child.Table, st.env.child.BlobDir
		f, err = runChild(ctx, spec)
	} else {
		f, err = doOp(ctx, spec, func(string) string { return "" }, st.env.product, st.env.units, st.env.objects)
	}
	if err == nil && f.Err != "" {
		err = fmt.Errorf("%s at n=%d: %s", op, n, f.Err)
	}
	return f, err
}

// deriveFigures reads the state object of the current version and times its decoding
// and Derive alone (the part of a rebuild or an add that is pure computation).
func (st *cohortStack) deriveFigures(ctx context.Context, sf *SizeFigures) error {
	p, err := st.plain.CohortPointer(ctx, st.org.ID, st.a.ID)
	if err != nil {
		return err
	}
	raw, err := st.env.objects.Get(ctx, p.Prefix+"state.json.gz")
	if err != nil {
		return err
	}
	sf.StateBytes = len(raw)
	start := time.Now()
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return err
	}
	var state assess.CohortState
	if err := json.NewDecoder(zr).Decode(&state); err != nil {
		return err
	}
	sf.StateDecodeMS = ms(time.Since(start))
	start = time.Now()
	co := state.Derive(st.app.Deps.Catalog, st.a)
	sf.DeriveMS = ms(time.Since(start))
	if co.N != sf.N {
		return fmt.Errorf("the snapshot holds %d results, want %d", co.N, sf.N)
	}
	return nil
}

// readFigures measures what HR reads: the ranking's first page (a cold request, then
// warm ones), and the size of each results answer.
func (st *cohortStack) readFigures(ctx context.Context, o cohortOptions, sf *SizeFigures) error {
	base := "/v1/assessments/" + st.a.ID
	page := base + "/ranking?limit=50"
	cold := st.measure(ctx, page)
	if cold.status != http.StatusOK {
		return fmt.Errorf("ranking: %d %.300s", cold.status, cold.body)
	}
	var rk struct {
		Total   int
		Ranking []struct{ CandidateID string }
	}
	if err := json.Unmarshal(cold.body, &rk); err != nil {
		return err
	}
	if len(rk.Ranking) == 0 {
		return fmt.Errorf("ranking: no rows at n=%d", sf.N)
	}
	sf.RankingColdMS, sf.RankingColdGets, sf.RankingPageBytes = ms(cold.d), cold.s3.Gets, len(cold.body)
	var times []time.Duration
	reads := 0.0
	for range o.Requests {
		m := st.measure(ctx, page)
		if m.status != http.StatusOK {
			return fmt.Errorf("ranking: %d %.300s", m.status, m.body)
		}
		times = append(times, m.d)
		reads += m.read
		sf.RankingPageBytes = max(sf.RankingPageBytes, len(m.body))
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	sf.RankingRequests = len(times)
	sf.RankingP50MS, sf.RankingP95MS = ms(quantile(times, 0.5)), ms(quantile(times, 0.95))
	sf.RankingReadUnits = reads / float64(max(1, len(times)))
	sf.Answers = append(sf.Answers, answerFigures{What: "ranking, first page (limit 50)", Status: cold.status, Bytes: sf.RankingPageBytes, MS: sf.RankingColdMS, Bounded: true,
		ReadUnits: cold.read, WriteUnits: cold.wrt, S3Gets: cold.s3.Gets})

	answers := []struct {
		what, path string
		bounded    bool
	}{
		{"ranking, limit 500", base + "/ranking?limit=500", true},
		{"candidate detail (first ranked)", base + "/candidates/" + rk.Ranking[0].CandidateID, true},
		{"statistics", base + "/statistics", true},
		{"fairness (gender)", base + "/fairness", false},
	}
	if o.Lists {
		answers = append(answers, struct {
			what, path string
			bounded    bool
		}{"candidates list (unpaginated)", base + "/candidates", false})
	}
	for _, a := range answers {
		m := st.measure(ctx, a.path)
		sf.Answers = append(sf.Answers, answerFigures{What: a.what, Status: m.status, Bytes: len(m.body), MS: ms(m.d), Bounded: a.bounded,
			ReadUnits: m.read, WriteUnits: m.wrt, S3Gets: m.s3.Gets})
		if m.status != http.StatusOK && a.bounded {
			return fmt.Errorf("%s: %d %.300s", a.what, m.status, m.body)
		}
	}
	for _, a := range sf.Answers {
		if a.Bounded && a.Bytes > sf.LargestAnswerBytes {
			sf.LargestAnswerBytes, sf.LargestAnswer = a.Bytes, a.What
		}
	}
	return nil
}

// journeyUsage is the candidate's own part of the cost, per candidate.
type journeyUsage struct {
	candidate, scoring, hr usage
}

// realCandidates invites o.Sample candidates through the API, takes each through the
// assessment over HTTP, and scores each with assess.Scorer on the counted table.
func (st *cohortStack) realCandidates(ctx context.Context, o cohortOptions, sf *SizeFigures) (journeyUsage, []string, error) {
	var ju journeyUsage
	k := float64(o.Sample)
	c := newClient(st.srv.URL, 8, newRouteStats())
	st.env.units.ResetUnits()
	st.inv.reset()
	tokens, err := inviteTokens(ctx, c, st.key, st.a.ID, o.Sample)
	if err != nil {
		return ju, nil, err
	}
	r0, w0 := st.env.units.Units()
	ju.hr.Read, ju.hr.Write = r0/k, w0/k
	for fn, u := range st.inv.snapshot() {
		ju.hr.addInv(fn, float64(u.Count)/k, float64(u.BilledMS)/k)
		ju.hr.Requests += float64(u.Count) / k
	}
	st.inv.reset()
	rng := rand.New(rand.NewPCG(uint64(sf.N), 99))
	var sids []string
	p := plan{Answers: 120, Policy: st.pol}
	for _, tok := range tokens {
		cd, err := runCandidate(ctx, c, st.ans, tok, p, rng, nil)
		if err != nil {
			return ju, nil, fmt.Errorf("journey: %w", err)
		}
		ss, err := sessionOf(ctx, st.plain, cd.token)
		if err != nil {
			return ju, nil, err
		}
		sids = append(sids, ss.ID)
	}
	r1, w1 := st.env.units.Units()
	ju.candidate.Read, ju.candidate.Write = (r1-r0)/k, (w1-w0)/k
	for fn, u := range st.inv.snapshot() {
		ju.candidate.addInv(fn, float64(u.Count)/k, float64(u.BilledMS)/k)
		ju.candidate.Requests += float64(u.Count) / k
	}
	sf.JourneyHTTP = ju.candidate.Requests + ju.hr.Requests

	// Scoring, one session at a time, on the counted table.
	st.env.units.ResetUnits()
	var spent time.Duration
	for _, sid := range sids {
		start := time.Now()
		wrote, err := st.app.Scorer.Score(ctx, sid)
		spent += time.Since(start)
		if err != nil {
			return ju, nil, fmt.Errorf("scoring %s: %w", sid, err)
		}
		if !wrote {
			return ju, nil, fmt.Errorf("scoring %s wrote nothing", sid)
		}
	}
	r, w := st.env.units.Units()
	sf.ScoringSessions = len(sids)
	sf.ScoringReadUnits, sf.ScoringWriteUnits = r/k, w/k
	sf.ScoringMS = ms(spent) / k
	sf.ScoringByCall = map[string][3]float64{}
	for op, x := range st.env.units.ByCall() {
		sf.ScoringByCall[op] = [3]float64{x[0] / k, x[1] / k, x[2] / k}
	}
	ju.scoring.Read, ju.scoring.Write = sf.ScoringReadUnits, sf.ScoringWriteUnits
	ju.scoring.addInv("scoring", 1.0/streamBatchScoring, sf.ScoringMS)
	return ju, sids, nil
}

// renders renders the reports of the scored candidates (the reports function's work per
// record after the batch's add) and returns its usage per candidate.
func (st *cohortStack) renders(ctx context.Context, sids []string, sf *SizeFigures) (usage, error) {
	var u usage
	k := float64(len(sids))
	st.env.units.ResetUnits()
	o0 := st.objects.ops()
	var spent time.Duration
	for _, sid := range sids {
		start := time.Now()
		if _, err := st.reporter.RenderCandidate(ctx, sid); err != nil {
			return u, fmt.Errorf("rendering %s: %w", sid, err)
		}
		spent += time.Since(start)
	}
	r, w := st.env.units.Units()
	ops := st.objects.ops().sub(o0)
	u.Read, u.Write = r/k, w/k
	u.addS3(ops, k)
	u.S3Bytes = float64(ops.PutBytes) / k
	u.addInv("reports", 0, ms(spent)/k)
	sf.RenderMS, sf.RenderReadUnits, sf.ReportBytes = ms(spent)/k, r/k, float64(ops.PutBytes)/k
	return u, nil
}

// cost prices one candidate's life at the size's cohort.
func (st *cohortStack) cost(sf *SizeFigures, ju journeyUsage, render usage) {
	n := float64(sf.N)
	b := float64(max(1, sf.AddResults)) // results per stream batch (streamBatchReports in a full run)
	parts := map[string]usage{"candidate journey": ju.candidate, "scoring": ju.scoring, "reports (render)": render}

	var add usage // one batch add per streamBatchReports results, one invocation
	add.Read, add.Write = sf.Add.ReadUnits/b, sf.Add.WriteUnits/b
	steady := sf.Add.S3
	steady.Lists = max(1, steady.Lists) // after the first add, each one drops the version before last
	add.addS3(steady, b)
	add.addInv("reports", 1/b, sf.Add.MS/b)
	parts["snapshot add (per batch ÷ 100)"] = add

	hr := ju.hr // the invite
	var detail, rank answerFigures
	for _, a := range sf.Answers {
		switch {
		case strings.HasPrefix(a.What, "candidate detail"):
			detail = a
		case strings.HasPrefix(a.What, "ranking, first"):
			rank = a // the cold request: a new snapshot version since the last view
		}
	}
	const pages = 1.0 / rankingRowsPerView
	hr.Requests += 1 + pages
	hr.addInv("hr", 1+pages, detail.MS+rank.MS*pages)
	hr.Read += detail.ReadUnits + rank.ReadUnits*pages
	hr.Write += detail.WriteUnits + rank.WriteUnits*pages
	hr.S3.Gets += float64(detail.S3Gets) + float64(rank.S3Gets)*pages
	parts["hr reads"] = hr

	var rebuild usage // once per cohort, from the first read
	rebuild.Read, rebuild.Write = sf.Snapshot.ReadUnits/n, sf.Snapshot.WriteUnits/n
	rebuild.addS3(sf.Snapshot.S3, n)
	rebuild.addInv("hr", 0, sf.Snapshot.MS/n)
	rebuild.S3Bytes = 2 * float64(sf.Snapshot.S3.PutBytes) / n // the current and the previous version
	parts["snapshot rebuild (÷ n)"] = rebuild

	sf.Cost, sf.CostByPart = map[string]float64{}, map[string]float64{}
	for name, u := range parts {
		m := u.usd()
		sf.CostByPart[name] = sumUSD(m)
		for k, v := range m {
			sf.Cost[k] += v
		}
	}
	sf.CostPerCandidate = sumUSD(sf.Cost)
}

func cohortBudgets(sizes []SizeFigures) []Budget {
	var out []Budget
	add := func(what, value, limit string, ok bool) { out = append(out, Budget{what, value, limit, ok}) }
	if len(sizes) == 0 {
		return out
	}
	first, last := sizes[0], sizes[len(sizes)-1]
	add(fmt.Sprintf("scoring read units per session at %d vs %d", last.N, first.N),
		fmt.Sprintf("%.2f vs %.2f", last.ScoringReadUnits, first.ScoringReadUnits), fmt.Sprintf("≤ %.1f×", targetReadGrowth),
		last.ScoringReadUnits <= targetReadGrowth*first.ScoringReadUnits)
	add(fmt.Sprintf("ranking first page at %d", last.N), fmt.Sprintf("%d bytes", last.RankingPageBytes), fmt.Sprintf("≤ %d", targetPageBytes),
		last.RankingPageBytes <= targetPageBytes)
	add(fmt.Sprintf("ranking first page p95 at %d", last.N), fmt.Sprintf("%.1f ms", last.RankingP95MS), fmt.Sprintf("≤ %d ms", targetPageP95MS),
		last.RankingP95MS <= targetPageP95MS)
	for _, s := range sizes {
		add(fmt.Sprintf("largest answer at %d (%s)", s.N, s.LargestAnswer), fmt.Sprintf("%d bytes", s.LargestAnswerBytes),
			fmt.Sprintf("≤ %d", targetAnswerBytes), s.LargestAnswerBytes <= targetAnswerBytes)
	}
	for _, s := range sizes {
		for _, a := range s.Answers {
			if !a.Bounded {
				add(fmt.Sprintf("  every API answer ≤ 1 MB: %s at %d", a.What, s.N), fmt.Sprintf("%d bytes (HTTP %d, %.0f ms)", a.Bytes, a.Status, a.MS),
					fmt.Sprintf("≤ %d", targetAnswerBytes), a.Bytes <= targetAnswerBytes && a.Status == http.StatusOK)
			}
		}
	}
	add(fmt.Sprintf("snapshot rebuild time at %d", last.N), fmt.Sprintf("%.1f s", last.SnapshotMS/1000), fmt.Sprintf("≤ %d s", targetSnapshotMS/1000),
		last.SnapshotMS <= targetSnapshotMS)
	add(fmt.Sprintf("snapshot rebuild peak memory at %d", last.N), fmt.Sprintf("%.0f MB", last.SnapshotPeakMB), fmt.Sprintf("≤ %d MB", targetSnapshotMB),
		last.SnapshotPeakMB <= targetSnapshotMB)
	add(fmt.Sprintf("AWS cost per candidate at %d", last.N), fmt.Sprintf("$%.6f", last.CostPerCandidate), fmt.Sprintf("≤ $%.4f", targetCostPerCandUS),
		last.CostPerCandidate <= targetCostPerCandUS)
	return out
}

// cohortNotes says where a snapshot operation's time and memory go, and what would not
// fit the function that runs it.
func cohortNotes(sizes []SizeFigures) []string {
	var out []string
	for _, s := range sizes {
		sn := s.Snapshot
		calls := make([]string, 0, len(sn.TableCalls))
		for op, n := range sn.TableCalls {
			calls = append(calls, fmt.Sprintf("%d %s", n, op))
		}
		sort.Strings(calls)
		rest := sn.MS - sn.TableMS - sn.ObjectMS
		out = append(out, fmt.Sprintf("n=%d rebuild %.1f s: table reads %.1f s (%s, %.0f read units), object puts %.1f s (%d PUTs, %.1f MB), the rest %.1f s in process (decode results, state, derive (alone: %.1f s), encode); state object %.1f MB gzipped",
			s.N, sn.MS/1000, sn.TableMS/1000, strings.Join(calls, ", "), sn.ReadUnits, sn.ObjectMS/1000, sn.S3.Puts, float64(sn.S3.PutBytes)/1e6,
			rest/1000, s.DeriveMS/1000, float64(s.StateBytes)/1e6))
		ad := s.Add
		out = append(out, fmt.Sprintf("n=%d add of %d results %.1f s, peak %.0f MB: table %.1f s, objects %.1f s (%d GET %.1f MB, %d PUT %.1f MB, %d LIST); state decode alone %.1f s",
			s.N, s.AddResults, ad.MS/1000, ad.PeakMB, ad.TableMS/1000, ad.ObjectMS/1000, ad.S3.Gets, float64(ad.S3.GetBytes)/1e6, ad.S3.Puts,
			float64(ad.S3.PutBytes)/1e6, ad.S3.Lists, s.StateDecodeMS/1000))
		for _, w := range []struct {
			what string
			f    opFigures
			fn   string
		}{{"rebuild (hr on first read, or reports)", sn, "hr"}, {"batch add (reports)", ad, "reports"}} {
			if w.f.PeakMB > memoryMB[w.fn] {
				out = append(out, fmt.Sprintf("n=%d: the %s peaks at %.0f MB, over the %s function's %.0f MB (infra/functions.go)", s.N, w.what, w.f.PeakMB, w.fn, memoryMB[w.fn]))
			}
		}
	}
	return out
}

func printCohort(w io.Writer, r CohortResults) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(w, "Shortlist volume bench — %s — %s\n", r.Started.Format("2006-01-02 15:04 UTC"), r.Machine)
	for _, s := range r.Services {
		fmt.Fprintf(w, "  %s\n", s)
	}
	fmt.Fprintf(w, "  table: %s; objects: %s\n", r.Store, r.Blobs)
	fmt.Fprintf(w, "  assessment: role %s, %d parts, %d scales; bulk results: %s\n", r.Role, r.Sections, r.Scales, r.Synthetic)
	fmt.Fprintf(w, "  memory: %s\n", r.Memory)
	for _, a := range r.Assumptions {
		fmt.Fprintf(w, "  cost: %s\n", a)
	}
	fmt.Fprintln(w)
	header := "\t"
	for _, s := range r.Sizes {
		header += fmt.Sprintf("n=%d\t", s.N)
	}
	fmt.Fprintln(tw, header)
	row := func(label string, f func(s SizeFigures) string) {
		line := label + "\t"
		for _, s := range r.Sizes {
			line += f(s) + "\t"
		}
		fmt.Fprintln(tw, line)
	}
	row("bulk load (candidates/s)", func(s SizeFigures) string { return fmt.Sprintf("%.0f s (%.0f/s)", s.LoadSeconds, s.LoadPerSec) })
	row("journey HTTP requests / candidate", func(s SizeFigures) string { return fmt.Sprintf("%.1f", s.JourneyHTTP) })
	row("scoring read units / session", func(s SizeFigures) string { return fmt.Sprintf("%.2f", s.ScoringReadUnits) })
	row("scoring write units / session", func(s SizeFigures) string { return fmt.Sprintf("%.2f", s.ScoringWriteUnits) })
	row("scoring ms / session", func(s SizeFigures) string { return fmt.Sprintf("%.1f", s.ScoringMS) })
	row("snapshot rebuild ms", func(s SizeFigures) string { return fmt.Sprintf("%.0f", s.SnapshotMS) })
	row("  peak MB", func(s SizeFigures) string {
		return fmt.Sprintf("%.0f (heap %.0f)", s.SnapshotPeakMB, s.Snapshot.PeakHeapMB)
	})
	row("  table reads ms / read units", func(s SizeFigures) string {
		return fmt.Sprintf("%.0f / %.0f", s.Snapshot.TableMS, s.Snapshot.ReadUnits)
	})
	row("  S3 PUTs / MB", func(s SizeFigures) string {
		return fmt.Sprintf("%d / %.1f", s.Snapshot.S3.Puts, float64(s.Snapshot.S3.PutBytes)/1e6)
	})
	row("  derive alone ms", func(s SizeFigures) string { return fmt.Sprintf("%.0f", s.DeriveMS) })
	row("add a stream batch: ms", func(s SizeFigures) string { return fmt.Sprintf("%.0f (%d results)", s.Add.MS, s.AddResults) })
	row("  peak MB", func(s SizeFigures) string { return fmt.Sprintf("%.0f (heap %.0f)", s.Add.PeakMB, s.Add.PeakHeapMB) })
	row("  S3 GET / PUT / LIST", func(s SizeFigures) string {
		return fmt.Sprintf("%d / %d / %d", s.Add.S3.Gets, s.Add.S3.Puts, s.Add.S3.Lists)
	})
	row("  read / write units", func(s SizeFigures) string { return fmt.Sprintf("%.1f / %.1f", s.Add.ReadUnits, s.Add.WriteUnits) })
	row("ranking page 1: cold ms", func(s SizeFigures) string { return fmt.Sprintf("%.1f (%d GETs)", s.RankingColdMS, s.RankingColdGets) })
	row("  p50 / p95 ms", func(s SizeFigures) string {
		return fmt.Sprintf("%.1f / %.1f (%d)", s.RankingP50MS, s.RankingP95MS, s.RankingRequests)
	})
	row("  bytes", func(s SizeFigures) string { return fmt.Sprintf("%d", s.RankingPageBytes) })
	row("  read units", func(s SizeFigures) string { return fmt.Sprintf("%.1f", s.RankingReadUnits) })
	if len(r.Sizes) > 0 {
		for i, a := range r.Sizes[0].Answers {
			label := "answer: " + a.What
			row(label, func(s SizeFigures) string {
				if i >= len(s.Answers) {
					return "-"
				}
				x := s.Answers[i]
				st := ""
				if x.Status != http.StatusOK {
					st = fmt.Sprintf(" HTTP %d", x.Status)
				}
				return fmt.Sprintf("%d B, %.0f ms%s", x.Bytes, x.MS, st)
			})
		}
	}
	row("largest answer bytes", func(s SizeFigures) string { return fmt.Sprintf("%d", s.LargestAnswerBytes) })
	row("render ms / read units", func(s SizeFigures) string { return fmt.Sprintf("%.0f / %.1f", s.RenderMS, s.RenderReadUnits) })
	row("USD per candidate", func(s SizeFigures) string { return fmt.Sprintf("$%.6f", s.CostPerCandidate) })
	if len(r.Sizes) > 0 {
		var parts []string
		for k := range r.Sizes[0].CostByPart {
			parts = append(parts, k)
		}
		sort.Strings(parts)
		for _, p := range parts {
			row("  "+p, func(s SizeFigures) string { return fmt.Sprintf("$%.7f", s.CostByPart[p]) })
		}
		var items []string
		for k := range r.Sizes[0].Cost {
			items = append(items, k)
		}
		sort.Strings(items)
		for _, k := range items {
			row("  "+strings.ReplaceAll(k, "_", " "), func(s SizeFigures) string { return fmt.Sprintf("$%.7f", s.Cost[k]) })
		}
	}
	tw.Flush()
	fmt.Fprintln(w, "\nWHERE TIME AND MEMORY GO")
	for _, n := range r.Notes {
		fmt.Fprintf(w, "  %s\n", n)
	}
	fmt.Fprintln(w, "\nTARGETS (volume)")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, b := range r.Budgets {
		mark := "ok"
		if !b.OK {
			mark = "MISSED"
		}
		fmt.Fprintf(tw, "  %s\t%s (limit %s)\t%s\n", b.What, b.Value, b.Limit, mark)
	}
	tw.Flush()
}

// cohortMain runs the volume bench on DynamoDB Local and MinIO (started by the bench when
// the environment names none), prints the table and writes the JSON.
func cohortMain(ctx context.Context, o options, getenv func(string) string, setenv func(k, v string) error, out io.Writer) error {
	if o.CohortEmbedded {
		// The dev server's adapters: the embedded store and local files, no services.
		dir, err := os.MkdirTemp("", "shortlist-cohort-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		e, err := newBoltCohortEnv(dir)
		if err != nil {
			return err
		}
		defer e.Close()
		res, err := runCohort(ctx, e, cohortOptionsOf(o), nil, os.Stderr)
		if err != nil {
			return err
		}
		return finishCohort(res, o.JSON, out)
	}
	root, err := repoRoot()
	if err != nil {
		return err
	}
	svc, err := startServices(ctx, root, getenv, func(k, v string) { _ = setenv(k, v) })
	if err != nil {
		return err
	}
	defer svc.Close()
	for _, n := range svc.notes {
		fmt.Fprintln(os.Stderr, "bench:", n)
	}
	e, err := newDynamoCohortEnv(ctx, getenv, o.Keep, o.CohortWriters+16)
	if err != nil {
		return err
	}
	defer e.Close()
	if o.CohortPprof != "" {
		if err := os.MkdirAll(o.CohortPprof, 0o755); err != nil {
			return err
		}
	}
	res, err := runCohort(ctx, e, cohortOptionsOf(o), svc.notes, os.Stderr)
	if err != nil {
		return err
	}
	return finishCohort(res, o.JSON, out)
}

func cohortOptionsOf(o options) cohortOptions {
	return cohortOptions{Max: o.Cohort, Role: o.Role, Sample: o.CohortSample, Batch: streamBatchReports, Requests: o.CohortRequests,
		Writers: o.CohortWriters, Pprof: o.CohortPprof, Lists: o.CohortLists, Keep: o.Keep}
}

// finishCohort prints, writes the JSON and fails on a missed target.
func finishCohort(res CohortResults, jsonPath string, out io.Writer) error {
	printCohort(out, res)
	if jsonPath != "" {
		b, _ := json.MarshalIndent(res, "", "  ")
		if err := os.WriteFile(jsonPath, append(b, '\n'), 0o644); err != nil {
			return err
		}
	}
	var missed []string
	for _, b := range res.Budgets {
		if !b.OK {
			missed = append(missed, fmt.Sprintf("%s is %s (limit %s)", strings.TrimSpace(b.What), b.Value, b.Limit))
		}
	}
	if len(missed) > 0 {
		return fmt.Errorf("over budget: %s", strings.Join(missed, "; "))
	}
	return nil
}

// ---------------------------------------------------------------- operations measured apart

// childSpec tells a child process what to measure.
type childSpec struct {
	Table      string   `json:"table"`
	BlobDir    string   `json:"blobDir,omitempty"`
	Org        string   `json:"org"`
	Assessment string   `json:"assessment"`
	Op         string   `json:"op"` // "rebuild" or "add"
	IDs        []string `json:"ids,omitempty"`
	Pprof      string   `json:"pprof,omitempty"` // profile file prefix
}

// runChild runs this program again with -cohort-child and reads its figures.
func runChild(ctx context.Context, spec childSpec) (opFigures, error) {
	exe, err := os.Executable()
	if err != nil {
		return opFigures{}, err
	}
	f, err := os.CreateTemp("", "shortlist-cohort-child-*.json")
	if err != nil {
		return opFigures{}, err
	}
	defer os.Remove(f.Name())
	if err := json.NewEncoder(f).Encode(spec); err != nil {
		f.Close()
		return opFigures{}, err
	}
	f.Close()
	cmd := exec.CommandContext(ctx, exe, "-cohort-child", f.Name())
	cmd.Env = append(os.Environ(), "SHORTLIST_COHORT_CHILD=1")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return opFigures{}, fmt.Errorf("child %s: %w", spec.Op, err)
	}
	var fig opFigures
	if err := json.Unmarshal(out, &fig); err != nil {
		return opFigures{}, fmt.Errorf("child %s: %w (%.200s)", spec.Op, err, out)
	}
	return fig, nil
}

// cohortChild is the child's side: open the table and the bucket, run the operation, and
// print its figures as JSON.
func cohortChild(ctx context.Context, specPath string, getenv func(string) string, out io.Writer) error {
	b, err := os.ReadFile(specPath)
	if err != nil {
		return err
	}
	var spec childSpec
	if err := json.Unmarshal(b, &spec); err != nil {
		return err
	}
	client, err := dynamo.NewClient(ctx, getenv, dynamo.ClientOptions{})
	if err != nil {
		return err
	}
	meter := &dynamo.Meter{}
	t := dynamo.New(client, spec.Table, table.Shortlist(), dynamo.Options{Meter: meter})
	var fig opFigures
	if spec.BlobDir != "" {
		ls, err := localstore.New(spec.BlobDir, nil, "http://127.0.0.1/files")
		if err != nil {
			return err
		}
		fig, err = doOp(ctx, spec, getenv, t, meterUnits{meter}, ls)
		if err != nil {
			return err
		}
	} else {
		s3, err := s3store.FromEnv(ctx, getenv)
		if err != nil {
			return err
		}
		if fig, err = doOp(ctx, spec, getenv, t, meterUnits{meter}, s3); err != nil {
			return err
		}
	}
	return json.NewEncoder(out).Encode(fig)
}

// doOp builds a fresh product stack over t and objects (a cold process: nothing cached)
// and measures one operation: time, units, S3 requests, time in table and object calls,
// the live heap sampled every 2 ms, and (in a child) the process's peak RSS.
func doOp(ctx context.Context, spec childSpec, getenv func(string) string, t store.Table, units unitCounter, objects blob.Store) (opFigures, error) {
	timed := &timedTable{Table: t}
	co := &countingObjects{Store: objects}
	stack, err := app.New(settings.Config{}, discardLog(), timed, co)
	if err != nil {
		return opFigures{}, err
	}
	rp := reporting.Attach(&stack)
	a, err := stack.Repo.Assessment(ctx, spec.Org, spec.Assessment)
	if err != nil {
		return opFigures{}, err
	}
	var fn func() error
	switch spec.Op {
	case "rebuild":
		fn = func() error {
			v, err := stack.Deps.Journey.CohortFor(ctx, a)
			if err == nil && v.Head.Version == 0 {
				err = errors.New("no snapshot was stored")
			}
			return err
		}
	case "add":
		fn = func() error { return rp.AddResults(ctx, spec.IDs) }
	default:
		return opFigures{}, fmt.Errorf("unknown operation %q", spec.Op)
	}
	inChild := getenv("SHORTLIST_COHORT_CHILD") != ""
	// Start from a clean slate: what set-up read is not the operation's.
	units.ResetUnits()
	timed.reset()
	o0 := co.ops()
	co.nanos.Store(0)
	runtime.GC()
	fig := opFigures{}
	heapBase := liveHeap()
	if inChild {
		fig.Method = "child process: VmHWM"
		fig.BaseMB = procStatus("VmRSS")
	} else {
		fig.Method = "in process: sampled live heap"
		fig.BaseMB = float64(heapBase) / (1 << 20)
	}
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		tk := time.NewTicker(2 * time.Millisecond)
		defer tk.Stop()
		for {
			select {
			case <-done:
				return
			case <-tk.C:
				if h := liveHeap(); h > peak.Load() {
					peak.Store(h)
				}
			}
		}
	}()
	if spec.Pprof != "" {
		if pf, err := os.Create(spec.Pprof + ".cpu.pprof"); err == nil {
			_ = pprof.StartCPUProfile(pf)
			defer pf.Close()
		}
	}
	start := time.Now()
	err = fn()
	fig.MS = ms(time.Since(start))
	if spec.Pprof != "" {
		pprof.StopCPUProfile()
		if hf, herr := os.Create(spec.Pprof + ".heap.pprof"); herr == nil {
			_ = pprof.Lookup("allocs").WriteTo(hf, 0)
			hf.Close()
		}
	}
	close(done)
	if h := liveHeap(); h > peak.Load() {
		peak.Store(h)
	}
	if err != nil {
		fig.Err = err.Error()
	}
	fig.PeakHeapMB = float64(peak.Load()) / (1 << 20)
	if inChild {
		fig.PeakMB = procStatus("VmHWM")
	} else {
		fig.PeakMB = fig.PeakHeapMB
	}
	fig.ReadUnits, fig.WriteUnits = units.Units()
	spent, calls := timed.figures()
	fig.TableMS, fig.TableCalls = ms(spent), calls
	fig.ObjectMS = ms(time.Duration(co.nanos.Load()))
	fig.S3 = co.ops().sub(o0)
	return fig, nil
}
