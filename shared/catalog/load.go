package catalog

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path"
	"reflect"
	"regexp"
	"sort"
	"strings"
)

// Problem is one thing wrong with the content, located by file and field path.
type Problem struct {
	File  string
	Field string
	Msg   string
}

func (p Problem) String() string {
	if p.Field == "" {
		return p.File + ": " + p.Msg
	}
	return p.File + ": " + p.Field + ": " + p.Msg
}

// LoadError lists every problem found; content is rejected whole.
type LoadError struct{ Problems []Problem }

func (e *LoadError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return fmt.Sprintf("content has %d problem(s):\n  %s", len(e.Problems), strings.Join(lines, "\n  "))
}

// Limits of a role's suggested mix and battery.
const (
	MinMix        = 5
	MaxMix        = 8
	MaxRoleMinute = 45
)

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

type loader struct {
	fsys     fs.FS
	problems []Problem
}

func (l *loader) add(file, field, format string, args ...any) {
	l.problems = append(l.problems, Problem{File: file, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// Load reads and validates the content under fsys (see the package doc for the layout).
// It returns a *LoadError listing every problem, or the catalog.
func Load(fsys fs.FS) (*Catalog, error) {
	l := &loader{fsys: fsys}
	c := &Catalog{instruments: map[string]*Instrument{}, roleByID: map[string]*Role{}}
	var files []string

	const industriesFile = "catalog/industries.json"
	if l.decode(industriesFile, &c.industries) {
		files = append(files, industriesFile)
	}
	instFiles, _ := fs.Glob(fsys, "catalog/instruments/*.json")
	for _, f := range instFiles {
		var in Instrument
		if !l.decode(f, &in) {
			continue
		}
		files = append(files, f)
		if b, err := fs.ReadFile(fsys, f); err == nil {
			in.Hash, in.Raw = fileHash(b), b
		}
		if want := strings.TrimSuffix(path.Base(f), ".json"); in.ID != want {
			l.add(f, "id", "is %q but the file is named %q", in.ID, want+".json")
		}
		if _, dup := c.instruments[in.ID]; dup {
			l.add(f, "id", "duplicate instrument id %q", in.ID)
			continue
		}
		c.instruments[in.ID] = &in
	}
	roleFiles, _ := fs.Glob(fsys, "catalog/roles/*.json")
	for _, f := range roleFiles {
		var r Role
		if !l.decode(f, &r) {
			continue
		}
		files = append(files, f)
		if want := strings.TrimSuffix(path.Base(f), ".json"); r.ID != want {
			l.add(f, "id", "is %q but the file is named %q", r.ID, want+".json")
		}
		if _, dup := c.roleByID[r.ID]; dup {
			l.add(f, "id", "duplicate role id %q", r.ID)
			continue
		}
		c.roles = append(c.roles, r)
		c.roleByID[r.ID] = &c.roles[len(c.roles)-1]
	}
	if len(instFiles) == 0 {
		l.add("catalog/instruments", "", "no instrument files")
	}
	if len(roleFiles) == 0 {
		l.add("catalog/roles", "", "no role files")
	}

	l.checkIndustries(c.industries)
	for _, in := range c.Instruments() {
		l.checkInstrument("catalog/instruments/"+in.ID+".json", in)
	}
	l.checkTextsUnique(c)
	l.checkFitsIndustries(c)
	for i := range c.roles {
		l.checkRole("catalog/roles/"+c.roles[i].ID+".json", c, &c.roles[i])
	}
	if len(l.problems) > 0 {
		return nil, &LoadError{Problems: l.problems}
	}
	// Rebuild the index: appending may have moved the slice.
	for i := range c.roles {
		c.roleByID[c.roles[i].ID] = &c.roles[i]
	}
	sort.SliceStable(c.roles, func(i, j int) bool {
		if c.roles[i].Industry != c.roles[j].Industry {
			return industryIndex(c.industries, c.roles[i].Industry) < industryIndex(c.industries, c.roles[j].Industry)
		}
		return c.roles[i].ID < c.roles[j].ID
	})
	for i := range c.roles {
		c.roleByID[c.roles[i].ID] = &c.roles[i]
	}
	v, err := version(fsys, files)
	if err != nil {
		return nil, err
	}
	c.Version = v
	return c, nil
}

func industryIndex(list []Industry, id string) int {
	for i, in := range list {
		if in.ID == id {
			return i
		}
	}
	return len(list)
}

// decode reads one JSON file strictly: unknown fields and trailing data are problems.
func (l *loader) decode(file string, v any) bool {
	b, err := fs.ReadFile(l.fsys, file)
	if err != nil {
		l.add(file, "", "cannot read: %v", errors.Unwrap(err))
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		l.add(file, "", "%s", describeJSONError(b, err))
		return false
	}
	if _, err := dec.Token(); err != io.EOF {
		l.add(file, "", "trailing data after the JSON value")
		return false
	}
	// Every Text anywhere must be complete in both languages, or wholly absent.
	walkTexts(reflect.ValueOf(v), "", func(field string, t Text) {
		if (t.ES == "") != (t.EN == "") {
			missing := "es"
			if t.EN == "" {
				missing = "en"
			}
			l.add(file, field, "missing translation %q", missing)
		}
	})
	return true
}

// describeJSONError turns decoder errors into messages with a line number and field.
func describeJSONError(b []byte, err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("line %d: malformed JSON: %v", lineOf(b, syn.Offset), syn)
	case errors.As(err, &typ):
		return fmt.Sprintf("line %d: field %q: expected %s, got %s", lineOf(b, typ.Offset), typ.Field, typ.Type, typ.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "unknown field " + strings.TrimPrefix(err.Error(), "json: unknown field ")
	}
	return err.Error()
}

func lineOf(b []byte, off int64) int {
	if off > int64(len(b)) {
		off = int64(len(b))
	}
	return 1 + bytes.Count(b[:off], []byte("\n"))
}

var textType = reflect.TypeOf(Text{})

// walkTexts calls fn for every Text reachable from v, with its JSON path.
func walkTexts(v reflect.Value, at string, fn func(string, Text)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkTexts(v.Elem(), at, fn)
		}
	case reflect.Struct:
		if v.Type() == textType {
			fn(at, v.Interface().(Text))
			return
		}
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			name := strings.Split(f.Tag.Get("json"), ",")[0]
			p := at
			if !f.Anonymous {
				if name == "" {
					name = f.Name
				}
				p = join(at, name)
			}
			walkTexts(v.Field(i), p, fn)
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			walkTexts(v.Index(i), fmt.Sprintf("%s[%d]", at, i), fn)
		}
	case reflect.Map:
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		for _, k := range keys {
			walkTexts(v.MapIndex(k), join(at, fmt.Sprint(k)), fn)
		}
	}
}

func join(at, name string) string {
	if at == "" {
		return name
	}
	return at + "." + name
}

func (l *loader) required(file, field string, t Text) {
	if t.ES == "" && t.EN == "" {
		l.add(file, field, "is required (es and en)")
	}
}

func (l *loader) checkIndustries(list []Industry) {
	const file = "catalog/industries.json"
	seen := map[string]bool{}
	for i, in := range list {
		at := fmt.Sprintf("[%d]", i)
		if !idPattern.MatchString(in.ID) {
			l.add(file, at+".id", "%q is not a lowercase-hyphen id", in.ID)
		}
		if seen[in.ID] {
			l.add(file, at+".id", "duplicate industry id %q", in.ID)
		}
		seen[in.ID] = true
		l.required(file, at+".name", in.Name)
	}
}

// checkFitsIndustries: an SJT scene's industry tags name industries of the catalog.
func (l *loader) checkFitsIndustries(c *Catalog) {
	for _, in := range c.Instruments() {
		for i, it := range in.Items {
			for j, f := range it.Fits {
				if _, ok := c.Industry(f); !ok && f != AnyWorkplace && idPattern.MatchString(f) {
					l.add("catalog/instruments/"+in.ID+".json", fmt.Sprintf("items[%d].fits[%d]", i, j), "unknown industry %q", f)
				}
			}
		}
	}
}

func (l *loader) checkRole(file string, c *Catalog, r *Role) {
	if !idPattern.MatchString(r.ID) {
		l.add(file, "id", "%q is not a lowercase-hyphen id", r.ID)
	}
	if _, ok := c.Industry(r.Industry); !ok {
		l.add(file, "industry", "unknown industry %q", r.Industry)
	}
	l.required(file, "name", r.Name)
	l.required(file, "challenge", r.Challenge)
	l.required(file, "assess", r.Assess)
	l.required(file, "weighting.note", r.Weighting.Note)
	if n := len(r.Mix); n < MinMix || n > MaxMix {
		l.add(file, "mix", "has %d entries; a mix has %d to %d", n, MinMix, MaxMix)
	}
	inMix := map[Family]bool{}
	seen := map[string]bool{}
	minutes := 0
	for i, e := range r.Mix {
		at := fmt.Sprintf("mix[%d]", i)
		l.required(file, at+".reason", e.Reason)
		if seen[e.Instrument] {
			l.add(file, at+".instrument", "%q appears twice in the mix", e.Instrument)
		}
		seen[e.Instrument] = true
		in, ok := c.instruments[e.Instrument]
		if !ok {
			l.add(file, at+".instrument", "unknown instrument %q", e.Instrument)
			continue
		}
		inMix[in.Family] = true
		minutes += in.Minutes
	}
	if minutes > MaxRoleMinute {
		l.add(file, "mix", "estimated duration %d min is over the %d min battery limit", minutes, MaxRoleMinute)
	}
	sum := 0.0
	for f, w := range r.Weighting.Families {
		at := "weighting.families." + string(f)
		switch {
		case !f.valid():
			l.add(file, at, "unknown family %q", f)
		case f == DISC && w != 0:
			l.add(file, at, "DISC describes style and never carries weight")
		case w < 0 || w > 1:
			l.add(file, at, "weight %v is outside 0..1", w)
		case w > 0 && !inMix[f]:
			l.add(file, at, "family has weight but no instrument in the mix")
		}
		sum += w
	}
	for f := range inMix {
		if f != DISC && r.Weighting.Families[f] <= 0 {
			l.add(file, "weighting.families."+string(f), "family is in the mix but has no weight")
		}
	}
	if math.Abs(sum-1) > 1e-9 {
		l.add(file, "weighting.families", "weights sum to %g, not 1", sum)
	}
}

func (l *loader) checkInstrument(file string, in *Instrument) {
	if !idPattern.MatchString(in.ID) {
		l.add(file, "id", "%q is not a lowercase-hyphen id", in.ID)
	}
	if !in.Family.valid() {
		l.add(file, "family", "unknown family %q", in.Family)
	}
	if !in.Kind.valid() {
		l.add(file, "kind", "unknown kind %q", in.Kind)
	}
	l.required(file, "name", in.Name)
	l.required(file, "observes", in.Observes)
	if in.Minutes <= 0 {
		l.add(file, "minutes", "must be a positive number of minutes")
	}
	if in.TimeLimitSeconds < 0 {
		l.add(file, "timeLimitSeconds", "must not be negative")
	}
	if (in.Family == DISC) != (in.Kind == ForcedChoice) {
		l.add(file, "kind", "the DISC family and the forced-choice kind go together")
	}
	l.checkContent(file, in)
}

// checkTextsUnique rejects any item text (in either language) that appears twice in the
// library: a repeated item is either a copy error or a double-counted construct.
func (l *loader) checkTextsUnique(c *Catalog) {
	type where struct{ file, field string }
	seen := map[string]where{}
	for _, in := range c.Instruments() {
		file := "catalog/instruments/" + in.ID + ".json"
		for i, it := range append(append([]Item{}, in.Items...), in.Practice...) {
			field := fmt.Sprintf("items[%d].text", i)
			if i >= len(in.Items) {
				field = fmt.Sprintf("practice[%d].text", i-len(in.Items))
			}
			for _, lang := range Langs {
				s := normalize(it.Text.In(lang))
				if s == "" {
					continue
				}
				if w, dup := seen[string(lang)+":"+s]; dup {
					l.add(file, field+"."+string(lang), "repeats the text of %s %s", w.file, w.field)
					continue
				}
				seen[string(lang)+":"+s] = where{file, field + "." + string(lang)}
			}
		}
	}
}

func normalize(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}
