package scoring

import (
	"math"
	"math/rand/v2"
)

// The generators below answer items the way the models assume people do. They exist for
// the recovery checks (package tests and the simulate command), not for scoring.

// Answer2PL draws a right/wrong answer for ability theta under the 2PL model.
func Answer2PL(r *rand.Rand, theta, a, b float64) bool {
	return r.Float64() < P2PL(theta, a, b)
}

// AnswerGraded draws a Likert answer from a graded-response model: the probability of
// answering category k or above is 1/(1 + e^(−a(key·θ − bₖ))) for the ordered
// thresholds bₖ (one fewer than the categories). A reverse-keyed item (key −1) is
// endorsed by low θ. The answer is on rng's range, lowest category rng.Min.
func AnswerGraded(r *rand.Rand, theta float64, key int, a float64, thresholds []float64, rng LikertRange) int {
	t := theta
	if key < 0 {
		t = -theta
	}
	u := r.Float64()
	x := rng.Min
	// P(X ≥ k) decreases with k, so count the thresholds the draw clears.
	for _, b := range thresholds {
		if u < 1/(1+math.Exp(-a*(t-b))) {
			x++
		}
	}
	return min(x, rng.Max)
}
