package assess

import (
	"hash/fnv"
	"math"
	"sort"
	"time"

	"shortlist/shared/catalog"
	"shortlist/shared/scoring"
)

// Cohort is an assessment's candidates seen together — the one place where anything
// relative to other candidates is computed: every scale against the norm the cohort now
// supports (local once N ≥ 30, else the content's provisional reference) with the SEM its
// own responses support (observed α once N ≥ 30, else provisional), the role-fit and
// ability composites, rank intervals, strengths and probes. The ranking, a candidate's
// detail, the statistics and every report read the same Cohort, so they show the same
// figures, labelled with AsOf and N.
type Cohort struct {
	// AsOf is the newest result in it; N how many results it holds.
	AsOf time.Time `json:"asOf"`
	N    int       `json:"n"`
	// TopK is the K of Candidate.PTop.
	TopK   int           `json:"topK"`
	Scales []CohortScale `json:"scales"`
	// Candidates in rank order: by role fit, highest first (equal fits by session id).
	Candidates []CohortCandidate `json:"candidates"`
	RankRule   scoring.Text      `json:"rankRule"`

	bySession map[string]int
}

// CohortScale is one scale's figures across the cohort.
type CohortScale struct {
	Instrument string             `json:"instrument"`
	Scale      string             `json:"scale"`
	Metric     string             `json:"metric"`
	Kind       catalog.Kind       `json:"kind"`
	Norm       scoring.NormSource `json:"norm"`
	NormMean   float64            `json:"normMean"`
	NormSD     float64            `json:"normSd"`
	// NormN is the size of the sample behind the norm: the cohort's for a local norm, the
	// content's calibration sample for a reference one (0 = provisional, not calibrated).
	NormN int `json:"normN"`
	N     int `json:"n"`
	// Reliability from the cohort's complete responses (Defined false when too few).
	Reliability scoring.Reliability `json:"reliability"`
	SEM         float64             `json:"sem"`
	SEMSource   string              `json:"semSource"`
	Caution     bool                `json:"caution,omitempty"`
}

// CohortCandidate is one candidate's standing in the cohort.
type CohortCandidate struct {
	SessionID   string              `json:"sessionId"`
	CandidateID string              `json:"candidateId"`
	Scales      map[string]Standing `json:"scales"`
	// Fit is the role's weighted composite; Ability the same without self-report scales
	// (ability, work samples, judgment), so a team can see who rises only on
	// self-description.
	Fit     scoring.Composite `json:"fit"`
	Ability scoring.Composite `json:"ability"`
	// Rank with its 95% interval and the chance of being in the top TopK (scoring.Rank);
	// 0 when Fit is undefined.
	Rank     int     `json:"rank"`
	RankLow  int     `json:"rankLow"`
	RankHigh int     `json:"rankHigh"`
	PTop     float64 `json:"pTop"`
	// Cautions are the result's response-quality codes; ReviewFirst is true when one of
	// them is serious: the candidate is listed in a "review first" group, never silently
	// among the top.
	Cautions    []string          `json:"cautions"`
	ReviewFirst bool              `json:"reviewFirst"`
	Strengths   []scoring.Insight `json:"strengths"`
	Probes      []scoring.Insight `json:"probes"`
}

// Standing is a scale score against the cohort's norm.
type Standing struct {
	Metric     string             `json:"metric"`
	Raw        float64            `json:"raw"`
	Norm       scoring.NormSource `json:"norm"`
	Z          float64            `json:"z"`
	T          float64            `json:"t"`
	Sten       int                `json:"sten"`
	Percentile float64            `json:"percentile"`
	SE         float64            `json:"se"`   // z units
	Band       scoring.Band       `json:"band"` // 95%, raw units
	Answered   int                `json:"answered"`
	Items      int                `json:"items"`
}

// seriousCaution names the cautions that put a candidate in the "review first" group:
// evidence that the scores may not describe the person (faking, random or straight-line
// answering, a part not finished).
var seriousCaution = map[string]bool{
	scoring.CautionImpression: true, scoring.CautionLongstring: true,
	"random_responding": true, "person_misfit": true, "not_finished": true,
}

// SeriousCaution reports whether a caution code puts a candidate in "review first".
func SeriousCaution(code string) bool { return seriousCaution[code] }

// DefaultTopK is the K of "chance of being in the top K".
const DefaultTopK = 10

// Candidate finds a session's row; ok is false when it has no result in the cohort.
func (c *Cohort) Candidate(sessionID string) (CohortCandidate, bool) {
	if c.bySession == nil {
		c.bySession = make(map[string]int, len(c.Candidates))
		for i, cc := range c.Candidates {
			c.bySession[cc.SessionID] = i
		}
	}
	i, ok := c.bySession[sessionID]
	if !ok {
		return CohortCandidate{}, false
	}
	return c.Candidates[i], true
}

// Scale finds a scale's cohort figures.
func (c *Cohort) Scale(id string) (CohortScale, bool) {
	for _, s := range c.Scales {
		if s.Scale == id {
			return s, true
		}
	}
	return CohortScale{}, false
}

// BuildCohort computes the cohort view of an assessment's stored scores. It is pure and
// O(n log n) in the cohort's size (rank intervals: O(D·n log n), scoring.Rank).
func BuildCohort(cat *catalog.Catalog, a Assessment, all []Scores) Cohort {
	c := Cohort{N: len(all), TopK: DefaultTopK, RankRule: scoring.RankRule, Scales: []CohortScale{}, Candidates: []CohortCandidate{}}
	for _, s := range all {
		if s.ScoredAt.After(c.AsOf) {
			c.AsOf = s.ScoredAt
		}
	}
	kinds := map[string]catalog.Kind{}
	norms := map[string]scoring.Norm{}
	sems := map[string]CohortScale{}
	for si, sec := range a.Config.Sections {
		inst, err := cat.InstrumentAt(sec.Instrument, sec.Hash)
		if err != nil || inst.Kind == catalog.ForcedChoice || inst.Kind == catalog.Writing {
			continue // unreadable snapshot, ipsative or human-rated: no cohort norm
		}
		for _, sc := range inst.Scales {
			cs := CohortScale{Instrument: inst.ID, Scale: sc.ID, Kind: inst.Kind, Caution: sc.Caution}
			itemIDs, rows, raws, metric := scaleSample(inst, sc.ID, si, all)
			cs.Metric, cs.N = metric, len(raws)
			ref := scoring.Norm{Mean: 0, SD: 1}
			if sc.Norm != nil {
				ref = scoring.Norm{Mean: sc.Norm.Mean, SD: sc.Norm.SD, N: sc.Norm.N}
			}
			if metric == catalog.Theta {
				ref = scoring.Norm{Mean: 0, SD: 1} // θ is on the calibration population's z scale
			}
			n := scoring.ChooseNorm(ref, raws)
			cs.Norm, cs.NormMean, cs.NormSD, cs.NormN = n.Source, n.Mean, n.SD, n.N
			cs.Reliability = scoring.ScaleReliability(itemIDs, rows)
			if cs.Metric == catalog.Theta {
				cs.SEMSource = "irt"
			} else {
				sem, src := scoring.ScaleSEM(cs.Reliability, n)
				cs.SEM, cs.SEMSource = sem, string(src)
			}
			c.Scales = append(c.Scales, cs)
			norms[sc.ID], sems[sc.ID], kinds[sc.ID] = n, cs, inst.Kind
		}
	}
	var rank []scoring.RankInput
	for _, s := range all {
		cc := CohortCandidate{SessionID: s.SessionID, CandidateID: s.CandidateID, Scales: map[string]Standing{},
			Cautions: []string{}, Strengths: []scoring.Insight{}, Probes: []scoring.Insight{}}
		var parts, abilityParts []scoring.Part
		var insights []scoring.ScaleResult
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
				st := standing(ss, cs, norms[ss.Scale])
				cc.Scales[ss.Scale] = st
				if !ss.Caution {
					scored = append(scored, ss)
				}
			}
			for _, ss := range scored {
				st := cc.Scales[ss.Scale]
				p := scoring.Part{ID: ss.Scale, Weight: sec.Weight / float64(len(scored)), Z: st.Z, SE: st.SE}
				if m, ok := minimumZ(sec, norms[ss.Scale]); ok {
					p.Minimum = &m
				}
				parts = append(parts, p)
				if kinds[ss.Scale] != catalog.Likert {
					abilityParts = append(abilityParts, p)
				}
				insights = append(insights, scoring.ScaleResult{Scale: ss.Scale, Z: st.Z, SE: st.SE, Answered: st.Answered, Items: st.Items})
			}
		}
		cc.Fit = scoring.RoleFit(parts)
		cc.Ability = scoring.RoleFit(abilityParts)
		for _, ca := range s.Cautions {
			cc.Cautions = append(cc.Cautions, ca.Code)
			if SeriousCaution(ca.Code) {
				cc.ReviewFirst = true
			}
		}
		st, pr := scoring.Insights(insights, 3)
		cc.Strengths, cc.Probes = nonNilInsights(st), nonNilInsights(pr)
		c.Candidates = append(c.Candidates, cc)
		if cc.Fit.Defined {
			rank = append(rank, scoring.RankInput{ID: s.SessionID, C: cc.Fit.C, SE: cc.Fit.SE})
		}
	}
	c.order(scoring.Rank(rank, c.TopK, seedOf(a.ID, len(all))))
	return c
}

// order puts the candidates in rank order and copies each one's rank figures in;
// candidates without a defined fit go last, by session id.
func (c *Cohort) order(ranked []scoring.Ranked) {
	pos := make(map[string]scoring.Ranked, len(ranked))
	for _, r := range ranked {
		pos[r.ID] = r
	}
	for i := range c.Candidates {
		if r, ok := pos[c.Candidates[i].SessionID]; ok {
			c.Candidates[i].Rank, c.Candidates[i].RankLow, c.Candidates[i].RankHigh, c.Candidates[i].PTop = r.Rank, r.Low, r.High, r.PTop
		}
	}
	sort.SliceStable(c.Candidates, func(i, j int) bool {
		a, b := c.Candidates[i], c.Candidates[j]
		if (a.Rank == 0) != (b.Rank == 0) {
			return b.Rank == 0
		}
		if a.Rank != b.Rank {
			return a.Rank < b.Rank
		}
		return a.SessionID < b.SessionID
	})
	c.bySession = nil
}

// standing places one scale score against the cohort's norm and SEM.
func standing(ss ScaleScore, cs CohortScale, n scoring.Norm) Standing {
	std := scoring.Standardize(ss.Raw, n)
	st := Standing{Metric: ss.Metric, Raw: ss.Raw, Norm: n.Source, Z: std.Z, T: std.T, Sten: std.Sten, Percentile: std.Percentile,
		Answered: ss.Answered, Items: ss.Items}
	if cs.SEMSource == "irt" {
		st.SE = ss.ThetaSE / math.Max(n.SD, 1e-9)
		st.Band = scoring.Band95(ss.Raw, ss.ThetaSE)
	} else {
		st.SE = scoring.SEInZ(cs.SEM, n)
		st.Band = scoring.Band95(ss.Raw, cs.SEM)
	}
	return st
}

// minimumZ is a section's minimum as a z against the norm in force. A minimum set on the
// scale's own metric (MinimumRaw: a mean, a share, θ) stays the same line whatever the
// norm; one set as a T score is relative to the norm in force (reference, then local).
func minimumZ(sec Section, n scoring.Norm) (float64, bool) {
	switch {
	case sec.MinimumRaw != nil && n.SD > 0:
		return (*sec.MinimumRaw - n.Mean) / n.SD, true
	case sec.Minimum != nil:
		return (*sec.Minimum - 50) / 10, true
	}
	return 0, false
}

// seedOf makes the rank draws reproducible for one assessment and cohort size.
func seedOf(assessmentID string, n int) uint64 {
	h := fnv.New64a()
	h.Write([]byte(assessmentID))
	return h.Sum64() ^ uint64(n)
}

func nonNilInsights(in []scoring.Insight) []scoring.Insight {
	if in == nil {
		return []scoring.Insight{}
	}
	return in
}

// scaleSample collects one scale's evidence across stored scores: its item ids, the keyed
// item rows (NaN where unanswered) and the raw scores of everyone scored on it.
func scaleSample(inst *catalog.Instrument, scale string, section int, all []Scores) (itemIDs []string, rows [][]float64, raws []float64, metric string) {
	for _, it := range inst.Items {
		if it.Scale == scale || (it.Scale == "" && len(inst.Scales) == 1) {
			itemIDs = append(itemIDs, it.ID)
		}
	}
	for _, s := range all {
		ss, ok := scaleOf(s, section, scale)
		if !ok {
			continue
		}
		metric = ss.Metric
		if math.IsNaN(ss.Raw) || ss.Answered == 0 {
			continue // norms and reliability describe people who attempted the part
		}
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
