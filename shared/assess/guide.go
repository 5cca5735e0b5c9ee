package assess

import "shortlist/shared/catalog"

// Guide is what an assessment's content says about its parts and scales: each part's
// instrument at the version the assessment was built with, read once. The ranking, the
// candidate detail, the compare view and the reports name scales and attach interview
// questions through it, so they say the same thing.
type Guide struct {
	parts []*catalog.Instrument // by section index
}

// GuideOf reads the instruments of a's parts. An instrument version the catalog cannot
// read is an error, never skipped.
func GuideOf(cat *catalog.Catalog, a Assessment) (Guide, error) {
	g := Guide{parts: make([]*catalog.Instrument, len(a.Config.Sections))}
	for i, sec := range a.Config.Sections {
		inst, err := cat.InstrumentAt(sec.Instrument, sec.Hash)
		if err != nil {
			return Guide{}, err
		}
		g.parts[i] = inst
	}
	return g, nil
}

// Part is the instrument of section i (nil outside the assessment's parts).
func (g Guide) Part(i int) *catalog.Instrument {
	if i < 0 || i >= len(g.parts) {
		return nil
	}
	return g.parts[i]
}

// PartName is section i's instrument name in lang, or id when there is no such part.
func (g Guide) PartName(i int, id string, lang catalog.Lang) string {
	if inst := g.Part(i); inst != nil {
		if n := inst.Name.In(lang); n != "" {
			return n
		}
	}
	return id
}

// ScaleGuide is what the content says about one scale: the scale itself (its name and
// what it observes) and the interview questions that probe it.
type ScaleGuide struct {
	Scale     catalog.Scale
	Questions []catalog.Question
}

// Name is the scale's name in lang, or its id when the content names it nowhere.
func (g ScaleGuide) Name(lang catalog.Lang) string {
	if n := g.Scale.Name.In(lang); n != "" {
		return n
	}
	return g.Scale.ID
}

// Scale looks scale up in the assessment's parts: a scale no part has gives a guide with
// only its id.
func (g Guide) Scale(scale string) ScaleGuide {
	sg := ScaleGuide{Scale: catalog.Scale{ID: scale}}
	for _, inst := range g.parts {
		for _, sc := range inst.Scales {
			if sc.ID == scale {
				sg.Scale = sc
			}
		}
		for _, q := range inst.Interview {
			if q.Scale == scale {
				sg.Questions = append(sg.Questions, q)
			}
		}
	}
	return sg
}

// ScaleName is the scale's name in lang, or its id.
func (g Guide) ScaleName(scale string, lang catalog.Lang) string { return g.Scale(scale).Name(lang) }

// GuideFor is GuideOf(cat, a).Scale(scale).
func GuideFor(cat *catalog.Catalog, a Assessment, scale string) (ScaleGuide, error) {
	g, err := GuideOf(cat, a)
	if err != nil {
		return ScaleGuide{}, err
	}
	return g.Scale(scale), nil
}
