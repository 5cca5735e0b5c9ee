package scoring

// ProvisionalAlpha is the reliability assumed for a scale until the assessment's own
// responses can estimate it: a deliberately modest value, so that early reports err on
// the side of wider bands and more ties.
const ProvisionalAlpha = 0.70

// ReliabilityMinN is the number of complete response sets a scale needs before its own
// α sets the SEM (the same line as for local norms).
const ReliabilityMinN = LocalNormMin

// SEMSource says where a scale's SEM came from.
type SEMSource string

const (
	SEMObserved    SEMSource = "observed"    // α from the assessment's own responses
	SEMProvisional SEMSource = "provisional" // ProvisionalAlpha and the norm's SD
)

// ScaleSEM picks the SEM for a scale: SD·√(1 − α) from the organisation's own
// responses once ReliabilityMinN complete sets exist, else the norm's SD with
// ProvisionalAlpha. Both are in the units of the scale score.
func ScaleSEM(rel Reliability, n Norm) (float64, SEMSource) {
	if rel.Defined && rel.N >= ReliabilityMinN {
		return rel.SEM, SEMObserved
	}
	return SEM(n.SD, ProvisionalAlpha), SEMProvisional
}

// ScaleReport is everything a report shows for one scale of one candidate.
type ScaleReport struct {
	ScaleScore
	Standard  Standard
	SEM       float64 // raw units
	SEMSource SEMSource
	Band      Band    // Score ± 1.96·SEM, raw units
	SEZ       float64 // SEM in z units, for the composite and insights
}

// ReportScale standardises a scale score against n and attaches its SEM and 95% band.
func ReportScale(s ScaleScore, n Norm, rel Reliability) ScaleReport {
	sem, src := ScaleSEM(rel, n)
	r := ScaleReport{ScaleScore: s, Standard: Standardize(s.Score, n), SEM: sem, SEMSource: src}
	r.Band = Band95(s.Score, sem)
	r.SEZ = SEInZ(sem, n)
	return r
}

// Result is the view of a report that Insights reads.
func (r ScaleReport) Result() ScaleResult {
	return ScaleResult{Scale: r.Scale, Z: r.Standard.Z, SE: r.SEZ, Answered: r.Answered, Items: r.Items}
}
