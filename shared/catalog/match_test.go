package catalog_test

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strconv"
	"testing"

	"shortlist/shared/catalog"
)

// Every shipped item, presented with its options, descriptors, cases and replies
// rearranged and opaque ids, is recognised from its view alone (after a JSON round trip,
// as a tool receives it), with the same permutations.
func TestMatchRecoversThePresentation(t *testing.T) {
	t.Parallel()
	c := shipped(t)
	rng := rand.New(rand.NewPCG(7, 7))
	perm := func(n int) []int {
		if n == 0 {
			return nil
		}
		return rng.Perm(n)
	}
	for _, in := range c.Instruments() {
		for _, lang := range catalog.Langs {
			for i := range in.Items {
				it := &in.Items[i]
				p := catalog.Presented{Item: it, ID: "x" + strconv.Itoa(rng.IntN(1e6)), Options: perm(max(len(it.Options), len(it.Descriptors)))}
				if it.Task != nil && len(it.Task.Cases) > 0 {
					for k, ci := range rng.Perm(len(it.Task.Cases)) {
						p.Cases = append(p.Cases, catalog.PresentedCase{ID: "c" + strconv.Itoa(k) + "z", Index: ci, Replies: perm(len(it.Task.Cases[ci].Replies))})
					}
				}
				b, err := json.Marshal(p.View(lang))
				if err != nil {
					t.Fatal(err)
				}
				var v catalog.ItemView
				if err := json.Unmarshal(b, &v); err != nil {
					t.Fatal(err)
				}
				got, err := in.Match(lang, v)
				if err != nil {
					t.Errorf("%s %s %s: %v", in.ID, lang, it.ID, err)
					continue
				}
				if got.Item != it || got.ID != p.ID || !reflect.DeepEqual(got.Options, p.Options) || !reflect.DeepEqual(got.Cases, p.Cases) {
					t.Errorf("%s %s %s: matched %s %v %+v, presented %v %+v", in.ID, lang, it.ID, got.Item.ID, got.Options, got.Cases, p.Options, p.Cases)
				}
				// The maps between shown and catalog positions are each other's inverse.
				for k := range p.Options {
					if got.ShownOption(got.CatalogOption(k)) != k || got.CatalogOption(k) != p.Options[k] {
						t.Errorf("%s %s: option %d maps to %d and back to %d", in.ID, it.ID, k, got.CatalogOption(k), got.ShownOption(got.CatalogOption(k)))
					}
				}
			}
		}
	}
}

// A view that no item fits exactly is refused rather than guessed.
func TestMatchRefusesAStrangerView(t *testing.T) {
	t.Parallel()
	in, _ := shipped(t).Instrument("numerical-reasoning")
	v := catalog.Presented{Item: &in.Items[0], ID: "q"}.View(catalog.EN)
	v.Options = append(v.Options[1:], "999,999")
	if p, err := in.Match(catalog.EN, v); err == nil {
		t.Errorf("matched %s", p.Item.ID)
	}
}
