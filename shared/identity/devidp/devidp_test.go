package devidp_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"shortlist/shared/identity"
	"shortlist/shared/identity/cognito"
	"shortlist/shared/identity/devidp"
)

const pw = "Corr3ct-Horse-Battery!"

// clock is a settable time for tests of expiry.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// serve starts idp on loopback and returns a Provider and a Verifier for it.
func serve(t *testing.T, idp *devidp.IdP, verifierOpts ...identity.VerifierOption) (*cognito.Provider, *identity.Verifier) {
	t.Helper()
	srv := httptest.NewServer(idp)
	t.Cleanup(srv.Close)
	return client(t, idp, srv.URL, verifierOpts...)
}

// client returns a Provider and a Verifier for idp served at url.
func client(t *testing.T, idp *devidp.IdP, url string, verifierOpts ...identity.VerifierOption) (*cognito.Provider, *identity.Verifier) {
	t.Helper()
	cfg := identity.Config{Region: "eu-west-1", UserPoolID: idp.PoolID(), ClientID: idp.ClientID(), Endpoint: url}
	awsCfg := aws.Config{Region: "eu-west-1", Credentials: credentials.NewStaticCredentialsProvider("local", "local", "")}
	p, err := cognito.NewProvider(awsCfg, cfg)
	if err != nil {
		t.Fatal(err)
	}
	v, err := identity.NewVerifier(cfg, verifierOpts...)
	if err != nil {
		t.Fatal(err)
	}
	return p, v
}

func quiet() devidp.Option { return devidp.WithLogger(slog.New(slog.DiscardHandler)) }

func newIdP(t *testing.T, opts ...devidp.Option) *devidp.IdP {
	t.Helper()
	idp, err := devidp.New("local_pool", "client", append([]devidp.Option{quiet()}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return idp
}

func tokens(t *testing.T, p *cognito.Provider, email, password string) *identity.Tokens {
	t.Helper()
	res, err := p.SignIn(context.Background(), email, password)
	if err != nil || res.Tokens == nil {
		t.Fatalf("SignIn(%s): %v, %+v", email, err, res)
	}
	return res.Tokens
}

// The state file keeps users, their passwords, refresh tokens and the signing key: after
// a restart (a new IdP on the same file) everything issued before still works.
func TestPersistence(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "data", "identity.json")
	first := newIdP(t, devidp.WithFile(file))
	if _, err := first.AddUser("Ana@Example.com", pw, true); err != nil {
		t.Fatal(err)
	}
	if err := first.AddUserToGroup("ana@example.com", "admins"); err != nil {
		t.Fatal(err)
	}
	srv1 := httptest.NewServer(first)
	p1, _ := client(t, first, srv1.URL)
	tok := tokens(t, p1, "ana@example.com", pw)
	// The dev server restarts on the same address: so does this one.
	addr := srv1.Listener.Addr().String()
	srv1.Close()

	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("state file: %v, mode %v", err, fi.Mode())
	}
	raw, _ := os.ReadFile(file)
	if strings.Contains(string(raw), pw) || strings.Contains(string(raw), tok.RefreshToken) {
		t.Fatal("the state file holds a password or a refresh token in clear")
	}

	second := newIdP(t, devidp.WithFile(file))
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("the address %s was taken meanwhile: %v", addr, err)
	}
	srv2 := &httptest.Server{Listener: l, Config: &http.Server{Handler: second}}
	srv2.Start()
	t.Cleanup(srv2.Close)
	p2, v2 := client(t, second, srv2.URL)
	var c *identity.Claims
	c, err = v2.Verify(context.Background(), tok.AccessToken)
	if err != nil {
		t.Fatalf("a token issued before the restart: %v", err)
	}
	if len(c.Groups) != 1 || c.Groups[0] != "admins" {
		t.Fatalf("groups: %v", c.Groups)
	}
	if _, err := p2.Refresh(context.Background(), tok.RefreshToken); err != nil {
		t.Fatalf("a refresh token issued before the restart: %v", err)
	}
	tokens(t, p2, "ana@example.com", pw)
	if _, err := second.AddUser("ana@example.com", pw, true); err == nil {
		t.Fatal("AddUser of an email the file already has: want an error")
	}
}

func TestAddUserUnconfirmedAndPolicy(t *testing.T) {
	t.Parallel()
	idp := newIdP(t)
	if _, err := idp.AddUser("weak@example.com", "password", true); err == nil {
		t.Fatal("AddUser with a password the policy refuses: want an error")
	}
	if _, err := idp.AddUser("not-an-email", pw, true); err == nil {
		t.Fatal("AddUser with no email: want an error")
	}
	if _, err := idp.AddUser("new@example.com", "Temp-Pass-1!", false); err != nil {
		t.Fatal(err)
	}
	p, _ := serve(t, idp)
	res, err := p.SignIn(context.Background(), "new@example.com", "Temp-Pass-1!")
	if err != nil || res.Challenge == nil || res.Challenge.Name != identity.ChallengeNewPassword {
		t.Fatalf("an unconfirmed user: want NEW_PASSWORD_REQUIRED, got %v, %+v", err, res)
	}
}

// An invitation Cognito would email is logged, and its temporary password is LastCode.
func TestInvitationCode(t *testing.T) {
	t.Parallel()
	idp := newIdP(t)
	p, _ := serve(t, idp)
	ctx := context.Background()
	if _, err := p.AdminCreateUser(ctx, identity.Invite{Email: "bea@example.com"}); err != nil {
		t.Fatal(err)
	}
	temp := idp.LastCode("BEA@example.com")
	if temp == "" {
		t.Fatal("no temporary password for an invitation Cognito would have emailed")
	}
	res, err := p.SignIn(ctx, "bea@example.com", temp)
	if err != nil || res.Challenge == nil || res.Challenge.Name != identity.ChallengeNewPassword {
		t.Fatalf("SignIn with the generated temporary password: %v, %+v", err, res)
	}
	// A suppressed invitation sends nothing.
	if _, err := p.AdminCreateUser(ctx, identity.Invite{Email: "cai@example.com", TemporaryPassword: "Temp-Pass-1!", SuppressEmail: true}); err != nil {
		t.Fatal(err)
	}
	if c := idp.LastCode("cai@example.com"); c != "" {
		t.Fatalf("SUPPRESS: a code %q was recorded as sent", c)
	}
	// An invited user cannot reset a password they never had.
	if err := p.ForgotPassword(ctx, "cai@example.com"); err != nil {
		t.Fatalf("ForgotPassword must not tell: %v", err)
	}
	if c := idp.LastCode("cai@example.com"); c != "" {
		t.Fatalf("a reset code %q for a user in FORCE_CHANGE_PASSWORD", c)
	}
}

func TestExpiry(t *testing.T) {
	t.Parallel()
	clk := &clock{t: time.Now()}
	idp := newIdP(t, devidp.WithClock(clk.now))
	if _, err := idp.AddUser("dan@example.com", pw, true); err != nil {
		t.Fatal(err)
	}
	if _, err := idp.AddUser("eva@example.com", "Temp-Pass-1!", false); err != nil {
		t.Fatal(err)
	}
	p, _ := serve(t, idp, identity.WithClock(clk.now))
	ctx := context.Background()
	tok := tokens(t, p, "dan@example.com", pw)

	// A challenge session lasts three minutes.
	res, err := p.SignIn(ctx, "eva@example.com", "Temp-Pass-1!")
	if err != nil || res.Challenge == nil {
		t.Fatal(err)
	}
	// A reset code lasts an hour.
	if err := p.ForgotPassword(ctx, "dan@example.com"); err != nil {
		t.Fatal(err)
	}
	code := idp.LastCode("dan@example.com")

	clk.add(4 * time.Minute)
	_, err = p.RespondNewPassword(ctx, *res.Challenge, pw)
	if !errors.Is(err, identity.ErrUnauthorized) {
		t.Fatalf("an expired challenge session: want ErrUnauthorized, got %v", err)
	}

	clk.add(time.Hour)
	err = p.ConfirmForgotPassword(ctx, "dan@example.com", code, "Another-Passw0rd!")
	if !errors.Is(err, identity.ErrCodeExpired) {
		t.Fatalf("an expired reset code: want ErrCodeExpired, got %v", err)
	}
	// Access tokens last an hour; the IdP's own API refuses an expired one.
	if _, err := p.AssociateSoftwareToken(ctx, tok.AccessToken); !errors.Is(err, identity.ErrUnauthorized) {
		t.Fatalf("an expired access token: want ErrUnauthorized, got %v", err)
	}
	// Refresh tokens last 30 days.
	if _, err := p.Refresh(ctx, tok.RefreshToken); err != nil {
		t.Fatalf("Refresh after an hour: %v", err)
	}
	clk.add(30 * 24 * time.Hour)
	if _, err := p.Refresh(ctx, tok.RefreshToken); !errors.Is(err, identity.ErrUnauthorized) {
		t.Fatalf("Refresh after 30 days: want ErrUnauthorized, got %v", err)
	}
}

func TestResetCodeAttempts(t *testing.T) {
	t.Parallel()
	idp := newIdP(t)
	if _, err := idp.AddUser("fay@example.com", pw, true); err != nil {
		t.Fatal(err)
	}
	p, _ := serve(t, idp)
	ctx := context.Background()
	if err := p.ForgotPassword(ctx, "fay@example.com"); err != nil {
		t.Fatal(err)
	}
	code := idp.LastCode("fay@example.com")
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	var err error
	for range 5 {
		err = p.ConfirmForgotPassword(ctx, "fay@example.com", wrong, "Another-Passw0rd!")
	}
	if !errors.Is(err, identity.ErrRateLimited) {
		t.Fatalf("the fifth wrong code: want ErrRateLimited, got %v", err)
	}
	// Past the limit even the right code is refused, until a new code is asked for.
	if err := p.ConfirmForgotPassword(ctx, "fay@example.com", code, "Another-Passw0rd!"); !errors.Is(err, identity.ErrRateLimited) {
		t.Fatalf("the right code after the limit: want ErrRateLimited, got %v", err)
	}
	if err := p.ForgotPassword(ctx, "fay@example.com"); err != nil {
		t.Fatal(err)
	}
	if err := p.ConfirmForgotPassword(ctx, "fay@example.com", idp.LastCode("fay@example.com"), "Another-Passw0rd!"); err != nil {
		t.Fatalf("a new code after the limit: %v", err)
	}
}

// The raw protocol: what an SDK sees on errors, unsigned admin calls and unknown calls.
func TestProtocol(t *testing.T) {
	t.Parallel()
	idp := newIdP(t)
	srv := httptest.NewServer(idp)
	t.Cleanup(srv.Close)
	post := func(op, body string, signed bool) (int, http.Header, map[string]string) {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
		req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService."+op)
		if signed {
			req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=local/20260101/eu-west-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=00")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]string
		b, _ := io.ReadAll(resp.Body)
		_ = json.Unmarshal(b, &out)
		return resp.StatusCode, resp.Header, out
	}
	status, hdr, out := post("InitiateAuth", `{"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"client","AuthParameters":{"USERNAME":"x@example.com","PASSWORD":"p"}}`, false)
	if status != 400 || hdr.Get("X-Amzn-ErrorType") != "UserNotFoundException" || out["__type"] != "UserNotFoundException" {
		t.Fatalf("unknown user: %d %v %v", status, hdr, out)
	}
	status, _, out = post("InitiateAuth", `{"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"other"}`, false)
	if status != 400 || out["__type"] != "ResourceNotFoundException" {
		t.Fatalf("another client: %d %v", status, out)
	}
	status, _, out = post("AdminGetUser", `{"UserPoolId":"local_pool","Username":"x@example.com"}`, false)
	if status != 403 || out["__type"] != "MissingAuthenticationTokenException" {
		t.Fatalf("unsigned admin call: %d %v", status, out)
	}
	status, _, out = post("AdminGetUser", `{"UserPoolId":"local_pool","Username":"x@example.com"}`, true)
	if status != 400 || out["__type"] != "UserNotFoundException" {
		t.Fatalf("signed admin call: %d %v", status, out)
	}
	status, _, out = post("ListUsers", `{}`, true)
	if status != 400 || out["__type"] != "UnknownOperationException" {
		t.Fatalf("an operation it does not implement: %d %v", status, out)
	}
	status, _, out = post("InitiateAuth", `{not json`, false)
	if status != 400 || out["__type"] != "SerializationException" {
		t.Fatalf("malformed body: %d %v", status, out)
	}
	resp, err := http.Get(srv.URL + "/local_pool/.well-known/jwks.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var jwks struct {
		Keys []map[string]string `json:"keys"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&jwks); err != nil || len(jwks.Keys) != 1 ||
		jwks.Keys[0]["alg"] != "RS256" || jwks.Keys[0]["use"] != "sig" || jwks.Keys[0]["kid"] == "" {
		t.Fatalf("jwks: %v %+v", err, jwks)
	}
	if r, _ := http.Get(srv.URL + "/other_pool/.well-known/jwks.json"); r.StatusCode != 404 {
		t.Fatalf("another pool's jwks: %d", r.StatusCode)
	}
}

// The issuer follows the address clients use unless WithBaseURL fixes it.
func TestIssuer(t *testing.T) {
	t.Parallel()
	idp := newIdP(t)
	if got := idp.Issuer("http://127.0.0.1:8080/"); got != "http://127.0.0.1:8080/local_pool" {
		t.Fatalf("Issuer: %q", got)
	}
	fixed := newIdP(t, devidp.WithBaseURL("http://localhost:9000"))
	if got := fixed.Issuer("http://127.0.0.1:8080"); got != "http://localhost:9000/local_pool" {
		t.Fatalf("Issuer with WithBaseURL: %q", got)
	}
}

// A base URL with a path mounts the IdP there: the operations and the key set answer
// below it, as a mux hands the requests over, and nothing answers beside it.
func TestMountedUnderBaseURLPath(t *testing.T) {
	t.Parallel()
	idp := newIdP(t, devidp.WithBaseURL("http://localhost:8080/idp/"))
	cases := []struct {
		method, path string
		want         int
	}{
		{"GET", "/idp/local_pool/.well-known/jwks.json", http.StatusOK},
		{"GET", "/local_pool/.well-known/jwks.json", http.StatusNotFound},
		{"GET", "/idpx/local_pool/.well-known/jwks.json", http.StatusNotFound},
		{"POST", "/idp", http.StatusBadRequest}, // reached: no X-Amz-Target
		{"POST", "/idp/", http.StatusBadRequest},
		{"POST", "/", http.StatusNotFound},
	}
	for _, tc := range cases {
		w := httptest.NewRecorder()
		idp.ServeHTTP(w, httptest.NewRequest(tc.method, tc.path, strings.NewReader("{}")))
		if w.Code != tc.want {
			t.Errorf("%s %s: %d, want %d", tc.method, tc.path, w.Code, tc.want)
		}
	}
}
