package scoring

import "sort"

// ScaleResult is a scale's standardised score with its uncertainty, as insights read it.
type ScaleResult struct {
	Scale    string
	Z        float64
	SE       float64 // z units
	Answered int
	Items    int
}

// Insight is a strength or an area to probe, with the reason.
type Insight struct {
	Scale  string
	Z      float64
	Reason string // strong | low | uncertain | incomplete
}

// Insight reasons.
const (
	ReasonStrong     = "strong"
	ReasonLow        = "low"
	ReasonUncertain  = "uncertain"
	ReasonIncomplete = "incomplete"
)

// Insight thresholds: half an SD from the norm mean (T 55 / T 45) is a difference a
// hiring team can act on; an SE of 0.6 gives a 95% band wider than ±1.2 SD, too wide
// to read; under half the items answered is too little to read at all.
const (
	StrongZ    = 0.5
	LowZ       = -0.5
	UncertainS = 0.6
)

// Insights picks up to maxStrengths strengths — scales at or above StrongZ whose whole
// 95% band is above the norm mean (z − 1.96·SE > 0), strongest first — and the areas to
// probe: scales at or below LowZ, with an SE of UncertainS or more, or with fewer than
// half their items answered. The caller attaches the content's interview questions for
// each probed scale. Order is by z (ascending for probes), then scale id.
func Insights(scales []ScaleResult, maxStrengths int) (strengths, probes []Insight) {
	for _, s := range scales {
		z, se := clean(s.Z), clean(s.SE)
		switch {
		case s.Items > 0 && 2*s.Answered < s.Items:
			probes = append(probes, Insight{Scale: s.Scale, Z: z, Reason: ReasonIncomplete})
		case se >= UncertainS:
			probes = append(probes, Insight{Scale: s.Scale, Z: z, Reason: ReasonUncertain})
		case z <= LowZ:
			probes = append(probes, Insight{Scale: s.Scale, Z: z, Reason: ReasonLow})
		case z >= StrongZ && z-z95*se > 0:
			strengths = append(strengths, Insight{Scale: s.Scale, Z: z, Reason: ReasonStrong})
		}
	}
	sort.Slice(strengths, func(i, j int) bool {
		if strengths[i].Z != strengths[j].Z {
			return strengths[i].Z > strengths[j].Z
		}
		return strengths[i].Scale < strengths[j].Scale
	})
	if maxStrengths >= 0 && len(strengths) > maxStrengths {
		strengths = strengths[:maxStrengths]
	}
	sort.Slice(probes, func(i, j int) bool {
		if probes[i].Z != probes[j].Z {
			return probes[i].Z < probes[j].Z
		}
		return probes[i].Scale < probes[j].Scale
	})
	return strengths, probes
}
