package catalog

// Kind says how an instrument is answered and scored.
type Kind string

const (
	Likert         Kind = "likert"         // 5-point agreement, reverse keys, one or more scales
	MultipleChoice Kind = "choice"         // one correct option; cognitive items carry 2PL parameters
	SJT            Kind = "sjt"            // situational judgment: best and worst of 4 options
	ForcedChoice   Kind = "disc"           // DISC-style blocks: most and least of 4 descriptors
	DataValidation Kind = "datavalidation" // compare source documents with rows; flag, correct, total
	Writing        Kind = "writing"        // free text, rated by people with a rubric
	ParallelCases  Kind = "cases"          // several customers at once: order them, pick replies
)

// Kinds lists every kind the engine knows.
var Kinds = []Kind{Likert, MultipleChoice, SJT, ForcedChoice, DataValidation, Writing, ParallelCases}

func (k Kind) valid() bool {
	for _, x := range Kinds {
		if k == x {
			return true
		}
	}
	return false
}

// kindsOf says which kinds each family may use: the family decides how a score is read
// (ability, self-report, work sample, style), so a mismatch is a content error.
var kindsOf = map[Family][]Kind{
	Cognitive:  {MultipleChoice},
	Competency: {Likert},
	Technical:  {MultipleChoice, DataValidation, Writing, ParallelCases},
	Integrity:  {Likert, SJT},
	DISC:       {ForcedChoice},
}

// Reasoning types of cognitive items.
const (
	Numerical = "numerical"
	Verbal    = "verbal"
	Logical   = "logical"
)

// CognitiveTypes in display order.
var CognitiveTypes = []string{Numerical, Verbal, Logical}

// ToolTopics are the types of technical multiple-choice items (digital-tools literacy).
var ToolTopics = []string{"files", "spreadsheets", "email", "crm", "shortcuts", "data-protection"}

// Metrics a norm can be stated on; each kind reports its scale scores on one of them.
const (
	MeanScore  = "mean-1-5"   // likert scale mean, writing rubric mean
	Theta      = "theta"      // 2PL EAP ability
	Proportion = "proportion" // share of points: SJT fraction, digital-tools, work samples
)

// metricOf maps a kind to the metric of its scale scores (forced choice has no norm).
var metricOf = map[Kind]string{
	Likert:         MeanScore,
	SJT:            Proportion,
	DataValidation: Proportion,
	Writing:        MeanScore,
	ParallelCases:  Proportion,
	// MultipleChoice depends on the family: theta for cognitive, proportion otherwise.
}

// Content is the body of an instrument. Which fields are used depends on the Kind; the
// validator checks that the ones a kind needs are present. These types hold answer keys:
// they never leave the server (candidate-facing shapes live in view.go).
type Content struct {
	Instructions Text `json:"instructions"`
	// Scoring states exactly how answers become a score (per field, partial credit).
	Scoring Text `json:"scoring"`
	// Provenance says who wrote the items, what they draw on and what the instrument is not.
	Provenance Text        `json:"provenance"`
	Scales     []Scale     `json:"scales,omitempty"`
	Items      []Item      `json:"items,omitempty"`
	Practice   []Item      `json:"practice,omitempty"`
	Interview  []Question  `json:"interview,omitempty"`
	Styles     []Style     `json:"styles,omitempty"`     // forced choice only
	Rubric     []Criterion `json:"rubric,omitempty"`     // writing only
	Indicators []Indicator `json:"indicators,omitempty"` // writing only: computed, never a score
	// Inconsistency lists pairs of Likert item ids of one scale that say nearly the same
	// thing; after reverse keying, answers far apart on a pair are a response-quality
	// caution (never a score).
	Inconsistency [][2]string `json:"inconsistency,omitempty"`
}

// Scale is one scored dimension. Norm is the shipped reference norm (provisional until
// local norms exist).
type Scale struct {
	ID       string `json:"id"`
	Name     Text   `json:"name"`
	Observes Text   `json:"observes,omitempty"`
	Norm     *Norm  `json:"norm,omitempty"`
	// Caution marks scales used only as response-quality cautions (impression management):
	// they never enter a composite, a ranking or a strength.
	Caution bool `json:"caution,omitempty"`
}

// Norm is a reference distribution for a scale score.
type Norm struct {
	// Metric is the score the norm is stated on (MeanScore, Theta or Proportion).
	Metric string  `json:"metric"`
	Mean   float64 `json:"mean"`
	SD     float64 `json:"sd"`
	// N is the size of the sample the norm came from; 0 for a provisional norm set by
	// the authors before any calibration sample exists.
	N           int  `json:"n"`
	Provisional bool `json:"provisional"`
	Source      Text `json:"source"`
}

// Item is one question of any kind. Fields not used by a kind stay empty.
type Item struct {
	ID    string `json:"id"`
	Scale string `json:"scale,omitempty"` // the scored scale (every kind but forced choice)
	Key   int    `json:"key,omitempty"`   // likert: +1 or -1
	Text  Text   `json:"text"`            // stem, statement, scenario or customer message

	// Multiple choice and SJT.
	Options []Text `json:"options,omitempty"`
	Correct *int   `json:"correct,omitempty"` // choice: index of the right option
	Best    *int   `json:"best,omitempty"`    // sjt: expert key
	Worst   *int   `json:"worst,omitempty"`   // sjt: expert key
	Why     Text   `json:"why,omitempty"`     // the reason behind the key (choice, sjt, cases)

	// SJT: the industries (catalog industry ids) whose roles meet this scene, or
	// AnyWorkplace; an assessment gives a role only the scenes that fit its industry
	// (Instrument.ForIndustry). Never shown to candidates.
	Fits []string `json:"fits,omitempty"`

	// Cognitive: reasoning type, provisional 2PL parameters and a time budget. Digital
	// tools items use Type for their topic (ToolTopics) and carry no 2PL parameters.
	Type    string  `json:"type,omitempty"`
	A       float64 `json:"a,omitempty"`
	B       float64 `json:"b,omitempty"`
	Seconds int     `json:"seconds,omitempty"`
	SVG     string  `json:"svg,omitempty"`    // abstract figures we generate
	SVGAlt  Text    `json:"svgAlt,omitempty"` // the figure in words, for screen readers

	// Forced choice: four descriptors, one per style.
	Descriptors []Descriptor `json:"descriptors,omitempty"`

	// Data validation, writing and parallel cases carry their own task body.
	Task *Task `json:"task,omitempty"`
}

// Descriptor is one statement of a forced-choice block.
type Descriptor struct {
	Style string `json:"style"`
	Text  Text   `json:"text"`
	// Desirability is the authors' rating of how socially desirable the statement reads
	// as a trait of an employee, 1–5 (rule in content/README.md). The four descriptors of
	// a block are matched on it so that no option is the obviously "better" answer; it is
	// never shown to candidates and never scored.
	Desirability int `json:"desirability,omitempty"`
}

// Style describes one DISC style in plain words.
type Style struct {
	ID          string `json:"id"`
	Name        Text   `json:"name"`
	Description Text   `json:"description"`
}

// Criterion is one line of a writing rubric, rated 1–5 by a person; Anchors describe
// what a 1, a 3 and a 5 look like so that two raters agree.
type Criterion struct {
	ID          string   `json:"id"`
	Name        Text     `json:"name"`
	Description Text     `json:"description"`
	Anchors     []Anchor `json:"anchors"`
}

// Anchor is the description of one rating level.
type Anchor struct {
	Score int  `json:"score"`
	Text  Text `json:"text"`
}

// Indicator is an automated observation of a written reply (length, apology phrases…),
// shown to the rater beside the text. It is an indicator for the person rating, never a
// score: it enters no composite.
type Indicator struct {
	ID          string `json:"id"`
	Name        Text   `json:"name"`
	Description Text   `json:"description"`
	// Phrases are matched case-insensitively as substrings, per language.
	Phrases *Phrases `json:"phrases,omitempty"`
}

// Phrases are word lists per language.
type Phrases struct {
	ES []string `json:"es"`
	EN []string `json:"en"`
}

// Question is an interview question that probes a low or uncertain score on Scale.
type Question struct {
	Scale      string `json:"scale"`
	Question   Text   `json:"question"`
	GoodAnswer Text   `json:"goodAnswer"`
}

// Task is the body of a work-sample item (data validation, writing, parallel cases).
// Its fields are documented in content/README.md.
type Task struct {
	// Data validation: one source document per spreadsheet row, the rows as typed, and
	// the key. Values are language-neutral strings (names, codes, plain numbers,
	// YYYY-MM-DD dates) so that a task reads the same in both languages.
	Documents []Document `json:"documents,omitempty"`
	Columns   []Column   `json:"columns,omitempty"`
	Rows      [][]string `json:"rows,omitempty"`
	// Errors maps "row:column" (row index into Rows from 0, column id) to the value the
	// candidate should type; every other cell is right.
	Errors map[string]string `json:"errors,omitempty"`
	// Question and Answer: a formula or total question on the corrected rows, with a
	// numeric key and tolerance; Compute lets the validator recompute the key.
	Question  Text     `json:"question,omitempty"`
	Answer    *float64 `json:"answer,omitempty"`
	Tolerance float64  `json:"tolerance,omitempty"`
	Compute   *Compute `json:"compute,omitempty"`

	// Writing: the situation around the customer's message (Item.Text), and notes for
	// the person rating the reply.
	Context    Text `json:"context,omitempty"`
	RaterNotes Text `json:"raterNotes,omitempty"`

	// Parallel cases: the messages, the key order (first to attend first) and, per case,
	// the best reply.
	Cases    []Case   `json:"cases,omitempty"`
	KeyOrder []string `json:"keyOrder,omitempty"`
}

// Document is a source document (an order, a contract) as the candidate sees it.
type Document struct {
	Title  Text    `json:"title"`
	Fields []Field `json:"fields"`
}

// Field is one labelled value of a source document. Column names the spreadsheet column
// the value belongs in; fields without a column are context the sheet does not hold.
type Field struct {
	Column string `json:"column,omitempty"`
	Label  Text   `json:"label"`
	Value  string `json:"value"`
}

// Column is one spreadsheet column.
type Column struct {
	ID    string `json:"id"`
	Label Text   `json:"label"`
}

// Compute is a spreadsheet aggregate over the corrected rows: Times × Op(Column) over
// the rows where Where holds. Ops: sum, count, average, min, max.
type Compute struct {
	Op     string  `json:"op"`
	Column string  `json:"column,omitempty"`
	Where  *Match  `json:"where,omitempty"`
	Times  float64 `json:"times,omitempty"`
}

// Match selects rows whose Column equals Equals.
type Match struct {
	Column string `json:"column"`
	Equals string `json:"equals"`
}

// Case is one customer message in a parallel-cases scenario.
type Case struct {
	ID      string `json:"id"`
	Channel string `json:"channel"` // chat | email | social | phone
	// WaitingMinutes is how long the customer has been waiting when the scenario opens.
	WaitingMinutes int    `json:"waitingMinutes"`
	Message        Text   `json:"message"`
	Replies        []Text `json:"replies"`
	Best           *int   `json:"best"`
}

// Channels a case may arrive by.
var Channels = []string{"chat", "email", "social", "phone"}
