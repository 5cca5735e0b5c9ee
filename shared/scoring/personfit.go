package scoring

import "math"

// FitItem is one answered right/wrong item for person fit: its 2PL parameters (catalog.Item
// A, B), an optional lower asymptote C (the chance of a right answer by guessing, 0 for the
// plain 2PL) and whether the answer was right.
type FitItem struct {
	A, B, C float64
	Correct bool
}

// AbilityPart is one ability test (numerical, verbal, logical, …) for person fit: the
// items the candidate actually answered and their θ estimated from exactly those items.
// Items skipped or not reached say nothing about how the answers fit, and a θ that also
// counts them as wrong (as the reported score does) is lower than the answered items
// support, which would make a candidate who ran out of time look like a misfit: build the
// part with AbilityPartOf unless you already hold the EAP of the answered items.
type AbilityPart struct {
	Theta float64
	Items []FitItem
}

// AbilityPartOf is the AbilityPart of the answered items, with θ their 2PL EAP (the
// engine's estimator, EAP, over A, B and Correct; C does not enter θ).
func AbilityPartOf(items []FitItem) AbilityPart {
	scored := make([]Scored2PL, len(items))
	for i, it := range items {
		scored[i] = Scored2PL{A: it.A, B: it.B, Correct: it.Correct}
	}
	return AbilityPart{Theta: EAP(scored).Theta, Items: items}
}

// PersonFit is the standardized log-likelihood person-fit index l_z (Drasgow, Levine &
// Williams 1985) over one or more ability tests, each at its own θ:
//
//	P_i = c_i + (1 − c_i)/(1 + e^(−a_i(θ − b_i)))
//	l₀  = Σ u_i·ln P_i + (1 − u_i)·ln(1 − P_i)              (u_i = 1 when right)
//	E   = Σ P_i·ln P_i + (1 − P_i)·ln(1 − P_i)
//	V   = Σ P_i(1 − P_i)·[ln(P_i/(1 − P_i))]²
//	l_z = (l₀ − E)/√V
//
// Answers that follow the model (right on easy items, wrong on hard ones) give l_z near 0
// or above; answers unrelated to difficulty (random choices, copying) give a large negative
// l_z. Summing l₀, E and V over the tests pools the evidence into one index, which keeps
// the chance of a false flag at one test's rate however many tests the assessment has.
// Items with unusable parameters (a ≤ 0, c outside [0, 1), non-finite) are skipped.
// It returns l_z and the number of items used; l_z is 0 when V is 0 (no items, or only
// items whose P is ½, which carry no evidence).
func PersonFit(parts []AbilityPart) (lz float64, items int) {
	var l0, e, v float64
	for _, p := range parts {
		if !finite(p.Theta) {
			continue
		}
		for _, it := range p.Items {
			if !finite(it.A) || !finite(it.B) || !finite(it.C) || it.A <= 0 || it.C < 0 || it.C >= 1 {
				continue
			}
			pr := it.C + (1-it.C)*P2PL(p.Theta, it.A, it.B)
			// Keep P off 0 and 1 so that the logs stay finite for extreme θ.
			pr = math.Min(math.Max(pr, 1e-9), 1-1e-9)
			lp, lq := math.Log(pr), math.Log1p(-pr)
			if it.Correct {
				l0 += lp
			} else {
				l0 += lq
			}
			e += pr*lp + (1-pr)*lq
			lg := lp - lq
			v += pr * (1 - pr) * lg * lg
			items++
		}
	}
	if v <= 0 {
		return 0, items
	}
	return clean((l0 - e) / math.Sqrt(v)), items
}
