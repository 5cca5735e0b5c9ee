package scoring

import (
	"math"
	"sort"
)

// RankInput is one candidate's composite for ranking.
type RankInput struct {
	ID string
	C  float64
	SE float64
}

// Ranked is one row of a ranking.
type Ranked struct {
	ID   string
	Rank int // 1-based position by composite
	C    float64
	SE   float64
	// TieGroup numbers the groups from the top (1 = the leading group). Candidates in one
	// group cannot be told apart by the assessment; their order inside it is not a
	// finding.
	TieGroup int
	// TiedWith lists the other members of the group, in rank order.
	TiedWith []string
}

// TieRule documents the grouping for the report.
var TieRule = Text{
	ES: "Dos candidatos se muestran empatados cuando la diferencia entre sus puntuaciones no supera 1,96·√(EE₁² + EE₂²) (1,96·EEM·√2 si sus errores son iguales). Los grupos se forman desde arriba: un candidato entra en el grupo en curso si no se distingue de quien lo encabeza; si se distingue, abre un grupo nuevo. Dentro de un grupo el orden no es un resultado.",
	EN: "Two candidates are shown as tied when their scores differ by no more than 1.96·√(SE₁² + SE₂²) (1.96·SEM·√2 when their errors are equal). Groups are formed from the top: a candidate joins the current group if they cannot be told apart from its leader; otherwise they start a new group. Order within a group is not a finding.",
}

// Tied reports whether two scores are within measurement error of each other:
// |C₁ − C₂| ≤ 1.96·√(SE₁² + SE₂²), which is 1.96·SEM·√2 when both SEs equal the SEM.
func Tied(c1, se1, c2, se2 float64) bool {
	return math.Abs(clean(c1)-clean(c2)) <= z95*math.Hypot(clean(se1), clean(se2))
}

// Rank orders candidates by composite, highest first (equal composites by id, so the
// order never depends on input order and never on speed), and groups them by chaining
// from the top: the first candidate leads group 1; each next candidate joins the current
// group when Tied with its leader, and otherwise leads a new group. Comparing with the
// leader (not the previous candidate) keeps a group from drifting: everyone in a group
// is within error of its leader, though two members at its ends may not be within
// error of each other.
func Rank(in []RankInput) []Ranked {
	out := make([]Ranked, len(in))
	for i, c := range in {
		out[i] = Ranked{ID: c.ID, C: clean(c.C), SE: math.Abs(clean(c.SE))}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].C != out[j].C {
			return out[i].C > out[j].C
		}
		return out[i].ID < out[j].ID
	})
	group, leader := 0, -1
	var members [][]int
	for i := range out {
		out[i].Rank = i + 1
		if leader < 0 || !Tied(out[leader].C, out[leader].SE, out[i].C, out[i].SE) {
			group++
			leader = i
			members = append(members, nil)
		}
		out[i].TieGroup = group
		members[group-1] = append(members[group-1], i)
	}
	for _, m := range members {
		if len(m) < 2 {
			continue
		}
		for _, i := range m {
			for _, j := range m {
				if i != j {
					out[i].TiedWith = append(out[i].TiedWith, out[j].ID)
				}
			}
		}
	}
	return out
}
