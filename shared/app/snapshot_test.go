package app_test

import (
	"context"
	"encoding/json"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"shortlist/content"
	"shortlist/shared/assess"
	"shortlist/shared/catalog"
	"shortlist/shared/store"
	"shortlist/shared/store/bolt"
	"shortlist/shared/store/table"
)

// A content edit after an assessment was created never changes it: a process running the
// new content takes, saves and scores the assessment with the items it was built from.
func TestRunningAssessmentKeepsItsContentVersion(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	bt, err := bolt.Open(t.TempDir(), table.Shortlist(), bolt.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer bt.Close()
	repo := store.New(bt)
	oldCat, err := catalog.Load(content.Catalog())
	if err != nil {
		t.Fatal(err)
	}
	old := &assess.Service{Repo: repo, Catalog: oldCat}
	org, _ := assess.NewOrganisation("Acme", time.Now())
	if err := repo.CreateOrganisation(ctx, org); err != nil {
		t.Fatal(err)
	}
	a, err := old.CreateAssessment(ctx, org.ID, assess.Spec{RoleID: "ecommerce-customer-support"})
	if err != nil {
		t.Fatal(err)
	}
	inv, err := old.Invite(ctx, org.ID, a.ID, []assess.InviteInput{{Name: "Eva"}})
	if err != nil {
		t.Fatal(err)
	}

	// The next deploy rewrites the first item of the first instrument and drops another.
	first := a.Config.Sections[0].Instrument
	edited := fstest.MapFS{}
	err = fs.WalkDir(content.Catalog(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(content.Catalog(), p)
		if strings.HasSuffix(p, "/"+first+".json") {
			var in map[string]any
			json.Unmarshal(b, &in)
			items := in["items"].([]any)
			items[0].(map[string]any)["text"] = map[string]any{"es": "Texto nuevo del ítem uno.", "en": "New text of item one."}
			in["items"] = items[:len(items)-1]
			b, _ = json.Marshal(in)
		}
		edited[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	newCat, err := catalog.Load(edited)
	if err != nil {
		t.Fatal(err)
	}
	if inst, _ := newCat.Instrument(first); inst.Hash == a.Config.Sections[0].Hash || len(inst.Items) == len(mustAt(t, oldCat, a, 0).Items) {
		t.Fatal("the edit did not change the instrument")
	}
	newCat.SetSnapshots(func(id, hash string) ([]byte, error) { return repo.Snapshot(ctx, id, hash) })
	svc := &assess.Service{Repo: repo, Catalog: newCat}

	ss, _, err := svc.Start(ctx, inv[0].Token, assess.Ack{Acknowledged: true, NoticeVersion: assess.NoticeVersion})
	if err != nil {
		t.Fatal(err)
	}
	if ss, err = svc.StartSection(ctx, ss, a, 0); err != nil {
		t.Fatal(err)
	}
	inst, err := svc.Instrument(a.Config.Sections[0])
	if err != nil {
		t.Fatal(err)
	}
	want := mustAt(t, oldCat, a, 0)
	if inst.Hash != want.Hash || len(inst.Items) != len(want.Items) || inst.Items[0].Text != want.Items[0].Text {
		t.Fatalf("the running assessment got the new content: %d items, %q", len(inst.Items), inst.Items[0].Text.EN)
	}
	// Every original item still takes answers (the last one is gone from the new content).
	var answers []assess.Answer
	for _, it := range want.Items {
		answers = append(answers, assess.Answer{Item: it.ID, Value: json.RawMessage("3")})
	}
	if _, err := svc.SaveAnswers(ctx, ss, a, assess.Batch{Seq: 1, Section: 0, Answers: answers}); err != nil {
		t.Fatalf("saving the original items: %v", err)
	}
	for n := 1; n < len(ss.Sections); n++ {
		if ss, err = svc.StartSection(ctx, ss, a, n); err != nil {
			t.Fatal(err)
		}
	}
	if ss, err = svc.Complete(ctx, ss); err != nil {
		t.Fatal(err)
	}
	scorer := &assess.Scorer{Repo: repo, Catalog: newCat}
	if _, err := scorer.Score(ctx, ss.ID); err != nil {
		t.Fatalf("scoring against the snapshot: %v", err)
	}
	res, _ := repo.Result(ctx, org.ID, ss.ID)
	sc := res.Scores
	if got := sc.Sections[0].Scales[0]; got.Answered != len(want.Items) || got.Items != len(want.Items) {
		t.Errorf("scored %d of %d items, want all %d of the original version", got.Answered, got.Items, len(want.Items))
	}
}

func mustAt(t *testing.T, cat *catalog.Catalog, a assess.Assessment, i int) *catalog.Instrument {
	t.Helper()
	in, err := cat.InstrumentAt(a.Config.Sections[i].Instrument, a.Config.Sections[i].Hash)
	if err != nil {
		t.Fatal(err)
	}
	return in
}
