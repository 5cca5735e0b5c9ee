package catalog_test

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"shortlist/shared/catalog"
)

// Key positions must carry no information: a candidate who notices that the right answer
// follows the item number (num-01 → A, num-02 → B …) or sits mostly in one place would
// score without knowing anything. These tests run over every keyed sequence of the
// shipped library and fail when a pattern is stronger than chance allows at p < 0.01.
// The criteria live in keys.go; scripts/catalog prints them (`go run ./scripts/catalog stats`).

// libraryKeyProblems runs PositionLeaks on every keyed sequence of c and PairLeaks on every
// SJT's best and worst keys; checked counts the sequences.
func libraryKeyProblems(c *catalog.Catalog) (problems []string, checked int) {
	seqs := c.KeySequences()
	for _, s := range seqs {
		problems = append(problems, catalog.PositionLeaks(s)...)
		checked++
	}
	return append(problems, catalog.PairedLeaks(seqs)...), checked
}

// TestKeyPositionsCarryNoHint is the key-position content test. On the content of commit
// e3480f9 it fails for numerical, logical and digital-tools and the SJT's best (key =
// (n − 1) mod 4 in 22/22, 20/22, 20/20, 15/15, and +1 from item to item), the SJT's
// worst (+1 from item to item in 11 of 14 steps) and verbal (+1 in 10 of 15 steps).
func TestKeyPositionsCarryNoHint(t *testing.T) {
	t.Parallel()
	c := shipped(t)
	problems, checked := libraryKeyProblems(c)
	for _, p := range problems {
		t.Error(p)
	}
	// Every keyed instrument is checked: the four choice instruments, the SJT's two keys
	// and the parallel cases' replies.
	want := []string{"digital-tools correct", "logical-reasoning correct", "numerical-reasoning correct", "verbal-reasoning correct",
		"work-judgment best", "work-judgment worst", "parallel-cases best"}
	names := map[string]bool{}
	for _, s := range c.KeySequences() {
		names[s.Name] = true
	}
	for _, w := range want {
		if !names[w] {
			t.Errorf("keyed sequence %q not checked", w)
		}
	}
	if checked < len(want) {
		t.Errorf("%d keyed sequences checked, want at least %d", checked, len(want))
	}
}

// The statistics themselves: a key that follows the item number fails each criterion it should,
// and a balanced order-free sequence passes.
func TestKeyChecksCatchPatterns(t *testing.T) {
	t.Parallel()
	seq := func(keys ...int) catalog.KeySeq {
		s := catalog.KeySeq{Name: "x"}
		for i, k := range keys {
			s.IDs = append(s.IDs, fmt.Sprint(i))
			s.Keys = append(s.Keys, k)
			s.K = append(s.K, 4)
		}
		return s
	}
	cyclic := make([]int, 22)
	for i := range cyclic {
		cyclic[i] = i % 4
	}
	if got := catalog.PositionLeaks(seq(cyclic...)); len(got) == 0 || !strings.Contains(got[0], "(n − 1 + 0) mod k in 22 of 22") {
		t.Errorf("the (n−1) mod 4 pattern passed: %q", got)
	}
	shifted := make([]int, 15)
	for i := range shifted {
		shifted[i] = (i + 1) % 4
	}
	if got := catalog.PositionLeaks(seq(shifted...)); len(got) == 0 || !strings.Contains(got[0], "(n − 1 + 1) mod k") {
		t.Errorf("the n mod 4 pattern passed: %q", got)
	}
	crowded := []int{2, 2, 0, 2, 1, 2, 2, 3, 2, 2, 0, 2, 2, 1, 2, 3}
	if got := strings.Join(catalog.PositionLeaks(seq(crowded...)), "\n"); !strings.Contains(got, "position 2 is keyed in 10 of 16") {
		t.Errorf("a crowded position passed: %q", got)
	}
	rising := []int{0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3}
	if got := strings.Join(catalog.PositionLeaks(seq(rising...)), "\n"); !strings.Contains(got, "Spearman") {
		t.Errorf("keys rising with item order passed: %q", got)
	}
	balanced := []int{1, 3, 1, 3, 0, 0, 3, 1, 2, 0, 3, 0, 2, 1, 1, 2, 2, 3, 2, 0}
	if got := catalog.PositionLeaks(seq(balanced...)); len(got) > 0 {
		t.Errorf("a balanced sequence failed: %q", got)
	}
	best, worst := seq(cyclic[:15]...), seq(shifted...)
	if got := catalog.PairLeaks(best, worst); len(got) != 1 || !strings.Contains(got[0], "worst = best + 1 in 15 of 15") {
		t.Errorf("worst = best + 1 passed: %q", got)
	}
	if p := catalog.PoissonBinomialTail([]float64{0.5, 0.5}, 1); math.Abs(p-0.75) > 1e-12 {
		t.Errorf("P(X ≥ 1) of two fair coins = %v, want 0.75", p)
	}
}

func item(t *testing.T, c *catalog.Catalog, instrument, id string) catalog.Item {
	t.Helper()
	in, ok := c.Instrument(instrument)
	if !ok {
		t.Fatalf("instrument %s missing", instrument)
	}
	for _, it := range in.Items {
		if it.ID == id {
			return it
		}
	}
	t.Fatalf("%s: item %s missing", instrument, id)
	return catalog.Item{}
}

func has(t *testing.T, where string, got catalog.Text, es, en string) {
	t.Helper()
	if !strings.Contains(got.ES, es) || !strings.Contains(got.EN, en) {
		t.Errorf("%s: want %q / %q in %q / %q", where, es, en, got.ES, got.EN)
	}
}

// Keys pinned item by item, each named so that a wrong key names its item. Verbal rule:
// "Verdadera/True" only if the text says it, "Falsa/False" only if the text contradicts
// it, otherwise "No se puede saber/Cannot say".
func TestFixedKeysNameTheirItems(t *testing.T) {
	t.Parallel()
	c := shipped(t)
	verbal := func(id, key, es, en string) {
		t.Run(id, func(t *testing.T) {
			it := item(t, c, "verbal-reasoning", id)
			if got := it.Options[*it.Correct].ES; got != key {
				t.Errorf("%s is keyed %q, want %q", id, got, key)
			}
			has(t, id+" text", it.Text, es, en)
		})
	}
	// verb-05: parents *pueden pedir* to keep the old hours, so the statement that they can
	// ask is True.
	verbal("verb-05", "Verdadera", "puede pedir seguir entrando a las 15:00", "can ask to keep starting at 15:00")
	// Its sibling keeps "No se puede saber": asking is not being approved.
	verbal("verb-06", "No se puede saber", "aprobará todas las solicitudes", "will approve every request")
	// verb-14: the text says "Solo" (only orders held over 24 hours), and the statement
	// about one order released early is Falsa.
	verbal("verb-14", "Falsa", "Solo los pedidos retenidos por más de 24 horas", "Only orders held for more than 24 hours")
	verbal("verb-14", "Falsa", "libera a las 3 horas", "releases after 3 hours")
	// verb-22 has the same "if A then B" shape without "solo": the text is silent.
	verbal("verb-22", "No se puede saber", "aunque el tiempo de respuesta no mejore", "even if response time does not improve")

	in, _ := c.Instrument("verbal-reasoning")
	for _, it := range in.Items {
		if len(it.Options) == 3 {
			labels := []string{it.Options[0].ES, it.Options[1].ES, it.Options[2].ES, it.Options[0].EN, it.Options[1].EN, it.Options[2].EN}
			if !slices.Equal(labels, []string{"Verdadera", "Falsa", "No se puede saber", "True", "False", "Cannot say"}) {
				t.Errorf("%s: the three verbal answers keep their fixed order, got %q", it.ID, labels)
			}
		}
	}

	t.Run("sjt-01", func(t *testing.T) {
		it := item(t, c, "work-judgment", "sjt-01")
		// Two documents disagree (contract and identity card); the card is the source of
		// the ID number, the same rule as the data-validation work sample's.
		has(t, "sjt-01 text", it.Text, "copia de su cédula de identidad", "copy of their identity card")
		has(t, "sjt-01 best", it.Options[*it.Best], "corrija el contrato con el número de la cédula", "correct the contract with the number on the identity card")
		has(t, "sjt-01 worst", it.Options[*it.Worst], "La apruebas tal como está", "You approve it as it is")
		dv, _ := c.Instrument("excel-sales-validation")
		if strings.Contains(dv.Instructions.ES, "siempre es la fuente correcta") || strings.Contains(dv.Instructions.EN, "always the correct source") {
			t.Error("excel-sales-validation still says the document is always the correct source, against sjt-01")
		}
		has(t, "excel-sales-validation instructions", dv.Instructions, "En estas tareas, el documento es la fuente correcta", "In these tasks the document is the correct source")
	})
	t.Run("sjt-05", func(t *testing.T) {
		it := item(t, c, "work-judgment", "sjt-05")
		// The worst is the only option that adds an immediate danger; every other one
		// warns someone.
		has(t, "sjt-05 worst", it.Options[*it.Worst], "empujándolo con el cuerpo", "pushing it with your body")
		has(t, "sjt-05 best", it.Options[*it.Best], "señalizas la zona", "mark off the area")
		has(t, "sjt-05 why", it.Why, "única que agrega un peligro en el acto", "only one that adds an immediate danger")
	})
	t.Run("sjt-10", func(t *testing.T) {
		it := item(t, c, "work-judgment", "sjt-10")
		// The best gets the complaints to the supervisor today, with the colleague.
		has(t, "sjt-10 best", it.Options[*it.Best], "ir juntas hoy donde el supervisor", "going to the supervisor together today")
		has(t, "sjt-10 worst", it.Options[*it.Worst], "le explicas que tu compañera", "you explain that your colleague")
		has(t, "sjt-10 why", it.Why, "hoy mismo", "today")
	})
	cases := func(id string, order []string, caseID, phraseES, phraseEN string) catalog.Item {
		it := item(t, c, "parallel-cases", id)
		if !slices.Equal(it.Task.KeyOrder, order) {
			t.Errorf("%s: key order %v, want %v", id, it.Task.KeyOrder, order)
		}
		for _, cs := range it.Task.Cases {
			if cs.ID == caseID {
				has(t, id+"/"+caseID+" best reply", cs.Replies[*cs.Best], phraseES, phraseEN)
			}
		}
		return it
	}
	t.Run("pc-04", func(t *testing.T) {
		// The public question is a booking in progress and the invoice is wanted before
		// the end of the month; the best reply uses only what the scene gives.
		it := cases("pc-04", []string{"llegada", "mascotas", "factura"}, "mascotas", "hasta 10 kg", "up to 10 kg")
		has(t, "pc-04 text", it.Text, "Lo que sabes: el hotel acepta perros y gatos de hasta 10 kg", "What you know: the hotel accepts dogs and cats up to 10 kg")
		has(t, "pc-04 why", it.Why, "antes de fin de mes", "before the end of the month")
		for _, cs := range it.Task.Cases {
			if cs.ID == "factura" {
				has(t, "pc-04/factura", cs.Message, "antes de fin de mes", "before the end of the month")
			}
		}
	})
	t.Run("pc-06", func(t *testing.T) {
		// The overdue complaint is a live call: live channel and the customer's money.
		it := cases("pc-06", []string{"reclamo", "espera", "compatible"}, "compatible", "compatible con el T20", "works with the T20")
		has(t, "pc-06 text", it.Text, "compatible con los teléfonos T20 y T30", "works with the T20 and T30 phones")
		for _, cs := range it.Task.Cases {
			if cs.ID == "reclamo" && cs.Channel != "phone" {
				t.Errorf("pc-06/reclamo: channel %s, want phone (the customer is on the line)", cs.Channel)
			}
		}
		has(t, "pc-06 why", it.Why, "está en línea ahora mismo", "is on the line right now")
	})
}
