package assess_test

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"shortlist/shared/assess"
	"shortlist/shared/catalog"
)

const sessions = 400

// chiCritical is the χ² value a fair spread exceeds with probability 10⁻⁴ (Wilson–
// Hilferty; 21.8 for 3 degrees of freedom, exactly 21.1). The sessions below have fixed
// seeds, so the test is deterministic; the level only says how far from uniform a spread
// may be before it counts as a leak.
func chiCritical(df int) float64 {
	const z = 3.719 // the normal quantile of 1 − 10⁻⁴
	k := float64(df)
	return k * math.Pow(1-2/(9*k)+z*math.Sqrt(2/(9*k)), 3)
}

func chiSquare(counts []int) float64 {
	n := 0
	for _, c := range counts {
		n += c
	}
	want := float64(n) / float64(len(counts))
	x := 0.0
	for _, c := range counts {
		d := float64(c) - want
		x += d * d / want
	}
	return x
}

func session(seed int) assess.Session {
	return assess.Session{ID: fmt.Sprint("s", seed), Seed: int64(seed)*7919 + 1}
}

// keyedOptions is the catalog index of each keyed option of it: the right option
// (choice), the best and the worst (SJT).
func keyedOptions(kind catalog.Kind, it *catalog.Item) map[string]int {
	switch {
	case kind == catalog.MultipleChoice && it.Correct != nil:
		return map[string]int{"correct": *it.Correct}
	case kind == catalog.SJT && it.Best != nil && it.Worst != nil:
		return map[string]int{"best": *it.Best, "worst": *it.Worst}
	}
	return nil
}

// (a) Across 400 sessions the shown position of every keyed option of every item whose
// options are shuffled is spread evenly (χ² per item and pooled per instrument), and a
// fixed position is caught by the same measure. Option sets with a natural order are the
// only ones that keep a position: numbers ascending, figure labels in sequence, the
// verbal True/False/Cannot-say set as written.
func TestKeyPositionsAreSpreadOverSessions(t *testing.T) {
	cat := loadCatalog(t)
	tested := 0
	for _, inst := range cat.Instruments() {
		if inst.Kind != catalog.MultipleChoice && inst.Kind != catalog.SJT {
			continue
		}
		pooled := map[string][]int{}
		perItem := map[string][]int{}
		shows := make([]*assess.Presentation, sessions)
		for s := range shows {
			shows[s] = assess.NewPresentation(session(s), 0, inst)
		}
		kept := fixedOrders(shows)
		for _, p := range shows {
			for _, pr := range p.Items() {
				it := pr.Item
				if kept[it.ID] {
					continue
				}
				for name, i := range keyedOptions(inst.Kind, it) {
					k := pr.ShownOption(i)
					key := it.ID + " " + name
					if perItem[key] == nil {
						perItem[key] = make([]int, len(it.Options))
					}
					perItem[key][k]++
					if pooled[name] == nil {
						pooled[name] = make([]int, len(it.Options))
					}
					if len(pooled[name]) == len(it.Options) {
						pooled[name][k]++
					}
				}
			}
		}
		for key, counts := range perItem {
			tested++
			if x := chiSquare(counts); x > chiCritical(len(counts)-1) {
				t.Errorf("%s %s: shown positions %v over %d sessions (χ² %.1f): a position leaks", inst.ID, key, counts, sessions, x)
			}
		}
		for name, counts := range pooled {
			if x := chiSquare(counts); x > chiCritical(len(counts)-1) {
				t.Errorf("%s %s, pooled: shown positions %v (χ² %.1f)", inst.ID, name, counts, x)
			}
		}
		if inst.Kind == catalog.SJT && len(kept) > 0 {
			t.Errorf("%s: SJT options kept in place: %v", inst.ID, kept)
		}
	}
	t.Logf("%d keyed options of shuffled sets spread over %d sessions", tested, sessions)
	if tested < 60 {
		t.Fatalf("only %d keyed options had shuffled positions", tested)
	}
	// The measure catches a leak: the catalog's own positions, shown as they are.
	leak := make([]int, 4)
	leak[2] = sessions
	if chiSquare(leak) <= chiCritical(3) {
		t.Fatal("χ² does not flag a fixed position")
	}
}

// The same holds for what parallel cases and DISC blocks could give away: the shown
// position of the case to attend first and of each case's best reply, and of each
// style's descriptor in a block, are spread over 400 sessions.
func TestCasesAndBlocksAreShuffled(t *testing.T) {
	cat := loadCatalog(t)
	counts := map[string][]int{}
	count := func(key string, n, k int) {
		if counts[key] == nil {
			counts[key] = make([]int, n)
		}
		counts[key][k]++
	}
	for _, id := range []string{"parallel-cases", "disc-profile"} {
		inst, ok := cat.Instrument(id)
		if !ok {
			t.Fatalf("no %s", id)
		}
		for s := range sessions {
			for _, pr := range assess.NewPresentation(session(s), 5, inst).Items() {
				it := pr.Item
				for k, d := range pr.Options {
					if len(it.Descriptors) > 0 {
						count(id+" "+it.ID+" style "+it.Descriptors[d].Style, len(pr.Options), k)
					}
				}
				for k, c := range pr.Cases {
					cs := it.Task.Cases[c.Index]
					if cs.ID == it.Task.KeyOrder[0] {
						count(id+" "+it.ID+" first case", len(pr.Cases), k)
					}
					if cs.Best != nil {
						count(id+" "+it.ID+" case "+cs.ID+" best reply", len(cs.Replies), c.ShownReply(*cs.Best))
					}
				}
			}
		}
	}
	if len(counts) < 100 {
		t.Fatalf("only %d positions counted", len(counts))
	}
	for key, c := range counts {
		if x := chiSquare(c); x > chiCritical(len(c)-1) {
			t.Errorf("%s: shown positions %v (χ² %.1f)", key, c, x)
		}
	}
}

// fixedOrders lists the items whose options are shown in the same order in every one of
// the presentations: the option sets with a natural order.
func fixedOrders(shows []*assess.Presentation) map[string]bool {
	first := map[string][]int{}
	fixed := map[string]bool{}
	for _, p := range shows {
		for _, pr := range p.Items() {
			id := pr.Item.ID
			if prev, ok := first[id]; !ok {
				first[id], fixed[id] = pr.Options, true
			} else if !reflect.DeepEqual(prev, pr.Options) {
				fixed[id] = false
			}
		}
	}
	for id, f := range fixed {
		if !f {
			delete(fixed, id)
		}
	}
	return fixed
}

var plainNumber = regexp.MustCompile(`^\$?[0-9.]+(,[0-9]+)?( ?%| h| horas)?$`)

func esNumber(s string) float64 {
	s = strings.TrimPrefix(s, "$")
	s = strings.NewReplacer(".", "", ",", ".", "%", "", "horas", "", "h", "", " ", "").Replace(s)
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		panic(s)
	}
	return v
}

// Option sets with a natural order: numbers stay ascending, figure labels in sequence,
// the verbal response set as written, in every session and in both languages; free-text
// options of the same instruments are shuffled.
func TestNaturalOrdersAreKept(t *testing.T) {
	cat := loadCatalog(t)
	ascending, asWritten, shuffled := 0, 0, 0
	for _, id := range []string{"numerical-reasoning", "logical-reasoning", "verbal-reasoning", "digital-tools"} {
		inst, ok := cat.Instrument(id)
		if !ok {
			t.Fatalf("no %s", id)
		}
		seen := map[string]map[string]bool{} // item → shown option lists
		for s := range 50 {
			p := assess.NewPresentation(session(s), 2, inst)
			view := p.View(catalog.ES)
			en := p.View(catalog.EN)
			for k, pr := range p.Items() {
				opts := view.Items[k].Options
				if seen[pr.Item.ID] == nil {
					seen[pr.Item.ID] = map[string]bool{}
				}
				seen[pr.Item.ID][strings.Join(opts, "|")] = true
				numeric := true
				for _, o := range opts {
					numeric = numeric && plainNumber.MatchString(o)
				}
				switch {
				case numeric:
					for j := 1; j < len(opts); j++ {
						if esNumber(opts[j-1]) >= esNumber(opts[j]) {
							t.Errorf("%s %s session %d: numeric options %q not ascending", id, pr.Item.ID, s, opts)
						}
					}
				case strings.HasPrefix(opts[0], "Figura "):
					if strings.Join(opts, ",") != "Figura A,Figura B,Figura C,Figura D" || strings.Join(en.Items[k].Options, ",") != "Figure A,Figure B,Figure C,Figure D" {
						t.Errorf("%s %s: figure labels %q / %q", id, pr.Item.ID, opts, en.Items[k].Options)
					}
				case pr.Item.Type == catalog.Verbal && len(opts) == 3 && opts[2] == "No se puede saber":
					if strings.Join(opts, ",") != "Verdadera,Falsa,No se puede saber" || strings.Join(en.Items[k].Options, ",") != "True,False,Cannot say" {
						t.Errorf("%s %s: the response set moved: %q / %q", id, pr.Item.ID, opts, en.Items[k].Options)
					}
				}
			}
		}
		for item, lists := range seen {
			it := find(inst, item)
			switch {
			case len(lists) == 1:
				sample := ""
				for l := range lists {
					sample = l
				}
				first := strings.Split(sample, "|")[0]
				if plainNumber.MatchString(first) {
					ascending++
				} else {
					asWritten++
				}
			default:
				shuffled++
				numeric := true
				for _, o := range it.Options {
					numeric = numeric && plainNumber.MatchString(o.ES)
				}
				if numeric {
					t.Errorf("%s %s: a numeric option set was shuffled", id, item)
				}
			}
		}
	}
	t.Logf("%d option sets ascending, %d as written, %d shuffled", ascending, asWritten, shuffled)
	if ascending < 25 || asWritten < 20 || shuffled < 30 {
		t.Errorf("%d option sets ascending, %d as written, %d shuffled: the rules do not see the content", ascending, asWritten, shuffled)
	}
}

func find(inst *catalog.Instrument, id string) *catalog.Item {
	for i := range inst.Items {
		if inst.Items[i].ID == id {
			return &inst.Items[i]
		}
	}
	return nil
}

var opaqueID = regexp.MustCompile(`^[A-Za-z0-9_-]{12}$`)

// (b) Ids are opaque: per session, unique within a section, never a catalog id, and
// different between two sessions of the same assessment; case ids likewise. The same
// session always gets the same presentation, and ShownOrder is its item order.
func TestOpaqueIDs(t *testing.T) {
	cat := loadCatalog(t)
	for _, inst := range cat.Instruments() {
		catalogIDs := map[string]bool{}
		for _, it := range inst.Items {
			catalogIDs[it.ID] = true
			if it.Task != nil {
				for _, c := range it.Task.Cases {
					catalogIDs[c.ID] = true
				}
			}
		}
		a, b := assess.NewPresentation(session(1), 3, inst), assess.NewPresentation(session(2), 3, inst)
		again := assess.NewPresentation(session(1), 3, inst)
		other := assess.NewPresentation(session(1), 4, inst)
		if !reflect.DeepEqual(a.Items(), again.Items()) {
			t.Errorf("%s: the same session got two presentations", inst.ID)
		}
		order := assess.ShownOrder(session(1), 3, inst)
		seen := map[string]bool{}
		for k, pr := range a.Items() {
			if order[k] != pr.Item.ID {
				t.Errorf("%s: ShownOrder[%d] = %s, presentation shows %s", inst.ID, k, order[k], pr.Item.ID)
			}
			if !opaqueID.MatchString(pr.ID) || catalogIDs[pr.ID] || seen[pr.ID] {
				t.Errorf("%s: item %s shown as %q", inst.ID, pr.Item.ID, pr.ID)
			}
			seen[pr.ID] = true
			if q, ok := b.Of(pr.Item.ID); !ok || q.ID == pr.ID {
				t.Errorf("%s: item %s has id %q in two sessions", inst.ID, pr.Item.ID, pr.ID)
			}
			if q, _ := other.Of(pr.Item.ID); q.ID == pr.ID {
				t.Errorf("%s: item %s has id %q in two sections", inst.ID, pr.Item.ID, pr.ID)
			}
			if got, ok := a.Shown(pr.ID); !ok || got.Item != pr.Item {
				t.Errorf("%s: %q does not map back to %s", inst.ID, pr.ID, pr.Item.ID)
			}
			cases := map[string]bool{}
			for _, c := range pr.Cases {
				if len(c.ID) != 8 || catalogIDs[c.ID] || cases[c.ID] {
					t.Errorf("%s %s: case %s shown as %q", inst.ID, pr.Item.ID, pr.CatalogID(c), c.ID)
				}
				cases[c.ID] = true
				if q, _ := b.Of(pr.Item.ID); func() bool { qc, _ := q.CaseOf(pr.CatalogID(c)); return qc.ID == c.ID }() {
					t.Errorf("%s %s: case %s has one id in two sessions", inst.ID, pr.Item.ID, pr.CatalogID(c))
				}
			}
		}
		if len(seen) != len(inst.Items) {
			t.Errorf("%s: %d ids for %d items", inst.ID, len(seen), len(inst.Items))
		}
	}
}

// The item order is the one sessions had before opaque ids (seeded by the session's seed
// and the section), so a session open across the change keeps its order.
func TestShownOrderIsTheSessionShuffle(t *testing.T) {
	inst, _ := loadCatalog(t).Instrument("numerical-reasoning")
	ss := session(5)
	want := make([]string, len(inst.Items))
	for i, it := range inst.Items {
		want[i] = it.ID
	}
	rng := rand.New(rand.NewPCG(uint64(ss.Seed), 1))
	rng.Shuffle(len(want), func(i, j int) { want[i], want[j] = want[j], want[i] })
	if got := assess.ShownOrder(ss, 1, inst); !reflect.DeepEqual(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}

// canonicalAnswer is a valid answer to it in the catalog's terms, varied by k.
func canonicalAnswer(kind catalog.Kind, it *catalog.Item, k int) json.RawMessage {
	var v any
	switch kind {
	case catalog.Likert:
		v = 1 + k%5
	case catalog.MultipleChoice:
		v = k % len(it.Options)
	case catalog.SJT:
		v = map[string]int{"best": k % len(it.Options), "worst": (k + 1) % len(it.Options)}
	case catalog.ForcedChoice:
		v = map[string]int{"most": k % 4, "least": (k + 3) % 4}
	case catalog.DataValidation:
		v = map[string]any{"cells": map[string]string{"0:" + it.Task.Columns[0].ID: "X"}, "total": 12.5}
	case catalog.Writing:
		v = map[string]string{"text": "Hola"}
	case catalog.ParallelCases:
		var order []string
		replies := map[string]int{}
		for i, c := range it.Task.Cases {
			order = append([]string{c.ID}, order...)
			replies[c.ID] = (i + k) % len(c.Replies)
		}
		v = map[string]any{"order": order, "replies": replies}
	}
	b, _ := json.Marshal(v)
	c, err := assess.CheckAnswer(kind, it, b)
	if err != nil {
		panic(err)
	}
	return c
}

// (c, in the domain) An answer given on the shuffled view maps back to the same canonical
// answer: the catalog's value, shown and mapped back, is itself; the right option as the
// candidate sees it is the right text; a shown value names the shown texts.
func TestAnswersMapBackToTheCatalog(t *testing.T) {
	cat := loadCatalog(t)
	for _, inst := range cat.Instruments() {
		for s := range 20 {
			p := assess.NewPresentation(session(s), 1, inst)
			view := p.View(catalog.EN)
			for k, pr := range p.Items() {
				it := pr.Item
				canon := canonicalAnswer(inst.Kind, it, k+s)
				shown, err := assess.ShownValue(inst.Kind, pr, canon)
				if err != nil {
					t.Fatalf("%s %s: %v", inst.ID, it.ID, err)
				}
				back, err := assess.CanonicalValue(inst.Kind, pr, shown)
				if err != nil {
					t.Fatalf("%s %s: %v", inst.ID, it.ID, err)
				}
				if back, _ = assess.CheckAnswer(inst.Kind, it, back); string(back) != string(canon) {
					t.Errorf("%s %s: %s shown as %s came back as %s", inst.ID, it.ID, canon, shown, back)
				}
				iv := view.Items[k]
				switch inst.Kind {
				case catalog.MultipleChoice:
					if it.Correct != nil && iv.Options[pr.ShownOption(*it.Correct)] != it.Options[*it.Correct].EN {
						t.Errorf("%s %s: the right option is not shown where the map says", inst.ID, it.ID)
					}
					var n int
					json.Unmarshal(shown, &n)
					var c int
					json.Unmarshal(canon, &c)
					if iv.Options[n] != it.Options[c].EN {
						t.Errorf("%s %s: shown answer %d names %q, the catalog's %d is %q", inst.ID, it.ID, n, iv.Options[n], c, it.Options[c].EN)
					}
				case catalog.SJT:
					var v struct{ Best, Worst int }
					json.Unmarshal(shown, &v)
					var c struct{ Best, Worst int }
					json.Unmarshal(canon, &c)
					if iv.Options[v.Best] != it.Options[c.Best].EN || iv.Options[v.Worst] != it.Options[c.Worst].EN {
						t.Errorf("%s %s: shown %s does not name the options of %s", inst.ID, it.ID, shown, canon)
					}
				case catalog.ForcedChoice:
					var v struct{ Most, Least int }
					json.Unmarshal(shown, &v)
					var c struct{ Most, Least int }
					json.Unmarshal(canon, &c)
					if iv.Descriptors[v.Most] != it.Descriptors[c.Most].Text.EN || iv.Descriptors[v.Least] != it.Descriptors[c.Least].Text.EN {
						t.Errorf("%s %s: shown %s does not name the descriptors of %s", inst.ID, it.ID, shown, canon)
					}
				case catalog.ParallelCases:
					var v struct {
						Order   []string
						Replies map[string]int
					}
					json.Unmarshal(shown, &v)
					byID := map[string]catalog.CaseView{}
					for _, c := range iv.Task.Cases {
						byID[c.ID] = c
					}
					var c struct {
						Order   []string
						Replies map[string]int
					}
					json.Unmarshal(canon, &c)
					for j, id := range v.Order {
						if byID[id].Message != caseOf(it, c.Order[j]).Message.EN {
							t.Errorf("%s %s: order %v does not follow %v", inst.ID, it.ID, v.Order, c.Order)
						}
					}
					for id, r := range v.Replies {
						cid := pr.CatalogID(mustCase(pr, id))
						if byID[id].Replies[r] != caseOf(it, cid).Replies[c.Replies[cid]].EN {
							t.Errorf("%s %s: reply %d of case %s is not the catalog's %d", inst.ID, it.ID, r, id, c.Replies[cid])
						}
					}
				}
			}
		}
	}
}

func caseOf(it *catalog.Item, id string) catalog.Case {
	for _, c := range it.Task.Cases {
		if c.ID == id {
			return c
		}
	}
	panic(id)
}

func mustCase(pr catalog.Presented, shownID string) catalog.PresentedCase {
	c, ok := pr.CaseShown(shownID)
	if !ok {
		panic(shownID)
	}
	return c
}

// Case ids the presentation does not show are refused, and the message names only what
// the candidate sent.
func TestCaseIDsAreOnlyTheShownOnes(t *testing.T) {
	inst, _ := loadCatalog(t).Instrument("parallel-cases")
	pr := assess.NewPresentation(session(3), 0, inst).Items()[0]
	catalogID := pr.Item.Task.Cases[0].ID
	for _, raw := range []string{
		fmt.Sprintf(`{"order":[],"replies":{%q:0}}`, catalogID),
		fmt.Sprintf(`{"order":[%q],"replies":{}}`, catalogID),
	} {
		if _, err := assess.CanonicalValue(catalog.ParallelCases, pr, json.RawMessage(raw)); err == nil {
			t.Errorf("%s: a catalog case id was taken", raw)
		}
	}
	raw := fmt.Sprintf(`{"replies":{%q:9}}`, pr.Cases[0].ID)
	_, err := assess.CanonicalValue(catalog.ParallelCases, pr, json.RawMessage(raw))
	if err == nil || strings.Contains(err.Error(), pr.CatalogID(pr.Cases[0])) || !strings.Contains(err.Error(), pr.Cases[0].ID) {
		t.Errorf("reply out of range: %v", err)
	}
}
