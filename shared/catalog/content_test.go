package catalog_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"shortlist/content"
	"shortlist/shared/catalog"
)

// tx writes a Text whose Spanish side is marked, so that both languages differ.
func tx(s string) string { return fmt.Sprintf(`{"es":"%s (es)","en":"%s"}`, s, s) }

func norm(metric string, mean, sd float64) string {
	return fmt.Sprintf(`{"metric":%q,"mean":%v,"sd":%v,"n":0,"provisional":true,"source":%s}`, metric, mean, sd, tx("set by the authors"))
}

func interview(scale string, n int) string {
	qs := make([]string, n)
	for i := range qs {
		qs[i] = fmt.Sprintf(`{"scale":%q,"question":%s,"goodAnswer":%s}`, scale, tx(fmt.Sprintf("Question %d on %s?", i, scale)), tx("Shows it"))
	}
	return "[" + strings.Join(qs, ",") + "]"
}

var about = `"scoring":` + tx("How it is scored") + `,"provenance":` + tx("Written by us")

// likert builds the "lk" instrument with n items, the first minus of them reverse-keyed.
func likert(n, minus int) string {
	items := make([]string, n)
	for i := range items {
		key := 1
		if i < minus {
			key = -1
		}
		items[i] = fmt.Sprintf(`{"id":"lk-%d","scale":"lk","key":%d,"text":%s}`, i+1, key, tx(fmt.Sprintf("I keep order number %d", i+1)))
	}
	return `{"id":"lk","family":"competency","kind":"likert","name":` + tx("Order") + `,"observes":` + tx("order") + `,"minutes":4,
	"instructions":` + tx("Answer") + `,` + about + `,
	"scales":[{"id":"lk","name":` + tx("Order") + `,"norm":` + norm("mean-1-5", 3.8, 0.5) + `}],
	"items":[` + strings.Join(items, ",") + `],
	"inconsistency":[["lk-1","lk-4"]],
	"interview":` + interview("lk", 4) + `}`
}

const discItems = `[{"id":"dc-1","descriptors":[{"style":"d","text":{"es":"Directo","en":"Direct"},"desirability":3},{"style":"i","text":{"es":"Animado","en":"Lively"},"desirability":3},{"style":"s","text":{"es":"Calmo","en":"Calm"},"desirability":4},{"style":"c","text":{"es":"Exacto","en":"Exact"},"desirability":3}]}]`

func styles() string {
	var ss []string
	for _, s := range []string{"d", "i", "s", "c"} {
		ss = append(ss, fmt.Sprintf(`{"id":%q,"name":%s,"description":%s}`, s, tx("Style "+s), tx("What "+s+" looks like")))
	}
	return "[" + strings.Join(ss, ",") + "]"
}

func rubric(ids ...string) string {
	var cs []string
	for _, id := range ids {
		cs = append(cs, fmt.Sprintf(`{"id":%q,"name":%s,"description":%s,"anchors":[{"score":1,"text":%s},{"score":3,"text":%s},{"score":5,"text":%s}]}`,
			id, tx(id), tx("about "+id), tx("poor"), tx("fair"), tx("good")))
	}
	return "[" + strings.Join(cs, ",") + "]"
}

// library is a small content tree with one valid instrument of every kind and a role
// that uses most of them; it passes Load and Audit. Each broken case edits one file.
func library() fstest.MapFS {
	files := map[string]string{
		"catalog/industries.json": `[{"id":"retail","name":` + tx("Retail") + `}]`,
		"catalog/roles/clerk.json": `{"id":"clerk","industry":"retail","name":` + tx("Clerk") + `,"challenge":` + tx("c") + `,"assess":` + tx("a") + `,
			"weighting":{"note":` + tx("n") + `,"families":{"competency":0.4,"cognitive":0.2,"integrity":0.2,"technical":0.2}},
			"mix":[{"instrument":"lk","reason":` + tx("r") + `},{"instrument":"cg","reason":` + tx("r") + `},{"instrument":"sj","reason":` + tx("r") + `},
			       {"instrument":"dv","reason":` + tx("r") + `},{"instrument":"pc","reason":` + tx("r") + `},{"instrument":"dc","reason":` + tx("r") + `}]}`,
		"catalog/instruments/lk.json": likert(8, 3),
		"catalog/instruments/cg.json": `{"id":"cg","family":"cognitive","kind":"choice","name":` + tx("Numbers") + `,"observes":` + tx("n") + `,"minutes":2,"timeLimitSeconds":60,
			"instructions":` + tx("Answer") + `,` + about + `,
			"scales":[{"id":"cg","name":` + tx("Numbers") + `,"norm":` + norm("theta", 0, 1) + `}],
			"items":[{"id":"cg-1","scale":"cg","type":"numerical","text":` + tx("Two plus two?") + `,"options":[` + tx("3") + `,` + tx("4") + `,` + tx("5") + `],"correct":1,"why":` + tx("Add") + `,"a":1.2,"b":0.5,"seconds":30}],
			"practice":[{"id":"cg-p","type":"numerical","text":` + tx("One plus one?") + `,"options":[` + tx("1") + `,` + tx("2") + `,` + tx("3") + `],"correct":1,"why":` + tx("Add them") + `,"seconds":20}],
			"interview":` + interview("cg", 4) + `}`,
		"catalog/instruments/sj.json": `{"id":"sj","family":"integrity","kind":"sjt","name":` + tx("Judgment") + `,"observes":` + tx("j") + `,"minutes":5,
			"instructions":` + tx("Choose") + `,` + about + `,
			"scales":[{"id":"sj","name":` + tx("Judgment") + `,"norm":` + norm("proportion", 0.7, 0.1) + `}],
			"items":[{"id":"sj-1","scale":"sj","fits":["retail"],"text":` + tx("A customer shouts") + `,"options":[` + tx("o1") + `,` + tx("o2") + `,` + tx("o3") + `,` + tx("o4") + `],"best":0,"worst":3,"why":` + tx("Because") + `,"seconds":40}],
			"interview":` + interview("sj", 4) + `}`,
		"catalog/instruments/dc.json": `{"id":"dc","family":"disc","kind":"disc","name":` + tx("Style") + `,"observes":` + tx("style, not ability") + `,"minutes":5,
			"instructions":` + tx("Most and least") + `,` + about + `,
			"scales":[{"id":"d","name":` + tx("D") + `},{"id":"i","name":` + tx("I") + `},{"id":"s","name":` + tx("S") + `},{"id":"c","name":` + tx("C") + `}],
			"styles":` + styles() + `,"items":` + discItems + `}`,
		"catalog/instruments/dv.json": `{"id":"dv","family":"technical","kind":"datavalidation","name":` + tx("Sheet") + `,"observes":` + tx("s") + `,"minutes":10,"timeLimitSeconds":300,
			"instructions":` + tx("Compare") + `,` + about + `,
			"scales":[{"id":"dv","name":` + tx("Sheet") + `,"norm":` + norm("proportion", 0.7, 0.15) + `}],
			"items":[{"id":"dv-1","scale":"dv","text":` + tx("Compare the orders") + `,"seconds":60,"task":{
				"documents":[{"title":` + tx("Order 1") + `,"fields":[{"column":"name","label":` + tx("Name") + `,"value":"Ana"},{"column":"fee","label":` + tx("Fee") + `,"value":"100"},{"label":` + tx("Agent") + `,"value":"Eva"}]},
				             {"title":` + tx("Order 2") + `,"fields":[{"column":"name","label":` + tx("Name") + `,"value":"Luis"},{"column":"fee","label":` + tx("Fee") + `,"value":"250"}]}],
				"columns":[{"id":"name","label":` + tx("Name") + `},{"id":"fee","label":` + tx("Fee") + `}],
				"rows":[["Ana","100"],["Luis","520"]],
				"errors":{"1:fee":"250"},
				"question":` + tx("Sum of fees?") + `,"answer":350,"tolerance":0,"compute":{"op":"sum","column":"fee"}}}],
			"interview":` + interview("dv", 4) + `}`,
		"catalog/instruments/wr.json": `{"id":"wr","family":"technical","kind":"writing","name":` + tx("Reply") + `,"observes":` + tx("w") + `,"minutes":6,"timeLimitSeconds":300,
			"instructions":` + tx("Write") + `,` + about + `,
			"scales":[{"id":"wr","name":` + tx("Reply") + `,"norm":` + norm("mean-1-5", 3, 0.8) + `}],
			"items":[{"id":"wr-1","scale":"wr","text":` + tx("My order is late!") + `,"seconds":300,"task":{"context":` + tx("Late by a day") + `,"raterNotes":` + tx("Owns it") + `}}],
			"rubric":` + rubric("clarity", "empathy", "ownership", "resolution", "tone") + `,
			"indicators":[{"id":"apology","name":` + tx("Apology") + `,"description":` + tx("Counted") + `,"phrases":{"es":["lo siento"],"en":["sorry"]}}],
			"interview":` + interview("wr", 4) + `}`,
		"catalog/instruments/pc.json": `{"id":"pc","family":"technical","kind":"cases","name":` + tx("Cases") + `,"observes":` + tx("p") + `,"minutes":10,"timeLimitSeconds":240,
			"instructions":` + tx("Order them") + `,` + about + `,
			"scales":[{"id":"pc","name":` + tx("Cases") + `,"norm":` + norm("proportion", 0.68, 0.12) + `}],
			"items":[{"id":"pc-1","scale":"pc","text":` + tx("Three customers write") + `,"why":` + tx("Safety first") + `,"seconds":120,"task":{"cases":[
				{"id":"x","channel":"chat","waitingMinutes":1,"message":` + tx("Cut my hand") + `,"replies":[` + tx("x1") + `,` + tx("x2") + `,` + tx("x3") + `],"best":0},
				{"id":"y","channel":"email","waitingMinutes":30,"message":` + tx("Charged twice") + `,"replies":[` + tx("y1") + `,` + tx("y2") + `,` + tx("y3") + `],"best":2},
				{"id":"z","channel":"social","waitingMinutes":5,"message":` + tx("Open on Sunday?") + `,"replies":[` + tx("z1") + `,` + tx("z2") + `,` + tx("z3") + `],"best":1}],
				"keyOrder":["x","y","z"]}}],
			"interview":` + interview("pc", 4) + `}`,
	}
	fs := fstest.MapFS{}
	for name, data := range files {
		fs[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fs
}

// swap edits one file of the library, all occurrences when all is true; it panics if
// the text is absent so that a fixture change cannot turn a broken case valid.
func swap(file, old, new string, all bool) func(fstest.MapFS) {
	return func(fs fstest.MapFS) {
		s := string(fs[file].Data)
		if !strings.Contains(s, old) {
			panic("fixture " + file + " does not contain " + old)
		}
		n := 1
		if all {
			n = -1
		}
		fs[file] = &fstest.MapFile{Data: []byte(strings.Replace(s, old, new, n))}
	}
}

func put(file, data string) func(fstest.MapFS) {
	return func(fs fstest.MapFS) { fs[file] = &fstest.MapFile{Data: []byte(data)} }
}

func TestLibraryFixtureIsValid(t *testing.T) {
	t.Parallel()
	c, err := catalog.Load(library())
	if err != nil {
		t.Fatal(err)
	}
	if err := catalog.Audit(c); err != nil {
		t.Fatal(err)
	}
}

type broken struct {
	name   string
	edit   func(fstest.MapFS)
	file   string // the problem must name this file…
	field  string // …and this field
	substr string // …and say this
}

func expectProblem(t *testing.T, tt broken, err error) {
	t.Helper()
	var le *catalog.LoadError
	if !errors.As(err, &le) {
		t.Fatalf("broken content accepted (err = %v)", err)
	}
	for _, p := range le.Problems {
		if p.File == tt.file && p.Field == tt.field && strings.Contains(p.Msg, tt.substr) {
			return
		}
	}
	t.Errorf("no problem at %s %s saying %q; got:\n%v", tt.file, tt.field, tt.substr, err)
}

func TestLoadRejectsBrokenItems(t *testing.T) {
	t.Parallel()
	const (
		lk, cg, sj, dc = "catalog/instruments/lk.json", "catalog/instruments/cg.json", "catalog/instruments/sj.json", "catalog/instruments/dc.json"
		dv, wr, pc     = "catalog/instruments/dv.json", "catalog/instruments/wr.json", "catalog/instruments/pc.json"
		role           = "catalog/roles/clerk.json"
	)
	tests := []broken{
		{"scale without reverse keys", swap(lk, `"key":-1`, `"key":1`, true), lk, "scales[0]", "needs both positively and reverse-keyed items"},
		{"duplicated item text across instruments", swap(sj, `"en":"A customer shouts"`, `"en":"I keep order number 1"`, false),
			sj, "items[0].text.en", "repeats the text of catalog/instruments/lk.json items[0].text.en"},
		{"SJT item without a key", swap(sj, `"best":0,`, ``, false), sj, "items[0]", "needs an expert key"},
		{"SJT with three options", swap(sj, `,{"es":"o4 (es)","en":"o4"}`, ``, false), sj, "items[0].options", "needs 4 options, got 3"},
		{"role mix naming an unknown instrument", swap(role, `"instrument":"cg"`, `"instrument":"iq-test"`, false), role, "mix[1].instrument", `unknown instrument "iq-test"`},
		{"instrument without items", swap(dc, `"items":`+discItems, `"items":[]`, false), dc, "items", "needs items"},
		{"choice item without a correct option", swap(cg, `"correct":1,`, ``, false), cg, "items[0].correct", "is required"},
		{"correct option out of range", swap(cg, `"correct":1,`, `"correct":3,`, false), cg, "items[0].correct", "not an option index"},
		{"2PL discrimination out of range", swap(cg, `"a":1.2`, `"a":3.5`, false), cg, "items[0].a", "outside 0.5..2.5"},
		{"cognitive item without a type", swap(cg, `"type":"numerical",`, ``, false), cg, "items[0].type", "is not one of"},
		{"practice item carrying 2PL parameters", swap(cg, `"seconds":20}`, `"seconds":20,"a":1,"b":0}`, false), cg, "practice[0].a", "carry no 2PL"},
		{"untimed cognitive section", swap(cg, `,"timeLimitSeconds":60`, ``, false), cg, "timeLimitSeconds", "is timed"},
		{"script inside a figure", swap(cg, `"seconds":30}`, `"seconds":30,"svg":"<svg><script>x()</script></svg>","svgAlt":`+tx("fig")+`}`, false),
			cg, "items[0].svg", `contains "<script"`},
		{"figure without words for screen readers", swap(cg, `"seconds":30}`, `"seconds":30,"svg":"<svg><circle r=\"3\"/></svg>"}`, false),
			cg, "items[0].svgAlt", "is required"},
		{"likert item carrying a choice key", swap(lk, `"key":1,"text"`, `"key":1,"correct":0,"text"`, false), lk, "items[3].correct", "not used by a likert item"},
		{"item without a scale", swap(sj, `"scale":"sj",`, ``, false), sj, "items[0].scale", "names its scale"},
		{"item naming an unknown scale", swap(sj, `"scale":"sj",`, `"scale":"honesty",`, false), sj, "items[0].scale", `unknown scale "honesty"`},
		{"family and kind that do not go together", swap(cg, `"family":"cognitive"`, `"family":"competency"`, false), cg, "kind", `does not use kind "choice"`},
		{"norm on the wrong metric", swap(lk, `"metric":"mean-1-5"`, `"metric":"theta"`, false), lk, "scales[0].norm.metric", `scored on "mean-1-5"`},
		{"norm mean outside its metric", swap(sj, `"mean":0.7`, `"mean":3.7`, false), sj, "scales[0].norm.mean", "outside the proportion range"},
		{"caution flag on an SJT scale", swap(sj, `"id":"sj","name"`, `"id":"sj","caution":true,"name"`, false), sj, "scales[0].caution", "only Likert"},
		{"inconsistency pair naming an unknown item", swap(lk, `["lk-1","lk-4"]`, `["lk-1","lk-40"]`, false), lk, "inconsistency[0]", "unknown item"},
		{"interview question on an unknown scale", swap(sj, `"scale":"sj","question"`, `"scale":"zz","question"`, false), sj, "interview[0].scale", `unknown scale "zz"`},
		{"DISC block with a style twice", swap(dc, `{"style":"c"`, `{"style":"d"`, false), dc, "items[0].descriptors[3].style", "appears twice"},
		{"DISC block with three descriptors", swap(dc, `,{"style":"c","text":{"es":"Exacto","en":"Exact"},"desirability":3}`, ``, false), dc, "items[0].descriptors", "got 3"},
		{"DISC desirability off the scale", swap(dc, `"desirability":4`, `"desirability":7`, false), dc, "items[0].descriptors[2].desirability", "1 to 5, got 7"},
		{"SJT scene fitting an unknown industry", swap(sj, `"fits":["retail"]`, `"fits":["mining"]`, false), sj, "items[0].fits[0]", `unknown industry "mining"`},
		{"SJT scene fitting any workplace and one industry", swap(sj, `"fits":["retail"]`, `"fits":["any","retail"]`, false), sj, "items[0].fits", "list it alone"},
		{"SJT scene fitting an industry twice", swap(sj, `"fits":["retail"]`, `"fits":["retail","retail"]`, false), sj, "items[0].fits[1]", "listed twice"},
		{"DISC style with a norm", swap(dc, `{"id":"d","name":`+tx("D")+`}`, `{"id":"d","name":`+tx("D")+`,"norm":`+norm("mean-1-5", 3, 1)+`}`, false),
			dc, "scales[0].norm", "compared within a person"},
		{"DISC without style descriptions", swap(dc, `"styles":`+styles()+`,`, ``, false), dc, "styles", "describes d, i, s, c"},
		{"wrong cell left out of the key", swap(dv, `"errors":{"1:fee":"250"}`, `"errors":{}`, false), dv, "items[0].task.rows[1][1]", "is not in errors"},
		{"error key contradicting the document", swap(dv, `"1:fee":"250"`, `"1:fee":"205"`, false), dv, "items[0].task.errors.1:fee", `differs from the document's "250"`},
		{"error key on a cell that is right", swap(dv, `"errors":{"1:fee":"250"}`, `"errors":{"1:fee":"250","0:name":"Ana"}`, false), dv, "items[0].task.errors.0:name", "already holds"},
		{"error key naming no cell", swap(dv, `"1:fee":"250"`, `"1:fee":"250","7:fee":"1"`, false), dv, "items[0].task.errors.7:fee", "is not \"row:column\""},
		{"answer the corrected rows do not give", swap(dv, `"answer":350`, `"answer":620`, false), dv, "items[0].task.answer", "corrected rows give 350"},
		{"answer without a way to recompute it", swap(dv, `,"compute":{"op":"sum","column":"fee"}`, ``, false), dv, "items[0].task.compute", "states how"},
		{"document missing a column", swap(dv, `,{"column":"fee","label":`+tx("Fee")+`,"value":"250"}`, ``, false), dv, "items[0].task.documents[1].fields", `no field for column "fee"`},
		{"task without rows", swap(dv, `"rows":[["Ana","100"],["Luis","520"]]`, `"rows":[]`, false), dv, "items[0].task.rows", "needs columns and rows"},
		{"writing prompt without a task", swap(wr, `,"task":{"context":`+tx("Late by a day")+`,"raterNotes":`+tx("Owns it")+`}`, ``, false), wr, "items[0].task", "needs a task"},
		{"writing prompt without rater notes", swap(wr, `,"raterNotes":`+tx("Owns it"), ``, false), wr, "items[0].task.raterNotes", "is required"},
		{"rubric without tone", swap(wr, rubric("clarity", "empathy", "ownership", "resolution", "tone"), rubric("clarity", "empathy", "ownership", "resolution"), false),
			wr, "rubric", "rates clarity, empathy, ownership, resolution, tone"},
		{"writing without indicators", swap(wr, `"indicators":[{"id":"apology","name":`+tx("Apology")+`,"description":`+tx("Counted")+`,"phrases":{"es":["lo siento"],"en":["sorry"]}}],`, ``, false),
			wr, "indicators", "describes its automated indicators"},
		{"case without the best reply", swap(pc, `,"best":0}`, `}`, false), pc, "items[0].task.cases[0].best", "best reply"},
		{"key order repeating a case", swap(pc, `"keyOrder":["x","y","z"]`, `"keyOrder":["x","y","y"]`, false), pc, "items[0].task.keyOrder[2]", "or repeats"},
		{"key order missing a case", swap(pc, `"keyOrder":["x","y","z"]`, `"keyOrder":["x","y"]`, false), pc, "items[0].task.keyOrder", "must order all 3 cases"},
		{"case on an unknown channel", swap(pc, `"channel":"social"`, `"channel":"fax"`, false), pc, "items[0].task.cases[2].channel", `"fax" is not one of`},
		{"scenario without a rationale", swap(pc, `"why":`+tx("Safety first")+`,`, ``, false), pc, "items[0].why", "is required"},
		{"task field of another kind", swap(pc, `"keyOrder":["x","y","z"]`, `"keyOrder":["x","y","z"],"answer":3`, false), pc, "items[0].task.answer", "not used by a cases task"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := library()
			tt.edit(fs)
			_, err := catalog.Load(fs)
			expectProblem(t, tt, err)
		})
	}
}

// Audit holds loadable content to the library's standards.
func TestAuditRejectsWeakContent(t *testing.T) {
	t.Parallel()
	const lk, sj, dc = "catalog/instruments/lk.json", "catalog/instruments/sj.json", "catalog/instruments/dc.json"
	tests := []broken{
		{"likert scale under 8 items", put(lk, likert(7, 3)), lk, "scales[0]", "has 7 items; a Likert scale has 8 to 12"},
		{"likert scale over 12 items", put(lk, likert(13, 5)), lk, "scales[0]", "has 13 items"},
		{"too few reverse-keyed items", put(lk, likert(9, 2)), lk, "scales[0]", "2 of 9 items reverse-keyed"},
		{"too many reverse-keyed items", put(lk, likert(8, 5)), lk, "scales[0]", "5 of 8 items reverse-keyed"},
		{"missing interview questions", swap(sj, interview("sj", 4), interview("sj", 3), false), sj, "scales[0]", "has 3 interview questions"},
		{"scale without a norm", swap(sj, `,"norm":`+norm("proportion", 0.7, 0.1), ``, false), sj, "scales[0].norm", "ships a reference norm"},
		{"instrument without a scoring statement", swap(sj, `"scoring":`+tx("How it is scored")+`,`, ``, false), sj, "scoring", "is required"},
		{"instrument without provenance", swap(sj, `,"provenance":`+tx("Written by us"), ``, false), sj, "provenance", "is required"},
		{"SJT scene without industries", swap(sj, `"fits":["retail"],`, ``, false), sj, "items[0].fits", "names the industries it fits"},
		{"DISC descriptor without a desirability rating", swap(dc, `,"desirability":4`, ``, false), dc, "items[0].descriptors[2].desirability", "carries a desirability rating"},
		{"DISC block with one obviously better descriptor", swap(dc, `"desirability":4`, `"desirability":5`, false), dc, "items", "dc-1: desirability ratings d 3, i 3, s 5, c 3 spread over 2 points"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := library()
			tt.edit(fs)
			c, err := catalog.Load(fs)
			if err != nil {
				t.Fatalf("Load should accept it (Audit's job): %v", err)
			}
			expectProblem(t, tt, catalog.Audit(c))
		})
	}
}

// The validator recomputes every data-validation answer from the corrected rows.
func TestComputeChecksEveryOp(t *testing.T) {
	t.Parallel()
	const dv = "catalog/instruments/dv.json"
	tests := []struct {
		compute string
		answer  string
	}{
		{`{"op":"sum","column":"fee"}`, "350"},
		{`{"op":"sum","column":"fee","times":12}`, "4200"},
		{`{"op":"count"}`, "2"},
		{`{"op":"count","where":{"column":"name","equals":"Luis"}}`, "1"},
		{`{"op":"average","column":"fee"}`, "175"},
		{`{"op":"min","column":"fee"}`, "100"},
		{`{"op":"max","column":"fee"}`, "250"},
		{`{"op":"sum","column":"fee","where":{"column":"name","equals":"Ana"}}`, "100"},
	}
	for _, tt := range tests {
		t.Run(tt.compute, func(t *testing.T) {
			fs := library()
			swap(dv, `"answer":350,"tolerance":0,"compute":{"op":"sum","column":"fee"}`, `"answer":`+tt.answer+`,"tolerance":0,"compute":`+tt.compute, false)(fs)
			if _, err := catalog.Load(fs); err != nil {
				t.Fatal(err)
			}
		})
	}
	fs := library()
	swap(dv, `"compute":{"op":"sum","column":"fee"}`, `"compute":{"op":"median","column":"fee"}`, false)(fs)
	_, err := catalog.Load(fs)
	expectProblem(t, broken{file: dv, field: "items[0].task.compute", substr: `unknown op "median"`}, err)
}

func TestKeyLeaks(t *testing.T) {
	t.Parallel()
	for _, v := range catalog.CandidateFacing {
		if leaks := catalog.KeyLeaks(v); len(leaks) > 0 {
			t.Errorf("%T reaches answer keys:\n  %s", v, strings.Join(leaks, "\n  "))
		}
	}
	type inner struct{ Why string }
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"embeds the item type", struct{ Items []catalog.Item }{}, ".Items[]: catalog.Item holds answer keys"},
		{"names a field like a key", struct{ Correct int }{}, ".Correct: named like an answer key"},
		{"hides a key under a JSON name", struct {
			Hint int `json:"best"`
		}{}, ".Hint: named like an answer key"},
		{"nests a rationale", struct{ Detail *inner }{}, ".Detail[].Why: named like an answer key"},
		{"keeps a norm in a map", struct{ Norms2 map[string]catalog.Norm }{}, ".Norms2{}: catalog.Norm holds answer keys"},
		{"carries anything", struct{ Extra any }{}, ".Extra: an interface can hold anything"},
		{"wraps the instrument", struct {
			catalog.InstrumentView
			Source *catalog.Instrument
		}{}, ".Source[]: catalog.Instrument holds answer keys"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			leaks := catalog.KeyLeaks(tt.v)
			for _, l := range leaks {
				if strings.HasSuffix(l, tt.want) {
					return
				}
			}
			t.Errorf("KeyLeaks missed %q; got %v", tt.want, leaks)
		})
	}
}

// Every shipped instrument's view, in both languages, is free of key fields and of the
// rationale texts that explain the keys.
func TestShippedViewsCarryNoKeys(t *testing.T) {
	t.Parallel()
	c := shipped(t)
	for _, in := range c.Instruments() {
		for _, lang := range catalog.Langs {
			v := in.View(lang)
			if len(v.Items) != len(in.Items) || len(v.Practice) != len(in.Practice) {
				t.Errorf("%s %s: view has %d items, %d practice", in.ID, lang, len(v.Items), len(v.Practice))
			}
			b, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			var tree any
			if err := json.Unmarshal(b, &tree); err != nil {
				t.Fatal(err)
			}
			for _, k := range jsonKeys(tree) {
				if isKeyName(k) {
					t.Errorf("%s %s: view JSON has key field %q", in.ID, lang, k)
				}
			}
			body := string(b)
			for _, it := range in.Items {
				if why := it.Why.In(lang); why != "" && strings.Contains(body, jsonString(why)) {
					t.Errorf("%s %s: view contains the rationale of %s", in.ID, lang, it.ID)
				}
				if it.Task != nil && it.Task.RaterNotes.In(lang) != "" && strings.Contains(body, jsonString(it.Task.RaterNotes.In(lang))) {
					t.Errorf("%s %s: view contains the rater notes of %s", in.ID, lang, it.ID)
				}
			}
			other := catalog.ES
			if lang == catalog.ES {
				other = catalog.EN
			}
			if in.Name.In(other) != in.Name.In(lang) && strings.Contains(body, jsonString(in.Name.In(other))) {
				t.Errorf("%s %s: view mixes in the other language", in.ID, lang)
			}
		}
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return strings.Trim(string(b), `"`)
}

func isKeyName(k string) bool {
	switch strings.ToLower(k) {
	case "key", "correct", "best", "worst", "why", "a", "b", "norm", "errors", "answer", "tolerance",
		"compute", "keyorder", "style", "scale", "scales", "caution", "indicators", "ratersnotes", "raternotes", "interview", "inconsistency":
		return true
	}
	return false
}

func jsonKeys(v any) []string {
	var out []string
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			out = append(out, k)
			out = append(out, jsonKeys(e)...)
		}
	case []any:
		for _, e := range x {
			out = append(out, jsonKeys(e)...)
		}
	}
	return out
}

func TestCheckPractice(t *testing.T) {
	t.Parallel()
	c, err := catalog.Load(library())
	if err != nil {
		t.Fatal(err)
	}
	in, _ := c.Instrument("cg")
	tests := []struct {
		id     string
		answer int
		right  bool
		err    bool
	}{
		{"cg-p", 1, true, false},
		{"cg-p", 0, false, false},
		{"cg-1", 1, false, true}, // a scored item is never checked for a candidate
		{"nope", 0, false, true},
	}
	for _, tt := range tests {
		fb, err := in.CheckPractice(tt.id, tt.answer, catalog.ES)
		if (err != nil) != tt.err || fb.Right != tt.right {
			t.Errorf("CheckPractice(%s, %d) = %+v, %v", tt.id, tt.answer, fb, err)
		}
		if err == nil && fb.Explanation != "Add them (es)" {
			t.Errorf("explanation %q, want the Spanish one", fb.Explanation)
		}
	}
}

func shipped(t *testing.T) *catalog.Catalog {
	t.Helper()
	c, err := catalog.Load(content.Catalog())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The shipped library meets the content standards: its rules, its minimums and the
// seed competencies.
func TestShippedLibrary(t *testing.T) {
	t.Parallel()
	c := shipped(t)
	if err := catalog.Audit(c); err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, in := range c.Instruments() {
		if in.Kind == catalog.MultipleChoice {
			// The right option's position must carry no hint.
			at, n := map[int]int{}, 0
			for _, it := range in.Items {
				if len(it.Options) == 4 {
					at[*it.Correct]++
					n++
				}
			}
			for p := 0; p < 4 && n >= 8; p++ {
				if at[p] < n/8 {
					t.Errorf("%s: option %d is right in %d four-option items", in.ID, p, at[p])
				}
			}
		}
		switch {
		case in.Kind == catalog.Likert && in.Family == catalog.Competency:
			count["competency scales"] += len(in.Scales)
			if len(in.Scales) != 1 || in.Scales[0].ID != in.ID {
				t.Errorf("%s: a competency questionnaire is one scale named like its instrument", in.ID)
			}
		case in.Family == catalog.Cognitive:
			for _, it := range in.Items {
				count[it.Type]++
				if it.A < 0.8 || it.A > 2.0 {
					t.Errorf("%s %s: a = %v, outside the provisional 0.8..2.0", in.ID, it.ID, it.A)
				}
			}
			if len(in.Practice) == 0 {
				t.Errorf("%s: no practice item", in.ID)
			}
			if lo, hi := bRange(in.Items); lo > -1.5 || hi < 1.5 {
				t.Errorf("%s: b spans %v..%v; want about -2..2", in.ID, lo, hi)
			}
		case in.Kind == catalog.SJT:
			count["sjt"] += len(in.Items)
			positions := map[int]bool{}
			for _, it := range in.Items {
				positions[*it.Best] = true
			}
			if len(positions) < 4 {
				t.Errorf("%s: the best option sits only at positions %v", in.ID, positions)
			}
		case in.Kind == catalog.ForcedChoice:
			count["disc"] += len(in.Items)
			first := map[string]int{}
			for _, it := range in.Items {
				first[it.Descriptors[0].Style]++
			}
			if len(first) < 4 {
				t.Errorf("%s: the first descriptor is always of styles %v", in.ID, first)
			}
			statement := strings.ToLower(in.Observes.EN + in.Instructions.EN + in.Provenance.EN + in.Scoring.EN)
			for _, w := range []string{"not ability", "ranking"} {
				if !strings.Contains(statement, w) {
					t.Errorf("%s: must state it describes style, %q", in.ID, w)
				}
			}
		case in.Kind == catalog.DataValidation:
			count["tasks"] += len(in.Items)
		case in.Kind == catalog.MultipleChoice:
			count["tools"] += len(in.Items)
		case in.Kind == catalog.Writing:
			count["prompts"] += len(in.Items)
		case in.Kind == catalog.ParallelCases:
			count["scenarios"] += len(in.Items)
		}
		for _, s := range in.Scales {
			if s.Caution {
				count["caution"]++
			}
		}
	}
	roles := c.Roles("")
	count["roles"] = len(roles)
	industries := map[string]bool{}
	for _, r := range roles {
		industries[r.Industry] = true
		if m := c.RoleMinutes(r); m > catalog.MaxRoleMinute {
			t.Errorf("role %s takes %d min", r.ID, m)
		}
	}
	count["industries"] = len(industries)
	want := map[string]int{"competency scales": 16, catalog.Numerical: 20, catalog.Verbal: 20, catalog.Logical: 20, "sjt": 12, "disc": 24,
		"tasks": 12, "tools": 15, "prompts": 3, "scenarios": 6, "roles": 24, "industries": 6, "caution": 1}
	for k, n := range want {
		if count[k] < n {
			t.Errorf("%s: %d, want at least %d", k, count[k], n)
		}
	}
	// The eight competencies the seed pages name keep their instrument ids.
	for _, id := range []string{"order-workload", "information-care", "impulse-control", "digital-ease",
		"customer-orientation", "communication-clarity", "resilience", "service-vocation"} {
		if in, ok := c.Instrument(id); !ok || in.Kind != catalog.Likert || len(in.Items) == 0 {
			t.Errorf("seed competency %s missing or empty", id)
		}
	}
	for _, id := range []string{"excel-sales-validation", "disc-profile"} {
		if _, ok := c.Instrument(id); !ok {
			t.Errorf("seed instrument %s missing", id)
		}
	}
}

func bRange(items []catalog.Item) (lo, hi float64) {
	lo, hi = items[0].B, items[0].B
	for _, it := range items {
		lo, hi = min(lo, it.B), max(hi, it.B)
	}
	return lo, hi
}

// The scoring and instructions texts state the engine's rules for missing answers:
// shown to candidates, they must say plainly that answering pays.
func TestScoringTextsStateTheMissingAnswerRules(t *testing.T) {
	t.Parallel()
	c := shipped(t)
	for _, in := range c.Instruments() {
		all := in.Instructions.ES + " " + in.Scoring.ES + " " + in.Instructions.EN + " " + in.Scoring.EN
		for _, gone := range []string{"vuelve después", "come back later", "ni como correctas", "neither right nor wrong", "sin responder no cuentan", "Unanswered situations do not count", "Flagging a cell that was right costs nothing"} {
			if strings.Contains(all, gone) {
				t.Errorf("%s: still says %q", in.ID, gone)
			}
		}
		want := map[string][]string{}
		switch {
		case in.Kind == catalog.MultipleChoice:
			want["scoring"] = []string{"sin responder cuenta como incorrecta", "no se descuenta nada por adivinar", "unanswered question counts as wrong", "no penalty for guessing", "not reached before time ran out"}
			want["instructions"] = []string{"Responde todas las preguntas", "Answer every question", "time runs out also count as wrong"}
		case in.Kind == catalog.SJT:
			want["scoring"] = []string{"sin responder vale 0 puntos", "unanswered situation earns 0 points", "over all situations"}
			want["instructions"] = []string{"Responde todas las situaciones", "Answer every situation"}
		case in.Kind == catalog.DataValidation:
			want["scoring"] = []string{"«Munoz» coincide con «Muñoz»", "\"Munoz\" matches \"Muñoz\"", "NO tiene error resta 1 punto", "has NO error costs 1 point", "never goes below 0", "mean of the task scores"}
			want["instructions"] = []string{"marcar una celda correcta resta un punto", "flagging a correct cell costs a point"}
		case in.Kind == catalog.Likert:
			want["scoring"] = []string{"sin ninguna respuesta vale su valor más bajo (1)", "no answer scores its lowest value (1)"}
			want["instructions"] = []string{"Responde todas las afirmaciones", "Answer every statement"}
		}
		for field, phrases := range want {
			text := in.Scoring
			if field == "instructions" {
				text = in.Instructions
			}
			for _, p := range phrases {
				if !strings.Contains(text.ES+" "+text.EN, p) {
					t.Errorf("%s %s lacks %q", in.ID, field, p)
				}
			}
		}
	}
}

// shippedText is one language of one Text in the shipped content, with where it sits.
type shippedText struct {
	file, item, path, lang, text string
}

// shippedTexts walks the raw JSON of every shipped file and returns every Text in both
// languages. item is the id of the item (or practice item) the Text belongs to, or
// "interview[i]" for an interview question and its good answer.
func shippedTexts(t *testing.T) []shippedText {
	t.Helper()
	var out []shippedText
	err := fs.WalkDir(content.Catalog(), "catalog", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") {
			return err
		}
		b, err := fs.ReadFile(content.Catalog(), p)
		if err != nil {
			return err
		}
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			return fmt.Errorf("%s: %v", p, err)
		}
		var walk func(v any, path, item string)
		walk = func(v any, path, item string) {
			switch x := v.(type) {
			case map[string]any:
				es, okEs := x["es"].(string)
				en, okEn := x["en"].(string)
				if okEs && okEn && len(x) == 2 {
					out = append(out, shippedText{p, item, path, "es", es}, shippedText{p, item, path, "en", en})
					return
				}
				for k, c := range x {
					walk(c, path+"."+k, item)
				}
			case []any:
				for i, c := range x {
					cp, ci := fmt.Sprintf("%s[%d]", path, i), item
					if m, ok := c.(map[string]any); ok && (path == ".items" || path == ".practice") {
						if id, ok := m["id"].(string); ok {
							ci = id
						}
					}
					if path == ".interview" {
						ci = fmt.Sprintf("interview[%d]", i)
					}
					walk(c, cp, ci)
				}
			}
		}
		walk(v, "", "")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 1000 {
		t.Fatalf("only %d texts found in the shipped content", len(out))
	}
	return out
}

// familyWords are words that invite talk of family, children or pregnancy: no item,
// interview question or role text may use them (a hiring decision must not touch them).
var familyWords = map[string]*regexp.Regexp{
	"es": regexp.MustCompile(`(?i)\b(hij[oa]s?|familias?|familiares?|embaraz\w*|guarder[ií]as?|maternidad|paternidad)\b`),
	"en": regexp.MustCompile(`(?i)\b(child\w*|famil(y|ies)|pregnan\w*|daycare|nurser(y|ies))\b`),
}

var privateLife = regexp.MustCompile(`(?i)\b(tu vida|vida (personal|privada|familiar)|your (private |personal |family )?life|personal life|private life|fuera del trabajo|outside work)\b`)

// familyAllowed lists the items where such a word describes a customer's own situation in
// a scene, never the candidate's.
var familyAllowed = map[string]string{
	"catalog/instruments/customer-reply.json wr-01": "the customer's order was for her son's birthday",
	"catalog/instruments/work-judgment.json sjt-12": "a caller claims to be a customer's daughter (a data-protection scene)",
}

func TestNoTextInvitesFamilyTalk(t *testing.T) {
	t.Parallel()
	for _, x := range shippedTexts(t) {
		if _, ok := familyAllowed[x.file+" "+x.item]; ok {
			continue
		}
		if w := familyWords[x.lang].FindString(x.text); w != "" {
			t.Errorf("%s: %s (item %s, %s) speaks of family or children (%q): %s", x.file, x.path, x.item, x.lang, w, x.text)
		}
		// An interview question asks about work, never about the candidate's life outside it.
		if strings.HasSuffix(x.path, ".question") {
			if w := privateLife.FindString(x.text); w != "" {
				t.Errorf("%s: %s (%s) asks about private life (%q): %s", x.file, x.item, x.lang, w, x.text)
			}
		}
	}
}

// mascAdjectives are masculine-only adjectives (or participles) that would describe the
// respondent in a Spanish self-description. Likert statements say the same with verbs or
// nouns ("Mantengo la calma", "aunque haya apuro"). Adjectives with one form for both
// genders (puntual, responsable, amable) are not listed: they need no rewording.
var mascAdjectives = regexp.MustCompile(`(?i)\b(nervioso|met[oó]dico|ordenado|tranquilo|organizado|cuidadoso|apurado|dormido|seguro|cansado|agotado|estresado|preocupado|enojado|molesto|motivado|concentrado|preparado|dispuesto|atento|acostumbrado|perfeccionista|todo solo|trabajar solo|estar solo)\b`)

func TestLikertSelfDescriptionsAreGenderNeutral(t *testing.T) {
	t.Parallel()
	n := 0
	for _, in := range shipped(t).Instruments() {
		if in.Kind != catalog.Likert {
			continue
		}
		for _, it := range in.Items {
			n++
			if w := mascAdjectives.FindString(it.Text.ES); w != "" {
				t.Errorf("%s: %s describes the respondent with a masculine-only word (%q): %s", in.ID, it.ID, w, it.Text.ES)
			}
		}
	}
	if n < 100 {
		t.Fatalf("only %d Likert statements checked", n)
	}
}

// roleNouns are Spanish role nouns whose masculine form would be the default; the
// feminine form is the value. A role name, a role text, an interview question or a Likert
// statement uses the inclusive form ("Ejecutivo/a"), a neutral wording ("quien
// supervisa", "la jefatura", "alguien del equipo"), or names both genders in the same
// text ("una compañera o un compañero"); scenes alternate genders and are not checked.
var roleNouns = map[string]string{
	"supervisor": "supervisora", "jefe": "jefa", "ejecutivo": "ejecutiva", "cajero": "cajera",
	"vendedor": "vendedora", "repartidor": "repartidora", "coordinador": "coordinadora",
	"técnico": "técnica", "operario": "operaria", "reponedor": "reponedora", "garzón": "garzona",
	"mesero": "mesera", "encargado": "encargada", "compañero": "compañera", "operador": "operadora",
	"administrativo": "administrativa", "conductor": "conductora",
}

// neutralRoleHeads are the first words of role names that have one form for both genders
// (or name the work, not the person). These are the explicit exceptions to "/a".
var neutralRoleHeads = map[string]bool{
	"Asistente": true, "Agente": true, "Analista": true, "Recepcionista": true,
	"Soporte":  true, // "Soporte técnico de telecomunicaciones" names the work
	"Atención": true, // seed role "Atención al cliente e-commerce" names the work
	"Back":     true, // seed role "Back office de ventas" names the work
}

var maleRoleUse = regexp.MustCompile(`(?i)\b(el|un|al|del|tu|su|este|ese)\s+(supervisor|jefe|ejecutivo|cajero|vendedor|repartidor|coordinador|técnico|operario|reponedor|garzón|mesero|encargado|compañero|operador|administrativo|conductor)\b(/)?`)

// maleDefault reports a masculine role noun used as the default: an article + noun with no
// "/a" after it, in a text that never names the feminine form.
func maleDefault(s string) string {
	for _, m := range maleRoleUse.FindAllStringSubmatch(s, -1) {
		if m[3] == "/" {
			continue
		}
		if !strings.Contains(strings.ToLower(s), roleNouns[strings.ToLower(m[2])]) {
			return m[0]
		}
	}
	return ""
}

func TestSpanishRoleNamesAndTextsAreInclusive(t *testing.T) {
	t.Parallel()
	c := shipped(t)
	likertItem := map[string]bool{}
	for _, in := range c.Instruments() {
		if in.Kind == catalog.Likert {
			for _, it := range in.Items {
				likertItem[it.ID] = true
			}
		}
	}
	roles := c.Roles("")
	if len(roles) < 20 {
		t.Fatalf("only %d roles", len(roles))
	}
	for _, r := range roles {
		name := r.Name.ES
		head := strings.Fields(name)[0]
		if neutralRoleHeads[head] {
			continue
		}
		if !strings.Contains(head, "/") {
			t.Errorf("role %s: Spanish name %q neither uses an inclusive form (Ejecutivo/a) nor starts with a neutral noun", r.ID, name)
		}
		for _, w := range strings.Fields(strings.ToLower(name)) {
			if _, ok := roleNouns[w]; ok {
				t.Errorf("role %s: Spanish name %q uses %q without its feminine form", r.ID, name, w)
			}
		}
	}
	for _, x := range shippedTexts(t) {
		if x.lang != "es" {
			continue
		}
		role := strings.HasPrefix(x.file, "catalog/roles/")
		question := strings.HasSuffix(x.path, ".question")
		likert := strings.HasSuffix(x.path, "].text") && likertItem[x.item]
		if !role && !question && !likert {
			continue
		}
		if m := maleDefault(x.text); m != "" {
			t.Errorf("%s: %s (item %s) uses a masculine role noun as the default (%q): %s", x.file, x.path, x.item, m, x.text)
		}
	}
}

// previousJob lists phrases that assume the candidate has held a job before. Items and
// interview questions ask about "un trabajo, práctica, estudio o voluntariado" / "a job,
// internship, course or volunteering" instead, so a first-job applicant can answer.
var previousJob = map[string]*regexp.Regexp{
	"es": regexp.MustCompile(`(?i)\b(tu último (trabajo|empleo|jefe|jefa|empleador)|tu (trabajo|empleo) (anterior|actual)|un (trabajo|empleo) anterior|tu (jefe|jefa|jefatura|empleador) anterior|trabajo actual o último|tus trabajos anteriores)\b`),
	"en": regexp.MustCompile(`(?i)\b(your (last|previous|former|current) (job|employer|manager|boss|supervisor|workplace)|a previous job|your current or last job|previous jobs)\b`),
}

func TestTextsDoNotAssumeAPreviousJob(t *testing.T) {
	t.Parallel()
	for _, x := range shippedTexts(t) {
		if w := previousJob[x.lang].FindString(x.text); w != "" {
			t.Errorf("%s: %s (item %s, %s) assumes a previous job (%q): %s", x.file, x.path, x.item, x.lang, w, x.text)
		}
	}
}

// calques are Spanish-shaped English phrasings found in role texts and scale names, with
// what natural English says instead.
var calques = regexp.MustCompile(`(?i)\b(attends (customers|to customers|the public)|attend(s|ing)? (several|multiple|many) (customers|cases)|support attends|warm treatment|service vocation|treatment style|customer manner|digital handling|solves surprises|can cost an accident|the cognitive side|the way people relate|adds signal on|in front of the customer who insults|reps close)\b|^a base (of|for)\b`)

// Every English text is checked, the two seed roles included: their English says in
// natural English what the seed pages' calques say ("Support attends … customers",
// "sustained warm treatment", "service vocation", "treatment style"); TestSeedRoles pins
// it, and their Spanish stays as the seeds give it.
func TestEnglishTextsHaveNoCalques(t *testing.T) {
	t.Parallel()
	for _, x := range shippedTexts(t) {
		if x.lang != "en" {
			continue
		}
		if w := calques.FindString(x.text); w != "" {
			t.Errorf("%s: %s (item %s) reads as a calque from Spanish (%q): %s", x.file, x.path, x.item, w, x.text)
		}
	}
}

// rutCheckDigit is the Chilean RUT check digit (modulo 11) of the digits in body.
func rutCheckDigit(body string) string {
	sum, mul := 0, 2
	for i := len(body) - 1; i >= 0; i-- {
		sum += int(body[i]-'0') * mul
		if mul++; mul > 7 {
			mul = 2
		}
	}
	switch r := 11 - sum%11; r {
	case 11:
		return "0"
	case 10:
		return "K"
	default:
		return strconv.Itoa(r)
	}
}

var (
	rutShape  = regexp.MustCompile(`^(\d{7,8})-([0-9K])$`)
	dateShape = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$|^\d{2}-\d{2}-\d{4}$`)
	chileDate = regexp.MustCompile(`^(0[1-9]|[12]\d|3[01])-(0[1-9]|1[0-2])-20\d\d$`)
)

// The data-validation documents are Chilean: every ID number in a document is a RUT with
// a valid check digit, and every date reads dd-mm-aaaa. (A typed row may hold a wrong
// RUT or an impossible date: that is the error to find.)
func TestValidationDocumentsAreChilean(t *testing.T) {
	t.Parallel()
	if rutCheckDigit("12345678") != "5" || rutCheckDigit("11111111") != "1" || rutCheckDigit("10000013") != "K" {
		t.Fatal("rutCheckDigit is wrong")
	}
	ids, dates := 0, 0
	for _, in := range shipped(t).Instruments() {
		if in.Kind != catalog.DataValidation {
			continue
		}
		for _, it := range in.Items {
			for d, doc := range it.Task.Documents {
				for _, f := range doc.Fields {
					at := fmt.Sprintf("%s: %s documents[%d] %s", in.ID, it.ID, d, f.Column)
					if f.Column == "id-number" {
						ids++
						m := rutShape.FindStringSubmatch(f.Value)
						if m == nil || rutCheckDigit(m[1]) != m[2] {
							t.Errorf("%s: %q is not a RUT with a valid check digit", at, f.Value)
						}
					}
					if dateShape.MatchString(f.Value) {
						dates++
						if !chileDate.MatchString(f.Value) {
							t.Errorf("%s: date %q is not dd-mm-aaaa", at, f.Value)
						}
					}
				}
			}
		}
	}
	if ids == 0 || dates == 0 {
		t.Fatalf("found %d ID numbers and %d dates in the documents", ids, dates)
	}
}

// TestProvisionalDiscriminationIsUniform: until a calibration sample exists, every
// cognitive item has the same 2PL discrimination (a = 1): authored a values rose with b
// almost perfectly (r 0.86–0.96), a pattern no data supported.
func TestProvisionalDiscriminationIsUniform(t *testing.T) {
	t.Parallel()
	for _, inst := range shipped(t).Instruments() {
		if inst.Family != catalog.Cognitive {
			continue
		}
		for _, it := range inst.Items {
			if it.A != 1 {
				t.Errorf("%s %s: a = %v; provisional items use a = 1 until calibrated", inst.ID, it.ID, it.A)
			}
		}
	}
}
