package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"shortlist/shared/app"
	"shortlist/shared/app/settings"
	"shortlist/shared/assess/assesstest"
	"shortlist/shared/store"
	"shortlist/shared/store/bolt"
	"shortlist/shared/store/table"
)

func TestAdminOrgAndKeys(t *testing.T) {
	dir := t.TempDir()
	env := func(string) string { return "" }
	admin := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(context.Background(), append([]string{"-data", dir}, args...), env, &out)
		return out.String(), err
	}
	out, err := admin("org", "create", "Acme Hiring")
	if err != nil {
		t.Fatal(err)
	}
	org := regexp.MustCompile(`organisation ([a-z2-7]{26})`).FindStringSubmatch(out)
	key := regexp.MustCompile(`API key \(shown once\): (slk_\S{43})`).FindStringSubmatch(out)
	if org == nil || key == nil {
		t.Fatalf("output %q", out)
	}
	out, err = admin("key", "create", org[1], "-label", "ci", "-role", "viewer")
	if err != nil {
		t.Fatal(err)
	}
	second := regexp.MustCompile(`key id ([a-z2-7]{26})`).FindStringSubmatch(out)
	list, err := admin("key", "list", org[1])
	if err != nil || strings.Count(list, "active") != 2 || !regexp.MustCompile(`ci\s+viewer`).MatchString(list) || strings.Contains(list, key[1]) {
		t.Fatalf("list %q %v (a key's secret must never be listed)", list, err)
	}
	if _, err := admin("key", "revoke", org[1], second[1]); err != nil {
		t.Fatal(err)
	}
	list, _ = admin("key", "list", org[1])
	if strings.Count(list, "active") != 1 || !strings.Contains(list, "revoked") {
		t.Errorf("after revoke: %q", list)
	}
	for _, bad := range [][]string{{}, {"org"}, {"key", "create", "nosuchorg"}, {"org", "create", ""}, {"key", "create", org[1], "-role", "admin"}} {
		if _, err := admin(bad...); err == nil {
			t.Errorf("admin %v succeeded", bad)
		}
	}
}

// reports requeue queues every scored candidate of an organisation's assessments (or of
// the one named) for the reports sweep, and no one else.
func TestReportsRequeue(t *testing.T) {
	ctx := context.Background()
	dir, bt, st, j := seeded(t, "Ana", "Bea")
	svc := st.Deps.Journey
	org, a := j.Org, j.Assessment
	ss := j.Take(t, svc, 0, true)
	if _, err := st.Scorer.Score(ctx, ss.ID); err != nil {
		t.Fatal(err)
	}
	// The reports were stored since: their marker is gone.
	if err := st.Repo.DropPendingReport(ctx, ss.ID, ss.CompletedAt); err != nil {
		t.Fatal(err)
	}
	bt.Close()

	var out bytes.Buffer
	if err := run(ctx, []string{"-data", dir, "reports", "requeue", org.ID}, func(string) string { return "" }, &out); err != nil {
		t.Fatalf("requeue: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "assessment "+a.ID+": 1 scored candidates queued") {
		t.Errorf("output %q", out.String())
	}
	if err := run(ctx, []string{"-data", dir, "reports", "requeue", org.ID, "nosuchassessment"}, func(string) string { return "" }, &out); err == nil {
		t.Error("requeue of an unknown assessment succeeded")
	}
	bt, err := bolt.Open(dir, table.Shortlist(), bolt.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer bt.Close()
	p, _, err := store.New(bt).PendingReports(ctx, "", 0)
	if err != nil || len(p) != 1 || p[0].SessionID != ss.ID || !p[0].CompletedAt.Equal(ss.CompletedAt) || p[0].OrgID != org.ID {
		t.Fatalf("markers after the requeue: %+v %v", p, err)
	}
}

// counts recount rebuilds an assessment's counts from its candidates and sessions, for
// one whose counter item is missing (stored before counting began, or lost).
func TestCountsRecount(t *testing.T) {
	ctx := context.Background()
	dir, bt, st, j := seeded(t, "Ana", "Bea", "Carla")
	svc := st.Deps.Journey
	org, a := j.Org, j.Assessment
	j.Take(t, svc, 0, true)
	if err := bt.Delete(ctx, store.Key{PK: "ORG#" + org.ID, SK: "CNT#" + a.ID}, store.Cond{}); err != nil {
		t.Fatal(err)
	}
	if c, err := st.Repo.AssessmentCounts(ctx, org.ID); err != nil || len(c) != 0 {
		t.Fatalf("counts after deleting the item: %+v %v", c, err)
	}
	bt.Close()

	var out bytes.Buffer
	if err := run(ctx, []string{"-data", dir, "counts", "recount", org.ID}, func(string) string { return "" }, &out); err != nil {
		t.Fatalf("recount: %v\n%s", err, out.String())
	}
	if want := "assessment " + a.ID + ": 3 invited, 1 completed (open)"; !strings.Contains(out.String(), want) {
		t.Errorf("output %q, want %q", out.String(), want)
	}
	if err := run(ctx, []string{"-data", dir, "counts", "recount", org.ID, "nosuchassessment"}, func(string) string { return "" }, &out); err == nil {
		t.Error("recount of an unknown assessment succeeded")
	}
	bt, err := bolt.Open(dir, table.Shortlist(), bolt.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer bt.Close()
	c, err := store.New(bt).AssessmentCounts(ctx, org.ID)
	if err != nil || c[a.ID].Invited != 3 || c[a.ID].Completed != 1 {
		t.Fatalf("counts after the recount: %+v %v", c, err)
	}
}

// seeded is an embedded store in a temporary directory with an organisation, a Sales Back
// Office assessment and one invited candidate per name; the caller closes bt before
// running the command on dir.
func seeded(t *testing.T, names ...string) (string, *bolt.Table, app.Stack, assesstest.Journey) {
	t.Helper()
	dir := t.TempDir()
	bt, err := bolt.Open(dir, table.Shortlist(), bolt.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st, err := app.New(settings.Config{}, nil, bt, nil)
	if err != nil {
		t.Fatal(err)
	}
	return dir, bt, st, assesstest.New(t, st.Deps.Journey, st.Repo, "sales-back-office", names...)
}
