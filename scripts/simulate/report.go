package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
)

// The targets of issue 6.
const (
	minLikert    = 0.85 // Spearman(true θ, raw score) per Likert scale
	minCognitive = 0.80 // Spearman(true θ, EAP θ̂)
	minFit       = 0.85 // Spearman(true composite, ranked composite)
	minCover     = 0.90 // 95% bands covering the true value, overall
	maxCover     = 0.98
	// Per scale the check is on calibration, RMSE / SE of the band, rather than on its
	// coverage: with 100–200 candidates one scale's coverage has a binomial SE of 1.5–2.2
	// points, so a 90–98% window per scale would fail on chance alone, while an SE off by
	// a quarter or more moves the ratio well outside this window.
	minCalibration = 0.80
	maxCalibration = 1.25
)

// report is what one run measured.
type report struct {
	AssessmentID string
	N            int
	Seed         uint64
	Rho          float64

	Likert    []scaleRow
	Cognitive scaleRow

	// Coverage pooled over every candidate × scale (Likert and cognitive): with the band
	// stored with each score, and with the band of the cohort view.
	CoverStored, CoverCohort float64

	FitSpearman float64
	FitSE       float64 // mean SE of the ranked composites, z units
	FitCover    float64 // composite bands covering the true composite (see measure)
	TieGroups   int

	Answering, Total time.Duration
}

// scaleRow is one scale's recovery.
type scaleRow struct {
	Scale    string
	Items    int
	Weight   float64
	Spearman float64
	Target   float64
	Missing  int // candidates without a full score on it (should be 0)

	RefMean, RefSD float64 // the content's reference norm (Likert)
	RawMean, RawSD float64 // what the simulated cohort scored
	Alpha          float64 // observed α in the cohort (statistics endpoint)
	AlphaDefined   bool
	RMSE           float64           // √mean (estimate − true value)²: the observed error
	StoredSEM      float64           // rms SE behind the stored band
	StoredFrom     map[string][2]int // seFrom/norm of the stored scores → candidates, covered
	CohortSEM      float64           // rms SE behind the cohort band
	CohortSEMFrom  string
	CoverStored    float64
	CoverCohort    float64
}

// Failed names the checks that missed their targets. The coverage check is on the cohort
// band, the interval the ranking and the cohort view report (see Print for why).
func (r *report) Failed() []string {
	var out []string
	for _, s := range append(append([]scaleRow{}, r.Likert...), r.Cognitive) {
		if s.Missing > 0 {
			out = append(out, fmt.Sprintf("%s: %d candidates without a score", s.Scale, s.Missing))
		}
		if s.Spearman < s.Target {
			out = append(out, fmt.Sprintf("%s: Spearman %.3f < %.2f", s.Scale, s.Spearman, s.Target))
		}
		if c := s.calibration(); c < minCalibration || c > maxCalibration {
			out = append(out, fmt.Sprintf("%s: RMSE / cohort SE = %.2f outside %.2f–%.2f", s.Scale, c, minCalibration, maxCalibration))
		}
	}
	if r.FitSpearman < minFit {
		out = append(out, fmt.Sprintf("role fit: Spearman %.3f < %.2f", r.FitSpearman, minFit))
	}
	if r.CoverCohort < minCover || r.CoverCohort > maxCover {
		out = append(out, fmt.Sprintf("95%% band coverage %.1f%% outside %.0f–%.0f%%", 100*r.CoverCohort, 100*minCover, 100*maxCover))
	}
	return out
}

// calibration is the observed error over the error the cohort band was built with.
func (s scaleRow) calibration() float64 { return ratio(s.RMSE, s.CohortSEM) }

// ratio is a/b, 0 when b is 0 (a band of zero width: reported as a failed calibration).
func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// Print writes the report as plain tables.
func (r *report) Print(w io.Writer) {
	mark := func(ok bool) string {
		if ok {
			return "ok"
		}
		return "MISSED"
	}
	inCover := func(c float64) bool { return c >= minCover && c <= maxCover }

	fmt.Fprintf(w, "\nSimulation of %d candidates (seed %d, Likert trait correlation %.2f) on %s + %s, assessment %s\n",
		r.N, r.Seed, r.Rho, roleID, addedTest, r.AssessmentID)
	fmt.Fprintf(w, "answered through the API in %s; scored and read back in %s overall\n\n",
		r.Answering.Round(100*time.Millisecond), r.Total.Round(100*time.Millisecond))

	fmt.Fprintln(w, "Recovery: Spearman between the true trait and its estimate")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  scale\titems\tweight\testimate\tSpearman\ttarget\t")
	for _, s := range r.Likert {
		fmt.Fprintf(tw, "  %s\t%d\t%.3f\traw mean score\t%.3f\t≥ %.2f\t%s\n", s.Scale, s.Items, s.Weight, s.Spearman, s.Target, mark(s.Spearman >= s.Target))
	}
	c := r.Cognitive
	fmt.Fprintf(tw, "  %s\t%d\t%.3f\tEAP θ̂\t%.3f\t≥ %.2f\t%s\n", c.Scale, c.Items, c.Weight, c.Spearman, c.Target, mark(c.Spearman >= c.Target))
	fmt.Fprintf(tw, "  role fit\t\t\tranked composite\t%.3f\t≥ %.2f\t%s\n", r.FitSpearman, minFit, mark(r.FitSpearman >= minFit))
	tw.Flush()

	all := append(append([]scaleRow{}, r.Likert...), r.Cognitive)
	fmt.Fprintln(w, "\n95% bands: share of candidates whose band covers the true value. The true value of a Likert")
	fmt.Fprintln(w, "scale is the true score E[mean keyed answer | θ], exact from the graded model's category")
	fmt.Fprintln(w, "probabilities; of the cognitive scale, θ. RMSE is the observed error of the estimate, SE (rms)")
	fmt.Fprintln(w, "the one the band was built with; their ratio should be near 1.")
	fmt.Fprintf(w, "\n  Cohort band (candidate detail \"cohort\", the basis of the ranking's SE): checked\n")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  scale	SE from	α obs	SE	RMSE	RMSE/SE	target		cover	")
	for _, s := range all {
		alpha := "—"
		if s.AlphaDefined {
			alpha = fmt.Sprintf("%.3f", s.Alpha)
		}
		c := s.calibration()
		fmt.Fprintf(tw, "  %s	%s	%s	%.3f	%.3f	%.2f	%.2f–%.2f	%s	%.1f%%	\n", s.Scale, s.CohortSEMFrom, alpha, s.CohortSEM, s.RMSE, c,
			minCalibration, maxCalibration, mark(c >= minCalibration && c <= maxCalibration), 100*s.CoverCohort)
	}
	fmt.Fprintf(tw, "  overall\t\t\t\t\t\t%.0f–%.0f%%\t%s\t%.1f%%\t\n", 100*minCover, 100*maxCover, mark(inCover(r.CoverCohort)), 100*r.CoverCohort)
	tw.Flush()
	fmt.Fprintf(w, "\n  Stored band (candidate detail \"scores\", fixed when the session was scored): reported\n")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  scale	SE	RMSE/SE	cover	by SE source / norm (cover)	")
	for _, s := range all {
		fmt.Fprintf(tw, "  %s\t%.3f\t%.2f\t%.1f%%\t%s\t\n", s.Scale, s.StoredSEM, ratio(s.RMSE, s.StoredSEM), 100*s.CoverStored, sources(s.StoredFrom))
	}
	fmt.Fprintf(tw, "  overall\t\t\t%.1f%%\t\t\n", 100*r.CoverStored)
	tw.Flush()
	fmt.Fprintln(w, "  A Likert score's stored band is X ± 1.96·SEM with the reliability known when it was scored:")
	fmt.Fprintln(w, "  the provisional α = 0.70 and the reference norm's SD until 30 earlier results exist, then the α")
	fmt.Fprintln(w, "  and SD those results show. The cohort band uses the whole cohort's (N ≥ 30). Only the cohort")
	fmt.Fprintln(w, "  band is checked against the target; the stored one must not under-cover.")

	fmt.Fprintln(w, "\nGenerated Likert scores against the content's reference norm (mean/SD of the raw mean score)")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  scale\treference\tsimulated\t")
	for _, s := range r.Likert {
		fmt.Fprintf(tw, "  %s\t%.2f / %.2f\t%.2f / %.2f\t\n", s.Scale, s.RefMean, s.RefSD, s.RawMean, s.RawSD)
	}
	tw.Flush()

	fmt.Fprintf(w, "\nRanking: %d tie groups among %d candidates; mean composite SE %.3f (z units); the composite's\n", r.TieGroups, r.N, r.FitSE)
	fmt.Fprintf(w, "95%% band covers the true composite (true scores on the cohort norms) for %.1f%%\n", 100*r.FitCover)
	if failed := r.Failed(); len(failed) > 0 {
		fmt.Fprintf(w, "MISSED: %s\n", strings.Join(failed, "; "))
	} else {
		fmt.Fprintln(w, "All checks met their targets.")
	}
}

// sources prints "provisional/local 170 (97.6%), provisional/reference 30 (93.3%)": how
// many stored scores used each SE source and norm, and the coverage within each.
func sources(m map[string][2]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return m[keys[i]][0] > m[keys[j]][0] || m[keys[i]][0] == m[keys[j]][0] && keys[i] < keys[j]
	})
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %d (%.1f%%)", k, m[k][0], 100*share(m[k][1], m[k][0])))
	}
	return strings.Join(parts, ", ")
}
