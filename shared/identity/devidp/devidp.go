// Package devidp is a development identity provider: an http.Handler that speaks the
// subset of the Amazon Cognito user-pool API that package identity uses, so the same
// SDK-based identity.Provider and identity.Verifier run unchanged against it on a
// developer's machine (`go run ./scripts/dev`), with nothing but Go.
//
// It serves the Cognito JSON protocol (POST / with X-Amz-Target:
// AWSCognitoIdentityProviderService.<Operation> and Content-Type
// application/x-amz-json-1.1) for InitiateAuth (USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH),
// RespondToAuthChallenge (NEW_PASSWORD_REQUIRED, SOFTWARE_TOKEN_MFA, MFA_SETUP),
// AssociateSoftwareToken, VerifySoftwareToken, SetUserMFAPreference, GlobalSignOut,
// RevokeToken, ForgotPassword, ConfirmForgotPassword, AdminCreateUser, AdminGetUser,
// AdminDisableUser, AdminEnableUser and AdminDeleteUser, and the pool's key set at
// /<pool id>/.well-known/jwks.json.
//
// It behaves as a pool whose usernames are email addresses (Cognito then makes each
// user's username their sub), with Cognito's default password policy and TOTP MFA
// optional (WithMFARequired makes it required). Access and ID tokens are RS256 JWTs with
// Cognito's claims, valid for an hour, issued by <base URL>/<pool id>; refresh tokens are
// opaque, as Cognito's are, valid for 30 days, and stop working at RevokeToken,
// GlobalSignOut, AdminDisableUser and AdminDeleteUser. Users invited with AdminCreateUser
// get NEW_PASSWORD_REQUIRED at first sign-in; disabled users are refused with
// NotAuthorizedException "User is disabled."; a wrong password and an unknown user get
// Cognito's NotAuthorizedException and UserNotFoundException.
//
// Emails are not sent: the codes Cognito would email (a password-reset code, the
// temporary password of an invitation) are logged and kept for LastCode.
//
// State lives in memory and, with WithFile, in a JSON file (the dev server's data
// directory), rewritten after every change: the signing key, users, password hashes,
// TOTP secrets and refresh-token hashes. It is for development only: no rate limits
// beyond a few attempts per code, and admin calls need only a SigV4-shaped Authorization
// header, not a valid signature.
package devidp

import (
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Token and code lifetimes, as Cognito's defaults.
const (
	AccessTokenTTL  = time.Hour
	RefreshTokenTTL = 30 * 24 * time.Hour
	SessionTTL      = 3 * time.Minute
	ResetCodeTTL    = time.Hour
	maxCodeAttempts = 5
)

// IdP is the development identity provider. Build it with New; it is safe for
// concurrent use.
type IdP struct {
	poolID, clientID string
	baseURL          string
	prefix           string // baseURL's path: the IdP is mounted under it
	file             string
	log              *slog.Logger
	now              func() time.Time
	mfaRequired      bool
	ops              map[string]operation

	mu       sync.Mutex
	st       state
	key      *rsa.PrivateKey
	kid      string
	sessions map[string]*session
	codes    map[string]string // email -> last code "sent" to it
}

// state is what WithFile persists.
type state struct {
	Key           string                   `json:"key"` // PKCS #8, PEM
	Users         map[string]*user         `json:"users"`
	RefreshTokens map[string]*refreshToken `json:"refresh_tokens"` // by SHA-256 of the token
}

type user struct {
	Username     string    `json:"username"` // the sub, as Cognito names users of an email pool
	Email        string    `json:"email"`
	PasswordHash string    `json:"password_hash"`
	Status       string    `json:"status"` // FORCE_CHANGE_PASSWORD, CONFIRMED, RESET_REQUIRED
	Enabled      bool      `json:"enabled"`
	Groups       []string  `json:"groups,omitempty"`
	TOTPSecret   string    `json:"totp_secret,omitempty"`  // verified
	TOTPPending  string    `json:"totp_pending,omitempty"` // associated, not yet verified
	TOTPEnabled  bool      `json:"totp_enabled,omitempty"` // asked for at sign-in
	ResetCode    string    `json:"reset_code,omitempty"`
	ResetExpires time.Time `json:"reset_expires,omitzero"`
	ResetTries   int       `json:"reset_tries,omitempty"`
	Created      time.Time `json:"created"`
	Modified     time.Time `json:"modified"`
}

type refreshToken struct {
	Username string    `json:"username"`
	Origin   string    `json:"origin"` // origin_jti of the access tokens issued with it
	Expires  time.Time `json:"expires"`
}

// session is a pending challenge. Not persisted: a restart ends sign-ins in progress.
type session struct {
	username  string
	challenge string
	expires   time.Time
	tries     int
	totp      string // MFA_SETUP: the secret associated through this session
	verified  bool   // MFA_SETUP: VerifySoftwareToken succeeded
}

// Option configures an IdP.
// DevPool and DevClient are the pool and app client the dev server runs (and
// scripts/admin adds people to, in the dev server's data directory).
const (
	DevPool   = "local_shortlist"
	DevClient = "shortlist-console"
)

type Option func(*IdP)

// WithFile keeps the state in a JSON file at path: loaded by New when it exists, written
// (atomically, mode 0600) after every change.
func WithFile(path string) Option { return func(p *IdP) { p.file = path } }

// WithLogger sets where codes and notable events are logged (slog.Default otherwise).
func WithLogger(l *slog.Logger) Option { return func(p *IdP) { p.log = l } }

// WithBaseURL fixes the URL the IdP is served at, and so the issuer of its tokens
// (baseURL + "/" + poolID). Without it the base URL is taken from each request's Host,
// so the issuer follows the address clients use. A base URL with a path
// (http://localhost:8080/idp) mounts the IdP there: ServeHTTP takes requests whose path
// starts with it, as a mux hands them over.
func WithBaseURL(u string) Option { return func(p *IdP) { p.baseURL = strings.TrimRight(u, "/") } }

// WithClock sets the IdP's clock (time.Now otherwise): for tests of expiry.
func WithClock(now func() time.Time) Option { return func(p *IdP) { p.now = now } }

// WithMFARequired makes MFA required, as a pool with MfaConfiguration ON: a user without
// TOTP gets the MFA_SETUP challenge at sign-in.
func WithMFARequired() Option { return func(p *IdP) { p.mfaRequired = true } }

// New returns an IdP for one pool and one app client.
func New(poolID, clientID string, opts ...Option) (*IdP, error) {
	if poolID == "" || clientID == "" {
		return nil, errors.New("devidp: a pool id and a client id are required")
	}
	p := &IdP{
		poolID:   poolID,
		clientID: clientID,
		log:      slog.Default(),
		now:      time.Now,
		sessions: map[string]*session{},
		codes:    map[string]string{},
	}
	for _, o := range opts {
		o(p)
	}
	if p.baseURL != "" {
		u, err := url.Parse(p.baseURL)
		if err != nil {
			return nil, fmt.Errorf("devidp: base URL: %w", err)
		}
		p.prefix = strings.TrimRight(u.Path, "/")
	}
	p.ops = p.operations()
	if err := p.load(); err != nil {
		return nil, err
	}
	return p, nil
}

// PoolID and ClientID name the pool and the app client the IdP serves.
func (p *IdP) PoolID() string   { return p.poolID }
func (p *IdP) ClientID() string { return p.clientID }

// Issuer is the issuer of tokens served at baseURL (WithBaseURL's, when given).
func (p *IdP) Issuer(baseURL string) string {
	if p.baseURL != "" {
		baseURL = p.baseURL
	}
	return strings.TrimRight(baseURL, "/") + "/" + p.poolID
}

// AddUser adds a user with a password: confirmed, ready to sign in; or not confirmed,
// as AdminCreateUser leaves an invited user, so the password is a temporary one and the
// first sign-in asks for a new one (NEW_PASSWORD_REQUIRED). It returns the user's
// username (their sub). The password must meet the policy.
func (p *IdP) AddUser(email, password string, confirmed bool) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	status := "FORCE_CHANGE_PASSWORD"
	if confirmed {
		status = "CONFIRMED"
	}
	u, err := p.createUser(email, password, status)
	if err != nil {
		return "", err
	}
	return u.Username, p.saveLocked()
}

// UserID is the username (sub) of the user with this email or username, if there is one.
func (p *IdP) UserID(email string) (string, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if u := p.findUser(email); u != nil {
		return u.Username, true
	}
	return "", false
}

// AddUserToGroup puts a user (by email or username) in a group: access and ID tokens
// issued afterwards list it in "cognito:groups".
func (p *IdP) AddUserToGroup(email, group string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	u := p.findUser(email)
	if u == nil {
		return fmt.Errorf("devidp: no user %q", email)
	}
	for _, g := range u.Groups {
		if g == group {
			return nil
		}
	}
	u.Groups = append(u.Groups, group)
	return p.saveLocked()
}

// LastCode is the last code the IdP would have emailed to email: a password-reset code,
// or the temporary password of an invitation (AdminCreateUser without SUPPRESS). Empty
// when there is none.
func (p *IdP) LastCode(email string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.codes[normEmail(email)]
}

// ServeHTTP serves the JSON protocol on POST / and the key set on
// GET /<pool id>/.well-known/jwks.json, both below the base URL's path.
func (p *IdP) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path, ok := strings.CutPrefix(r.URL.Path, p.prefix)
	if !ok || (path != "" && path[0] != '/') {
		http.NotFound(w, r)
		return
	}
	if path == "" {
		path = "/"
	}
	if r.Method == http.MethodGet && path == "/"+p.poolID+"/.well-known/jwks.json" {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "public, max-age=3600")
		_, _ = w.Write(p.jwks())
		return
	}
	if path != "/" {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	target := r.Header.Get("X-Amz-Target")
	op, ok := strings.CutPrefix(target, "AWSCognitoIdentityProviderService.")
	if !ok {
		writeErr(w, apiErr("UnknownOperationException", "Unknown X-Amz-Target "+target))
		return
	}
	h, ok := p.ops[op]
	if !ok {
		writeErr(w, apiErr("UnknownOperationException", op+" is not implemented by the development identity provider"))
		return
	}
	if strings.HasPrefix(op, "Admin") && !strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 ") {
		// Cognito authorises admin calls with IAM: an unsigned call is a caller's bug.
		writeErr(w, &apiError{code: "MissingAuthenticationTokenException", msg: "Missing Authentication Token", status: http.StatusForbidden})
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil {
		writeErr(w, apiErr("SerializationException", "request body too large or unreadable"))
		return
	}
	base := p.baseURL
	if base == "" {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		base = scheme + "://" + r.Host
	}
	out, err := p.perform(h, &call{base: base, body: body})
	if err != nil {
		writeErr(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	b, err := json.Marshal(out)
	if err != nil {
		writeErr(w, err)
		return
	}
	_, _ = w.Write(b)
}

// call is one request to an operation.
type call struct {
	base string // the URL the IdP is served at
	body []byte
}

func (c *call) decode(v any) error {
	if len(c.body) == 0 {
		return nil
	}
	if err := json.Unmarshal(c.body, v); err != nil {
		return apiErr("SerializationException", "malformed request body: "+err.Error())
	}
	return nil
}

// apiError is an exception of the Cognito API.
type apiError struct {
	code, msg string
	status    int
}

func (e *apiError) Error() string { return e.code + ": " + e.msg }

func apiErr(code, msg string) *apiError {
	return &apiError{code: code, msg: msg, status: http.StatusBadRequest}
}

func writeErr(w http.ResponseWriter, err error) {
	var ae *apiError
	if !errors.As(err, &ae) {
		ae = &apiError{code: "InternalErrorException", msg: err.Error(), status: http.StatusInternalServerError}
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-ErrorType", ae.code)
	w.WriteHeader(ae.status)
	b, _ := json.Marshal(map[string]string{"__type": ae.code, "message": ae.msg})
	_, _ = w.Write(b)
}

// load reads the state file, or starts empty with a new signing key.
func (p *IdP) load() error {
	p.st = state{Users: map[string]*user{}, RefreshTokens: map[string]*refreshToken{}}
	if p.file != "" {
		b, err := os.ReadFile(p.file)
		switch {
		case err == nil:
			if err := json.Unmarshal(b, &p.st); err != nil {
				return fmt.Errorf("devidp: reading %s: %w", p.file, err)
			}
			if p.st.Users == nil {
				p.st.Users = map[string]*user{}
			}
			if p.st.RefreshTokens == nil {
				p.st.RefreshTokens = map[string]*refreshToken{}
			}
		case !errors.Is(err, os.ErrNotExist):
			return fmt.Errorf("devidp: %w", err)
		}
	}
	if err := p.initKey(); err != nil {
		return err
	}
	return p.saveLocked()
}

// saveLocked writes the state file (when there is one). The caller holds p.mu, or is New.
func (p *IdP) saveLocked() error {
	if p.file == "" {
		return nil
	}
	b, err := json.MarshalIndent(p.st, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p.file), 0o700); err != nil {
		return fmt.Errorf("devidp: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(p.file), ".devidp-*.json")
	if err != nil {
		return fmt.Errorf("devidp: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return fmt.Errorf("devidp: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("devidp: %w", err)
	}
	if err := os.Rename(tmp.Name(), p.file); err != nil {
		return fmt.Errorf("devidp: %w", err)
	}
	return nil
}
