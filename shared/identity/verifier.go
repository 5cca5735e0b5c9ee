package identity

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/MicahParks/jwkset"
	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/time/rate"
)

// ErrInvalidToken: Verify refused the token (bad signature, wrong issuer or client,
// expired, not an access token, malformed). Answer 401.
var ErrInvalidToken = errors.New("invalid or expired access token")

// Claims are what an access token says about its user.
type Claims struct {
	// Subject is the user's sub: stable for the life of the user, the key to look the
	// user's role up by.
	Subject string
	// Username is the user's name in the pool (the sub again, in a pool whose usernames
	// are emails).
	Username string
	// Email is the "email" claim when the token has one: Cognito's access tokens carry
	// it only when a pre-token-generation trigger adds it.
	Email string
	// Groups are the user's Cognito groups ("cognito:groups"), if any.
	Groups []string
	// ExpiresAt is when the token stops being accepted (before the leeway).
	ExpiresAt time.Time
}

// DefaultLeeway is how far Verify tolerates clocks apart when it checks exp, nbf and iat.
const DefaultLeeway = 30 * time.Second

// Verifier checks access tokens of one pool and app client. Build it once per process:
// it fetches nothing until the first Verify, then keeps the key set. Safe for concurrent
// use.
type Verifier struct {
	issuer, clientID, jwksURL string
	leeway                    time.Duration
	now                       func() time.Time
	client                    *http.Client

	mu   sync.Mutex
	keys keyfunc.Keyfunc // nil until the first successful fetch
}

// VerifierOption changes a Verifier's defaults.
type VerifierOption func(*Verifier)

// WithLeeway sets the clock-skew tolerance (DefaultLeeway otherwise).
func WithLeeway(d time.Duration) VerifierOption { return func(v *Verifier) { v.leeway = d } }

// WithClock sets the time tokens are checked against (time.Now otherwise): for tests.
func WithClock(now func() time.Time) VerifierOption { return func(v *Verifier) { v.now = now } }

// WithHTTPClient sets the client the key set is fetched with (one with a 5 s timeout
// otherwise).
func WithHTTPClient(c *http.Client) VerifierOption { return func(v *Verifier) { v.client = c } }

// WithIssuer overrides the issuer the tokens must name, and so where the key set is
// fetched from (issuer + "/.well-known/jwks.json"); by default Config.Issuer().
func WithIssuer(iss string) VerifierOption {
	return func(v *Verifier) { v.issuer, v.jwksURL = iss, iss+"/.well-known/jwks.json" }
}

// NewVerifier builds a verifier for the pool and app client c names. It does no I/O.
func NewVerifier(c Config, opts ...VerifierOption) (*Verifier, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	v := &Verifier{
		issuer:   c.Issuer(),
		clientID: c.ClientID,
		jwksURL:  c.JWKSURL(),
		leeway:   DefaultLeeway,
		now:      time.Now,
		client:   &http.Client{Timeout: 5 * time.Second},
	}
	for _, o := range opts {
		o(v)
	}
	return v, nil
}

// Issuer is the "iss" the verifier requires.
func (v *Verifier) Issuer() string { return v.issuer }

// Verify checks an access token and returns its claims. ErrInvalidToken (wrapped, with
// the reason) for a token to refuse; ErrUnavailable when the key set could not be fetched
// (the token may be fine: answer 503, not 401).
func (v *Verifier) Verify(ctx context.Context, token string) (*Claims, error) {
	if token == "" {
		return nil, fmt.Errorf("%w: no token", ErrInvalidToken)
	}
	keys, err := v.keySet(ctx)
	if err != nil {
		return nil, err
	}
	var c cognitoClaims
	parser := jwt.NewParser(
		jwt.WithValidMethods([]string{"RS256"}),
		jwt.WithIssuer(v.issuer),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(v.leeway),
		jwt.WithTimeFunc(v.now),
	)
	if _, err := parser.ParseWithClaims(token, &c, keys.KeyfuncCtx(ctx)); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidToken, err)
	}
	// An ID token is signed by the same keys; only access tokens authorise API calls.
	if c.TokenUse != "access" {
		return nil, fmt.Errorf("%w: token_use is %q, not \"access\"", ErrInvalidToken, c.TokenUse)
	}
	if c.ClientID != v.clientID {
		return nil, fmt.Errorf("%w: issued to another app client", ErrInvalidToken)
	}
	if c.Subject == "" {
		return nil, fmt.Errorf("%w: no sub", ErrInvalidToken)
	}
	claims := &Claims{Subject: c.Subject, Username: c.Username, Email: c.Email, Groups: c.Groups}
	if claims.Username == "" {
		claims.Username = c.CognitoUsername
	}
	if c.ExpiresAt != nil {
		claims.ExpiresAt = c.ExpiresAt.Time
	}
	return claims, nil
}

// cognitoClaims are the claims of Cognito's access (and ID) tokens that Verify reads.
type cognitoClaims struct {
	jwt.RegisteredClaims
	TokenUse        string   `json:"token_use"`
	ClientID        string   `json:"client_id"`
	Username        string   `json:"username"`
	CognitoUsername string   `json:"cognito:username"`
	Email           string   `json:"email"`
	Groups          []string `json:"cognito:groups"`
}

// keySet fetches the key set on first use and keeps it. A failed fetch is not kept: the
// next Verify tries again. Afterwards a token whose kid the set lacks refetches it, at
// most once a minute (Cognito rotates keys rarely), without making a request wait for
// that minute: a forged kid cannot stall the API.
func (v *Verifier) keySet(ctx context.Context) (keyfunc.Keyfunc, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.keys != nil {
		return v.keys, nil
	}
	remote, err := jwkset.NewStorageFromHTTP(v.jwksURL, jwkset.HTTPClientStorageOptions{
		Client:      v.client,
		Ctx:         ctx,
		HTTPTimeout: 5 * time.Second,
		// No background refresh goroutine (RefreshInterval 0): a Lambda is frozen between
		// requests, and the unknown-kid refresh covers rotation.
	})
	if err != nil {
		return nil, &Error{Op: "Verify", Kind: ErrUnavailable, Message: "fetching " + v.jwksURL, Err: err}
	}
	store, err := jwkset.NewHTTPClient(jwkset.HTTPClientOptions{
		HTTPURLs:          map[string]jwkset.Storage{v.jwksURL: remote},
		RefreshUnknownKID: rate.NewLimiter(rate.Every(time.Minute), 1),
		// The limiter's wait is bounded by this; a wait longer than it fails at once.
		RateLimitWaitMax: 100 * time.Millisecond,
	})
	if err != nil {
		return nil, &Error{Op: "Verify", Kind: ErrUnavailable, Err: err}
	}
	keys, err := keyfunc.New(keyfunc.Options{Storage: store, UseWhitelist: []jwkset.USE{jwkset.UseSig}})
	if err != nil {
		return nil, &Error{Op: "Verify", Kind: ErrUnavailable, Err: err}
	}
	v.keys = keys
	return keys, nil
}
