package webhook

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxSnippet is how much of a response body an Attempt keeps, for the delivery log.
const MaxSnippet = 1 << 10

// Attempt is the outcome of one delivery.
type Attempt struct {
	At       time.Time     // when it started
	Status   int           // the HTTP status; 0 when no response came
	Duration time.Duration // until the response was read, or the failure
	Err      error         // a refused URL or address, a network error, a timeout; nil with a response
	Response string        // the first MaxSnippet bytes of the response body, valid UTF-8
}

// Delivered says the receiver accepted the event (a 2xx answer).
func (a Attempt) Delivered() bool { return a.Err == nil && a.Status >= 200 && a.Status < 300 }

// Gone says the receiver answered 410 Gone: stop, and disable the endpoint.
func (a Attempt) Gone() bool { return a.Status == http.StatusGone }

// Retry says the event should be sent again later (see NextAttempt): any failure except
// 410 Gone and an endpoint URL that can never be sent to.
func (a Attempt) Retry() bool {
	return !a.Delivered() && !a.Gone() && !errors.Is(a.Err, ErrURL) && !errors.Is(a.Err, ErrSecret)
}

// Deliverer sends events with the guarded client of NewClient.
type Deliverer struct {
	client *http.Client
	now    func() time.Time
}

// NewDeliverer returns a Deliverer that reaches public https endpoints only.
func NewDeliverer() *Deliverer {
	return &Deliverer{client: NewClient(), now: time.Now}
}

// NewLoopbackDeliverer returns a Deliverer that also reaches loopback addresses (every
// other address Blocked refuses stays refused) and trusts tlsConfig's root certificates:
// for tests against httptest.NewTLSServer and receivers on the developer's own machine,
// never for a deployment.
func NewLoopbackDeliverer(tlsConfig *tls.Config) *Deliverer {
	return &Deliverer{client: newClient(true, tlsConfig), now: time.Now}
}

var defaultDeliverer = NewDeliverer()

// Deliver sends e to endpoint with the default Deliverer.
func Deliver(ctx context.Context, endpoint string, secrets []Secret, e Event) Attempt {
	return defaultDeliverer.Deliver(ctx, endpoint, secrets, e)
}

// Deliver POSTs e's JSON to endpoint, signed with every secret, and reports what
// happened. The webhook-timestamp is the attempt's time (so a late retry is not refused
// as stale); the webhook-id is the event's, the same on every attempt.
func (d *Deliverer) Deliver(ctx context.Context, endpoint string, secrets []Secret, e Event) Attempt {
	start := d.now()
	a := Attempt{At: start}
	finish := func(err error) Attempt {
		a.Err = err
		a.Duration = d.now().Sub(start)
		return a
	}
	body, err := e.Body()
	if err != nil {
		return finish(fmt.Errorf("webhook: encoding %s: %w", e.Type, err))
	}
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return finish(fmt.Errorf("%w: %v", ErrURL, err))
	}
	if err := SetHeaders(req.Header, e.ID, start, body, secrets...); err != nil {
		return finish(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Shortlist-Webhooks/1")
	// The client checks the URL (ValidateURL) and every address it connects to.
	resp, err := d.client.Do(req)
	if err != nil {
		return finish(err)
	}
	defer resp.Body.Close()
	a.Status = resp.StatusCode
	// The status is the answer; the body is only kept for the log, so a body cut short
	// (or longer than MaxResponse, whose rest is dropped) is no error.
	got, _ := io.ReadAll(io.LimitReader(resp.Body, MaxResponse))
	a.Response = snippet(got)
	return finish(nil)
}

// snippet is the longest prefix of b that fits MaxSnippet bytes as valid UTF-8 (an
// invalid byte shows as U+FFFD).
func snippet(b []byte) string {
	var sb strings.Builder
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if sb.Len()+utf8.RuneLen(r) > MaxSnippet {
			break
		}
		sb.WriteRune(r)
		b = b[size:]
	}
	return sb.String()
}

// retryDelays are the waits before the 2nd to 8th attempts: 27 h 35 min in all, so a
// receiver that is down for a day still gets the event.
var retryDelays = []time.Duration{
	5 * time.Second,
	5 * time.Minute,
	30 * time.Minute,
	2 * time.Hour,
	5 * time.Hour,
	10 * time.Hour,
	10 * time.Hour,
}

// Jitter is the spread of each delay: ±10%, so endpoints that failed together are not
// retried in lockstep, while the schedule still spans more than 24 hours at its shortest.
const Jitter = 0.10

// NextAttempt returns how long to wait after the n-th failed attempt (n >= 1) before the
// next, and false when n attempts were the last (give up; with n <= 0 it is 0, true:
// the first attempt goes now).
func NextAttempt(n int) (time.Duration, bool) {
	return nextAttempt(n, rand.Float64)
}

func nextAttempt(n int, random func() float64) (time.Duration, bool) {
	if n <= 0 {
		return 0, true
	}
	if n > len(retryDelays) {
		return 0, false
	}
	base := retryDelays[n-1]
	f := 1 + Jitter*(2*random()-1)
	return time.Duration(float64(base) * f), true
}
