package storetest

import (
	"testing"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/store"
)

// testMails: the outbox's promises. A mail is written once per key (a second write is
// Conflict, so a reminder step or a notice is never decided twice); its status moves only
// from the status the writer names; the latest invitation carries the current link;
// invites with their mails are all or none; a candidate can be replaced only from what
// is stored; erasing the candidate erases its mails.
func testMails(t *testing.T, f *fixture) {
	ctx := ctxT(t)
	o, a := f.org()
	c := f.candidates(a, 1)[0]
	now := f.clock.Now()
	inv := assess.Mail{Kind: assess.MailInvitation, OrgID: o.ID, AssessmentID: a.ID, CandidateID: c.ID, Token: "sli_first",
		Status: assess.MailPending, CreatedAt: now, Expires: now.Add(30 * 24 * time.Hour)}
	f.must(f.repo.PutMail(ctx, inv))
	WantCode(t, f.repo.PutMail(ctx, inv), assess.Conflict)
	rem := assess.Mail{Kind: assess.MailReminder, OrgID: o.ID, AssessmentID: a.ID, CandidateID: c.ID, Step: 3,
		Status: assess.MailPending, CreatedAt: now, Expires: now.Add(time.Hour)}
	f.must(f.repo.PutMail(ctx, rem))
	WantCode(t, f.repo.PutMail(ctx, rem), assess.Conflict)
	rem.Step = 1
	f.must(f.repo.PutMail(ctx, rem)) // another step is another mail

	ref, err := store.MailRef(inv)
	f.must(err)
	got, err := f.repo.Mail(ctx, ref)
	f.must(err)
	if got.Token != "sli_first" || got.Status != assess.MailPending || !got.CreatedAt.Equal(now) || got.Key() != inv.Key() {
		t.Fatalf("mail read back: %+v", got)
	}
	// Claim, then settle: each step names the status it moves from.
	got.Status, got.ClaimedAt = assess.MailSending, now
	f.must(f.repo.UpdateMail(ctx, got, assess.MailPending))
	WantCode(t, f.repo.UpdateMail(ctx, got, assess.MailPending), assess.Conflict) // a second claim loses
	got.Status, got.MessageID, got.SentAt = assess.MailSent, "msg-1", now
	f.must(f.repo.UpdateMail(ctx, got, assess.MailSending))
	if back, err := f.repo.Mail(ctx, ref); err != nil || back.Status != assess.MailSent || back.MessageID != "msg-1" {
		t.Fatalf("sent mail: %+v %v", back, err)
	}
	if _, err := f.repo.Mail(ctx, "ORG#x|ASMT#y"); assess.CodeOf(err) != assess.NotFound {
		t.Errorf("a ref to another kind of item: %v", err)
	}

	// A resend: the latest invitation is the one with the new link.
	f.clock.Advance(time.Minute)
	second := inv
	second.Token, second.CreatedAt = "sli_second", f.clock.Now()
	f.must(f.repo.PutMail(ctx, second))
	latest, err := f.repo.LatestInvitation(ctx, o.ID, c.ID)
	f.must(err)
	if latest.Token != "sli_second" {
		t.Errorf("latest invitation has %q", latest.Token)
	}
	if _, err := f.repo.LatestInvitation(ctx, "another-org", c.ID); assess.CodeOf(err) != assess.NotFound {
		t.Errorf("another organisation's invitation: %v", err)
	}
	mails, err := f.repo.Mails(ctx, o.ID, c.ID)
	f.must(err)
	if len(mails) != 4 {
		t.Errorf("%d mails, want 4", len(mails))
	}

	// Replace: only over what is stored.
	next := c
	next.EmailStatus, next.EmailStatusAt = assess.EmailBounced, f.clock.Now()
	f.must(f.repo.ReplaceCandidate(ctx, c, next))
	WantCode(t, f.repo.ReplaceCandidate(ctx, c, next), assess.Conflict)
	back, err := f.repo.Candidate(ctx, o.ID, c.ID)
	f.must(err)
	if back.EmailStatus != assess.EmailBounced || !back.EmailStatusAt.Equal(next.EmailStatusAt) || !back.RetainUntil.Equal(c.RetainUntil) {
		t.Errorf("replaced candidate: %+v", back)
	}
	if list, err := f.repo.Candidates(ctx, o.ID, a.ID); err != nil || len(list) != 1 || list[0].EmailStatus != assess.EmailBounced {
		t.Errorf("the list does not show the replacement: %+v %v", list, err)
	}

	// Invites with mails: all or none.
	fresh := f.newCandidates(a, 3)
	var ms []assess.Mail
	for _, x := range fresh {
		ms = append(ms, assess.Mail{Kind: assess.MailInvitation, OrgID: o.ID, AssessmentID: a.ID, CandidateID: x.ID,
			Token: "sli_" + x.ID, Status: assess.MailPending, CreatedAt: now, Expires: now.Add(time.Hour)})
	}
	clash := ms[2]
	clash.Token = "sli_earlier" // the same key, another mail: the batch fails and leaves it
	f.must(f.repo.PutMail(ctx, clash))
	WantCode(t, f.repo.CreateInvites(ctx, fresh, ms), assess.Conflict)
	for _, x := range fresh[:2] {
		if _, err := f.repo.Candidate(ctx, o.ID, x.ID); assess.CodeOf(err) != assess.NotFound {
			t.Errorf("candidate %s of a failed batch: %v", x.ID, err)
		}
	}
	if _, err := f.repo.Mail(ctx, mustRef(t, clash)); err != nil {
		t.Errorf("the mail that was there before the batch: %v", err)
	}
	f.must(f.repo.CreateInvites(ctx, fresh[:2], ms[:2]))
	if _, err := f.repo.LatestInvitation(ctx, o.ID, fresh[0].ID); err != nil {
		t.Error(err)
	}

	// Erasure takes the candidate's mails.
	_, _, err = f.repo.EraseCandidate(ctx, o.ID, c.ID)
	f.must(err)
	if _, err := f.repo.Mail(ctx, ref); assess.CodeOf(err) != assess.NotFound {
		t.Errorf("a mail of an erased candidate: %v", err)
	}

	// Expiry: a mail is gone at its TTL.
	f.clock.Advance(2 * time.Hour)
	if _, err := f.repo.Mail(ctx, mustRef(t, ms[0])); assess.CodeOf(err) != assess.NotFound {
		t.Errorf("an expired mail: %v", err)
	}
}

func mustRef(t *testing.T, m assess.Mail) string {
	t.Helper()
	ref, err := store.MailRef(m)
	if err != nil {
		t.Fatal(err)
	}
	return ref
}

// newCandidates makes candidates without storing them.
func (f *fixture) newCandidates(a assess.Assessment, n int) []assess.Candidate {
	var cs []assess.Candidate
	for range n {
		_, hash := assess.NewToken(assess.InvitePrefix)
		cs = append(cs, assess.Candidate{ID: f.id(), OrgID: a.OrgID, AssessmentID: a.ID, TokenHash: hash, Name: "x",
			Email: "x@example.com", ByEmail: true, CreatedAt: f.clock.Now(), ExpiresAt: f.clock.Now().Add(time.Hour)})
	}
	return cs
}

// testNews: a digest window opens once, closes only as the window it was opened as, and
// its entries list and drop.
func testNews(t *testing.T, f *fixture) {
	ctx := ctxT(t)
	o, a := f.org()
	w := assess.NewsWindow{OrgID: o.ID, AssessmentID: a.ID, Since: f.clock.Now(), Lead: "lead-candidate"}
	f.must(f.repo.OpenNews(ctx, w))
	WantCode(t, f.repo.OpenNews(ctx, w), assess.Conflict)
	got, err := f.repo.News(ctx, o.ID, a.ID)
	f.must(err)
	if got.Lead != w.Lead || !got.Since.Equal(w.Since) {
		t.Fatalf("window: %+v", got)
	}
	if _, err := f.repo.News(ctx, "other", a.ID); assess.CodeOf(err) != assess.NotFound {
		t.Errorf("another organisation's window: %v", err)
	}
	var es []assess.NewsEntry
	for i := range 3 {
		e := assess.NewsEntry{OrgID: o.ID, AssessmentID: a.ID, CandidateID: f.id(), CompletedAt: f.clock.Now().Add(time.Duration(i) * time.Second)}
		f.must(f.repo.AddNews(ctx, e))
		f.must(f.repo.AddNews(ctx, e)) // again: the same entry
		es = append(es, e)
	}
	list, err := f.repo.NewsEntries(ctx, o.ID, a.ID)
	f.must(err)
	if len(list) != 3 || list[0].CandidateID != es[0].CandidateID || !list[2].CompletedAt.Equal(es[2].CompletedAt) {
		t.Fatalf("entries: %+v", list)
	}
	f.must(f.repo.DropNews(ctx, es[0]))
	if list, _ := f.repo.NewsEntries(ctx, o.ID, a.ID); len(list) != 2 {
		t.Errorf("%d entries after a drop", len(list))
	}
	stale := w
	stale.Since = w.Since.Add(-time.Minute)
	f.must(f.repo.CloseNews(ctx, stale)) // another window's close: nothing happens
	if _, err := f.repo.News(ctx, o.ID, a.ID); err != nil {
		t.Errorf("a stale close removed the window: %v", err)
	}
	f.must(f.repo.CloseNews(ctx, w))
	if _, err := f.repo.News(ctx, o.ID, a.ID); assess.CodeOf(err) != assess.NotFound {
		t.Errorf("closed window: %v", err)
	}
	f.must(f.repo.OpenNews(ctx, w)) // and it can open again
	digest := assess.Mail{Kind: assess.MailDigest, OrgID: o.ID, AssessmentID: a.ID, UserID: "user-1", To: "ana@example.com",
		Candidates: []string{es[1].CandidateID, es[2].CandidateID}, Since: w.Since, Status: assess.MailPending,
		CreatedAt: f.clock.Now(), Expires: f.clock.Now().Add(time.Hour)}
	f.must(f.repo.PutMail(ctx, digest))
	WantCode(t, f.repo.PutMail(ctx, digest), assess.Conflict)
	back, err := f.repo.Mail(ctx, mustRef(t, digest))
	f.must(err)
	if len(back.Candidates) != 2 || back.UserID != "user-1" || !back.Since.Equal(w.Since) {
		t.Errorf("digest mail: %+v", back)
	}
}

// testWebhooks: endpoints and deliveries. Updates are versioned; a delivery is written
// once per id; an endpoint's deliveries list newest first in pages.
func testWebhooks(t *testing.T, f *fixture) {
	ctx := ctxT(t)
	o, a := f.org()
	now := f.clock.Now()
	e := assess.Endpoint{ID: f.id(), OrgID: o.ID, URL: "https://ats.example.com/hook", Events: assess.HookEventTypes,
		Secrets: []assess.HookSecret{{Secret: "whsec_a", CreatedAt: now}}, Status: assess.EndpointActive, CreatedAt: now, Version: 1}
	f.must(f.repo.CreateEndpoint(ctx, e))
	WantCode(t, f.repo.CreateEndpoint(ctx, e), assess.Conflict)
	e2 := e
	e2.ID, e2.CreatedAt = f.id(), now.Add(time.Second)
	f.must(f.repo.CreateEndpoint(ctx, e2))
	list, err := f.repo.Endpoints(ctx, o.ID)
	f.must(err)
	if len(list) != 2 || list[0].ID != e.ID || len(list[0].Events) != len(assess.HookEventTypes) || list[0].Secrets[0].Secret != "whsec_a" {
		t.Fatalf("endpoints: %+v", list)
	}
	if _, err := f.repo.Endpoint(ctx, "other", e.ID); assess.CodeOf(err) != assess.NotFound {
		t.Errorf("another organisation's endpoint: %v", err)
	}
	rotated := e
	rotated.Secrets = []assess.HookSecret{{Secret: "whsec_b", CreatedAt: now}, {Secret: "whsec_a", CreatedAt: now, Expires: now.Add(24 * time.Hour)}}
	rotated.Version = 2
	f.must(f.repo.UpdateEndpoint(ctx, rotated))
	WantCode(t, f.repo.UpdateEndpoint(ctx, rotated), assess.Conflict) // a stale writer loses
	got, err := f.repo.Endpoint(ctx, o.ID, e.ID)
	f.must(err)
	if got.Version != 2 || len(got.Signing(now)) != 2 || len(got.Signing(now.Add(25*time.Hour))) != 1 {
		t.Errorf("rotated endpoint: %+v", got)
	}

	c := f.candidates(a, 1)[0]
	var ds []assess.Delivery
	for i := range 5 {
		ev := assess.HookEvent{Type: assess.HookScored, At: now.Add(time.Duration(i) * time.Second), OrgID: o.ID, AssessmentID: a.ID, CandidateID: c.ID}
		d := assess.Delivery{ID: deliveryIDAt(ev.At, i), OrgID: o.ID, EndpointID: e.ID, Event: ev, State: assess.DeliveryPending,
			CreatedAt: now, Expires: now.Add(30 * 24 * time.Hour), Version: 1}
		f.must(f.repo.PutDelivery(ctx, d))
		WantCode(t, f.repo.PutDelivery(ctx, d), assess.Conflict)
		ds = append(ds, d)
	}
	page, cursor, err := f.repo.Deliveries(ctx, o.ID, e.ID, "", 3)
	f.must(err)
	if len(page) != 3 || page[0].ID != ds[4].ID || page[2].ID != ds[2].ID || cursor == "" {
		t.Fatalf("first page: %d, cursor %q", len(page), cursor)
	}
	rest, cursor, err := f.repo.Deliveries(ctx, o.ID, e.ID, cursor, 3)
	f.must(err)
	if len(rest) != 2 || rest[1].ID != ds[0].ID || cursor != "" {
		t.Fatalf("second page: %d, cursor %q", len(rest), cursor)
	}
	d := ds[0]
	d.Version, d.State = 2, assess.DeliveryRetrying
	d.Attempts = []assess.HookAttempt{{At: now, Status: 500, Duration: 120 * time.Millisecond, Response: string(make([]byte, 2000)), Retry: true}}
	d.NextAt = now.Add(5 * time.Minute)
	f.must(f.repo.UpdateDelivery(ctx, d))
	WantCode(t, f.repo.UpdateDelivery(ctx, d), assess.Conflict)
	back, err := f.repo.Delivery(ctx, o.ID, e.ID, d.ID)
	f.must(err)
	if back.State != assess.DeliveryRetrying || len(back.Attempts) != 1 || back.Attempts[0].Status != 500 ||
		back.Attempts[0].Duration != 120*time.Millisecond || len(back.Attempts[0].Response) > 256 || !back.NextAt.Equal(d.NextAt) ||
		back.Event.CandidateID != c.ID || !back.Event.At.Equal(d.Event.At) {
		t.Errorf("delivery read back: %+v", back)
	}
	if _, err := f.repo.Delivery(ctx, o.ID, e2.ID, d.ID); assess.CodeOf(err) != assess.NotFound {
		t.Errorf("a delivery under another endpoint: %v", err)
	}
	f.must(f.repo.DeleteEndpoint(ctx, o.ID, e.ID))
	if _, err := f.repo.Endpoint(ctx, o.ID, e.ID); assess.CodeOf(err) != assess.NotFound {
		t.Errorf("deleted endpoint: %v", err)
	}
}

// deliveryIDAt is a delivery id of the real shape for a time.
func deliveryIDAt(at time.Time, n int) string {
	id := assess.IDFromBytes([]byte{byte(n), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
	return fmtHex(at.UnixMilli()) + id[:20]
}

func fmtHex(ms int64) string {
	const digits = "0123456789abcdef"
	b := make([]byte, 12)
	for i := 11; i >= 0; i-- {
		b[i] = digits[ms&15]
		ms >>= 4
	}
	return string(b)
}
