package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"

	"shortlist/shared/scoring"
)

// What the HR API says about the run, read only through the API: the ranking, the
// assessment's statistics and every candidate's detail.

type band struct{ Low, High float64 } // scoring.Band as served (untagged: "Low", "High")

func (b band) covers(x float64) bool { return x >= b.Low && x <= b.High }

// halfWidth/1.96 is the SE the band was built with.
func (b band) se() float64 { return (b.High - b.Low) / (2 * 1.96) }

// scaleResult is one scale of one candidate: the stored score (computed once when the
// session was scored) and the cohort standing (recomputed over every result when asked).
type scaleResult struct {
	Raw      float64
	Answered int
	Band     band   // stored: provisional SEM for classical scores, EAP band for θ
	SEFrom   string // stored: provisional | observed | irt
	Norm     string // stored: reference | local
	Cohort   band   // cohort view: observed SEM once N ≥ 30, the same EAP band for θ
}

type candidateResult struct {
	scales    map[string]scaleResult
	composite float64
	se        float64
	tieGroup  int
}

type cohortScale struct {
	Scale       string
	N           int
	NormMean    float64 `json:"normMean"`
	NormSD      float64 `json:"normSd"`
	SEM         float64 `json:"sem"`
	SEMSource   string  `json:"semSource"`
	Reliability struct {
		Alpha   float64
		N       int
		Defined bool
	}
}

type results struct {
	candidates []candidateResult // aligned with the invitees
	scales     map[string]cohortScale
	tieGroups  int
}

// readResults reads the ranking, the statistics and each candidate's detail.
func readResults(ctx context.Context, c *client, assessmentID string, invited []invitee, concurrency int) (*results, error) {
	base := "/v1/assessments/" + assessmentID
	var ranking struct {
		Ranking []struct {
			CandidateID string
			Composite   float64
			SE          float64
			TieGroup    int
		}
	}
	if err := c.call(ctx, "GET", base+"/ranking", "", nil, &ranking, 200); err != nil {
		return nil, err
	}
	var stats struct{ Scales []cohortScale }
	if err := c.call(ctx, "GET", base+"/statistics", "", nil, &stats, 200); err != nil {
		return nil, err
	}
	res := &results{candidates: make([]candidateResult, len(invited)), scales: map[string]cohortScale{}}
	for _, s := range stats.Scales {
		res.scales[s.Scale] = s
	}
	index := map[string]int{}
	for i, in := range invited {
		index[in.candidateID] = i
	}
	ranked := 0
	for _, rk := range ranking.Ranking {
		i, ok := index[rk.CandidateID]
		if !ok {
			return nil, fmt.Errorf("the ranking lists candidate %s, who was not invited here", rk.CandidateID)
		}
		res.candidates[i].composite, res.candidates[i].se, res.candidates[i].tieGroup = rk.Composite, rk.SE, rk.TieGroup
		res.tieGroups = max(res.tieGroups, rk.TieGroup)
		ranked++
	}
	if ranked != len(invited) {
		return nil, fmt.Errorf("the ranking lists %d of %d candidates", ranked, len(invited))
	}

	var mu sync.Mutex
	var errs []error
	sem := make(chan struct{}, concurrency)
	var wg sync.WaitGroup
	for i, in := range invited {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			sc, err := readDetail(ctx, c, base+"/candidates/"+in.candidateID)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
				return
			}
			res.candidates[i].scales = sc
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return res, nil
}

func readDetail(ctx context.Context, c *client, path string) (map[string]scaleResult, error) {
	var d struct {
		Status string
		Scores *struct {
			Sections []struct {
				Scales []struct {
					Scale    string
					Raw      float64
					Answered int
					Norm     string
					Band     band
					SEFrom   string `json:"seFrom"`
				}
			}
		}
		Cohort *struct {
			Scales map[string]struct{ Band band }
		}
	}
	if err := c.call(ctx, "GET", path, "", nil, &d, 200); err != nil {
		return nil, err
	}
	if d.Status != "scored" || d.Scores == nil || d.Cohort == nil {
		return nil, fmt.Errorf("GET %s: status %q, scores or cohort standing missing", path, d.Status)
	}
	out := map[string]scaleResult{}
	for _, sec := range d.Scores.Sections {
		for _, s := range sec.Scales {
			out[s.Scale] = scaleResult{Raw: s.Raw, Answered: s.Answered, Band: s.Band, SEFrom: s.SEFrom, Norm: s.Norm,
				Cohort: d.Cohort.Scales[s.Scale].Band}
		}
	}
	return out, nil
}

// measure compares the results with the truth.
func measure(p *plan, people []*person, res *results) *report {
	rep := &report{TieGroups: res.tieGroups}
	var covStored, covCohort, pooled int
	for _, s := range p.likert {
		row := scaleRow{Scale: s.id, Items: len(s.items), Weight: s.weight, Target: minLikert, RefMean: s.refMean, RefSD: s.refSD}
		cs := res.scales[s.id]
		row.Alpha, row.AlphaDefined, row.CohortSEMFrom = cs.Reliability.Alpha, cs.Reliability.Defined, cs.SEMSource
		var truth, raw, errs, storedSE, cohortSE []float64
		stored, cohort := 0, 0
		sources := map[string][2]int{}
		for i, ps := range people {
			r, ok := res.candidates[i].scales[s.id]
			if !ok || r.Answered != len(s.items) {
				row.Missing++
				continue
			}
			theta := ps.theta[s.id]
			tau := s.trueScore(theta)
			truth, raw = append(truth, theta), append(raw, r.Raw)
			errs = append(errs, r.Raw-tau)
			storedSE, cohortSE = append(storedSE, r.Band.se()), append(cohortSE, r.Cohort.se())
			src := sources[r.SEFrom+"/"+r.Norm]
			src[0]++
			if r.Band.covers(tau) {
				stored++
				src[1]++
			}
			sources[r.SEFrom+"/"+r.Norm] = src
			if r.Cohort.covers(tau) {
				cohort++
			}
		}
		n := len(truth)
		row.Spearman = scoring.Spearman(truth, raw)
		row.RawMean, row.RawSD = meanSD(raw)
		row.RMSE = rms(errs)
		// Root mean square, so that the SE compares with the RMSE on the same footing.
		row.StoredSEM, row.CohortSEM = rms(storedSE), rms(cohortSE)
		row.StoredFrom = sources
		row.CoverStored, row.CoverCohort = share(stored, n), share(cohort, n)
		covStored += stored
		covCohort += cohort
		pooled += n
		rep.Likert = append(rep.Likert, row)
	}

	// Cognitive: θ̂ is the EAP estimate; its stored band and its cohort band are the same
	// posterior interval, so one coverage serves both.
	cg := p.cognitive
	row := scaleRow{Scale: cg.id, Items: len(cg.items), Weight: cg.weight, Target: minCognitive}
	var truth, est, errs, ses []float64
	covered := 0
	sources := map[string][2]int{}
	for i, ps := range people {
		r, ok := res.candidates[i].scales[cg.id]
		if !ok || r.Answered == 0 {
			row.Missing++
			continue
		}
		theta := ps.theta[cg.id]
		truth, est = append(truth, theta), append(est, r.Raw)
		errs = append(errs, r.Raw-theta)
		ses = append(ses, r.Band.se())
		src := sources[r.SEFrom+"/"+r.Norm]
		src[0]++
		if r.Band.covers(theta) {
			covered++
			src[1]++
		}
		sources[r.SEFrom+"/"+r.Norm] = src
	}
	row.Spearman = scoring.Spearman(truth, est)
	row.RawMean, row.RawSD = meanSD(est)
	row.RMSE = rms(errs)
	row.StoredSEM = rms(ses)
	row.CohortSEM = row.StoredSEM
	row.StoredFrom = sources
	row.CoverStored = share(covered, len(truth))
	row.CoverCohort = row.CoverStored
	row.CohortSEMFrom = "irt"
	rep.Cognitive = row
	covStored += covered
	covCohort += covered
	pooled += len(truth)
	rep.CoverStored, rep.CoverCohort = share(covStored, pooled), share(covCohort, pooled)

	// Role fit. Its ranking is checked against Σwₖθₖ. Its band is checked against the
	// composite of true values on the cohort's own scale, Σwₖ(τₖ − μₖ)/σₖ / Σwₖ with the
	// cohort norms the ranking used (τ the true score, or θ for the cognitive part): the
	// quantity the composite estimates, whose error the composite SE describes.
	var fitTrue, fitEst, fitSE []float64
	fitCovered := 0
	for i, ps := range people {
		cr := res.candidates[i]
		fitTrue = append(fitTrue, p.trueFit(ps))
		fitEst = append(fitEst, cr.composite)
		fitSE = append(fitSE, cr.se)
		var sw, swz float64
		for _, s := range p.likert {
			if s.weight > 0 {
				n := res.scales[s.id]
				sw += s.weight
				swz += s.weight * (s.trueScore(ps.theta[s.id]) - n.NormMean) / n.NormSD
			}
		}
		n := res.scales[cg.id]
		sw += cg.weight
		swz += cg.weight * (ps.theta[cg.id] - n.NormMean) / n.NormSD
		if math.Abs(swz/sw-cr.composite) <= 1.96*cr.se {
			fitCovered++
		}
	}
	rep.FitSpearman = scoring.Spearman(fitTrue, fitEst)
	rep.FitSE, _ = meanSD(fitSE)
	rep.FitCover = share(fitCovered, len(people))
	return rep
}

func meanSD(xs []float64) (float64, float64) {
	if len(xs) == 0 {
		return 0, 0
	}
	var s float64
	for _, x := range xs {
		s += x
	}
	m := s / float64(len(xs))
	if len(xs) < 2 {
		return m, 0
	}
	var ss float64
	for _, x := range xs {
		ss += (x - m) * (x - m)
	}
	return m, math.Sqrt(ss / float64(len(xs)-1))
}

func rms(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	var ss float64
	for _, x := range xs {
		ss += x * x
	}
	return math.Sqrt(ss / float64(len(xs)))
}

func share(k, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(k) / float64(n)
}
