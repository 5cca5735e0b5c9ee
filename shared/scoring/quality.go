package scoring

import (
	"fmt"
	"math"
	"strings"
)

// Caution is a response-quality observation for a human to weigh. The engine never
// rejects or lowers a score because of one: a long run of the same answer can be honest.
//
// Serious cautions (SeriousCodes) are the ones a hiring team must review before trusting
// the candidate's scores: likely faking, random or straight-line answering, answers that do
// not fit the candidate's own ability level, and a timed part left unfinished. The ranking
// holds such a candidate in a "review first" group; it never rejects anyone.
type Caution struct {
	Code      string  `json:"code"`
	Value     float64 `json:"value"`     // what was measured
	Threshold float64 `json:"threshold"` // the line it crossed
	Message   Text    `json:"message"`
	Serious   bool    `json:"serious"` // review before trusting the scores
}

// Caution codes, in the fixed order Cautions emits them (CautionCodes).
const (
	CautionNotFinished  = "not_finished"
	CautionRandom       = "random_responding"
	CautionLongstring   = "longstring"
	CautionLowVariation = "low_variation"
	CautionPersonMisfit = "person_misfit"
	CautionImpression   = "impression_management"
	CautionInconsistent = "inconsistent"
	CautionTooFast      = "too_fast"
	CautionFocusLoss    = "focus_loss"
	CautionPaste        = "paste"
)

// CautionCodes lists every code in the fixed order Cautions emits them: the serious
// evidence first (not finished, random, straight-line, misfit, faking), then the minor.
func CautionCodes() []string {
	return []string{CautionNotFinished, CautionRandom, CautionLongstring, CautionLowVariation,
		CautionPersonMisfit, CautionImpression, CautionInconsistent, CautionTooFast,
		CautionFocusLoss, CautionPaste}
}

// SeriousCodes lists the codes that are serious by themselves, in emission order.
// low_variation is serious only when longstring fired too (then the candidate already has
// a serious caution), so it is not listed here; read Caution.Serious for a given caution.
func SeriousCodes() []string {
	return []string{CautionNotFinished, CautionRandom, CautionLongstring, CautionPersonMisfit, CautionImpression}
}

// HasSerious reports whether any caution is serious: the "review first" test.
func HasSerious(cs []Caution) bool {
	for _, c := range cs {
		if c.Serious {
			return true
		}
	}
	return false
}

// Timing is the time a candidate spent on one item, with the item's type (likert, sjt,
// disc, numerical, verbal, logical, …) for the per-type too-fast threshold.
type Timing struct {
	Type    string
	Seconds float64
}

// InconsistencyPair names two Likert items that say (nearly) the same thing; when
// Opposite, one says the opposite of the other. Values are raw answers.
type InconsistencyPair struct {
	A, B     int
	Opposite bool
}

// KeyedAnswer is one answer to a Likert item for the random-responding index: the raw
// point the candidate chose (on QualityInput.Range, NOT reversed) and the item's key (+1
// keyed in the scale's direction, −1 reverse-keyed; catalog.Item.Key). Cautions applies
// the reversal x′ = (min + max) − x itself.
type KeyedAnswer struct {
	Answer int
	Key    int
}

// KeyedScale is every answer a candidate gave to one Likert scale's items (catalog item
// order; the order does not matter to the index). Pass every agreement scale the session
// had, the impression-management scale included; not DISC blocks. Only answers actually
// given: never the value an unanswered item is scored at.
type KeyedScale struct {
	Scale   string
	Answers []KeyedAnswer
}

// ImpressionScale is the impression-management scale's raw result: Mean is the mean of the
// keyed answers the candidate gave, on the 1–5 range (reverse keys applied; unanswered
// items left out, not scored at the floor), Answered the number of its items answered.
// It is judged against a fixed rule (Thresholds.ImpressionMean), never against a norm.
type ImpressionScale struct {
	Mean     float64
	Answered int
	// Others is the keyed mean of every other agreement answer of the session (the
	// competency and integrity scales), over OthersAnswered answers: a faker claims the
	// desirable end everywhere, not only on the impression-management statements.
	Others         float64
	OthersAnswered int
}

// TimedPart is one timed part of the session for the not-finished caution. Items is how
// many items the part would have shown had the candidate gone to the end; Reached counts
// the items up to and including the last one answered (items skipped before it count as
// reached; 0 when nothing was answered); TimedOut is true when the part ended because its
// time ran out, false when the candidate ended it. Name is the part's name for the message
// (catalog instrument name); it may be empty.
type TimedPart struct {
	Name     Text
	Items    int
	Reached  int
	TimedOut bool
}

// QualityInput is one session's response-quality evidence. Every field is optional: a
// caution whose evidence is missing is simply not raised.
type QualityInput struct {
	// Likert holds the raw agreement answers (not reversed) in the order they were SHOWN
	// to the candidate, across all agreement parts in the order the parts were taken, for
	// longstring and low_variation. Catalog order would split real runs and join false ones.
	// Only answers given: an unanswered item is left out, not filled with its score.
	Likert []int
	// Range is the agreement range of every Likert answer here; the zero value means 1–5.
	Range LikertRange
	// Scales holds, per Likert scale, the raw answers with their keys, for the
	// random-responding index.
	Scales []KeyedScale
	// Impression is the impression-management scale's raw result; nil when not assessed.
	Impression *ImpressionScale
	// Ability holds, per ability test scored by 2PL, the items the candidate answered and
	// their θ from those items (AbilityPartOf), for person fit (l_z).
	Ability []AbilityPart
	// Timed holds every timed part, for not_finished.
	Timed []TimedPart
	// Timings has one entry per answered item of any kind; only types with a threshold in
	// Thresholds.FastSeconds count, in the numerator and the denominator.
	Timings []Timing
	// Pairs are the content's inconsistency pairs, both answered.
	Pairs []InconsistencyPair
	// ImpressionZ is the old impression-management input: a z against a norm.
	//
	// Deprecated: a local norm includes the fakers themselves and masks them; fill
	// Impression instead. ImpressionZ is ignored whenever Impression is set, and will be
	// removed once no caller sets it.
	ImpressionZ *float64
	// FocusLosses and Pastes count the events reported during timed parts only.
	FocusLosses, Pastes int
}

// Thresholds are the lines a caution needs to cross; a zero line disables its caution.
// DefaultThresholds documents ours.
type Thresholds struct {
	Longstring int     // longest run of one answer, for ≥ this many Likert answers
	MinISD     float64 // intra-individual SD below this (with ≥ Longstring answers)

	FastSeconds map[string]float64
	FastShare   float64 // share of items with a time line answered under it
	// FastShareSerious: at or above this share the too_fast caution is serious (most of the
	// test answered faster than it can be read is careless answering, not a fast reader).
	FastShareSerious float64
	// ImpressionProfile: impression management is also flagged when the IM keyed mean is
	// at or above ProfileIM and the keyed mean of all other agreement answers (at least
	// ProfileMinOthers of them) at or above ProfileOthers: the desirable end everywhere.
	ProfileIM, ProfileOthers float64
	ProfileMinOthers         int

	Inconsistent int // contradicting pairs (keyed difference ≥ PairGap)
	PairGap      int

	ImpressionMean     float64 // IM keyed mean at or above this, on the 1–5 range
	ImpressionMinItems int     // IM items answered to judge

	RandomSD         float64 // σ₀: keyed within-scale SD an attentive answerer stays under, on 1–5
	RandomZ          float64 // one-sided normal quantile of the test against σ₀
	RandomMinAnswers int     // Likert answers (in scales of ≥ 2) needed to judge

	MisfitLZ       float64 // person fit l_z below this (negative)
	MisfitMinItems int     // ability items answered needed to judge

	// ImpressionZ is the line for the deprecated QualityInput.ImpressionZ.
	ImpressionZ float64
	FocusLosses int
	Pastes      int
}

// DefaultThresholds are the lines Shortlist uses. The lines of the serious cautions were
// set on the simulation in quality_test.go (graded-response Likert with a trait per scale,
// weaker reverse-keyed items, acquiescence SD 0.3 logits and an extreme-response style; a
// 10-item IM scale; 3PL ability items with guessing c ≈ 0.15–0.25) so that all serious
// cautions together flag ≤ 3% of honest respondents (go run ./scripts/simulate allows 5%
// of honest candidates with any caution; docs/scoring.md, "How we check it"):
//
//   - Longstring 10: ten identical answers in a row in the order shown (0.1% of honest).
//     Items of both keys are interleaved, so attentive answers rarely repeat ten times.
//     Serious.
//   - MinISD 0.5: the raw answers' SD under half a point on a 5-point scale (nearly flat).
//     Serious only together with longstring: an honest "everything is a 3 or a 4" style
//     can be flat without a long run, and its scale scores then sit near the middle.
//   - RandomSD 1.10, RandomZ 2.17, RandomMinAnswers 20: KeyedSpread against RandomLine,
//     a one-sided test at ≈ 1.5% that the within-direction keyed SD exceeds 1.10 points
//     (uniform random answers give √2 ≈ 1.41). Honest 0.8–1.7% flagged at every length
//     simulated; random flagged 83% with 70 items, 73% with 60, 44–55% with 20–30.
//     Serious.
//   - MisfitLZ −4.5 with ≥ 10 items: l_z (PersonFit) under the 2PL (c = 0) of the ability
//     items answered; the reported θ uses the 3PL with c = 1/k (assess.scoreChoice).
//     Low-ability candidates who guess right on hard items make honest l_z much
//     heavier-tailed than the N(0, 1) behind the textbook −2, which flags 15–20% of
//     honest takers of a 3PL simulation; −4.5 flags 0.6–1.7% with 15–44 items and catches
//     18–58% of those answering the ability items at random (random choices on 4-option
//     items look much like very low ability: no index separates them well). Serious.
//   - ImpressionMean 4.3 with ≥ 5 items answered: the IM items are statements of
//     implausible virtue, so honest respondents average 2.5–3.5 after keying (SD ≈ 0.5)
//     and fakers, who take the desirable end of every item, 4.6–5. 4.3 is about as many
//     SDs (≈ 1.6) above the least favourable honest population (3.5) as it is below the
//     least extreme fakers (4.6, SD ≈ 0.2 over 10 items). Simulated: honest population at
//     2.8 → 0.4% flagged, at 3.5 → 8%; fakers 98% (4.4 would give 6% and 94%; with the
//     catalog's 8 IM items, 4.3 means a keyed sum ≥ 35 of 40). A fixed rule, never a
//     norm, so a cohort full of fakers cannot mask them. Serious.
//   - Inconsistent 2 with PairGap 4: two content pairs (all opposite-keyed) answered at
//     opposite ends after reversal, i.e. fully agreeing with a statement and with its
//     opposite. The old gap of 3 flagged 8–12% of honest candidates; a gap of 4 flags
//     0.6–0.8%. Not serious: one pair per instrument is thin evidence, and random
//     answering is judged by random_responding.
//   - FastSeconds / FastShare: 2 s per agreement statement (the usual careless-responding
//     line), more for items that need reading or calculating; a quarter of the items with
//     a line answered under it. Not serious: fast readers exist. Serious from half of the
//     items (FastShareSerious): no honest simulated candidate comes near it, every
//     simulated careless one passes it.
//   - ProfileIM 3.9 with ProfileOthers 4.4: a second route to impression_management for
//     fakers whose IM mean lands just under 4.3: an IM mean 1.5 SD above the honest mean
//     together with a keyed mean of 4.4 or more over every other agreement answer (about
//     1 SD above the honest average of the competency scales); fakers answering the
//     desirable end average about 4.6 on both.
//   - FocusLosses 2 (one can be a notification) and any paste in a timed part. Not serious.
//
// Lines in points (RandomSD, MinISD, ImpressionMean) are for a 1–5 range and scale with
// QualityInput.Range; the line of the deprecated ImpressionZ stays at 2.
func DefaultThresholds() Thresholds {
	return Thresholds{
		Longstring: 10,
		MinISD:     0.5,
		FastSeconds: map[string]float64{
			"likert": 2, "disc": 3, "sjt": 6,
			"numerical": 6, "verbal": 5, "logical": 6, "tools": 5,
		},
		FastShare:          0.25,
		FastShareSerious:   0.5,
		ProfileIM:          3.9,
		ProfileOthers:      4.4,
		ProfileMinOthers:   20,
		Inconsistent:       2,
		PairGap:            4,
		ImpressionMean:     4.3,
		ImpressionMinItems: 5,
		RandomSD:           1.10,
		RandomZ:            2.17,
		RandomMinAnswers:   20,
		MisfitLZ:           -4.5,
		MisfitMinItems:     10,
		ImpressionZ:        2,
		FocusLosses:        2,
		Pastes:             1,
	}
}

// Cautions lists every caution the evidence supports, in the fixed order of CautionCodes:
//
//	not_finished          (serious) a timed part has trailing unanswered items
//	random_responding     (serious) keyed answers of one scale and key direction scatter like random ones
//	                      (KeyedSpread at or above RandomLine)
//	longstring            (serious) longest run of one Likert answer, in the order shown
//	low_variation         intra-individual SD of the Likert answers; serious with longstring
//	person_misfit         (serious) l_z of the ability answers (PersonFit) below the line
//	impression_management (serious) IM keyed mean at or above a fixed cutoff (or, deprecated, ImpressionZ)
//	inconsistent          content pairs answered at opposite ends after keying
//	too_fast              share of items (of types with a line) answered under their line
//	focus_loss / paste    events during timed parts
//
// It is pure and needs no cohort: the same answers always give the same cautions.
func Cautions(in QualityInput, th Thresholds) []Caution {
	var out []Caution
	r := in.Range
	if r.Min >= r.Max {
		r = FivePoint
	}
	span := float64(r.Max-r.Min) / 4 // 1 on the 1–5 range: lines are set in 5-point units

	if c, ok := notFinished(in.Timed); ok {
		out = append(out, c)
	}

	if th.RandomSD > 0 {
		if sd, df, n := keyedSpread(in.Scales, r); df > 0 && n >= th.RandomMinAnswers {
			line := RandomLine(th.RandomSD*span, th.RandomZ, df)
			if line > 0 && sd >= line {
				out = append(out, Caution{Code: CautionRandom, Value: round3(sd), Threshold: round3(line), Serious: true,
					Message: Text{
						ES: fmt.Sprintf("Sus respuestas a enunciados sobre un mismo rasgo se contradicen tanto como si respondiera al azar (dispersión %s puntos; al azar ≈ %s, con atención suele quedar por debajo de %s). Sus escalas de cuestionario no son fiables hasta aclararlo.",
							es2(sd), es2(math.Sqrt(uniformVar(r))), es2(line)),
						EN: fmt.Sprintf("Their answers to statements about the same trait contradict each other about as much as random answers would (spread %.2f points; random ≈ %.2f, attentive answering usually stays under %.2f). Their questionnaire scales are not reliable until this is cleared up.",
							sd, math.Sqrt(uniformVar(r)), line),
					}})
			}
		}
	}

	var xs []float64
	var valid []int
	for _, x := range in.Likert {
		if r.Valid(x) {
			valid = append(valid, x)
			xs = append(xs, float64(x))
		}
	}
	if th.Longstring > 0 && len(valid) >= th.Longstring {
		run := Longstring(valid)
		long := run >= th.Longstring
		if long {
			out = append(out, Caution{Code: CautionLongstring, Value: float64(run), Threshold: float64(th.Longstring), Serious: true,
				Message: Text{
					ES: fmt.Sprintf("Dio la misma respuesta %d veces seguidas en los enunciados de acuerdo, en el orden en que los vio. Pregunte por algunas antes de leer sus escalas.", run),
					EN: fmt.Sprintf("Gave the same answer %d times in a row on the agreement statements, in the order they were shown. Ask about a few before reading their scales.", run),
				}})
		}
		if isd := math.Sqrt(variance(xs)); isd < th.MinISD*span {
			out = append(out, Caution{Code: CautionLowVariation, Value: round3(isd), Threshold: th.MinISD * span, Serious: long,
				Message: Text{
					ES: "Sus respuestas de acuerdo apenas varían entre enunciados, aunque unos dicen lo contrario de otros; pregunte por ellas antes de leer sus escalas.",
					EN: "Their agreement answers barely vary across statements, although some statements say the opposite of others; ask about them before reading their scales.",
				}})
		}
	}

	if th.MisfitLZ < 0 {
		if lz, n := PersonFit(in.Ability); n >= max(th.MisfitMinItems, 1) && lz < th.MisfitLZ {
			out = append(out, Caution{Code: CautionPersonMisfit, Value: round3(lz), Threshold: th.MisfitLZ, Serious: true,
				Message: Text{
					ES: fmt.Sprintf("En las pruebas de aptitud, su patrón de aciertos y errores no encaja con su propio nivel (falló preguntas fáciles y acertó difíciles mucho más de lo esperable en %d preguntas), como ocurre al responder al azar o con ayuda. Su puntuación de aptitud puede no reflejarle.", n),
					EN: fmt.Sprintf("On the ability tests, their pattern of right and wrong answers does not fit their own level (easy questions missed and hard ones right far more than expected over %d questions), as happens when answering at random or with help. Their ability score may not reflect them.", n),
				}})
		}
	}

	if im := in.Impression; im != nil {
		cut := float64(r.Min) + (th.ImpressionMean-1)*span
		profileIM := float64(r.Min) + (th.ProfileIM-1)*span
		profileOthers := float64(r.Min) + (th.ProfileOthers-1)*span
		enough := im.Answered >= max(th.ImpressionMinItems, 1)
		profile := th.ProfileIM > 0 && enough && im.Mean >= profileIM && im.OthersAnswered >= max(th.ProfileMinOthers, 1) && im.Others >= profileOthers
		if profile && im.Mean < cut {
			out = append(out, Caution{Code: CautionImpression, Value: round3(im.Others), Threshold: profileOthers, Serious: true,
				Message: Text{
					ES: fmt.Sprintf("Eligió el extremo deseable casi siempre: media %s en los enunciados de virtudes poco creíbles y %s en todos los demás (líneas fijas %s y %s). Es probable que se haya descrito mejor de lo que es; contraste sus escalas con ejemplos concretos. Las puntuaciones no se modifican.",
						es2(im.Mean), es2(im.Others), es2(profileIM), es2(profileOthers)),
					EN: fmt.Sprintf("Chose the desirable end almost every time: mean %.2f on the statements of implausible virtue and %.2f on all the others (fixed lines %.2f and %.2f). They have likely described themselves better than they are; check their scales against concrete examples. The scores are not changed.",
						im.Mean, im.Others, profileIM, profileOthers),
				}})
		}
		if th.ImpressionMean > 0 && finite(im.Mean) && enough && im.Mean >= cut {
			out = append(out, Caution{Code: CautionImpression, Value: round3(im.Mean), Threshold: cut, Serious: true,
				Message: Text{
					ES: fmt.Sprintf("Se atribuyó virtudes que casi nadie puede afirmar con sinceridad (media %s de %d en %d enunciados; la línea fija es %s): es probable que se haya descrito mejor de lo que es. Contraste sus escalas de cuestionario con ejemplos concretos; las puntuaciones no se modifican.",
						es2(im.Mean), r.Max, im.Answered, es2(cut)),
					EN: fmt.Sprintf("Claimed virtues that almost nobody can honestly claim (mean %.2f of %d over %d statements; the fixed line is %.2f): they have likely described themselves better than they are. Check their questionnaire scales against concrete examples; the scores are not changed.",
						im.Mean, r.Max, im.Answered, cut),
				}})
		}
	} else if z := in.ImpressionZ; z != nil && th.ImpressionZ > 0 && finite(*z) && *z >= th.ImpressionZ {
		// Deprecated input: kept so that callers not yet filling Impression still get a caution.
		out = append(out, Caution{Code: CautionImpression, Value: round3(*z), Threshold: th.ImpressionZ, Serious: true,
			Message: Text{
				ES: "Se describió de forma inusualmente favorable; sus escalas de personalidad pueden estar infladas.",
				EN: "Described themselves unusually favourably; their personality scales may be inflated.",
			}})
	}

	if bad := inconsistent(in.Pairs, r, th.PairGap); th.Inconsistent > 0 && bad >= th.Inconsistent {
		out = append(out, Caution{Code: CautionInconsistent, Value: float64(bad), Threshold: float64(th.Inconsistent),
			Message: Text{
				ES: fmt.Sprintf("Estuvo totalmente de acuerdo (o en total desacuerdo) con un enunciado y también con su contrario en %d pares.", bad),
				EN: fmt.Sprintf("Fully agreed (or fully disagreed) with a statement and also with its opposite in %d pairs.", bad),
			}})
	}

	if n, fast := tooFast(in.Timings, th.FastSeconds); n > 0 && th.FastShare > 0 {
		if share := float64(fast) / float64(n); share >= th.FastShare {
			serious := th.FastShareSerious > 0 && share >= th.FastShareSerious
			out = append(out, Caution{Code: CautionTooFast, Value: round3(share), Threshold: th.FastShare, Serious: serious,
				Message: Text{
					ES: fmt.Sprintf("Respondió %d de %d preguntas más rápido de lo que lleva leerlas.", fast, n),
					EN: fmt.Sprintf("Answered %d of %d questions faster than it takes to read them.", fast, n),
				}})
		}
	}
	if th.FocusLosses > 0 && in.FocusLosses >= th.FocusLosses {
		out = append(out, Caution{Code: CautionFocusLoss, Value: float64(in.FocusLosses), Threshold: float64(th.FocusLosses),
			Message: Text{
				ES: fmt.Sprintf("Salió de la ventana %d veces durante partes cronometradas.", in.FocusLosses),
				EN: fmt.Sprintf("Left the window %d times during timed parts.", in.FocusLosses),
			}})
	}
	if th.Pastes > 0 && in.Pastes >= th.Pastes {
		out = append(out, Caution{Code: CautionPaste, Value: float64(in.Pastes), Threshold: float64(th.Pastes),
			Message: Text{
				ES: fmt.Sprintf("Pegó texto %d veces durante partes cronometradas.", in.Pastes),
				EN: fmt.Sprintf("Pasted text %d times during timed parts.", in.Pastes),
			}})
	}
	return out
}

// notFinished is the not_finished caution over the timed parts with trailing unanswered
// items: Value is the share of those parts' items reached, Threshold 1 (everything).
func notFinished(parts []TimedPart) (Caution, bool) {
	var items, reached int
	var es, en []string
	for _, p := range parts {
		if p.Items <= 0 {
			continue
		}
		got := min(max(p.Reached, 0), p.Items)
		if got == p.Items {
			continue
		}
		items += p.Items
		reached += got
		nameES, nameEN := p.Name.ES, p.Name.EN
		if nameES == "" {
			nameES = "una parte cronometrada"
		}
		if nameEN == "" {
			nameEN = "a timed part"
		}
		whyES, whyEN := "terminó la parte antes", "ended the part early"
		if p.TimedOut {
			whyES, whyEN = "se acabó el tiempo", "time ran out"
		}
		es = append(es, fmt.Sprintf("%d de %d preguntas en %s (%s)", got, p.Items, nameES, whyES))
		en = append(en, fmt.Sprintf("%d of %d questions in %s (%s)", got, p.Items, nameEN, whyEN))
	}
	if items == 0 {
		return Caution{}, false
	}
	return Caution{Code: CautionNotFinished, Value: round3(float64(reached) / float64(items)), Threshold: 1, Serious: true,
		Message: Text{
			ES: "No llegó al final: alcanzó " + strings.Join(es, "; ") + ". Las preguntas no alcanzadas cuentan como erradas.",
			EN: "Did not reach the end: reached " + strings.Join(en, "; ") + ". Questions not reached count as wrong.",
		}}, true
}

// KeyedSpread is the random-responding index: the pooled SD of the keyed answers around
// the mean of the items of their scale with the same key direction,
//
//	S = √( Σ_g Σ_i (y_gi − ȳ_g)² / Σ_g (n_g − 1) ),   df = Σ_g (n_g − 1),
//
// where y is the answer reversed when key < 0 (x′ = (min + max) − x) and a group g is one
// scale's positively keyed items, or its reverse-keyed ones, with at least 2 valid
// answers. An attentive answerer's keyed answers to one scale sit near their own level on
// that trait, so S stays around 0.6–1.2 points on 1–5; uniform random answers give
// √((k² − 1)/12) = √2 ≈ 1.41 whatever the person. Groups by key direction because an
// acquiescent style, or reverse-keyed statements that read less clearly, move all of a
// scale's reversed answers together: that is a response style, not randomness, and in the
// simulation the gap between the two directions (|mean(positive) − mean(reversed)|) does
// not tell random answerers from honest ones at all, while the spread within a direction
// does. S needs no cohort and no item parameters. Invalid answers and keys other than ±1
// are ignored.
func KeyedSpread(scales []KeyedScale, r LikertRange) (sd float64, df int) {
	sd, df, _ = keyedSpread(scales, r)
	return sd, df
}

// keyedSpread is KeyedSpread with the number of answers it used.
func keyedSpread(scales []KeyedScale, r LikertRange) (sd float64, df, answers int) {
	var ss float64
	for _, s := range scales {
		for _, key := range []int{1, -1} {
			var ys []float64
			for _, a := range s.Answers {
				if a.Key == key && r.Valid(a.Answer) {
					ys = append(ys, float64(r.Keyed(a.Answer, a.Key)))
				}
			}
			if len(ys) < 2 {
				continue
			}
			ss += variance(ys) * float64(len(ys)-1)
			df += len(ys) - 1
			answers += len(ys)
		}
	}
	if df == 0 {
		return 0, 0, answers
	}
	return clean(math.Sqrt(ss / float64(df))), df, answers
}

// RandomLine is the line KeyedSpread must reach for random_responding: the upper
// one-sided critical value of a χ² test that the within-direction keyed variance exceeds
// σ₀²,
//
//	line = σ₀ · √(χ²_df(Φ(z)) / df),   χ²_df(Φ(z))/df ≈ (1 − 2/(9df) + z·√(2/(9df)))³
//
// (Wilson–Hilferty). With few answers the line rises, so a short questionnaire is not
// flagged on noise; with many it settles towards σ₀. With the defaults (σ₀ 1.10, z 2.17)
// it is 1.52 for 16 df (two 10-item scales of 6 + 4 items), 1.40 for 32 df and 1.33 for
// 56 df (seven scales). It returns 0 for df ≤ 0.
func RandomLine(sigma0, z float64, df int) float64 {
	if df <= 0 || !finite(sigma0) || !finite(z) {
		return 0
	}
	h := 2 / (9 * float64(df))
	c := 1 - h + z*math.Sqrt(h)
	if c <= 0 {
		return 0
	}
	return clean(sigma0 * math.Sqrt(c*c*c))
}

// uniformVar is the variance of uniform random answers on the range: (k² − 1)/12.
func uniformVar(r LikertRange) float64 {
	k := float64(r.Max - r.Min + 1)
	return (k*k - 1) / 12
}

// es2 formats x with two decimals and a decimal comma.
func es2(x float64) string { return strings.Replace(fmt.Sprintf("%.2f", x), ".", ",", 1) }

// Longstring is the longest run of one answer in order.
func Longstring(xs []int) int {
	best, run := 0, 0
	for i, x := range xs {
		if i > 0 && x == xs[i-1] {
			run++
		} else {
			run = 1
		}
		best = max(best, run)
	}
	return best
}

// tooFast counts the timings whose type has a line (n) and those of them under it (fast);
// types without a line count in neither.
func tooFast(ts []Timing, limits map[string]float64) (n, fast int) {
	for _, t := range ts {
		lim, ok := limits[t.Type]
		if !ok || !finite(t.Seconds) || t.Seconds < 0 {
			continue
		}
		n++
		if t.Seconds < lim {
			fast++
		}
	}
	return n, fast
}

// inconsistent counts pairs whose answers, after reversing B when Opposite, differ by at
// least gap points.
func inconsistent(pairs []InconsistencyPair, r LikertRange, gap int) int {
	if gap <= 0 {
		return 0
	}
	n := 0
	for _, p := range pairs {
		if !r.Valid(p.A) || !r.Valid(p.B) {
			continue
		}
		b := p.B
		if p.Opposite {
			b = r.Reverse(b)
		}
		d := p.A - b
		if d < 0 {
			d = -d
		}
		if d >= gap {
			n++
		}
	}
	return n
}

func round3(x float64) float64 { return clean(math.Round(x*1000) / 1000) }
