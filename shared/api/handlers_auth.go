package api

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/identity"
)

// Accounts is the user pool as the sign-in routes use it (cognito.Provider, against
// Cognito in AWS, cognito-local in tests, or the development provider locally).
type Accounts interface {
	SignIn(ctx context.Context, email, password string) (*identity.Result, error)
	RespondNewPassword(ctx context.Context, ch identity.Challenge, newPassword string) (*identity.Result, error)
	RespondMFA(ctx context.Context, ch identity.Challenge, code string) (*identity.Result, error)
	AssociateSoftwareTokenForChallenge(ctx context.Context, ch identity.Challenge) (string, identity.Challenge, error)
	RespondMFASetup(ctx context.Context, ch identity.Challenge, code string) (*identity.Result, error)
	Refresh(ctx context.Context, refreshToken string) (*identity.Tokens, error)
	SignOut(ctx context.Context, refreshToken string) error
	ForgotPassword(ctx context.Context, email string) error
	ConfirmForgotPassword(ctx context.Context, email, code, newPassword string) error
	AssociateSoftwareToken(ctx context.Context, accessToken string) (string, error)
	VerifySoftwareToken(ctx context.Context, accessToken, code, deviceName string) error
	SetUserMFAPreference(ctx context.Context, accessToken string, totp bool) error
}

// refreshCookie holds the refresh token: HttpOnly (no script reads it), SameSite=Strict
// and scoped to /v1/auth, so it is sent only to the refresh and sign-out routes. The
// access token lives in the console's memory only, never in storage.
const refreshCookie = "shortlist_refresh"

// refreshDays is how long a sign-in lasts without a password (the app client's refresh
// token validity).
const refreshDays = 30

// auth wraps a sign-in route: no caching, a per-address limit (guessing passwords is
// what it slows down), and 503 when the deployment has no user pool.
func (s *server) auth(h http.HandlerFunc) http.Handler {
	return s.perIP(func(w http.ResponseWriter, r *http.Request) {
		noStore(w)
		if s.Accounts == nil || s.Verifier == nil || s.Team == nil {
			writeError(w, r, assess.Errorf(assess.Unavailable, "people cannot sign in here: this deployment has no identity provider (use an API key)"))
			return
		}
		h(w, r)
	})
}

// SignInResponse is every sign-in step's answer: signed in (an access token and who the
// person is), or the next challenge to answer.
type SignInResponse struct {
	Status      string `json:"status"` // "signed_in" or "challenge"
	AccessToken string `json:"accessToken,omitempty"`
	ExpiresIn   int    `json:"expiresIn,omitempty"` // seconds
	Me          *Me    `json:"me,omitempty"`
	// Challenge is "new_password" (first sign-in of an invited person), "mfa" (a TOTP
	// code) or "mfa_setup" (enrol an authenticator: Secret and OTPAuthURI are set).
	Challenge  string `json:"challenge,omitempty"`
	Session    string `json:"session,omitempty"`
	Username   string `json:"username,omitempty"`
	Secret     string `json:"secret,omitempty"`
	OTPAuthURI string `json:"otpauthUri,omitempty"`
}

// Me is who a signed-in caller is.
type Me struct {
	Kind         string       `json:"kind"` // "user" or "key"
	Name         string       `json:"name"` // the person's email, or the key's label
	Role         assess.Role  `json:"role"`
	Organisation Organisation `json:"organisation"`
}

// Organisation names the caller's organisation.
type Organisation struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type signInRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

func (s *server) signIn(w http.ResponseWriter, r *http.Request) error {
	var req signInRequest
	if err := decodeJSON(w, r, &req, 4<<10); err != nil {
		return err
	}
	if strings.TrimSpace(req.Email) == "" || req.Password == "" {
		return assess.Errorf(assess.Invalid, "email and password are required")
	}
	res, err := s.Accounts.SignIn(r.Context(), req.Email, req.Password)
	if err != nil {
		return identity.DomainError(err)
	}
	return s.signedInOr(w, r, res, req.Email)
}

type challengeRequest struct {
	Challenge   string `json:"challenge"`
	Session     string `json:"session"`
	Username    string `json:"username"`
	Email       string `json:"email"`
	NewPassword string `json:"newPassword"`
	Code        string `json:"code"`
}

func (s *server) answerChallenge(w http.ResponseWriter, r *http.Request) error {
	var req challengeRequest
	if err := decodeJSON(w, r, &req, 8<<10); err != nil {
		return err
	}
	if req.Session == "" || req.Username == "" {
		return assess.Errorf(assess.Invalid, "session and username from the sign-in's answer are required")
	}
	ch := identity.Challenge{Session: req.Session, Username: req.Username}
	var res *identity.Result
	var err error
	switch req.Challenge {
	case "new_password":
		if req.NewPassword == "" {
			return assess.FieldError("newPassword", "choose a new password")
		}
		ch.Name = identity.ChallengeNewPassword
		res, err = s.Accounts.RespondNewPassword(r.Context(), ch, req.NewPassword)
	case "mfa":
		ch.Name = identity.ChallengeTOTP
		res, err = s.Accounts.RespondMFA(r.Context(), ch, strings.TrimSpace(req.Code))
	case "mfa_setup":
		ch.Name = identity.ChallengeMFASetup
		res, err = s.Accounts.RespondMFASetup(r.Context(), ch, strings.TrimSpace(req.Code))
	default:
		return assess.FieldError("challenge", "one of new_password, mfa, mfa_setup")
	}
	if err != nil {
		return identity.DomainError(err)
	}
	return s.signedInOr(w, r, res, req.Email)
}

// signedInOr answers a sign-in step: the next challenge, or the tokens (the refresh token
// as a cookie) once the person is known to belong to an organisation.
func (s *server) signedInOr(w http.ResponseWriter, r *http.Request, res *identity.Result, email string) error {
	if c := res.Challenge; c != nil {
		out := SignInResponse{Status: "challenge", Session: c.Session, Username: c.Username}
		switch c.Name {
		case identity.ChallengeNewPassword:
			out.Challenge = "new_password"
		case identity.ChallengeTOTP:
			out.Challenge = "mfa"
		case identity.ChallengeMFASetup:
			secret, next, err := s.Accounts.AssociateSoftwareTokenForChallenge(r.Context(), *c)
			if err != nil {
				return identity.DomainError(err)
			}
			out.Challenge, out.Session, out.Secret = "mfa_setup", next.Session, secret
			out.OTPAuthURI = otpauthURI(email, secret)
		default:
			return assess.Errorf(assess.Unavailable, "the identity provider asked for a step this console does not support")
		}
		writeJSON(w, http.StatusOK, out)
		return nil
	}
	me, err := s.me(r.Context(), res.Tokens.AccessToken)
	if err != nil {
		return err
	}
	setRefreshCookie(w, r, res.Tokens.RefreshToken, refreshDays*24*time.Hour)
	writeJSON(w, http.StatusOK, SignInResponse{Status: "signed_in", AccessToken: res.Tokens.AccessToken,
		ExpiresIn: int(res.Tokens.ExpiresIn.Seconds()), Me: &me})
	return nil
}

// me verifies an access token the pool just issued and resolves its person.
func (s *server) me(ctx context.Context, accessToken string) (Me, error) {
	claims, err := s.Verifier.Verify(ctx, accessToken)
	if errors.Is(err, identity.ErrInvalidToken) {
		return Me{}, &assess.Error{Code: assess.Unauthorized, Message: "sign in again: the access token is not valid or has expired", Err: err}
	}
	if err != nil {
		return Me{}, &assess.Error{Code: assess.Unavailable, Message: "the sign-in could not be verified (the identity provider's keys could not be read); try again", Err: err}
	}
	who, err := s.Team.Resolve(ctx, claims.Subject)
	if err != nil {
		return Me{}, err
	}
	return Me{Kind: "user", Name: who.Member.Email, Role: who.Member.Role,
		Organisation: Organisation{ID: who.Organisation.ID, Name: who.Organisation.Name}}, nil
}

func (s *server) refresh(w http.ResponseWriter, r *http.Request) error {
	c, err := r.Cookie(refreshCookie)
	if err != nil || c.Value == "" {
		return assess.Errorf(assess.Unauthorized, "not signed in")
	}
	t, err := s.Accounts.Refresh(r.Context(), c.Value)
	if err != nil {
		clearRefreshCookie(w, r)
		return identity.DomainError(err)
	}
	me, err := s.me(r.Context(), t.AccessToken)
	if err != nil {
		if assess.CodeOf(err) == assess.Unauthorized {
			clearRefreshCookie(w, r)
		}
		return err
	}
	writeJSON(w, http.StatusOK, SignInResponse{Status: "signed_in", AccessToken: t.AccessToken, ExpiresIn: int(t.ExpiresIn.Seconds()), Me: &me})
	return nil
}

func (s *server) signOut(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(refreshCookie); err == nil && c.Value != "" {
		// Revoking ends this sign-in's refresh token and the access tokens it issued.
		if err := s.Accounts.SignOut(r.Context(), c.Value); err != nil && assess.CodeOf(identity.DomainError(err)) != assess.Unauthorized {
			return identity.DomainError(err)
		}
	}
	clearRefreshCookie(w, r)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type forgotRequest struct {
	Email string `json:"email"`
}

// forgotPassword always answers 202: whether an address has an account is not told.
func (s *server) forgotPassword(w http.ResponseWriter, r *http.Request) error {
	var req forgotRequest
	if err := decodeJSON(w, r, &req, 4<<10); err != nil {
		return err
	}
	if _, err := assess.NormaliseEmail(req.Email); err != nil {
		return err
	}
	if err := s.Accounts.ForgotPassword(r.Context(), req.Email); err != nil {
		return identity.DomainError(err)
	}
	w.WriteHeader(http.StatusAccepted)
	return nil
}

type resetRequest struct {
	Email       string `json:"email"`
	Code        string `json:"code"`
	NewPassword string `json:"newPassword"`
}

func (s *server) resetPassword(w http.ResponseWriter, r *http.Request) error {
	var req resetRequest
	if err := decodeJSON(w, r, &req, 4<<10); err != nil {
		return err
	}
	if req.Code == "" || req.NewPassword == "" {
		return assess.Errorf(assess.Invalid, "the emailed code and a new password are required")
	}
	if err := s.Accounts.ConfirmForgotPassword(r.Context(), req.Email, strings.TrimSpace(req.Code), req.NewPassword); err != nil {
		return identity.DomainError(err)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// MFASetup is an authenticator's secret to enrol, as text and as an otpauth:// URI.
type MFASetup struct {
	Secret     string `json:"secret"`
	OTPAuthURI string `json:"otpauthUri"`
}

// mfaSetup starts TOTP enrolment for the signed-in person (access token in the
// Authorization header).
func (s *server) mfaSetup(w http.ResponseWriter, r *http.Request) error {
	token := bearer(r)
	me, err := s.me(r.Context(), token)
	if err != nil {
		return err
	}
	secret, err := s.Accounts.AssociateSoftwareToken(r.Context(), token)
	if err != nil {
		return identity.DomainError(err)
	}
	writeJSON(w, http.StatusOK, MFASetup{Secret: secret, OTPAuthURI: otpauthURI(me.Name, secret)})
	return nil
}

type mfaVerifyRequest struct {
	Code string `json:"code"`
}

// mfaVerify checks a code from the newly enrolled authenticator and turns TOTP on: every
// later sign-in asks for a code.
func (s *server) mfaVerify(w http.ResponseWriter, r *http.Request) error {
	var req mfaVerifyRequest
	if err := decodeJSON(w, r, &req, 4<<10); err != nil {
		return err
	}
	token := bearer(r)
	if _, err := s.me(r.Context(), token); err != nil {
		return err
	}
	if err := s.Accounts.VerifySoftwareToken(r.Context(), token, strings.TrimSpace(req.Code), "Shortlist console"); err != nil {
		return identity.DomainError(err)
	}
	if err := s.Accounts.SetUserMFAPreference(r.Context(), token, true); err != nil {
		return identity.DomainError(err)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// whoAmI answers GET /v1/me for any HR caller, person or key.
func (s *server) whoAmI(w http.ResponseWriter, r *http.Request) error {
	if err := checkQuery(r); err != nil {
		return err
	}
	c := callerOf(r)
	writeJSON(w, http.StatusOK, Me{Kind: c.actor.Kind, Name: c.actor.Label, Role: c.role,
		Organisation: Organisation{ID: c.org.ID, Name: c.org.Name}})
	return nil
}

func otpauthURI(email, secret string) string {
	label := url.PathEscape("Shortlist:" + email)
	return "otpauth://totp/" + label + "?secret=" + url.QueryEscape(secret) + "&issuer=Shortlist"
}

// setRefreshCookie sets the refresh token cookie. Secure everywhere but a loopback host
// (the dev server on http://localhost), where browsers accept it anyway but Go clients
// would not send it back.
func setRefreshCookie(w http.ResponseWriter, r *http.Request, value string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{Name: refreshCookie, Value: value, Path: "/v1/auth", MaxAge: int(maxAge.Seconds()),
		HttpOnly: true, Secure: !loopbackHost(r), SameSite: http.SameSiteStrictMode})
}

func clearRefreshCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: refreshCookie, Value: "", Path: "/v1/auth", MaxAge: -1,
		HttpOnly: true, Secure: !loopbackHost(r), SameSite: http.SameSiteStrictMode})
}

func loopbackHost(r *http.Request) bool {
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
