package scoring

import "math"

// P2PL is the two-parameter logistic model: P(θ) = 1/(1 + e^(−a(θ−b))).
func P2PL(theta, a, b float64) float64 {
	return clean(1 / (1 + math.Exp(-a*(theta-b))))
}

// Information is the 2PL item information a²·P·(1 − P) at θ; adaptive selection picks
// the unseen item with the most information at the current estimate.
func Information(theta, a, b float64) float64 {
	p := P2PL(theta, a, b)
	return clean(a * a * p * (1 - p))
}

// Scored2PL is one answered right/wrong item with its 2PL parameters (catalog.Item A, B;
// Correct says whether the chosen option was the keyed one) and an optional lower
// asymptote C, the chance of a right answer by guessing (3PL: P = C + (1 − C)·σ(a(θ − b))).
// C = 0 is the plain 2PL.
type Scored2PL struct {
	A, B    float64
	C       float64
	Correct bool
}

// Ability is an EAP estimate of θ on the N(0, 1) scale of the item parameters, so θ is
// already a z score and SE is in z units.
type Ability struct {
	Theta float64
	SE    float64 // posterior SD
	Band  Band    // θ ± 1.96·SE
	// Answered counts the items used; Right of them were correct. Items with unusable
	// parameters (a ≤ 0, non-finite) are skipped and counted in Skipped.
	Answered, Right, Skipped int
}

// EAPNodes is the quadrature the engine uses: 81 equally spaced nodes on [−4, 4] (step
// 0.1), twice the 41 the method needs, so the sums agree with numerical integration to
// well under 0.01.
const EAPNodes = 81

// EAP is the expected a posteriori ability with a standard normal prior:
//
//	θ̂ = Σθ·L(θ)·φ(θ) / Σ L(θ)·φ(θ),   SE = √(Σ(θ − θ̂)²·L(θ)·φ(θ) / Σ L(θ)·φ(θ))
//
// over EAPNodes nodes in [−4, 4], where L is the 2PL (or, with C, 3PL) likelihood of the answers. It is
// computed in logs so that long tests do not underflow. Which items count is the caller's
// choice: an item shown and skipped is usually scored wrong, an item never reached is
// left out. With no answers it returns the prior (θ 0, SE ≈ 1).
func EAP(answers []Scored2PL) Ability {
	var ab Ability
	logL := make([]float64, EAPNodes)
	for q := range EAPNodes {
		theta := node(q)
		logL[q] = -theta * theta / 2 // log φ(θ) up to a constant, which cancels
	}
	for _, it := range answers {
		if !finite(it.A) || !finite(it.B) || it.A <= 0 {
			ab.Skipped++
			continue
		}
		ab.Answered++
		if it.Correct {
			ab.Right++
		}
		c := it.C
		if !finite(c) || c < 0 || c >= 1 {
			c = 0
		}
		for q := range EAPNodes {
			theta := node(q)
			// log P = −log(1+e^(−x)), log(1−P) = −log(1+e^x): stable for large |x|.
			x := it.A * (theta - it.B)
			switch {
			case c == 0 && it.Correct:
				logL[q] -= softplus(-x)
			case c == 0:
				logL[q] -= softplus(x)
			case it.Correct: // log(c + (1−c)σ(x))
				logL[q] += math.Log(c + (1-c)*math.Exp(-softplus(-x)))
			default: // log((1−c)(1−σ(x)))
				logL[q] += math.Log1p(-c) - softplus(x)
			}
		}
	}
	top := math.Inf(-1)
	for _, l := range logL {
		top = math.Max(top, l)
	}
	w := make([]float64, EAPNodes)
	var sw, st float64
	for q, l := range logL {
		w[q] = math.Exp(l - top)
		sw += w[q]
		st += w[q] * node(q)
	}
	ab.Theta = clean(st / sw)
	var ss float64 // second pass around θ̂: no cancellation in the variance
	for q := range w {
		d := node(q) - ab.Theta
		ss += w[q] * d * d
	}
	ab.SE = clean(math.Sqrt(ss / sw))
	ab.Band = Band95(ab.Theta, ab.SE)
	return ab
}

// node is the q-th quadrature point in [−4, 4].
func node(q int) float64 { return -4 + 8*float64(q)/float64(EAPNodes-1) }

// softplus is log(1 + e^x) without overflow.
func softplus(x float64) float64 {
	if x > 30 {
		return x
	}
	return math.Log1p(math.Exp(x))
}

// SumInformation is Σ a²P(1−P) over items at θ; 1/√I approximates the SE a test can
// reach there, which the adaptive part uses to stop.
func SumInformation(theta float64, items []Scored2PL) float64 {
	s := 0.0
	for _, it := range items {
		if finite(it.A) && finite(it.B) && it.A > 0 {
			s += Information(theta, it.A, it.B)
		}
	}
	return s
}
