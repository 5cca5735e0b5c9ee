package scoring

import (
	"math"
	"sort"
)

// Part is one scored competency entering a role-fit composite: a Likert scale, the
// cognitive θ, an SJT or a work sample, already on the z scale of its norm. DISC has no
// z and cannot be a part.
type Part struct {
	ID     string
	Weight float64 // the role's weight for this part; ≤ 0 leaves it out
	Z      float64
	// SE in z units: SEM/σ of the norm (SEInZ) for classical scores, the posterior SD for
	// an EAP θ.
	SE float64
	// Minimum is the lowest acceptable z (T = 50 + 10z, so T 40 is z −1); nil for none.
	Minimum *float64
}

// Composite is a role-fit score with its uncertainty.
type Composite struct {
	C    float64
	SE   float64
	Band Band
	// Weight is Σwₖ over the parts used; Defined is false when no part carries weight.
	Weight  float64
	Defined bool
	Used    []string
	// BelowMinimum lists parts under their minimum, sorted by id.
	BelowMinimum []Shortfall
}

// Shortfall is a part below its role minimum. Clearly is true when even the top of the
// part's 95% band is below the minimum; otherwise measurement error could explain it.
type Shortfall struct {
	ID      string
	Z       float64
	Minimum float64
	Clearly bool
}

// RoleFit is the weighted composite of the parts' z scores:
//
//	C = Σwₖzₖ / Σwₖ,   SE = √(Σwₖ²·SEₖ²) / Σwₖ
//
// treating the parts' errors as independent. Minimums are checked on every part, with
// or without weight: a minimum is a floor, not a trade-off.
func RoleFit(parts []Part) Composite {
	var c Composite
	var swz, sw2se2 float64
	for _, p := range parts {
		z, se := clean(p.Z), math.Abs(clean(p.SE))
		if p.Minimum != nil && finite(*p.Minimum) && z < *p.Minimum {
			c.BelowMinimum = append(c.BelowMinimum, Shortfall{
				ID: p.ID, Z: z, Minimum: *p.Minimum, Clearly: z+z95*se < *p.Minimum,
			})
		}
		w := p.Weight
		if !finite(w) || w <= 0 {
			continue
		}
		c.Weight += w
		swz += w * z
		sw2se2 += w * w * se * se
		c.Used = append(c.Used, p.ID)
	}
	sort.Slice(c.BelowMinimum, func(i, j int) bool { return c.BelowMinimum[i].ID < c.BelowMinimum[j].ID })
	if !(c.Weight > 0) || !finite(c.Weight) {
		c.Weight = 0
		return c
	}
	c.Defined = true
	c.C = clean(swz / c.Weight)
	c.SE = clean(math.Sqrt(sw2se2) / c.Weight)
	c.Band = Band95(c.C, c.SE)
	return c
}
