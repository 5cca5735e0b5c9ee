// Package report renders Shortlist's reports: the candidate report and the cohort
// comparison for hiring teams (PDF, and the cohort as CSV too), and the feedback report
// each candidate receives. It is pure — data in, bytes out — and knows no storage, no
// HTTP and no scoring engine: the caller fills the plain structs below from scoring
// results and catalog content, in the report's language, and stores the bytes.
//
// All wording around that data (headings, explanations, cautions in plain words, the
// method statement) is ours, in Spanish and English, chosen by Header.Lang.
//
// Rendering is deterministic: the same input gives the same bytes (the PDF's dates come
// from Header.Generated), so a re-rendered report can be compared with a stored one.
package report

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"shortlist/shared/report/norms"
)

// Version identifies the report templates; it is printed in every report's footer next
// to the scoring-engine and content versions, so a report can be explained later.
const Version = "report/1"

// Content types of the rendered artifacts, for blob.Store.Put.
const (
	ContentTypePDF = "application/pdf"
	ContentTypeCSV = "text/csv; charset=utf-8"
)

// z95 is the two-sided 95% normal quantile: every band is Z ± 1.96·SE, the same rule as
// scoring.Band95, so the caller passes only Z and SE and a band can never disagree with
// its own score.
const z95 = 1.96

// Lang is a report language.
type Lang string

// The languages reports are written in.
const (
	ES Lang = "es"
	EN Lang = "en"
)

// ErrLang is returned for a language the reports are not written in.
var ErrLang = errors.New("report: unsupported language")

func (l Lang) check() error {
	if l == ES || l == EN {
		return nil
	}
	return fmt.Errorf("%w %q (want %q or %q)", ErrLang, string(l), ES, EN)
}

// Header is what every report states about itself.
type Header struct {
	Lang         Lang
	Organisation string // the hiring organisation's name
	Assessment   string // the assessment's title
	Role         string // the role's name, in Lang
	// Generated is when the report was rendered; it is printed and becomes the PDF's
	// creation date (the package never reads the clock, so output is reproducible).
	Generated time.Time
	Versions  Versions
	// AsOf and CohortN name the cohort view the figures come from (its newest result and
	// size); zero when the report has no cohort.
	AsOf    time.Time
	CohortN int
}

// Versions are the versions behind the numbers in a report (see the method statement).
type Versions struct {
	Engine  string // scoring.Version of the result
	Content string // the catalog/content version the session was scored with
}

// Norm says which distribution a standard score was computed against (package norms).
type Norm = norms.Norm

// Norm sources.
const (
	NormReference = norms.Reference
	NormLocal     = norms.Local
)

// Score is a standardised score with its uncertainty. Z is on the scale of its norm
// (scoring.Standard.Z, or an EAP θ, which is already a z); SE is in z units
// (scoring.SEInZ, or the EAP posterior SD). Reports show T = 50 + 10·Z with the 95% band
// T ± 19.6·SE.
type Score struct {
	Z, SE float64
	// Percentile is 0–100 (scoring.Standard.Percentile); shown only when Norm describes a
	// real sample (a local norm, or a reference with a calibration N).
	Percentile float64
	Norm       Norm
}

// Competency is one scored scale: a role competency, or an integrity scale.
type Competency struct {
	ID   string // the scale id; the CSV's column key
	Name string // in the report's language
	Score
	// Weight is the role's weight for this scale in the role fit; 0 when it is shown but
	// not weighted.
	Weight float64
	// Minimum is the role's lowest acceptable Z, nil for none.
	Minimum *float64
	// Answered of Items were answered; fewer than half makes the score hard to read.
	Answered, Items int
}

// Ability is a cognitive estimate (EAP under the 3PL with c = 1/k): Z is θ, SE its
// posterior SD.
type Ability struct {
	Name string
	Score
	Answered, Right int
}

// WorkSample is a work-sample task's result (assess.TaskScore, scoring.WorkSample):
// per-field partial credit, Points of Possible.
type WorkSample struct {
	Name             string
	Points, Possible float64
	// Accuracy is the share of what was entered that is right (0–1), nil where the task
	// has no such measure.
	Accuracy  *float64
	PerMinute float64 // answers per minute; 0 when unknown
	Minutes   float64 // time spent; 0 when unknown
}

// Style is a DISC-style work style as the content describes it.
type Style struct {
	Name        string
	Description string // what the style looks like at work, in the report's language
}

// StyleCount is one style's counts in a DISC-style profile.
type StyleCount struct {
	Style
	Most, Least int
}

// DISC is a forced-choice style profile. It describes how a person prefers to work; it
// is never a score, never ranked and never part of the role fit, and reports say so.
type DISC struct {
	Styles  []StyleCount
	Primary []string // names of the highest style(s)
	Blocks  int      // blocks answered
}

// Caution is a response-quality observation (scoring.Caution). Reports explain known
// codes in their own plain words; Message, in the report's language, is used for codes
// they do not know.
type Caution struct {
	Code             string
	Value, Threshold float64
	Message          string
}

// Strength is a scale where the candidate clearly stands out.
type Strength struct {
	Name string
	// Note says what the scale observes (catalog Scale.Observes), optional.
	Note string
}

// Probe is an area to explore at interview, with the content's questions for it.
type Probe struct {
	Name string
	// Reason is scoring's insight reason: "low", "uncertain" or "incomplete".
	Reason    string
	Questions []Question
}

// Question is an interview question and what a good answer shows.
type Question struct {
	Question   string
	GoodAnswer string
}

// Shortfall is a scale below the role's minimum.
type Shortfall struct {
	Name string
	// Clearly is true when even the top of the 95% band is below the minimum.
	Clearly bool
}

// Fit is the candidate's role fit (scoring.Composite) and place in the ranking
// (scoring.Ranked).
type Fit struct {
	// Defined is false when no weighted part was scored; then nothing else is shown.
	Defined bool
	Z, SE   float64
	// Rank of Of candidates ranked so far; 0 when not ranked. RankLow–RankHigh is the 95%
	// rank interval and PTop the chance of being among the first TopK (scoring.Rank).
	Rank, Of          int
	RankLow, RankHigh int
	PTop              float64
	TopK              int
	// ReviewFirst: a serious response-quality caution; the ranking lists the candidate
	// apart, to be reviewed before the scores are trusted.
	ReviewFirst  bool
	BelowMinimum []Shortfall
}

// CandidateReport is the hiring team's report on one candidate.
type CandidateReport struct {
	Header
	Name      string // the candidate's name as the organisation knows it
	Reference string // the organisation's own reference, optional
	Completed time.Time

	Fit          Fit
	Competencies []Competency
	Cognitive    []Ability
	WorkSamples  []WorkSample
	DISC         *DISC // nil when not assessed
	Integrity    []Competency
	Cautions     []Caution
	Strengths    []Strength
	Probes       []Probe
}

// Column is a competency column of the cohort report.
type Column struct {
	ID, Name string
	// Norm is what the column's T scores are measured against (Source "" when unknown:
	// no label is printed).
	Norm Norm
}

// Cell is one candidate's score on one column. Scored is false for a scale the
// candidate has no score on (not assessed, or nothing answered): an empty cell.
type Cell struct {
	Z, SE  float64
	Scored bool
}

// CohortRow is one ranked candidate (scoring.Ranked plus their scale scores).
type CohortRow struct {
	Rank              int
	RankLow, RankHigh int // 95% rank interval
	Name              string
	Reference         string
	Fit               Cell
	// Cells align with CohortReport.Columns.
	Cells        []Cell
	Cautions     []string // response-quality caution codes
	ReviewFirst  bool     // a serious caution: listed in the "review first" group
	BelowMinimum []string // names of scales below the role's minimum
}

// Completion counts candidates by where they are in the assessment.
type Completion struct {
	Invited, Started, Completed, Scored, Expired int
	// MedianMinutes is the median time to complete, 0 when unknown.
	MedianMinutes float64
}

// CohortReport is the comparison of an assessment's scored candidates.
type CohortReport struct {
	Header
	Columns    []Column
	Rows       []CohortRow // ranked candidates; rendered in Rank order
	Completion Completion
}

// Tip is a development tip for the candidate, on one scale.
type Tip struct {
	Name string
	// Tip is the content's advice in the report's language; when empty the report turns
	// Observes into advice on this scale, and only without either uses its general advice.
	Tip string
	// Observes is what the scale covers (the catalog's description of it).
	Observes string
}

// Feedback is the candidate's own short report. It holds, by construction, nothing a
// candidate must not see: no scores, no ranking, no other candidates, no answer keys.
type Feedback struct {
	Header
	Name        string
	Completed   time.Time
	Strengths   []Strength
	Development []Tip
	// Style is the candidate's primary work style (DISC), nil when not assessed.
	Style *Style
	// Contact is who to ask about the process (an address or a name), optional.
	Contact string
}

// Filenames for downloads, in the report's language; blob.ContentDisposition sanitises
// them further for the header.

// Filename is "Informe - <name>.pdf" / "Candidate report - <name>.pdf".
func (r CandidateReport) Filename() string {
	return wordsFor(r.Lang).CandidateTitle + " - " + stem(r.Name) + ".pdf"
}

// Filename is "<title> - <assessment>.<ext>" for ext "pdf" or "csv" (".pdf" and ".csv"
// too: one dot, never "..pdf").
func (r CohortReport) Filename(ext string) string {
	return wordsFor(r.Lang).CohortTitle + " - " + stem(r.Assessment) + "." + strings.TrimPrefix(ext, ".")
}

// Filename is "Tu informe de resultados - <name>.pdf" / "Your results report - <name>.pdf".
func (f Feedback) Filename() string {
	return wordsFor(f.Lang).FeedbackTitle + " - " + stem(f.Name) + ".pdf"
}

// stem is a name as the part of a file name before its extension: one line, without the
// trailing dots and spaces that would make "Ana B..pdf" (or a hidden extension).
func stem(name string) string {
	return strings.TrimRight(line(name), ". ")
}
