package api_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"shortlist/shared/api"
	"shortlist/shared/assess"
)

// withEmail makes the stack a deployment with an email domain.
func withEmail(d *api.Deps) { d.Outreach.Email = true }

// TestInviteByEmail: "send": "email" stores each candidate with one pending invitation
// mail holding its link's token (the request sends nothing itself), every candidate needs
// an address, a CSV upload takes ?send=email and rejects rows without one, and a
// deployment without an email domain refuses it. "links" (the default) writes no mail.
func TestInviteByEmail(t *testing.T) {
	t.Parallel()
	repo := repos(t)["embedded"](t)
	st := newStackWith(t, repo, seedOrg(repo), &clock{now: time.Now().UTC()}, api.Limits{}, withEmail)
	aid := st.createAssessment("sales-back-office")
	ctx := context.Background()

	var out struct {
		Invited []struct {
			CandidateID string
			Link        string
			Emailed     bool
		}
	}
	st.must(st.call("POST", "/v1/assessments/"+aid+"/invites", st.key, map[string]any{"send": "email",
		"candidates": []map[string]any{{"name": "Ana Pérez", "email": "ana@example.com"}, {"name": "Luis Gómez", "email": "luis@example.com", "extraTime": 1.5}}}), 201).decode(t, &out)
	if len(out.Invited) != 2 {
		t.Fatalf("invited %d", len(out.Invited))
	}
	for _, in := range out.Invited {
		mails, err := repo.Mails(ctx, st.orgID, in.CandidateID)
		if err != nil {
			t.Fatal(err)
		}
		if !in.Emailed || len(mails) != 1 || mails[0].Kind != assess.MailInvitation || mails[0].Status != assess.MailPending ||
			mails[0].Token != inviteToken(in.Link) || len(mails[0].Parts) == 0 {
			t.Errorf("candidate %s: emailed %v, mails %+v", in.CandidateID, in.Emailed, mails)
		}
		c, err := repo.Candidate(ctx, st.orgID, in.CandidateID)
		if err != nil || !c.ByEmail {
			t.Errorf("candidate %s not marked as invited by email: %+v %v", in.CandidateID, c, err)
		}
	}
	// The parts carry the real time limits, with the candidate's extra time.
	a, _ := repo.Assessment(ctx, st.orgID, aid)
	luis, _ := repo.Mails(ctx, st.orgID, out.Invited[1].CandidateID)
	for i, sec := range a.Config.Sections {
		p := luis[0].Parts[i]
		if sec.TimeLimitSeconds > 0 && (!p.Timed || p.Minutes != (sec.TimeLimitSeconds*3/2+59)/60) {
			t.Errorf("part %d: %+v for a limit of %d s at 1.5×", i, p, sec.TimeLimitSeconds)
		}
	}

	r := st.call("POST", "/v1/assessments/"+aid+"/invites", st.key, map[string]any{"send": "email",
		"candidates": []map[string]any{{"name": "Sin Correo"}}})
	if r.status != 400 || !strings.Contains(string(r.body), "candidates[0].email") {
		t.Errorf("email invite without an address: %d %s", r.status, r.body)
	}
	if r := st.call("POST", "/v1/assessments/"+aid+"/invites", st.key, map[string]any{"send": "fax",
		"candidates": []map[string]any{{"name": "X"}}}); r.status != 400 || !strings.Contains(string(r.body), "send") {
		t.Errorf("send fax: %d %s", r.status, r.body)
	}
	var csv struct {
		Invited  []struct{ CandidateID string }
		Rejected []struct{ Row int }
	}
	st.must(st.call("POST", "/v1/assessments/"+aid+"/invites?send=email", st.key,
		csvBody("name,email\nEva Ruiz,eva@example.com\nSin Correo,\n")), 201).decode(t, &csv)
	if len(csv.Invited) != 1 || len(csv.Rejected) != 1 || csv.Rejected[0].Row != 2 {
		t.Errorf("CSV by email: %+v", csv)
	}
	links := st.invite(aid, "Con Enlace")
	if mails, _ := repo.Mails(ctx, st.orgID, links[0].CandidateID); len(mails) != 0 {
		t.Errorf("a links invite wrote mails: %+v", mails)
	}
	var list struct {
		Candidates []struct{ CandidateID, InvitedBy string }
	}
	st.must(st.call("GET", "/v1/assessments/"+aid+"/candidates", st.key, nil), 200).decode(t, &list)
	by := map[string]string{}
	for _, c := range list.Candidates {
		by[c.CandidateID] = c.InvitedBy
	}
	if by[out.Invited[0].CandidateID] != "email" || by[links[0].CandidateID] != "link" {
		t.Errorf("invitedBy: %v", by)
	}

	// Without an email domain: links only.
	plain := newStack(t, repo, seedOrg(repo))
	paid := plain.createAssessment("sales-back-office")
	if r := plain.call("POST", "/v1/assessments/"+paid+"/invites", plain.key, map[string]any{"send": "email",
		"candidates": []map[string]any{{"name": "Ana", "email": "ana@example.com"}}}); r.status != 409 || !strings.Contains(string(r.body), "no email") {
		t.Errorf("email invite without an email domain: %d %s", r.status, r.body)
	}
}

// TestResendInvitation: a resend rotates the invite token (the old link stops working at
// once, the new one works) and writes a new invitation mail; it is refused for a
// candidate without an address, one whose address bounced, one who completed, and one
// whose invite expired unused.
func TestResendInvitation(t *testing.T) {
	t.Parallel()
	repo := repos(t)["embedded"](t)
	clk := &clock{now: time.Now().UTC()}
	st := newStackWith(t, repo, seedOrg(repo), clk, api.Limits{}, withEmail)
	ctx := context.Background()
	aid := st.createAssessment("sales-back-office")
	inv := st.invite(aid, "Ana Pérez", "Luis Gómez", "Eva Ruiz")
	path := func(cid string) string { return "/v1/assessments/" + aid + "/candidates/" + cid + "/invitation" }

	var res struct {
		Link    string
		Emailed bool
	}
	st.clock.Advance(time.Minute)
	st.must(st.call("POST", path(inv[0].CandidateID), st.key, nil), 201).decode(t, &res)
	if !res.Emailed || res.Link == inv[0].Link {
		t.Fatalf("resend: %+v", res)
	}
	if r := st.call("POST", "/v1/invites/preview", "", map[string]any{"inviteToken": inviteToken(inv[0].Link)}); r.status != 401 {
		t.Errorf("the old link after a resend: %d %s", r.status, r.body)
	}
	st.must(st.call("POST", "/v1/invites/preview", "", map[string]any{"inviteToken": inviteToken(res.Link)}), 200)
	latest, err := repo.LatestInvitation(ctx, st.orgID, inv[0].CandidateID)
	if err != nil || latest.Token != inviteToken(res.Link) {
		t.Errorf("the latest invitation mail: %+v %v", latest, err)
	}
	c, _ := repo.Candidate(ctx, st.orgID, inv[0].CandidateID)
	if !c.ByEmail {
		t.Error("a resend did not mark the candidate as emailed")
	}

	// A bounced address.
	luis, _ := repo.Candidate(ctx, st.orgID, inv[1].CandidateID)
	bounced := luis
	bounced.EmailStatus, bounced.EmailStatusAt = assess.EmailBounced, clk.Now()
	if err := repo.ReplaceCandidate(ctx, luis, bounced); err != nil {
		t.Fatal(err)
	}
	if r := st.call("POST", path(luis.ID), st.key, nil); r.status != 409 || !strings.Contains(string(r.body), "bounced") {
		t.Errorf("resend to a bounced address: %d %s", r.status, r.body)
	}
	var list struct {
		Candidates []struct {
			CandidateID, EmailStatus string
			EmailStatusAt            *time.Time
		}
	}
	st.must(st.call("GET", "/v1/assessments/"+aid+"/candidates", st.key, nil), 200).decode(t, &list)
	for _, x := range list.Candidates {
		if (x.CandidateID == luis.ID) != (x.EmailStatus == "bounced" && x.EmailStatusAt != nil) {
			t.Errorf("candidates list: %+v", x)
		}
	}

	// A candidate who completed.
	cand := st.start(inviteToken(res.Link))
	cand.finish(nil)
	if r := st.call("POST", path(inv[0].CandidateID), st.key, nil); r.status != 409 {
		t.Errorf("resend after completion: %d %s", r.status, r.body)
	}
	// Expired unused, and no address.
	noMail := st.invite(aid, "Sin Correo")[0]
	nc, _ := repo.Candidate(ctx, st.orgID, noMail.CandidateID)
	withoutMail := nc
	withoutMail.Email = ""
	if err := repo.ReplaceCandidate(ctx, nc, withoutMail); err != nil {
		t.Fatal(err)
	}
	if r := st.call("POST", path(noMail.CandidateID), st.key, nil); r.status != 409 || !strings.Contains(string(r.body), "no email address") {
		t.Errorf("resend without an address: %d %s", r.status, r.body)
	}
	st.clock.Advance(15 * 24 * time.Hour)
	if r := st.call("POST", path(inv[2].CandidateID), st.key, nil); r.status != 410 {
		t.Errorf("resend of an expired invite: %d %s", r.status, r.body)
	}
	if r := st.call("POST", "/v1/assessments/"+aid+"/candidates/"+assess.NewID()+"/invitation", st.key, nil); r.status != 404 {
		t.Errorf("resend to nobody: %d", r.status)
	}
}

// TestWebhookEndpoints: an owner adds an endpoint (its secret shown once, never listed),
// private and non-https URLs are refused at creation, a rotation keeps the previous
// secret signing for 24 hours, deliveries list newest first and replay as new
// deliveries, an erasure writes candidate.erased deliveries, and deleting removes it.
func TestWebhookEndpoints(t *testing.T) {
	t.Parallel()
	repo := repos(t)["embedded"](t)
	st := newStack(t, repo, seedOrg(repo))
	ctx := context.Background()
	for _, u := range []string{"http://ats.example.com/hook", "https://10.0.0.5/hook", "https://127.0.0.1:8443/hook",
		"https://localhost/hook", "https://169.254.169.254/latest", "https://[fd00::1]/x", "ftp://ats.example.com", ""} {
		if r := st.call("POST", "/v1/webhooks", st.key, map[string]any{"url": u}); r.status != 400 || r.errorCode() != "invalid" {
			t.Errorf("endpoint %q: %d %s", u, r.status, r.body)
		}
	}
	if r := st.call("POST", "/v1/webhooks", st.key, map[string]any{"url": "https://ats.example.com/h", "events": []string{"candidate.hired"}}); r.status != 400 {
		t.Errorf("an unknown event: %d %s", r.status, r.body)
	}
	var created struct {
		Webhook struct {
			WebhookID string
			Events    []string
			Status    string
		}
		Secret string
	}
	st.must(st.call("POST", "/v1/webhooks", st.key, map[string]any{"url": "https://ats.example.com/shortlist",
		"events": []string{"candidate.scored", "candidate.erased"}}), 201).decode(t, &created)
	if !strings.HasPrefix(created.Secret, "whsec_") || created.Webhook.Status != "active" || len(created.Webhook.Events) != 2 {
		t.Fatalf("created: %+v", created)
	}
	hid := created.Webhook.WebhookID
	list := st.must(st.call("GET", "/v1/webhooks", st.key, nil), 200)
	if strings.Contains(string(list.body), created.Secret) || !strings.Contains(string(list.body), hid) {
		t.Errorf("the list shows the secret or not the endpoint: %s", list.body)
	}
	var rotated struct {
		Webhook struct{ PreviousSecretUntil *time.Time }
		Secret  string
	}
	st.must(st.call("POST", "/v1/webhooks/"+hid+"/rotate", st.key, nil), 200).decode(t, &rotated)
	if rotated.Secret == created.Secret || rotated.Webhook.PreviousSecretUntil == nil ||
		rotated.Webhook.PreviousSecretUntil.Sub(st.clock.Now()) != 24*time.Hour {
		t.Errorf("rotated: %+v", rotated)
	}
	e, _ := repo.Endpoint(ctx, st.orgID, hid)
	if got := e.Signing(st.clock.Now()); len(got) != 2 || got[0] != rotated.Secret || got[1] != created.Secret {
		t.Errorf("signing secrets after a rotation: %v", got)
	}

	// An erasure writes candidate.erased for the endpoint (subscribed); a scored event
	// of the same candidate earlier is listed after it (newest first).
	aid := st.createAssessment("sales-back-office")
	inv := st.invite(aid, "Ana Pérez")
	hooks := &assess.Webhooks{Repo: repo}
	if err := hooks.Emit(ctx, assess.HookEvent{Type: assess.HookScored, At: st.clock.Now().Add(-time.Hour), OrgID: st.orgID,
		AssessmentID: aid, CandidateID: inv[0].CandidateID}); err != nil {
		t.Fatal(err)
	}
	if err := hooks.Emit(ctx, assess.HookEvent{Type: assess.HookDecision, At: st.clock.Now(), OrgID: st.orgID,
		AssessmentID: aid, CandidateID: inv[0].CandidateID}); err != nil { // not subscribed
		t.Fatal(err)
	}
	st.must(st.call("DELETE", "/v1/candidates/"+inv[0].CandidateID, st.key, nil), 200)
	var ds struct {
		Deliveries []struct{ DeliveryID, Event, Status, CandidateID, ReplayOf string }
		Next       string
	}
	st.must(st.call("GET", "/v1/webhooks/"+hid+"/deliveries", st.key, nil), 200).decode(t, &ds)
	if len(ds.Deliveries) != 2 || ds.Deliveries[0].Event != "candidate.erased" || ds.Deliveries[1].Event != "candidate.scored" ||
		ds.Deliveries[0].Status != "pending" || ds.Deliveries[0].CandidateID != inv[0].CandidateID {
		t.Fatalf("deliveries: %+v", ds)
	}
	var replay struct{ DeliveryID, ReplayOf, Event, Status string }
	st.must(st.call("POST", "/v1/webhooks/"+hid+"/deliveries/"+ds.Deliveries[1].DeliveryID+"/replay", st.key, nil), 202).decode(t, &replay)
	if replay.ReplayOf != ds.Deliveries[1].DeliveryID || replay.Event != "candidate.scored" || replay.Status != "pending" || replay.DeliveryID == replay.ReplayOf {
		t.Errorf("replay: %+v", replay)
	}
	if r := st.call("POST", "/v1/webhooks/"+hid+"/deliveries/0123456789abcdefghijklmnopqrst/replay", st.key, nil); r.status != 404 {
		t.Errorf("replay of nothing: %d", r.status)
	}
	if r := st.call("GET", "/v1/webhooks/"+hid+"/deliveries?limit=1", st.key, nil); r.status != 200 || !strings.Contains(string(r.body), `"next":"`) {
		t.Errorf("a page of one: %d %s", r.status, r.body)
	}

	// Another organisation sees none of it.
	other := newStack(t, repo, seedOrg(repo))
	for _, r := range []reply{other.call("GET", "/v1/webhooks/"+hid+"/deliveries", other.key, nil),
		other.call("POST", "/v1/webhooks/"+hid+"/rotate", other.key, nil), other.call("DELETE", "/v1/webhooks/"+hid, other.key, nil)} {
		if r.status != 404 {
			t.Errorf("another organisation's endpoint: %d %s", r.status, r.body)
		}
	}
	st.must(st.call("DELETE", "/v1/webhooks/"+hid, st.key, nil), 204)
	if r := st.call("GET", "/v1/webhooks/"+hid+"/deliveries", st.key, nil); r.status != 404 {
		t.Errorf("deliveries of a deleted endpoint: %d", r.status)
	}
}

// TestReminderSettings: an assessment's reminders default to three days and one day
// before expiry, can be none, and must fall within the invite's validity.
func TestReminderSettings(t *testing.T) {
	t.Parallel()
	repo := repos(t)["embedded"](t)
	st := newStack(t, repo, seedOrg(repo))
	create := func(body map[string]any) reply {
		body["roleId"] = "sales-back-office"
		return st.call("POST", "/v1/assessments", st.key, body)
	}
	var a struct{ Config struct{ Reminders []int } }
	st.must(create(map[string]any{}), 201).decode(t, &a)
	if len(a.Config.Reminders) != 2 || a.Config.Reminders[0] != 3 || a.Config.Reminders[1] != 1 {
		t.Errorf("default reminders %v", a.Config.Reminders)
	}
	a.Config.Reminders = nil
	st.must(create(map[string]any{"reminders": []int{}}), 201).decode(t, &a)
	if len(a.Config.Reminders) != 0 {
		t.Errorf("no reminders: %v", a.Config.Reminders)
	}
	a.Config.Reminders = nil
	st.must(create(map[string]any{"reminders": []int{1, 5, 2}, "inviteExpiryDays": 7}), 201).decode(t, &a)
	if len(a.Config.Reminders) != 3 || a.Config.Reminders[0] != 5 {
		t.Errorf("reminders %v, want largest first", a.Config.Reminders)
	}
	for _, bad := range []map[string]any{{"reminders": []int{7}, "inviteExpiryDays": 7}, {"reminders": []int{0}}, {"reminders": []int{2, 2}}} {
		if r := create(bad); r.status != 400 || !strings.Contains(string(r.body), "reminders") {
			t.Errorf("%v: %d %s", bad, r.status, r.body)
		}
	}
}
