package main

import (
	"encoding/json"
	"math"
	"sort"
)

// The ranking-validity figures (docs/scoring.md, "How we check it"), computed from the generating truth (plan, people)
// and what the API said (apiView). Only here do the two meet.

// fnum is a figure that may be undefined (NaN): JSON null then.
type fnum float64

func (x fnum) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
		return []byte("null"), nil
	}
	return json.Marshal(float64(x))
}

// share is k of n.
type share struct {
	K int `json:"k"`
	N int `json:"n"`
}

func (s share) frac() float64 {
	if s.N == 0 {
		return math.NaN()
	}
	return float64(s.K) / float64(s.N)
}

func (s share) add(o share) share { return share{s.K + o.K, s.N + o.N} }

// coverage is how often a scale kind's 95% bands hold the true score, with the observed
// error next to the error the bands claim (RMSE / rms SE near 1 when they are honest).
type coverage struct {
	share
	SumSq   float64 `json:"-"` // Σ(estimate − true)²
	SumSE2  float64 `json:"-"` // Σ SE²
	RMSE    float64 `json:"rmse"`
	SE      float64 `json:"se"`
	Missing int     `json:"missing"` // honest candidate × scale without a band
}

func (c *coverage) finish() {
	if c.N > 0 {
		c.RMSE, c.SE = math.Sqrt(c.SumSq/float64(c.N)), math.Sqrt(c.SumSE2/float64(c.N))
	}
}

// skipperRow is one skipper beside its twin (the same person, every section answered).
type skipperRow struct {
	Candidate     int     `json:"candidate"` // 1-based, as in the names
	Twin          int     `json:"twin"`
	Section       string  `json:"section"`
	Ranked        bool    `json:"ranked"`
	Rank          int     `json:"rank"`
	TwinRank      int     `json:"twinRank"`
	Composite     float64 `json:"composite"`
	TwinComposite float64 `json:"twinComposite"`
	Median        fnum    `json:"median"`
	AboveTwin     bool    `json:"aboveTwin"`   // ranked better than the twin
	AboveMedian   bool    `json:"aboveMedian"` // composite above the ranked median
	Serious       bool    `json:"serious"`     // carries a serious caution
}

// roleFigures is one role's run.
type roleFigures struct {
	Role         string         `json:"role"`
	AssessmentID string         `json:"assessmentId"`
	AsOf         string         `json:"asOf,omitempty"`
	N            int            `json:"n"`
	Sections     []string       `json:"sections"`
	Weights      []float64      `json:"weights"`
	Heaviest     string         `json:"heaviestSection"`
	Counts       map[string]int `json:"counts"`

	Serious    map[string]share          `json:"seriousFlagged"` // per type: any serious caution
	AnyCaution map[string]share          `json:"anyCaution"`     // per type: any caution
	Codes      map[string]map[string]int `json:"codes"`          // per type: caution code → candidates

	Top10Unreviewed int            `json:"top10SeriousNotReviewFirst"`
	Top10Types      map[string]int `json:"top10Types"`
	ReviewFirst     int            `json:"reviewFirstRows"`
	ReviewMismatch  int            `json:"reviewFirstMismatch"` // rows whose reviewFirst is not "has a serious code"
	CautionMismatch int            `json:"cautionMismatch"`     // rows whose codes differ from the detail's

	FitSpearman     fnum  `json:"fitSpearmanHonest"`
	FitSpearmanAll  fnum  `json:"fitSpearmanAll"`
	AbilitySpearman *fnum `json:"abilitySpearmanHonest,omitempty"` // abilityComposite vs true ability fit

	Coverage map[string]*coverage `json:"coverage"` // per scale kind, honest candidates

	RankCover       share `json:"rankIntervalCoverage"`
	RankCoverHonest share `json:"rankIntervalCoverageHonest"`
	// RankCoverMain is the coverage in the main group (not review first): the ranking
	// whose places a hiring team reads as findings. Review-first places rank scores that
	// the engine itself says may not describe the person.
	RankCoverMain share `json:"rankIntervalCoverageMain"`
	RankWidth     fnum  `json:"rankIntervalMedianWidth"`
	PTopPresent   bool  `json:"pTopPresent"`

	Skippers []skipperRow `json:"skippers"`
	Unranked int          `json:"unranked"` // completed candidates missing from the ranking

	// Generated honest Likert scores beside the content's reference norm (from the
	// answers the generator drew, not from the API): how the model's spread compares.
	Generated []generatedRow `json:"generatedLikert"`

	Missing []string `json:"missingFromAPI"`
}

// generatedRow is one Likert scale's honest raw scores as generated.
type generatedRow struct {
	Scale   string  `json:"scale"`
	RefMean float64 `json:"refMean"`
	RefSD   float64 `json:"refSd"`
	Mean    float64 `json:"mean"`
	SD      float64 `json:"sd"`
}

// measure compares the API's view with the truth.
func measure(p *plan, people []*person, candidateIDs []string, v *apiView) *roleFigures {
	f := &roleFigures{Role: p.role, N: len(people), AsOf: v.AsOf, Counts: map[string]int{},
		Serious: map[string]share{}, AnyCaution: map[string]share{}, Codes: map[string]map[string]int{},
		Top10Types: map[string]int{}, Coverage: map[string]*coverage{}, Missing: v.Missing, Skippers: []skipperRow{}}
	for i, inst := range p.sections {
		f.Sections = append(f.Sections, inst.ID)
		f.Weights = append(f.Weights, p.weights[i])
	}
	f.Heaviest = p.sections[p.heaviest].ID

	rowOf := map[string]*rankRow{}
	for i := range v.Rows {
		rowOf[v.Rows[i].CandidateID] = &v.Rows[i]
	}
	// Caution codes per candidate: the ranking row's (filled from the detail when the
	// ranking serves a count), else the detail's.
	codesOf := func(i int) []string {
		id := candidateIDs[i]
		if r := rowOf[id]; r != nil {
			return r.Cautions
		}
		var out []string
		if d := v.Details[id]; d != nil {
			for _, c := range d.Cautions {
				out = append(out, c.Code)
			}
		}
		return out
	}
	seriousOf := func(i int) bool {
		for _, c := range codesOf(i) {
			if seriousCodes[c] {
				return true
			}
		}
		if d := v.Details[candidateIDs[i]]; d != nil {
			for _, c := range d.Cautions {
				if c.Serious {
					return true
				}
			}
		}
		return false
	}

	for i, ps := range people {
		t := ps.typ
		f.Counts[t]++
		codes := codesOf(i)
		s, a := f.Serious[t], f.AnyCaution[t]
		s.N++
		a.N++
		if seriousOf(i) {
			s.K++
		}
		if len(codes) > 0 {
			a.K++
		}
		f.Serious[t], f.AnyCaution[t] = s, a
		if f.Codes[t] == nil {
			f.Codes[t] = map[string]int{}
		}
		seen := map[string]bool{}
		for _, c := range codes {
			if !seen[c] {
				f.Codes[t][c]++
				seen[c] = true
			}
		}
		if rowOf[candidateIDs[i]] == nil {
			f.Unranked++
		}
	}

	// The top 10 rows as served.
	index := map[string]int{}
	for i, id := range candidateIDs {
		index[id] = i
	}
	for k := 0; k < len(v.Rows) && k < 10; k++ {
		i, ok := index[v.Rows[k].CandidateID]
		if !ok {
			continue
		}
		f.Top10Types[people[i].typ]++
		if seriousOf(i) && !v.Rows[k].ReviewFirst {
			f.Top10Unreviewed++
		}
	}

	for _, row := range v.Rows {
		i, ok := index[row.CandidateID]
		if !ok {
			continue
		}
		if row.ReviewFirst {
			f.ReviewFirst++
		}
		if row.ReviewFirst != seriousOf(i) {
			f.ReviewMismatch++
		}
		if d := v.Details[row.CandidateID]; d != nil {
			var detail []string
			for _, c := range d.Cautions {
				detail = append(detail, c.Code)
			}
			if !sameSet(row.Cautions, detail) {
				f.CautionMismatch++
			}
		}
	}

	// Role fit against the truth.
	var hTrue, hEst, aTrue, aEst, abTrue, abEst []float64
	for i, ps := range people {
		r := rowOf[candidateIDs[i]]
		if r == nil {
			continue
		}
		aTrue, aEst = append(aTrue, p.trueFit(ps, false)), append(aEst, r.Composite)
		if ps.typ == honest {
			hTrue, hEst = append(hTrue, p.trueFit(ps, false)), append(hEst, r.Composite)
			if r.Ability != nil {
				if t := p.trueFit(ps, true); !math.IsNaN(t) {
					abTrue, abEst = append(abTrue, t), append(abEst, r.Ability.Value)
				}
			}
		}
	}
	f.FitSpearman, f.FitSpearmanAll = fnum(spearman(hTrue, hEst)), fnum(spearman(aTrue, aEst))
	if len(abTrue) > 2 {
		s := fnum(spearman(abTrue, abEst))
		f.AbilitySpearman = &s
	}

	// 95% bands per scale kind, honest candidates: the true score on the engine's metric.
	for _, k := range scaleKinds {
		f.Coverage[k] = &coverage{}
	}
	for i, ps := range people {
		if ps.typ != honest {
			continue
		}
		d := v.Details[candidateIDs[i]]
		for _, s := range p.scales {
			c := f.Coverage[s.kind]
			var sv scaleView
			ok := false
			if d != nil {
				sv, ok = d.Scales[s.id]
			}
			if !ok || sv.Answered == 0 || !(sv.Band.High > sv.Band.Low) {
				c.Missing++
				continue
			}
			tau := s.trueScore(ps)
			c.N++
			if sv.Band.covers(tau) {
				c.K++
			}
			c.SumSq += (sv.Raw - tau) * (sv.Raw - tau)
			c.SumSE2 += sv.Band.se() * sv.Band.se()
		}
	}
	for _, c := range f.Coverage {
		c.finish()
	}

	// Rank intervals against the true rank within the candidate's group (1 = highest true
	// fit): the engine ranks the review-first group apart from the others, so a place is
	// a place among the same group.
	truth := make([]float64, len(people))
	for i, ps := range people {
		truth[i] = p.trueFit(ps, false)
	}
	var widths []float64
	for i, ps := range people {
		r := rowOf[candidateIDs[i]]
		if r == nil || !r.HasInterval {
			continue
		}
		if r.PTop != nil {
			f.PTopPresent = true
		}
		tr := 1
		for j, t := range truth {
			o := rowOf[candidateIDs[j]]
			if o != nil && o.HasInterval && o.ReviewFirst == r.ReviewFirst && t > truth[i] {
				tr++
			}
		}
		in := tr >= r.RankLow && tr <= r.RankHigh
		f.RankCover.N++
		if in {
			f.RankCover.K++
		}
		if ps.typ == honest {
			f.RankCoverHonest.N++
			if in {
				f.RankCoverHonest.K++
			}
		}
		if !r.ReviewFirst {
			f.RankCoverMain.N++
			if in {
				f.RankCoverMain.K++
			}
		}
		widths = append(widths, float64(r.RankHigh-r.RankLow+1))
	}
	f.RankWidth = fnum(median(widths))

	// The generated honest Likert scores, scale by scale.
	for _, s := range p.scales {
		if s.kind != kindLikert {
			continue
		}
		var xs []float64
		for _, ps := range people {
			if ps.typ == honest {
				xs = append(xs, generatedMean(s, ps))
			}
		}
		m, sd := meanSD(xs)
		f.Generated = append(f.Generated, generatedRow{Scale: s.id, RefMean: s.refMean, RefSD: s.refSD, Mean: m, SD: sd})
	}

	// Skippers against their twins and the median composite.
	var comps []float64
	for _, r := range v.Rows {
		comps = append(comps, r.Composite)
	}
	med := median(comps)
	for i, ps := range people {
		if ps.typ != skipper {
			continue
		}
		row := skipperRow{Candidate: i + 1, Twin: ps.twin + 1, Section: f.Heaviest, Median: fnum(med), Serious: seriousOf(i)}
		r, tw := rowOf[candidateIDs[i]], rowOf[candidateIDs[ps.twin]]
		if tw != nil {
			row.TwinRank, row.TwinComposite = tw.Rank, tw.Composite
		}
		if r != nil {
			row.Ranked, row.Rank, row.Composite = true, r.Rank, r.Composite
			row.AboveMedian = r.Composite > med
			// Places count within a group (main, or review first): a skipper held for
			// review is not above a twin in the main list, whatever its place there.
			row.AboveTwin = tw != nil && (r.Composite > tw.Composite ||
				(r.ReviewFirst == tw.ReviewFirst && r.Rank < tw.Rank) || (tw.ReviewFirst && !r.ReviewFirst))
		}
		f.Skippers = append(f.Skippers, row)
	}
	return f
}

func sameSet(a, b []string) bool {
	in := map[string]int{}
	for _, x := range a {
		in[x] |= 1
	}
	for _, x := range b {
		in[x] |= 2
	}
	for _, v := range in {
		if v != 3 {
			return false
		}
	}
	return true
}

// spearman is the rank correlation (average ranks for ties), written here so the check
// shares no code with the engine.
func spearman(x, y []float64) float64 {
	if len(x) != len(y) || len(x) < 3 {
		return math.NaN()
	}
	rx, ry := ranks(x), ranks(y)
	mx, my := mean(rx), mean(ry)
	var sxy, sxx, syy float64
	for i := range rx {
		sxy += (rx[i] - mx) * (ry[i] - my)
		sxx += (rx[i] - mx) * (rx[i] - mx)
		syy += (ry[i] - my) * (ry[i] - my)
	}
	if sxx == 0 || syy == 0 {
		return math.NaN()
	}
	return sxy / math.Sqrt(sxx*syy)
}

func ranks(x []float64) []float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
	out := make([]float64, len(x))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && x[idx[j+1]] == x[idx[i]] {
			j++
		}
		r := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			out[idx[k]] = r
		}
		i = j + 1
	}
	return out
}

// generatedMean is the mean keyed answer a person's generated answers give a Likert scale.
func generatedMean(s *scaleModel, ps *person) float64 {
	sum := 0.0
	for _, it := range s.graded {
		var v int
		_ = json.Unmarshal(ps.answers[s.section][it.id].Value, &v)
		if it.key < 0 {
			v = 6 - v
		}
		sum += float64(v)
	}
	return sum / float64(len(s.graded))
}

func meanSD(xs []float64) (float64, float64) {
	m := mean(xs)
	if len(xs) < 2 {
		return m, 0
	}
	ss := 0.0
	for _, x := range xs {
		ss += (x - m) * (x - m)
	}
	return m, math.Sqrt(ss / float64(len(xs)-1))
}

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := append([]float64{}, xs...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
