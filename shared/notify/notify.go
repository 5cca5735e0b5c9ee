// Package notify writes and sends Shortlist's transactional email: the candidate's
// invitation, reminder and feedback notice, and the hiring team's completion notice (one
// candidate, or a digest of many when a burst of candidates finishes together), in
// Spanish and English.
//
// Design choices:
//
//   - One template definition per message. Each message is written once (definitions in
//     templates.go) against a handful of layout blocks ("p", "button", "ul", "li", …). The
//     definitions are parsed twice: with text/template and a plain-text layout, and with
//     html/template and an HTML layout. The wording lives only in the per-language string
//     table (strings.go) that both use through the "t" function, so the text and HTML
//     parts cannot say different things and a translation is one table.
//   - html/template escapes every value by its context (text, attribute, URL), so a
//     candidate named "<script>" is shown, never run; links with another scheme than http
//     or https are neutralised. Subjects are single lines: control characters in a value
//     (a name with a line break) become spaces, so no value can add a mail header.
//   - A message without a value it needs fails to render instead of going out with a hole
//     in a sentence, and a missing string or a format mistake is an error, not "<no
//     value>" or "%!d" in someone's inbox (tests render every message in every language).
//   - One recipient per Message: bounces, complaints and retries are per address, and so
//     is the idempotency key. The key names the event ("invitation/<candidate>"), so a
//     retried send of the same event can be recognised; a deliberate resend sets another.
//   - Senders: SESSender for AWS (SES v2 with a configuration set, whose event
//     destination publishes bounces and complaints to SNS: ParseSESEvents reads them),
//     SMTPSender for a local Mailpit only, and Outbox, which keeps messages as JSON files
//     for the dev server to show. None of them retries: the caller's queue does.
package notify

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"unicode"
)

// Lang is a message's language.
type Lang string

// The languages messages are written in.
const (
	Spanish Lang = "es"
	English Lang = "en"
)

// Langs lists every supported language.
var Langs = []Lang{Spanish, English}

// Message is one rendered email to one recipient.
type Message struct {
	To      string `json:"to"` // one bare address: "ana@example.com"
	Subject string `json:"subject"`
	Text    string `json:"text"`
	HTML    string `json:"html"`
	// Tags travel with the message (SES message tags; headers over SMTP) and come back in
	// bounce and complaint events: "kind", "org", "assessment", "candidate".
	Tags map[string]string `json:"tags,omitempty"`
	// IdempotencyKey names the event the message is about; two messages with the same key
	// are the same message (the Outbox keeps one; SMTP derives the Message-ID from it).
	IdempotencyKey string `json:"idempotencyKey,omitempty"`
}

// Sender delivers a message and returns the id its transport gave it.
type Sender interface {
	Send(ctx context.Context, m Message) (id string, err error)
}

// ErrInvalid wraps every validation failure of a message or its data.
var ErrInvalid = errors.New("notify: invalid message")

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// Validate checks what every sender relies on: one well-formed recipient address, a
// one-line subject, and both bodies.
func (m Message) Validate() error {
	if err := checkAddress("to", m.To); err != nil {
		return err
	}
	if strings.TrimSpace(m.Subject) == "" {
		return invalid("empty subject")
	}
	if strings.ContainsFunc(m.Subject, unicode.IsControl) {
		return invalid("the subject has a control character")
	}
	if strings.TrimSpace(m.Text) == "" || strings.TrimSpace(m.HTML) == "" {
		return invalid("a message needs both a text and an HTML body")
	}
	return nil
}

// checkAddress accepts one bare address (no display name, no list).
func checkAddress(field, addr string) error {
	if addr == "" {
		return invalid("%s: empty address", field)
	}
	if strings.ContainsFunc(addr, unicode.IsControl) {
		return invalid("%s: control character in address", field)
	}
	a, err := mail.ParseAddress(addr)
	if err != nil || a.Name != "" || a.Address != addr {
		return invalid("%s: %q is not a single bare email address", field, addr)
	}
	return nil
}

// oneLine replaces control characters (line breaks, tabs) by spaces and collapses runs of
// spaces: a value put in a subject can never start a new header.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
