// Package webhook sends Shortlist's events to an organisation's ATS as Standard Webhooks
// (https://www.standardwebhooks.com): a JSON body signed with HMAC-SHA256 in the
// webhook-id, webhook-timestamp and webhook-signature headers, so a receiver can check
// it with any of that specification's libraries, or with Verify.
//
// Design choices:
//
//   - Payloads carry ids and links only, never answers, scores or names: a webhook
//     crosses into another system whose retention we do not control, so the receiver
//     follows a link with its API key to read what it is allowed to (and an erased
//     candidate leaves nothing behind in delivery logs). Links point at the API, not at
//     signed download URLs, which would expire before the last retry.
//   - An event's id is derived from what happened (type, ids, time), so building the same
//     event twice gives the same webhook-id and receivers can deduplicate retries.
//   - Secret rotation: a delivery is signed with every active secret (space-separated
//     signatures), so the receiver can switch secrets at its own pace.
//   - The endpoint is a URL a customer typed, fetched from inside our network, so the
//     client refuses to connect to anything but public unicast addresses. The check runs
//     on the address actually being connected (net.Dialer's Control), after DNS, so a
//     name that resolves to a public address when validated and a private one when
//     dialled (DNS rebinding) is still refused. Only https URLs, no proxies from the
//     environment, no redirects, 10 s per attempt, at most 64 KB of response read.
//   - Retries follow the Standard Webhooks advice: any non-2xx answer is retried on an
//     exponential schedule with jitter for more than a day (NextAttempt), except 410 Gone,
//     which means the endpoint should be disabled.
package webhook

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The Standard Webhooks headers.
const (
	HeaderID        = "webhook-id"
	HeaderTimestamp = "webhook-timestamp"
	HeaderSignature = "webhook-signature"
)

// DefaultTolerance is how far a timestamp may be from the receiver's clock, either way.
const DefaultTolerance = 5 * time.Minute

// Secret is an endpoint's signing secret: "whsec_" and the standard base64 of 24 to 64
// random bytes, the bytes being the HMAC key. It is shown to the organisation once, when
// made, and never logged.
type Secret string

const secretPrefix = "whsec_"

// Errors of ParseSecret and Verify.
var (
	ErrSecret    = errors.New("webhook: malformed secret")
	ErrHeaders   = errors.New("webhook: missing or malformed webhook headers")
	ErrTimestamp = errors.New("webhook: timestamp outside the tolerance")
	ErrSignature = errors.New("webhook: no valid signature")
)

// NewSecret makes a secret of 32 random bytes.
func NewSecret() (Secret, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return Secret(secretPrefix + base64.StdEncoding.EncodeToString(b)), nil
}

// ParseSecret checks s and returns it as a Secret.
func ParseSecret(s string) (Secret, error) {
	sec := Secret(s)
	if _, err := sec.key(); err != nil {
		return "", err
	}
	return sec, nil
}

// key decodes the HMAC key.
func (s Secret) key() ([]byte, error) {
	rest, ok := strings.CutPrefix(string(s), secretPrefix)
	if !ok {
		return nil, fmt.Errorf("%w: no %q prefix", ErrSecret, secretPrefix)
	}
	k, err := base64.StdEncoding.DecodeString(rest)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSecret, err)
	}
	if len(k) < 24 || len(k) > 64 {
		return nil, fmt.Errorf("%w: %d bytes, want 24 to 64", ErrSecret, len(k))
	}
	return k, nil
}

// signature is "v1," and the base64 HMAC-SHA256 of "id.timestamp.body" under key.
func signature(key []byte, id string, ts int64, body []byte) string {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id + "." + strconv.FormatInt(ts, 10) + "."))
	mac.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// Sign returns the webhook-signature header value for a message: one "v1,<signature>"
// per secret, space-separated, in the order given.
func Sign(id string, at time.Time, body []byte, secrets ...Secret) (string, error) {
	if id == "" || strings.ContainsAny(id, ". \r\n") {
		return "", fmt.Errorf("webhook: message id %q is empty or has a '.', space or line break", id)
	}
	if len(secrets) == 0 {
		return "", fmt.Errorf("%w: no secret to sign with", ErrSecret)
	}
	sigs := make([]string, 0, len(secrets))
	for _, s := range secrets {
		k, err := s.key()
		if err != nil {
			return "", err
		}
		sigs = append(sigs, signature(k, id, at.Unix(), body))
	}
	return strings.Join(sigs, " "), nil
}

// SetHeaders signs body and sets the three Standard Webhooks headers on h.
func SetHeaders(h http.Header, id string, at time.Time, body []byte, secrets ...Secret) error {
	sig, err := Sign(id, at, body, secrets...)
	if err != nil {
		return err
	}
	h.Set(HeaderID, id)
	h.Set(HeaderTimestamp, strconv.FormatInt(at.Unix(), 10))
	h.Set(HeaderSignature, sig)
	return nil
}

// Verify checks a received webhook at the current time: see VerifyAt.
func Verify(h http.Header, body []byte, secrets []Secret, tolerance time.Duration) error {
	return VerifyAt(h, body, secrets, tolerance, time.Now())
}

// VerifyAt checks a received webhook as its receiver should: the three headers are
// present, the timestamp is within tolerance of now (either way; tolerance <= 0 means
// DefaultTolerance), and one of the header's v1 signatures matches one of secrets
// (compared in constant time). Signatures of other versions are ignored.
func VerifyAt(h http.Header, body []byte, secrets []Secret, tolerance time.Duration, now time.Time) error {
	id, tsText, sigs := h.Get(HeaderID), h.Get(HeaderTimestamp), h.Get(HeaderSignature)
	if id == "" || tsText == "" || sigs == "" {
		return ErrHeaders
	}
	ts, err := strconv.ParseInt(tsText, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: timestamp %q", ErrHeaders, tsText)
	}
	if tolerance <= 0 {
		tolerance = DefaultTolerance
	}
	if d := now.Sub(time.Unix(ts, 0)); d > tolerance || d < -tolerance {
		return ErrTimestamp
	}
	var keys [][]byte
	for _, s := range secrets {
		k, err := s.key()
		if err != nil {
			return err
		}
		keys = append(keys, k)
	}
	for _, k := range keys {
		want := []byte(signature(k, id, ts, body))
		for _, got := range strings.Fields(sigs) {
			if strings.HasPrefix(got, "v1,") && hmac.Equal([]byte(got), want) {
				return nil
			}
		}
	}
	return ErrSignature
}
