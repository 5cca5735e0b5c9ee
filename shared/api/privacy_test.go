package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"shortlist/shared/api"
	"shortlist/shared/assess"
	"shortlist/shared/catalog"
	"shortlist/shared/store"
	"shortlist/shared/store/bolt"
	"shortlist/shared/store/table"
)

// openBolt is an embedded repository whose expiry clock is now.
func openBolt(t *testing.T, now func() time.Time) (*store.Repository, *bolt.Table) {
	t.Helper()
	bt, err := bolt.Open(t.TempDir(), table.Shortlist(), bolt.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { bt.Close() })
	return store.New(bt), bt
}

// finish takes a started candidate through every section, answering each item of the
// given kinds with answer(item) (nil: the journey test's valid answers), and completes.
func (c *candidate) finish(answer func(it catalog.Item, key int) json.RawMessage) {
	st := c.st
	for n := 1; n <= len(c.session().Sections); n++ {
		sc := c.startSection(n)
		inst, _ := st.cat.Instrument(sc.Section.Instrument)
		var batch []map[string]any
		for _, id := range ids(sc) {
			p := st.presented(sc, id) // the catalog item behind the opaque id
			var v json.RawMessage
			if answer != nil && inst.Kind == catalog.Likert {
				v = answer(*p.Item, p.Item.Key)
			} else {
				v = validAnswer(st.t, st.cat, sc.Section.Instrument, p.Item.ID, contentIndex(inst, p.Item.ID))
			}
			shown, err := assess.ShownValue(inst.Kind, p, v)
			if err != nil {
				st.t.Fatal(err)
			}
			batch = append(batch, map[string]any{"item": id, "value": shown, "ms": 4000})
			c.sent[p.Item.ID], c.shown[id] = v, shown
		}
		for i := 0; i < len(batch); i += 30 {
			st.must(st.call("PUT", "/v1/session/answers", c.token, map[string]any{"seq": c.nextSeq, "section": n, "answers": batch[i:min(i+30, len(batch))]}), 200)
			c.nextSeq++
		}
		st.must(st.call("POST", fmt.Sprintf("/v1/session/sections/%d/finish", n), c.token, nil), 200)
	}
	st.must(st.call("POST", "/v1/session/complete", c.token, nil), 200)
}

// contentIndex is an item's place in its instrument (stable, unlike the session's order).
func contentIndex(inst *catalog.Instrument, id string) int {
	for i, it := range inst.Items {
		if it.ID == id {
			return i
		}
	}
	return 0
}

// The candidate reads the organisation's notice before Start; a changed notice must be
// read (and acknowledged) again; no acknowledgement, no start.
func TestNoticeAndAcknowledgement(t *testing.T) {
	t.Parallel()
	repo, _ := openBolt(t, nil)
	st := newStack(t, repo, seedOrg(repo))
	aid := st.createAssessment("ecommerce-customer-support")
	tok := inviteToken(st.invite(aid, "Luz Mora")[0].Link)
	var pv struct {
		Organisation, NoticeVersion, DecidedBy string
		Notice                                 struct{ ES, EN string }
		RetentionDays                          int
		Assessment                             struct {
			Sections []struct{ Name, Observes string }
		}
	}
	st.must(st.call("POST", "/v1/invites/preview", "", map[string]any{"inviteToken": tok}), 200).decode(t, &pv)
	if pv.Organisation != "Acme Hiring" || !strings.Contains(pv.Notice.ES, "Acme Hiring") || !strings.Contains(pv.Notice.EN, "180 days") ||
		pv.NoticeVersion != assess.DefaultNoticeVersion || len(pv.Assessment.Sections) != 6 || pv.DecidedBy == "" {
		t.Fatalf("preview %+v", pv)
	}
	// The organisation writes its own notice and a shorter retention period.
	var org struct{ NoticeVersion string }
	st.must(st.call("PUT", "/v1/organisation", st.key, map[string]any{"retentionDays": 90,
		"notice":     map[string]string{"es": "Aviso propio de {org}: guardamos tus datos {days} días.", "en": "{org}'s own notice: we keep your data for {days} days."},
		"groupField": map[string]string{"es": "Región", "en": "Region"}}), 200).decode(t, &org)
	if org.NoticeVersion == assess.DefaultNoticeVersion {
		t.Fatal("a custom notice kept the default's version")
	}
	start := func(version string, ack bool) reply {
		return st.call("POST", "/v1/sessions", "", map[string]any{"inviteToken": tok, "acknowledged": ack, "noticeVersion": version})
	}
	if r := start(org.NoticeVersion, false); r.status != 400 || !strings.Contains(string(r.body), "acknowledged") {
		t.Errorf("start without acknowledgement: %d %s", r.status, r.body)
	}
	if r := start(assess.DefaultNoticeVersion, true); r.status != 400 || !strings.Contains(string(r.body), "noticeVersion") {
		t.Errorf("start acknowledging the old notice: %d %s", r.status, r.body)
	}
	st.must(st.call("POST", "/v1/invites/preview", "", map[string]any{"inviteToken": tok}), 200).decode(t, &pv)
	var withGroup struct{ GroupField struct{ ES, EN string } }
	st.must(st.call("POST", "/v1/invites/preview", "", map[string]any{"inviteToken": tok}), 200).decode(t, &withGroup)
	if withGroup.GroupField.EN != "Region" {
		t.Errorf("the preview does not carry the group question's label: %+v", withGroup)
	}
	if pv.NoticeVersion != org.NoticeVersion || !strings.Contains(pv.Notice.EN, "Acme Hiring's own notice: we keep your data for 90 days") {
		t.Errorf("preview after the change: %+v", pv)
	}
	st.must(start(org.NoticeVersion, true), 201)
	for _, bad := range []map[string]any{{"retentionDays": 5}, {"notice": map[string]string{"es": "solo español"}}} {
		if r := st.call("PUT", "/v1/organisation", st.key, bad); r.status != 400 {
			t.Errorf("settings %v: %d %s", bad, r.status, r.body)
		}
	}
}

// PUT /v1/organisation changes only what it is given: a PUT without the notice (a
// retention change, a branding change) keeps the organisation's own notice and group
// question; only an explicit empty one clears it. GET answers the notice as the candidate
// reads it (placeholders filled, the version they acknowledge) and, apart, as written.
func TestOrganisationNoticeKeptUnlessCleared(t *testing.T) {
	t.Parallel()
	repo, _ := openBolt(t, nil)
	st := newStack(t, repo, seedOrg(repo))
	aid := st.createAssessment("ecommerce-customer-support")
	tok := inviteToken(st.invite(aid, "Eva Rojas")[0].Link)
	type notice struct{ ES, EN string }
	type orgJSON struct {
		Notice        notice
		NoticeText    notice
		NoticeVersion string
		CustomNotice  bool
		GroupField    notice
		RetentionDays int
		DisplayName   string
	}
	get := func() orgJSON {
		var o orgJSON
		st.must(st.call("GET", "/v1/organisation", st.key, nil), 200).decode(t, &o)
		return o
	}
	put := func(body map[string]any) orgJSON {
		var o orgJSON
		st.must(st.call("PUT", "/v1/organisation", st.key, body), 200).decode(t, &o)
		if g := get(); g != o {
			t.Fatalf("PUT answered %+v, GET then %+v", o, g)
		}
		return o
	}
	preview := func() (notice, string) {
		var pv struct {
			Notice        notice
			NoticeVersion string
		}
		st.must(st.call("POST", "/v1/invites/preview", "", map[string]any{"inviteToken": tok}), 200).decode(t, &pv)
		return pv.Notice, pv.NoticeVersion
	}
	own := notice{ES: "Aviso de {org}: guardamos tus datos {days} días.", EN: "{org}'s notice: we keep your data for {days} days."}
	region := notice{ES: "Región", EN: "Region"}

	o := put(map[string]any{"retentionDays": 90, "notice": map[string]string{"es": own.ES, "en": own.EN},
		"groupField": map[string]string{"es": region.ES, "en": region.EN}})
	want := notice{ES: "Aviso de Acme Hiring: guardamos tus datos 90 días.", EN: "Acme Hiring's notice: we keep your data for 90 days."}
	if !o.CustomNotice || o.Notice != want || o.NoticeText != own || o.GroupField != region {
		t.Fatalf("after setting a notice: %+v", o)
	}
	if n, v := preview(); n != o.Notice || v != o.NoticeVersion {
		t.Errorf("GET shows %+v (%s), the candidate reads %+v (%s)", o.Notice, o.NoticeVersion, n, v)
	}

	// A retention change alone: the notice as written and the group question stay; the
	// rendered notice says the new period, under a new version.
	o2 := put(map[string]any{"retentionDays": 60})
	if !o2.CustomNotice || o2.NoticeText != own || o2.GroupField != region || o2.RetentionDays != 60 ||
		!strings.Contains(o2.Notice.EN, "60 days") || o2.NoticeVersion == o.NoticeVersion {
		t.Errorf("a PUT without the notice changed it: %+v", o2)
	}
	// A branding change alone: nothing of the notice moves.
	if o3 := put(map[string]any{"displayName": "Acme Talento"}); o3.NoticeText != own || o3.NoticeVersion != o2.NoticeVersion || o3.GroupField != region {
		t.Errorf("a branding PUT changed the notice: %+v", o3)
	}
	if n, v := preview(); n != o2.Notice || v != o2.NoticeVersion {
		t.Errorf("after PUTs without a notice the candidate reads %+v (%s)", n, v)
	}

	// Only an explicit empty notice restores the default; the group question is apart.
	o4 := put(map[string]any{"notice": map[string]string{"es": "", "en": ""}})
	if o4.CustomNotice || o4.NoticeText != (notice{}) || o4.NoticeVersion != assess.DefaultNoticeVersion ||
		!strings.Contains(o4.Notice.EN, "Acme Hiring") || !strings.Contains(o4.Notice.EN, "60 days") || o4.GroupField != region {
		t.Errorf("clearing the notice: %+v", o4)
	}
	if n, v := preview(); n != o4.Notice || v != assess.DefaultNoticeVersion {
		t.Errorf("after clearing, the candidate reads %+v (%s)", n, v)
	}
	if o5 := put(map[string]any{"groupField": map[string]string{"es": "", "en": ""}}); o5.GroupField != (notice{}) {
		t.Errorf("clearing the group question: %+v", o5)
	}
}

// Erasure leaves nothing personal in the table or the bucket, and an audit record that
// names no person.
func TestErasureLeavesNothingPersonal(t *testing.T) {
	t.Parallel()
	repo, bt := openBolt(t, nil)
	st := newStack(t, repo, seedOrg(repo))
	aid := st.createAssessment("sales-back-office")
	inv := st.invite(aid, "Rocío Quintana")
	keep := st.invite(aid, "Tomás Herrera")
	for i, in := range []invitedRow{inv[0], keep[0]} {
		first := []string{"Rocío", "Tomás"}[i]
		c := st.start(inviteToken(in.Link))
		c.finish(nil)
		st.must(st.call("POST", "/v1/session/self-identification", c.token, map[string]any{"gender": "woman", "group": fmt.Sprint("g", i)}), 200)
		st.must(st.call("POST", "/v1/assessments/"+aid+"/candidates/"+in.CandidateID+"/decision", st.key,
			map[string]string{"decision": "hold", "reviewer": "María (HR)", "note": "Interview " + first + " next week about detail work."}), 201)
	}
	st.must(st.call("POST", "/v1/assessments/"+aid+"/reports", st.key, nil), 201)
	var export map[string]any
	st.must(st.call("GET", "/v1/candidates/"+inv[0].CandidateID+"/export", st.key, nil), 200).decode(t, &export)
	if export["session"] == nil || export["scores"] == nil || export["selfIdentification"] == nil {
		t.Fatalf("export lacks parts: %v", keysOf(export))
	}

	personal := []string{"Rocío Quintana", "Rocío", "rocío.quintana@example.com", inv[0].CandidateID}
	if got := scanTable(t, bt, personal); len(got) == 0 {
		t.Fatal("before erasure the table should hold the candidate (the scan is broken)")
	}
	var erased struct {
		Erased         bool
		ReportsDeleted int
	}
	st.must(st.call("DELETE", "/v1/candidates/"+inv[0].CandidateID, st.key, nil), 200).decode(t, &erased)
	if !erased.Erased || erased.ReportsDeleted < 4 {
		t.Errorf("erase: %+v", erased)
	}
	for _, hit := range scanTable(t, bt, personal[:3]) {
		t.Errorf("after erasure the table still holds %s", hit)
	}
	for _, hit := range scanFiles(t, st.blobDir, personal[:3]) {
		t.Errorf("after erasure the bucket still holds %s", hit)
	}
	// The erased candidate is gone everywhere; the other stays whole.
	if r := st.call("GET", "/v1/assessments/"+aid+"/candidates/"+inv[0].CandidateID, st.key, nil); r.status != 404 {
		t.Errorf("erased candidate's detail: %d", r.status)
	}
	if r := st.call("DELETE", "/v1/candidates/"+inv[0].CandidateID, st.key, nil); r.status != 404 {
		t.Errorf("erasing again: %d", r.status)
	}
	if got := st.statuses(aid); len(got) != 1 || got[keep[0].CandidateID] != "scored" {
		t.Errorf("statuses after erasure %v", got)
	}
	var audit struct {
		Events []struct{ Action, Target string }
	}
	r := st.must(st.call("GET", "/v1/audit", st.key, nil), 200)
	r.decode(t, &audit)
	found := false
	for _, e := range audit.Events {
		found = found || (e.Action == "candidate.erase" && e.Target == "candidate:"+inv[0].CandidateID)
	}
	if !found || bytes.Contains(r.body, []byte("Rocío")) {
		t.Errorf("audit log %s", r.body)
	}
}

func keysOf(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// scanTable reads every item on disk (expired or not) and reports which hold any needle.
func scanTable(t *testing.T, bt *bolt.Table, needles []string) []string {
	var hits []string
	err := bt.Scan(func(it store.Item) error {
		b, _ := json.Marshal(it)
		for k, v := range it {
			if raw, ok := v.([]byte); ok {
				b = append(b, raw...)
				_ = k
			}
		}
		for _, n := range needles {
			if bytes.Contains(b, []byte(n)) {
				hits = append(hits, fmt.Sprintf("%q in %s/%s", n, it.Str(table.PK), it.Str(table.SK)))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hits
}

// scanFiles reads every stored object and reports which hold any needle.
func scanFiles(t *testing.T, dir string, needles []string) []string {
	var hits []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, n := range needles {
			if bytes.Contains(b, []byte(n)) {
				hits = append(hits, fmt.Sprintf("%q in %s", n, p))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hits
}

// Past its retention date a candidate's data is unreadable at once, before any TTL sweep.
func TestRetentionExpiryIsImmediate(t *testing.T) {
	t.Parallel()
	clk := &clock{now: time.Now().UTC()}
	repo, _ := openBolt(t, clk.Now)
	st := newStackAt(t, repo, seedOrg(repo), clk)
	st.must(st.call("PUT", "/v1/organisation", st.key, map[string]any{"retentionDays": 30}), 200)
	aid := st.createAssessment("ecommerce-customer-support")
	inv := st.invite(aid, "Pilar Soto")
	c := st.start(inviteToken(inv[0].Link))
	c.finish(nil)
	if got := st.statuses(aid); got[inv[0].CandidateID] != "scored" {
		t.Fatalf("status %v", got)
	}
	// Invite expiry (14 days) + the longest session (7) + retention (30), and a second.
	clk.Advance((14+7+30)*24*time.Hour + time.Second)
	if got := st.statuses(aid); len(got) != 0 {
		t.Errorf("after retention the candidate list still shows %v", got)
	}
	for _, path := range []string{"/v1/assessments/" + aid + "/candidates/" + inv[0].CandidateID, "/v1/candidates/" + inv[0].CandidateID + "/export"} {
		if r := st.call("GET", path, st.key, nil); r.status != 404 {
			t.Errorf("GET %s after retention: %d %.200s", path, r.status, r.body)
		}
	}
	if r := st.call("GET", "/v1/session", c.token, nil); r.status != 401 {
		t.Errorf("the session token after retention: %d", r.status)
	}
	var ranking struct{ Ranking []any }
	st.must(st.call("GET", "/v1/assessments/"+aid+"/ranking", st.key, nil), 200).decode(t, &ranking)
	if len(ranking.Ranking) != 0 {
		t.Errorf("ranking after retention: %d rows", len(ranking.Ranking))
	}
	if results, _ := repo.Results(context.Background(), st.orgID, aid); len(results) != 0 {
		t.Errorf("%d results readable after retention", len(results))
	}
}

// Scoring output is byte-identical with and without self-identification data present.
func TestScoringIgnoresSelfIdentification(t *testing.T) {
	t.Parallel()
	fixed := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	run := func(selfID bool) []byte {
		repo, _ := openBolt(t, nil)
		st := newStackAt(t, repo, seedOrg(repo), &clock{now: fixed})
		st.svc.Completed = nil // score by hand, after the self-identification
		aid := st.createAssessment("sales-back-office")
		c := st.start(inviteToken(st.invite(aid, "Inés Vidal")[0].Link))
		c.finish(nil)
		id, _ := assess.TokenOwner(c.token, assess.SessionPrefix)
		ss, err := repo.SessionByToken(context.Background(), id, assess.HashToken(c.token))
		if err != nil {
			t.Fatal(err)
		}
		if selfID {
			st.must(st.call("POST", "/v1/session/self-identification", c.token, map[string]any{"gender": "woman", "ageBand": "25-34", "group": "north"}), 200)
			if ids, _ := repo.SelfIDs(context.Background(), st.orgID, aid); len(ids) != 1 {
				t.Fatalf("self-identification not stored: %v", ids)
			}
		}
		if _, err := st.scorer.Score(context.Background(), ss.ID); err != nil {
			t.Fatal(err)
		}
		res, err := repo.Result(context.Background(), st.orgID, ss.ID)
		if err != nil {
			t.Fatal(err)
		}
		sc := res.Scores
		// Ids are random per run; everything scored must be equal.
		sc.SessionID, sc.OrgID, sc.AssessmentID, sc.CandidateID = "", "", "", ""
		out, _ := json.Marshal(sc)
		return out
	}
	without, with := run(false), run(true)
	if !bytes.Equal(without, with) {
		t.Errorf("scores differ with self-identification present:\n%s\n%s", without, with)
	}
}

// The adverse-impact monitor flags a planted disparity and stays quiet on an even cohort.
func TestFairnessMonitor(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		levelB  int // the Likert level group b answers with (group a answers 4 and 5)
		flagged bool
	}{
		{"planted disparity", 2, true},
		{"even cohort", 0, false}, // 0: group b answers exactly as group a
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			repo, _ := openBolt(t, nil)
			// 64 candidates start from this one address within seconds, more than the
			// per-address limit lets through at once.
			st := newStackWith(t, repo, seedOrg(repo), &clock{now: time.Now().UTC()}, api.Limits{IP: api.Rate{Burst: 200}})
			aid := st.createAssessment("ecommerce-customer-support")
			const perGroup = 32
			for i := 0; i < 2*perGroup; i++ {
				group := []string{"a", "b"}[i%2]
				level := 4 + (i/2)%2 // a: 4 and 5 in turn
				if group == "b" && tc.levelB != 0 {
					level = tc.levelB + (i/2)%2 // b: 2 and 3
				}
				c := st.start(inviteToken(st.invite(aid, fmt.Sprintf("Cand %d", i))[0].Link))
				c.finish(func(it catalog.Item, key int) json.RawMessage {
					v := level
					if key < 0 {
						v = 6 - level
					}
					return json.RawMessage(fmt.Sprint(v))
				})
				st.must(st.call("POST", "/v1/session/self-identification", c.token, map[string]any{"group": group}), 200)
			}
			var out struct {
				Fairness struct {
					AtCut, AboveMedian []struct {
						Group      string
						Applicants int
						Ratio      float64 `json:"impactRatio"`
						Flag       bool
						TooFew     bool
					}
				}
			}
			st.must(st.call("GET", "/v1/assessments/"+aid+"/fairness?field=group&cut=0", st.key, nil), 200).decode(t, &out)
			if len(out.Fairness.AtCut) != 2 {
				t.Fatalf("groups %+v", out.Fairness.AtCut)
			}
			for _, g := range out.Fairness.AtCut {
				if g.Applicants != perGroup || g.TooFew {
					t.Errorf("group %s: %+v", g.Group, g)
				}
				wantFlag := tc.flagged && g.Group == "b"
				if g.Flag != wantFlag || (wantFlag && g.Ratio >= 0.8) {
					t.Errorf("%s: group %s ratio %.2f flag %v, want flag %v", tc.name, g.Group, g.Ratio, g.Flag, wantFlag)
				}
			}
			if tc.flagged {
				for _, g := range out.Fairness.AboveMedian {
					if g.Group == "b" && !g.Flag {
						t.Errorf("scoring rate above the median did not flag group b: %+v", g)
					}
				}
			}
			// Small groups are shown as too few to judge, never flagged.
			var small struct {
				Fairness struct {
					AtCut []struct {
						TooFew, Flag bool
					}
				}
			}
			st.must(st.call("GET", "/v1/assessments/"+aid+"/fairness?field=gender", st.key, nil), 200).decode(t, &small)
			for _, g := range small.Fairness.AtCut {
				if g.Flag {
					t.Errorf("a group with no gender answers was flagged: %+v", g)
				}
			}
		})
	}
}
