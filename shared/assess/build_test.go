package assess_test

import (
	"math"
	"strings"
	"testing"

	"shortlist/content"
	"shortlist/shared/assess"
	"shortlist/shared/catalog"
)

func loadCatalog(t *testing.T) *catalog.Catalog {
	t.Helper()
	c, err := catalog.Load(content.Catalog())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestBuildConfigFromSeedRoles(t *testing.T) {
	cat := loadCatalog(t)
	for _, id := range []string{"sales-back-office", "ecommerce-customer-support"} {
		role, _ := cat.Role(id)
		cfg, err := assess.BuildConfig(cat, assess.Spec{RoleID: id, Lang: catalog.ES})
		if err != nil {
			t.Fatal(err)
		}
		if len(cfg.Sections) != len(role.Mix) || cfg.Name != role.Name.ES || cfg.ContentVersion != cat.Version {
			t.Errorf("%s: %+v", id, cfg)
		}
		sum := 0.0
		for i, s := range cfg.Sections {
			if s.Instrument != role.Mix[i].Instrument || s.Hash == "" {
				t.Errorf("%s section %d: %+v", id, i, s)
			}
			if math.Abs(s.Weight-role.EntryWeight(cat, i)) > 1e-9 {
				t.Errorf("%s section %d weight %v, role says %v", id, i, s.Weight, role.EntryWeight(cat, i))
			}
			if s.Family == catalog.DISC && s.Weight != 0 {
				t.Errorf("DISC weighted %v", s.Weight)
			}
			sum += s.Weight
		}
		if math.Abs(sum-1) > 1e-9 || cfg.Minutes != cat.RoleMinutes(role) {
			t.Errorf("%s: weights sum %v, minutes %d", id, sum, cfg.Minutes)
		}
	}
}

func TestBuildConfigCustomised(t *testing.T) {
	cat := loadCatalog(t)
	cfg, err := assess.BuildConfig(cat, assess.Spec{
		RoleID: "ecommerce-customer-support", Remove: []string{"disc-profile"},
		Add:        []string{"excel-sales-validation"},
		Weights:    map[catalog.Family]float64{catalog.Competency: 0.8, catalog.Technical: 0.2},
		Minimums:   map[string]float64{"impulse-control": 40},
		TimeLimits: map[string]int{"excel-sales-validation": 1200},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Sections) != 6 || cfg.Sections[5].Instrument != "excel-sales-validation" {
		t.Fatalf("sections %+v", cfg.Sections)
	}
	if w := cfg.Sections[5].Weight; math.Abs(w-0.2) > 1e-9 {
		t.Errorf("technical weight %v", w)
	}
	if w := cfg.Sections[0].Weight; math.Abs(w-0.16) > 1e-9 {
		t.Errorf("competency entry weight %v, want 0.8/5", w)
	}
	if m := cfg.Sections[2].Minimum; m == nil || *m != 40 {
		t.Errorf("minimum %v", m)
	}
	if s := cfg.Sections[5]; s.TimeLimitSeconds != 1200 || s.Minutes < 20 {
		t.Errorf("time limit %+v", s)
	}
}

// Adding a family the role does not weigh gives it an equal share before renormalising.
func TestBuildConfigNewFamilyWeight(t *testing.T) {
	cat := loadCatalog(t)
	cfg, err := assess.BuildConfig(cat, assess.Spec{RoleID: "ecommerce-customer-support", Add: []string{"excel-sales-validation"}})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(cfg.Families[catalog.Competency]-2.0/3) > 1e-9 || math.Abs(cfg.Families[catalog.Technical]-1.0/3) > 1e-9 {
		t.Errorf("families %v", cfg.Families)
	}
}

func TestBuildConfigRejects(t *testing.T) {
	cat := loadCatalog(t)
	base := func() assess.Spec { return assess.Spec{RoleID: "sales-back-office"} }
	tests := []struct {
		name  string
		edit  func(*assess.Spec)
		field string
	}{
		{"unknown role", func(s *assess.Spec) { s.RoleID = "astronaut" }, "roleId"},
		{"bad language", func(s *assess.Spec) { s.Lang = "fr" }, "lang"},
		{"unknown instrument", func(s *assess.Spec) { s.Add = []string{"telepathy"} }, "add[0]"},
		{"instrument already in", func(s *assess.Spec) { s.Add = []string{"digital-ease"} }, "add[0]"},
		{"removing one not in the mix", func(s *assess.Spec) { s.Remove = []string{"disc-profile"} }, "remove[0]"},
		{"removing everything", func(s *assess.Spec) {
			s.Remove = []string{"order-workload", "information-care", "impulse-control", "digital-ease", "excel-sales-validation"}
		}, "remove"},
		{"weights not summing to 1", func(s *assess.Spec) {
			s.Weights = map[catalog.Family]float64{catalog.Competency: 0.5, catalog.Technical: 0.2}
		}, "weights"},
		{"weight on an absent family", func(s *assess.Spec) {
			s.Weights = map[catalog.Family]float64{catalog.Competency: 0.5, catalog.Cognitive: 0.5}
		}, "weights.cognitive"},
		{"family left without weight", func(s *assess.Spec) {
			s.Weights = map[catalog.Family]float64{catalog.Competency: 1}
		}, "weights.technical"},
		{"minimum out of range", func(s *assess.Spec) { s.Minimums = map[string]float64{"digital-ease": 95} }, "minimums.digital-ease"},
		{"minimum on a foreign instrument", func(s *assess.Spec) { s.Minimums = map[string]float64{"resilience": 40} }, "minimums.resilience"},
		{"raw minimum out of the metric's range", func(s *assess.Spec) { s.MinimumsRaw = map[string]float64{"digital-ease": 7} }, "minimumsRaw.digital-ease"},
		{"raw share minimum above 1", func(s *assess.Spec) { s.MinimumsRaw = map[string]float64{"excel-sales-validation": 1.5} }, "minimumsRaw.excel-sales-validation"},
		{"both a T and a raw minimum", func(s *assess.Spec) {
			s.Minimums = map[string]float64{"digital-ease": 40}
			s.MinimumsRaw = map[string]float64{"digital-ease": 3}
		}, "minimumsRaw.digital-ease"},
		{"time limit too short", func(s *assess.Spec) { s.TimeLimits = map[string]int{"excel-sales-validation": 5} }, "timeLimits.excel-sales-validation"},
		{"expiry too long", func(s *assess.Spec) { s.InviteExpiryDays = 400 }, "inviteExpiryDays"},
		{"name too long", func(s *assess.Spec) { s.Name = strings.Repeat("x", 200) }, "name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := base()
			tt.edit(&spec)
			_, err := assess.BuildConfig(cat, spec)
			if assess.CodeOf(err) != assess.Invalid {
				t.Fatalf("err = %v, want invalid", err)
			}
			if e := err.(*assess.Error); e.Fields[tt.field] == "" {
				t.Errorf("fields %v do not name %s", e.Fields, tt.field)
			}
		})
	}
}

func TestTokens(t *testing.T) {
	tok, hash := assess.NewToken(assess.SessionPrefix)
	if !assess.WellFormedToken(tok, assess.SessionPrefix) || assess.WellFormedToken(tok, assess.InvitePrefix) {
		t.Errorf("shape check wrong for %q", tok)
	}
	if !assess.TokenMatches(tok, hash) || assess.TokenMatches(tok+"x", hash) {
		t.Error("hash comparison wrong")
	}
	other, _ := assess.NewToken(assess.SessionPrefix)
	if other == tok {
		t.Error("two tokens alike")
	}
	for _, bad := range []string{"", "sls_", "sls_" + strings.Repeat("!", 43), tok[:len(tok)-1]} {
		if assess.WellFormedToken(bad, assess.SessionPrefix) {
			t.Errorf("accepted %q", bad)
		}
	}
	id := assess.NewID()
	if !assess.ValidID(id) || assess.ValidID(id[:25]) || assess.ValidID(strings.ToUpper(id)) {
		t.Errorf("id checks wrong for %q", id)
	}

	// A bound token names its record; only the whole token matches the stored hash.
	bound, bhash := assess.NewBoundToken(assess.InvitePrefix, id)
	if got, ok := assess.TokenOwner(bound, assess.InvitePrefix); !ok || got != id {
		t.Errorf("TokenOwner(%q) = %q, %v; want %q", bound, got, ok, id)
	}
	if _, ok := assess.TokenOwner(bound, assess.SessionPrefix); ok {
		t.Error("an invite token was taken as a session token")
	}
	if !assess.TokenMatches(bound, bhash) {
		t.Error("bound token does not match its hash")
	}
	other2, _ := assess.NewBoundToken(assess.InvitePrefix, id)
	if assess.TokenMatches(other2, bhash) {
		t.Error("another token for the same id matches the first one's hash")
	}
	for _, bad := range []string{bound[:len(bound)-1], bound[:30] + "-" + bound[31:], "sli_" + strings.ToUpper(id) + bound[30:], bound + "A"} {
		if _, ok := assess.TokenOwner(bad, assess.InvitePrefix); ok {
			t.Errorf("TokenOwner accepted %q", bad)
		}
	}
}

// TestRawMinimumStaysPut: a minimum on the scale's own metric is the same line whatever
// the norm (a T minimum moves with it once local norms apply).
func TestRawMinimumStaysPut(t *testing.T) {
	cat := loadCatalog(t)
	cfg, err := assess.BuildConfig(cat, assess.Spec{RoleID: "sales-back-office", MinimumsRaw: map[string]float64{"excel-sales-validation": 0.6}})
	if err != nil {
		t.Fatal(err)
	}
	var got *float64
	for _, s := range cfg.Sections {
		if s.Instrument == "excel-sales-validation" {
			got = s.MinimumRaw
		}
	}
	if got == nil || *got != 0.6 {
		t.Fatalf("raw minimum not kept: %v", got)
	}
}

// TestSJTScenesFitTheRole: an assessment gives each role only the SJT scenes that fit its
// industry (or any workplace), at least catalog.MinFittingSJT of them, whether the SJT is
// in the role's mix or added by the hiring team; the section's hash names that selection,
// so presentation and scoring see the same scenes and the SJT's maximum counts only them.
func TestSJTScenesFitTheRole(t *testing.T) {
	cat := loadCatalog(t)
	const sjt = "work-judgment"
	full, _ := cat.Instrument(sjt)
	for _, role := range cat.Roles("") {
		var add []string
		inMix := false
		for _, e := range role.Mix {
			inMix = inMix || e.Instrument == sjt
		}
		if !inMix {
			add = []string{sjt}
		}
		a := assessmentFor(t, cat, role.ID, add...)
		for i, sec := range a.Config.Sections {
			if sec.Instrument != sjt {
				continue
			}
			inst, err := cat.InstrumentAt(sec.Instrument, sec.Hash)
			if err != nil {
				t.Fatalf("%s: %v", role.ID, err)
			}
			if len(inst.Items) < catalog.MinFittingSJT || len(inst.Items) >= len(full.Items) {
				t.Errorf("%s: %d of %d scenes", role.ID, len(inst.Items), len(full.Items))
			}
			for _, it := range inst.Items {
				if !it.FitsIndustry(role.Industry) || len(it.Fits) == 0 {
					t.Errorf("%s (%s) is given %s, which fits %v", role.ID, role.Industry, it.ID, it.Fits)
				}
			}
			sc := scoredSession(t, cat, a, "s-"+role.ID, 3, -1)
			if got := sc.Sections[i].Scales[0].Items; got != len(inst.Items) {
				t.Errorf("%s: the SJT is scored over %d scenes, the role was given %d", role.ID, got, len(inst.Items))
			}
		}
	}
}
