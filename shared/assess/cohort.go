package assess

import (
	"fmt"
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
	TopK int `json:"topK"`
	// Main and Review count the ranked candidates of each group: Candidates holds the
	// main group in rank order, then the review-first group in rank order, then anyone
	// without a role fit.
	Main   int           `json:"main"`
	Review int           `json:"review"`
	Scales []CohortScale `json:"scales"`
	// Tests are the assessment's scored tests (sections with at least one scale that can
	// enter a composite), in the assessment's order; every candidate's Tests align with it.
	Tests []CohortTest `json:"tests"`
	// Tiers summarises each group's tiers (see tiersOf), main group first.
	Tiers []Tier `json:"tiers"`
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
	// Rank within the candidate's group (main, or review first) with its 95% interval
	// and the chance of being in the group's top TopK (scoring.Rank); 0 when Fit is
	// undefined.
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
	// Tier is the candidate's tier within their group (1 = the top tier; see tiersOf);
	// 0 when not ranked.
	Tier int `json:"tier"`
	// Tests holds one score per test, aligned with Cohort.Tests: the test's scales
	// combined as in the role fit (z units, with SE and 95% band).
	Tests []TestScore `json:"tests"`
}

// CohortTest is one scored test (a section) of the assessment.
type CohortTest struct {
	Section    int            `json:"section"`
	Instrument string         `json:"instrument"`
	Family     catalog.Family `json:"family"`
	Kind       catalog.Kind   `json:"kind"`
	// Weight is the section's weight in the role fit (0: shown, not weighted).
	Weight float64 `json:"weight"`
	// Scales are the test's scales that enter its score.
	Scales []string `json:"scales"`
}

// TestScore is a candidate's score on one test: the mean of the z of the test's scales
// (equal weights, as they share the section's weight in the role fit) with
// SE = √(Σ SEₖ²)/k and the 95% band; Defined is false when the test has no scored scale.
type TestScore struct {
	Z       float64      `json:"z"`
	SE      float64      `json:"se"`
	Band    scoring.Band `json:"band"`
	Defined bool         `json:"defined"`
}

// Tier is one tier of a group's ranking: Size candidates holding places First…Last.
type Tier struct {
	Group string `json:"group"` // GroupRanked or GroupReview
	Tier  int    `json:"tier"`
	Size  int    `json:"size"`
	First int    `json:"first"`
	Last  int    `json:"last"`
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

// CohortState is what the cohort view is derived from, kept up to date one result at a
// time: a compact row per scored candidate (raw scores, θ SEs, caution codes: O(scales))
// and, per scale, the sufficient statistics of the keyed item scores (O(items)), so a
// new result updates it without reading anyone else's. It is stored with the snapshot.
type CohortState struct {
	AssessmentID string                       `json:"assessmentId"`
	Engine       string                       `json:"engine"`
	Rows         []CohortRow                  `json:"rows"`
	Items        map[string]*scoring.ItemSums `json:"items"` // by scale

	seen  map[string]bool
	items map[string][]string // section/scale → item ids (a cache: computed once per state)
}

// CohortRow is one result as the cohort view needs it.
type CohortRow struct {
	SessionID   string     `json:"s"`
	CandidateID string     `json:"c"`
	ScoredAt    time.Time  `json:"t"`
	RetainUntil time.Time  `json:"u,omitzero"`
	Scales      []RowScale `json:"x"`
	Cautions    []string   `json:"k,omitempty"`
	// Review: a serious caution (scoring.Caution.Serious) puts the candidate in the
	// "review first" group: evidence that the scores may not describe the person.
	Review bool `json:"v,omitempty"`
}

// RowScale is one scale of a CohortRow.
type RowScale struct {
	Section  int     `json:"i"`
	Scale    string  `json:"s"`
	Metric   string  `json:"m"`
	Raw      float64 `json:"r"`
	Answered int     `json:"a"`
	Items    int     `json:"n"`
	ThetaSE  float64 `json:"e,omitempty"`
	Caution  bool    `json:"c,omitempty"`
}

// NewCohortState is the state of an assessment without results.
func NewCohortState(a Assessment) CohortState {
	return CohortState{AssessmentID: a.ID, Engine: EngineVersion, Rows: []CohortRow{}, Items: map[string]*scoring.ItemSums{}}
}

// Has reports whether a session's result is in the state.
func (st *CohortState) Has(sessionID string) bool {
	if st.seen == nil {
		st.seen = make(map[string]bool, len(st.Rows))
		for _, r := range st.Rows {
			st.seen[r.SessionID] = true
		}
	}
	return st.seen[sessionID]
}

// Add adds one result; a session already in the state is left as it is (results are
// never edited), so adding the same result twice is harmless. It reports whether the
// state changed.
func (st *CohortState) Add(cat *catalog.Catalog, a Assessment, s Scores) bool {
	if st.Has(s.SessionID) {
		return false
	}
	st.seen[s.SessionID] = true
	row := CohortRow{SessionID: s.SessionID, CandidateID: s.CandidateID, ScoredAt: s.ScoredAt, RetainUntil: s.RetainUntil, Scales: []RowScale{}}
	for _, ca := range s.Cautions {
		row.Cautions = append(row.Cautions, ca.Code)
	}
	row.Review = scoring.HasSerious(s.Cautions)
	for si, sec := range a.Config.Sections {
		if si >= len(s.Sections) {
			break
		}
		inst, err := cat.InstrumentAt(sec.Instrument, sec.Hash)
		if err != nil {
			continue // unreadable snapshot: the scale is left out of the cohort view
		}
		for _, ss := range s.Sections[si].Scales {
			row.Scales = append(row.Scales, RowScale{Section: si, Scale: ss.Scale, Metric: ss.Metric, Raw: ss.Raw,
				Answered: ss.Answered, Items: ss.Items, ThetaSE: ss.ThetaSE, Caution: ss.Caution})
			if ss.Answered == 0 || math.IsNaN(ss.Raw) {
				continue // reliability describes people who attempted the part
			}
			key := fmt.Sprint(si, "/", ss.Scale)
			ids, ok := st.items[key]
			if !ok {
				if st.items == nil {
					st.items = map[string][]string{}
				}
				ids = scaleItems(inst, ss.Scale)
				st.items[key] = ids
			}
			sums := st.Items[ss.Scale]
			if sums == nil || len(sums.Sum) != len(ids) {
				fresh := scoring.NewItemSums(len(ids))
				sums = &fresh
				st.Items[ss.Scale] = sums
			}
			vals := make([]float64, len(ids))
			for j, id := range ids {
				v, ok := ss.ItemScores[id]
				if !ok {
					v = math.NaN()
				}
				vals[j] = v
			}
			sums.Add(vals)
		}
	}
	st.Rows = append(st.Rows, row)
	return true
}

// Expires is the first moment a row of the state passes its retention (zero: none does):
// a view built before it must be rebuilt from then on.
func (st *CohortState) Expires() time.Time {
	var first time.Time
	for _, r := range st.Rows {
		if !r.RetainUntil.IsZero() && (first.IsZero() || r.RetainUntil.Before(first)) {
			first = r.RetainUntil
		}
	}
	return first
}

// scaleItems are the ids of a scale's items, in content order.
func scaleItems(inst *catalog.Instrument, scale string) []string {
	var ids []string
	for _, it := range inst.Items {
		if it.Scale == scale || (it.Scale == "" && len(inst.Scales) == 1) {
			ids = append(ids, it.ID)
		}
	}
	return ids
}

// BuildCohort computes the cohort view of an assessment's stored scores (a state built
// from all of them, then derived).
func BuildCohort(cat *catalog.Catalog, a Assessment, all []Scores) Cohort {
	st := NewCohortState(a)
	for _, s := range all {
		st.Add(cat, a, s)
	}
	return st.Derive(cat, a)
}

// Derive computes the cohort view from the state. It is pure and O(n log n) in the
// cohort's size (rank intervals: O(D·n log n), scoring.Rank).
func (st *CohortState) Derive(cat *catalog.Catalog, a Assessment) Cohort {
	c := Cohort{N: len(st.Rows), TopK: DefaultTopK, RankRule: scoring.RankRule, Scales: []CohortScale{}, Tests: []CohortTest{},
		Tiers: []Tier{}, Candidates: []CohortCandidate{}}
	raws := map[string][]float64{}
	metrics := map[string]string{}
	for _, r := range st.Rows {
		if r.ScoredAt.After(c.AsOf) {
			c.AsOf = r.ScoredAt
		}
		for _, x := range r.Scales {
			metrics[x.Scale] = x.Metric
			if x.Answered > 0 && !math.IsNaN(x.Raw) {
				raws[x.Scale] = append(raws[x.Scale], x.Raw)
			}
		}
	}
	kinds := map[string]catalog.Kind{}
	norms := map[string]scoring.Norm{}
	sems := map[string]CohortScale{}
	for _, sec := range a.Config.Sections {
		inst, err := cat.InstrumentAt(sec.Instrument, sec.Hash)
		if err != nil || inst.Kind == catalog.ForcedChoice || inst.Kind == catalog.Writing {
			continue // unreadable snapshot, ipsative or human-rated: no cohort norm
		}
		for _, sc := range inst.Scales {
			cs := CohortScale{Instrument: inst.ID, Scale: sc.ID, Kind: inst.Kind, Caution: sc.Caution,
				Metric: metrics[sc.ID], N: len(raws[sc.ID])}
			ref := scoring.Norm{Mean: 0, SD: 1}
			if sc.Norm != nil {
				ref = scoring.Norm{Mean: sc.Norm.Mean, SD: sc.Norm.SD, N: sc.Norm.N}
			}
			if cs.Metric == catalog.Theta {
				ref = scoring.Norm{Mean: 0, SD: 1} // θ is on the calibration population's z scale
			}
			n := scoring.ChooseNorm(ref, raws[sc.ID])
			cs.Norm, cs.NormMean, cs.NormSD, cs.NormN = n.Source, n.Mean, n.SD, n.N
			ids := scaleItems(inst, sc.ID)
			if sums := st.Items[sc.ID]; sums != nil && len(sums.Sum) == len(ids) {
				cs.Reliability = sums.Reliability(ids)
			} else {
				cs.Reliability = scoring.Reliability{K: len(ids)}
			}
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
	testOf := map[int]int{} // section → index in c.Tests
	for si, sec := range a.Config.Sections {
		inst, err := cat.InstrumentAt(sec.Instrument, sec.Hash)
		if err != nil || inst.Kind == catalog.ForcedChoice || inst.Kind == catalog.Writing {
			continue
		}
		t := CohortTest{Section: si, Instrument: inst.ID, Family: sec.Family, Kind: inst.Kind, Weight: sec.Weight}
		for _, sc := range inst.Scales {
			if _, ok := sems[sc.ID]; ok && !sc.Caution {
				t.Scales = append(t.Scales, sc.ID)
			}
		}
		if len(t.Scales) > 0 {
			testOf[si] = len(c.Tests)
			c.Tests = append(c.Tests, t)
		}
	}
	var rank, review []scoring.RankInput
	for _, r := range st.Rows {
		cc := CohortCandidate{SessionID: r.SessionID, CandidateID: r.CandidateID, Scales: map[string]Standing{},
			Cautions: []string{}, Strengths: []scoring.Insight{}, Probes: []scoring.Insight{}}
		var parts, abilityParts []scoring.Part
		testParts := make([][]scoring.Part, len(c.Tests))
		var insights []scoring.ScaleResult
		scoredIn := map[int]int{}
		for _, x := range r.Scales {
			if _, ok := sems[x.Scale]; ok && !x.Caution {
				scoredIn[x.Section]++
			}
		}
		for _, x := range r.Scales {
			cs, ok := sems[x.Scale]
			if !ok || x.Section >= len(a.Config.Sections) {
				continue
			}
			sd := standing(x, cs, norms[x.Scale])
			cc.Scales[x.Scale] = sd
			if x.Caution {
				continue
			}
			sec := a.Config.Sections[x.Section]
			p := scoring.Part{ID: x.Scale, Weight: sec.Weight / float64(scoredIn[x.Section]), Z: sd.Z, SE: sd.SE}
			if m, ok := minimumZ(sec, norms[x.Scale]); ok {
				p.Minimum = &m
			}
			parts = append(parts, p)
			if ti, ok := testOf[x.Section]; ok {
				testParts[ti] = append(testParts[ti], scoring.Part{ID: x.Scale, Weight: 1, Z: sd.Z, SE: sd.SE})
			}
			if kinds[x.Scale] != catalog.Likert {
				abilityParts = append(abilityParts, p)
			}
			insights = append(insights, scoring.ScaleResult{Scale: x.Scale, Z: sd.Z, SE: sd.SE, Answered: sd.Answered, Items: sd.Items})
		}
		cc.Fit = scoring.RoleFit(parts)
		cc.Ability = scoring.RoleFit(abilityParts)
		cc.Tests = make([]TestScore, len(c.Tests))
		for i, tp := range testParts {
			if f := scoring.RoleFit(tp); f.Defined {
				cc.Tests[i] = TestScore{Z: f.C, SE: f.SE, Band: f.Band, Defined: true}
			}
		}
		cc.Cautions = append(cc.Cautions, r.Cautions...)
		cc.ReviewFirst = r.Review
		strengths, probes := scoring.Insights(insights, 3)
		cc.Strengths, cc.Probes = nonNilInsights(strengths), nonNilInsights(probes)
		c.Candidates = append(c.Candidates, cc)
		switch {
		case cc.Fit.Defined && cc.ReviewFirst:
			review = append(review, scoring.RankInput{ID: r.SessionID, C: cc.Fit.C, SE: cc.Fit.SE})
		case cc.Fit.Defined:
			rank = append(rank, scoring.RankInput{ID: r.SessionID, C: cc.Fit.C, SE: cc.Fit.SE})
		}
	}
	// Candidates with a serious caution are ranked apart, in their own "review first"
	// group: their scores may not describe them, so they neither take a place among the
	// others nor move anyone else's place or interval.
	c.Main, c.Review = len(rank), len(review)
	seed := seedOf(a.ID, len(st.Rows))
	c.order(scoring.Rank(rank, c.TopK, seed), scoring.Rank(review, c.TopK, seed+1))
	return c
}

// order puts the candidates in rank order and copies each one's rank figures in;
// candidates without a defined fit go last, by session id.
func (c *Cohort) order(main, review []scoring.Ranked) {
	tiers := map[string]int{}
	for _, g := range []struct {
		name   string
		ranked []scoring.Ranked
	}{{GroupRanked, main}, {GroupReview, review}} {
		of, summary := tiersOf(g.ranked)
		for id, t := range of {
			tiers[id] = t
		}
		for _, t := range summary {
			t.Group = g.name
			c.Tiers = append(c.Tiers, t)
		}
	}
	pos := make(map[string]scoring.Ranked, len(main)+len(review))
	for _, r := range main {
		pos[r.ID] = r
	}
	for _, r := range review {
		pos[r.ID] = r
	}
	for i := range c.Candidates {
		if r, ok := pos[c.Candidates[i].SessionID]; ok {
			c.Candidates[i].Rank, c.Candidates[i].RankLow, c.Candidates[i].RankHigh, c.Candidates[i].PTop = r.Rank, r.Low, r.High, r.PTop
			c.Candidates[i].Tier = tiers[r.ID]
		}
	}
	sort.SliceStable(c.Candidates, func(i, j int) bool {
		a, b := c.Candidates[i], c.Candidates[j]
		if (a.Rank == 0) != (b.Rank == 0) {
			return b.Rank == 0
		}
		if a.ReviewFirst != b.ReviewFirst {
			return b.ReviewFirst // the main group first, then "review first"
		}
		if a.Rank != b.Rank {
			return a.Rank < b.Rank
		}
		return a.SessionID < b.SessionID
	})
	c.bySession = nil
}

// tiersOf groups one group's ranked candidates into tiers of candidates who cannot be
// told apart. Walking down the rank order, a tier starts at the best-placed candidate not
// yet in one (its leader, 95% rank interval [L, H]) and holds every following candidate,
// in rank order, whose interval's low end is at most H — whose interval overlaps the
// leader's (it includes the candidate's own place, which is below the leader's, so its
// high end is always past L) — up to the first who does not overlap. Tiers are therefore
// runs of consecutive places, numbered from 1 at the top, and each member's interval
// overlaps its leader's. It depends only on the places and intervals, so the same cohort
// always gives the same tiers.
func tiersOf(ranked []scoring.Ranked) (map[string]int, []Tier) {
	rs := append([]scoring.Ranked(nil), ranked...)
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].Rank < rs[j].Rank })
	of := make(map[string]int, len(rs))
	var out []Tier
	for i := 0; i < len(rs); {
		j := i + 1
		for j < len(rs) && rs[j].Low <= rs[i].High {
			j++
		}
		t := Tier{Tier: len(out) + 1, Size: j - i, First: rs[i].Rank, Last: rs[j-1].Rank}
		for _, r := range rs[i:j] {
			of[r.ID] = t.Tier
		}
		out = append(out, t)
		i = j
	}
	return of, out
}

// standing places one scale score against the cohort's norm and SEM.
func standing(ss RowScale, cs CohortScale, n scoring.Norm) Standing {
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
