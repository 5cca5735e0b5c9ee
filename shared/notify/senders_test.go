package notify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"shortlist/shared/notify/mailpittest"
)

type fakeSES struct {
	in  *sesv2.SendEmailInput
	err error
}

func (f *fakeSES) SendEmail(_ context.Context, in *sesv2.SendEmailInput, _ ...func(*sesv2.Options)) (*sesv2.SendEmailOutput, error) {
	f.in = in
	if f.err != nil {
		return nil, f.err
	}
	return &sesv2.SendEmailOutput{MessageId: aws.String("0102-ses-id")}, nil
}

func TestSESSender(t *testing.T) {
	t.Parallel()
	if _, err := NewSESSender(&fakeSES{}, "Shortlist <no-reply@example.com>", "set"); !errors.Is(err, ErrInvalid) {
		t.Errorf("a named From was accepted: %v", err)
	}
	if _, err := NewSESSender(&fakeSES{}, "no-reply@example.com", ""); !errors.Is(err, ErrInvalid) {
		t.Errorf("no configuration set was accepted: %v", err)
	}
	fake := &fakeSES{}
	s, err := NewSESSender(fake, "no-reply@mail.example.com", "shortlist-email")
	if err != nil {
		t.Fatal(err)
	}
	m, err := sampleInvitation(Spanish).Render()
	if err != nil {
		t.Fatal(err)
	}
	m.Tags["weird key!"] = "a b/c"
	id, err := s.Send(context.Background(), m)
	if err != nil || id != "0102-ses-id" {
		t.Fatalf("Send = %q, %v", id, err)
	}
	in := fake.in
	simple := in.Content.Simple
	if aws.ToString(in.FromEmailAddress) != "no-reply@mail.example.com" || aws.ToString(in.ConfigurationSetName) != "shortlist-email" ||
		len(in.Destination.ToAddresses) != 1 || in.Destination.ToAddresses[0] != m.To ||
		aws.ToString(simple.Subject.Data) != m.Subject || aws.ToString(simple.Subject.Charset) != "UTF-8" ||
		aws.ToString(simple.Body.Text.Data) != m.Text || aws.ToString(simple.Body.Html.Data) != m.HTML {
		t.Errorf("request: %+v", in)
	}
	var tags []string
	for _, tag := range in.EmailTags {
		tags = append(tags, aws.ToString(tag.Name)+"="+aws.ToString(tag.Value))
	}
	want := "assessment=asm_01 candidate=cand_01 kind=invitation org=org_01 weird_key_=a_b_c"
	if strings.Join(tags, " ") != want {
		t.Errorf("tags %v, want %s", tags, want)
	}

	fake.err = errors.New("throttled")
	if _, err := s.Send(context.Background(), m); err == nil || !strings.Contains(err.Error(), "throttled") {
		t.Errorf("error not passed on: %v", err)
	}
	if _, err := s.Send(context.Background(), Message{To: "x@example.com"}); !errors.Is(err, ErrInvalid) {
		t.Errorf("an empty message was sent: %v", err)
	}
}

// TestMIME parses what SMTPSender writes with the standard library, as a mail client would.
func TestMIME(t *testing.T) {
	t.Parallel()
	m, err := sampleInvitation(Spanish).Render()
	if err != nil {
		t.Fatal(err)
	}
	m.Subject = "Ñandú € " + m.Subject
	id := messageID(m.IdempotencyKey, "no-reply@mail.example.com")
	if id != messageID("invitation/cand_01", "x@mail.example.com") || !strings.HasSuffix(id, "@mail.example.com") {
		t.Errorf("message id %q is not derived from the key", id)
	}
	raw, err := buildMIME("no-reply@mail.example.com", id, time.Date(2027, 1, 9, 16, 5, 0, 0, time.UTC), m)
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(raw), "\r\n") {
		if len(line) > 998 {
			t.Errorf("line %d is %d octets", i, len(line))
		}
	}
	if bytes.ContainsFunc(raw, func(r rune) bool { return r > 127 }) {
		t.Error("the message is not 7-bit clean")
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || subject != m.Subject {
		t.Errorf("subject %q (%v), want %q", subject, err, m.Subject)
	}
	if msg.Header.Get("To") != m.To || msg.Header.Get("Message-Id") != "<"+id+">" ||
		msg.Header.Get("X-Shortlist-Tags") != "assessment=asm_01; candidate=cand_01; kind=invitation; org=org_01" {
		t.Errorf("headers %v", msg.Header)
	}
	_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for _, want := range []struct{ ctype, body string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
		p, err := mr.NextRawPart()
		if err != nil {
			t.Fatal(err)
		}
		ctype, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		body, err := io.ReadAll(quotedprintable.NewReader(p))
		if err != nil {
			t.Fatal(err)
		}
		got := strings.ReplaceAll(string(body), "\r\n", "\n")
		if ctype != want.ctype || strings.TrimRight(got, "\n") != strings.TrimRight(want.body, "\n") {
			t.Errorf("%s part differs:\n%s", want.ctype, got)
		}
	}
	if _, err := mr.NextPart(); err != io.EOF {
		t.Errorf("more than two parts: %v", err)
	}
}

func TestOutbox(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "outbox")
	o, err := NewOutbox(dir)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2027, 1, 9, 16, 0, 0, 0, time.UTC)
	o.Now = func() time.Time { now = now.Add(time.Second); return now }
	if list, err := o.List(0); err != nil || len(list) != 0 {
		t.Fatalf("empty outbox: %v %v", list, err)
	}
	var ids []string
	for _, kind := range []string{"invitation", "reminder", "feedback"} {
		m, err := samples(English)[kind].Render()
		if err != nil {
			t.Fatal(err)
		}
		id, err := o.Send(context.Background(), m)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	// The same message again (a retry) keeps the first.
	m, _ := samples(English)["invitation"].Render()
	again, err := o.Send(context.Background(), m)
	if err != nil || again != ids[0] {
		t.Errorf("resend: %q %v, want %q", again, err, ids[0])
	}
	// Without a key every send is its own.
	m.IdempotencyKey = ""
	if _, err := o.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	list, err := o.List(0)
	if err != nil || len(list) != 4 {
		t.Fatalf("List: %d, %v", len(list), err)
	}
	if list[1].ID != ids[2] || list[3].ID != ids[0] || !list[0].SentAt.After(list[1].SentAt) {
		t.Errorf("not newest first: %v", []string{list[0].ID, list[1].ID, list[2].ID, list[3].ID})
	}
	if list[3].Subject != m.Subject || list[3].HTML != m.HTML || list[3].Tags["candidate"] != "cand_01" {
		t.Errorf("entry %+v", list[3])
	}
	if two, _ := o.List(2); len(two) != 2 || two[0].ID != list[0].ID {
		t.Errorf("List(2) = %d entries", len(two))
	}
	got, err := o.Get(ids[1])
	if err != nil || got.Tags["kind"] != "reminder" {
		t.Errorf("Get: %+v %v", got, err)
	}
	for _, bad := range []string{"../../etc/passwd", "", strings.Repeat("0", 32)} {
		if _, err := o.Get(bad); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Get(%q): %v", bad, err)
		}
	}
	if _, err := o.Send(context.Background(), Message{To: "bad"}); !errors.Is(err, ErrInvalid) {
		t.Errorf("invalid message kept: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 4 {
		t.Errorf("%d files in the outbox, want 4 (no temporary files left)", len(entries))
	}
}

func TestParseSESEvents(t *testing.T) {
	t.Parallel()
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", "ses", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	type want struct {
		email, kind, subType, candidate string
		permanent                       bool
	}
	for file, wants := range map[string][]want{
		"bounce-permanent.sns.json":   {{"nobody@example.com", KindBounce, "General", "cand_01", true}},
		"bounce-permanent.event.json": {{"nobody@example.com", KindBounce, "General", "cand_01", true}},
		"bounce-transient.event.json": {
			{"full@example.org", KindBounce, "MailboxFull", "", false},
			{"also-full@example.org", KindBounce, "MailboxFull", "", false},
		},
		"complaint.sns.json":       {{"annoyed@example.net", KindComplaint, "abuse", "cand_07", true}},
		"complaint.event.json":     {{"annoyed@example.net", KindComplaint, "abuse", "cand_07", true}},
		"bounce-notification.json": {{"suppressed@example.com", KindBounce, "Suppressed", "", true}},
		"delivery.event.json":      nil,
	} {
		got, err := ParseSESEvents(read(file))
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		if len(got) != len(wants) {
			t.Errorf("%s: %d bounces, want %d", file, len(got), len(wants))
			continue
		}
		for i, w := range wants {
			g := got[i]
			if g.Email != w.email || g.Kind != w.kind || g.SubType != w.subType || g.Permanent != w.permanent ||
				g.Tags["candidate"] != w.candidate || g.MessageID == "" || g.At.IsZero() {
				t.Errorf("%s[%d] = %+v, want %+v", file, i, g, w)
			}
		}
	}
	b, _ := ParseSESEvents(read("bounce-permanent.sns.json"))
	if b[0].Tags["org"] != "org_01" || b[0].Tags["kind"] != "invitation" || b[0].Tags["ses:configuration-set"] != "shortlist-email" ||
		!b[0].At.Equal(time.Date(2027, 1, 9, 16, 5, 10, 123e6, time.UTC)) {
		t.Errorf("tags and time: %+v", b[0])
	}
	if _, err := ParseSESEvents(read("subscription-confirmation.sns.json")); !errors.Is(err, ErrSubscriptionConfirmation) {
		t.Errorf("subscription confirmation: %v", err)
	}
	for name, body := range map[string]string{
		"not JSON":               "<html>",
		"no type":                `{"mail":{}}`,
		"bounce without object":  `{"eventType":"Bounce","mail":{}}`,
		"SNS without message":    `{"Type":"Notification"}`,
		"SNS with other type":    `{"Type":"Surprise","Message":"{}"}`,
		"SNS with a bad message": `{"Type":"Notification","Message":"not json"}`,
	} {
		if _, err := ParseSESEvents([]byte(body)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestSMTPThroughMailpit sends an invitation in each language through a real SMTP server
// (Mailpit, started by scripts/services/mailpit) and reads it back through Mailpit's REST
// API: subject, recipient, and both parts must arrive exactly as rendered.
func TestSMTPThroughMailpit(t *testing.T) {
	t.Parallel()
	addr, api := os.Getenv("SHORTLIST_SMTP_ADDR"), os.Getenv("SHORTLIST_MAILPIT_URL")
	if addr == "" || api == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set but SHORTLIST_SMTP_ADDR or SHORTLIST_MAILPIT_URL is not: start Mailpit with scripts/services/mailpit (scripts/test does)")
		}
		t.Skip("SHORTLIST_SMTP_ADDR is not set: run scripts/services/mailpit (or scripts/test) to test against Mailpit")
	}
	s, err := NewSMTPSender(addr, "no-reply@mail.example.com")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	run := time.Now().UnixNano()
	for _, lang := range Langs {
		inv := sampleInvitation(lang)
		inv.AssessmentName += map[Lang]string{Spanish: " (bono de 50 €)", English: " (€50 bonus)"}[lang]
		m, err := inv.Render()
		if err != nil {
			t.Fatal(err)
		}
		m.IdempotencyKey = fmt.Sprintf("%s/%s/%d", m.IdempotencyKey, lang, run) // one Message-ID per message and run
		id, err := s.Send(ctx, m)
		if err != nil {
			t.Fatal(err)
		}

		found := mailpittest.Search(t, api, `message-id:"`+id+`"`)
		if len(found) != 1 || found[0].MessageID != id {
			found = nil
			for _, x := range mailpittest.All(t, api) {
				if x.MessageID == id {
					found = append(found, x)
				}
			}
			if len(found) != 1 {
				t.Fatalf("%s: Mailpit has %d messages with Message-ID %s", lang, len(found), id)
			}
		}
		got := mailpittest.Get(t, api, found[0].ID)
		if got.Subject != m.Subject {
			t.Errorf("%s: subject %q, want %q", lang, got.Subject, m.Subject)
		}
		if len(got.To) != 1 || got.To[0].Address != m.To || got.From.Address != "no-reply@mail.example.com" {
			t.Errorf("%s: from %v to %v", lang, got.From, got.To)
		}
		norm := func(s string) string { return strings.TrimRight(strings.ReplaceAll(s, "\r\n", "\n"), "\n") }
		if norm(got.Text) != norm(m.Text) {
			t.Errorf("%s: text part differs:\n%s", lang, got.Text)
		}
		if norm(got.HTML) != norm(m.HTML) {
			t.Errorf("%s: HTML part differs:\n%s", lang, got.HTML)
		}
		for _, r := range []string{"ñ", "á", "€"} {
			if !strings.Contains(got.Subject+got.Text+got.HTML, r) {
				t.Errorf("%s: %q did not arrive", lang, r)
			}
		}
	}
}
