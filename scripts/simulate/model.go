package main

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"

	"shortlist/shared/catalog"
)

// The generating model: made-up candidates with known latent traits who answer
// every scored kind of part by a model deliberately harsher than the scorer's, some of them
// contaminated. Nothing here calls the engine: the item models, the expected scores and
// the answer shapes are this file's own, so that the simulation checks the engine instead
// of restating it. What a person truly is (θ per scale, response style, type) is kept in
// person and never read back from the API.
//
//	Likert        graded response, P(raw ≥ k+1) = σ(a·(key·θ + α − b_k)) with a person-level
//	              acquiescence α ~ N(0, 0.3²) logits shifting every threshold towards
//	              "agree" whatever the key; reverse-keyed items discriminate less (×0.7)
//	cognitive     3PL: P(right) = c + (1 − c)·σ(a(θ − b)), the content's 2PL a, b and c = 1/k
//	tools choice  the same 3PL with a, b drawn per run (the content ships no parameters)
//	SJT           option effectiveness e_j per option (from the expert key plus spread);
//	              best ~ softmax(λ(θ)·e), worst ~ softmax(−λ(θ)·e) over the rest, λ = e^(β0 + β1·θ)
//	data valid.   per wrong cell found with σ(a_f(θ − b_f − task shift)), typed right with
//	              σ(t0 + t1·θ) (else a one-character slip); each right cell falsely flagged
//	              with σ(f0 − f1·θ); the task's question within tolerance with
//	              σ(a_q(θ − b_f − shift − q)), else off by 2–25%
//	cases         order by −λ(θ)·key position + Gumbel noise; replies by softmax(λ(θ)·e)
//	DISC          most/least at random (ipsative, never scored against a trait)
//
// Every scale's location (Likert thresholds, the tools' difficulties, the SJT's β0, the
// data-validation b_f, the cases' β0) is placed once per run so that a candidate at θ = 0
// has the content's reference-norm mean as expected score: the norm is the content's own
// statement of where a typical applicant sits. Nothing is fitted to the engine's output.

// Generator constants, fixed in advance.
var (
	discriminationRange = [2]float64{1.0, 2.2} // graded a, 5-point personality items
	reverseWeakening    = 0.7                  // reverse-keyed items discriminate less
	thresholdShape      = [4]float64{-1.8, -0.6, 0.4, 1.5}
	itemLocationSpread  = 0.3 // each Likert item's own shift, uniform in ±spread
	acquiescenceSD      = 0.3 // logits, person level

	personalityRho = 0.3  // Likert traits share one factor (overridden by -rho)
	abilityRho     = 0.5  // cognitive, tools and work-sample skills share another
	sjtAbility     = 0.25 // SJT judgment: variance share from the ability factor
	sjtPersonality = 0.15 // … and from the personality factor

	toolsA       = [2]float64{0.8, 1.8} // digital-tools 3PL discriminations
	toolsBSpread = 0.8                  // their difficulties: location + N(0, spread²)

	sjtSlope     = 0.6                  // β1 of λ(θ)
	sjtBestEff   = [2]float64{1.0, 1.6} // effectiveness of the keyed best option
	sjtMiddleEff = 0.6                  // the other two options: uniform in ±this

	dvFindA     = 1.3  // a_f
	dvTaskShift = 0.3  // per-task difficulty shift, uniform in ±this
	dvTypeBase  = 2.0  // t0: P(type right | found) = σ(2.0 + 0.8θ) ≈ .88 at θ = 0
	dvTypeSlope = 0.8  // t1
	dvFalseBase = -4.5 // f0: per right cell, ≈ 1.1% at θ = 0
	dvFalseSlp  = 0.7  // f1
	dvQuestionA = 1.2  // a_q
	dvQuestionQ = 0.3  // the question is a little harder than finding a cell
	// dvFalseFlagCost is what the content's documented rule charges for flagging a right
	// cell, in points (excel-sales-validation "scoring": "Each flagged cell that has NO
	// error costs 1 point, though a task never goes below 0"). The true score uses it;
	// change it with the rule.
	dvFalseFlagCost = 1.0
)

func logistic(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// Scale kinds, as the figures group them.
const (
	kindLikert    = "likert"     // mean 1–5 of keyed answers
	kindCognitive = "cognitive"  // θ
	kindTools     = "choice"     // share right (digital tools)
	kindSJT       = "sjt"        // 0–1 fraction
	kindWork      = "worksample" // 0–1 share of points (data validation, parallel cases)
)

// scaleKinds in print order.
var scaleKinds = []string{kindLikert, kindCognitive, kindSJT, kindWork, kindTools}

// ---- items ----

// gradedItem is one Likert item in the scale's keyed direction: P(keyed ≥ k+2 | θ) =
// σ(a(θ − b_k)) for a person without response style.
type gradedItem struct {
	id  string
	key int
	a   float64
	b   [4]float64
}

// rawThresholds are the thresholds on the item's own (agreement) direction: a reverse-keyed
// item's keyed answer 6 − x has thresholds b exactly when x has reverse(−b).
func (it gradedItem) rawThresholds() [4]float64 {
	if it.key < 0 {
		return [4]float64{-it.b[3], -it.b[2], -it.b[1], -it.b[0]}
	}
	return it.b
}

// answer draws the raw point (1–5) a person at theta with acquiescence acq picks.
func (it gradedItem) answer(r *rand.Rand, theta, acq float64) int {
	t := float64(it.key)*theta + acq
	u := r.Float64()
	x := 1
	for _, b := range it.rawThresholds() {
		if u < logistic(it.a*(t-b)) {
			x++
		}
	}
	return x
}

// expected is the item's expected keyed score (1–5) for the person.
func (it gradedItem) expected(theta, acq float64) float64 {
	t := float64(it.key)*theta + acq
	raw := 1.0
	for _, b := range it.rawThresholds() {
		raw += logistic(it.a * (t - b))
	}
	if it.key < 0 {
		return 6 - raw
	}
	return raw
}

// choiceItem is a multiple-choice item under the 3PL.
type choiceItem struct {
	id         string
	a, b, c    float64
	correct, k int
	seconds    int
}

func (it choiceItem) p(theta float64) float64 {
	return it.c + (1-it.c)*logistic(it.a*(theta-it.b))
}

// sjtItem carries each option's effectiveness and the expert key it was derived from.
type sjtItem struct {
	id          string
	eff         []float64
	best, worst int
}

// dvTask is one data-validation task: the cells that are wrong (with the value the
// document holds), the cells that are right, the question and its key.
type dvTask struct {
	id       string
	task     *catalog.Task
	errCells []string // "row:column", sorted
	okCells  []string
	shift    float64
	seconds  int
}

func (t dvTask) possible() float64 { return float64(2*len(t.errCells) + 2) }

// casesTask is one parallel-cases scenario.
type casesTask struct {
	id      string
	cases   []catalog.Case
	keyPos  map[string]int // case id → position in the key order
	eff     [][]float64    // per case, per reply
	seconds int
}

// ---- scales and the plan ----

// scaleModel is one scored scale of the assessment with its generating items.
type scaleModel struct {
	id, instrument string
	section        int
	kind           string
	caution        bool    // impression management: scored, never weighted
	selfReport     bool    // Likert: out of the ability composite
	weight         float64 // share of the role-fit composite (0 for caution scales)
	refMean, refSD float64
	loc            float64 // the placed location (see the file comment)

	graded []gradedItem
	choice []choiceItem
	sjt    []sjtItem
	dv     []dvTask
	cases  []casesTask
}

// plan is the assessment as the simulation models it.
type plan struct {
	role      string
	sections  []*catalog.Instrument // in the assessment's order (the send loop reads IDs)
	weights   []float64             // per section
	timed     []bool                // per section: has a time limit
	scales    []*scaleModel         // scored scales (with the caution scale), section order
	heaviest  int                   // section a skipper leaves blank: the largest weight
	timedSecs []int                 // sections a time-out can happen in
}

// assessmentSection is the part of the assessment's frozen config the plan needs.
type assessmentSection struct {
	Instrument       string       `json:"instrument"`
	Hash             string       `json:"hash"`
	Kind             catalog.Kind `json:"kind"`
	Weight           float64      `json:"weight"`
	TimeLimitSeconds int          `json:"timeLimitSeconds"`
}

// newPlan builds the generating model for an assessment. A section's weight is shared
// equally among its scored (non-caution) scales, as the assessment's rule states.
func newPlan(cat *catalog.Catalog, role string, sections []assessmentSection, r *rand.Rand) (*plan, error) {
	p := &plan{role: role, heaviest: -1}
	for i, sec := range sections {
		inst, ok := cat.Instrument(sec.Instrument)
		if !ok {
			return nil, fmt.Errorf("section %d: instrument %s is not in this build's catalog", i+1, sec.Instrument)
		}
		// The answers come from our copy of the items: another version on the server
		// would make the truth and the scoring disagree about the keys. A section may hold
		// a role's selection of this build's version (an SJT narrowed to the role's
		// industry, catalog.ForIndustry): InstrumentAt resolves it to the same scenes.
		at, err := cat.InstrumentAt(sec.Instrument, sec.Hash)
		if err != nil {
			return nil, fmt.Errorf("section %d: the server's %s is version %s, this build has %s", i+1, inst.ID, sec.Hash, inst.Hash)
		}
		inst = at
		p.sections = append(p.sections, inst)
		p.weights = append(p.weights, sec.Weight)
		timed := sec.TimeLimitSeconds > 0 || inst.TimeLimitSeconds > 0
		p.timed = append(p.timed, timed)
		var scales []*scaleModel
		switch inst.Kind {
		case catalog.Likert:
			for _, sc := range inst.Scales {
				s := newScale(inst, sc, i, kindLikert)
				s.selfReport = true
				for _, it := range inst.Items {
					if it.Scale == sc.ID {
						s.graded = append(s.graded, gradedItem{id: it.ID, key: it.Key})
					}
				}
				if len(s.graded) == 0 {
					continue
				}
				placeLikert(r, s)
				scales = append(scales, s)
			}
		case catalog.MultipleChoice:
			kind := kindTools
			if inst.Family == catalog.Cognitive {
				kind = kindCognitive
			}
			s := newScale(inst, inst.Scales[0], i, kind)
			for _, it := range inst.Items {
				if it.Correct == nil || len(it.Options) < 2 {
					return nil, fmt.Errorf("item %s of %s has no key", it.ID, inst.ID)
				}
				ci := choiceItem{id: it.ID, a: it.A, b: it.B, c: 1 / float64(len(it.Options)), correct: *it.Correct, k: len(it.Options), seconds: it.Seconds}
				if kind == kindCognitive && !(it.A > 0) {
					return nil, fmt.Errorf("cognitive item %s of %s has no 2PL parameters", it.ID, inst.ID)
				}
				s.choice = append(s.choice, ci)
			}
			if kind == kindTools {
				placeTools(r, s)
			}
			scales = append(scales, s)
		case catalog.SJT:
			s := newScale(inst, inst.Scales[0], i, kindSJT)
			for _, it := range inst.Items {
				if it.Best == nil || it.Worst == nil || len(it.Options) < 3 {
					return nil, fmt.Errorf("SJT item %s of %s has no best/worst key", it.ID, inst.ID)
				}
				si := sjtItem{id: it.ID, best: *it.Best, worst: *it.Worst, eff: make([]float64, len(it.Options))}
				for j := range si.eff {
					switch j {
					case si.best:
						si.eff[j] = uniform(r, sjtBestEff[0], sjtBestEff[1])
					case si.worst:
						si.eff[j] = -uniform(r, sjtBestEff[0], sjtBestEff[1])
					default:
						si.eff[j] = uniform(r, -sjtMiddleEff, sjtMiddleEff)
					}
				}
				s.sjt = append(s.sjt, si)
			}
			placeSJT(s)
			scales = append(scales, s)
		case catalog.DataValidation:
			s := newScale(inst, inst.Scales[0], i, kindWork)
			for _, it := range inst.Items {
				if it.Task == nil || len(it.Task.Rows) == 0 {
					return nil, fmt.Errorf("data-validation item %s of %s has no task", it.ID, inst.ID)
				}
				t := dvTask{id: it.ID, task: it.Task, shift: uniform(r, -dvTaskShift, dvTaskShift), seconds: it.Seconds}
				for ri := range it.Task.Rows {
					for _, col := range it.Task.Columns {
						cell := fmt.Sprintf("%d:%s", ri, col.ID)
						if _, wrong := it.Task.Errors[cell]; wrong {
							t.errCells = append(t.errCells, cell)
						} else {
							t.okCells = append(t.okCells, cell)
						}
					}
				}
				s.dv = append(s.dv, t)
			}
			placeDV(s)
			scales = append(scales, s)
		case catalog.ParallelCases:
			s := newScale(inst, inst.Scales[0], i, kindWork)
			for _, it := range inst.Items {
				if it.Task == nil || len(it.Task.Cases) == 0 {
					return nil, fmt.Errorf("cases item %s of %s has no cases", it.ID, inst.ID)
				}
				t := casesTask{id: it.ID, cases: it.Task.Cases, keyPos: map[string]int{}, seconds: it.Seconds}
				for k, id := range it.Task.KeyOrder {
					t.keyPos[id] = k
				}
				for _, c := range it.Task.Cases {
					e := make([]float64, len(c.Replies))
					for j := range e {
						if c.Best != nil && j == *c.Best {
							e[j] = uniform(r, sjtBestEff[0], sjtBestEff[1])
						} else {
							e[j] = uniform(r, -1, sjtMiddleEff)
						}
					}
					t.eff = append(t.eff, e)
				}
				s.cases = append(s.cases, t)
			}
			placeCases(s)
			scales = append(scales, s)
		case catalog.ForcedChoice:
			// answered at random; ipsative, no trait behind it
		default:
			return nil, fmt.Errorf("section %d: %s is a %s %s section, which the simulation does not model", i+1, inst.ID, inst.Family, inst.Kind)
		}
		var scored []*scaleModel
		for _, s := range scales {
			if !s.caution {
				scored = append(scored, s)
			}
		}
		for _, s := range scored {
			s.weight = sec.Weight / float64(len(scored))
		}
		p.scales = append(p.scales, scales...)
		if len(scored) > 0 && (p.heaviest < 0 || sec.Weight > p.weights[p.heaviest]) {
			p.heaviest = i
		}
		if timed && (inst.Kind == catalog.MultipleChoice || inst.Kind == catalog.DataValidation || inst.Kind == catalog.ParallelCases) {
			p.timedSecs = append(p.timedSecs, i)
		}
	}
	if p.heaviest < 0 {
		return nil, fmt.Errorf("the assessment has no weighted section")
	}
	return p, nil
}

func newScale(inst *catalog.Instrument, sc catalog.Scale, section int, kind string) *scaleModel {
	s := &scaleModel{id: sc.ID, instrument: inst.ID, section: section, kind: kind, caution: sc.Caution}
	switch {
	case sc.Norm != nil:
		s.refMean, s.refSD = sc.Norm.Mean, sc.Norm.SD
	case kind == kindLikert:
		s.refMean, s.refSD = 3, 0.6
	case kind == kindCognitive:
		s.refMean, s.refSD = 0, 1
	default:
		s.refMean, s.refSD = 0.6, 0.15
	}
	return s
}

func uniform(r *rand.Rand, lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }

// bisect finds x in [lo, hi] with f(x) = target for f decreasing in x.
func bisect(f func(float64) float64, target, lo, hi float64) float64 {
	for range 60 {
		mid := (lo + hi) / 2
		if f(mid) > target {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// placeLikert draws each item's discrimination and location, then moves the scale as a
// whole so that θ = 0 (no response style) has the reference mean as true score.
func placeLikert(r *rand.Rand, s *scaleModel) {
	shift := make([]float64, len(s.graded))
	for i := range s.graded {
		s.graded[i].a = uniform(r, discriminationRange[0], discriminationRange[1])
		if s.graded[i].key < 0 {
			s.graded[i].a *= reverseWeakening
		}
		shift[i] = uniform(r, -itemLocationSpread, itemLocationSpread)
	}
	place := func(loc float64) {
		for i := range s.graded {
			for k, t := range thresholdShape {
				s.graded[i].b[k] = loc + shift[i] + t
			}
		}
	}
	s.loc = bisect(func(loc float64) float64 { place(loc); return s.likertTrue(0, 0) }, s.refMean, -6, 6)
	place(s.loc)
}

// placeTools draws the tools items' 3PL parameters around a location placed at the norm.
func placeTools(r *rand.Rand, s *scaleModel) {
	base := make([]float64, len(s.choice))
	for i := range s.choice {
		s.choice[i].a = uniform(r, toolsA[0], toolsA[1])
		base[i] = toolsBSpread * r.NormFloat64()
	}
	place := func(loc float64) {
		for i := range s.choice {
			s.choice[i].b = loc + base[i]
		}
	}
	s.loc = bisect(func(loc float64) float64 { place(loc); return s.toolsTrue(0) }, s.refMean, -6, 6)
	place(s.loc)
}

// placeSJT sets β0 (the scale's loc) so that θ = 0 expects the norm's fraction. The
// fraction rises with β0, so bisect on its negative.
func placeSJT(s *scaleModel) {
	s.loc = -bisect(func(mb float64) float64 { s.loc = -mb; return s.sjtTrue(0) }, s.refMean, -8, 8)
}

// placeDV sets b_f (loc) so that θ = 0 expects the norm's share of points.
func placeDV(s *scaleModel) {
	s.loc = bisect(func(b float64) float64 { s.loc = b; return s.dvTrue(0) }, s.refMean, -8, 8)
}

// placeCases sets β0 like placeSJT; the expectation is by simulation with common random
// numbers, so it is a deterministic (if stepwise) function of β0.
func placeCases(s *scaleModel) {
	s.loc = -bisect(func(mb float64) float64 { s.loc = -mb; return s.casesTrue(0) }, s.refMean, -8, 8)
}

// ---- true scores in the engine's raw metric ----

// trueScore is what the scale's reported score estimates for this person, on the metric
// the engine reports it on: the expected mean keyed answer (Likert, with the person's own
// acquiescence: the classical true score), θ (cognitive), and the expected share of
// points (tools, SJT, work samples).
func (s *scaleModel) trueScore(ps *person) float64 {
	theta := ps.theta[s.id]
	switch s.kind {
	case kindLikert:
		return s.likertTrue(theta, ps.acq)
	case kindCognitive:
		return theta
	case kindTools:
		return s.toolsTrue(theta)
	case kindSJT:
		return s.sjtTrue(theta)
	case kindWork:
		if len(s.dv) > 0 {
			return s.dvTrue(theta)
		}
		return s.casesTrue(theta)
	}
	return math.NaN()
}

func (s *scaleModel) likertTrue(theta, acq float64) float64 {
	sum := 0.0
	for _, it := range s.graded {
		sum += it.expected(theta, acq)
	}
	return sum / float64(len(s.graded))
}

func (s *scaleModel) toolsTrue(theta float64) float64 {
	sum := 0.0
	for _, it := range s.choice {
		sum += it.p(theta)
	}
	return sum / float64(len(s.choice))
}

func (s *scaleModel) lambda(theta float64) float64 { return math.Exp(s.loc + sjtSlope*theta) }

// softmax of lam·e over the indexes in idx.
func softmax(e []float64, lam float64, idx []int) []float64 {
	out := make([]float64, len(idx))
	m := math.Inf(-1)
	for _, j := range idx {
		m = math.Max(m, lam*e[j])
	}
	sum := 0.0
	for k, j := range idx {
		out[k] = math.Exp(lam*e[j] - m)
		sum += out[k]
	}
	for k := range out {
		out[k] /= sum
	}
	return out
}

// bestWorstPoints is the content's documented SJT rule, written out here rather than
// borrowed: +1 for each of best and worst that matches the key, −1 for each reversed.
func bestWorstPoints(it sjtItem, best, worst int) int {
	pts := 0
	if best == it.best {
		pts++
	}
	if worst == it.worst {
		pts++
	}
	if best == it.worst {
		pts--
	}
	if worst == it.best {
		pts--
	}
	return pts
}

// sjtTrue is the expected fraction (S + 2n)/(4n), exact over the 12 best/worst pairs.
func (s *scaleModel) sjtTrue(theta float64) float64 {
	lam := s.lambda(theta)
	var exp float64
	for _, it := range s.sjt {
		all := seq(len(it.eff))
		pb := softmax(it.eff, lam, all)
		for bi, b := range all {
			rest := without(all, b)
			pw := softmax(it.eff, -lam, rest)
			for wi, w := range rest {
				exp += pb[bi] * pw[wi] * float64(bestWorstPoints(it, b, w))
			}
		}
	}
	n := float64(len(s.sjt))
	return (exp + 2*n) / (4 * n)
}

func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func without(xs []int, x int) []int {
	out := make([]int, 0, len(xs)-1)
	for _, v := range xs {
		if v != x {
			out = append(out, v)
		}
	}
	return out
}

func (s *scaleModel) dvFind(t dvTask, theta float64) float64 {
	return logistic(dvFindA * (theta - s.loc - t.shift))
}

func dvType(theta float64) float64  { return logistic(dvTypeBase + dvTypeSlope*theta) }
func dvFalse(theta float64) float64 { return logistic(dvFalseBase - dvFalseSlp*theta) }

func (s *scaleModel) dvQuestion(t dvTask, theta float64) float64 {
	return logistic(dvQuestionA * (theta - s.loc - t.shift - dvQuestionQ))
}

// dvTrue is the expected score under the content's documented rule (excel-sales-validation
// "scoring"): per task, 1 point for each wrong cell flagged and 1 more for its document
// value, 2 for the question, minus dvFalseFlagCost per right cell flagged, never below 0;
// the task's share of its possible points; the instrument's score the mean of the shares.
// The floor makes the expectation non-linear, so it is exact over the distribution of
// the task's points and false flags.
func (s *scaleModel) dvTrue(theta float64) float64 {
	sum := 0.0
	for _, t := range s.dv {
		f, ty, q := s.dvFind(t, theta), dvType(theta), s.dvQuestion(t, theta)
		// Points from the wrong cells (0, 1 or 2 each) and the question (0 or 2).
		pts := []float64{1}
		for range t.errCells {
			pts = convolve(pts, []float64{1 - f, f * (1 - ty), f * ty})
		}
		pts = convolve(pts, []float64{1 - q, 0, q})
		// False flags: binomial over the right cells.
		ff := []float64{1}
		pf := dvFalse(theta)
		for range t.okCells {
			ff = convolve(ff, []float64{1 - pf, pf})
		}
		var e float64
		for k, pk := range pts {
			for j, pj := range ff {
				e += pk * pj * math.Max(0, float64(k)-dvFalseFlagCost*float64(j))
			}
		}
		sum += e / t.possible()
	}
	return sum / float64(len(s.dv))
}

// convolve is the distribution of the sum of two independent counts.
func convolve(a, b []float64) []float64 {
	out := make([]float64, len(a)+len(b)-1)
	for i, x := range a {
		for j, y := range b {
			out[i+j] += x * y
		}
	}
	return out
}

// casesDraws is the number of common-random-number draws behind casesTrue.
const casesDraws = 400

// casesTrue is the expected mean over scenarios of (order credit + share of best
// replies)/2, by simulation with a fixed stream (so it is deterministic in θ and β0).
func (s *scaleModel) casesTrue(theta float64) float64 {
	r := rand.New(rand.NewPCG(7, 11))
	total := 0.0
	for range casesDraws {
		for _, t := range s.cases {
			order, replies := s.casesAnswer(r, t, theta)
			total += casesPoints(t, order, replies)
		}
	}
	return total / float64(casesDraws*len(s.cases))
}

func (s *scaleModel) casesAnswer(r *rand.Rand, t casesTask, theta float64) ([]string, map[string]int) {
	lam := s.lambda(theta)
	type u struct {
		id string
		v  float64
	}
	us := make([]u, len(t.cases))
	replies := map[string]int{}
	for i, c := range t.cases {
		us[i] = u{c.ID, -lam*float64(t.keyPos[c.ID]) + gumbel(r)}
		replies[c.ID] = draw(r, softmax(t.eff[i], lam, seq(len(t.eff[i]))))
	}
	sort.Slice(us, func(i, j int) bool { return us[i].v > us[j].v })
	order := make([]string, len(us))
	for i, x := range us {
		order[i] = x.id
	}
	return order, replies
}

// casesPoints is the documented rule: (share of key pairs in order + share of best
// replies) / 2.
func casesPoints(t casesTask, order []string, replies map[string]int) float64 {
	pos := map[string]int{}
	for i, id := range order {
		pos[id] = i
	}
	pairs, right := 0, 0
	for a, ca := range t.cases {
		for b, cb := range t.cases {
			if a == b || t.keyPos[ca.ID] >= t.keyPos[cb.ID] {
				continue
			}
			pairs++
			if pos[ca.ID] < pos[cb.ID] {
				right++
			}
		}
	}
	best := 0
	for _, c := range t.cases {
		if c.Best != nil && replies[c.ID] == *c.Best {
			best++
		}
	}
	oc, rc := 0.0, 0.0
	if pairs > 0 {
		oc = float64(right) / float64(pairs)
	}
	if len(t.cases) > 0 {
		rc = float64(best) / float64(len(t.cases))
	}
	return (oc + rc) / 2
}

func gumbel(r *rand.Rand) float64 { return -math.Log(-math.Log(math.Max(r.Float64(), 1e-300))) }

// draw picks an index with the given probabilities.
func draw(r *rand.Rand, ps []float64) int {
	u := r.Float64()
	for i, p := range ps {
		u -= p
		if u < 0 {
			return i
		}
	}
	return len(ps) - 1
}

// ---- people ----

// Respondent types.
const (
	honest   = "honest"
	random   = "careless-random"   // uniform random answers everywhere, fast
	straight = "careless-straight" // one Likert answer throughout, random elsewhere, fast
	faker    = "faker"             // socially desirable end of every Likert item (and IM)
	timeout  = "timeout"           // stops a timed part after 30–70% of its items
	skipper  = "skipper"           // an honest candidate's copy who leaves the heaviest section blank
)

// personTypes in print order.
var personTypes = []string{honest, random, straight, faker, timeout, skipper}

// person is one simulated candidate: what they truly are and what they answer.
type person struct {
	index int    // within the role, 0-based; the candidate is "Simulated %04d" of index+1
	typ   string // one of personTypes
	twin  int    // skipper: index of the honest candidate it copies; -1 otherwise
	theta map[string]float64
	acq   float64 // acquiescence, logits
	// answers holds, per 0-based section, an answer for every item, drawn in catalog
	// order so that they do not depend on the order the server shows.
	answers []map[string]answer
	// reach is, per section, how many items (in the order shown) get answered: -1 for
	// all, 0 for a skipped section, k for a part abandoned after k items.
	reach []int
}

type answer struct {
	Item  string          `json:"item"`
	Value json.RawMessage `json:"value"`
	MS    int             `json:"ms"`
}

// send is the interface to the send loop: given the catalog ids of a section's items in
// the order the server shows them, the answers this person sends, in that order (an
// abandoned part is its first k items, a skipped one none). It fails when the server
// shows an item the model has no answer for, or leaves one out.
func (ps *person) send(section int, shown []string) ([]answer, error) {
	if section < 0 || section >= len(ps.answers) {
		return nil, fmt.Errorf("no section %d in the model", section+1)
	}
	all := ps.answers[section]
	if len(shown) != len(all) {
		return nil, fmt.Errorf("section %d shows %d items, the content has %d", section+1, len(shown), len(all))
	}
	out := make([]answer, 0, len(shown))
	for _, id := range shown {
		a, ok := all[id]
		if !ok {
			return nil, fmt.Errorf("section %d shows item %s, which the simulation has no answer for", section+1, id)
		}
		out = append(out, a)
	}
	if k := ps.reach[section]; k >= 0 && k < len(out) {
		out = out[:k]
	}
	return out, nil
}

// stream is candidate i's random stream in role r: concurrency never changes who answers
// what, and the two roles' candidates differ.
func stream(seed uint64, role, i int, part uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed^uint64(role+1)*0x9e3779b97f4a7c15, uint64(i+1)<<8|part))
}

// newPerson draws candidate i of the role's plan with respondent type typ. The traits
// come from one stream, each section's answers from its own, so that two people with the
// same index differ only where their types make them behave differently.
func (p *plan) newPerson(seed uint64, role, i int, typ string, rho float64) *person {
	r := stream(seed, role, i, 0)
	ps := &person{index: i, typ: typ, twin: -1, theta: map[string]float64{}}
	gp, ga := r.NormFloat64(), r.NormFloat64()
	ps.acq = acquiescenceSD * r.NormFloat64()
	for _, s := range p.scales {
		e := r.NormFloat64()
		switch {
		case s.caution:
			ps.theta[s.id] = e // impression management: a style of its own
		case s.kind == kindLikert:
			ps.theta[s.id] = math.Sqrt(rho)*gp + math.Sqrt(1-rho)*e
		case s.kind == kindSJT:
			ps.theta[s.id] = math.Sqrt(sjtAbility)*ga + math.Sqrt(sjtPersonality)*gp + math.Sqrt(1-sjtAbility-sjtPersonality)*e
		default:
			ps.theta[s.id] = math.Sqrt(abilityRho)*ga + math.Sqrt(1-abilityRho)*e
		}
	}
	straightValue := 1 + r.IntN(5)
	timedOut, stopAt := -1, 0.0
	if typ == timeout && len(p.timedSecs) > 0 {
		timedOut = p.timedSecs[r.IntN(len(p.timedSecs))]
		stopAt = uniform(r, 0.3, 0.7)
	}

	ps.answers = make([]map[string]answer, len(p.sections))
	ps.reach = make([]int, len(p.sections))
	for si, inst := range p.sections {
		rs := stream(seed, role, i, uint64(si)+1)
		ps.reach[si] = -1
		if si == timedOut {
			ps.reach[si] = max(1, int(math.Floor(stopAt*float64(len(inst.Items)))))
		}
		ans := map[string]answer{}
		put := func(id string, v any, ms int) { ans[id] = answer{Item: id, Value: mustJSON(v), MS: ms} }
		careless := typ == random || typ == straight
		slow := 1.0
		if si == timedOut {
			slow = 1.4 // the time-out is a slow worker on that part
		}
		ms := func(lo, hi float64) int { return int(slow * 1000 * uniform(rs, lo, hi)) }
		switch inst.Kind {
		case catalog.Likert:
			for _, s := range p.scalesOf(si) {
				for _, it := range s.graded {
					var v int
					switch typ {
					case random:
						v = 1 + rs.IntN(5)
					case straight:
						v = straightValue
					case faker:
						keyed := 5
						switch u := rs.Float64(); {
						case u < 0.05:
							keyed = 3
						case u < 0.35:
							keyed = 4
						}
						v = keyed
						if it.key < 0 {
							v = 6 - keyed
						}
					default:
						v = it.answer(rs, ps.theta[s.id], ps.acq)
					}
					if careless {
						put(it.id, v, ms(0.5, 1.5))
					} else {
						put(it.id, v, ms(2.5, 8.5))
					}
				}
			}
		case catalog.MultipleChoice:
			s := p.scalesOf(si)[0]
			for _, it := range s.choice {
				if careless {
					put(it.id, rs.IntN(it.k), ms(1.5, 4.5))
					continue
				}
				choice := it.correct
				if rs.Float64() >= it.p(ps.theta[s.id]) {
					choice = rs.IntN(it.k - 1) // a wrong option, equally likely
					if choice >= it.correct {
						choice++
					}
				}
				sec := float64(max(it.seconds, 20))
				put(it.id, choice, ms(0.5*sec, 1.2*sec))
			}
		case catalog.SJT:
			s := p.scalesOf(si)[0]
			lam := s.lambda(ps.theta[s.id])
			for _, it := range s.sjt {
				all := seq(len(it.eff))
				var b, w int
				if careless {
					b = rs.IntN(len(all))
					w = without(all, b)[rs.IntN(len(all)-1)]
					put(it.id, map[string]int{"best": b, "worst": w}, ms(2, 5))
					continue
				}
				b = all[draw(rs, softmax(it.eff, lam, all))]
				rest := without(all, b)
				w = rest[draw(rs, softmax(it.eff, -lam, rest))]
				put(it.id, map[string]int{"best": b, "worst": w}, ms(20, 60))
			}
		case catalog.DataValidation:
			s := p.scalesOf(si)[0]
			for _, t := range s.dv {
				if careless {
					put(t.id, randomCells(rs, t), ms(5, 15))
					continue
				}
				put(t.id, s.dvAnswer(rs, t, ps.theta[s.id]), ms(0.6*float64(max(t.seconds, 30)), 1.3*float64(max(t.seconds, 30))))
			}
		case catalog.ParallelCases:
			s := p.scalesOf(si)[0]
			for _, t := range s.cases {
				var order []string
				var replies map[string]int
				if careless {
					order, replies = randomCases(rs, t)
				} else {
					order, replies = s.casesAnswer(rs, t, ps.theta[s.id])
				}
				sec := float64(max(t.seconds, 30))
				if careless {
					put(t.id, map[string]any{"order": order, "replies": replies}, ms(5, 15))
				} else {
					put(t.id, map[string]any{"order": order, "replies": replies}, ms(0.6*sec, 1.3*sec))
				}
			}
		case catalog.ForcedChoice:
			for _, it := range inst.Items {
				n := len(it.Descriptors)
				most := rs.IntN(n)
				least := (most + 1 + rs.IntN(n-1)) % n
				if careless {
					put(it.ID, map[string]int{"most": most, "least": least}, ms(1, 2.5))
				} else {
					put(it.ID, map[string]int{"most": most, "least": least}, ms(4, 12))
				}
			}
		}
		ps.answers[si] = ans
	}
	return ps
}

// scalesOf lists the modelled scales of section si.
func (p *plan) scalesOf(si int) []*scaleModel {
	var out []*scaleModel
	for _, s := range p.scales {
		if s.section == si {
			out = append(out, s)
		}
	}
	return out
}

// dvValue is one data-validation answer: {"cells": {"row:column": "value"}, "total": x}.
type dvValue struct {
	Cells map[string]string `json:"cells"`
	Total *float64          `json:"total,omitempty"`
}

func (s *scaleModel) dvAnswer(r *rand.Rand, t dvTask, theta float64) dvValue {
	v := dvValue{Cells: map[string]string{}}
	find, typ, ff := s.dvFind(t, theta), dvType(theta), dvFalse(theta)
	for _, cell := range t.errCells {
		if r.Float64() < find {
			want := t.task.Errors[cell]
			if r.Float64() < typ {
				v.Cells[cell] = want
			} else {
				v.Cells[cell] = typo(r, want)
			}
		}
	}
	for _, cell := range t.okCells {
		if r.Float64() < ff {
			v.Cells[cell] = typo(r, cellValue(t.task, cell))
		}
	}
	if t.task.Answer != nil {
		x := *t.task.Answer
		if r.Float64() >= s.dvQuestion(t, theta) {
			x = missTotal(r, x, t.task.Tolerance)
		}
		v.Total = &x
	}
	return v
}

// randomCells is a careless answer: a few cells anywhere with altered values, a total
// that is a guess (or none).
func randomCells(r *rand.Rand, t dvTask) dvValue {
	v := dvValue{Cells: map[string]string{}}
	cells := append(append([]string{}, t.errCells...), t.okCells...)
	for range r.IntN(4) {
		c := cells[r.IntN(len(cells))]
		v.Cells[c] = typo(r, cellValue(t.task, c))
	}
	if t.task.Answer != nil && r.IntN(2) == 0 {
		x := math.Round(*t.task.Answer * uniform(r, 0.1, 3))
		v.Total = &x
	}
	return v
}

func randomCases(r *rand.Rand, t casesTask) ([]string, map[string]int) {
	order := make([]string, len(t.cases))
	replies := map[string]int{}
	for i, c := range t.cases {
		order[i] = c.ID
		replies[c.ID] = r.IntN(len(c.Replies))
	}
	r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	return order, replies
}

// cellValue is the value a sheet shows in "row:column".
func cellValue(t *catalog.Task, cell string) string {
	rs, col, _ := strings.Cut(cell, ":")
	row, err := strconv.Atoi(rs)
	if err != nil {
		return ""
	}
	for ci, c := range t.Columns {
		if c.ID == col && row < len(t.Rows) && ci < len(t.Rows[row]) {
			return t.Rows[row][ci]
		}
	}
	return ""
}

// typo is a slip on a value: one digit changed when it has digits (so a number, a date or
// a code really differs), else one character dropped.
func typo(r *rand.Rand, v string) string {
	rs := []rune(v)
	var digits []int
	for i, c := range rs {
		if c >= '0' && c <= '9' {
			digits = append(digits, i)
		}
	}
	if len(digits) > 0 {
		i := digits[r.IntN(len(digits))]
		d := rune('0' + (int(rs[i]-'0')+1+r.IntN(9))%10)
		rs[i] = d
		return string(rs)
	}
	var letters []int
	for i, c := range rs {
		if c != ' ' {
			letters = append(letters, i)
		}
	}
	if len(letters) < 2 {
		return v + "x"
	}
	i := letters[r.IntN(len(letters))]
	return string(append(rs[:i:i], rs[i+1:]...))
}

// missTotal is a wrong answer to a task's question: off by 2–25% (at least the tolerance
// and one unit), the kind of miss a wrong range or an uncorrected cell gives.
func missTotal(r *rand.Rand, x, tol float64) float64 {
	d := math.Max(math.Abs(x)*uniform(r, 0.02, 0.25), tol+1)
	if r.IntN(2) == 0 {
		d = -d
	}
	return math.Round((x+d)*100) / 100
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only ints, strings, floats and maps of them are marshalled here
	}
	return b
}

// trueFit is the role fit the weights define on the true traits: Σwₖθₖ / Σwₖ over the
// weighted scales, the quantity the ranking tries to order. ability restricts it to the
// parts that are not self-report (ability, work sample, SJT).
func (p *plan) trueFit(ps *person, ability bool) float64 {
	var sw, swt float64
	for _, s := range p.scales {
		if s.weight <= 0 || (ability && s.selfReport) {
			continue
		}
		sw += s.weight
		swt += s.weight * ps.theta[s.id]
	}
	if sw == 0 {
		return math.NaN()
	}
	return swt / sw
}

// ---- the cohort ----

// mix is how many of each respondent type a role's n candidates hold.
type mix map[string]int

// contaminationMix splits n: round(n·c) contaminated, half of them careless (split
// evenly between random and straight-line), the rest fakers and time-outs in equal
// parts; round(n·skip) skippers; the rest honest. Without a timed part there are no
// time-outs (they stay honest).
func contaminationMix(n int, c, skip float64, timedParts bool) mix {
	total := int(math.Round(float64(n) * c))
	careless := int(math.Round(float64(total) / 2))
	fakers := int(math.Round(float64(total-careless) / 2))
	m := mix{random: careless / 2, straight: careless - careless/2, faker: fakers, timeout: total - careless - fakers,
		skipper: int(math.Round(float64(n) * skip))}
	if !timedParts {
		m[timeout] = 0
	}
	m[honest] = n - m[random] - m[straight] - m[faker] - m[timeout] - m[skipper]
	return m
}

// cohort draws a role's n candidates: the types are dealt to random positions, each
// skipper is the copy of an honest candidate (same traits, same answers) who leaves the
// heaviest section blank, and arrival is a random order of everyone.
func (p *plan) cohort(seed uint64, role, n int, c, skip, rho float64) ([]*person, []int, error) {
	m := contaminationMix(n, c, skip, len(p.timedSecs) > 0)
	if m[honest] < m[skipper] {
		return nil, nil, fmt.Errorf("-n %d with -contaminate %g and -skip %g leaves %d honest candidates for %d skippers to copy", n, c, skip, m[honest], m[skipper])
	}
	r := rand.New(rand.NewPCG(seed, uint64(role)+1000))
	types := make([]string, 0, n)
	for _, t := range personTypes {
		for range m[t] {
			types = append(types, t)
		}
	}
	r.Shuffle(len(types), func(i, j int) { types[i], types[j] = types[j], types[i] })
	people := make([]*person, n)
	var honestIdx []int
	for i, t := range types {
		if t != skipper {
			people[i] = p.newPerson(seed, role, i, t, rho)
		}
		if t == honest {
			honestIdx = append(honestIdx, i)
		}
	}
	r.Shuffle(len(honestIdx), func(i, j int) { honestIdx[i], honestIdx[j] = honestIdx[j], honestIdx[i] })
	k := 0
	for i, t := range types {
		if t != skipper {
			continue
		}
		tw := people[honestIdx[k]]
		k++
		sk := &person{index: i, typ: skipper, twin: tw.index, theta: tw.theta, acq: tw.acq,
			answers: tw.answers, reach: append([]int{}, tw.reach...)}
		sk.reach[p.heaviest] = 0
		people[i] = sk
	}
	arrival := r.Perm(n)
	return people, arrival, nil
}
