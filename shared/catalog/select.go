package catalog

import (
	"fmt"
	"strings"
)

// Item selection by industry. One SJT serves every role, but its scenes come from
// different kinds of work: a warehouse picker should not judge a hotel check-in. Every
// scene names the industries it fits (Item.Fits, catalog industry ids, or AnyWorkplace),
// and an assessment gives a role only the scenes that fit the role's industry.
//
// The selection is a variant of one exact instrument version: its Hash is the version's
// hash, variantSep and the industry ("3f2a…~logistics"). A section frozen with that hash
// resolves through InstrumentAt to the same scenes for as long as the assessment lives
// (the base version is kept as a snapshot like any other), so scoring, presentation and
// reports all see the role's scenes and nothing else, and the SJT's maximum counts only
// them.

// AnyWorkplace tags an SJT scene that fits every industry.
const AnyWorkplace = "any"

// MinFittingSJT is the fewest SJT scenes that must fit each industry of the shipped
// catalog (a content minimum: shared/catalog's content tests check it for every role).
const MinFittingSJT = 8

// variantSep joins a version hash and the industry of a selection. It is neither a hex
// digit nor allowed in an id, so a plain hash is never read as a variant.
const variantSep = "~"

// FitsIndustry reports whether an item belongs in a role of industry: an untagged item
// (other kinds, fixtures, versions written before the tags) fits everywhere.
func (it *Item) FitsIndustry(industry string) bool {
	if len(it.Fits) == 0 {
		return true
	}
	for _, f := range it.Fits {
		if f == AnyWorkplace || f == industry {
			return true
		}
	}
	return false
}

// ForIndustry is the instrument as a role of industry takes it: an SJT keeps the scenes
// that fit industry, in their catalog order, under a variant hash. Any other kind, or an
// SJT where every scene fits (or none does: the content tests rule that out for the
// catalog's industries), is returned unchanged. The variant shares the base version's Raw bytes: a
// snapshot always stores the base version.
func (in *Instrument) ForIndustry(industry string) *Instrument {
	if in.Kind != SJT || industry == "" {
		return in
	}
	var keep []Item
	for i := range in.Items {
		if in.Items[i].FitsIndustry(industry) {
			keep = append(keep, in.Items[i])
		}
	}
	if len(keep) == 0 || len(keep) == len(in.Items) {
		return in
	}
	out := *in
	out.Items = keep
	out.Hash = in.Hash + variantSep + industry
	return &out
}

// InstrumentFor is instrument id as role r takes it (ForIndustry of the role's industry).
func (c *Catalog) InstrumentFor(r Role, id string) (*Instrument, bool) {
	in, ok := c.instruments[id]
	if !ok {
		return nil, false
	}
	return in.ForIndustry(r.Industry), true
}

// variantAt resolves a variant hash: the base version (embedded or snapshot) narrowed to
// the industry's scenes.
func (c *Catalog) variantAt(id, hash string) (*Instrument, error) {
	base, industry, _ := strings.Cut(hash, variantSep)
	key := id + "@" + hash
	if v, ok := c.snap.cache.Load(key); ok {
		return v.(*Instrument), nil
	}
	in, err := c.InstrumentAt(id, base)
	if err != nil {
		return nil, err
	}
	v := in.ForIndustry(industry)
	if v.Hash != hash {
		return nil, fmt.Errorf("instrument %s version %s has no selection for %q", id, base, industry)
	}
	c.snap.cache.Store(key, v)
	return v, nil
}
