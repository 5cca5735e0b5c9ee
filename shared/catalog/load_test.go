package catalog_test

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"shortlist/content"
	"shortlist/shared/catalog"
)

// The shipped content must load: everything else stands on it.
func TestLoadEmbeddedContent(t *testing.T) {
	t.Parallel()
	c, err := catalog.Load(content.Catalog())
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Version) != 16 {
		t.Errorf("version %q: want 16 hex digits", c.Version)
	}
}

// The seed roles are present as the seed pages give them: id, industry, name, mix and
// the Spanish texts as the seeds have them; the English texts say the same in natural
// English (the seeds' "attends customers", "warm treatment" or "service vocation" were
// calques of the Spanish), so the English reasons pinned here are the rewritten ones.
func TestSeedRoles(t *testing.T) {
	t.Parallel()
	c, err := catalog.Load(content.Catalog())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		id, industry, nameEN string
		mix                  []string
		reasons              []string // English reason prefixes, in order
		reasonsES            []string // Spanish reason prefixes, in order (as the seeds give them)
	}{
		{"sales-back-office", "call-center-sales", "Sales Back Office",
			[]string{"order-workload", "information-care", "impulse-control", "digital-ease", "excel-sales-validation"},
			[]string{"Helps observe how they organise, prioritise and follow through under a heavy workload",
				"Helps observe care and order in handling and protecting the information the role deals with",
				"Helps observe impulse management and calm in tense situations",
				"Helps observe how comfortable they are with the role's digital tools",
				"Checks how accurately they validate and enter sales data in spreadsheets and systems"},
			[]string{"Ayuda a observar el orden, la priorización y el seguimiento bajo carga de trabajo",
				"Ayuda a observar el orden y el cuidado al manejar y resguardar la información del rol",
				"Ayuda a observar el manejo de impulsos y la calma en situaciones tensas del rol",
				"Ayuda a observar la soltura con las herramientas digitales del rol",
				"Validación y carga de datos de ventas en planillas y sistemas"}},
		{"ecommerce-customer-support", "ecommerce", "E-commerce Customer Support",
			[]string{"customer-orientation", "communication-clarity", "impulse-control", "resilience", "service-vocation", "disc-profile"},
			[]string{"Helps observe customer orientation and the quality of service",
				"Helps observe how clearly they communicate and how well they deal with others",
				"Helps observe impulse management and calm in tense situations",
				"Helps observe how they handle their emotions and bounce back under the pressure of the role",
				"Helps observe their service mindset and whether they stay warm with customers over time",
				"Adds a view of how they tend to deal with people and how they react in tense exchanges"},
			[]string{"Ayuda a observar la orientación al cliente y la calidad del servicio",
				"Ayuda a observar la claridad al comunicar y la calidad del trato con los demás",
				"Ayuda a observar el manejo de impulsos y la calma en situaciones tensas del rol",
				"Ayuda a observar el manejo emocional y la resiliencia bajo la presión del rol",
				"Ayuda a observar la vocación de servicio y el trato cálido sostenido con el cliente",
				"Suma señal sobre el estilo de trato y la reacción ante interacciones tensas"}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			r, ok := c.Role(tt.id)
			if !ok {
				t.Fatalf("role %s missing", tt.id)
			}
			if r.Industry != tt.industry || r.Name.EN != tt.nameEN {
				t.Errorf("got industry %q name %q", r.Industry, r.Name.EN)
			}
			if len(r.Mix) != len(tt.mix) {
				t.Fatalf("mix has %d entries, want %d", len(r.Mix), len(tt.mix))
			}
			for i, e := range r.Mix {
				if e.Instrument != tt.mix[i] {
					t.Errorf("mix[%d] = %s, want %s", i, e.Instrument, tt.mix[i])
				}
				if !strings.HasPrefix(e.Reason.EN, tt.reasons[i]) {
					t.Errorf("mix[%d] reason = %q", i, e.Reason.EN)
				}
				if !strings.HasPrefix(e.Reason.ES, tt.reasonsES[i]) {
					t.Errorf("mix[%d] Spanish reason = %q", i, e.Reason.ES)
				}
			}
			// "The weight is on attitude": competencies weigh most.
			comp := r.Weighting.Families[catalog.Competency]
			for f, w := range r.Weighting.Families {
				if f != catalog.Competency && w >= comp {
					t.Errorf("family %s weighs %v, not less than competencies' %v", f, w, comp)
				}
			}
			if !strings.Contains(r.Weighting.Note.EN, "weight is on attitude") {
				t.Errorf("weighting note %q", r.Weighting.Note.EN)
			}
			sum := 0.0
			for i := range r.Mix {
				sum += r.EntryWeight(c, i)
			}
			if sum < 0.999 || sum > 1.001 {
				t.Errorf("entry weights sum to %v", sum)
			}
		})
	}
}

// fixture is a small valid content tree; each broken case edits one file.
func fixture() fstest.MapFS {
	likert := func(id string) string {
		return `{"id":"` + id + `","family":"competency","kind":"likert",
		"name":{"es":"Escala ` + id + `","en":"Scale ` + id + `"},"observes":{"es":"algo","en":"something"},"minutes":4,
		"instructions":{"es":"Responde.","en":"Answer."},
		"scales":[{"id":"` + id + `","name":{"es":"E","en":"S"}}],
		"items":[{"id":"` + id + `-1","scale":"` + id + `","key":1,"text":{"es":"Uno ` + id + `","en":"One ` + id + `"}},
		         {"id":"` + id + `-2","scale":"` + id + `","key":-1,"text":{"es":"Dos ` + id + `","en":"Two ` + id + `"}}]}`
	}
	fs := fstest.MapFS{
		"catalog/industries.json": {Data: []byte(`[{"id":"retail","name":{"es":"Comercio","en":"Retail"}}]`)},
		"catalog/roles/cashier.json": {Data: []byte(`{"id":"cashier","industry":"retail",
			"name":{"es":"Cajero","en":"Cashier"},"challenge":{"es":"c","en":"c"},"assess":{"es":"a","en":"a"},
			"weighting":{"note":{"es":"n","en":"n"},"families":{"competency":1}},
			"mix":[{"instrument":"a","reason":{"es":"r","en":"r"}},{"instrument":"b","reason":{"es":"r","en":"r"}},{"instrument":"c","reason":{"es":"r","en":"r"}},{"instrument":"d","reason":{"es":"r","en":"r"}},{"instrument":"e","reason":{"es":"r","en":"r"}}]}`)},
	}
	for _, id := range []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"} {
		fs["catalog/instruments/"+id+".json"] = &fstest.MapFile{Data: []byte(likert(id))}
	}
	return fs
}

func TestLoadFixtureIsValid(t *testing.T) {
	t.Parallel()
	if _, err := catalog.Load(fixture()); err != nil {
		t.Fatal(err)
	}
}

func TestLoadRejectsBrokenContent(t *testing.T) {
	t.Parallel()
	const role = "catalog/roles/cashier.json"
	tests := []struct {
		name   string
		edit   func(fstest.MapFS)
		file   string // the problem must name this file…
		field  string // …and this field
		substr string // …and say this
	}{
		{"unknown instrument in a mix", replace(role, `"instrument":"e"`, `"instrument":"zzz"`),
			role, "mix[4].instrument", `unknown instrument "zzz"`},
		{"missing translation", replace(role, `"challenge":{"es":"c","en":"c"}`, `"challenge":{"es":"c"}`),
			role, "challenge", `missing translation "en"`},
		{"missing Spanish deep inside an item", replace("catalog/instruments/b.json", `"es":"Dos b",`, ``),
			"catalog/instruments/b.json", "items[1].text", `missing translation "es"`},
		{"duplicate role id", func(fs fstest.MapFS) { fs["catalog/roles/cashier2.json"] = fs[role] },
			"catalog/roles/cashier2.json", "id", "file is named"},
		{"duplicate industry id", replace("catalog/industries.json", `]`, `,{"id":"retail","name":{"es":"x","en":"x"}}]`),
			"catalog/industries.json", "[1].id", `duplicate industry id "retail"`},
		{"weights not summing to 1", replace(role, `"families":{"competency":1}`, `"families":{"competency":0.7}`),
			role, "weighting.families", "sum to 0.7"},
		{"weight on a family not in the mix", replace(role, `"families":{"competency":1}`, `"families":{"competency":0.5,"technical":0.5}`),
			role, "weighting.families.technical", "no instrument in the mix"},
		{"DISC carrying weight", replace(role, `"families":{"competency":1}`, `"families":{"competency":0.5,"disc":0.5}`),
			role, "weighting.families.disc", "never carries weight"},
		{"mix too short", replace(role, `,{"instrument":"e","reason":{"es":"r","en":"r"}}`, ``),
			role, "mix", "has 4 entries; a mix has 5 to 8"},
		{"mix too long", replace(role, `{"instrument":"e","reason":{"es":"r","en":"r"}}`,
			`{"instrument":"e","reason":{"es":"r","en":"r"}},{"instrument":"f","reason":{"es":"r","en":"r"}},{"instrument":"g","reason":{"es":"r","en":"r"}},{"instrument":"h","reason":{"es":"r","en":"r"}},{"instrument":"i","reason":{"es":"r","en":"r"}}`),
			role, "mix", "has 9 entries"},
		{"battery over 45 minutes", replace("catalog/instruments/a.json", `"minutes":4`, `"minutes":40`),
			role, "mix", "over the 45 min battery limit"},
		{"instrument twice in a mix", replace(role, `"instrument":"e"`, `"instrument":"a"`),
			role, "mix[4].instrument", "appears twice"},
		{"unknown industry", replace(role, `"industry":"retail"`, `"industry":"mining"`),
			role, "industry", `unknown industry "mining"`},
		{"unknown field", replace(role, `"id":"cashier"`, `"id":"cashier","colour":"red"`),
			role, "", `unknown field "colour"`},
		{"malformed JSON", replace(role, `"id":"cashier",`, `"id":"cashier"`),
			role, "", "line 1: malformed JSON"},
		{"wrong type", replace("catalog/instruments/a.json", `"minutes":4`, `"minutes":"four"`),
			"catalog/instruments/a.json", "", `field "minutes": expected int, got string`},
		{"unknown family", replace("catalog/instruments/a.json", `"family":"competency"`, `"family":"magic"`),
			"catalog/instruments/a.json", "family", `unknown family "magic"`},
		{"scale without reverse keys", replace("catalog/instruments/c.json", `"key":-1`, `"key":1`),
			"catalog/instruments/c.json", "scales[0]", "needs both positively and reverse-keyed items"},
		{"bad key", replace("catalog/instruments/c.json", `"key":-1`, `"key":2`),
			"catalog/instruments/c.json", "items[1].key", "must be 1 or -1"},
		{"duplicated item text", replace("catalog/instruments/d.json", `"en":"Two d"`, `"en":"one A"`),
			"catalog/instruments/d.json", "items[1].text.en", "repeats the text of catalog/instruments/a.json items[0].text.en"},
		{"id not matching file", replace("catalog/instruments/f.json", `"id":"f"`, `"id":"ff"`),
			"catalog/instruments/f.json", "id", `is "ff" but the file is named "f.json"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := fixture()
			tt.edit(fs)
			_, err := catalog.Load(fs)
			var le *catalog.LoadError
			if !errors.As(err, &le) {
				t.Fatalf("Load accepted broken content (err = %v)", err)
			}
			for _, p := range le.Problems {
				if p.File == tt.file && p.Field == tt.field && strings.Contains(p.Msg, tt.substr) {
					return
				}
			}
			t.Errorf("no problem at %s %s saying %q; got:\n%v", tt.file, tt.field, tt.substr, err)
		})
	}
}

// replace edits one file of the fixture; it fails loudly if the text to replace is absent,
// so a fixture change cannot silently turn a broken case into a valid one.
func replace(file, old, new string) func(fstest.MapFS) {
	return func(fs fstest.MapFS) {
		s := string(fs[file].Data)
		if !strings.Contains(s, old) {
			panic("fixture " + file + " does not contain " + old)
		}
		fs[file] = &fstest.MapFile{Data: []byte(strings.Replace(s, old, new, 1))}
	}
}
