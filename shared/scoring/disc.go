package scoring

import "sort"

// DISCChoice is one forced-choice block answered: the styles of the descriptors picked
// as most and least like the candidate (catalog.Item Descriptors[i].Style).
type DISCChoice struct{ Most, Least string }

// StyleScore is one style's count in a DISC profile.
type StyleScore struct {
	Style string
	Most  int
	Least int
	Diff  int // Most − Least
}

// DISCProfile is a within-person description. It is ipsative — every block gives out
// one +1 and one −1, so totals are fixed and scores of different people are not on a
// common scale — and so it has no z, no norm, and never enters a composite or a ranking.
type DISCProfile struct {
	Styles []StyleScore // in the order of styles given
	// Primary lists the style(s) with the highest difference (several on a tie).
	Primary []string
	Blocks  int // valid blocks used
	Invalid int // blocks with the same style as most and least, or unknown styles
}

// ScoreDISC counts most +1 and least −1 per style, keeping most, least and their
// difference. styles is the catalog's list of style ids.
func ScoreDISC(styles []string, choices []DISCChoice) DISCProfile {
	idx := map[string]int{}
	p := DISCProfile{}
	for _, s := range styles {
		if _, dup := idx[s]; dup {
			continue
		}
		idx[s] = len(p.Styles)
		p.Styles = append(p.Styles, StyleScore{Style: s})
	}
	for _, c := range choices {
		mi, ok1 := idx[c.Most]
		li, ok2 := idx[c.Least]
		if !ok1 || !ok2 || mi == li {
			p.Invalid++
			continue
		}
		p.Blocks++
		p.Styles[mi].Most++
		p.Styles[li].Least++
	}
	best := 0
	for i := range p.Styles {
		s := &p.Styles[i]
		s.Diff = s.Most - s.Least
		if i == 0 || s.Diff > best {
			best = s.Diff
		}
	}
	if p.Blocks > 0 {
		for _, s := range p.Styles {
			if s.Diff == best {
				p.Primary = append(p.Primary, s.Style)
			}
		}
		sort.Strings(p.Primary)
	}
	return p
}
