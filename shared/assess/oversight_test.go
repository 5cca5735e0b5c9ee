package assess_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/catalog"
	"shortlist/shared/store"
	"shortlist/shared/store/bolt"
	"shortlist/shared/store/table"
)

func TestApplySettingsChangesOnlyWhatItIsGiven(t *testing.T) {
	t.Parallel()
	own := assess.Notice{ES: "Aviso de {org}", EN: "{org}'s notice"}
	region := assess.Notice{ES: "Región", EN: "Region"}
	org := assess.Organisation{Name: "Acme", RetentionDays: 90, Notice: own, GroupField: region}
	empty := assess.Notice{}
	other := assess.Notice{ES: "Otro", EN: "Other"}
	for _, tc := range []struct {
		name        string
		in          assess.Settings
		days        int
		notice, grp assess.Notice
		field       string // the refused field, if any
	}{
		{name: "nothing given", in: assess.Settings{}, days: 90, notice: own, grp: region},
		{name: "retention only", in: assess.Settings{RetentionDays: 60}, days: 60, notice: own, grp: region},
		{name: "notice replaced", in: assess.Settings{Notice: &other}, days: 90, notice: other, grp: region},
		{name: "notice cleared", in: assess.Settings{Notice: &empty}, days: 90, notice: empty, grp: region},
		{name: "group question cleared", in: assess.Settings{GroupField: &empty}, days: 90, notice: own, grp: empty},
		{name: "one language only", in: assess.Settings{Notice: &assess.Notice{ES: "solo"}}, field: "notice"},
		{name: "group label too long", in: assess.Settings{GroupField: &assess.Notice{ES: strings.Repeat("x", 61), EN: "x"}}, field: "groupField"},
		{name: "retention too short", in: assess.Settings{RetentionDays: 5}, field: "retentionDays"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := assess.ApplySettings(org, tc.in)
			if tc.field != "" {
				var e *assess.Error
				if assess.CodeOf(err) != assess.Invalid || !errors.As(err, &e) || e.Fields[tc.field] == "" {
					t.Fatalf("want a refusal naming %s, got %v", tc.field, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.RetentionDays != tc.days || got.Notice != tc.notice || got.GroupField != tc.grp || got.Name != org.Name {
				t.Errorf("got %+v", got)
			}
		})
	}
}

func TestCheckFairnessField(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"": "gender", "gender": "gender", "ageBand": "ageBand", "group": "group"} {
		if got, err := assess.CheckFairnessField(in); err != nil || got != want {
			t.Errorf("%q: %q, %v", in, got, err)
		}
	}
	if _, err := assess.CheckFairnessField("religion"); assess.CodeOf(err) != assess.Invalid || !strings.Contains(err.Error(), "gender, ageBand or group") {
		t.Errorf("an unknown field: %v", err)
	}
}

// GuideFor finds a scale's name and its interview questions in the instruments the
// assessment was built with, and says when one of them cannot be read.
func TestGuideFor(t *testing.T) {
	t.Parallel()
	cat := loadCatalog(t)
	cfg, err := assess.BuildConfig(cat, assess.Spec{RoleID: "sales-back-office", Lang: catalog.ES})
	if err != nil {
		t.Fatal(err)
	}
	a := assess.Assessment{Config: cfg}
	var scale catalog.Scale
	var questions int
	for _, sec := range cfg.Sections {
		inst, err := cat.InstrumentAt(sec.Instrument, sec.Hash)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range inst.Interview {
			if scale.ID == "" {
				for _, sc := range inst.Scales {
					if sc.ID == q.Scale {
						scale = sc
					}
				}
			}
			if q.Scale == scale.ID {
				questions++
			}
		}
	}
	if scale.ID == "" || questions == 0 {
		t.Fatal("the seed mix has no scale with interview questions (the test cannot check anything)")
	}
	g, err := assess.GuideFor(cat, a, scale.ID)
	if err != nil {
		t.Fatal(err)
	}
	if g.Name(catalog.ES) != scale.Name.ES || g.Name(catalog.EN) != scale.Name.EN || len(g.Questions) != questions {
		t.Errorf("guide for %s: %q, %d questions; want %q, %d", scale.ID, g.Name(catalog.EN), len(g.Questions), scale.Name.EN, questions)
	}
	for _, q := range g.Questions {
		if q.Scale != scale.ID || q.Question.ES == "" {
			t.Errorf("a question of another scale or without text: %+v", q)
		}
	}
	if g, err := assess.GuideFor(cat, a, "no-such-scale"); err != nil || g.Name(catalog.ES) != "no-such-scale" || len(g.Questions) != 0 {
		t.Errorf("an unknown scale: %+v, %v", g, err)
	}
	broken := assess.Assessment{Config: cfg}
	broken.Config.Sections = append([]assess.Section(nil), cfg.Sections...)
	broken.Config.Sections[0].Hash = "0000000000"
	if _, err := assess.GuideFor(cat, broken, scale.ID); err == nil {
		t.Error("an instrument version the catalog cannot read was skipped")
	}
}

// Oversight's use cases over an embedded table: decisions, self-identification, the
// export of one candidate (theirs only, not the assessment's), the audit log and erasure.
func TestOversightUseCases(t *testing.T) {
	t.Parallel()
	o, _, org := oversightOver(t)
	svc, ctx := o.Journey, context.Background()
	a, err := svc.CreateAssessment(ctx, org.ID, assess.Spec{RoleID: "sales-back-office"})
	if err != nil {
		t.Fatal(err)
	}
	inv, err := svc.Invite(ctx, org.ID, a.ID, []assess.InviteInput{{Name: "Ana Pérez"}, {Name: "Luis Gómez"}})
	if err != nil {
		t.Fatal(err)
	}
	ana, luis := inv[0].Candidate.ID, inv[1].Candidate.ID
	_, version := assess.NoticeFor(org)
	ss, _, err := svc.Start(ctx, inv[0].Token, assess.Ack{Acknowledged: true, NoticeVersion: version})
	if err != nil {
		t.Fatal(err)
	}
	by := assess.Actor{Kind: "user", ID: "u1", Label: "maria@acme.example"}

	if _, err := o.Decide(ctx, org.ID, "someotherassessment00000", ana, assess.Advance, by, "Strong case work."); assess.CodeOf(err) != assess.NotFound {
		t.Errorf("a decision under another assessment: %v", err)
	}
	if _, err := o.Decide(ctx, org.ID, a.ID, ana, assess.Advance, by, " "); assess.CodeOf(err) != assess.Invalid {
		t.Errorf("a decision without a note: %v", err)
	}
	d, err := o.Decide(ctx, org.ID, a.ID, ana, assess.Hold, by, "Interview next week.")
	if err != nil || d.Reviewer != by.Label || d.By != by {
		t.Fatalf("decide: %+v, %v", d, err)
	}
	if _, err := o.Decide(ctx, org.ID, a.ID, ana, assess.Advance, by, "After the interview."); err != nil {
		t.Fatal(err)
	}
	if _, err := o.Decide(ctx, org.ID, a.ID, luis, assess.Reject, by, "Did not start."); err != nil {
		t.Fatal(err)
	}
	if h, err := o.DecisionsOf(ctx, org.ID, a.ID, ana); err != nil || len(h) != 2 || h[0].Outcome != assess.Hold || h[1].Outcome != assess.Advance {
		t.Errorf("Ana's decision history (oldest first): %+v, %v", h, err)
	}
	latest, err := o.LatestDecisions(ctx, org.ID, a.ID)
	if err != nil || latest[ana].Outcome != assess.Advance || latest[luis].Outcome != assess.Reject {
		t.Errorf("latest decisions: %+v, %v", latest, err)
	}

	if err := o.SelfIdentify(ctx, ss, "woman", "", ""); assess.CodeOf(err) != assess.Conflict {
		t.Errorf("self-identification during the assessment: %v", err)
	}
	done := ss
	done.Status = assess.SessionCompleted
	if err := o.SelfIdentify(ctx, done, "woman", "25-34", " Norte "); err != nil {
		t.Fatal(err)
	}

	x, err := o.Export(ctx, org.ID, ana)
	if err != nil {
		t.Fatal(err)
	}
	if x.Candidate.Name != "Ana Pérez" || len(x.Decisions) != 2 || x.Session == nil || x.Session.ID != ss.ID ||
		x.SelfID == nil || x.SelfID.Group != "Norte" || x.Result != nil {
		t.Errorf("Ana's export: %+v", x)
	}
	for _, d := range x.Decisions {
		if d.CandidateID != ana {
			t.Errorf("Ana's export holds another candidate's decision: %+v", d)
		}
	}
	y, err := o.Export(ctx, org.ID, luis)
	if err != nil || len(y.Decisions) != 1 || y.Session != nil || y.SelfID != nil {
		t.Errorf("Luis's export (never started): %+v, %v", y, err)
	}

	if _, _, err := o.AuditLog(ctx, org.ID, "", assess.MaxAuditPage+1); assess.CodeOf(err) != assess.Invalid {
		t.Errorf("an audit page over the limit: %v", err)
	}

	e, err := o.Erase(ctx, org.ID, ana)
	if err != nil || e.AssessmentID != a.ID || e.HookErr != nil {
		t.Fatalf("erase: %+v, %v", e, err)
	}
	if _, err := o.Export(ctx, org.ID, ana); assess.CodeOf(err) != assess.NotFound {
		t.Errorf("export after erasure: %v", err)
	}
	if latest, _ := o.LatestDecisions(ctx, org.ID, a.ID); len(latest) != 1 || latest[luis].Outcome != assess.Reject {
		t.Errorf("decisions after Ana's erasure: %+v", latest)
	}
	if _, err := o.Erase(ctx, org.ID, ana); assess.CodeOf(err) != assess.NotFound {
		t.Errorf("erasing again: %v", err)
	}
}

// oversightOver is Oversight over an embedded table in a temporary directory, with one
// organisation.
func oversightOver(t *testing.T) (*assess.Oversight, *store.Repository, assess.Organisation) {
	t.Helper()
	tbl, err := bolt.Open(t.TempDir(), table.Shortlist(), bolt.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tbl.Close() })
	repo := store.New(tbl)
	org, err := assess.NewOrganisation("Acme", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := repo.CreateOrganisation(context.Background(), org); err != nil {
		t.Fatal(err)
	}
	return &assess.Oversight{Store: repo, Journey: &assess.Service{Repo: repo, Catalog: loadCatalog(t)}}, repo, org
}

// UpdateOrganisation stores all of a request's changes or, when one is refused, none.
func TestUpdateOrganisation(t *testing.T) {
	t.Parallel()
	o, repo, org := oversightOver(t)
	ctx := context.Background()
	stored := func() assess.Organisation {
		t.Helper()
		got, err := repo.Organisation(ctx, org.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	name, colour := "Acme SpA", "#1d4ed8"
	notice := assess.Notice{ES: "Aviso de {org}", EN: "{org}'s notice"}
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...)
	logo, err := assess.CheckLogo(png)
	if err != nil {
		t.Fatal(err)
	}
	got, err := o.UpdateOrganisation(ctx, org, assess.OrgChanges{Settings: assess.Settings{Notice: &notice},
		Name: &name, AccentColor: &colour, Logo: &logo})
	if err != nil {
		t.Fatal(err)
	}
	if s := stored(); s.Name != name || s.AccentColor != colour || s.Notice != notice || s.Logo != logo.Ref() || got.Logo != s.Logo {
		t.Errorf("stored %+v", s)
	}
	if l, err := o.Logo(ctx, got); err != nil || l.Type != logo.Type || len(l.Data) != len(png) {
		t.Errorf("logo %s %d bytes, %v", l.Type, len(l.Data), err)
	}

	// One refused field: nothing of the request is stored.
	bad, other := "#ffcc00", "Otra"
	if _, err := o.UpdateOrganisation(ctx, got, assess.OrgChanges{Name: &other, AccentColor: &bad}); assess.CodeOf(err) != assess.Invalid {
		t.Fatalf("a low-contrast colour: %v", err)
	}
	if s := stored(); s.Name != name || s.AccentColor != colour {
		t.Errorf("a refused request changed %+v", s)
	}

	// An empty logo removes it.
	got, err = o.UpdateOrganisation(ctx, got, assess.OrgChanges{Logo: &assess.LogoImage{}})
	if err != nil || got.Logo != (assess.LogoRef{}) || stored().Logo != (assess.LogoRef{}) {
		t.Fatalf("removing the logo: %+v, %v", got.Logo, err)
	}
	if l, err := o.Logo(ctx, got); err != nil || l.Type != "" {
		t.Errorf("after removal the logo reads %q, %v", l.Type, err)
	}
}
