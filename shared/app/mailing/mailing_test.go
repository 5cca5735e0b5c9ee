package mailing_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"shortlist/shared/app/mailing"
	"shortlist/shared/assess"
	"shortlist/shared/notify"
)

type keep struct{ msgs []notify.Message }

func (k *keep) Send(_ context.Context, m notify.Message) (string, error) {
	k.msgs = append(k.msgs, m)
	return "id-1", nil
}

func invitation() assess.Email {
	return assess.Email{Kind: assess.MailInvitation, Key: "invitation/c1/1", Lang: "en", To: "ana@example.com", CandidateName: "Ana",
		OrgName: "Acme", AssessmentName: "Back office", Link: "https://assess.example.com/take/#sli_x",
		Parts: []assess.EmailPart{{Name: "Excel", Minutes: 15, Timed: true}}, ExpiresAt: time.Date(2027, 3, 15, 9, 0, 0, 0, time.UTC),
		OrgID: "org", AssessmentID: "asmt", CandidateID: "c1"}
}

// TestMailer: each kind renders in its language with the outbox item's key as the
// idempotency key; an email missing what it needs is Invalid (not retried).
func TestMailer(t *testing.T) {
	t.Parallel()
	k := &keep{}
	m := mailing.Mailer{Sender: k}
	for _, e := range []assess.Email{
		invitation(),
		func() assess.Email {
			e := invitation()
			e.Kind, e.Key, e.DaysLeft, e.Lang = assess.MailReminder, "reminder/c1/3", 3, "es"
			return e
		}(),
		{Kind: assess.MailFeedback, Key: "feedback/c1", Lang: "es", To: "ana@example.com", OrgName: "Acme", AssessmentName: "B", Link: "https://a.example.com/take/#x", OrgID: "o", CandidateID: "c1"},
		{Kind: assess.MailCompletion, Key: "completion/c1/u", Lang: "en", To: "boss@example.com", OrgName: "Acme", AssessmentName: "B", CandidateName: "Ana",
			CompletedAt: time.Now(), Link: "https://a.example.com/#/a/x/c/c1", OrgID: "o", AssessmentID: "a", CandidateID: "c1"},
		{Kind: assess.MailDigest, Key: "digest/a/1/u", Lang: "en", To: "boss@example.com", OrgName: "Acme", AssessmentName: "B", Since: time.Now(),
			Link: "https://a.example.com/#/a/x", Digest: []assess.DigestLine{{CandidateID: "c1", Name: "Ana", CompletedAt: time.Now()}}, OrgID: "o", AssessmentID: "a"},
	} {
		id, err := m.Send(context.Background(), e)
		if err != nil || id != "id-1" {
			t.Fatalf("%s: %q %v", e.Kind, id, err)
		}
		got := k.msgs[len(k.msgs)-1]
		if got.IdempotencyKey != e.Key || got.Tags["kind"] != string(e.Kind) || got.To != e.To {
			t.Errorf("%s: %+v", e.Kind, got)
		}
	}
	if !strings.Contains(k.msgs[1].Subject+k.msgs[1].Text, "3") {
		t.Errorf("reminder: %s", k.msgs[1].Text)
	}
	bad := invitation()
	bad.Parts = nil
	if _, err := m.Send(context.Background(), bad); assess.CodeOf(err) != assess.Invalid {
		t.Errorf("an invitation without parts: %v", err)
	}
}

// TestInvoker: the notify function's Mailer invokes the mail function through Lambda's
// Invoke API, signed; the function's answer is the message id, an unwritable email is
// Invalid, and a function error is an error to retry.
func TestInvoker(t *testing.T) {
	t.Parallel()
	var answer string
	var fnErr string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var e assess.Email
		if r.URL.Path != "/2015-03-31/functions/shortlist-mail/invocations" || r.Header.Get("X-Amz-Invocation-Type") != "RequestResponse" ||
			!strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 Credential=AKID/") ||
			!strings.Contains(r.Header.Get("Authorization"), "/eu-west-1/lambda/aws4_request") || json.Unmarshal(body, &e) != nil || e.Key != "invitation/c1/1" {
			t.Errorf("request %s %v %s", r.URL.Path, r.Header, body)
		}
		if fnErr != "" {
			w.Header().Set("X-Amz-Function-Error", fnErr)
		}
		_, _ = io.WriteString(w, answer)
	}))
	defer srv.Close()
	in := &mailing.Invoker{Function: "shortlist-mail", Region: "eu-west-1", Endpoint: srv.URL,
		Credentials: aws.NewCredentialsCache(credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""))}
	answer = `{"messageId":"0102-abc"}`
	if id, err := in.Send(context.Background(), invitation()); err != nil || id != "0102-abc" {
		t.Errorf("sent: %q %v", id, err)
	}
	answer = `{"invalid":"notify: invalid message: no parts"}`
	if _, err := in.Send(context.Background(), invitation()); assess.CodeOf(err) != assess.Invalid {
		t.Errorf("invalid: %v", err)
	}
	answer, fnErr = `{"errorMessage":"throttled"}`, "Unhandled"
	if _, err := in.Send(context.Background(), invitation()); err == nil || assess.CodeOf(err) == assess.Invalid {
		t.Errorf("a function error: %v", err)
	}
	// The function's own handler answers the same shapes.
	h := mailing.Handler(mailing.Mailer{Sender: &keep{}}, slog.New(slog.DiscardHandler))
	if r, err := h(context.Background(), invitation()); err != nil || r.MessageID != "id-1" {
		t.Errorf("handler: %+v %v", r, err)
	}
	bad := invitation()
	bad.Link = "javascript:alert(1)"
	if r, err := h(context.Background(), bad); err != nil || r.Invalid == "" {
		t.Errorf("handler, invalid: %+v %v", r, err)
	}
}
