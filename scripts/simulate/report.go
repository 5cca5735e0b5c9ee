package main

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"text/tabwriter"
)

// The validity targets, on the figures of both seed roles. Shares of a
// respondent type, band coverage and rank-interval coverage are judged on the roles
// pooled (a role has 7–8 candidates of each contaminated type at n = 150, too few for a
// share on its own); the ranking's own properties (Spearman, top 10, skippers) per role.
const (
	minRandomFlagged   = 0.80
	minStraightFlagged = 0.95
	minFakerFlagged    = 0.90
	minTimeoutFlagged  = 0.90
	maxHonestCaution   = 0.05
	minFitSpearman     = 0.90
	minBandCover       = 0.93
	maxBandCover       = 0.97
	minRankCover       = 0.90
)

// target is one check of a run.
type target struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Target string `json:"target"`
	OK     bool   `json:"ok"`
}

// pooled sums a per-type share over the roles.
func (r *runReport) pooled(get func(*roleFigures) share) share {
	var s share
	for _, f := range r.Roles {
		s = s.add(get(f))
	}
	return s
}

func pct(s share) string {
	if s.N == 0 {
		return "—"
	}
	return fmt.Sprintf("%d/%d %.1f%%", s.K, s.N, 100*s.frac())
}

// targets evaluates the run against the validity targets.
func (r *runReport) targets() []target {
	var out []target
	atLeast := func(name string, s share, min float64) {
		if s.N == 0 {
			return // no such respondents in this run
		}
		out = append(out, target{name, pct(s), fmt.Sprintf("≥ %.0f%%", 100*min), s.frac() >= min})
	}
	flagged := func(t string) share { return r.pooled(func(f *roleFigures) share { return f.Serious[t] }) }
	atLeast("careless random: serious caution", flagged(random), minRandomFlagged)
	atLeast("straight-line: serious caution", flagged(straight), minStraightFlagged)
	atLeast("fakers: serious caution", flagged(faker), minFakerFlagged)
	atLeast("time-outs: serious caution", flagged(timeout), minTimeoutFlagged)
	if h := r.pooled(func(f *roleFigures) share { return f.AnyCaution[honest] }); h.N > 0 {
		out = append(out, target{"honest: any caution", pct(h), fmt.Sprintf("≤ %.0f%%", 100*maxHonestCaution), h.frac() <= maxHonestCaution})
	}
	for _, f := range r.Roles {
		out = append(out, target{f.Role + ": serious cautions in the top 10 not marked reviewFirst",
			fmt.Sprint(f.Top10Unreviewed), "0", f.Top10Unreviewed == 0})
		out = append(out, target{f.Role + ": honest Spearman(composite, true fit)",
			fmt.Sprintf("%.3f", float64(f.FitSpearman)), fmt.Sprintf("≥ %.2f", minFitSpearman), float64(f.FitSpearman) >= minFitSpearman})
		for _, s := range f.Skippers {
			name := fmt.Sprintf("%s: skipper %d vs twin %d", f.Role, s.Candidate, s.Twin)
			switch {
			case !s.Ranked:
				out = append(out, target{name, "not ranked", "ranked below the twin", false})
			default:
				out = append(out, target{name, fmt.Sprintf("rank %d (twin %d), composite %.3f (twin %.3f)", s.Rank, s.TwinRank, s.Composite, s.TwinComposite),
					"ranked below the twin", !s.AboveTwin})
			}
		}
		if f.Unranked > 0 {
			out = append(out, target{f.Role + ": completed candidates missing from the ranking", fmt.Sprint(f.Unranked), "0", false})
		}
	}
	for _, k := range scaleKinds {
		c := r.pooled(func(f *roleFigures) share { return f.Coverage[k].share })
		if c.N == 0 {
			continue
		}
		out = append(out, target{"95% bands, " + k, pct(c), fmt.Sprintf("%.0f–%.0f%%", 100*minBandCover, 100*maxBandCover),
			c.frac() >= minBandCover && c.frac() <= maxBandCover})
	}
	rc := r.pooled(func(f *roleFigures) share { return f.RankCoverMain })
	if rc.N > 0 {
		out = append(out, target{"rank interval holds the true rank (main group)", pct(rc), fmt.Sprintf("≥ %.0f%%", 100*minRankCover), rc.frac() >= minRankCover})
	} else {
		out = append(out, target{"rank interval holds the true rank", "no rank intervals served", fmt.Sprintf("≥ %.0f%%", 100*minRankCover), false})
	}
	missing := r.missing()
	out = append(out, target{"API serves every field the figures need", fmt.Sprintf("%d missing", len(missing)), "0 missing", len(missing) == 0})
	return out
}

// missing is the union of the fields the roles' API answers lacked.
func (r *runReport) missing() []string {
	set := map[string]bool{}
	for _, f := range r.Roles {
		for _, m := range f.Missing {
			set[m] = true
		}
	}
	out := make([]string, 0, len(set))
	for m := range set {
		out = append(out, m)
	}
	sort.Strings(out)
	return out
}

// Failed names the targets missed.
func (r *runReport) Failed() []string {
	var out []string
	for _, t := range r.Targets {
		if !t.OK {
			out = append(out, t.Name+": "+t.Value)
		}
	}
	return out
}

// Print writes the report as plain tables: one column per role, then both pooled.
func (r *runReport) Print(w io.Writer) {
	fmt.Fprintf(w, "\nSimulation: %d candidates per role, seed %d, contaminated %.0f%%, skippers %.0f%%, Likert trait ρ %.2f; added %s\n",
		r.N, r.Seed, 100*r.Contaminate, 100*r.Skip, r.Rho, strings.Join(r.Added, ", "))
	for _, f := range r.Roles {
		var secs []string
		for i, s := range f.Sections {
			secs = append(secs, fmt.Sprintf("%s %.3f", s, f.Weights[i]))
		}
		fmt.Fprintf(w, "  %s (assessment %s): %s\n    skippers leave %s blank\n", f.Role, f.AssessmentID, strings.Join(secs, ", "), f.Heaviest)
	}
	fmt.Fprintf(w, "  run took %.0f s\n", r.Seconds)

	cols := func(tw io.Writer, label string, cell func(*roleFigures) string, both string) {
		fmt.Fprintf(tw, "  %s\t", label)
		for _, f := range r.Roles {
			fmt.Fprintf(tw, "%s\t", cell(f))
		}
		fmt.Fprintf(tw, "%s\t\n", both)
	}
	header := func(tw io.Writer, first string, extra ...string) {
		fmt.Fprintf(tw, "  %s\t", first)
		for _, f := range r.Roles {
			fmt.Fprintf(tw, "%s\t", f.Role)
		}
		fmt.Fprintf(tw, "both\t%s\n", strings.Join(extra, "\t"))
	}

	fmt.Fprintln(w, "\nRespondents (arrival in random order)")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	header(tw, "type")
	for _, t := range personTypes {
		n := 0
		for _, f := range r.Roles {
			n += f.Counts[t]
		}
		cols(tw, t, func(f *roleFigures) string { return fmt.Sprint(f.Counts[t]) }, fmt.Sprint(n))
	}
	tw.Flush()

	fmt.Fprintln(w, "\nResponse quality: candidates with a serious caution (random_responding, person_misfit, longstring,")
	fmt.Fprintln(w, "impression_management, not_finished), by what they truly are")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	header(tw, "type", "target")
	tgt := map[string]string{random: "≥ 80%", straight: "≥ 95%", faker: "≥ 90%", timeout: "≥ 90% (not_finished)"}
	for _, t := range personTypes {
		cols(tw, t, func(f *roleFigures) string { return pct(f.Serious[t]) },
			pct(r.pooled(func(f *roleFigures) share { return f.Serious[t] }))+"\t"+tgt[t])
	}
	cols(tw, "honest, any caution", func(f *roleFigures) string { return pct(f.AnyCaution[honest]) },
		pct(r.pooled(func(f *roleFigures) share { return f.AnyCaution[honest] }))+"\t≤ 5%")
	tw.Flush()
	fmt.Fprintln(w, "  caution codes seen, candidates per type:")
	for _, f := range r.Roles {
		for _, t := range personTypes {
			if len(f.Codes[t]) > 0 {
				fmt.Fprintf(w, "    %-28s %-18s %s\n", f.Role, t, codeList(f.Codes[t]))
			}
		}
	}

	fmt.Fprintln(w, "\nThe ranking as served: its top 10 rows, and all rows")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	header(tw, "")
	cols(tw, "serious caution, not marked reviewFirst (target 0)", func(f *roleFigures) string { return fmt.Sprint(f.Top10Unreviewed) }, "")
	cols(tw, "who they are", func(f *roleFigures) string { return codeList(f.Top10Types) }, "")
	cols(tw, "rows marked reviewFirst, all", func(f *roleFigures) string { return fmt.Sprint(f.ReviewFirst) }, "")
	cols(tw, "rows whose reviewFirst disagrees with their caution codes", func(f *roleFigures) string { return fmt.Sprint(f.ReviewMismatch) }, "")
	cols(tw, "rows whose caution codes differ from the candidate detail's", func(f *roleFigures) string { return fmt.Sprint(f.CautionMismatch) }, "")
	tw.Flush()

	fmt.Fprintln(w, "\nRole fit against the generating truth (true fit = Σwₖθₖ/Σwₖ over the weighted scales)")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	header(tw, "", "target")
	cols(tw, "Spearman(composite, true fit), honest", func(f *roleFigures) string { return num(float64(f.FitSpearman)) }, "\t≥ 0.90 per role")
	cols(tw, "Spearman(composite, true fit), everyone", func(f *roleFigures) string { return num(float64(f.FitSpearmanAll)) }, "")
	cols(tw, "Spearman(abilityComposite, true ability fit), honest", func(f *roleFigures) string {
		if f.AbilitySpearman == nil {
			return "not served"
		}
		return num(float64(*f.AbilitySpearman))
	}, "")
	tw.Flush()

	fmt.Fprintln(w, "\n95% bands of honest candidates holding the true score on the engine's metric (Likert: expected")
	fmt.Fprintln(w, "mean keyed answer under the true θ and the person's acquiescence; cognitive: θ; SJT, work sample,")
	fmt.Fprintln(w, "tools: expected share of points under the true θ); RMSE / SE compares the observed error with the band's")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	header(tw, "kind", "target")
	for _, k := range scaleKinds {
		if r.pooled(func(f *roleFigures) share { return f.Coverage[k].share }).N == 0 {
			continue
		}
		cols(tw, k, func(f *roleFigures) string {
			c := f.Coverage[k]
			if c.N == 0 {
				return "—"
			}
			s := fmt.Sprintf("%s (RMSE/SE %.2f)", pct(c.share), ratio(c.RMSE, c.SE))
			if c.Missing > 0 {
				s += fmt.Sprintf(", %d without a band", c.Missing)
			}
			return s
		}, pct(r.pooled(func(f *roleFigures) share { return f.Coverage[k].share }))+"\t93–97%")
	}
	tw.Flush()

	fmt.Fprintln(w, "\nGenerated honest Likert scores (mean keyed answer; mean / SD) beside the content's reference norm")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  role\tscale\treference\tgenerated\t")
	for _, f := range r.Roles {
		for _, g := range f.Generated {
			fmt.Fprintf(tw, "  %s\t%s\t%.2f / %.2f\t%.2f / %.2f\t\n", f.Role, g.Scale, g.RefMean, g.RefSD, g.Mean, g.SD)
		}
	}
	tw.Flush()

	fmt.Fprintln(w, "\nRank intervals: the true rank (by true fit among the candidates of the same group: main or review first) within [rankLow, rankHigh]")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	header(tw, "", "target")
	cols(tw, "main group (the target)", func(f *roleFigures) string { return pct(f.RankCoverMain) }, pct(r.pooled(func(f *roleFigures) share { return f.RankCoverMain }))+"\t≥ 90%")
	cols(tw, "everyone (review first too)", func(f *roleFigures) string { return pct(f.RankCover) }, pct(r.pooled(func(f *roleFigures) share { return f.RankCover })))
	cols(tw, "honest", func(f *roleFigures) string { return pct(f.RankCoverHonest) }, pct(r.pooled(func(f *roleFigures) share { return f.RankCoverHonest })))
	cols(tw, "median interval width (ranks)", func(f *roleFigures) string { return num(float64(f.RankWidth)) }, "")
	cols(tw, "pTop served", func(f *roleFigures) string { return fmt.Sprint(f.PTopPresent) }, "")
	tw.Flush()

	fmt.Fprintln(w, "\nSkippers: each is a copy of an honest candidate (the twin: same traits, same answers) who leaves")
	fmt.Fprintln(w, "the heaviest-weighted section blank; the target is to rank below the twin (\"above median\": the")
	fmt.Fprintln(w, "skipper's composite is above the median composite of everyone ranked)")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  role\tcandidate\trank (twin)\tcomposite (twin)\tmedian\tabove median\tserious caution\tbelow twin\t")
	for _, f := range r.Roles {
		for _, s := range f.Skippers {
			rank, comp := "not ranked", "—"
			if s.Ranked {
				rank = fmt.Sprintf("%d (%d)", s.Rank, s.TwinRank)
				comp = fmt.Sprintf("%.3f (%.3f)", s.Composite, s.TwinComposite)
			}
			fmt.Fprintf(tw, "  %s\t%d\t%s\t%s\t%.3f\t%v\t%v\t%s\t\n", f.Role, s.Candidate, rank, comp, float64(s.Median), s.AboveMedian, s.Serious,
				mark(s.Ranked && !s.AboveTwin))
		}
	}
	tw.Flush()
	for _, f := range r.Roles {
		if f.Unranked > 0 {
			fmt.Fprintf(w, "  %s: %d completed candidates are missing from the ranking\n", f.Role, f.Unranked)
		}
	}

	if m := r.missing(); len(m) > 0 {
		fmt.Fprintln(w, "\nNot served by the API; the figures above read the older equivalent where one exists:")
		for _, x := range m {
			fmt.Fprintf(w, "  - %s\n", x)
		}
	}

	fmt.Fprintln(w, "\nTargets (ranking validity)")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, t := range r.Targets {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t\n", t.Name, t.Value, t.Target, mark(t.OK))
	}
	tw.Flush()
	if failed := r.Failed(); len(failed) > 0 {
		fmt.Fprintf(w, "%d of %d targets missed.\n", len(failed), len(r.Targets))
	} else {
		fmt.Fprintln(w, "All targets met.")
	}
}

func mark(ok bool) string {
	if ok {
		return "ok"
	}
	return "MISSED"
}

func num(x float64) string {
	if math.IsNaN(x) {
		return "—"
	}
	return fmt.Sprintf("%.3f", x)
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

// codeList prints "too_fast 7, longstring 2", most frequent first.
func codeList(m map[string]int) string {
	if len(m) == 0 {
		return "—"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return m[keys[i]] > m[keys[j]] || m[keys[i]] == m[keys[j]] && keys[i] < keys[j] })
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}
