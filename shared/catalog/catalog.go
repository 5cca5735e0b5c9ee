// Package catalog loads, validates and queries Shortlist's content: industries, roles with
// their suggested assessment mix, and the instruments (tests) those mixes name.
//
// The content lives as JSON files in an fs.FS (the embedded content package in production,
// fstest.MapFS in tests), laid out as:
//
//	catalog/industries.json        [{"id", "name": {"es","en"}}]
//	catalog/roles/<role>.json      one Role
//	catalog/instruments/<id>.json  one Instrument (metadata, and its items)
//
// Every text a candidate or a hiring team reads is a Text: Spanish and English, both
// required. Load rejects bad content with errors that name the file and the field; the
// format is documented in content/README.md.
package catalog

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"path"
	"sort"
)

// Lang is a content language.
type Lang string

const (
	ES Lang = "es"
	EN Lang = "en"
)

// Langs lists the languages every text must have.
var Langs = []Lang{ES, EN}

// ParseLang accepts "es" or "en".
func ParseLang(s string) (Lang, bool) {
	switch Lang(s) {
	case ES, EN:
		return Lang(s), true
	}
	return "", false
}

// Text is one piece of content in every language.
type Text struct {
	ES string `json:"es"`
	EN string `json:"en"`
}

// In returns the text in lang.
func (t Text) In(lang Lang) string {
	if lang == ES {
		return t.ES
	}
	return t.EN
}

// Family is one of the four signal families of the catalog (DISC is the alternative to a
// technical test and is kept apart because it never enters a ranking).
type Family string

const (
	Cognitive  Family = "cognitive"
	Competency Family = "competency"
	Technical  Family = "technical"
	Integrity  Family = "integrity"
	DISC       Family = "disc"
)

// Families in display order.
var Families = []Family{Cognitive, Competency, Technical, Integrity, DISC}

func (f Family) valid() bool {
	for _, g := range Families {
		if f == g {
			return true
		}
	}
	return false
}

// Industry groups roles.
type Industry struct {
	ID   string `json:"id"`
	Name Text   `json:"name"`
}

// Role is a catalog page: the hiring challenge, what to assess, the suggested mix and
// where the weight is.
type Role struct {
	ID        string     `json:"id"`
	Industry  string     `json:"industry"`
	Name      Text       `json:"name"`
	Challenge Text       `json:"challenge"`
	Assess    Text       `json:"assess"`
	Weighting Weighting  `json:"weighting"`
	Mix       []MixEntry `json:"mix"`
	// Seed names the catalog page a role was transcribed from, when it was.
	Seed string `json:"seed,omitempty"`
}

// Weighting says where the weight of a role's composite sits, by signal family. The
// weights of the families present in the mix sum to 1; DISC never carries weight.
type Weighting struct {
	Note     Text               `json:"note"`
	Families map[Family]float64 `json:"families"`
}

// MixEntry is one suggested assessment and the reason it is in the mix.
type MixEntry struct {
	Instrument string `json:"instrument"`
	Reason     Text   `json:"reason"`
}

// Instrument is one test in the library.
type Instrument struct {
	ID       string `json:"id"`
	Family   Family `json:"family"`
	Kind     Kind   `json:"kind"`
	Name     Text   `json:"name"`
	Observes Text   `json:"observes"`
	// Minutes is the expected duration, used for the battery estimate.
	Minutes int `json:"minutes"`
	// Timed instruments have a server-kept deadline of TimeLimitSeconds.
	TimeLimitSeconds int `json:"timeLimitSeconds,omitempty"`
	// Hash identifies this exact version of the instrument file; an assessment records it
	// so that a later content edit never changes a running assessment. A role's selection
	// of an SJT's scenes carries the file's hash plus "~" and the industry (ForIndustry).
	Hash string `json:"-"`
	// Raw is the instrument file as loaded: what a snapshot stores.
	Raw []byte `json:"-"`
	// Content carries the instrument's items, scales, norms and interview guide; its
	// shape depends on Kind (see items.go).
	Content
}

// Catalog is loaded, validated content. It is read-only after Load and safe to share.
type Catalog struct {
	Version     string
	industries  []Industry
	roles       []Role
	instruments map[string]*Instrument
	roleByID    map[string]*Role
	snap        snapshots
}

// Industries in file order.
func (c *Catalog) Industries() []Industry { return c.industries }

// Roles in a stable order (industry, then id); industry "" means all.
func (c *Catalog) Roles(industry string) []Role {
	var out []Role
	for _, r := range c.roles {
		if industry == "" || r.Industry == industry {
			out = append(out, r)
		}
	}
	return out
}

// Role by id.
func (c *Catalog) Role(id string) (Role, bool) {
	r, ok := c.roleByID[id]
	if !ok {
		return Role{}, false
	}
	return *r, true
}

// Industry by id.
func (c *Catalog) Industry(id string) (Industry, bool) {
	for _, i := range c.industries {
		if i.ID == id {
			return i, true
		}
	}
	return Industry{}, false
}

// Instrument by id.
func (c *Catalog) Instrument(id string) (*Instrument, bool) {
	in, ok := c.instruments[id]
	return in, ok
}

// Instruments sorted by id.
func (c *Catalog) Instruments() []*Instrument {
	out := make([]*Instrument, 0, len(c.instruments))
	for _, in := range c.instruments {
		out = append(out, in)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// RoleMinutes is the estimated duration of a role's suggested mix.
func (c *Catalog) RoleMinutes(r Role) int {
	total := 0
	for _, e := range r.Mix {
		if in, ok := c.instruments[e.Instrument]; ok {
			total += in.Minutes
		}
	}
	return total
}

// EntryWeight is the weight of one mix entry in the role-fit composite: its family's
// weight shared equally among the entries of that family.
func (r Role) EntryWeight(c *Catalog, i int) float64 {
	in, ok := c.instruments[r.Mix[i].Instrument]
	if !ok {
		return 0
	}
	n := 0
	for _, e := range r.Mix {
		if other, ok := c.instruments[e.Instrument]; ok && other.Family == in.Family {
			n++
		}
	}
	return r.Weighting.Families[in.Family] / float64(n)
}

func fileHash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])[:16]
}

// version hashes every content file (names and bytes) so that caches and frozen
// assessment snapshots can say exactly which content they were built from.
func version(fsys fs.FS, files []string) (string, error) {
	h := sha256.New()
	sort.Strings(files)
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return "", err
		}
		h.Write([]byte(path.Clean(f)))
		h.Write([]byte{0})
		h.Write(b)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}
