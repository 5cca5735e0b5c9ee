package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The Standard Webhooks specification's published example (also in its reference
// libraries' tests): this secret, id, timestamp and body sign to this value.
const (
	specSecret    = Secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
	specID        = "msg_p5jXN8AQM9LWM0D4loKWxJek"
	specTimestamp = 1614265330
	specBody      = `{"test": 2432232314}`
	specSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
)

func TestSpecVector(t *testing.T) {
	t.Parallel()
	at := time.Unix(specTimestamp, 0)
	sig, err := Sign(specID, at, []byte(specBody), specSecret)
	if err != nil || sig != specSignature {
		t.Fatalf("Sign = %q, %v; want %q", sig, err, specSignature)
	}
	h := http.Header{}
	h.Set(HeaderID, specID)
	h.Set(HeaderTimestamp, strconv.Itoa(specTimestamp))
	h.Set(HeaderSignature, specSignature)
	if err := VerifyAt(h, []byte(specBody), []Secret{specSecret}, 0, at.Add(time.Minute)); err != nil {
		t.Fatalf("VerifyAt: %v", err)
	}
}

// TestSignByHand recomputes a signature with crypto/hmac, straight from the
// specification's wording, for a secret of our own.
func TestSignByHand(t *testing.T) {
	t.Parallel()
	key := []byte("0123456789abcdef0123456789abcdef0123456789") // 42 bytes
	secret := Secret("whsec_" + base64.StdEncoding.EncodeToString(key))
	body := []byte(`{"type":"candidate.scored","data":{"candidateId":"c1"}}`)
	at := time.Unix(1798761600, 0)
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte("msg_abc.1798761600." + string(body)))
	want := "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
	got, err := Sign("msg_abc", at, body, secret)
	if err != nil || got != want {
		t.Fatalf("Sign = %q, %v; want %q", got, err, want)
	}
}

func TestSecret(t *testing.T) {
	t.Parallel()
	a, err := NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := NewSecret()
	if a == b || !strings.HasPrefix(string(a), "whsec_") {
		t.Fatalf("secrets %q %q", a, b)
	}
	if k, err := a.key(); err != nil || len(k) != 32 {
		t.Fatalf("key: %d bytes, %v", len(k), err)
	}
	enc := func(n int) string { return "whsec_" + base64.StdEncoding.EncodeToString(make([]byte, n)) }
	for _, ok := range []string{enc(24), enc(64), string(specSecret)} {
		if _, err := ParseSecret(ok); err != nil {
			t.Errorf("ParseSecret(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"", enc(23), enc(65), strings.TrimPrefix(enc(32), "whsec_"), "whsec_not base64!", "WHSEC_" + enc(32)[6:]} {
		if _, err := ParseSecret(bad); !errors.Is(err, ErrSecret) {
			t.Errorf("ParseSecret(%q) = %v", bad, err)
		}
	}
	if _, err := Sign("msg_1", time.Now(), nil); !errors.Is(err, ErrSecret) {
		t.Errorf("signed without a secret: %v", err)
	}
	if _, err := Sign("msg.1", time.Now(), nil, a); err == nil {
		t.Error("an id with a dot was signed")
	}
}

func TestVerify(t *testing.T) {
	t.Parallel()
	old, _ := NewSecret()
	cur, _ := NewSecret()
	other, _ := NewSecret()
	now := time.Unix(1798761600, 0)
	body := []byte(`{"type":"report.ready"}`)
	signed := func(at time.Time, secrets ...Secret) http.Header {
		h := http.Header{}
		if err := SetHeaders(h, "msg_1", at, body, secrets...); err != nil {
			t.Fatal(err)
		}
		return h
	}

	// Rotation: both signatures are sent; a receiver with either secret accepts.
	h := signed(now, old, cur)
	if n := len(strings.Fields(h.Get(HeaderSignature))); n != 2 {
		t.Fatalf("%d signatures, want 2", n)
	}
	for _, s := range [][]Secret{{old}, {cur}, {other, cur}} {
		if err := VerifyAt(h, body, s, 0, now); err != nil {
			t.Errorf("VerifyAt with %d secrets: %v", len(s), err)
		}
	}
	if err := VerifyAt(h, body, []Secret{other}, 0, now); !errors.Is(err, ErrSignature) {
		t.Errorf("another secret: %v", err)
	}

	cases := map[string]struct {
		h    http.Header
		body []byte
		want error
	}{
		"tampered body":          {signed(now, cur), []byte(`{"type":"report.ready "}`), ErrSignature},
		"too old":                {signed(now.Add(-6*time.Minute), cur), body, ErrTimestamp},
		"from the future":        {signed(now.Add(6*time.Minute), cur), body, ErrTimestamp},
		"no id":                  {func() http.Header { h := signed(now, cur); h.Del(HeaderID); return h }(), body, ErrHeaders},
		"other id":               {func() http.Header { h := signed(now, cur); h.Set(HeaderID, "msg_2"); return h }(), body, ErrSignature},
		"timestamp not a number": {func() http.Header { h := signed(now, cur); h.Set(HeaderTimestamp, "soon"); return h }(), body, ErrHeaders},
		"timestamp changed": {func() http.Header {
			h := signed(now, cur)
			h.Set(HeaderTimestamp, strconv.FormatInt(now.Unix()+1, 10))
			return h
		}(), body, ErrSignature},
		"only another version": {func() http.Header {
			h := signed(now, cur)
			h.Set(HeaderSignature, "v1a,"+strings.TrimPrefix(h.Get(HeaderSignature), "v1,"))
			return h
		}(), body, ErrSignature},
	}
	for name, c := range cases {
		if err := VerifyAt(c.h, c.body, []Secret{cur}, 0, now); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
	}
	// Within the tolerance either way.
	for _, d := range []time.Duration{-4 * time.Minute, 4 * time.Minute} {
		if err := VerifyAt(signed(now.Add(d), cur), body, []Secret{cur}, 0, now); err != nil {
			t.Errorf("%v off: %v", d, err)
		}
	}
	if err := VerifyAt(signed(now.Add(-time.Hour), cur), body, []Secret{cur}, 2*time.Hour, now); err != nil {
		t.Errorf("a wider tolerance: %v", err)
	}
}

func TestEvents(t *testing.T) {
	t.Parallel()
	at := time.Date(2027, 1, 9, 16, 5, 0, 0, time.FixedZone("-03", -3*3600))
	links := Links{
		Candidate: "https://api.example.com/v1/candidates/cand_01",
		Report:    "https://api.example.com/v1/candidates/cand_01/report",
		Console:   "https://app.example.com/#/candidates/cand_01",
	}
	build := map[EventType]func() (Event, error){
		CandidateCompleted: func() (Event, error) { return NewCandidateCompleted("org_01", "asm_01", "cand_01", at, links) },
		CandidateScored:    func() (Event, error) { return NewCandidateScored("org_01", "asm_01", "cand_01", at, links) },
		ReportReady:        func() (Event, error) { return NewReportReady("org_01", "asm_01", "cand_01", at, links) },
		DecisionRecorded:   func() (Event, error) { return NewDecisionRecorded("org_01", "asm_01", "cand_01", at, links) },
		CandidateErased:    func() (Event, error) { return NewCandidateErased("org_01", "asm_01", "cand_01", at) },
	}
	ids := map[string]bool{}
	for _, typ := range EventTypes {
		e, err := build[typ]()
		if err != nil {
			t.Fatal(err)
		}
		again, _ := build[typ]()
		if e.ID != again.ID || !strings.HasPrefix(e.ID, "msg_") || len(e.ID) != 36 || ids[e.ID] {
			t.Errorf("%s: id %q (again %q)", typ, e.ID, again.ID)
		}
		ids[e.ID] = true
		body, err := e.Body()
		if err != nil {
			t.Fatal(err)
		}
		var top map[string]json.RawMessage
		if err := json.Unmarshal(body, &top); err != nil {
			t.Fatal(err)
		}
		if keys := slices.Sorted(maps.Keys(top)); !slices.Equal(keys, []string{"data", "timestamp", "type"}) {
			t.Errorf("%s: top-level keys %v", typ, keys)
		}
		if string(top["type"]) != `"`+string(typ)+`"` || string(top["timestamp"]) != `"2027-01-09T19:05:00Z"` {
			t.Errorf("%s: %s", typ, body)
		}
		var data map[string]any
		_ = json.Unmarshal(top["data"], &data)
		wantKeys := []string{"assessmentId", "candidateId", "links", "organisationId"}
		if typ == CandidateErased {
			wantKeys = []string{"assessmentId", "candidateId", "organisationId"}
		}
		if keys := slices.Sorted(maps.Keys(data)); !slices.Equal(keys, wantKeys) {
			t.Errorf("%s: data keys %v, want %v (ids and links only)", typ, keys, wantKeys)
		}
	}
	later, _ := NewDecisionRecorded("org_01", "asm_01", "cand_01", at.Add(time.Minute), links)
	first, _ := NewDecisionRecorded("org_01", "asm_01", "cand_01", at, links)
	if later.ID == first.ID {
		t.Error("a second decision has the first one's id")
	}
	for name, f := range map[string]func() (Event, error){
		"no candidate": func() (Event, error) { return NewCandidateScored("org_01", "asm_01", "", at, links) },
		"no time":      func() (Event, error) { return NewCandidateScored("org_01", "asm_01", "c", time.Time{}, links) },
		"http link": func() (Event, error) {
			return NewReportReady("o", "a", "c", at, Links{Report: "http://x.example.com/r"})
		},
		"relative link": func() (Event, error) { return NewReportReady("o", "a", "c", at, Links{Candidate: "/v1/c"}) },
		"unknown type":  func() (Event, error) { return NewEvent("candidate.hired", "o", "a", "c", at, Links{}) },
		"link with user": func() (Event, error) {
			return NewReportReady("o", "a", "c", at, Links{Console: "https://u:p@x.example.com/"})
		},
	} {
		if _, err := f(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
