package assess

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"math/rand/v2"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"shortlist/shared/catalog"
)

// Presentation is how one section of one session shows its items to the candidate, so
// that nothing the client sees lets anyone derive a key:
//
//   - the items come in this session's own order;
//   - every item id, and every parallel-cases case id, is opaque and different per
//     session: a keyed hash (HMAC-SHA-256, keyed by the session's secret seed, which never
//     leaves the server) of the section and the catalog id, 12 or 8 base64url characters;
//   - option sets without a natural order are shuffled per session and item: multiple-
//     choice options, SJT options, DISC descriptors within a block, parallel-cases
//     replies and the order of the cases. Sets with a natural order keep it: options that
//     are all numbers (amounts, counts, percentages, durations, dates) or all labels of
//     one series ("Figure A"…"Figure D") are shown ascending, and verbal-reasoning items
//     keep their fixed response set (True / False / Cannot say) as written; Likert
//     agreement labels are never moved.
//
// Everything derives from the seed, so a reload, or the same invite on another device,
// shows exactly the same thing. Answers arrive in the shown terms and are mapped back to
// the catalog's ids and indexes before they are checked and stored (SaveAnswers with
// Batch.AsShown), so storage and scoring only ever see catalog ids. Practice items are
// not scored: they keep their catalog ids and order.
type Presentation struct {
	inst  *catalog.Instrument
	items []catalog.Presented // in the order shown
	shown map[string]int      // shown id → index in items
	byID  map[string]int      // catalog id → index in items
}

// Lengths, in bytes before base64url, of the opaque ids: 12 characters for items, 8 for
// cases (unique within one item). A collision within a section is resolved by drawing again.
const (
	itemIDBytes = 9
	caseIDBytes = 6
)

// NewPresentation is section's presentation (0-based) of inst for session ss.
func NewPresentation(ss Session, section int, inst *catalog.Instrument) *Presentation {
	k := newPresentationKey(ss.Seed)
	sec := strconv.Itoa(section)
	p := &Presentation{inst: inst, shown: map[string]int{}, byID: map[string]int{}}
	taken := map[string]bool{}
	for _, it := range inst.Items {
		taken[it.ID] = true // an opaque id never reads as a catalog id
	}
	for _, i := range shownIndexes(ss, section, len(inst.Items)) {
		it := &inst.Items[i]
		pr := catalog.Presented{Item: it, ID: k.id(taken, itemIDBytes, "item", sec, it.ID)}
		pr.Options = optionOrder(inst, it, func() *rand.Rand { return k.rng("options", sec, it.ID) })
		if it.Task != nil && len(it.Task.Cases) > 0 {
			pr.Cases = presentCases(k, sec, it)
		}
		p.shown[pr.ID] = len(p.items)
		p.byID[it.ID] = len(p.items)
		p.items = append(p.items, pr)
	}
	return p
}

// ShownOrder is the catalog ids of section's items (0-based) in the order session ss is
// shown them (scoring reads response patterns such as long strings in this order).
func ShownOrder(ss Session, section int, inst *catalog.Instrument) []string {
	idx := shownIndexes(ss, section, len(inst.Items))
	out := make([]string, len(idx))
	for k, i := range idx {
		out[k] = inst.Items[i].ID
	}
	return out
}

// shownIndexes is the session's item order: seeded by the session's seed and the
// section, so a reload shows the same order.
func shownIndexes(ss Session, section, n int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	rng := rand.New(rand.NewPCG(uint64(ss.Seed), uint64(section)))
	rng.Shuffle(n, func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
	return idx
}

// Items are the section's items as presented, in the order shown.
func (p *Presentation) Items() []catalog.Presented { return p.items }

// View is the section's content as the candidate receives it in lang.
func (p *Presentation) View(lang catalog.Lang) catalog.InstrumentView {
	return p.inst.ViewOf(lang, p.items)
}

// Shown finds an item by the id the candidate sees.
func (p *Presentation) Shown(id string) (catalog.Presented, bool) {
	i, ok := p.shown[id]
	if !ok {
		return catalog.Presented{}, false
	}
	return p.items[i], true
}

// Of finds how the catalog's item id is presented.
func (p *Presentation) Of(catalogID string) (catalog.Presented, bool) {
	i, ok := p.byID[catalogID]
	if !ok {
		return catalog.Presented{}, false
	}
	return p.items[i], true
}

// ShownAnswers maps stored answers (catalog id → answer, canonical values) to what the
// candidate's client holds: shown id → value as shown. An answer that no longer maps
// (which a stored answer never should) is left out rather than shown wrong.
func (p *Presentation) ShownAnswers(stored map[string]Answer) map[string]json.RawMessage {
	out := make(map[string]json.RawMessage, len(stored))
	for id, a := range stored {
		pr, ok := p.Of(id)
		if !ok {
			continue
		}
		v, err := ShownValue(p.inst.Kind, pr, a.Value)
		if err != nil {
			continue
		}
		out[pr.ID] = v
	}
	return out
}

// optionOrder is the catalog index of each option (or descriptor) of it, in the order
// shown; nil for items without options.
func optionOrder(inst *catalog.Instrument, it *catalog.Item, rng func() *rand.Rand) []int {
	switch inst.Kind {
	case catalog.MultipleChoice:
		if order := naturalOrder(inst, it); order != nil {
			return order
		}
		return shuffled(len(it.Options), rng())
	case catalog.SJT:
		return shuffled(len(it.Options), rng())
	case catalog.ForcedChoice:
		return shuffled(len(it.Descriptors), rng())
	}
	return nil
}

func presentCases(k presentationKey, sec string, it *catalog.Item) []catalog.PresentedCase {
	cases := it.Task.Cases
	taken := map[string]bool{}
	for _, c := range cases {
		taken[c.ID] = true
	}
	out := make([]catalog.PresentedCase, 0, len(cases))
	for _, i := range shuffled(len(cases), k.rng("cases", sec, it.ID)) {
		c := cases[i]
		out = append(out, catalog.PresentedCase{
			ID:      k.id(taken, caseIDBytes, "case", sec, it.ID, c.ID),
			Index:   i,
			Replies: shuffled(len(c.Replies), k.rng("replies", sec, it.ID, c.ID)),
		})
	}
	return out
}

func shuffled(n int, rng *rand.Rand) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	rng.Shuffle(n, func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

func identity(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// presentationKey keys everything a presentation draws: the session's seed, which is
// random, kept on the server and never sent.
type presentationKey []byte

func newPresentationKey(seed int64) presentationKey {
	k := make([]byte, 0, 32)
	k = append(k, "shortlist/presentation/1:"...)
	return binary.BigEndian.AppendUint64(k, uint64(seed))
}

func (k presentationKey) sum(parts ...string) []byte {
	m := hmac.New(sha256.New, k)
	for _, p := range parts {
		m.Write([]byte(p))
		m.Write([]byte{0})
	}
	return m.Sum(nil)
}

// id draws an opaque id of n bytes (base64url) not in taken, and takes it.
func (k presentationKey) id(taken map[string]bool, n int, parts ...string) string {
	for draw := 0; ; draw++ {
		s := base64.RawURLEncoding.EncodeToString(k.sum(append(parts, strconv.Itoa(draw))...)[:n])
		if !taken[s] {
			taken[s] = true
			return s
		}
	}
}

func (k presentationKey) rng(parts ...string) *rand.Rand {
	s := k.sum(parts...)
	return rand.New(rand.NewPCG(binary.LittleEndian.Uint64(s[:8]), binary.LittleEndian.Uint64(s[8:16])))
}

// naturalOrder is the order of a multiple-choice option set that has one, or nil:
//   - a verbal-reasoning item whose options are a response set it shares with another
//     verbal item of the instrument (True / False / Cannot say) keeps it as written;
//   - options that are all one number in the same words ("$5.900", "16,7 %", "3 horas",
//     "P4", a date) are shown ascending by value, and options that are all one label of
//     a series ("Figura A"…"Figura D") ascending by label.
//
// The order must be the same in every language (the presentation does not depend on
// the assessment's language), else the set counts as having none and is shuffled.
func naturalOrder(inst *catalog.Instrument, it *catalog.Item) []int {
	if it.Type == catalog.Verbal && sharedResponseSet(inst, it) {
		return identity(len(it.Options))
	}
	var order []int
	for _, lang := range catalog.Langs {
		o := ascending(it.Options, lang)
		if o == nil || (order != nil && !equalInts(o, order)) {
			return nil
		}
		order = o
	}
	return order
}

func sharedResponseSet(inst *catalog.Instrument, it *catalog.Item) bool {
	for i := range inst.Items {
		other := &inst.Items[i]
		if other != it && other.Type == it.Type && len(other.Options) == len(it.Options) {
			same := true
			for j := range it.Options {
				same = same && other.Options[j] == it.Options[j]
			}
			if same {
				return true
			}
		}
	}
	return false
}

// A number in an option: an ISO or day-first date, or digits with thousands and decimal
// separators (read by the language's convention).
var (
	numberRe  = regexp.MustCompile(`\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[-/]\d{1,2}[-/]\d{4}|\d+(?:[.,]\d+)*`)
	isoDate   = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})$`)
	dayFirst  = regexp.MustCompile(`^(\d{1,2})[-/](\d{1,2})[-/](\d{4})$`)
	seriesRe  = regexp.MustCompile(`^(.*\s)([A-Z])$`)
	minusSign = strings.NewReplacer("−", "-")
)

// ascending is the order of opts by value in lang when they all read as one number (or
// one series label) in the same surrounding words; nil when they do not.
func ascending(opts []catalog.Text, lang catalog.Lang) []int {
	if len(opts) < 2 {
		return nil
	}
	vals := make([]float64, len(opts))
	rest := ""
	for i, o := range opts {
		s := minusSign.Replace(o.In(lang))
		var r string
		var v float64
		if loc := numberRe.FindAllStringIndex(s, -1); len(loc) == 1 {
			n, ok := numberValue(s[loc[0][0]:loc[0][1]], lang)
			if !ok {
				return nil
			}
			r, v = s[:loc[0][0]]+"#"+s[loc[0][1]:], n
		} else if m := seriesRe.FindStringSubmatch(s); len(loc) == 0 && m != nil {
			r, v = m[1]+"#", float64(m[2][0])
		} else {
			return nil
		}
		if i > 0 && r != rest {
			return nil
		}
		rest, vals[i] = r, v
	}
	order := identity(len(opts))
	sort.SliceStable(order, func(a, b int) bool { return vals[order[a]] < vals[order[b]] })
	return order
}

func numberValue(tok string, lang catalog.Lang) (float64, bool) {
	if m := isoDate.FindStringSubmatch(tok); m != nil {
		return dateValue(m[1], m[2], m[3]), true
	}
	if m := dayFirst.FindStringSubmatch(tok); m != nil {
		return dateValue(m[3], m[2], m[1]), true
	}
	thousands, decimal := ",", "."
	if lang == catalog.ES {
		thousands, decimal = ".", ","
	}
	s := strings.ReplaceAll(tok, thousands, "")
	if strings.Count(s, decimal) > 1 {
		return 0, false
	}
	v, err := strconv.ParseFloat(strings.Replace(s, decimal, ".", 1), 64)
	return v, err == nil
}

func dateValue(y, m, d string) float64 {
	yy, _ := strconv.Atoi(y)
	mm, _ := strconv.Atoi(m)
	dd, _ := strconv.Atoi(d)
	return float64(yy*10000 + mm*100 + dd)
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
