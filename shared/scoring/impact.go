package scoring

import "sort"

// ImpactMinN is the group size below which a selection rate is too unstable to judge.
const ImpactMinN = 30

// GroupOutcome is one applicant group at a chosen cut.
type GroupOutcome struct {
	Group      string
	Applicants int
	Selected   int
}

// Impact is one group's adverse-impact figures.
type Impact struct {
	Group string
	// Rate is SR = selected/applicants; Ratio is SR / max SR over groups that can be
	// judged (the four-fifths rule flags Ratio < 0.80).
	Rate, Ratio float64
	Flag        bool
	TooFew      bool // n < ImpactMinN: shown as "too few to judge", never flagged
}

// AdverseImpact computes selection rates and impact ratios, sorted by group. The
// reference (max SR) is taken over groups with at least ImpactMinN applicants.
func AdverseImpact(groups []GroupOutcome) []Impact {
	out := make([]Impact, 0, len(groups))
	maxSR := 0.0
	for _, g := range groups {
		im := Impact{Group: g.Group, TooFew: g.Applicants < ImpactMinN}
		if g.Applicants > 0 && g.Selected >= 0 {
			im.Rate = float64(min(g.Selected, g.Applicants)) / float64(g.Applicants)
		}
		if !im.TooFew && im.Rate > maxSR {
			maxSR = im.Rate
		}
		out = append(out, im)
	}
	for i := range out {
		if maxSR > 0 {
			out[i].Ratio = out[i].Rate / maxSR
		}
		out[i].Flag = !out[i].TooFew && maxSR > 0 && out[i].Ratio < 0.8
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Group < out[j].Group })
	return out
}
