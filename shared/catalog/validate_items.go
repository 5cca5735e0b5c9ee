package catalog

import (
	"fmt"
	"math"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Content limits (content/README.md and docs/scoring.md).
const (
	MinLikertItems   = 8
	MaxLikertItems   = 12
	MinInterview     = 4 // interview questions per scored scale
	SJTOptions       = 4
	MinChoiceOptions = 3
	MaxChoiceOptions = 5
	MinCases         = 3 // customers per parallel-cases scenario
)

// metricRange is the range a norm's mean can take on each metric.
var metricRange = map[string][2]float64{MeanScore: {1, 5}, Theta: {-4, 4}, Proportion: {0, 1}}

// discStyles are the four DISC styles, one descriptor each per block.
var discStyles = []string{"d", "i", "s", "c"}

// RubricCriteria are the five criteria every writing rubric rates.
var RubricCriteria = []string{"clarity", "empathy", "ownership", "resolution", "tone"}

// rubricLevels are the rating levels a criterion must describe.
var rubricLevels = []int{1, 3, 5}

// itemFields says which Item fields (by JSON name) each kind uses; anything else set on
// an item is a content error, because scoring would silently ignore it.
var itemFields = map[Kind][]string{
	Likert:         {"id", "scale", "key", "text"},
	MultipleChoice: {"id", "scale", "text", "options", "correct", "why", "type", "a", "b", "seconds", "svg", "svgAlt"},
	SJT:            {"id", "scale", "text", "options", "best", "worst", "why", "seconds", "fits"},
	ForcedChoice:   {"id", "text", "descriptors"},
	DataValidation: {"id", "scale", "text", "seconds", "task"},
	Writing:        {"id", "scale", "text", "seconds", "task"},
	ParallelCases:  {"id", "scale", "text", "why", "seconds", "task"},
}

// taskFields says which Task fields each work-sample kind uses.
var taskFields = map[Kind][]string{
	DataValidation: {"documents", "columns", "rows", "errors", "question", "answer", "tolerance", "compute"},
	Writing:        {"context", "raterNotes"},
	ParallelCases:  {"cases", "keyOrder"},
}

// checkContent validates an instrument's items against the rules of its kind.
func (l *loader) checkContent(file string, in *Instrument) {
	l.required(file, "instructions", in.Instructions)
	if in.Family.valid() && in.Kind.valid() && !containsKind(kindsOf[in.Family], in.Kind) {
		l.add(file, "kind", "the %s family does not use kind %q", in.Family, in.Kind)
	}
	if in.TimeLimitSeconds > 0 && in.Minutes*60 < in.TimeLimitSeconds {
		l.add(file, "minutes", "%d min is less than the time limit of %d s", in.Minutes, in.TimeLimitSeconds)
	}
	if in.Family == Cognitive && in.TimeLimitSeconds <= 0 {
		l.add(file, "timeLimitSeconds", "a cognitive section is timed")
	}
	l.checkScales(file, in)
	if len(in.Items) == 0 {
		l.add(file, "items", "an instrument needs items")
	}
	scales := map[string]bool{}
	for _, s := range in.Scales {
		scales[s.ID] = true
	}
	ids := map[string]bool{}
	for i := range in.Items {
		l.checkItem(file, fmt.Sprintf("items[%d]", i), in, &in.Items[i], scales, ids, false)
	}
	for i := range in.Practice {
		l.checkItem(file, fmt.Sprintf("practice[%d]", i), in, &in.Practice[i], scales, ids, true)
	}
	if in.Kind != ForcedChoice && len(in.Styles) > 0 {
		l.add(file, "styles", "only forced-choice instruments describe styles")
	}
	if in.Kind != Writing && (len(in.Rubric) > 0 || len(in.Indicators) > 0) {
		l.add(file, "rubric", "only writing instruments have a rubric and indicators")
	}
	if in.Kind != Likert && len(in.Inconsistency) > 0 {
		l.add(file, "inconsistency", "inconsistency pairs are for Likert items")
	}
	switch in.Kind {
	case Likert:
		l.checkLikert(file, in)
	case ForcedChoice:
		l.checkStyles(file, in)
	case Writing:
		l.checkRubric(file, in)
	}
	l.checkInterview(file, in)
}

// Audit applies the library's standards (content/README.md) to a loaded
// catalog: what makes shipped content fit to rank people with, beyond a loadable format.
// Load accepts small fixtures; the shipped content must also pass Audit (its test and
// `go run ./scripts/catalog stats` enforce it). It returns a *LoadError or nil.
func Audit(c *Catalog) error {
	l := &loader{}
	for _, in := range c.Instruments() {
		file := "catalog/instruments/" + in.ID + ".json"
		l.required(file, "scoring", in.Scoring)
		l.required(file, "provenance", in.Provenance)
		for i, s := range in.Scales {
			if in.Kind != ForcedChoice && s.Norm == nil {
				l.add(file, fmt.Sprintf("scales[%d].norm", i), "every scale ships a reference norm (provisional until calibrated)")
			}
		}
		if in.Kind == Likert {
			l.auditLikert(file, in)
		}
		if in.Kind != ForcedChoice {
			l.auditInterview(file, in)
		}
		if in.Kind == SJT {
			l.auditFits(file, in)
		}
		if in.Kind == ForcedChoice {
			l.auditDesirability(file, in)
		}
	}
	if len(l.problems) > 0 {
		return &LoadError{Problems: l.problems}
	}
	return nil
}

// auditFits: every scene of a shipped SJT names the industries it fits, so that a role
// answers only scenes from its own kind of work (or any workplace). That every industry
// has at least MinFittingSJT of them is a minimum of the shipped library, checked with
// the other minimums (the content tests, `go run ./scripts/catalog stats`).
func (l *loader) auditFits(file string, in *Instrument) {
	for i, it := range in.Items {
		if len(it.Fits) == 0 {
			l.add(file, fmt.Sprintf("items[%d].fits", i), "every scene names the industries it fits (or %q)", AnyWorkplace)
		}
	}
}

// auditDesirability: every descriptor of a shipped DISC block is rated, and the ratings
// are matched (DesirabilityProblems).
func (l *loader) auditDesirability(file string, in *Instrument) {
	for i, it := range in.Items {
		for j, d := range it.Descriptors {
			if d.Desirability == 0 {
				l.add(file, fmt.Sprintf("items[%d].descriptors[%d].desirability", i, j), "every descriptor carries a desirability rating (%d–%d)", MinDesirability, MaxDesirability)
			}
		}
	}
	for _, p := range DesirabilityProblems(in) {
		l.add(file, "items", "%s", p)
	}
}

func containsKind(list []Kind, k Kind) bool {
	for _, x := range list {
		if x == k {
			return true
		}
	}
	return false
}

func (l *loader) checkScales(file string, in *Instrument) {
	if len(in.Scales) == 0 {
		l.add(file, "scales", "an instrument needs at least one scale")
	}
	seen := map[string]bool{}
	scored := 0
	for i, s := range in.Scales {
		at := fmt.Sprintf("scales[%d]", i)
		if !idPattern.MatchString(s.ID) {
			l.add(file, at+".id", "%q is not a lowercase-hyphen id", s.ID)
		}
		if seen[s.ID] {
			l.add(file, at+".id", "duplicate scale id %q", s.ID)
		}
		seen[s.ID] = true
		l.required(file, at+".name", s.Name)
		if s.Caution && in.Kind != Likert {
			l.add(file, at+".caution", "only Likert scales can be caution-only")
		}
		if !s.Caution {
			scored++
		}
		if in.Kind == ForcedChoice {
			// DISC is ipsative: a person's styles are compared with each other, never
			// with other people, so a norm would invite exactly that comparison.
			if s.Norm != nil {
				l.add(file, at+".norm", "a DISC style has no norm: it is compared within a person only")
			}
			continue
		}
		if s.Norm != nil {
			l.checkNorm(file, at+".norm", in, s.Norm)
		}
	}
	if len(in.Scales) > 0 && scored == 0 {
		l.add(file, "scales", "every scale is caution-only; an instrument needs a scored scale")
	}
}

func (l *loader) checkNorm(file, at string, in *Instrument, n *Norm) {
	want := metricOf[in.Kind]
	if in.Kind == MultipleChoice {
		want = Proportion
		if in.Family == Cognitive {
			want = Theta
		}
	}
	lo, hi := metricRange[want][0], metricRange[want][1]
	switch {
	case n.Metric != want:
		l.add(file, at+".metric", "is %q; a %s scale is scored on %q", n.Metric, in.Kind, want)
	case n.Mean < lo || n.Mean > hi:
		l.add(file, at+".mean", "%v is outside the %s range %v..%v", n.Mean, want, lo, hi)
	}
	if !(n.SD > 0) || n.SD > (hi-lo)/2 {
		l.add(file, at+".sd", "%v must be positive and at most half the metric's range", n.SD)
	}
	if n.N < 0 {
		l.add(file, at+".n", "must not be negative")
	}
	if n.N == 0 && !n.Provisional {
		l.add(file, at+".provisional", "a norm without a sample (n = 0) is provisional")
	}
	l.required(file, at+".source", n.Source)
}

func (l *loader) checkItem(file, at string, in *Instrument, it *Item, scales, ids map[string]bool, practice bool) {
	if !idPattern.MatchString(it.ID) {
		l.add(file, at+".id", "%q is not a lowercase-hyphen id", it.ID)
	} else if ids[it.ID] {
		l.add(file, at+".id", "duplicate item id %q", it.ID)
	}
	ids[it.ID] = true
	l.checkUsedFields(file, at, in.Kind, it)
	if in.Kind != ForcedChoice {
		l.required(file, at+".text", it.Text)
	}
	switch {
	case in.Kind == ForcedChoice:
	case it.Scale == "" && !practice:
		l.add(file, at+".scale", "every scored item names its scale")
	case it.Scale != "" && !scales[it.Scale]:
		l.add(file, at+".scale", "unknown scale %q", it.Scale)
	}
	if it.Seconds < 0 {
		l.add(file, at+".seconds", "must not be negative")
	}
	switch in.Kind {
	case Likert:
		if it.Key != 1 && it.Key != -1 {
			l.add(file, at+".key", "must be 1 or -1, got %d", it.Key)
		}
	case MultipleChoice:
		l.checkChoice(file, at, in, it, practice)
	case SJT:
		l.checkOptions(file, at, it.Options, SJTOptions, SJTOptions)
		if it.Best == nil || it.Worst == nil {
			l.add(file, at, "an SJT item needs an expert key (best and worst)")
		} else if *it.Best == *it.Worst || *it.Best < 0 || *it.Worst < 0 || *it.Best >= len(it.Options) || *it.Worst >= len(it.Options) {
			l.add(file, at, "best and worst must be two different option indexes")
		}
		l.required(file, at+".why", it.Why)
		l.checkFits(file, at+".fits", it.Fits)
	case ForcedChoice:
		l.checkBlock(file, at, it)
	case DataValidation, Writing, ParallelCases:
		if it.Task == nil {
			l.add(file, at+".task", "a %s item needs a task", in.Kind)
			return
		}
		l.checkUsedTaskFields(file, at+".task", in.Kind, it.Task)
		switch in.Kind {
		case DataValidation:
			l.checkSheet(file, at+".task", it.Task)
		case Writing:
			l.required(file, at+".task.context", it.Task.Context)
			l.required(file, at+".task.raterNotes", it.Task.RaterNotes)
		case ParallelCases:
			l.checkCases(file, at, it)
		}
	}
}

// checkUsedFields reports fields a kind does not use.
func (l *loader) checkUsedFields(file, at string, k Kind, it *Item) {
	for _, name := range setFields(reflect.ValueOf(*it)) {
		if !containsString(itemFields[k], name) {
			l.add(file, at+"."+name, "is not used by a %s item", k)
		}
	}
}

func (l *loader) checkUsedTaskFields(file, at string, k Kind, t *Task) {
	for _, name := range setFields(reflect.ValueOf(*t)) {
		if !containsString(taskFields[k], name) {
			l.add(file, at+"."+name, "is not used by a %s task", k)
		}
	}
}

// setFields lists the JSON names of the non-zero fields of a struct.
func setFields(v reflect.Value) []string {
	var out []string
	for i := 0; i < v.NumField(); i++ {
		if !v.Field(i).IsZero() {
			out = append(out, strings.Split(v.Type().Field(i).Tag.Get("json"), ",")[0])
		}
	}
	return out
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// checkOptions requires between lo and hi options, each complete and distinct.
func (l *loader) checkOptions(file, at string, opts []Text, lo, hi int) {
	if n := len(opts); n < lo || n > hi {
		if lo == hi {
			l.add(file, at+".options", "needs %d options, got %d", lo, n)
		} else {
			l.add(file, at+".options", "needs %d to %d options, got %d", lo, hi, n)
		}
	}
	seen := map[string]bool{}
	for j, o := range opts {
		l.required(file, fmt.Sprintf("%s.options[%d]", at, j), o)
		for _, lang := range Langs {
			k := string(lang) + ":" + normalize(o.In(lang))
			if o.In(lang) != "" && seen[k] {
				l.add(file, fmt.Sprintf("%s.options[%d].%s", at, j, lang), "repeats another option")
			}
			seen[k] = true
		}
	}
}

func (l *loader) checkChoice(file, at string, in *Instrument, it *Item, practice bool) {
	l.checkOptions(file, at, it.Options, MinChoiceOptions, MaxChoiceOptions)
	if it.Correct == nil {
		l.add(file, at+".correct", "is required")
	} else if *it.Correct < 0 || *it.Correct >= len(it.Options) {
		l.add(file, at+".correct", "%d is not an option index", *it.Correct)
	}
	l.required(file, at+".why", it.Why)
	if it.Seconds <= 0 {
		l.add(file, at+".seconds", "a timed item needs a time budget in seconds")
	}
	if in.Family == Cognitive {
		if !containsString(CognitiveTypes, it.Type) {
			l.add(file, at+".type", "%q is not one of %s", it.Type, strings.Join(CognitiveTypes, ", "))
		}
		switch {
		case practice:
			// Practice items are never scored, so parameters would only mislead.
			if it.A != 0 || it.B != 0 {
				l.add(file, at+".a", "practice items carry no 2PL parameters")
			}
		// Provisional 2PL parameters stay in the range calibrated items usually land in.
		case it.A < 0.5 || it.A > 2.5:
			l.add(file, at+".a", "discrimination %v is outside 0.5..2.5", it.A)
		case it.B < -3 || it.B > 3:
			l.add(file, at+".b", "difficulty %v is outside -3..3", it.B)
		}
	} else {
		if !containsString(ToolTopics, it.Type) {
			l.add(file, at+".type", "%q is not one of %s", it.Type, strings.Join(ToolTopics, ", "))
		}
		if it.A != 0 || it.B != 0 {
			l.add(file, at+".a", "only cognitive items carry 2PL parameters")
		}
	}
	if it.SVG != "" {
		l.checkSVG(file, at+".svg", it.SVG)
		l.required(file, at+".svgAlt", it.SVGAlt)
	}
}

// unsafeSVG matches what must never reach a candidate's browser inside an inline figure:
// scripts, event handlers, external references and embedded HTML.
var unsafeSVG = regexp.MustCompile(`(?i)<script|<foreignobject|\son[a-z]+\s*=|href\s*=|url\s*\(|<!entity|<iframe|javascript:`)

func (l *loader) checkSVG(file, at, svg string) {
	s := strings.TrimSpace(svg)
	if !strings.HasPrefix(s, "<svg") || !strings.HasSuffix(s, "</svg>") {
		l.add(file, at, "must be one <svg>…</svg> element")
	}
	if m := unsafeSVG.FindString(s); m != "" {
		l.add(file, at, "contains %q; figures are plain shapes only", strings.TrimSpace(m))
	}
}

func (l *loader) checkBlock(file, at string, it *Item) {
	if len(it.Descriptors) != len(discStyles) {
		l.add(file, at+".descriptors", "a block has %d descriptors (one per style), got %d", len(discStyles), len(it.Descriptors))
	}
	seen := map[string]bool{}
	for j, d := range it.Descriptors {
		dat := fmt.Sprintf("%s.descriptors[%d]", at, j)
		if !containsString(discStyles, d.Style) {
			l.add(file, dat+".style", "%q is not one of d, i, s, c", d.Style)
		} else if seen[d.Style] {
			l.add(file, dat+".style", "style %q appears twice in the block", d.Style)
		}
		seen[d.Style] = true
		l.required(file, dat+".text", d.Text)
		if d.Desirability != 0 && (d.Desirability < MinDesirability || d.Desirability > MaxDesirability) {
			l.add(file, dat+".desirability", "a desirability rating is %d to %d, got %d", MinDesirability, MaxDesirability, d.Desirability)
		}
	}
}

// checkFits checks the shape of an SJT item's industry tags (Load checks that each names
// an industry of the catalog): lowercase-hyphen ids, no repeats, and AnyWorkplace alone.
func (l *loader) checkFits(file, at string, fits []string) {
	seen := map[string]bool{}
	for j, f := range fits {
		switch {
		case !idPattern.MatchString(f):
			l.add(file, fmt.Sprintf("%s[%d]", at, j), "%q is not an industry id", f)
		case seen[f]:
			l.add(file, fmt.Sprintf("%s[%d]", at, j), "%q is listed twice", f)
		case f == AnyWorkplace && len(fits) > 1:
			l.add(file, at, "%q fits every industry: list it alone", AnyWorkplace)
		}
		seen[f] = true
	}
}

func (l *loader) checkSheet(file, at string, t *Task) {
	cols := map[string]int{}
	for j, c := range t.Columns {
		cat := fmt.Sprintf("%s.columns[%d]", at, j)
		if !idPattern.MatchString(c.ID) {
			l.add(file, cat+".id", "%q is not a lowercase-hyphen id", c.ID)
		}
		if _, dup := cols[c.ID]; dup {
			l.add(file, cat+".id", "duplicate column %q", c.ID)
		}
		cols[c.ID] = j
		l.required(file, cat+".label", c.Label)
	}
	if len(t.Columns) == 0 || len(t.Rows) == 0 {
		l.add(file, at+".rows", "a data-validation task needs columns and rows")
		return
	}
	if len(t.Documents) != len(t.Rows) {
		l.add(file, at+".documents", "has %d documents for %d rows; each row is typed from one document", len(t.Documents), len(t.Rows))
		return
	}
	// truth[r][c] is what the document says cell (r, c) should hold.
	truth := make([][]string, len(t.Rows))
	for r, d := range t.Documents {
		dat := fmt.Sprintf("%s.documents[%d]", at, r)
		l.required(file, dat+".title", d.Title)
		truth[r] = make([]string, len(t.Columns))
		has := make([]bool, len(t.Columns))
		for f, fd := range d.Fields {
			fat := fmt.Sprintf("%s.fields[%d]", dat, f)
			l.required(file, fat+".label", fd.Label)
			if strings.TrimSpace(fd.Value) == "" {
				l.add(file, fat+".value", "is required")
			}
			if fd.Column == "" {
				continue
			}
			j, ok := cols[fd.Column]
			switch {
			case !ok:
				l.add(file, fat+".column", "unknown column %q", fd.Column)
			case has[j]:
				l.add(file, fat+".column", "column %q is given twice in the document", fd.Column)
			default:
				has[j], truth[r][j] = true, fd.Value
			}
		}
		for j, ok := range has {
			if !ok {
				l.add(file, dat+".fields", "no field for column %q", t.Columns[j].ID)
			}
		}
	}
	for key, want := range t.Errors {
		r, c, ok := parseCell(key, cols, len(t.Rows))
		if !ok {
			l.add(file, at+".errors."+key, "is not \"row:column\" with a row index and a column id")
			continue
		}
		if c < len(t.Rows[r]) && t.Rows[r][c] == want {
			l.add(file, at+".errors."+key, "the cell already holds %q", want)
		}
		if truth[r][c] != "" && truth[r][c] != want {
			l.add(file, at+".errors."+key, "key %q differs from the document's %q", want, truth[r][c])
		}
	}
	wrong := 0
	for r, row := range t.Rows {
		if len(row) != len(t.Columns) {
			l.add(file, fmt.Sprintf("%s.rows[%d]", at, r), "has %d cells for %d columns", len(row), len(t.Columns))
			continue
		}
		for c, v := range row {
			if truth[r][c] == "" || v == truth[r][c] {
				continue
			}
			wrong++
			key := fmt.Sprintf("%d:%s", r, t.Columns[c].ID)
			if _, keyed := t.Errors[key]; !keyed {
				l.add(file, fmt.Sprintf("%s.rows[%d][%d]", at, r, c), "%q differs from the document (%q) but is not in errors", v, truth[r][c])
			}
		}
	}
	if wrong == 0 {
		l.add(file, at+".errors", "a task needs at least one wrong cell to find")
	}
	l.required(file, at+".question", t.Question)
	if t.Answer == nil {
		l.add(file, at+".answer", "the question needs a numeric key")
		return
	}
	if t.Tolerance < 0 {
		l.add(file, at+".tolerance", "must not be negative")
	}
	if t.Compute == nil {
		l.add(file, at+".compute", "states how the answer follows from the corrected rows")
		return
	}
	got, err := t.Compute.eval(t.Columns, truth)
	if err != nil {
		l.add(file, at+".compute", "%v", err)
	} else if math.Abs(got-*t.Answer) > 1e-6 {
		l.add(file, at+".answer", "%v, but the corrected rows give %v", *t.Answer, got)
	}
}

func parseCell(key string, cols map[string]int, rows int) (r, c int, ok bool) {
	rs, cs, found := strings.Cut(key, ":")
	if !found {
		return 0, 0, false
	}
	r, err := strconv.Atoi(rs)
	c, known := cols[cs]
	if err != nil || !known || r < 0 || r >= rows {
		return 0, 0, false
	}
	return r, c, true
}

// eval computes the aggregate over rows (already corrected).
func (q *Compute) eval(cols []Column, rows [][]string) (float64, error) {
	index := func(id string) (int, error) {
		for j, c := range cols {
			if c.ID == id {
				return j, nil
			}
		}
		return 0, fmt.Errorf("unknown column %q", id)
	}
	var vals []float64
	count := 0
	for _, row := range rows {
		if q.Where != nil {
			j, err := index(q.Where.Column)
			if err != nil {
				return 0, err
			}
			if row[j] != q.Where.Equals {
				continue
			}
		}
		count++
		if q.Op == "count" {
			continue
		}
		j, err := index(q.Column)
		if err != nil {
			return 0, err
		}
		v, err := strconv.ParseFloat(row[j], 64)
		if err != nil {
			return 0, fmt.Errorf("column %q holds %q, not a number", q.Column, row[j])
		}
		vals = append(vals, v)
	}
	times := q.Times
	if times == 0 {
		times = 1
	}
	var out float64
	switch q.Op {
	case "count":
		out = float64(count)
	case "sum", "average":
		for _, v := range vals {
			out += v
		}
		if q.Op == "average" {
			if len(vals) == 0 {
				return 0, fmt.Errorf("average over no rows")
			}
			out /= float64(len(vals))
		}
	case "min", "max":
		if len(vals) == 0 {
			return 0, fmt.Errorf("%s over no rows", q.Op)
		}
		sort.Float64s(vals)
		out = vals[0]
		if q.Op == "max" {
			out = vals[len(vals)-1]
		}
	default:
		return 0, fmt.Errorf("unknown op %q (sum, count, average, min, max)", q.Op)
	}
	return times * out, nil
}

func (l *loader) checkCases(file, at string, it *Item) {
	t := it.Task
	l.required(file, at+".why", it.Why)
	if len(t.Cases) < MinCases {
		l.add(file, at+".task.cases", "a scenario has at least %d customers writing at once, got %d", MinCases, len(t.Cases))
	}
	ids := map[string]bool{}
	for j, c := range t.Cases {
		cat := fmt.Sprintf("%s.task.cases[%d]", at, j)
		if !idPattern.MatchString(c.ID) {
			l.add(file, cat+".id", "%q is not a lowercase-hyphen id", c.ID)
		} else if ids[c.ID] {
			l.add(file, cat+".id", "duplicate case id %q", c.ID)
		}
		ids[c.ID] = true
		if !containsString(Channels, c.Channel) {
			l.add(file, cat+".channel", "%q is not one of %s", c.Channel, strings.Join(Channels, ", "))
		}
		if c.WaitingMinutes < 0 {
			l.add(file, cat+".waitingMinutes", "must not be negative")
		}
		l.required(file, cat+".message", c.Message)
		l.checkOptions(file, cat, c.Replies, MinChoiceOptions, MaxChoiceOptions)
		if c.Best == nil {
			l.add(file, cat+".best", "every case needs the expert's best reply")
		} else if *c.Best < 0 || *c.Best >= len(c.Replies) {
			l.add(file, cat+".best", "%d is not a reply index", *c.Best)
		}
	}
	if len(t.KeyOrder) != len(t.Cases) {
		l.add(file, at+".task.keyOrder", "must order all %d cases, got %d", len(t.Cases), len(t.KeyOrder))
	}
	seen := map[string]bool{}
	for j, id := range t.KeyOrder {
		if !ids[id] || seen[id] {
			l.add(file, fmt.Sprintf("%s.task.keyOrder[%d]", at, j), "%q is not a case of the scenario, or repeats", id)
		}
		seen[id] = true
	}
}

func (l *loader) checkLikert(file string, in *Instrument) {
	type keys struct{ plus, minus int }
	per := map[string]*keys{}
	scaleOf := map[string]string{}
	for _, it := range in.Items {
		scaleOf[it.ID] = it.Scale
		k := per[it.Scale]
		if k == nil {
			k = &keys{}
			per[it.Scale] = k
		}
		if it.Key > 0 {
			k.plus++
		} else if it.Key < 0 {
			k.minus++
		}
	}
	for i, s := range in.Scales {
		k := per[s.ID]
		if k == nil {
			k = &keys{}
		}
		if k.plus == 0 || k.minus == 0 {
			l.add(file, fmt.Sprintf("scales[%d]", i), "scale %q needs both positively and reverse-keyed items (has %d+, %d−)", s.ID, k.plus, k.minus)
		}
	}
	for i, p := range in.Inconsistency {
		at := fmt.Sprintf("inconsistency[%d]", i)
		a, okA := scaleOf[p[0]]
		b, okB := scaleOf[p[1]]
		switch {
		case !okA || !okB:
			l.add(file, at, "names an unknown item (%q, %q)", p[0], p[1])
		case p[0] == p[1]:
			l.add(file, at, "pairs an item with itself")
		case a != b:
			l.add(file, at, "pairs items of different scales (%q, %q)", a, b)
		}
	}
}

// auditLikert holds scales to their length and reverse-key share.
func (l *loader) auditLikert(file string, in *Instrument) {
	for i, s := range in.Scales {
		n, minus := 0, 0
		for _, it := range in.Items {
			if it.Scale == s.ID {
				n++
				if it.Key < 0 {
					minus++
				}
			}
		}
		at := fmt.Sprintf("scales[%d]", i)
		if n < MinLikertItems || n > MaxLikertItems {
			l.add(file, at, "scale %q has %d items; a Likert scale has %d to %d", s.ID, n, MinLikertItems, MaxLikertItems)
		}
		// A third to half reverse-keyed: enough to expose acquiescence, not so many that
		// the scale turns into a reading test.
		if n > 0 && (3*minus < n || 2*minus > n) {
			l.add(file, at, "scale %q has %d of %d items reverse-keyed; keep a third to half", s.ID, minus, n)
		}
	}
}

func (l *loader) checkStyles(file string, in *Instrument) {
	got := make([]string, 0, len(in.Styles))
	for i, s := range in.Styles {
		at := fmt.Sprintf("styles[%d]", i)
		got = append(got, s.ID)
		l.required(file, at+".name", s.Name)
		l.required(file, at+".description", s.Description)
	}
	if strings.Join(got, ",") != strings.Join(discStyles, ",") {
		l.add(file, "styles", "describes %v; a DISC profile describes d, i, s, c in that order", got)
	}
	scales := make([]string, 0, len(in.Scales))
	for _, s := range in.Scales {
		scales = append(scales, s.ID)
	}
	if strings.Join(scales, ",") != strings.Join(discStyles, ",") {
		l.add(file, "scales", "are %v; a DISC profile scores d, i, s, c in that order", scales)
	}
	seen := map[string]string{}
	for i, it := range in.Items {
		for j, d := range it.Descriptors {
			for _, lang := range Langs {
				s := normalize(d.Text.In(lang))
				at := fmt.Sprintf("items[%d].descriptors[%d].text.%s", i, j, lang)
				if prev, dup := seen[string(lang)+":"+s]; dup && s != "" {
					l.add(file, at, "repeats %s", prev)
				}
				seen[string(lang)+":"+s] = at
			}
		}
	}
}

func (l *loader) checkRubric(file string, in *Instrument) {
	got := make([]string, 0, len(in.Rubric))
	for i, c := range in.Rubric {
		at := fmt.Sprintf("rubric[%d]", i)
		got = append(got, c.ID)
		l.required(file, at+".name", c.Name)
		l.required(file, at+".description", c.Description)
		var levels []int
		for j, a := range c.Anchors {
			levels = append(levels, a.Score)
			l.required(file, fmt.Sprintf("%s.anchors[%d].text", at, j), a.Text)
		}
		if fmt.Sprint(levels) != fmt.Sprint(rubricLevels) {
			l.add(file, at+".anchors", "describe levels %v; a criterion describes %v", levels, rubricLevels)
		}
	}
	if strings.Join(got, ",") != strings.Join(RubricCriteria, ",") {
		l.add(file, "rubric", "rates %v; the writing rubric rates %s", got, strings.Join(RubricCriteria, ", "))
	}
	if len(in.Indicators) == 0 {
		l.add(file, "indicators", "a writing instrument describes its automated indicators")
	}
	seen := map[string]bool{}
	for i, ind := range in.Indicators {
		at := fmt.Sprintf("indicators[%d]", i)
		if !idPattern.MatchString(ind.ID) || seen[ind.ID] {
			l.add(file, at+".id", "%q is not a new lowercase-hyphen id", ind.ID)
		}
		seen[ind.ID] = true
		l.required(file, at+".name", ind.Name)
		l.required(file, at+".description", ind.Description)
		if ind.Phrases != nil && (len(ind.Phrases.ES) == 0 || len(ind.Phrases.EN) == 0) {
			l.add(file, at+".phrases", "phrases are listed in es and en")
		}
	}
}

func (l *loader) checkInterview(file string, in *Instrument) {
	known := map[string]bool{}
	for _, s := range in.Scales {
		known[s.ID] = true
	}
	for i, q := range in.Interview {
		at := fmt.Sprintf("interview[%d]", i)
		if !known[q.Scale] {
			l.add(file, at+".scale", "unknown scale %q", q.Scale)
		}
		l.required(file, at+".question", q.Question)
		l.required(file, at+".goodAnswer", q.GoodAnswer)
	}
}

// auditInterview requires MinInterview questions for every scored scale: the interview
// guide is how a hiring team follows up a low or uncertain score. DISC has none: it
// describes style and there is no "low" to probe.
func (l *loader) auditInterview(file string, in *Instrument) {
	per := map[string]int{}
	for _, q := range in.Interview {
		per[q.Scale]++
	}
	for i, s := range in.Scales {
		if !s.Caution && per[s.ID] < MinInterview {
			l.add(file, fmt.Sprintf("scales[%d]", i), "scale %q has %d interview questions; every scored scale has at least %d", s.ID, per[s.ID], MinInterview)
		}
	}
}
