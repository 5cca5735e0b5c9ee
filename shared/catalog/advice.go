package catalog

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"
)

// MixWeight is one instrument of a chosen mix and its weight in the ranking composite
// (an assessment Config's section weights, or a role's EntryWeight). DISC weighs 0.
type MixWeight struct {
	Instrument string
	Weight     float64
}

// RoleMix is a role's suggested mix with the weight each entry carries.
func (c *Catalog) RoleMix(r Role) []MixWeight {
	out := make([]MixWeight, 0, len(r.Mix))
	for i, e := range r.Mix {
		out = append(out, MixWeight{Instrument: e.Instrument, Weight: r.EntryWeight(c, i)})
	}
	return out
}

// Advice is what a stronger mix would add: how much of the ranking weight rests on
// candidates describing themselves, and the work samples and ability tests that fit the
// role and are not yet in the mix.
type Advice struct {
	// SelfReportShare is the share (0–1) of the ranking weight on Likert instruments.
	SelfReportShare float64
	Suggestions     []Suggestion
	// Summary is one plain sentence for the hiring team.
	Summary Text
}

// Suggestion is one instrument the mix could add, and why.
type Suggestion struct {
	Instrument string
	Kind       Kind
	Reason     Text
	// Siblings counts the other roles of the role's industry whose mix uses it.
	Siblings int
	// Overlap counts the words its "observes" shares with the role's description.
	Overlap int
}

// MaxSuggestions caps the advice: a few strong suggestions read better than a list.
const MaxSuggestions = 3

// performanceKinds are the kinds that observe what a candidate does rather than what a
// candidate says about themselves (Likert) or their style (DISC).
var performanceKinds = map[Kind]bool{DataValidation: true, ParallelCases: true, Writing: true, MultipleChoice: true, SJT: true}

// Advise reviews a chosen mix for role.
//
// The self-report share is the weight on Likert instruments over the total weight (DISC
// carries none). A mix without weight has a share of 0.
//
// The rule for suggestions. A candidate is any catalog instrument of a performance kind
// (data validation, parallel cases, writing, multiple choice, SJT) that is not in the mix
// and is not "more of the same": its family and kind are not already in the mix (a mix
// with a data-validation sample is not offered another one; one with a cognitive test is
// not offered a second). Each candidate gets two pieces of evidence from the catalog:
//
//   - siblings: how many other roles of the same industry put it in their mix (what the
//     catalog already judges right for neighbouring jobs);
//   - overlap: how many content words of its "observes" text also appear in the role's
//     own description (challenge and what to assess) or in the "observes" texts of the
//     self-report instruments of the mix (what the mix asks candidates to describe).
//
// It fits the role when overlap ≥ 2 and either a sibling uses it or overlap ≥ 3: the
// words tie it to this job, and a second, independent signal confirms it. Fitting
// candidates are ranked by siblings + overlap (then work samples before ability tests,
// then id) and the first MaxSuggestions are kept. Words are compared on the English
// texts, lower-cased, by their first five letters, without short and common words.
func (c *Catalog) Advise(role Role, mix []MixWeight) Advice {
	var adv Advice
	total, self := 0.0, 0.0
	inMix := map[string]bool{}
	sorts := map[[2]string]bool{}
	roleWords := words(role.Challenge.EN + " " + role.Assess.EN)
	for _, m := range mix {
		inMix[m.Instrument] = true
		in, ok := c.instruments[m.Instrument]
		if !ok || in.Family == DISC {
			continue
		}
		sorts[[2]string{string(in.Family), string(in.Kind)}] = true
		if in.Kind == Likert {
			self += m.Weight
			for w := range words(in.Observes.EN) {
				roleWords[w] = true
			}
		}
		total += m.Weight
	}
	if total > 0 {
		adv.SelfReportShare = self / total
	}

	siblings := map[string]int{}
	for _, r := range c.Roles(role.Industry) {
		if r.ID == role.ID {
			continue
		}
		for _, e := range r.Mix {
			siblings[e.Instrument]++
		}
	}
	for _, in := range c.Instruments() {
		if !performanceKinds[in.Kind] || inMix[in.ID] || sorts[[2]string{string(in.Family), string(in.Kind)}] {
			continue
		}
		overlap := 0
		for w := range words(in.Observes.EN) {
			if roleWords[w] {
				overlap++
			}
		}
		sib := siblings[in.ID]
		if overlap < 2 || (sib == 0 && overlap < 3) {
			continue
		}
		adv.Suggestions = append(adv.Suggestions, Suggestion{Instrument: in.ID, Kind: in.Kind,
			Reason: reasonFor(c, in, role, sib), Siblings: sib, Overlap: overlap})
	}
	sort.SliceStable(adv.Suggestions, func(i, j int) bool {
		a, b := adv.Suggestions[i], adv.Suggestions[j]
		if sa, sb := a.Siblings+a.Overlap, b.Siblings+b.Overlap; sa != sb {
			return sa > sb
		}
		if wa, wb := a.Kind.IsWorkSample(), b.Kind.IsWorkSample(); wa != wb {
			return wa
		}
		return a.Instrument < b.Instrument
	})
	if len(adv.Suggestions) > MaxSuggestions {
		adv.Suggestions = adv.Suggestions[:MaxSuggestions]
	}
	adv.Summary = c.summary(adv, total)
	return adv
}

// IsWorkSample says whether a kind is a work sample: a piece of the job done for real.
func (k Kind) IsWorkSample() bool {
	return k == DataValidation || k == ParallelCases || k == Writing
}

// measures says, per kind (and family for multiple choice), what the instrument observes
// directly: the end of the summary sentence and the start of a reason.
func measures(in *Instrument) Text {
	switch {
	case in.Kind == ParallelCases:
		return Text{ES: "cómo atiende a varios clientes a la vez", EN: "how the candidate handles several customers at once"}
	case in.Kind == Writing:
		return Text{ES: "cómo escribe a un cliente molesto", EN: "how the candidate writes to an upset customer"}
	case in.Kind == DataValidation:
		return Text{ES: "la precisión al validar datos reales", EN: "accuracy when validating real data"}
	case in.Kind == SJT:
		return Text{ES: "el criterio ante situaciones reales del trabajo", EN: "judgment in realistic work situations"}
	case in.Family == Technical:
		return Text{ES: "el manejo real de las herramientas digitales", EN: "actual command of the digital tools"}
	}
	return Text{ES: "la capacidad de razonamiento", EN: "reasoning ability"}
}

func reasonFor(c *Catalog, in *Instrument, role Role, siblings int) Text {
	var lead Text
	if in.Kind.IsWorkSample() {
		lead = Text{ES: "Muestra de trabajo: observa ", EN: "Work sample: it observes "}
	} else {
		lead = Text{ES: "Prueba con respuestas correctas: observa ", EN: "Test with right answers: it observes "}
	}
	m := measures(in)
	out := Text{ES: lead.ES + m.ES + " en lugar de pedir que se describa.", EN: lead.EN + m.EN + " instead of asking for a self-description."}
	if siblings > 0 {
		ind, _ := c.Industry(role.Industry)
		if siblings == 1 {
			out.ES += fmt.Sprintf(" Otro rol de %s ya la usa.", ind.Name.ES)
			out.EN += fmt.Sprintf(" Another %s role already uses it.", ind.Name.EN)
		} else {
			out.ES += fmt.Sprintf(" Otros %d roles de %s ya la usan.", siblings, ind.Name.ES)
			out.EN += fmt.Sprintf(" %d other %s roles already use it.", siblings, ind.Name.EN)
		}
	}
	return out
}

func (c *Catalog) summary(adv Advice, total float64) Text {
	if total == 0 {
		return Text{ES: "Esta combinación no tiene peso en el ranking.", EN: "This mix carries no ranking weight."}
	}
	pct := int(math.Round(adv.SelfReportShare * 100))
	out := Text{
		ES: fmt.Sprintf("El %d %% del peso de esta combinación es autodescripción", pct),
		EN: fmt.Sprintf("%d%% of this mix's weight is self-description", pct),
	}
	if len(adv.Suggestions) == 0 {
		out.ES += "."
		out.EN += "."
		return out
	}
	var namesES, namesEN, whatES, whatEN []string
	seen := map[string]bool{}
	for _, s := range adv.Suggestions {
		in := c.instruments[s.Instrument]
		namesES = append(namesES, in.Name.ES)
		namesEN = append(namesEN, in.Name.EN)
		m := measures(in)
		if !seen[m.EN] {
			seen[m.EN] = true
			whatES = append(whatES, m.ES)
			whatEN = append(whatEN, m.EN)
		}
	}
	verbES, verbEN := "mide", "measures"
	if len(namesEN) > 1 {
		verbES, verbEN = "miden", "measure"
	}
	out.ES += fmt.Sprintf("; sumar %s %s directamente %s.", list(namesES, "y"), verbES, list(whatES, "y"))
	out.EN += fmt.Sprintf("; adding %s %s %s directly.", list(namesEN, "and"), verbEN, list(whatEN, "and"))
	return out
}

func list(xs []string, and string) string {
	if len(xs) <= 1 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " " + and + " " + xs[len(xs)-1]
}

// stopWords are common English words that say nothing about a job.
var stopWords = map[string]bool{
	"about": true, "after": true, "again": true, "being": true, "their": true, "there": true,
	"these": true, "those": true, "which": true, "while": true, "where": true, "without": true,
	"other": true, "under": true, "often": true, "every": true, "nobody": true,
	"within": true, "through": true, "quality": true, "situations": true, "different": true,
	"practical": true, "falling": true, "along": true,
}

// words are the content words of an English text, each cut to its first five letters
// (so that "customer" and "customers", "clarity" and "clarify" meet).
func words(s string) map[string]bool {
	out := map[string]bool{}
	for _, f := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if len([]rune(f)) < 5 || stopWords[f] {
			continue
		}
		r := []rune(f)
		out[string(r[:5])] = true
	}
	return out
}
