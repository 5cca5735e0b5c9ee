// Command reportbench measures report rendering against its targets and prints
// the figures: the median time of a candidate report (≤ 10 ms), a 1,000-candidate cohort
// PDF + CSV (≤ 1 s), and the peak memory of a process doing each (≤ 64 MB).
//
//	go run ./scripts/reportbench            # measure, print, exit 1 if a target is missed
//	go run ./scripts/reportbench -runs 500  # more candidate renders for the median
//
// Each measurement runs in a fresh child process (this program re-executed with -task),
// so the peak resident set (VmHWM in /proc/self/status) belongs to that task alone and
// not to the renders before it. The peak live Go heap (as marked by the last GC,
// sampled every millisecond) is printed alongside: what the renders really hold, without
// the garbage the collector has yet to reclaim.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"shortlist/shared/report"
	"shortlist/shared/report/reporttest"
)

// Targets the rendering must meet.
const (
	candidateTarget = 10 * time.Millisecond
	cohortTarget    = time.Second
	memoryTarget    = 64 << 20
)

// result is what a child reports.
type result struct {
	Task       string          `json:"task"`
	Runs       int             `json:"runs"`
	First      time.Duration   `json:"first"`
	Median     time.Duration   `json:"median"`
	P90        time.Duration   `json:"p90"`
	PeakRSS    int64           `json:"peak_rss"`
	PeakHeap   uint64          `json:"peak_heap"`
	Bytes      map[string]int  `json:"bytes"`
	Durations  []time.Duration `json:"-"`
	GoMaxProcs int             `json:"gomaxprocs"`
}

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "reportbench:", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("reportbench", flag.ContinueOnError)
	task := fs.String("task", "", "internal: run one measurement (candidate | cohort) and print JSON")
	runs := fs.Int("runs", 200, "candidate reports to render for the median")
	cohortRuns := fs.Int("cohort-runs", 5, "1,000-candidate cohorts to render for the median")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch *task {
	case "candidate":
		return child(out, "candidate", *runs, func() (map[string]int, error) {
			pdf, err := report.CandidatePDF(candidate)
			return map[string]int{"pdf": len(pdf)}, err
		})
	case "cohort":
		return child(out, "cohort", *cohortRuns, func() (map[string]int, error) {
			pdf, err := report.CohortPDF(cohort)
			if err != nil {
				return nil, err
			}
			csv, err := report.CohortCSV(cohort)
			return map[string]int{"pdf": len(pdf), "csv": len(csv)}, err
		})
	case "cohort100k":
		big := reporttest.Cohort(report.ES, 100_000) // built before timing, like the others
		return child(out, "cohort100k", 1, func() (map[string]int, error) {
			pdf, err := report.CohortPDF(big)
			if err != nil {
				return nil, err
			}
			csv, err := report.CohortCSV(big)
			return map[string]int{"pdf": len(pdf), "csv": len(csv)}, err
		})
	case "":
	default:
		return fmt.Errorf("unknown task %q", *task)
	}

	self, err := os.Executable()
	if err != nil {
		return err
	}
	var results []result
	for _, t := range []struct {
		name string
		n    int
	}{{"candidate", *runs}, {"cohort", *cohortRuns}, {"cohort100k", 1}} {
		var stdout, stderr bytes.Buffer
		cmd := exec.Command(self, "-task", t.name, "-runs", strconv.Itoa(t.n), "-cohort-runs", strconv.Itoa(t.n))
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("%s: %v: %s", t.name, err, stderr.String())
		}
		var r result
		if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
			return fmt.Errorf("%s: reading its result: %v", t.name, err)
		}
		results = append(results, r)
	}
	return printResults(out, results)
}

func printResults(out io.Writer, rs []result) error {
	fmt.Fprintf(out, "report rendering (%s/%s, %d CPUs, GOMAXPROCS %d, %s)\n\n",
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), rs[0].GoMaxProcs, runtime.Version())
	fmt.Fprintf(out, "%-32s %6s %10s %10s %10s %12s %12s  %s\n", "task", "runs", "first", "median", "p90", "peak RSS", "live heap", "output")
	var missed []string
	for _, r := range rs {
		name := map[string]string{"candidate": "candidate PDF", "cohort": "cohort 1,000: PDF + CSV",
			"cohort100k": "cohort 100,000: PDF (first 500 a group) + CSV"}[r.Task]
		var sizes []string
		for _, k := range []string{"pdf", "csv"} {
			if n, ok := r.Bytes[k]; ok {
				sizes = append(sizes, fmt.Sprintf("%s %d KB", k, n/1024))
			}
		}
		fmt.Fprintf(out, "%-32s %6d %10s %10s %10s %9.1f MB %9.1f MB  %s\n", name, r.Runs,
			ms(r.First), ms(r.Median), ms(r.P90), float64(r.PeakRSS)/(1<<20), float64(r.PeakHeap)/(1<<20), strings.Join(sizes, ", "))
		if r.Task == "cohort100k" {
			// Its budget is the reports function's memory (infra/functions.go: 2 GB).
			if r.PeakRSS > bigCohortMemory {
				missed = append(missed, fmt.Sprintf("%s peak RSS %.1f MB > %d MB", name, float64(r.PeakRSS)/(1<<20), bigCohortMemory>>20))
			}
			continue
		}
		target := map[string]time.Duration{"candidate": candidateTarget, "cohort": cohortTarget}[r.Task]
		if r.Median > target {
			missed = append(missed, fmt.Sprintf("%s median %s > %s", name, ms(r.Median), ms(target)))
		}
		if r.PeakRSS > memoryTarget {
			missed = append(missed, fmt.Sprintf("%s peak RSS %.1f MB > 64 MB", name, float64(r.PeakRSS)/(1<<20)))
		}
	}
	fmt.Fprintf(out, "\ntargets: candidate median ≤ %s, cohort median ≤ %s, peak RSS ≤ 64 MB; cohort of 100,000 peak RSS ≤ %d MB (the reports function has 2 GB)\n", ms(candidateTarget), ms(cohortTarget), bigCohortMemory>>20)
	if len(missed) > 0 {
		return errors.New("missed: " + strings.Join(missed, "; "))
	}
	fmt.Fprintln(out, "all targets met")
	return nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }

// bigCohortMemory bounds a 100,000-candidate cohort report (half the reports function's 2 GB:
// it also holds the snapshot page being read and the candidates' names).
const bigCohortMemory = 1 << 30

// The inputs are built before timing starts, as a caller would have them in hand.
var (
	candidate = reporttest.Candidate(report.ES)
	cohort    = reporttest.Cohort(report.ES, 1000)
)

// child renders n times, sampling the heap meanwhile, and prints one JSON result.
func child(out io.Writer, task string, n int, render func() (map[string]int, error)) error {
	if n < 1 {
		return errors.New("need at least one run")
	}
	var peakHeap atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		samples := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(samples)
			if h := samples[0].Value.Uint64(); h > peakHeap.Load() {
				peakHeap.Store(h)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	r := result{Task: task, Runs: n, GoMaxProcs: runtime.GOMAXPROCS(0)}
	for i := 0; i < n; i++ {
		start := time.Now()
		sizes, err := render()
		d := time.Since(start)
		if err != nil {
			return err
		}
		if i == 0 {
			r.First, r.Bytes = d, sizes
		}
		r.Durations = append(r.Durations, d)
	}
	close(stop)
	<-done
	slices.Sort(r.Durations)
	r.Median = r.Durations[len(r.Durations)/2]
	r.P90 = r.Durations[len(r.Durations)*9/10]
	r.PeakHeap = peakHeap.Load()
	rss, err := vmHWM()
	if err != nil {
		return err
	}
	r.PeakRSS = rss
	return json.NewEncoder(out).Encode(r)
}

// vmHWM is the process's peak resident set size, from /proc/self/status (Linux).
func vmHWM() (int64, error) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, fmt.Errorf("reading peak memory: %w (Linux only)", err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			return kb << 10, err
		}
	}
	return 0, errors.New("no VmHWM in /proc/self/status")
}
