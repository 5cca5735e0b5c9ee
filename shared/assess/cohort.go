package assess

import (
	"math"
	"sort"

	"shortlist/shared/catalog"
	"shortlist/shared/scoring"
)

// Cohort is an assessment's candidates seen together: every scale re-standardised against
// the norm the cohort now supports (local once N ≥ 30, else the reference) with the SEM
// its own responses support (observed α once N ≥ 30, else provisional), the role-fit
// composites recomputed from those, and the uncertainty-aware ranking.
type Cohort struct {
	Scales     []CohortScale     `json:"scales"`
	Candidates []CohortCandidate `json:"candidates"`
	Ranking    []scoring.Ranked  `json:"ranking"`
	TieRule    scoring.Text      `json:"tieRule"`
}

// CohortScale is one scale's figures across the cohort.
type CohortScale struct {
	Instrument string             `json:"instrument"`
	Scale      string             `json:"scale"`
	Metric     string             `json:"metric"`
	Norm       scoring.NormSource `json:"norm"`
	NormMean   float64            `json:"normMean"`
	NormSD     float64            `json:"normSd"`
	N          int                `json:"n"`
	// Reliability from the cohort's complete responses (Defined false when too few).
	Reliability scoring.Reliability `json:"reliability"`
	SEM         float64             `json:"sem"`
	SEMSource   string              `json:"semSource"`
	Caution     bool                `json:"caution,omitempty"`
}

// CohortCandidate is one candidate's standing in the cohort.
type CohortCandidate struct {
	SessionID string              `json:"sessionId"`
	Scales    map[string]Standing `json:"scales"`
	Fit       scoring.Composite   `json:"fit"`
}

// Standing is a scale score against the cohort's norm.
type Standing struct {
	Raw        float64      `json:"raw"`
	Z          float64      `json:"z"`
	T          float64      `json:"t"`
	Sten       int          `json:"sten"`
	Percentile float64      `json:"percentile"`
	SE         float64      `json:"se"`
	Band       scoring.Band `json:"band"`
	Answered   int          `json:"answered"`
}

// BuildCohort computes the cohort view of an assessment's stored scores.
func BuildCohort(cat *catalog.Catalog, a Assessment, all []Scores) Cohort {
	c := Cohort{TieRule: scoring.TieRule, Scales: []CohortScale{}, Candidates: []CohortCandidate{}, Ranking: []scoring.Ranked{}}
	// Per scale: the cohort's raw scores and keyed item rows.
	for si, sec := range a.Config.Sections {
		inst, err := cat.InstrumentAt(sec.Instrument, sec.Hash)
		if err != nil {
			continue // unreadable snapshot: the scale is left out of the cohort view
		}
		for _, sc := range inst.Scales {
			cs := CohortScale{Instrument: inst.ID, Scale: sc.ID, Caution: sc.Caution}
			itemIDs, rows, raws, metric := scaleSample(inst, sc.ID, si, all)
			cs.Metric, cs.N = metric, len(raws)
			if inst.Kind == catalog.ForcedChoice || inst.Kind == catalog.Writing {
				continue // ipsative or human-rated: no cohort norm
			}
			ref := scoring.Norm{Mean: 0, SD: 1}
			if sc.Norm != nil {
				ref = scoring.Norm{Mean: sc.Norm.Mean, SD: sc.Norm.SD, N: sc.Norm.N}
			}
			n := scoring.ChooseNorm(ref, raws)
			cs.Norm, cs.NormMean, cs.NormSD = n.Source, n.Mean, n.SD
			cs.Reliability = scoring.ScaleReliability(itemIDs, rows)
			if cs.Metric == catalog.Theta {
				cs.SEMSource = "irt"
			} else {
				sem, src := scoring.ScaleSEM(cs.Reliability, n)
				cs.SEM, cs.SEMSource = sem, string(src)
			}
			c.Scales = append(c.Scales, cs)
		}
	}
	norms := map[string]scoring.Norm{}
	for _, cs := range c.Scales {
		norms[cs.Scale] = scoring.Norm{Source: cs.Norm, Mean: cs.NormMean, SD: cs.NormSD, N: cs.N}
		if cs.Norm == scoring.Local {
			var raws []float64
			for _, s := range all {
				for _, sec := range s.Sections {
					for _, ss := range sec.Scales {
						if ss.Scale == cs.Scale && ss.Answered > 0 {
							raws = append(raws, ss.Raw)
						}
					}
				}
			}
			sort.Float64s(raws)
			n := norms[cs.Scale]
			n.Sample = raws
			norms[cs.Scale] = n
		}
	}
	sems := map[string]CohortScale{}
	for _, cs := range c.Scales {
		sems[cs.Scale] = cs
	}
	var rank []scoring.RankInput
	for _, s := range all {
		cc := CohortCandidate{SessionID: s.SessionID, Scales: map[string]Standing{}}
		var parts []scoring.Part
		for si, sec := range a.Config.Sections {
			if si >= len(s.Sections) {
				break
			}
			var scored []ScaleScore
			for _, ss := range s.Sections[si].Scales {
				cs, ok := sems[ss.Scale]
				if !ok {
					continue
				}
				st := Standing{Raw: ss.Raw, Answered: ss.Answered}
				if ss.Answered > 0 {
					std := scoring.Standardize(ss.Raw, norms[ss.Scale])
					st.Z, st.T, st.Sten, st.Percentile = std.Z, std.T, std.Sten, std.Percentile
					if cs.SEMSource == "irt" {
						st.SE = ss.SE / math.Max(norms[ss.Scale].SD, 1e-9)
						st.Band = ss.Band
					} else {
						st.SE = scoring.SEInZ(cs.SEM, norms[ss.Scale])
						st.Band = scoring.Band95(ss.Raw, cs.SEM)
					}
				}
				cc.Scales[ss.Scale] = st
				if !ss.Caution && ss.Answered > 0 {
					ss.Z, ss.SE = st.Z, st.SE
					scored = append(scored, ss)
				}
			}
			for _, ss := range scored {
				p := scoring.Part{ID: ss.Scale, Weight: sec.Weight / float64(len(scored)), Z: ss.Z, SE: ss.SE}
				if sec.Minimum != nil {
					m := (*sec.Minimum - 50) / 10
					p.Minimum = &m
				}
				parts = append(parts, p)
			}
		}
		cc.Fit = scoring.RoleFit(parts)
		c.Candidates = append(c.Candidates, cc)
		if cc.Fit.Defined {
			rank = append(rank, scoring.RankInput{ID: s.SessionID, C: cc.Fit.C, SE: cc.Fit.SE})
		}
	}
	c.Ranking = scoring.Rank(rank)
	if c.Ranking == nil {
		c.Ranking = []scoring.Ranked{}
	}
	return c
}

// scaleSample collects one scale's evidence across stored scores: its item ids, the keyed
// item rows (NaN where unanswered) and the raw scores of everyone who answered it.
func scaleSample(inst *catalog.Instrument, scale string, section int, all []Scores) (itemIDs []string, rows [][]float64, raws []float64, metric string) {
	for _, it := range inst.Items {
		if it.Scale == scale || (it.Scale == "" && len(inst.Scales) == 1) {
			itemIDs = append(itemIDs, it.ID)
		}
	}
	for _, s := range all {
		ss, ok := scaleOf(s, section, scale)
		if !ok || ss.Answered == 0 {
			continue
		}
		metric = ss.Metric
		raws = append(raws, ss.Raw)
		row := make([]float64, len(itemIDs))
		for j, id := range itemIDs {
			v, ok := ss.ItemScores[id]
			if !ok {
				v = math.NaN()
			}
			row[j] = v
		}
		rows = append(rows, row)
	}
	return itemIDs, rows, raws, metric
}

// Priors is what earlier candidates of the same assessment tell scoring: each scale's raw
// scores (for local norms) and its reliability (for an observed SEM); both take over from
// the content's reference values once scoring.LocalNormMin candidates exist.
type Priors struct {
	Local       map[string][]float64
	Reliability map[string]scoring.Reliability
}

// PriorsOf computes Priors from an assessment's stored scores.
func PriorsOf(cat *catalog.Catalog, a Assessment, prior []Scores) Priors {
	p := Priors{Local: LocalScores(prior), Reliability: map[string]scoring.Reliability{}}
	for si, sec := range a.Config.Sections {
		inst, err := cat.InstrumentAt(sec.Instrument, sec.Hash)
		if err != nil {
			continue // unreadable snapshot: the scale is left out of the cohort view
		}
		for _, sc := range inst.Scales {
			itemIDs, rows, _, _ := scaleSample(inst, sc.ID, si, prior)
			p.Reliability[sc.ID] = scoring.ScaleReliability(itemIDs, rows)
		}
	}
	return p
}

func scaleOf(s Scores, section int, scale string) (ScaleScore, bool) {
	if section >= len(s.Sections) {
		return ScaleScore{}, false
	}
	for _, ss := range s.Sections[section].Scales {
		if ss.Scale == scale {
			return ss, true
		}
	}
	return ScaleScore{}, false
}
