package catalog

import "fmt"

// checkContent validates an instrument's items against the rules of its kind
// (../shared/docs/psychometrics.md, "Content rules").
func (l *loader) checkContent(file string, in *Instrument) {
	scales := map[string]bool{}
	for i, s := range in.Scales {
		at := fmt.Sprintf("scales[%d]", i)
		if !idPattern.MatchString(s.ID) {
			l.add(file, at+".id", "%q is not a lowercase-hyphen id", s.ID)
		}
		if scales[s.ID] {
			l.add(file, at+".id", "duplicate scale id %q", s.ID)
		}
		scales[s.ID] = true
		l.required(file, at+".name", s.Name)
		if s.Norm != nil && s.Norm.SD <= 0 {
			l.add(file, at+".norm.sd", "must be positive")
		}
	}
	ids := map[string]bool{}
	for i, it := range in.Items {
		at := fmt.Sprintf("items[%d]", i)
		if it.ID == "" {
			l.add(file, at+".id", "is required")
		} else if ids[it.ID] {
			l.add(file, at+".id", "duplicate item id %q", it.ID)
		}
		ids[it.ID] = true
		l.required(file, at+".text", it.Text)
		if it.Scale != "" && !scales[it.Scale] {
			l.add(file, at+".scale", "unknown scale %q", it.Scale)
		}
		switch in.Kind {
		case Likert:
			if it.Key != 1 && it.Key != -1 {
				l.add(file, at+".key", "must be 1 or -1, got %d", it.Key)
			}
			if it.Scale == "" {
				l.add(file, at+".scale", "every Likert item names its scale")
			}
		case MultipleChoice:
			if it.Correct == nil {
				l.add(file, at+".correct", "is required")
			} else if *it.Correct < 0 || *it.Correct >= len(it.Options) {
				l.add(file, at+".correct", "%d is not an option index", *it.Correct)
			}
		case SJT:
			if len(it.Options) != 4 {
				l.add(file, at+".options", "an SJT item has 4 options, got %d", len(it.Options))
			}
			if it.Best == nil || it.Worst == nil {
				l.add(file, at, "an SJT item needs an expert key (best and worst)")
			} else if *it.Best == *it.Worst || *it.Best < 0 || *it.Worst < 0 || *it.Best >= len(it.Options) || *it.Worst >= len(it.Options) {
				l.add(file, at, "best and worst must be two different option indexes")
			}
			l.required(file, at+".why", it.Why)
		}
	}
	if in.Kind == Likert {
		type keys struct{ plus, minus int }
		per := map[string]*keys{}
		for _, it := range in.Items {
			k := per[it.Scale]
			if k == nil {
				k = &keys{}
				per[it.Scale] = k
			}
			if it.Key > 0 {
				k.plus++
			} else {
				k.minus++
			}
		}
		for i, s := range in.Scales {
			k := per[s.ID]
			if k == nil {
				continue // no items yet
			}
			if k.plus == 0 || k.minus == 0 {
				l.add(file, fmt.Sprintf("scales[%d]", i), "scale %q needs both positively and reverse-keyed items (has %d+, %d−)", s.ID, k.plus, k.minus)
			}
		}
	}
}
