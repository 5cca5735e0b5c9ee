package catalog

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// Candidate-facing shapes. They hold what a candidate needs to answer, in one language,
// and nothing that scores: no keys, correct options, best/worst, rationales, 2PL
// parameters, norms, scale assignments, task error keys or expert orders. KeyLeaks
// enforces that, and a test runs it over every type below.

// InstrumentView is one instrument as a candidate sees it.
type InstrumentView struct {
	ID               string `json:"id"`
	Family           Family `json:"family"`
	Kind             Kind   `json:"kind"`
	Lang             Lang   `json:"lang"`
	Name             string `json:"name"`
	Instructions     string `json:"instructions"`
	HowScored        string `json:"howScored"` // transparency: the rule, never the key
	Minutes          int    `json:"minutes"`
	TimeLimitSeconds int    `json:"timeLimitSeconds,omitempty"`
	// Agreement labels the five Likert answers, from 1 to 5.
	Agreement []string        `json:"agreement,omitempty"`
	Items     []ItemView      `json:"items"`
	Practice  []ItemView      `json:"practice,omitempty"`
	Rubric    []CriterionView `json:"rubric,omitempty"` // writing: what the raters look at
}

// ItemView is one question. Answers refer to options, descriptors, cells and cases by
// their index or id as shown: in the candidate API the item and case ids are opaque per
// session and options, descriptors, cases and replies may be rearranged; the server maps
// an answer back to the catalog's ids and indexes before it checks or stores it.
type ItemView struct {
	ID          string    `json:"id"`
	Text        string    `json:"text,omitempty"`
	Type        string    `json:"type,omitempty"`
	Seconds     int       `json:"seconds,omitempty"`
	Options     []string  `json:"options,omitempty"`
	SVG         string    `json:"svg,omitempty"`
	SVGAlt      string    `json:"svgAlt,omitempty"`
	Descriptors []string  `json:"descriptors,omitempty"` // forced choice, in block order
	Task        *TaskView `json:"task,omitempty"`
}

// TaskView is a work-sample body without its key.
type TaskView struct {
	Documents []DocumentView `json:"documents,omitempty"`
	Columns   []ColumnView   `json:"columns,omitempty"`
	Rows      [][]string     `json:"rows,omitempty"`
	Question  string         `json:"question,omitempty"`
	Context   string         `json:"context,omitempty"`
	Cases     []CaseView     `json:"cases,omitempty"`
}

// DocumentView is a source document.
type DocumentView struct {
	Title  string      `json:"title"`
	Fields []FieldView `json:"fields"`
}

// FieldView is one labelled value of a document.
type FieldView struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

// ColumnView is a spreadsheet column; answers name cells as "row:column id".
type ColumnView struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// CaseView is one customer message of a parallel-cases scenario.
type CaseView struct {
	ID             string   `json:"id"`
	Channel        string   `json:"channel"`
	WaitingMinutes int      `json:"waitingMinutes"`
	Message        string   `json:"message"`
	Replies        []string `json:"replies"`
}

// CriterionView is one rubric criterion as the candidate reads it.
type CriterionView struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// PracticeFeedback is what a candidate learns after answering a practice item.
type PracticeFeedback struct {
	Right       bool   `json:"right"`
	Explanation string `json:"explanation"`
}

// CandidateFacing lists a zero value of every type this package hands to candidates;
// tests run KeyLeaks over each.
var CandidateFacing = []any{InstrumentView{}, PracticeFeedback{}}

// agreement labels the 5-point Likert answers.
var agreement = []Text{
	{ES: "Muy en desacuerdo", EN: "Strongly disagree"},
	{ES: "En desacuerdo", EN: "Disagree"},
	{ES: "Ni de acuerdo ni en desacuerdo", EN: "Neither agree nor disagree"},
	{ES: "De acuerdo", EN: "Agree"},
	{ES: "Muy de acuerdo", EN: "Strongly agree"},
}

// View returns the instrument as a candidate sees it in lang, every item as the catalog
// has it (catalog ids, options in the catalog's order). The candidate API never sends
// this for scored items: it sends ViewOf a session's presentation (shared/assess).
func (in *Instrument) View(lang Lang) InstrumentView {
	return in.ViewOf(lang, in.AsWritten())
}

// AsWritten presents every item as the catalog has it.
func (in *Instrument) AsWritten() []Presented {
	out := make([]Presented, len(in.Items))
	for i := range in.Items {
		out[i] = Presented{Item: &in.Items[i], ID: in.Items[i].ID}
	}
	return out
}

// ViewOf returns the instrument as a candidate sees it in lang, with items presented as
// items says (their order, ids and option orders). Practice items are shown as written:
// they are not scored, and their feedback names the right option anyway.
func (in *Instrument) ViewOf(lang Lang, items []Presented) InstrumentView {
	v := InstrumentView{
		ID: in.ID, Family: in.Family, Kind: in.Kind, Lang: lang,
		Name: in.Name.In(lang), Instructions: in.Instructions.In(lang), HowScored: in.Scoring.In(lang),
		Minutes: in.Minutes, TimeLimitSeconds: in.TimeLimitSeconds,
		Items: make([]ItemView, 0, len(items)),
	}
	if in.Kind == Likert {
		v.Agreement = texts(agreement, lang) // an ordered scale: never shuffled
	}
	for _, p := range items {
		v.Items = append(v.Items, p.View(lang))
	}
	for i := range in.Practice {
		v.Practice = append(v.Practice, in.Practice[i].view(lang))
	}
	for _, c := range in.Rubric {
		v.Rubric = append(v.Rubric, CriterionView{Name: c.Name.In(lang), Description: c.Description.In(lang)})
	}
	return v
}

// View renders one presented item in lang: its shown id, its options or descriptors and
// its cases and their replies in the shown order.
func (p Presented) View(lang Lang) ItemView {
	v := p.Item.view(lang)
	v.ID = p.ID
	if p.Options != nil {
		v.Options = pick(v.Options, p.Options)
		v.Descriptors = pick(v.Descriptors, p.Options)
	}
	if p.Cases != nil && v.Task != nil && len(v.Task.Cases) > 0 {
		cases := make([]CaseView, len(p.Cases))
		for k, pc := range p.Cases {
			c := v.Task.Cases[pc.Index]
			c.ID = pc.ID
			if pc.Replies != nil {
				c.Replies = pick(c.Replies, pc.Replies)
			}
			cases[k] = c
		}
		v.Task.Cases = cases
	}
	return v
}

// pick is xs in the order perm gives (perm[k] is the index of the k-th shown); xs
// unchanged when perm does not fit it.
func pick(xs []string, perm []int) []string {
	if len(xs) == 0 || len(perm) != len(xs) {
		return xs
	}
	out := make([]string, len(xs))
	for k, i := range perm {
		out[k] = xs[i]
	}
	return out
}

func (it *Item) view(lang Lang) ItemView {
	v := ItemView{ID: it.ID, Text: it.Text.In(lang), Type: it.Type, Seconds: it.Seconds,
		Options: texts(it.Options, lang), SVG: it.SVG, SVGAlt: it.SVGAlt.In(lang)}
	for _, d := range it.Descriptors {
		v.Descriptors = append(v.Descriptors, d.Text.In(lang))
	}
	if t := it.Task; t != nil {
		tv := &TaskView{Rows: t.Rows, Question: t.Question.In(lang), Context: t.Context.In(lang)}
		for _, d := range t.Documents {
			dv := DocumentView{Title: d.Title.In(lang)}
			for _, f := range d.Fields {
				dv.Fields = append(dv.Fields, FieldView{Label: f.Label.In(lang), Value: f.Value})
			}
			tv.Documents = append(tv.Documents, dv)
		}
		for _, c := range t.Columns {
			tv.Columns = append(tv.Columns, ColumnView{ID: c.ID, Label: c.Label.In(lang)})
		}
		for _, c := range t.Cases {
			tv.Cases = append(tv.Cases, CaseView{ID: c.ID, Channel: c.Channel, WaitingMinutes: c.WaitingMinutes,
				Message: c.Message.In(lang), Replies: texts(c.Replies, lang)})
		}
		v.Task = tv
	}
	return v
}

func texts(ts []Text, lang Lang) []string {
	if len(ts) == 0 {
		return nil
	}
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.In(lang)
	}
	return out
}

// CheckPractice tells a candidate whether their answer to a multiple-choice practice
// item was right, and why. Practice keys may be revealed; scored keys never are.
func (in *Instrument) CheckPractice(itemID string, answer int, lang Lang) (PracticeFeedback, error) {
	for _, it := range in.Practice {
		if it.ID != itemID {
			continue
		}
		if it.Correct == nil {
			return PracticeFeedback{}, fmt.Errorf("practice item %q has no right answer to check", itemID)
		}
		return PracticeFeedback{Right: answer == *it.Correct, Explanation: it.Why.In(lang)}, nil
	}
	return PracticeFeedback{}, fmt.Errorf("no practice item %q in %s", itemID, in.ID)
}

// keyNames are field names (Go or JSON, compared case-insensitively) that carry scoring
// information and must not reach a candidate.
var keyNames = map[string]bool{
	"key": true, "keys": true, "correct": true, "best": true, "worst": true, "why": true,
	"rationale": true, "a": true, "b": true, "discrimination": true, "difficulty": true,
	"norm": true, "norms": true, "errors": true, "answer": true, "answers": true,
	"tolerance": true, "compute": true, "keyorder": true, "style": true, "styles": true,
	"scale": true, "scales": true, "caution": true, "indicators": true, "raternotes": true,
	"interview": true, "inconsistency": true, "desirability": true, "fits": true,
}

// keyTypes are the content types that hold keys; a candidate-facing type must copy what
// it needs out of them instead of embedding them.
var keyTypes = typeSet(Instrument{}, Content{}, Item{}, Task{}, Scale{}, Norm{}, Question{},
	Descriptor{}, Case{}, Compute{}, Match{}, Indicator{}, Style{})

func typeSet(vs ...any) map[reflect.Type]bool {
	m := make(map[reflect.Type]bool, len(vs))
	for _, v := range vs {
		m[reflect.TypeOf(v)] = true
	}
	return m
}

// KeyLeaks lists the paths through which a value of v's type could carry an answer key
// to a candidate: a field named like a key, a content type that holds keys, or an
// interface that could hold anything. An empty list means the type is safe to send.
// Other packages can run it over their own candidate-facing response types.
func KeyLeaks(v any) []string {
	var out []string
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type, at string)
	walk = func(t reflect.Type, at string) {
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array:
			walk(t.Elem(), at+"[]")
			return
		case reflect.Map:
			walk(t.Key(), at+"{key}")
			walk(t.Elem(), at+"{}")
			return
		case reflect.Interface:
			out = append(out, at+": an interface can hold anything")
			return
		case reflect.Struct:
		default:
			return
		}
		if keyTypes[t] {
			out = append(out, at+": "+t.String()+" holds answer keys")
			return
		}
		if seen[t] {
			return
		}
		seen[t] = true
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name := strings.Split(f.Tag.Get("json"), ",")[0]
			if name == "-" {
				continue
			}
			p := at + "." + f.Name
			if keyNames[strings.ToLower(f.Name)] || keyNames[strings.ToLower(name)] {
				out = append(out, p+": named like an answer key")
				continue
			}
			walk(f.Type, p)
		}
	}
	t := reflect.TypeOf(v)
	if t == nil {
		return []string{"nil: no type to check"}
	}
	walk(t, t.Name())
	sort.Strings(out)
	return out
}
