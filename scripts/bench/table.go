package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
)

// printTable prints the run as one table: a section per figure family, then the budgets.
func printTable(w io.Writer, r Results, o options) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	section := func(title string) { fmt.Fprintf(tw, "\n%s\t\t\n", strings.ToUpper(title)) }
	row := func(k string, format string, args ...any) {
		fmt.Fprintf(tw, "  %s\t%s\t\n", k, fmt.Sprintf(format, args...))
	}

	fmt.Fprintf(tw, "Shortlist bench — %s — %s\t\t\n", r.Started.Format("2006-01-02 15:04 UTC"), r.Machine)
	for _, s := range r.Services {
		fmt.Fprintf(tw, "  %s\t\t\n", s)
	}
	fmt.Fprintf(tw, "  assessment: role %s, %d sections, %d items; %d answers per candidate (some changed, merged as the site merges them)\t\t\n",
		r.Role, r.Sections, r.Items, o.Answers)
	fmt.Fprintf(tw, "  autosave: the site's policy (autosave.js): %s\t\t\n", r.Autosave)

	c := r.Candidate
	section(fmt.Sprintf("Per assessed candidate (mean of %d, one cohort, every step of the product)", c.Candidates))
	row("answers / autosaves", "%.0f / %.1f", c.Answers, c.Autosaves)
	row("HTTP requests", "%.1f", c.HTTPRequests)
	fns := make([]string, 0, len(c.Invocations))
	total := 0.0
	for fn, n := range c.Invocations {
		fns = append(fns, fn)
		total += n
	}
	sort.Strings(fns)
	var parts []string
	for _, fn := range fns {
		parts = append(parts, fmt.Sprintf("%s %.1f", fn, c.Invocations[fn]))
	}
	row("function invocations", "%.1f (%s)", total, strings.Join(parts, ", "))
	row("Lambda compute", "%.3f GB-s (handler time measured here, billed per ms)", c.GBSeconds)
	row("DynamoDB read units", "%.1f", c.ReadUnits)
	row("DynamoDB write units", "%.1f", c.WriteUnits)
	for _, part := range []string{"candidate", "scoring", "reports", "hr"} {
		if u, ok := c.Units[part]; ok {
			row("  "+part, "%.1f read, %.1f write", u.Read, u.Write)
		}
	}
	row("  scoring result (data)", "%.1f KB of JSON, stored gzipped", c.ResultBytes/1000)
	for _, op := range c.ByOp {
		row("  "+op.Op, "%.1f calls, %.1f read, %.1f write", op.Calls, op.Read, op.Write)
	}
	row("S3 operations", "%.1f PUT, %.1f GET (%s)", c.S3Puts, c.S3Gets, c.BlobStore)
	row("bytes stored (reports)", "%.1f KB", c.S3Bytes/1000)
	for _, k := range []string{"api_gateway", "lambda_requests", "lambda_compute", "dynamodb_writes", "dynamodb_reads", "s3_requests", "s3_storage_retention"} {
		row("  USD "+strings.ReplaceAll(k, "_", " "), "$%.8f", c.USD[k])
	}
	row("USD per candidate", "$%.6f", c.USD["total"])
	row(fmt.Sprintf("  with the cohort's reads at %d candidates", r.Burst.Candidates), "$%.6f (scoring and a report render read the cohort)", c.USDAtBurstCohort)

	b := r.Burst
	section(fmt.Sprintf("Burst: %d candidates at once", b.Candidates))
	row("duration", "%.1f s", b.Seconds)
	row("requests (attempts)", "%d (%d), %.0f requests/s", b.Requests, b.Attempts, b.RequestsPerSec)
	row("errors / retries", "%d / %d", b.Errors+len(b.Bad5xx), b.Retries)
	row("answers acknowledged / stored", "%d / %d (%d value mismatches)", b.Acknowledged, b.Stored, b.Mismatches)
	row("DynamoDB units per candidate", "%.1f read, %.1f write (cohort of %d)", b.ReadUnits, b.WriteUnits, b.Candidates)
	for _, rt := range b.Routes {
		row("  "+rt.Route, "n=%d  p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  errors %d", rt.Attempts, rt.P50MS, rt.P95MS, rt.P99MS, rt.Errors)
	}
	for _, e := range append(b.Bad5xx, b.FirstErrors...) {
		row("  !", "%s", e)
	}

	sc := r.Scoring
	section("Scoring (stream batches of 10)")
	row("sessions scored", "%d of %d in %d invocations, %d at a time; %d still pending", sc.Scored, sc.Sessions, sc.Invocations, sc.Workers, sc.StillPending)
	row("throughput", "%.1f sessions/s (%.1f s)", sc.SessionsPerSec, sc.Seconds)
	row("DynamoDB units per session", "%.1f read, %.1f write (cohort of %d)", sc.ReadUnits, sc.WriteUnits, sc.Sessions)

	if rp := r.Reports; rp != nil {
		section("Reports (candidate report + feedback per scored session)")
		row("reports invocation, small cohort", "p50 %.1f ms (cohort of %d)", rp.CostRunRenderP50MS, c.Candidates)
		row("reports invocation, burst cohort", "p50 %.1f ms, p95 %.1f ms (%d sampled, cohort of %d)", rp.BurstRenderP50MS, rp.BurstRenderP95MS, rp.BurstSample, b.Candidates)
		row("  DynamoDB reads per render", "%.1f read units (cohort of %d: a render reads the whole cohort)", rp.BurstReadUnits, b.Candidates)
		row("peak live heap while rendering", "%.1f MB above baseline", float64(rp.PeakHeapBytes)/1e6)
		row("candidate PDF alone", "p50 %.1f ms, %.1f KB", rp.CandidatePDFMS, float64(rp.CandidatePDFBytes)/1000)
		row("1,000-candidate cohort PDF", "%.0f ms, %.1f KB", rp.Cohort1000MS, float64(rp.Cohort1000Bytes)/1000)
	}

	if len(r.Functions) > 0 {
		section("Functions (linux/arm64 binary; start to first /invocation/next on this machine)")
		for _, f := range r.Functions {
			if f.ReadyFailed != "" {
				row(f.Name, "%.2f MB; ready: FAILED %s", float64(f.Arm64Bytes)/1e6, f.ReadyFailed)
				continue
			}
			row(f.Name, "%.2f MB; ready p50 %.1f ms, min %.1f ms (%d starts)", float64(f.Arm64Bytes)/1e6, f.ReadyP50MS, f.ReadyMinMS, f.ReadyRuns)
		}
	}

	section("Budgets")
	for _, bg := range r.Budgets {
		mark := "ok"
		if !bg.OK {
			mark = "MISSED"
		}
		row(bg.What, "%s (limit %s) %s", bg.Value, bg.Limit, mark)
	}
	tw.Flush()
}
