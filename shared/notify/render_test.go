package notify

import (
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

type renderer interface{ Render() (Message, error) }

var (
	expires   = time.Date(2027, 1, 14, 23, 59, 0, 0, time.UTC)
	completed = time.Date(2027, 1, 9, 16, 5, 0, 0, time.UTC)
)

// sampleInvitation is one candidate's invitation with everything set, in lang.
func sampleInvitation(lang Lang) Invitation {
	inv := Invitation{
		Lang: lang, To: "begona.saenz@example.com", CandidateName: "Begoña Sáenz",
		OrgName: "Panadería Muñoz", Link: "https://assess.example.com/take/#sli_Zm9vYmFyYmF6",
		ExpiresAt: expires, OrgID: "org_01", AssessmentID: "asm_01", CandidateID: "cand_01",
	}
	if lang == Spanish {
		inv.AssessmentName = "Atención al cliente"
		inv.Parts = []Part{{"Razonamiento numérico", 12, true}, {"Orientación al cliente", 8, false}, {"Respuesta a un cliente", 15, true}}
	} else {
		inv.AssessmentName = "Customer Support"
		inv.Parts = []Part{{"Numerical reasoning", 12, true}, {"Customer orientation", 8, false}, {"Reply to a customer", 15, true}}
	}
	return inv
}

// samples gives every message kind in lang, each with all its optional values set.
func samples(lang Lang) map[string]renderer {
	inv := sampleInvitation(lang)
	name := inv.AssessmentName
	santiago := time.FixedZone("-03", -3*3600)
	var entries []DigestEntry
	for i, n := range []string{"Begoña Sáenz", "Tomás O'Neill", "Lucía Ñúñez"} {
		e := DigestEntry{CandidateID: fmt.Sprintf("cand_%02d", i+1), Name: n, CompletedAt: completed.Add(time.Duration(i) * 7 * time.Minute)}
		if i < 2 {
			e.Link = "https://assess.example.com/console/#/candidates/" + e.CandidateID
		}
		entries = append(entries, e)
	}
	return map[string]renderer{
		"invitation": inv,
		"reminder":   Reminder{Invitation: inv, DaysLeft: 3},
		"feedback": FeedbackReady{Lang: lang, To: inv.To, CandidateName: inv.CandidateName, OrgName: inv.OrgName,
			AssessmentName: name, Link: "https://assess.example.com/files/feedback?sig=abc&exp=1",
			Until: time.Date(2027, 7, 8, 12, 0, 0, 0, time.UTC), OrgID: "org_01", AssessmentID: "asm_01", CandidateID: "cand_01"},
		"completion": CompletionNotice{Lang: lang, To: "rrhh@example.com", RecipientName: "Marta", OrgName: inv.OrgName,
			AssessmentName: name, CandidateName: "Begoña Sáenz", CompletedAt: completed, Zone: santiago,
			ConsoleLink: "https://assess.example.com/console/#/candidates/cand_01",
			OrgID:       "org_01", AssessmentID: "asm_01", CandidateID: "cand_01"},
		"digest": CompletionDigest{Lang: lang, To: "rrhh@example.com", RecipientName: "Marta", OrgName: inv.OrgName,
			AssessmentName: name, Since: completed.Add(-time.Hour), Candidates: entries, Zone: santiago,
			ConsoleLink: "https://assess.example.com/console/#/assessments/asm_01", OrgID: "org_01", AssessmentID: "asm_01"},
	}
}

// minimal gives every message kind in lang with each optional value left out.
func minimal(lang Lang) map[string]renderer {
	out := samples(lang)
	inv := out["invitation"].(Invitation)
	inv.CandidateName, inv.AssessmentID, inv.Parts = "", "", inv.Parts[:1]
	out["invitation"] = inv
	out["reminder"] = Reminder{Invitation: inv, DaysLeft: 0}
	f := out["feedback"].(FeedbackReady)
	f.CandidateName, f.Until, f.AssessmentID = "", time.Time{}, ""
	out["feedback"] = f
	c := out["completion"].(CompletionNotice)
	c.RecipientName, c.Zone, c.AssessmentID = "", nil, ""
	out["completion"] = c
	d := out["digest"].(CompletionDigest)
	d.RecipientName, d.Zone = "", nil
	d.Candidates = d.Candidates[2:] // one, without a link
	out["digest"] = d
	return out
}

func renderAll(t *testing.T) map[string]Message {
	t.Helper()
	out := map[string]Message{}
	for _, lang := range Langs {
		for kind, r := range samples(lang) {
			m, err := r.Render()
			if err != nil {
				t.Fatalf("%s %s: %v", kind, lang, err)
			}
			out[kind+"."+string(lang)] = m
		}
	}
	return out
}

// TestGolden compares every message in every language, text (with its subject) and HTML,
// with testdata/<kind>.<lang>.{txt,html}.golden; -update rewrites them.
func TestGolden(t *testing.T) {
	t.Parallel()
	msgs := renderAll(t)
	if len(msgs) != 10 {
		t.Fatalf("rendered %d messages, want 5 kinds × 2 languages", len(msgs))
	}
	for _, name := range slices.Sorted(maps.Keys(msgs)) {
		m := msgs[name]
		for ext, got := range map[string]string{
			"txt":  "Subject: " + m.Subject + "\n\n" + m.Text,
			"html": m.HTML,
		} {
			path := filepath.Join("testdata", name+"."+ext+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./shared/notify -run Golden -update to create it)", err)
			}
			if string(want) != got {
				t.Errorf("%s differs from its golden file; if intended, rerun with -update.\n--- got:\n%s", path, got)
			}
		}
	}
}

// TestNoLeftovers fails when a rendered message shows template syntax, a missing value,
// a format error, or an empty placeholder (empty quotes, a space before punctuation, an
// empty paragraph or list item), with every optional value set and with none.
func TestNoLeftovers(t *testing.T) {
	t.Parallel()
	bad := regexp.MustCompile(`\{\{|\}\}|<no value>|%!|“”|«»|\(\)|"\s*"|\s[,.:;]|\bnil\b|<nil>|0001`)
	emptyBlock := regexp.MustCompile(`<(p|li|a|title)[^>]*>\s*</(p|li|a|title)>|(?m)^\s*-\s*$|\n\n\n`)
	all := renderAll(t)
	for _, lang := range Langs {
		for kind, r := range minimal(lang) {
			m, err := r.Render()
			if err != nil {
				t.Fatalf("minimal %s %s: %v", kind, lang, err)
			}
			all["minimal "+kind+"."+string(lang)] = m
		}
	}
	for name, m := range all {
		for part, s := range map[string]string{"subject": m.Subject, "text": m.Text, "html": m.HTML} {
			if part == "html" {
				s = regexp.MustCompile(`<[^>]*>`).ReplaceAllString(s, "")
			}
			if loc := bad.FindStringIndex(s); loc != nil {
				from, to := max(loc[0]-40, 0), min(loc[1]+40, len(s))
				t.Errorf("%s %s: leftover %q in …%s…", name, part, s[loc[0]:loc[1]], s[from:to])
			}
		}
		for part, s := range map[string]string{"text": m.Text, "html": m.HTML} {
			if loc := emptyBlock.FindStringIndex(s); loc != nil {
				t.Errorf("%s %s: empty block %q", name, part, s[loc[0]:loc[1]])
			}
		}
		if strings.Contains(m.Subject, "\n") {
			t.Errorf("%s: multi-line subject", name)
		}
	}
}

// TestStringTables: both languages have the same keys with the same format verbs, and
// every key is used by a template (or built by the date function).
func TestStringTables(t *testing.T) {
	t.Parallel()
	verbs := regexp.MustCompile(`%\[\d+\][a-z]`)
	en, es := stringTables[English], stringTables[Spanish]
	for _, k := range slices.Sorted(maps.Keys(en)) {
		v, ok := es[k]
		if !ok {
			t.Errorf("es lacks %q", k)
			continue
		}
		a, b := verbs.FindAllString(en[k], -1), verbs.FindAllString(v, -1)
		slices.Sort(a)
		slices.Sort(b)
		if !slices.Equal(a, b) {
			t.Errorf("%q: en has verbs %v, es %v", k, a, b)
		}
		if strings.TrimSpace(en[k]) == "" || strings.TrimSpace(v) == "" {
			t.Errorf("%q is empty", k)
		}
		used := strings.Contains(definitions+htmlLayout+textLayout, `"`+k+`"`) ||
			strings.HasPrefix(k, "month.") || k == "date"
		if !used {
			t.Errorf("%q is used by no template", k)
		}
	}
	for k := range es {
		if _, ok := en[k]; !ok {
			t.Errorf("en lacks %q", k)
		}
	}
}

// TestEscaping: markup in any value is shown as text in the HTML part, a javascript: link
// is refused, and a line break in a name cannot reach the subject.
func TestEscaping(t *testing.T) {
	t.Parallel()
	for _, lang := range Langs {
		inv := sampleInvitation(lang)
		inv.CandidateName = `<script>alert("x")</script>`
		inv.OrgName = `Evil <img src=x onerror=alert(1)> & "Co"`
		inv.Parts[0].Name = `<b>bold</b>`
		m, err := inv.Render()
		if err != nil {
			t.Fatal(err)
		}
		for _, raw := range []string{"<script>", "<img", "<b>", `onerror=alert(1)>`} {
			if strings.Contains(m.HTML, raw) {
				t.Errorf("%s: HTML contains %q unescaped", lang, raw)
			}
		}
		if !strings.Contains(m.HTML, "&lt;script&gt;") || !strings.Contains(m.Text, "<script>") {
			t.Errorf("%s: the name should be escaped in HTML and shown as is in text", lang)
		}

		c := samples(lang)["completion"].(CompletionNotice)
		c.CandidateName = "Ana\r\nBcc: victim@example.com"
		cm, err := c.Render()
		if err != nil {
			t.Fatal(err)
		}
		if strings.ContainsAny(cm.Subject, "\r\n") || !strings.Contains(cm.Subject, "Ana Bcc:") {
			t.Errorf("%s: subject %q", lang, cm.Subject)
		}

		inv = sampleInvitation(lang)
		inv.Link = "javascript:alert(1)"
		if _, err := inv.Render(); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: a javascript: link rendered (err %v)", lang, err)
		}
	}
}

// TestMissingValues: a message without a value a sentence needs does not render.
func TestMissingValues(t *testing.T) {
	t.Parallel()
	s := func() map[string]renderer { return samples(English) }
	inv := func(f func(*Invitation)) renderer {
		v := sampleInvitation(English)
		f(&v)
		return v
	}
	cases := map[string]renderer{
		"invitation without org name":     inv(func(v *Invitation) { v.OrgName = " " }),
		"invitation without candidate id": inv(func(v *Invitation) { v.CandidateID = "" }),
		"invitation without parts":        inv(func(v *Invitation) { v.Parts = nil }),
		"invitation with a part of 0 min": inv(func(v *Invitation) { v.Parts[1].Minutes = 0 }),
		"invitation without expiry":       inv(func(v *Invitation) { v.ExpiresAt = time.Time{} }),
		"invitation to two addresses":     inv(func(v *Invitation) { v.To = "a@example.com, b@example.com" }),
		"invitation to a named address":   inv(func(v *Invitation) { v.To = "Ana <a@example.com>" }),
		"invitation in French":            inv(func(v *Invitation) { v.Lang = "fr" }),
		"invitation with a relative link": inv(func(v *Invitation) { v.Link = "/take/#sli_x" }),
		"reminder with negative days":     Reminder{Invitation: sampleInvitation(English), DaysLeft: -1},
		"feedback without link": func() renderer {
			v := s()["feedback"].(FeedbackReady)
			v.Link = ""
			return v
		}(),
		"completion without candidate": func() renderer {
			v := s()["completion"].(CompletionNotice)
			v.CandidateName = ""
			return v
		}(),
		"completion without time": func() renderer {
			v := s()["completion"].(CompletionNotice)
			v.CompletedAt = time.Time{}
			return v
		}(),
		"digest without candidates": func() renderer {
			v := s()["digest"].(CompletionDigest)
			v.Candidates = nil
			return v
		}(),
		"digest entry without name": func() renderer {
			v := s()["digest"].(CompletionDigest)
			v.Candidates[0].Name = ""
			return v
		}(),
	}
	for name, r := range cases {
		if _, err := r.Render(); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: rendered (err %v)", name, err)
		}
	}
}

// TestVariants covers the wording the golden files do not: reminders on the last days,
// one part, no name, a digest of one and one longer than MaxDigestEntries, and keys.
func TestVariants(t *testing.T) {
	t.Parallel()
	for _, lang := range Langs {
		inv := sampleInvitation(lang)
		for days, want := range map[int]map[Lang]string{
			0: {English: "Today is the last day", Spanish: "Hoy es el último día"},
			1: {English: "You have one day left", Spanish: "Te queda un día"},
			9: {English: "You have 9 days left", Spanish: "Te quedan 9 días"},
		} {
			m, err := Reminder{Invitation: inv, DaysLeft: days}.Render()
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(m.Text, want[lang]) || !strings.Contains(m.HTML, want[lang]) {
				t.Errorf("%s, %d days: no %q", lang, days, want[lang])
			}
			if m.IdempotencyKey != fmt.Sprintf("reminder/cand_01/%d", days) {
				t.Errorf("key %q", m.IdempotencyKey)
			}
		}

		one := inv
		one.CandidateName = ""
		one.Parts = one.Parts[:1]
		m, err := one.Render()
		if err != nil {
			t.Fatal(err)
		}
		hello := map[Lang]string{English: "Hello,\n", Spanish: "Hola:\n"}[lang]
		onePart := map[Lang]string{English: "It has one part and takes about 12 min:", Spanish: "Tiene una parte y lleva unos 12 min:"}[lang]
		if !strings.HasPrefix(m.Text, hello) || !strings.Contains(m.Text, onePart) {
			t.Errorf("%s: one part, no name:\n%s", lang, m.Text)
		}
		if m.IdempotencyKey != "invitation/cand_01" || m.Tags["kind"] != "invitation" || m.Tags["candidate"] != "cand_01" || m.Tags["org"] != "org_01" {
			t.Errorf("key %q tags %v", m.IdempotencyKey, m.Tags)
		}

		d := samples(lang)["digest"].(CompletionDigest)
		d.Candidates = d.Candidates[:1]
		m, err = d.Render()
		if err != nil {
			t.Fatal(err)
		}
		if want := map[Lang]string{English: "1 candidate completed", Spanish: "1 persona completó"}[lang]; !strings.HasPrefix(m.Subject, want) {
			t.Errorf("%s: digest of one: subject %q", lang, m.Subject)
		}
		d.Candidates = nil
		for i := range MaxDigestEntries + 7 {
			d.Candidates = append(d.Candidates, DigestEntry{CandidateID: fmt.Sprint("c", i), Name: fmt.Sprint("Person ", i), CompletedAt: completed})
		}
		m, err = d.Render()
		if err != nil {
			t.Fatal(err)
		}
		more := map[Lang]string{English: "…and 7 more.", Spanish: "…y 7 más."}[lang]
		if !strings.Contains(m.Text, more) || strings.Contains(m.Text, fmt.Sprint("Person ", MaxDigestEntries)+",") ||
			!strings.Contains(m.Text, fmt.Sprint("Person ", MaxDigestEntries-1)+",") {
			t.Errorf("%s: long digest:\n%s", lang, m.Text)
		}
		d2 := d
		d2.Candidates = slices.Clone(d.Candidates)
		slices.Reverse(d2.Candidates)
		m2, _ := d2.Render()
		if m.IdempotencyKey != m2.IdempotencyKey || !strings.HasPrefix(m.IdempotencyKey, "digest/asm_01/rrhh@example.com/") {
			t.Errorf("digest keys %q %q: the same burst should have one key", m.IdempotencyKey, m2.IdempotencyKey)
		}
	}
	if DaysLeft(expires.Add(-50*time.Hour), expires) != 2 || DaysLeft(expires.Add(time.Hour), expires) != 0 {
		t.Error("DaysLeft")
	}
}
