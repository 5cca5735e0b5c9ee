package catalog_test

import (
	"regexp"
	"strings"
	"testing"

	"shortlist/shared/catalog"
)

// Spanish texts a candidate reads use gender-inclusive or neutral forms: a self-description
// says nothing with a masculine-only adjective, instructions and scoring rules name no role
// with a masculine default, and the people in the scenes are women as well as men (the
// persona supervisora, the colleague, the customer), never men by default.

// othersGeneric is the masculine generic "los demás" (the others): self-descriptions say
// "otras personas", "el resto" or "quienes me rodean" instead.
var othersGeneric = regexp.MustCompile(`(?i)\blos demás\b`)

// DISC descriptors are self-descriptions too: the same rule as the Likert statements.
func TestDISCDescriptorsAreGenderNeutral(t *testing.T) {
	t.Parallel()
	n := 0
	for _, in := range shipped(t).Instruments() {
		if in.Kind != catalog.ForcedChoice {
			continue
		}
		for _, it := range in.Items {
			for _, d := range it.Descriptors {
				n++
				if w := mascAdjectives.FindString(d.Text.ES); w != "" {
					t.Errorf("%s %s: descriptor %s describes the respondent with a masculine-only word (%q): %s", in.ID, it.ID, d.Style, w, d.Text.ES)
				}
				if w := othersGeneric.FindString(d.Text.ES); w != "" {
					t.Errorf("%s %s: descriptor %s uses the masculine generic %q: %s", in.ID, it.ID, d.Style, w, d.Text.ES)
				}
			}
		}
	}
	if n < 96 {
		t.Fatalf("only %d descriptors checked", n)
	}
}

func TestLikertStatementsSayOthersNeutrally(t *testing.T) {
	t.Parallel()
	for _, in := range shipped(t).Instruments() {
		if in.Kind != catalog.Likert {
			continue
		}
		for _, it := range in.Items {
			if w := othersGeneric.FindString(it.Text.ES); w != "" {
				t.Errorf("%s %s: uses the masculine generic %q: %s", in.ID, it.ID, w, it.Text.ES)
			}
		}
	}
}

// raterNouns are the roles named in the rules a candidate is shown (who rates, who takes
// part); their masculine form is never the default there.
var raterNouns = regexp.MustCompile(`(?i)\b(el|los|un|al|del)\s+(evaluador(es)?|postulantes?|candidatos?|usuarios?)\b|\b(evaluador(es)?|candidatos?)\b`)

// What a candidate is told before and about each part (name, instructions, how it is
// scored) names no role in the masculine by default.
func TestCandidateRulesAreInclusive(t *testing.T) {
	t.Parallel()
	for _, in := range shipped(t).Instruments() {
		for field, text := range map[string]string{"name": in.Name.ES, "instructions": in.Instructions.ES, "scoring": in.Scoring.ES} {
			if m := maleDefault(text); m != "" {
				t.Errorf("%s %s uses a masculine role noun as the default (%q): %s", in.ID, field, m, text)
			}
			if m := raterNouns.FindString(text); m != "" {
				t.Errorf("%s %s names people in the masculine (%q): %s", in.ID, field, m, text)
			}
			if w := mascAdjectives.FindString(text); w != "" {
				t.Errorf("%s %s describes people with a masculine-only word (%q): %s", in.ID, field, w, text)
			}
		}
	}
}

var (
	womanInCharge = regexp.MustCompile(`(?i)\b(supervisora|jefa|encargada|gerenta)\b`)
	manInCharge   = regexp.MustCompile(`(?i)\b(el|un|tu|al|del)\s+(supervisor|jefe|encargado|gerente)\b`)
	womanPeer     = regexp.MustCompile(`(?i)\b(compañera|agente que la cerró|una agente|la agente|usuaria|clienta|huésped|destinataria|vecina|conductora|operadora|vendedora|repartidora)\b`)
	manPeer       = regexp.MustCompile(`(?i)\b(el|un|tu|al|del)\s+(compañero|agente|usuario|cliente|destinatario|vecino|conductor|operador|vendedor|repartidor)\b`)
)

// The scenes of the SJT vary genders: women appear in charge (supervisora, jefa) at least
// as often as men, and as colleagues and customers too; no scene type is all-male.
func TestScenesVaryGenders(t *testing.T) {
	t.Parallel()
	for _, in := range shipped(t).Instruments() {
		if in.Kind != catalog.SJT {
			continue
		}
		var wBoss, mBoss, wPeer, mPeer int
		for _, it := range in.Items {
			all := []string{it.Text.ES}
			for _, o := range it.Options {
				all = append(all, o.ES)
			}
			s := strings.Join(all, " ")
			if womanInCharge.MatchString(s) {
				wBoss++
			}
			if manInCharge.MatchString(s) {
				mBoss++
			}
			if womanPeer.MatchString(s) {
				wPeer++
			}
			if manPeer.MatchString(s) {
				mPeer++
			}
		}
		t.Logf("%s: scenes with a woman / man in charge %d / %d; with a woman / man as colleague or customer %d / %d", in.ID, wBoss, mBoss, wPeer, mPeer)
		if wBoss < mBoss || wBoss == 0 {
			t.Errorf("%s: a woman is in charge in %d scenes, a man in %d: women must appear in charge at least as often", in.ID, wBoss, mBoss)
		}
		if 3*wPeer < mPeer+wPeer {
			t.Errorf("%s: women are colleagues or customers in %d scenes, men in %d: vary genders", in.ID, wPeer, mPeer)
		}
	}
}
