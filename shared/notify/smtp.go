package notify

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/smtp"
	"slices"
	"strings"
	"time"
)

// SMTPSender sends through a plain SMTP server without authentication or TLS. It is for
// local testing only, against Mailpit on loopback (scripts/services/mailpit): nothing it
// sends is encrypted, and it refuses to log in anywhere. Production mail goes through
// SESSender.
type SMTPSender struct {
	Addr string // host:port, e.g. "127.0.0.1:1025"
	From string
	// Now stamps the Date header; nil: time.Now.
	Now func() time.Time
}

// NewSMTPSender checks from and returns a sender for addr.
func NewSMTPSender(addr, from string) (*SMTPSender, error) {
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return nil, invalid("SMTP address %q: %v", addr, err)
	}
	if err := checkAddress("from", from); err != nil {
		return nil, err
	}
	return &SMTPSender{Addr: addr, From: from}, nil
}

// Send delivers m and returns its Message-ID (without the angle brackets), derived from
// the idempotency key when there is one.
func (s *SMTPSender) Send(ctx context.Context, m Message) (string, error) {
	if err := m.Validate(); err != nil {
		return "", err
	}
	if err := checkAddress("from", s.From); err != nil {
		return "", err
	}
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	id := messageID(m.IdempotencyKey, s.From)
	raw, err := buildMIME(s.From, id, now(), m)
	if err != nil {
		return "", err
	}

	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", s.Addr)
	if err != nil {
		return "", fmt.Errorf("notify: SMTP dial %s: %w", s.Addr, err)
	}
	defer conn.Close()
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = time.Now().Add(30 * time.Second)
	}
	if err := conn.SetDeadline(deadline); err != nil {
		return "", err
	}
	host, _, _ := net.SplitHostPort(s.Addr)
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		return "", fmt.Errorf("notify: SMTP greeting: %w", err)
	}
	defer c.Close()
	steps := []func() error{
		func() error { return c.Hello("localhost") },
		func() error { return c.Mail(s.From) },
		func() error { return c.Rcpt(m.To) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return "", fmt.Errorf("notify: SMTP: %w", err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return "", fmt.Errorf("notify: SMTP DATA: %w", err)
	}
	if _, err := w.Write(raw); err != nil {
		return "", fmt.Errorf("notify: SMTP DATA: %w", err)
	}
	if err := w.Close(); err != nil {
		return "", fmt.Errorf("notify: SMTP DATA: %w", err)
	}
	if err := c.Quit(); err != nil {
		return "", fmt.Errorf("notify: SMTP QUIT: %w", err)
	}
	return id, nil
}

// messageID is "<hash of key>@<from's domain>", or random without a key.
func messageID(key, from string) string {
	domain := from[strings.LastIndexByte(from, '@')+1:]
	if key == "" {
		b := make([]byte, 16)
		_, _ = rand.Read(b)
		return hex.EncodeToString(b) + "@" + domain
	}
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:16]) + "@" + domain
}

// buildMIME writes m as a multipart/alternative message: the text part first, then HTML
// (clients show the last one they can), both UTF-8 and quoted-printable; the subject is
// an RFC 2047 encoded word when it is not plain ASCII. Tags go in X-Shortlist-Tags.
func buildMIME(from, id string, date time.Time, m Message) ([]byte, error) {
	var b bytes.Buffer
	boundary := "=_shortlist_" + strings.ReplaceAll(id, "@", "_")
	header := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	header("From", from)
	header("To", m.To)
	header("Subject", mime.QEncoding.Encode("utf-8", oneLine(m.Subject)))
	header("Date", date.Format(time.RFC1123Z))
	header("Message-ID", "<"+id+">")
	header("MIME-Version", "1.0")
	if len(m.Tags) > 0 {
		var tags []string
		for _, k := range slices.Sorted(maps.Keys(m.Tags)) {
			tags = append(tags, sesTagPart(k)+"="+sesTagPart(m.Tags[k]))
		}
		header("X-Shortlist-Tags", strings.Join(tags, "; "))
	}
	header("Content-Type", `multipart/alternative; boundary="`+boundary+`"`)
	b.WriteString("\r\n")
	for _, part := range []struct{ ctype, body string }{
		{"text/plain; charset=utf-8", m.Text},
		{"text/html; charset=utf-8", m.HTML},
	} {
		fmt.Fprintf(&b, "--%s\r\nContent-Type: %s\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n", boundary, part.ctype)
		qp := quotedprintable.NewWriter(&b)
		// Line ends are CRLF on the wire; quoted-printable keeps them as hard breaks.
		if _, err := qp.Write([]byte(strings.ReplaceAll(strings.ReplaceAll(part.body, "\r\n", "\n"), "\n", "\r\n"))); err != nil {
			return nil, err
		}
		if err := qp.Close(); err != nil {
			return nil, err
		}
		b.WriteString("\r\n")
	}
	fmt.Fprintf(&b, "--%s--\r\n", boundary)
	return b.Bytes(), nil
}
