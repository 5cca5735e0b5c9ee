package report

import (
	"fmt"
	"time"
)

// words is all of the reports' own wording in one language. Every field must be set in
// both languages (a test checks), so a report never mixes languages or prints a blank.
type words struct {
	lang Lang

	PageOf     string
	Footer     string
	Role       string
	Assessment string
	Completed  string
	Reference  string
	Months     [12]string
	DateFmt    string // day, month name, year

	// Candidate report.
	CandidateTitle   string
	Fit              string
	FitUndefined     string
	Band             string
	RankLine         string
	RankAsOfLine     string
	TopLine          string
	ReviewFirstLine  string
	PctProvisional   string
	AsOfLine         string
	BelowMinClearly  string
	BelowMinMaybe    string
	TExplain         string
	Competencies     string
	BarsIntro        string
	Pct              string
	Weight           string
	Minimum          string
	Answered         string
	Cognitive        string
	CognitiveIntro   string
	Theta            string
	Correct          string
	WorkSamples      string
	WorkSamplesIntro string
	Task             string
	RightCol         string
	Credit           string
	Accuracy         string
	Speed            string
	Time             string
	PerMinute        string
	Integrity        string
	IntegrityIntro   string
	DISC             string
	DISCNotRanking   string
	DISCNone         string
	Style            string
	Most             string
	Least            string
	Net              string
	PrimaryStyle     string
	DISCBlocks       string
	Quality          string
	QualityIntro     string
	NoCautions       string
	CautionAdvice    map[string]string
	CautionGeneric   string
	Strengths        string
	NoStrengths      string
	Probes           string
	ProbesIntro      string
	NoProbes         string
	NoQuestions      string
	GoodAnswer       string
	ReasonLow        string
	ReasonUncertain  string
	ReasonIncomplete string
	ReasonOther      string
	Method           string
	MethodText       []string
	HumanDecision    string
	VersionsLine     string

	// Cohort report and CSV.
	CohortTitle    string
	Summary        string
	MedianCol      string
	Ranked         string
	NoneRanked     string
	TieRule        string
	Ranking        string
	RankCol        string
	GroupCol       string
	NameCol        string
	FitCol         string
	BandCol        string
	CautionsCol    string
	BelowMinCol    string
	Heatmap        string
	HeatmapIntro   string
	HeatmapLegend  [5]string
	ColFitLow      string
	ColFitHigh     string
	ColReference   string
	NotScored      string
	FooterCohort   string
	GroupShading   string
	ReviewMark     string
	PDFRowsCap     string
	Invited        string
	Started        string
	CompletedCount string
	Scored         string
	Expired        string

	// Feedback report.
	FeedbackTitle       string
	FeedbackHello       string
	FeedbackIntro       string
	FeedbackStrengths   string
	FeedbackNoStrengths string
	FeedbackDevelop     string
	FeedbackNoDevelop   string
	FeedbackTipDefault  string
	FeedbackTipFrom     string
	FeedbackStyle       string
	FeedbackStyleNote   string
	FeedbackAbout       string
	FeedbackContact     string
	FeedbackFooter      string
}

func wordsFor(l Lang) *words {
	if l == ES {
		return &es
	}
	return &en
}

func (w *words) reason(r string) string {
	switch r {
	case "low":
		return w.ReasonLow
	case "uncertain":
		return w.ReasonUncertain
	case "incomplete":
		return w.ReasonIncomplete
	}
	return w.ReasonOther
}

// cautionFallback describes a caution the caller sent without a message.
func (w *words) cautionFallback(c Caution) string {
	return fmt.Sprintf(w.CautionGeneric, line(c.Code), num(w.lang, c.Value, 2), num(w.lang, c.Threshold, 2))
}

// date formats a day in the language's long form ("2 de marzo de 2026", "2 March 2026").
func date(l Lang, t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	w := wordsFor(l)
	t = t.UTC()
	return fmt.Sprintf(w.DateFmt, t.Day(), w.Months[t.Month()-1], t.Year())
}

var es = words{
	lang:       ES,
	PageOf:     "Página %d de %s",
	Footer:     "Este informe apoya una decisión humana; no la sustituye. Puntuaciones T = 50 + 10·z frente a la norma indicada; bandas del 95 %% = ±1,96 errores típicos. Motor %s · contenido %s · %s.",
	Role:       "Puesto",
	Assessment: "Evaluación",
	Completed:  "Completada el",
	Reference:  "Ref.",
	Months: [12]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
		"septiembre", "octubre", "noviembre", "diciembre"},
	DateFmt: "%d de %s de %d",

	CandidateTitle:   "Informe del candidato",
	Fit:              "Ajuste al puesto",
	FitUndefined:     "No se puede calcular el ajuste al puesto: no hay ninguna puntuación ponderada. Lea las secciones siguientes por separado.",
	Band:             "Banda del 95 %%: T %s–%s. La puntuación verdadera está, con un 95 %% de confianza, dentro de esta banda.",
	RankLine:         "Posición %d de %d; por el error de medida, su posición probable está entre %d y %d.",
	RankAsOfLine:     "Posición %d de %d al %s (n = %d; este PDF no cambia, la clasificación en la consola sí, a medida que más candidatos terminan); por el error de medida, su posición probable está entre %d y %d.",
	TopLine:          "Probabilidad de estar entre los %d primeros: %s %%.",
	ReviewFirstLine:  "Revisar primero: una advertencia de calidad de respuesta indica que estas puntuaciones podrían no describir a la persona (ver «Advertencias»). En la clasificación aparece aparte, no entre los primeros, hasta que alguien lo revise.",
	PctProvisional:   "percentil: norma provisional",
	AsOfLine:         "Grupo de comparación: %d candidatos puntuados al %s.",
	BelowMinClearly:  "%s: por debajo del mínimo del puesto, incluso en el extremo superior de su banda.",
	BelowMinMaybe:    "%s: por debajo del mínimo del puesto, aunque el error de medida podría explicarlo; compruébelo en la entrevista.",
	TExplain:         "Escala T: 50 es la media de la norma y 10 puntos equivalen a una desviación típica (de 40 a 60 está aproximadamente el 68 % de las personas).",
	Competencies:     "Competencias del puesto",
	BarsIntro:        "Cada barra muestra la puntuación (marca azul), su banda del 95 % (zona azul clara), la media de la norma (línea gris, T 50) y, si el puesto lo fija, el mínimo (línea roja). Se indica la norma usada: la de referencia que acompaña al contenido o la local de su organización.",
	Pct:              "percentil %s",
	Weight:           "Peso en el ajuste: %s",
	Minimum:          "Mínimo del puesto: T %s",
	Answered:         "%d de %d preguntas respondidas",
	Cognitive:        "Razonamiento (capacidad cognitiva)",
	CognitiveIntro:   "Estimación de capacidad según la teoría de respuesta al ítem (modelo 2PL, EAP). θ está en unidades de desviación típica; entre corchetes, su intervalo del 95 %.",
	Theta:            "θ %s [%s; %s]",
	Correct:          "%d de %d correctas",
	WorkSamples:      "Pruebas de trabajo",
	WorkSamplesIntro: "Aciertos por campo con crédito parcial. Crédito: parte de la tarea resuelta bien. Precisión: parte de lo introducido que es correcto (marcarlo todo no suma).",
	Task:             "Tarea",
	RightCol:         "Aciertos",
	Credit:           "Crédito",
	Accuracy:         "Precisión",
	Speed:            "Ritmo",
	Time:             "Tiempo",
	PerMinute:        "%s/min",
	Integrity:        "Integridad y criterio",
	IntegrityIntro:   "Juicio situacional y honestidad declarada. Como toda escala de autoinforme, conviene contrastarla en la entrevista.",
	DISC:             "Estilo de trabajo (DISC)",
	DISCNotRanking:   "Esto describe un estilo, no una capacidad: no es una puntuación, no se compara con otros candidatos y no entra en el ajuste al puesto ni en la clasificación. Ningún estilo es mejor que otro.",
	DISCNone:         "No hay bloques válidos respondidos: no se describe un estilo.",
	Style:            "Estilo",
	Most:             "Más como yo",
	Least:            "Menos como yo",
	Net:              "Neto",
	PrimaryStyle:     "Estilo predominante: %s",
	DISCBlocks:       "Basado en %d bloques de elección forzada.",
	Quality:          "Calidad de las respuestas",
	QualityIntro:     "Son observaciones para una persona, no veredictos: ninguna cambia una puntuación ni descarta a nadie. Un patrón poco habitual puede tener una explicación sincera.",
	NoCautions:       "No hay advertencias: las respuestas no muestran patrones poco habituales.",
	CautionAdvice: map[string]string{
		"longstring":            "Pregunte por algunas respuestas concretas antes de apoyarse en los cuestionarios.",
		"low_variation":         "Pregunte por algunas respuestas concretas antes de apoyarse en los cuestionarios.",
		"too_fast":              "Las puntuaciones afectadas pueden subestimar o sobrestimar a la persona; no las use solas.",
		"inconsistent":          "Lea sus escalas de personalidad con cautela y contrástelas en la entrevista.",
		"impression_management": "Contraste sus escalas de personalidad con ejemplos concretos en la entrevista.",
		"focus_loss":            "Puede deberse a una notificación o a un problema técnico; pregunte antes de sacar conclusiones.",
		"paste":                 "Revise las respuestas escritas con la persona antes de valorarlas.",
		"not_finished":          "La parte sin terminar cuenta sus preguntas no alcanzadas como incorrectas; pregunte qué pasó (tiempo, conexión, ajustes) antes de comparar.",
		"random_responding":     "Las respuestas a los cuestionarios se parecen a respuestas al azar; no se apoye en esas escalas sin conversarlas.",
		"person_misfit":         "El patrón de aciertos no es el esperable para su nivel (por ejemplo, falla fáciles y acierta difíciles); considere repetir la prueba en condiciones controladas.",
	},
	CautionGeneric:   "Observación %s: valor %s (umbral %s).",
	Strengths:        "Fortalezas",
	NoStrengths:      "Ninguna escala destaca con claridad por encima de la norma, teniendo en cuenta el error de medida.",
	Probes:           "Áreas para explorar en la entrevista",
	ProbesIntro:      "Escalas bajas, con una banda demasiado ancha para leerlas o con pocas respuestas. Para cada una, preguntas de entrevista y lo que muestra una buena respuesta.",
	NoProbes:         "No hay áreas que requieran una exploración especial.",
	NoQuestions:      "El contenido no trae preguntas para esta escala; pida ejemplos concretos y recientes.",
	GoodAnswer:       "Una buena respuesta muestra:",
	ReasonLow:        "puntuación baja",
	ReasonUncertain:  "resultado incierto",
	ReasonIncomplete: "pocas respuestas",
	ReasonOther:      "a explorar",
	Method:           "Cómo se calcularon las puntuaciones",
	MethodText: []string{
		"Cuestionarios: media de las respuestas de acuerdo con los ítems inversos invertidos, comparada con la norma indicada (z = (X − μ)/σ; T = 50 + 10·z). Su error típico viene de la fiabilidad de la escala (α de Cronbach): EEM = σ·√(1 − α).",
		"Razonamiento: estimación EAP del modelo logístico de dos parámetros con sus errores típicos. Pruebas de trabajo: crédito parcial por campo. Juicio situacional: acuerdo con la clave de mejor y peor opción.",
		"Ajuste al puesto: media ponderada de las puntuaciones z con los pesos del puesto; su error típico combina los de cada parte. Dos candidatos se muestran empatados cuando su diferencia no supera 1,96·√(EE₁² + EE₂²); dentro de un grupo de empate el orden no es un resultado. El perfil DISC nunca entra en el ajuste.",
	},
	HumanDecision: "Este informe apoya una decisión humana; no la sustituye. Las puntuaciones tienen error de medida, y las advertencias son observaciones, no veredictos. La decisión sobre cada candidato la toma y la registra una persona.",
	VersionsLine:  "Motor de puntuación %s · versión del contenido %s · plantilla %s · generado el %s.",

	CohortTitle:    "Comparación de candidatos",
	Summary:        "Resumen",
	MedianCol:      "Mediana (min)",
	Ranked:         "%d candidatos clasificados; %d para revisar primero (sombreados).",
	NoneRanked:     "Aún no hay candidatos puntuados.",
	TieRule:        "Cada ajuste al puesto tiene un error de medida. La columna «Intervalo» muestra entre qué posiciones estaría cada candidato en 95 de cada 100 versiones plausibles del grupo (cada ajuste verdadero sorteado según su puntuación y su error). Candidatos con intervalos muy solapados no se distinguen con esta evaluación.",
	Ranking:        "Clasificación por ajuste al puesto",
	RankCol:        "Pos.",
	GroupCol:       "Intervalo",
	NameCol:        "Candidato",
	FitCol:         "Ajuste (T)",
	BandCol:        "Banda 95 %",
	CautionsCol:    "Advert.",
	BelowMinCol:    "Bajo el mínimo",
	Heatmap:        "Mapa de competencias",
	HeatmapIntro:   "Puntuación T de cada candidato en cada escala, en el orden de la clasificación. El color agrupa las puntuaciones; el número es el dato.",
	HeatmapLegend:  [5]string{"< 40", "40–44", "45–55", "56–60", "> 60"},
	ColFitLow:      "Ajuste banda inferior (T)",
	ColFitHigh:     "Ajuste banda superior (T)",
	ColReference:   "Referencia",
	NotScored:      "–",
	FooterCohort:   "Este informe apoya una decisión humana; no la sustituye. Empates: diferencia ≤ 1,96·√(EE₁² + EE₂²). Motor %s · contenido %s · %s.",
	GroupShading:   "Filas sombreadas y marcadas «revisar»: una advertencia seria de calidad de respuesta; revisarlas antes de confiar en su posición.",
	ReviewMark:     "revisar",
	PDFRowsCap:     "Este documento muestra los primeros %d de %d candidatos (hasta 500 de la clasificación y 500 para revisar primero); el CSV los incluye a todos.",
	Invited:        "Invitados",
	Started:        "Empezaron",
	CompletedCount: "Completaron",
	Scored:         "Puntuados",
	Expired:        "Caducados",

	FeedbackTitle:       "Tu informe de resultados",
	FeedbackHello:       "Hola, %s:",
	FeedbackIntro:       "Gracias por completar la evaluación. Este informe resume, en pocas palabras, lo que tus respuestas muestran sobre tu forma de trabajar. No es una decisión: el equipo de selección revisa cada candidatura y toma la decisión una persona.",
	FeedbackStrengths:   "Lo que haces especialmente bien",
	FeedbackNoStrengths: "Tus resultados están en línea con los de la mayoría de las personas que hacen esta evaluación; ninguna área destaca por encima de las demás.",
	FeedbackDevelop:     "Ideas para seguir creciendo",
	FeedbackNoDevelop:   "No hemos encontrado ningún área en la que te recomendemos centrarte especialmente.",
	FeedbackTipDefault:  "Busca situaciones reales en las que practicarlo, pide a alguien de confianza que te comente cómo lo haces y fíjate en un ejemplo concreto cada semana.",
	FeedbackTipFrom:     "Esta área abarca: %s Elige una situación de tu día a día en la que entre en juego, ponla en práctica a propósito y pide a alguien de confianza que te diga qué vio.",
	FeedbackStyle:       "Tu estilo de trabajo",
	FeedbackStyleNote:   "Un estilo describe cómo prefieres trabajar; ningún estilo es mejor que otro y no se usa para comparar candidatos.",
	FeedbackAbout:       "Sobre este informe: los resultados de un cuestionario tienen un margen de error y reflejan cómo respondiste un día concreto. Úsalo como una pista para reflexionar, no como una etiqueta.",
	FeedbackContact:     "Si tienes preguntas sobre el proceso o sobre tus datos: %s.",
	FeedbackFooter:      "Informe de resultados para la persona evaluada.",
}

var en = words{
	lang:       EN,
	PageOf:     "Page %d of %s",
	Footer:     "This report supports a human decision; it does not replace it. T scores = 50 + 10·z against the norm shown; 95%% bands = ±1.96 standard errors. Engine %s · content %s · %s.",
	Role:       "Role",
	Assessment: "Assessment",
	Completed:  "Completed on",
	Reference:  "Ref.",
	Months: [12]string{"January", "February", "March", "April", "May", "June", "July", "August",
		"September", "October", "November", "December"},
	DateFmt: "%d %s %d",

	CandidateTitle:   "Candidate report",
	Fit:              "Role fit",
	FitUndefined:     "Role fit cannot be computed: no weighted score is available. Read the sections below on their own.",
	Band:             "95%% band: T %s–%s. With 95%% confidence the true score lies within this band.",
	RankLine:         "Position %d of %d; given measurement error, the likely position is between %d and %d.",
	RankAsOfLine:     "Position %d of %d as of %s (n = %d; this PDF does not change, the ranking in the console does as more candidates finish); given measurement error, the likely position is between %d and %d.",
	TopLine:          "Chance of being in the top %d: %s%%.",
	ReviewFirstLine:  "Review first: a response-quality caution suggests these scores may not describe the person (see \"Cautions\"). The ranking lists the candidate apart, not among the top, until someone has reviewed it.",
	PctProvisional:   "percentile: provisional norm",
	AsOfLine:         "Comparison group: %d candidates scored as of %s.",
	BelowMinClearly:  "%s: below the role's minimum, even at the top of its band.",
	BelowMinMaybe:    "%s: below the role's minimum, though measurement error could explain it; check at interview.",
	TExplain:         "T scale: 50 is the norm's mean and 10 points is one standard deviation (about 68% of people score between 40 and 60).",
	Competencies:     "Role competencies",
	BarsIntro:        "Each bar shows the score (blue marker), its 95% band (light blue), the norm's mean (grey line, T 50) and, where the role sets one, the minimum (red line). The norm used is named: the reference norm shipped with the content, or your organisation's local norm.",
	Pct:              "percentile %s",
	Weight:           "Weight in role fit: %s",
	Minimum:          "Role minimum: T %s",
	Answered:         "%d of %d questions answered",
	Cognitive:        "Reasoning (cognitive ability)",
	CognitiveIntro:   "Ability estimated with item response theory (2PL model, EAP). θ is in standard-deviation units; in brackets, its 95% interval.",
	Theta:            "θ %s [%s; %s]",
	Correct:          "%d of %d correct",
	WorkSamples:      "Work samples",
	WorkSamplesIntro: "Per-field partial credit. Credit: share of the task done right. Accuracy: share of what was entered that is right (flagging everything does not pay).",
	Task:             "Task",
	RightCol:         "Right",
	Credit:           "Credit",
	Accuracy:         "Accuracy",
	Speed:            "Pace",
	Time:             "Time",
	PerMinute:        "%s/min",
	Integrity:        "Integrity and judgment",
	IntegrityIntro:   "Situational judgment and self-reported honesty. Like any self-report scale, check it at interview.",
	DISC:             "Work style (DISC)",
	DISCNotRanking:   "This describes a style, not an ability: it is not a score, it is not compared with other candidates, and it never enters the role fit or the ranking. No style is better than another.",
	DISCNone:         "No valid blocks were answered: no style is described.",
	Style:            "Style",
	Most:             "Most like me",
	Least:            "Least like me",
	Net:              "Net",
	PrimaryStyle:     "Primary style: %s",
	DISCBlocks:       "Based on %d forced-choice blocks.",
	Quality:          "Response quality",
	QualityIntro:     "These are observations for a person to weigh, not verdicts: none changes a score or rejects anyone. An unusual pattern can have an honest explanation.",
	NoCautions:       "No cautions: the answers show no unusual patterns.",
	CautionAdvice: map[string]string{
		"longstring":            "Ask about a few specific answers before relying on the questionnaires.",
		"low_variation":         "Ask about a few specific answers before relying on the questionnaires.",
		"too_fast":              "The scores affected may under- or overstate the person; do not use them alone.",
		"inconsistent":          "Read their personality scales with care and check them at interview.",
		"impression_management": "Check their personality scales against concrete examples at interview.",
		"focus_loss":            "A notification or a technical problem can cause this; ask before drawing conclusions.",
		"paste":                 "Go through the written answers with the person before weighing them.",
		"not_finished":          "The unfinished part counts its unreached questions as wrong; ask what happened (time, connection, adjustments) before comparing.",
		"random_responding":     "The questionnaire answers look like random answers; do not rely on those scales without talking them through.",
		"person_misfit":         "The pattern of right answers is not what their level predicts (for example, easy ones wrong and hard ones right); consider a retest under supervised conditions.",
	},
	CautionGeneric:   "Observation %s: value %s (threshold %s).",
	Strengths:        "Strengths",
	NoStrengths:      "No scale stands clearly above the norm once measurement error is taken into account.",
	Probes:           "Areas to probe at interview",
	ProbesIntro:      "Scales that are low, too uncertain to read, or barely answered. For each, interview questions and what a good answer shows.",
	NoProbes:         "No area needs particular probing.",
	NoQuestions:      "The content has no questions for this scale; ask for concrete, recent examples.",
	GoodAnswer:       "A good answer shows:",
	ReasonLow:        "low score",
	ReasonUncertain:  "uncertain result",
	ReasonIncomplete: "few answers",
	ReasonOther:      "to explore",
	Method:           "How the scores were computed",
	MethodText: []string{
		"Questionnaires: mean of the agreement answers with reverse-keyed items reversed, compared with the norm shown (z = (X − μ)/σ; T = 50 + 10·z). Their standard error comes from the scale's reliability (Cronbach's α): SEM = σ·√(1 − α).",
		"Reasoning: EAP estimate under the two-parameter logistic model, with its standard error. Work samples: per-field partial credit. Situational judgment: agreement with the best and worst option key.",
		"Role fit: weighted mean of the z scores with the role's weights; its standard error combines those of the parts. Two candidates are shown as tied when their difference is within 1.96·√(SE₁² + SE₂²); order inside a tie group is not a finding. The DISC profile never enters the role fit.",
	},
	HumanDecision: "This report supports a human decision; it does not replace it. Scores carry measurement error, and cautions are observations, not verdicts. A person makes and records the decision on each candidate.",
	VersionsLine:  "Scoring engine %s · content version %s · template %s · generated on %s.",

	CohortTitle:    "Candidate comparison",
	Summary:        "Summary",
	MedianCol:      "Median (min)",
	Ranked:         "%d candidates ranked; %d to review first (shaded).",
	NoneRanked:     "No candidate has been scored yet.",
	TieRule:        "Every role fit carries measurement error. The \"Range\" column shows between which positions each candidate would be in 95 of 100 plausible versions of the cohort (each true role fit drawn given its score and its error). Candidates whose ranges largely overlap cannot be told apart by this assessment.",
	Ranking:        "Ranking by role fit",
	RankCol:        "Pos.",
	GroupCol:       "Range",
	NameCol:        "Candidate",
	FitCol:         "Fit (T)",
	BandCol:        "95% band",
	CautionsCol:    "Cautions",
	BelowMinCol:    "Below minimum",
	Heatmap:        "Competency heatmap",
	HeatmapIntro:   "Each candidate's T score on each scale, in ranking order. Colour groups the scores; the number is the data.",
	HeatmapLegend:  [5]string{"< 40", "40–44", "45–55", "56–60", "> 60"},
	ColFitLow:      "Fit band low (T)",
	ColFitHigh:     "Fit band high (T)",
	ColReference:   "Reference",
	NotScored:      "–",
	FooterCohort:   "This report supports a human decision; it does not replace it. Ties: difference ≤ 1.96·√(SE₁² + SE₂²). Engine %s · content %s · %s.",
	GroupShading:   "Shaded rows marked \"review\": a serious response-quality caution; review them before trusting their position.",
	ReviewMark:     "review",
	PDFRowsCap:     "This document lists the first %d of %d candidates (up to 500 of the ranking and 500 to review first); the CSV has everyone.",
	Invited:        "Invited",
	Started:        "Started",
	CompletedCount: "Completed",
	Scored:         "Scored",
	Expired:        "Expired",

	FeedbackTitle:       "Your results report",
	FeedbackHello:       "Hello %s,",
	FeedbackIntro:       "Thank you for completing the assessment. This report sums up, in a few words, what your answers show about the way you work. It is not a decision: the hiring team reviews every application and a person makes the decision.",
	FeedbackStrengths:   "What you do especially well",
	FeedbackNoStrengths: "Your results are in line with those of most people who take this assessment; no area stands out above the others.",
	FeedbackDevelop:     "Ideas to keep growing",
	FeedbackNoDevelop:   "We found no area we would suggest you focus on in particular.",
	FeedbackTipDefault:  "Look for real situations to practise it, ask someone you trust for feedback on how you do it, and notice one concrete example each week.",
	FeedbackTipFrom:     "This area covers: %s Pick one situation in your day-to-day where it comes into play, practise it on purpose, and ask someone you trust what they saw.",
	FeedbackStyle:       "Your work style",
	FeedbackStyleNote:   "A style describes how you prefer to work; no style is better than another, and it is not used to compare candidates.",
	FeedbackAbout:       "About this report: questionnaire results have a margin of error and reflect how you answered on one particular day. Use it as a hint for reflection, not as a label.",
	FeedbackContact:     "If you have questions about the process or your data: %s.",
	FeedbackFooter:      "Results report for the person assessed.",
}
