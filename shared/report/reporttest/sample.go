// Package reporttest builds sample report data in both languages, for the report
// package's golden tests and benchmark, scripts/reportbench and anyone who wants a
// realistic report without running an assessment. The wording imitates catalog content;
// the numbers are invented.
package reporttest

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"shortlist/shared/report"
)

// Generated and Completed are the fixed dates of the samples, so renderings are
// reproducible.
var (
	Generated = time.Date(2026, time.March, 2, 10, 30, 0, 0, time.UTC)
	Completed = time.Date(2026, time.March, 1, 17, 5, 0, 0, time.UTC)
)

// Versions of the samples.
var Versions = report.Versions{Engine: "scoring/1", Content: "2026.03-sample"}

type text struct{ es, en string }

func (t text) in(l report.Lang) string {
	if l == report.ES {
		return t.es
	}
	return t.en
}

type scale struct {
	id       string
	name     text
	observes text
	tip      text
	question []struct{ q, good text }
}

// scales are the sample role's competencies: a back-office sales-administration role.
var scales = []scale{
	{id: "detail", name: text{"Atención al detalle", "Attention to detail"},
		observes: text{"Revisa su trabajo y detecta errores antes de que lleguen a otros.", "Checks their work and catches errors before they reach others."},
		tip:      text{"Antes de entregar, repasa una vez con una lista breve de comprobación: importes, fechas y nombres.", "Before handing work in, check it once against a short list: amounts, dates and names."},
		question: []struct{ q, good text }{
			{text{"Cuénteme una ocasión en la que detectó un error en datos que otros ya habían revisado. ¿Cómo lo encontró?", "Tell me about a time you caught an error in data others had already checked. How did you find it?"},
				text{"Un método concreto de revisión, no la suerte, y qué cambió después para que no se repitiera.", "A concrete checking method, not luck, and what changed afterwards so it would not recur."}},
		}},
	{id: "organisation", name: text{"Organización y planificación", "Organisation and planning"},
		observes: text{"Ordena tareas por prioridad y cumple los plazos.", "Orders tasks by priority and meets deadlines."},
		tip:      text{"Empieza el día eligiendo las tres tareas que más importan y reserva tiempo para ellas.", "Start the day by choosing the three tasks that matter most and block time for them."},
		question: []struct{ q, good text }{
			{text{"Describa una semana en la que tuvo más trabajo del que cabía. ¿Qué dejó para después y por qué?", "Describe a week when you had more work than fitted. What did you postpone, and why?"},
				text{"Criterios explícitos de prioridad y una comunicación temprana con quien dependía del trabajo aplazado.", "Explicit priority criteria and early communication with whoever depended on the postponed work."}},
			{text{"¿Cómo lleva el control de las tareas pendientes cuando le interrumpen a menudo?", "How do you keep track of open tasks when you are interrupted often?"},
				text{"Un sistema sencillo y constante (lista, herramienta) que usa de verdad, con un ejemplo.", "A simple, consistent system (a list, a tool) they actually use, with an example."}},
		}},
	{id: "service", name: text{"Orientación al cliente", "Customer orientation"},
		observes: text{"Entiende lo que necesita el cliente y hace el seguimiento hasta resolverlo.", "Understands what the customer needs and follows up until it is solved."},
		tip:      text{"Tras resolver una petición, vuelve a contactar un día después para confirmar que todo está bien.", "After solving a request, get back in touch a day later to confirm everything is fine."},
		question: []struct{ q, good text }{
			{text{"Hábleme de un cliente enfadado al que atendió. ¿Qué hizo primero?", "Tell me about an upset customer you dealt with. What did you do first?"},
				text{"Escucha y reconocimiento del problema antes de las soluciones, y un cierre acordado con el cliente.", "Listening and acknowledging the problem before solutions, and a close agreed with the customer."}},
		}},
	{id: "teamwork", name: text{"Trabajo en equipo", "Teamwork"},
		observes: text{"Comparte información y ayuda a otros a cumplir sus objetivos.", "Shares information and helps others meet their goals."},
		tip:      text{"Pregunta a un compañero cada semana en qué podrías ayudarle y cuéntale en qué estás tú.", "Each week, ask a colleague how you could help and tell them what you are working on."},
		question: []struct{ q, good text }{
			{text{"¿Qué hizo la última vez que un compañero no cumplía su parte?", "What did you do the last time a colleague was not doing their part?"},
				text{"Una conversación directa y respetuosa centrada en el trabajo, no en la persona.", "A direct, respectful conversation about the work, not the person."}},
		}},
	{id: "resilience", name: text{"Resiliencia ante la presión", "Resilience under pressure"},
		observes: text{"Mantiene la calidad del trabajo en picos de carga.", "Keeps the quality of their work during peaks."},
		tip:      text{"En los picos, divide el trabajo en pasos pequeños y tómate una pausa breve entre bloques.", "In peaks, split the work into small steps and take a short break between blocks."},
		question: []struct{ q, good text }{
			{text{"Cuénteme un cierre de mes o una campaña con mucha presión. ¿Qué le ayudó a mantener la calidad?", "Tell me about a month-end or campaign under heavy pressure. What helped you keep the quality?"},
				text{"Estrategias concretas (pausas, orden, pedir ayuda) y conciencia de sus propios límites.", "Concrete strategies (breaks, order, asking for help) and awareness of their own limits."}},
		}},
	{id: "communication", name: text{"Comunicación escrita", "Written communication"},
		observes: text{"Escribe mensajes claros, breves y adecuados a quien los lee.", "Writes clear, brief messages suited to the reader."},
		tip:      text{"Relee cada correo importante poniéndote en el lugar de quien lo recibe: ¿qué necesita saber primero?", "Reread each important email as its reader: what do they need to know first?"},
		question: []struct{ q, good text }{
			{text{"Enséñeme cómo explicaría por escrito a un cliente un retraso en su pedido.", "Show me how you would explain a delay in their order to a customer in writing."},
				text{"Reconoce el problema, da una fecha realista y una acción concreta, sin jerga.", "Acknowledges the problem, gives a realistic date and a concrete action, without jargon."}},
		}},
}

// Columns are the sample's competency columns.
func Columns(l report.Lang) []report.Column {
	cols := make([]report.Column, len(scales))
	for i, s := range scales {
		cols[i] = report.Column{ID: s.id, Name: s.name.in(l)}
	}
	return cols
}

func header(l report.Lang) report.Header {
	return report.Header{
		Lang:         l,
		Organisation: "Distribuciones Peñalara S.L.",
		Assessment:   text{"Administración de ventas — campaña de primavera", "Sales administration — spring campaign"}.in(l),
		Role:         text{"Administrativo/a de ventas", "Sales administrator"}.in(l),
		Generated:    Generated,
		Versions:     Versions,
	}
}

// Name is the sample candidate's name: accents and ñ, as Spanish names have.
const Name = "José Ángel Núñez-Peña"

// Candidate is a full candidate report: every section filled, one competency below its
// minimum, two cautions, strengths and areas to probe with interview questions.
func Candidate(l report.Lang) report.CandidateReport {
	z := []float64{1.15, -0.85, 0.62, 0.1, -0.2, 0.95}
	se := []float64{0.28, 0.31, 0.25, 0.33, 0.64, 0.3}
	min := -0.5
	r := report.CandidateReport{
		Header: header(l), Name: Name, Reference: "CAND-0042", Completed: Completed,
		Fit: report.Fit{Defined: true, Z: 0.41, SE: 0.16, Rank: 4, Of: 37, RankLow: 2, RankHigh: 9, PTop: 0.62, TopK: 10,
			BelowMinimum: []report.Shortfall{{Name: scales[1].name.in(l), Clearly: false}}},
	}
	for i, s := range scales {
		c := report.Competency{ID: s.id, Name: s.name.in(l),
			Score:    report.Score{Z: z[i], SE: se[i], Percentile: 100 * phi(z[i]), Norm: report.Norm{Source: report.NormReference}},
			Weight:   []float64{0.25, 0.2, 0.2, 0.1, 0.1, 0.15}[i],
			Answered: 8, Items: 8}
		if i == 1 {
			c.Minimum = &min
		}
		if i == 2 { // the organisation has enough applicants for a local norm on this one
			c.Norm = report.Norm{Source: report.NormLocal, N: 42}
		}
		r.Competencies = append(r.Competencies, c)
	}
	r.Cognitive = []report.Ability{{Name: text{"Razonamiento numérico", "Numerical reasoning"}.in(l),
		Score: report.Score{Z: 0.42, SE: 0.38, Percentile: 66, Norm: report.Norm{Source: report.NormReference}}, Answered: 20, Right: 14}}
	r.WorkSamples = []report.WorkSample{
		{Name: text{"Validación de datos de ventas en hoja de cálculo", "Validating sales data in a spreadsheet"}.in(l),
			Points: 9, Possible: 10, Accuracy: ptr(0.9), PerMinute: 1.6, Minutes: 6.25},
		{Name: text{"Priorización de casos simultáneos", "Prioritising parallel cases"}.in(l),
			Points: 4.5, Possible: 6, Minutes: 4},
	}
	r.Integrity = []report.Competency{{ID: "sjt", Name: text{"Juicio situacional", "Situational judgment"}.in(l),
		Score: report.Score{Z: 0.3, SE: 0.35, Percentile: 62, Norm: report.Norm{Source: report.NormReference}}, Answered: 8, Items: 8}}
	r.DISC = &report.DISC{Blocks: 12, Primary: []string{text{"Estable", "Steady"}.in(l)}, Styles: []report.StyleCount{
		{Style: report.Style{Name: text{"Dominante", "Dominant"}.in(l)}, Most: 2, Least: 5},
		{Style: report.Style{Name: text{"Influyente", "Influential"}.in(l)}, Most: 3, Least: 3},
		{Style: report.Style{Name: text{"Estable", "Steady"}.in(l), Description: text{"Prefiere un ritmo constante, la cooperación y la previsibilidad; aporta calma y constancia al equipo.", "Prefers a steady pace, cooperation and predictability; brings calm and consistency to a team."}.in(l)}, Most: 5, Least: 1},
		{Style: report.Style{Name: text{"Concienzudo", "Conscientious"}.in(l)}, Most: 2, Least: 3},
	}}
	r.Cautions = []report.Caution{
		{Code: "too_fast", Value: 0.28, Threshold: 0.25, Message: text{"Respondió 17 de 60 preguntas más rápido de lo que lleva leerlas.", "Answered 17 of 60 questions faster than it takes to read them."}.in(l)},
		{Code: "focus_loss", Value: 2, Threshold: 2, Message: text{"Salió de la ventana 2 veces durante partes cronometradas.", "Left the window 2 times during timed parts."}.in(l)},
	}
	r.Strengths = []report.Strength{{Name: scales[0].name.in(l), Note: scales[0].observes.in(l)}, {Name: scales[5].name.in(l), Note: scales[5].observes.in(l)}}
	for _, p := range []struct {
		i      int
		reason string
	}{{1, "low"}, {4, "uncertain"}} {
		pr := report.Probe{Name: scales[p.i].name.in(l), Reason: p.reason}
		for _, q := range scales[p.i].question {
			pr.Questions = append(pr.Questions, report.Question{Question: q.q.in(l), GoodAnswer: q.good.in(l)})
		}
		r.Probes = append(r.Probes, pr)
	}
	// The cohort view the rank comes from: its newest result and its size.
	r.AsOf, r.CohortN = Completed, r.Fit.Of
	return r
}

// Questions lists the interview questions Candidate(l) carries, for tests.
func Questions(l report.Lang) []string {
	var qs []string
	for _, p := range Candidate(l).Probes {
		for _, q := range p.Questions {
			qs = append(qs, q.Question)
		}
	}
	return qs
}

// names to draw cohort candidates from: Spanish and English names with accents.
var (
	given  = []string{"José", "María", "Lucía", "Íñigo", "Begoña", "Óscar", "Ana", "Noé", "Raúl", "Inés", "Chloé", "Liam", "Zoë", "Peter", "Aitana", "Sofía"}
	family = []string{"Núñez", "García", "Peña", "Ibáñez", "Muñoz", "Smith", "Olmo", "Fernández", "Gómez", "Díaz", "Brontë", "O'Neill", "Castaño", "López"}
)

// Cohort is an n-candidate cohort, ranked with the tie rule, with a fixed seed; a few
// candidates miss a scale and a few have cautions.
func Cohort(l report.Lang, n int) report.CohortReport {
	rng := rand.New(rand.NewPCG(7, uint64(n)))
	type cand struct {
		row report.CohortRow
		c   float64
		se  float64
	}
	cs := make([]cand, n)
	for i := range cs {
		row := report.CohortRow{
			Name:      fmt.Sprintf("%s %s %s", given[rng.IntN(len(given))], family[rng.IntN(len(family))], family[rng.IntN(len(family))]),
			Reference: fmt.Sprintf("C-%04d", i+1),
			Cells:     make([]report.Cell, len(scales)),
		}
		theta := rng.NormFloat64()
		sum := 0.0
		for j := range scales {
			z := 0.6*theta + 0.8*rng.NormFloat64()
			row.Cells[j] = report.Cell{Z: z, SE: 0.3, Scored: rng.IntN(40) != 0}
			sum += z
		}
		c := sum / float64(len(scales))
		se := 0.14 + 0.08*rng.Float64()
		row.Fit = report.Cell{Z: c, SE: se, Scored: true}
		switch rng.IntN(12) {
		case 0:
			row.Cautions = []string{"too_fast"}
		case 1:
			row.Cautions, row.ReviewFirst = []string{"longstring", "low_variation"}, true
		}
		if row.Cells[1].Z < -1.2 {
			row.BelowMinimum = []string{scales[1].name.in(l)}
		}
		cs[i] = cand{row: row, c: c, se: se}
	}
	// Rank as scoring.Rank does: by composite; the interval widens with the SE (a sample,
	// not the draws).
	slices.SortStableFunc(cs, func(a, b cand) int {
		if c := cmp.Compare(b.c, a.c); c != 0 {
			return c
		}
		return strings.Compare(a.row.Reference, b.row.Reference)
	})
	rows := make([]report.CohortRow, n)
	for i := range cs {
		spread := int(math.Round(cs[i].se * float64(n) / 2))
		cs[i].row.Rank, cs[i].row.RankLow, cs[i].row.RankHigh = i+1, max(1, i+1-spread), min(n, i+1+spread)
		rows[i] = cs[i].row
	}
	return report.CohortReport{
		Header:     header(l),
		Columns:    Columns(l),
		Rows:       rows,
		Completion: report.Completion{Invited: n + n/4, Started: n + n/10, Completed: n, Scored: n, Expired: n / 20, MedianMinutes: 38.5},
	}
}

// Feedback is the sample candidate's feedback report.
func Feedback(l report.Lang) report.Feedback {
	f := report.Feedback{Header: header(l), Name: Name, Completed: Completed,
		Contact: "seleccion@penalara.example"}
	for _, i := range []int{0, 5} {
		f.Strengths = append(f.Strengths, report.Strength{Name: scales[i].name.in(l), Note: scales[i].observes.in(l)})
	}
	for _, i := range []int{1, 4} {
		f.Development = append(f.Development, report.Tip{Name: scales[i].name.in(l), Tip: scales[i].tip.in(l)})
	}
	f.Development = append(f.Development, report.Tip{Name: scales[3].name.in(l), Observes: scales[3].observes.in(l)}) // no tip of its own: advice from what the scale covers
	f.Development = append(f.Development, report.Tip{Name: scales[2].name.in(l)})                                     // neither: the report's general advice
	f.Style = &report.Style{Name: text{"Estable", "Steady"}.in(l), Description: text{"Prefieres un ritmo constante, la cooperación y la previsibilidad; aportas calma y constancia al equipo.", "You prefer a steady pace, cooperation and predictability; you bring calm and consistency to a team."}.in(l)}
	return f
}

func ptr[T any](v T) *T { return &v }

// phi is the standard normal CDF.
func phi(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }
