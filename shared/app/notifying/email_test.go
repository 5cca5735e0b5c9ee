package notifying_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/notify"
	"shortlist/shared/notify/mailpittest"
)

// TestEmailJourney takes email through the whole product, the worker fed by the
// embedded store's stream and its timers on a moved clock, and, when Mailpit runs
// (scripts/test starts it), through real SMTP:
//
//   - one invitation per candidate invited by email, in the assessment's language, whose
//     link opens that candidate's invite;
//   - the owner hears of the first completion at once, the candidate whose report is
//     rendered is told their feedback is ready;
//   - reminders go only to candidates who have not started, exactly once per step, even
//     when a timer fires twice; none to an erased candidate or one whose address bounced;
//   - a permanent bounce marks the candidate (the candidates list shows it), and a
//     resend to them is refused.
func TestEmailJourney(t *testing.T) {
	t.Parallel()
	var smtp notify.Sender
	addr, mailpit := os.Getenv("SHORTLIST_SMTP_ADDR"), os.Getenv("SHORTLIST_MAILPIT_URL")
	if addr != "" && mailpit != "" {
		s, err := notify.NewSMTPSender(addr, "no-reply@mail.example.com")
		if err != nil {
			t.Fatal(err)
		}
		smtp = s
	} else if os.Getenv("CI") != "" {
		t.Fatal("CI is set but SHORTLIST_SMTP_ADDR or SHORTLIST_MAILPIT_URL is not: scripts/test starts Mailpit")
	} else {
		t.Log("SHORTLIST_SMTP_ADDR is not set: the emails are checked as sent, not through Mailpit (scripts/test runs Mailpit)")
	}
	w := newWorld(t, worldOptions{sender: smtp, email: true})
	ctx := context.Background()
	domain := fmt.Sprintf("run%d.example.com", time.Now().UnixNano())
	at := func(name string) string { return name + "@" + domain }
	owner := assess.Member{UserID: "owner-1", OrgID: w.orgID, Email: at("owner"), Role: assess.RoleOwner, Status: assess.MemberActive,
		CreatedAt: w.clk.Now(), InvitedBy: assess.SystemActor}
	if err := w.repo.CreateMember(ctx, owner); err != nil {
		t.Fatal(err)
	}
	aid := w.assessment(map[string]any{"inviteExpiryDays": 14}) // reminders: the default, 3 days and 1 day before

	names := []string{"ana", "luis", "eva", "rosa"}
	var rows []map[string]any
	for _, n := range names {
		rows = append(rows, map[string]any{"name": strings.ToUpper(n[:1]) + n[1:] + " Pérez", "email": at(n)})
	}
	var inv struct {
		Invited []struct {
			CandidateID string
			Email       string
			Link        string
			ExpiresAt   time.Time
		}
	}
	w.must(201, &inv, "POST", "/v1/assessments/"+aid+"/invites", map[string]any{"send": "email", "candidates": rows})
	if w.sent.total() != 0 {
		t.Fatalf("the request sent %d emails itself", w.sent.total())
	}
	w.drain()
	ids := map[string]string{}
	for _, in := range inv.Invited {
		ids[strings.Split(in.Email, "@")[0]] = in.CandidateID
		got := w.sent.to(in.Email, "invitation")
		if len(got) != 1 {
			t.Fatalf("%s: %d invitations", in.Email, len(got))
		}
		m := got[0]
		if tokenIn(t, m) != strings.SplitN(in.Link, "#", 2)[1] || !strings.Contains(m.Subject, "Acme Hiring") ||
			!strings.Contains(m.Text, " min") || m.Tags["candidate"] != in.CandidateID {
			t.Errorf("%s: invitation %q\n%s", in.Email, m.Subject, m.Text)
		}
		// The emailed link opens the candidate's invite.
		var preview struct{ Candidate string }
		w.must(200, &preview, "POST", "/v1/invites/preview", map[string]any{"inviteToken": tokenIn(t, m)})
		if !strings.HasPrefix(strings.ToLower(preview.Candidate), strings.Split(in.Email, "@")[0]) {
			t.Errorf("%s's link opens %q's invite", in.Email, preview.Candidate)
		}
	}
	if mailpit != "" && addr != "" {
		// Each invitation as Mailpit decoded it from the wire carries a working link.
		for _, in := range inv.Invited {
			found := mailpittest.Search(t, mailpit, "to:"+in.Email)
			if len(found) != 1 {
				t.Fatalf("Mailpit has %d emails to %s", len(found), in.Email)
			}
			msg := mailpittest.Get(t, mailpit, found[0].ID)
			tok := linkInText.FindStringSubmatch(msg.Text)
			if tok == nil || !strings.Contains(msg.HTML, tok[1]) {
				t.Fatalf("no link in the email as received: %s", msg.Text)
			}
			w.must(200, nil, "POST", "/v1/invites/preview", map[string]any{"inviteToken": tok[1]})
		}
	}
	if n := len(w.timers.Pending()); n != 2 {
		t.Errorf("%d timers pending, want one per reminder step for the batch: %+v", n, w.timers.Pending())
	}

	// Ana completes: the owner is told at once; her feedback email follows her report.
	w.take(tokenIn(t, w.sent.to(at("ana"), "invitation")[0]), true)
	w.drain()
	if got := w.sent.to(at("owner"), "completion"); len(got) != 1 || !strings.Contains(got[0].Text, "Ana") {
		t.Errorf("completion notices to the owner: %d", len(got))
	}
	if got := w.sent.to(at("ana"), "feedback"); len(got) != 1 || tokenIn(t, got[0]) == "" {
		t.Errorf("feedback emails to Ana: %d", len(got))
	}
	// Luis starts and stops; Eva is erased; Rosa's address bounces.
	w.take(tokenIn(t, w.sent.to(at("luis"), "invitation")[0]), false)
	w.must(200, nil, "DELETE", "/v1/candidates/"+ids["eva"], nil)
	rosaInvitation := w.sent.to(at("rosa"), "invitation")[0]
	if err := w.worker.Bounces(ctx, sesBounce(at("rosa"), rosaInvitation.Tags)); err != nil {
		t.Fatal(err)
	}
	// A transient bounce (a full mailbox) changes nothing.
	anaTags := w.sent.to(at("ana"), "invitation")[0].Tags
	if err := w.worker.Bounces(ctx, sesTransient(at("ana"), anaTags)); err != nil {
		t.Fatal(err)
	}
	w.drain()
	var list struct {
		Candidates []struct{ CandidateID, EmailStatus string }
	}
	w.must(200, &list, "GET", "/v1/assessments/"+aid+"/candidates", nil)
	for _, c := range list.Candidates {
		if want := map[bool]string{true: "bounced", false: ""}[c.CandidateID == ids["rosa"]]; c.EmailStatus != want {
			t.Errorf("candidate %s: emailStatus %q, want %q", c.CandidateID, c.EmailStatus, want)
		}
	}
	if status, body := w.call("POST", "/v1/assessments/"+aid+"/candidates/"+ids["rosa"]+"/invitation", nil); status != 409 {
		t.Errorf("a resend to a bounced address: %d %s", status, body)
	}

	// Three days before expiry (rounded up to the hour), then the last day: each of the
	// four is out (completed, started, erased, bounced), so no reminder goes.
	expires := inv.Invited[0].ExpiresAt
	w.advance(expires.Add(-3*24*time.Hour).Sub(w.clk.Now()) + time.Hour)
	w.fireAgain()
	w.advance(2*24*time.Hour + time.Hour)
	w.fireAgain()
	w.advance(2 * 24 * time.Hour) // past expiry: nothing more
	for _, n := range names {
		got := w.sent.to(at(n), "reminder")
		if n == "ana" || n == "luis" || n == "eva" || n == "rosa" {
			if len(got) != 0 {
				t.Errorf("%s: %d reminders (started, erased or bounced: want none)", n, len(got))
			}
		}
	}
	// So far everyone was excluded; a fifth candidate, invited now for 4 days, gets
	// exactly one reminder per step.
	aid2 := w.assessment(map[string]any{"inviteExpiryDays": 4})
	var inv2 struct {
		Invited []struct{ CandidateID string }
	}
	w.must(201, &inv2, "POST", "/v1/assessments/"+aid2+"/invites", map[string]any{"send": "email",
		"candidates": []map[string]any{{"name": "Mar Soto", "email": at("mar")}, {"name": "Pilar Gil", "email": at("pilar")}}})
	w.drain()
	w.take(tokenIn(t, w.sent.to(at("pilar"), "invitation")[0]), false) // Pilar starts: no reminders for her
	w.advance(25 * time.Hour)                                          // the 3-days-before step
	w.fireAgain()
	w.advance(48 * time.Hour) // the 1-day step
	w.fireAgain()
	w.advance(48 * time.Hour)
	rem := w.sent.to(at("mar"), "reminder")
	if len(rem) != 2 || rem[0].IdempotencyKey == rem[1].IdempotencyKey {
		t.Errorf("Mar: %d reminders, want one per step", len(rem))
	}
	for _, r := range rem {
		if tokenIn(t, r) != tokenIn(t, w.sent.to(at("mar"), "invitation")[0]) {
			t.Error("a reminder with another link than the invitation's")
		}
	}
	if n := len(w.sent.to(at("pilar"), "reminder")); n != 0 {
		t.Errorf("Pilar started and got %d reminders", n)
	}
	if n := len(w.sent.to(at("owner"), "")); n != 1 {
		t.Errorf("the owner got %d emails, want the one completion notice", n)
	}

	if mailpit != "" && addr != "" {
		checkMailpit(t, mailpit, map[string]int{at("ana"): 2, at("luis"): 1, at("eva"): 1, at("rosa"): 1, at("owner"): 1,
			at("mar"): 3, at("pilar"): 1})
	}
}

// fireAgain fires every reminder timer of the last hour a second time (EventBridge
// Scheduler delivers at least once): nothing more may be sent.
func (w *world) fireAgain() {
	w.t.Helper()
	before := w.sent.total()
	for _, aid := range w.assessmentsWithMail() {
		if err := w.worker.Fire(context.Background(), assess.Timer{Kind: assess.TimerReminders, At: w.clk.Now(), OrgID: w.orgID, AssessmentID: aid}); err != nil {
			w.t.Fatal(err)
		}
	}
	w.drain()
	if after := w.sent.total(); after != before {
		w.t.Errorf("a timer fired twice sent %d more emails", after-before)
	}
}

func (w *world) assessmentsWithMail() []string {
	as, err := w.repo.Assessments(context.Background(), w.orgID)
	if err != nil {
		w.t.Fatal(err)
	}
	var out []string
	for _, a := range as {
		out = append(out, a.ID)
	}
	return out
}

// sesBounce is an SES permanent bounce of an email with tags, as SNS delivers it.
func sesBounce(addr string, tags map[string]string) []byte {
	return sesEvent("Bounce", addr, tags, `"bounce":{"bounceType":"Permanent","bounceSubType":"General","timestamp":"2027-03-01T10:00:00Z","bouncedRecipients":[{"emailAddress":"`+addr+`"}]}`)
}

func sesTransient(addr string, tags map[string]string) []byte {
	return sesEvent("Bounce", addr, tags, `"bounce":{"bounceType":"Transient","bounceSubType":"MailboxFull","timestamp":"2027-03-01T10:00:00Z","bouncedRecipients":[{"emailAddress":"`+addr+`"}]}`)
}

func sesEvent(kind, addr string, tags map[string]string, detail string) []byte {
	t := map[string][]string{}
	for k, v := range tags {
		t[k] = []string{v}
	}
	tj, _ := json.Marshal(t)
	inner := `{"eventType":"` + kind + `","mail":{"messageId":"0102-x","destination":["` + addr + `"],"tags":` + string(tj) + `},` + detail + `}`
	env, _ := json.Marshal(map[string]string{"Type": "Notification", "Message": inner})
	return env
}

// checkMailpit: every address received exactly the number of messages wanted.
func checkMailpit(t *testing.T, api string, want map[string]int) {
	t.Helper()
	for addr, n := range want {
		found := mailpittest.Search(t, api, "to:"+addr)
		if len(found) != n {
			var subjects []string
			for _, m := range found {
				subjects = append(subjects, m.Subject)
			}
			t.Errorf("Mailpit: %d messages to %s, want %d: %q", len(found), addr, n, subjects)
		}
	}
}

// TestCompletionDigest: a burst of completions is two emails per owner, not one per
// candidate: the first completion is told at once and opens a window; those within it
// are listed in one digest when it closes (an erased candidate left out); a completion
// after it is told at once again. A member who is not an owner hears nothing.
func TestCompletionDigest(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOptions{email: true})
	ctx := context.Background()
	for _, m := range []assess.Member{
		{UserID: "owner-1", Email: "owner@example.com", Role: assess.RoleOwner},
		{UserID: "owner-2", Email: "boss@example.com", Role: assess.RoleOwner},
		{UserID: "viewer-1", Email: "viewer@example.com", Role: assess.RoleViewer},
	} {
		m.OrgID, m.Status, m.CreatedAt, m.InvitedBy = w.orgID, assess.MemberActive, w.clk.Now(), assess.SystemActor
		if err := w.repo.CreateMember(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	aid := w.assessment(map[string]any{})
	var inv struct {
		Invited []struct{ CandidateID, Name, Link string }
	}
	var rows []map[string]any
	for _, n := range []string{"Ana", "Luis", "Eva", "Rosa", "Mar"} {
		rows = append(rows, map[string]any{"name": n, "email": strings.ToLower(n) + "@example.com"})
	}
	w.must(201, &inv, "POST", "/v1/assessments/"+aid+"/invites", map[string]any{"send": "email", "candidates": rows})
	w.drain()
	token := func(i int) string { return strings.SplitN(inv.Invited[i].Link, "#", 2)[1] }
	for i := range 4 {
		w.take(token(i), true)
		w.clk.Advance(time.Minute)
		w.drain()
	}
	for _, owner := range []string{"owner@example.com", "boss@example.com"} {
		if got := w.sent.to(owner, "completion"); len(got) != 1 || !strings.Contains(got[0].Text, "Ana") {
			t.Errorf("%s: %d completion notices, want Ana's at once", owner, len(got))
		}
		if got := w.sent.to(owner, "digest"); len(got) != 0 {
			t.Errorf("%s: a digest before the window closed", owner)
		}
	}
	w.must(200, nil, "DELETE", "/v1/candidates/"+inv.Invited[2].CandidateID, nil) // Eva, erased before the digest
	w.advance(15 * time.Minute)
	for _, owner := range []string{"owner@example.com", "boss@example.com"} {
		got := w.sent.to(owner, "digest")
		if len(got) != 1 || !strings.Contains(got[0].Text, "Luis") || !strings.Contains(got[0].Text, "Rosa") || strings.Contains(got[0].Text, "Eva") {
			t.Errorf("%s: digests %d: %v", owner, len(got), got)
		}
	}
	w.take(token(4), true) // Mar, after the window: told at once
	w.drain()
	if got := w.sent.to("owner@example.com", "completion"); len(got) != 2 {
		t.Errorf("owner: %d completion notices, want Ana's and Mar's", len(got))
	}
	if got := w.sent.to("viewer@example.com", ""); len(got) != 0 {
		t.Errorf("a viewer got %d emails", len(got))
	}
	w.advance(time.Hour)
	if got := w.sent.to("owner@example.com", "digest"); len(got) != 1 {
		t.Errorf("owner: %d digests after a quiet window, want still 1", len(got))
	}
}
