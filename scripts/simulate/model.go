package main

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"

	"shortlist/shared/catalog"
	"shortlist/shared/scoring"
)

// The generating model. Candidates are made up from latent traits and answer by the
// models the engine assumes: the graded-response model for Likert items (the content
// ships no graded parameters, so they are drawn below, once per run, from the seed) and
// the content's own provisional 2PL parameters for cognitive items. DISC blocks are
// answered at random: DISC is ipsative and never scored against a trait.

// Generator constants, fixed in advance and not fitted to the outcome. The discriminations
// span what graded-model calibrations of 5-point personality items usually report
// (roughly 1 to 2); the threshold shape is the one the engine's own recovery test uses
// (shared/scoring/sim_test.go), moved as a whole to where the content's reference norm
// says the typical candidate sits (see scaleLocation).
var (
	discriminationRange = [2]float64{1.0, 2.2}
	thresholdShape      = [4]float64{-1.8, -0.6, 0.4, 1.5}
	itemLocationSpread  = 0.3 // each item's own shift, uniform in ±spread
)

// gradedItem is one Likert item's graded-response model, stated in the scale's (keyed)
// direction: P(keyed score ≥ k+2 | θ) = 1/(1 + e^(−a(θ − b[k]))) for increasing b. Stating
// it keyed makes a reverse-keyed item exactly as informative as a direct one; the answer
// the candidate sends is still the raw, unkeyed point (see answer).
type gradedItem struct {
	id  string
	key int
	a   float64
	b   [4]float64
}

// answer draws the raw point a person at theta picks. scoring.AnswerGraded takes
// thresholds on the item's own direction (t = key·θ): for a reverse-keyed item the keyed
// thresholds b become reverse(−b), so that the keyed answer 6 − x has thresholds b.
func (it gradedItem) answer(r *rand.Rand, theta float64) int {
	th := it.b[:]
	if it.key < 0 {
		th = []float64{-it.b[3], -it.b[2], -it.b[1], -it.b[0]}
	}
	return scoring.AnswerGraded(r, theta, it.key, it.a, th, scoring.FivePoint)
}

// expected is the item's true (expected) keyed score at theta, exact from the category
// probabilities: E[X] = 1 + Σₖ P(X ≥ k+2) on the 1–5 range.
func (it gradedItem) expected(theta float64) float64 {
	e := 1.0
	for _, b := range it.b {
		e += logistic(it.a * (theta - b))
	}
	return e
}

func logistic(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// likertScale is one scored scale of a Likert section with its generating items.
type likertScale struct {
	section    int // 0-based section of the assessment
	instrument string
	id         string
	caution    bool    // impression management: scored, never weighted
	weight     float64 // its share of the role-fit composite (0 for caution scales)
	refMean    float64 // the content's reference norm, which places the items
	refSD      float64 // printed beside the spread the model produces
	items      []gradedItem
}

// trueScore is the scale's true score at theta: the mean of its items' expected keyed
// scores, the quantity a classical 95% band X ± 1.96·SEM is meant to cover. Every item
// is answered, so it is the expectation of exactly the mean the engine computes.
func (s *likertScale) trueScore(theta float64) float64 {
	sum := 0.0
	for _, it := range s.items {
		sum += it.expected(theta)
	}
	return sum / float64(len(s.items))
}

// cognitiveScale is the cognitive section: its items carry their own 2PL parameters.
type cognitiveScale struct {
	section    int
	instrument string
	id         string
	weight     float64
	items      map[string]catalog.Item
}

// plan is the assessment as the simulation models it: per section how a simulated
// candidate answers, and the scales whose recovery is checked.
type plan struct {
	sections  []*catalog.Instrument // in the assessment's order
	likert    []*likertScale
	cognitive *cognitiveScale
}

// assessmentSection is the part of the assessment's frozen config the plan needs.
type assessmentSection struct {
	Instrument string       `json:"instrument"`
	Hash       string       `json:"hash"`
	Kind       catalog.Kind `json:"kind"`
	Weight     float64      `json:"weight"`
}

// newPlan builds the generating model for an assessment. The weights are the config's:
// a section's weight is shared equally among its scored scales, as ScoreSession does.
func newPlan(cat *catalog.Catalog, sections []assessmentSection, r *rand.Rand) (*plan, error) {
	p := &plan{}
	for i, sec := range sections {
		inst, ok := cat.Instrument(sec.Instrument)
		if !ok {
			return nil, fmt.Errorf("section %d: instrument %s is not in this build's catalog", i+1, sec.Instrument)
		}
		if inst.Hash != sec.Hash {
			// The answers are generated from our copy of the items: a different version on
			// the server would make the truth and the scoring disagree about the keys.
			return nil, fmt.Errorf("section %d: the server's %s is version %s, this build has %s", i+1, inst.ID, sec.Hash, inst.Hash)
		}
		p.sections = append(p.sections, inst)
		switch {
		case inst.Kind == catalog.Likert:
			var scored []*likertScale
			for _, sc := range inst.Scales {
				ls := &likertScale{section: i, instrument: inst.ID, id: sc.ID, caution: sc.Caution, refMean: 3}
				if sc.Norm != nil {
					ls.refMean, ls.refSD = sc.Norm.Mean, sc.Norm.SD
				}
				for _, it := range inst.Items {
					if it.Scale == sc.ID {
						ls.items = append(ls.items, gradedItem{id: it.ID, key: it.Key})
					}
				}
				if len(ls.items) == 0 {
					continue
				}
				drawItems(r, ls)
				p.likert = append(p.likert, ls)
				if !sc.Caution {
					scored = append(scored, ls)
				}
			}
			for _, ls := range scored {
				ls.weight = sec.Weight / float64(len(scored))
			}
		case inst.Kind == catalog.MultipleChoice && inst.Family == catalog.Cognitive:
			if p.cognitive != nil {
				return nil, fmt.Errorf("section %d: the simulation models one cognitive section, %s is a second", i+1, inst.ID)
			}
			cs := &cognitiveScale{section: i, instrument: inst.ID, id: inst.Scales[0].ID, weight: sec.Weight, items: map[string]catalog.Item{}}
			for _, it := range inst.Items {
				if it.Correct == nil || !(it.A > 0) {
					return nil, fmt.Errorf("item %s of %s has no key or 2PL parameters", it.ID, inst.ID)
				}
				cs.items[it.ID] = it
			}
			p.cognitive = cs
		case inst.Kind == catalog.ForcedChoice:
			// answered at random; not scored against a trait
		default:
			return nil, fmt.Errorf("section %d: %s is a %s %s section; the simulation models Likert, cognitive and DISC sections", i+1, inst.ID, inst.Family, inst.Kind)
		}
	}
	if len(p.likert) == 0 || p.cognitive == nil {
		return nil, fmt.Errorf("the assessment needs Likert scales and a cognitive section to check recovery")
	}
	return p, nil
}

// drawItems draws each item's discrimination and location, then moves the scale as a
// whole so that a candidate at θ = 0 has the reference norm's mean as true score: the
// reference norm is the content's own statement of where the typical candidate sits.
// The spread of scores is left to the model; the report prints it next to the norm's SD.
func drawItems(r *rand.Rand, s *likertScale) {
	shift := make([]float64, len(s.items))
	for i := range s.items {
		s.items[i].a = discriminationRange[0] + (discriminationRange[1]-discriminationRange[0])*r.Float64()
		shift[i] = itemLocationSpread * (2*r.Float64() - 1)
	}
	place := func(loc float64) {
		for i := range s.items {
			for k, t := range thresholdShape {
				s.items[i].b[k] = loc + shift[i] + t
			}
		}
	}
	// The true score at θ = 0 falls as the location rises: bisect.
	lo, hi := -6.0, 6.0
	for range 60 {
		mid := (lo + hi) / 2
		place(mid)
		if s.trueScore(0) > s.refMean {
			lo = mid
		} else {
			hi = mid
		}
	}
	place((lo + hi) / 2)
}

// person is one simulated candidate: latent traits and the answers they give.
type person struct {
	index int
	theta map[string]float64 // scale id → θ (the Likert scales and the cognitive scale)
	// answers holds, per 0-based section, the value and milliseconds for every item,
	// drawn in catalog order so that they do not depend on the order the server shows.
	answers []map[string]answer
}

type answer struct {
	Item  string          `json:"item"`
	Value json.RawMessage `json:"value"`
	MS    int             `json:"ms"`
}

// newPerson draws candidate i from its own random stream (so concurrency never changes
// who answers what). The Likert traits share one common factor with correlation rho;
// the cognitive trait is independent of them.
func (p *plan) newPerson(seed uint64, i int, rho float64) *person {
	r := rand.New(rand.NewPCG(seed, uint64(i)+1))
	ps := &person{index: i, theta: map[string]float64{}, answers: make([]map[string]answer, len(p.sections))}
	g := r.NormFloat64()
	for _, s := range p.likert {
		ps.theta[s.id] = math.Sqrt(rho)*g + math.Sqrt(1-rho)*r.NormFloat64()
	}
	ps.theta[p.cognitive.id] = r.NormFloat64()

	for si, inst := range p.sections {
		ans := map[string]answer{}
		switch {
		case inst.Kind == catalog.Likert:
			for _, s := range p.likert {
				if s.section != si {
					continue
				}
				for _, it := range s.items {
					ans[it.id] = answer{Item: it.id, Value: mustJSON(it.answer(r, ps.theta[s.id])), MS: 2500 + r.IntN(6000)}
				}
			}
		case si == p.cognitive.section:
			theta := ps.theta[p.cognitive.id]
			for _, it := range inst.Items {
				choice := *it.Correct
				if !scoring.Answer2PL(r, theta, it.A, it.B) {
					// A wrong answer is any other option, equally likely.
					choice = r.IntN(len(it.Options) - 1)
					if choice >= *it.Correct {
						choice++
					}
				}
				ans[it.ID] = answer{Item: it.ID, Value: mustJSON(choice), MS: 15000 + r.IntN(40000)}
			}
		case inst.Kind == catalog.ForcedChoice:
			for _, it := range inst.Items {
				n := len(it.Descriptors)
				most := r.IntN(n)
				least := (most + 1 + r.IntN(n-1)) % n
				ans[it.ID] = answer{Item: it.ID, Value: mustJSON(map[string]int{"most": most, "least": least}), MS: 4000 + r.IntN(8000)}
			}
		}
		ps.answers[si] = ans
	}
	return ps
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only ints and maps of ints are marshalled here
	}
	return b
}

// trueFit is the role fit the weights define on the true traits: Σwₖθₖ / Σwₖ over the
// weighted scales (Likert and cognitive), the quantity the ranking tries to order.
func (p *plan) trueFit(ps *person) float64 {
	var sw, swt float64
	for _, s := range p.likert {
		sw += s.weight
		swt += s.weight * ps.theta[s.id]
	}
	sw += p.cognitive.weight
	swt += p.cognitive.weight * ps.theta[p.cognitive.id]
	if sw == 0 {
		return 0
	}
	return swt / sw
}
