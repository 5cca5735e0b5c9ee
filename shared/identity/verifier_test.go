package identity_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"shortlist/shared/identity"
)

// issuer is a minimal token issuer for the verifier's own tests: it serves a JWKS at the
// path Cognito uses, with keys the test can add, and counts the fetches.
type issuer struct {
	t       *testing.T
	srv     *httptest.Server
	cfg     identity.Config
	mu      sync.Mutex
	keys    map[string]*rsa.PrivateKey
	served  []string // kids in the JWKS
	down    bool
	fetches atomic.Int64
}

func newIssuer(t *testing.T) *issuer {
	t.Helper()
	is := &issuer{t: t, keys: map[string]*rsa.PrivateKey{}}
	is.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/pool1/.well-known/jwks.json" {
			http.NotFound(w, r)
			return
		}
		is.fetches.Add(1)
		is.mu.Lock()
		defer is.mu.Unlock()
		if is.down {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		var keys []map[string]string
		for _, kid := range is.served {
			pub := is.keys[kid].PublicKey
			keys = append(keys, map[string]string{
				"kty": "RSA", "alg": "RS256", "use": "sig", "kid": kid,
				"n": base64.RawURLEncoding.EncodeToString(pub.N.Bytes()),
				"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
			})
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"keys": keys})
	}))
	t.Cleanup(is.srv.Close)
	is.cfg = identity.Config{UserPoolID: "pool1", ClientID: "client1", Endpoint: is.srv.URL}
	is.addKey("k1", true)
	return is
}

// addKey makes a key; served puts it in the JWKS.
func (is *issuer) addKey(kid string, served bool) {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		is.t.Fatal(err)
	}
	is.mu.Lock()
	defer is.mu.Unlock()
	is.keys[kid] = k
	if served {
		is.served = append(is.served, kid)
	}
}

func (is *issuer) setDown(down bool) {
	is.mu.Lock()
	defer is.mu.Unlock()
	is.down = down
}

// claims are those of a valid access token; change them to make an invalid one.
func (is *issuer) claims() jwt.MapClaims {
	now := time.Now()
	return jwt.MapClaims{
		"sub": "sub-1", "username": "sub-1", "client_id": "client1", "token_use": "access",
		"iss": is.cfg.Issuer(), "iat": now.Unix(), "exp": now.Add(time.Hour).Unix(),
		"cognito:groups": []string{"admins"}, "email": "ana@example.com",
	}
}

func (is *issuer) sign(kid string, c jwt.MapClaims) string {
	is.t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, c)
	tok.Header["kid"] = kid
	is.mu.Lock()
	key := is.keys[kid]
	is.mu.Unlock()
	s, err := tok.SignedString(key)
	if err != nil {
		is.t.Fatal(err)
	}
	return s
}

func TestVerifierFetchesLazilyAndCaches(t *testing.T) {
	t.Parallel()
	is := newIssuer(t)
	v, err := identity.NewVerifier(is.cfg)
	if err != nil {
		t.Fatal(err)
	}
	if n := is.fetches.Load(); n != 0 {
		t.Fatalf("NewVerifier fetched the key set %d times; want none before the first token", n)
	}
	ctx := context.Background()
	c, err := v.Verify(ctx, is.sign("k1", is.claims()))
	if err != nil {
		t.Fatal(err)
	}
	if c.Subject != "sub-1" || c.Username != "sub-1" || c.Email != "ana@example.com" || len(c.Groups) != 1 || c.Groups[0] != "admins" {
		t.Fatalf("claims: %+v", c)
	}
	for range 5 {
		if _, err := v.Verify(ctx, is.sign("k1", is.claims())); err != nil {
			t.Fatal(err)
		}
	}
	if n := is.fetches.Load(); n != 1 {
		t.Fatalf("fetches after six tokens: %d, want 1", n)
	}
}

func TestVerifierRefreshesOnUnknownKid(t *testing.T) {
	t.Parallel()
	is := newIssuer(t)
	v, _ := identity.NewVerifier(is.cfg)
	ctx := context.Background()
	if _, err := v.Verify(ctx, is.sign("k1", is.claims())); err != nil {
		t.Fatal(err)
	}
	// The pool rotates: a new key appears in its JWKS.
	is.addKey("k2", true)
	if _, err := v.Verify(ctx, is.sign("k2", is.claims())); err != nil {
		t.Fatalf("a token signed with a rotated-in key: %v", err)
	}
	if n := is.fetches.Load(); n != 2 {
		t.Fatalf("fetches: %d, want 2 (the first, and one for the new kid)", n)
	}
	// A kid the pool never published: refused at once, without another fetch (the
	// refresh is rate-limited) and without making the request wait for the limiter.
	is.addKey("forged", false)
	start := time.Now()
	_, err := v.Verify(ctx, is.sign("forged", is.claims()))
	if !errors.Is(err, identity.ErrInvalidToken) {
		t.Fatalf("unknown kid: want ErrInvalidToken, got %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("unknown kid took %v: a forged kid must not stall a request", d)
	}
	if n := is.fetches.Load(); n != 2 {
		t.Fatalf("fetches after a forged kid: %d, want still 2", n)
	}
}

func TestVerifierKeySetUnavailable(t *testing.T) {
	t.Parallel()
	is := newIssuer(t)
	is.setDown(true)
	v, _ := identity.NewVerifier(is.cfg)
	ctx := context.Background()
	_, err := v.Verify(ctx, is.sign("k1", is.claims()))
	if !errors.Is(err, identity.ErrUnavailable) || errors.Is(err, identity.ErrInvalidToken) {
		t.Fatalf("key set down: want ErrUnavailable (503, not 401), got %v", err)
	}
	// A failed fetch is not kept: the next token fetches again.
	is.setDown(false)
	if _, err := v.Verify(ctx, is.sign("k1", is.claims())); err != nil {
		t.Fatalf("after the key set came back: %v", err)
	}
}

func TestVerifierRejects(t *testing.T) {
	t.Parallel()
	is := newIssuer(t)
	v, _ := identity.NewVerifier(is.cfg)
	ctx := context.Background()
	now := time.Now()
	cases := map[string]func(c jwt.MapClaims){
		"another issuer":                  func(c jwt.MapClaims) { c["iss"] = "https://cognito-idp.eu-west-1.amazonaws.com/pool1" },
		"no issuer":                       func(c jwt.MapClaims) { delete(c, "iss") },
		"another client":                  func(c jwt.MapClaims) { c["client_id"] = "client2" },
		"ID token":                        func(c jwt.MapClaims) { c["token_use"] = "id"; delete(c, "client_id"); c["aud"] = "client1" },
		"no token_use":                    func(c jwt.MapClaims) { delete(c, "token_use") },
		"expired beyond the leeway":       func(c jwt.MapClaims) { c["exp"] = now.Add(-time.Minute).Unix() },
		"no expiry":                       func(c jwt.MapClaims) { delete(c, "exp") },
		"not yet valid beyond the leeway": func(c jwt.MapClaims) { c["nbf"] = now.Add(time.Minute).Unix() },
		"issued in the future":            func(c jwt.MapClaims) { c["iat"] = now.Add(time.Minute).Unix() },
		"no subject":                      func(c jwt.MapClaims) { delete(c, "sub") },
	}
	for name, change := range cases {
		c := is.claims()
		change(c)
		if got, err := v.Verify(ctx, is.sign("k1", c)); !errors.Is(err, identity.ErrInvalidToken) {
			t.Errorf("%s: want ErrInvalidToken, got %v (%+v)", name, err, got)
		}
	}

	// Within the leeway a few seconds of clock skew pass.
	c := is.claims()
	c["exp"], c["nbf"] = now.Add(-10*time.Second).Unix(), now.Add(10*time.Second).Unix()
	if _, err := v.Verify(ctx, is.sign("k1", c)); err != nil {
		t.Errorf("10 s of skew: %v", err)
	}

	// Algorithms other than RS256: "none", and HS256 keyed with public material.
	unsigned, _ := jwt.NewWithClaims(jwt.SigningMethodNone, is.claims()).SignedString(jwt.UnsafeAllowNoneSignatureType)
	hs := jwt.NewWithClaims(jwt.SigningMethodHS256, is.claims())
	hs.Header["kid"] = "k1"
	hmac, _ := hs.SignedString([]byte("k1"))
	for name, tok := range map[string]string{"alg none": unsigned, "alg HS256": hmac, "garbage": "a.b.c", "two parts": "a.b"} {
		if _, err := v.Verify(ctx, tok); !errors.Is(err, identity.ErrInvalidToken) {
			t.Errorf("%s: want ErrInvalidToken, got %v", name, err)
		}
	}
}

func TestConfig(t *testing.T) {
	t.Parallel()
	c := identity.Config{Region: "eu-west-1", UserPoolID: "eu-west-1_AbC", ClientID: "c"}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if got, want := c.Issuer(), "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC"; got != want {
		t.Fatalf("Issuer: %q, want %q", got, want)
	}
	if got := c.JWKSURL(); got != c.Issuer()+"/.well-known/jwks.json" {
		t.Fatalf("JWKSURL: %q", got)
	}
	c.Endpoint = "http://127.0.0.1:9229/"
	if got, want := c.Issuer(), "http://127.0.0.1:9229/eu-west-1_AbC"; got != want {
		t.Fatalf("Issuer with an endpoint: %q, want %q", got, want)
	}
	for _, bad := range []identity.Config{
		{UserPoolID: "p", ClientID: "c"},
		{Region: "r", ClientID: "c"},
		{Region: "r", UserPoolID: "p"},
		{UserPoolID: "p", ClientID: "c", Endpoint: "127.0.0.1:9229"},
	} {
		if err := bad.Validate(); err == nil || !strings.HasPrefix(err.Error(), "identity:") {
			t.Errorf("Validate(%+v): %v", bad, err)
		}
	}
}
