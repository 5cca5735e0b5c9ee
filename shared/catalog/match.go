package catalog

import (
	"fmt"
	"reflect"
)

// Presented is how one item is shown to one candidate: the catalog item, the id the
// candidate sees for it, and where its options, descriptors, cases and replies went. The
// server builds it (shared/assess Presentation) to send a view and to map answers back;
// tools and tests that know only the view recover it with Instrument.Match. It holds
// the item, keys included: it never leaves the server or the tool.
type Presented struct {
	Item *Item
	// ID is the item's id as the candidate sees it (opaque per session on the server).
	ID string
	// Options is the catalog index of each option (multiple choice, SJT) or descriptor
	// (forced choice), in the order shown; nil shows them as the catalog has them.
	Options []int
	// Cases are the parallel-cases messages in the order shown; nil shows them as the
	// catalog has them, under their catalog ids.
	Cases []PresentedCase
}

// PresentedCase is one parallel-cases message as shown.
type PresentedCase struct {
	ID      string // as the candidate sees it
	Index   int    // in Item.Task.Cases
	Replies []int  // the catalog index of each reply, in the order shown; nil: the catalog's
}

// CatalogOption is the catalog index of the option (or descriptor) shown at position
// shown; an index out of range is returned unchanged.
func (p Presented) CatalogOption(shown int) int {
	return forward(p.Options, shown)
}

// ShownOption is the position at which the catalog's option (or descriptor) i is shown;
// an index out of range is returned unchanged.
func (p Presented) ShownOption(i int) int {
	return backward(p.Options, i)
}

// CaseShown finds a case by the id the candidate sees.
func (p Presented) CaseShown(id string) (PresentedCase, bool) {
	for _, c := range p.cases() {
		if c.ID == id {
			return c, true
		}
	}
	return PresentedCase{}, false
}

// CaseOf finds how the catalog's case id is shown.
func (p Presented) CaseOf(catalogID string) (PresentedCase, bool) {
	for _, c := range p.cases() {
		if p.Item.Task.Cases[c.Index].ID == catalogID {
			return c, true
		}
	}
	return PresentedCase{}, false
}

// CatalogID is the catalog's id of a presented case.
func (p Presented) CatalogID(c PresentedCase) string {
	return p.Item.Task.Cases[c.Index].ID
}

// cases lists the item's cases as shown (the catalog's when Cases is nil).
func (p Presented) cases() []PresentedCase {
	if p.Cases != nil || p.Item == nil || p.Item.Task == nil {
		return p.Cases
	}
	out := make([]PresentedCase, len(p.Item.Task.Cases))
	for i, c := range p.Item.Task.Cases {
		out[i] = PresentedCase{ID: c.ID, Index: i}
	}
	return out
}

// CatalogReply is the catalog index of the reply shown at position shown.
func (c PresentedCase) CatalogReply(shown int) int { return forward(c.Replies, shown) }

// ShownReply is the position at which the catalog's reply i is shown.
func (c PresentedCase) ShownReply(i int) int { return backward(c.Replies, i) }

func forward(perm []int, k int) int {
	if perm == nil || k < 0 || k >= len(perm) {
		return k
	}
	return perm[k]
}

func backward(perm []int, i int) int {
	for k, j := range perm {
		if j == i {
			return k
		}
	}
	return i
}

// Match recovers how an item of in was presented from the view a candidate received in
// lang: the catalog item it is and the permutation of its options, descriptors, cases and
// replies, found by their texts. It is for tools and tests that answer through the
// candidate API knowing the canonical answer (simulation, bench, journey tests); the
// server never needs it. It fails when no item, or more than one, fits the view exactly.
func (in *Instrument) Match(lang Lang, v ItemView) (Presented, error) {
	var found []Presented
	for i := range in.Items {
		it := &in.Items[i]
		if it.Text.In(lang) != v.Text || it.Type != v.Type || it.SVG != v.SVG {
			continue
		}
		p := Presented{Item: it, ID: v.ID}
		var ok bool
		if len(it.Options) > 0 {
			if p.Options, ok = permutation(texts(it.Options, lang), v.Options); !ok {
				continue
			}
		}
		if len(it.Descriptors) > 0 {
			ds := make([]string, len(it.Descriptors))
			for j, d := range it.Descriptors {
				ds[j] = d.Text.In(lang)
			}
			if p.Options, ok = permutation(ds, v.Descriptors); !ok {
				continue
			}
		}
		if it.Task != nil && len(it.Task.Cases) > 0 {
			if v.Task == nil || len(v.Task.Cases) != len(it.Task.Cases) {
				continue
			}
			p.Cases, ok = matchCases(it.Task.Cases, v.Task.Cases, lang)
			if !ok {
				continue
			}
		}
		// Whatever the permutations found, the item must render exactly as received.
		if !reflect.DeepEqual(p.View(lang), v) {
			continue
		}
		found = append(found, p)
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return Presented{}, fmt.Errorf("%s: no item matches the view of %q", in.ID, v.ID)
	}
	return Presented{}, fmt.Errorf("%s: %d items match the view of %q", in.ID, len(found), v.ID)
}

func matchCases(cases []Case, shown []CaseView, lang Lang) ([]PresentedCase, bool) {
	used := make([]bool, len(cases))
	out := make([]PresentedCase, len(shown))
	for k, sc := range shown {
		found := false
		for i, c := range cases {
			if used[i] || c.Message.In(lang) != sc.Message || c.Channel != sc.Channel || c.WaitingMinutes != sc.WaitingMinutes {
				continue
			}
			replies, ok := permutation(texts(c.Replies, lang), sc.Replies)
			if !ok {
				continue
			}
			used[i], found = true, true
			out[k] = PresentedCase{ID: sc.ID, Index: i, Replies: replies}
			break
		}
		if !found {
			return nil, false
		}
	}
	return out, true
}

// permutation finds, for each shown text, the catalog index of the same text (each used
// once), or false when shown is not a rearrangement of catalog.
func permutation(catalog, shown []string) ([]int, bool) {
	if len(catalog) != len(shown) {
		return nil, false
	}
	used := make([]bool, len(catalog))
	out := make([]int, len(shown))
	for k, s := range shown {
		j := -1
		for i, c := range catalog {
			if !used[i] && c == s {
				j = i
				break
			}
		}
		if j < 0 {
			return nil, false
		}
		used[j], out[k] = true, j
	}
	return out, true
}
