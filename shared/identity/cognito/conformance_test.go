package cognito_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	cmtypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/pquerna/otp/totp"

	"shortlist/shared/identity"
	"shortlist/shared/identity/cognito"
	"shortlist/shared/identity/devidp"
)

// harness is one user pool the conformance suite runs against.
type harness struct {
	cfg identity.Config
	aws aws.Config
	// resetCode is the password-reset code the pool last sent to email.
	resetCode func(t *testing.T, email string) string
	// requireMFA returns a pool like this one that requires MFA; nil when the backend
	// cannot have one (lacks says why).
	requireMFA func(t *testing.T) harness
	// lacks names the scenarios this backend cannot run, with what it is missing: each
	// was measured by running the scenario against it, not guessed.
	lacks map[string]string
}

func (h harness) provider(t *testing.T) *cognito.Provider {
	t.Helper()
	p, err := cognito.NewProvider(h.aws, h.cfg)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (h harness) verifier(t *testing.T, opts ...identity.VerifierOption) *identity.Verifier {
	t.Helper()
	v, err := identity.NewVerifier(h.cfg, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// skipIfLacking skips a scenario the backend cannot run, saying what it lacks.
// SHORTLIST_IDENTITY_RUN_ALL=1 runs them all the same: to measure again what a new
// version of an emulator lacks.
func (h harness) skipIfLacking(t *testing.T, scenario string) {
	t.Helper()
	if why, ok := h.lacks[scenario]; ok && os.Getenv("SHORTLIST_IDENTITY_RUN_ALL") == "" {
		t.Skip(why)
	}
}

func localAWS() aws.Config {
	return aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("local", "local", "")}
}

// TestConformanceDevIdP runs the suite against the development identity provider, served
// on loopback as scripts/dev serves it.
func TestConformanceDevIdP(t *testing.T) {
	runConformance(t, devHarness(t, false))
}

func devHarness(t *testing.T, mfaRequired bool) harness {
	t.Helper()
	opts := []devidp.Option{devidp.WithLogger(slog.New(slog.DiscardHandler))}
	if mfaRequired {
		opts = append(opts, devidp.WithMFARequired())
	}
	idp, err := devidp.New("local_devpool", "devclient", opts...)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(idp)
	t.Cleanup(srv.Close)
	h := harness{
		cfg: identity.Config{Region: "eu-west-1", UserPoolID: idp.PoolID(), ClientID: idp.ClientID(), Endpoint: srv.URL},
		aws: localAWS(),
		resetCode: func(t *testing.T, email string) string {
			return idp.LastCode(email)
		},
	}
	if !mfaRequired {
		h.requireMFA = func(t *testing.T) harness { return devHarness(t, true) }
	}
	return h
}

// TestConformanceCognitoLocal runs the suite against cognito-local, which
// scripts/services/cognito-local starts (scripts/test does). Without it the test skips on
// a developer's machine and fails in CI, where a skip would pass unnoticed.
func TestConformanceCognitoLocal(t *testing.T) {
	endpoint := os.Getenv("SHORTLIST_COGNITO_ENDPOINT")
	if endpoint == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set but SHORTLIST_COGNITO_ENDPOINT is not: start cognito-local with scripts/services/cognito-local (scripts/test does)")
		}
		t.Skip("SHORTLIST_COGNITO_ENDPOINT is not set: run scripts/services/cognito-local (or scripts/test) to test against cognito-local")
	}
	code := os.Getenv("SHORTLIST_COGNITO_CODE")
	h := harness{
		cfg: identity.Config{
			Region:     "us-east-1",
			UserPoolID: os.Getenv("SHORTLIST_COGNITO_POOL_ID"),
			ClientID:   os.Getenv("SHORTLIST_COGNITO_CLIENT_ID"),
			Endpoint:   endpoint,
		},
		aws: localAWS(),
		// cognito-local sends the code its CODE variable sets (the script exports it).
		resetCode: func(t *testing.T, _ string) string {
			if code == "" {
				t.Fatal("SHORTLIST_COGNITO_CODE is not set (scripts/services/cognito-local prints it)")
			}
			return code
		},
		// Measured against cognito-local 5.3.0 with SHORTLIST_IDENTITY_RUN_ALL=1.
		lacks: map[string]string{
			"PasswordPolicy": "cognito-local accepts any new password: RespondToAuthChallenge " +
				"NEW_PASSWORD_REQUIRED took \"short\" (no password policy)",
			"RefreshAfterChallenge": "cognito-local does not keep the refresh token of tokens issued by " +
				"RespondToAuthChallenge: Refresh and RevokeToken with it answer NotAuthorizedException " +
				"\"User not authorized\" (those of a plain InitiateAuth work)",
			"DisabledSignIn": "cognito-local signs a disabled user in: InitiateAuth USER_PASSWORD_AUTH " +
				"returned tokens after AdminDisableUser",
			"DisabledRefresh": "cognito-local refreshes the tokens of a disabled user: REFRESH_TOKEN_AUTH " +
				"returned tokens after AdminDisableUser",
			"RevokedAccessToken": "cognito-local accepts an access token after RevokeToken of its refresh " +
				"token (AssociateSoftwareToken succeeded)",
			"SignOutEverywhere": "cognito-local has no GlobalSignOut: 500 CognitoLocal#Unsupported " +
				"\"Unsupported x-amz-target header GlobalSignOut\"",
			"MFASetup": "cognito-local has no MFA_SETUP challenge: in a pool with MfaConfiguration ON, " +
				"RespondToAuthChallenge NEW_PASSWORD_REQUIRED returned tokens, a later InitiateAuth " +
				"NotAuthorizedException, and AssociateSoftwareToken with a Session InvalidParameterException " +
				"\"via Session (MFA_SETUP flow) is not supported\"",
		},
	}
	// A second pool like the script's, but with MFA required.
	h.requireMFA = func(t *testing.T) harness {
		mh := h
		mh.cfg.UserPoolID, mh.cfg.ClientID = createPool(t, h.cfg, h.aws, cmtypes.UserPoolMfaTypeOn)
		return mh
	}
	if h.cfg.UserPoolID == "" || h.cfg.ClientID == "" {
		t.Fatal("SHORTLIST_COGNITO_ENDPOINT is set but SHORTLIST_COGNITO_POOL_ID or SHORTLIST_COGNITO_CLIENT_ID is not (scripts/services/cognito-local prints them)")
	}
	runConformance(t, h)
}

// createPool creates a user pool (emails as usernames) and an app client for the suite's
// flows in the emulator c points at, as scripts/services/cognito-local does.
func createPool(t *testing.T, c identity.Config, awsCfg aws.Config, mfa cmtypes.UserPoolMfaType) (poolID, clientID string) {
	t.Helper()
	ctx := context.Background()
	client := cip.NewFromConfig(awsCfg, func(o *cip.Options) { o.BaseEndpoint = aws.String(c.Endpoint) })
	pool, err := client.CreateUserPool(ctx, &cip.CreateUserPoolInput{
		PoolName:           aws.String("shortlist-test-" + string(mfa)),
		UsernameAttributes: []cmtypes.UsernameAttributeType{cmtypes.UsernameAttributeTypeEmail},
		MfaConfiguration:   mfa,
	})
	if err != nil {
		t.Fatalf("CreateUserPool: %v", err)
	}
	app, err := client.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{
		UserPoolId: pool.UserPool.Id,
		ClientName: aws.String("hr-console"),
		ExplicitAuthFlows: []cmtypes.ExplicitAuthFlowsType{
			cmtypes.ExplicitAuthFlowsTypeAllowUserPasswordAuth, cmtypes.ExplicitAuthFlowsTypeAllowRefreshTokenAuth,
		},
	})
	if err != nil {
		t.Fatalf("CreateUserPoolClient: %v", err)
	}
	return aws.ToString(pool.UserPool.Id), aws.ToString(app.UserPoolClient.ClientId)
}

var emailSeq atomic.Int64

// newEmail is an address no other test (or earlier run against the same pool) used.
func newEmail(scenario string) string {
	return fmt.Sprintf("hr-%s-%d-%d@example.com", strings.ToLower(scenario), time.Now().UnixNano(), emailSeq.Add(1))
}

const (
	tempPassword = "Temp-Pass-1!"
	goodPassword = "Corr3ct-Horse-Battery!"
)

// signedInUser invites a user and completes the first sign-in; it returns the user and
// their tokens.
func signedInUser(t *testing.T, p *cognito.Provider, scenario string) (*identity.User, *identity.Tokens) {
	t.Helper()
	ctx := context.Background()
	email := newEmail(scenario)
	u, err := p.AdminCreateUser(ctx, identity.Invite{Email: email, TemporaryPassword: tempPassword, SuppressEmail: true})
	if err != nil {
		t.Fatalf("AdminCreateUser: %v", detail(err))
	}
	res, err := p.SignIn(ctx, email, tempPassword)
	if err != nil {
		t.Fatalf("SignIn with the temporary password: %v", detail(err))
	}
	if res.Challenge == nil || res.Challenge.Name != identity.ChallengeNewPassword {
		t.Fatalf("SignIn with the temporary password: want NEW_PASSWORD_REQUIRED, got %+v", res)
	}
	res, err = p.RespondNewPassword(ctx, *res.Challenge, goodPassword)
	if err != nil {
		t.Fatalf("RespondNewPassword: %v", detail(err))
	}
	if res.Tokens == nil {
		t.Fatalf("RespondNewPassword: want tokens, got %+v", res.Challenge)
	}
	if u.Email != email {
		t.Fatalf("AdminCreateUser: email %q, want %q", u.Email, email)
	}
	// The tokens of a returning user's sign-in (those of the first, after the challenge,
	// are tested by RefreshAfterChallenge).
	return u, signIn(t, p, email, goodPassword)
}

// detail adds Cognito's own words to an *identity.Error, for failure messages.
func detail(err error) string {
	var e *identity.Error
	if errors.As(err, &e) {
		return err.Error() + " (" + e.Detail() + ")"
	}
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

func wantKind(t *testing.T, what string, err, kind error) {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Fatalf("%s: want %q, got %s", what, kind, detail(err))
	}
}

func signIn(t *testing.T, p *cognito.Provider, email, password string) *identity.Tokens {
	t.Helper()
	res, err := p.SignIn(context.Background(), email, password)
	if err != nil {
		t.Fatalf("SignIn: %s", detail(err))
	}
	if res.Tokens == nil {
		t.Fatalf("SignIn: want tokens, got challenge %+v", res.Challenge)
	}
	return res.Tokens
}

func runConformance(t *testing.T, h harness) {
	ctx := context.Background()

	t.Run("InvitedUserSetsPassword", func(t *testing.T) {
		p := h.provider(t)
		email := newEmail("invited")
		u, err := p.AdminCreateUser(ctx, identity.Invite{Email: email, TemporaryPassword: tempPassword, SuppressEmail: true})
		if err != nil {
			t.Fatalf("AdminCreateUser: %s", detail(err))
		}
		if u.Status != "FORCE_CHANGE_PASSWORD" || !u.Enabled || u.Subject == "" || u.Username == "" ||
			u.Created.Before(time.Now().Add(-time.Hour)) || u.Created.After(time.Now().Add(time.Hour)) {
			t.Fatalf("AdminCreateUser: got %+v", u)
		}
		res, err := p.SignIn(ctx, strings.ToUpper(email), tempPassword)
		if err != nil {
			t.Fatalf("SignIn: %s", detail(err))
		}
		ch := res.Challenge
		if ch == nil || ch.Name != identity.ChallengeNewPassword || ch.Session == "" || ch.Username == "" {
			t.Fatalf("SignIn: want a NEW_PASSWORD_REQUIRED challenge, got %+v", res)
		}
		res, err = p.RespondNewPassword(ctx, *ch, goodPassword)
		if err != nil {
			t.Fatalf("RespondNewPassword: %s", detail(err))
		}
		if res.Tokens == nil || res.Tokens.AccessToken == "" || res.Tokens.IDToken == "" || res.Tokens.RefreshToken == "" {
			t.Fatalf("RespondNewPassword: want three tokens, got %+v", res)
		}
		got, err := p.AdminGetUser(ctx, email)
		if err != nil {
			t.Fatalf("AdminGetUser: %s", detail(err))
		}
		if got.Status != "CONFIRMED" || got.Subject != u.Subject || got.Email != email {
			t.Fatalf("AdminGetUser after the new password: got %+v", got)
		}
		// The chosen password now signs in without a challenge.
		signIn(t, p, email, goodPassword)
	})

	t.Run("PasswordPolicy", func(t *testing.T) {
		h.skipIfLacking(t, "PasswordPolicy")
		p := h.provider(t)
		email := newEmail("policy")
		if _, err := p.AdminCreateUser(ctx, identity.Invite{Email: email, TemporaryPassword: tempPassword, SuppressEmail: true}); err != nil {
			t.Fatalf("AdminCreateUser: %s", detail(err))
		}
		res, err := p.SignIn(ctx, email, tempPassword)
		if err != nil || res.Challenge == nil {
			t.Fatalf("SignIn: %s, %+v", detail(err), res)
		}
		_, err = p.RespondNewPassword(ctx, *res.Challenge, "short")
		wantKind(t, "RespondNewPassword with a weak password", err, identity.ErrInvalidPassword)
		// The same challenge can be answered again with an acceptable password.
		res, err = p.RespondNewPassword(ctx, *res.Challenge, goodPassword)
		if err != nil || res.Tokens == nil {
			t.Fatalf("RespondNewPassword after a refused one: %s, %+v", detail(err), res)
		}
	})

	t.Run("Verifier", func(t *testing.T) {
		p := h.provider(t)
		u, tok := signedInUser(t, p, "verifier")
		v := h.verifier(t)
		claims, err := v.Verify(ctx, tok.AccessToken)
		if err != nil {
			t.Fatalf("Verify: %v", err)
		}
		if claims.Subject != u.Subject || claims.Username == "" {
			t.Fatalf("Verify: claims %+v, want subject %q", claims, u.Subject)
		}
		if claims.ExpiresAt.Before(time.Now()) {
			t.Fatalf("Verify: expires at %v", claims.ExpiresAt)
		}

		reject := func(what string, v *identity.Verifier, token string) {
			t.Helper()
			if c, err := v.Verify(ctx, token); !errors.Is(err, identity.ErrInvalidToken) {
				t.Errorf("%s: want ErrInvalidToken, got %v (claims %+v)", what, err, c)
			}
		}
		reject("tampered signature", v, tamper(tok.AccessToken))
		reject("tampered payload", v, tamperPayload(tok.AccessToken))
		reject("ID token as an access token", v, tok.IDToken)
		reject("refresh token as an access token", v, tok.RefreshToken)
		reject("empty token", v, "")
		other := h.cfg
		other.ClientID = "another-client"
		otherClient, err := identity.NewVerifier(other)
		if err != nil {
			t.Fatal(err)
		}
		reject("another app client", otherClient, tok.AccessToken)
		later := func() time.Time { return time.Now().Add(25 * time.Hour) }
		reject("expired", h.verifier(t, identity.WithClock(later)), tok.AccessToken)
		earlier := func() time.Time { return time.Now().Add(-time.Hour) }
		reject("issued in the future", h.verifier(t, identity.WithClock(earlier)), tok.AccessToken)
	})

	t.Run("Refresh", func(t *testing.T) {
		p := h.provider(t)
		u, tok := signedInUser(t, p, "refresh")
		fresh, err := p.Refresh(ctx, tok.RefreshToken)
		if err != nil {
			t.Fatalf("Refresh: %s", detail(err))
		}
		if fresh.AccessToken == "" || fresh.AccessToken == tok.AccessToken || fresh.RefreshToken != tok.RefreshToken {
			t.Fatalf("Refresh: got %+v", fresh)
		}
		claims, err := h.verifier(t).Verify(ctx, fresh.AccessToken)
		if err != nil || claims.Subject != u.Subject {
			t.Fatalf("Verify the refreshed token: %v, %+v", err, claims)
		}
		_, err = p.Refresh(ctx, "not-a-refresh-token")
		wantKind(t, "Refresh with garbage", err, identity.ErrUnauthorized)
	})

	t.Run("RefreshAfterChallenge", func(t *testing.T) {
		h.skipIfLacking(t, "RefreshAfterChallenge")
		p := h.provider(t)
		email := newEmail("challengerefresh")
		if _, err := p.AdminCreateUser(ctx, identity.Invite{Email: email, TemporaryPassword: tempPassword, SuppressEmail: true}); err != nil {
			t.Fatalf("AdminCreateUser: %s", detail(err))
		}
		res, err := p.SignIn(ctx, email, tempPassword)
		if err != nil || res.Challenge == nil {
			t.Fatalf("SignIn: %s, %+v", detail(err), res)
		}
		res, err = p.RespondNewPassword(ctx, *res.Challenge, goodPassword)
		if err != nil || res.Tokens == nil {
			t.Fatalf("RespondNewPassword: %s, %+v", detail(err), res)
		}
		if _, err := p.Refresh(ctx, res.Tokens.RefreshToken); err != nil {
			t.Fatalf("Refresh with the refresh token of a challenge's answer: %s", detail(err))
		}
		if err := p.SignOut(ctx, res.Tokens.RefreshToken); err != nil {
			t.Fatalf("SignOut with the refresh token of a challenge's answer: %s", detail(err))
		}
	})

	t.Run("SameErrorForWrongPasswordAndUnknownUser", func(t *testing.T) {
		p := h.provider(t)
		u, _ := signedInUser(t, p, "wrongpw")
		_, wrong := p.SignIn(ctx, u.Email, "Wrong-Password-1!")
		_, unknown := p.SignIn(ctx, newEmail("nobody"), "Wrong-Password-1!")
		wantKind(t, "wrong password", wrong, identity.ErrInvalidCredentials)
		wantKind(t, "unknown user", unknown, identity.ErrInvalidCredentials)
		if wrong.Error() != unknown.Error() {
			t.Fatalf("the two errors read differently: %q and %q", wrong, unknown)
		}
		_, empty := p.SignIn(ctx, "", "")
		wantKind(t, "empty credentials", empty, identity.ErrInvalidCredentials)
	})

	t.Run("DisabledSignIn", func(t *testing.T) {
		h.skipIfLacking(t, "DisabledSignIn")
		p := h.provider(t)
		u, _ := signedInUser(t, p, "disabled")
		if err := p.AdminDisableUser(ctx, u.Email); err != nil {
			t.Fatalf("AdminDisableUser: %s", detail(err))
		}
		if got, err := p.AdminGetUser(ctx, u.Email); err != nil || got.Enabled {
			t.Fatalf("AdminGetUser after disabling: %s, %+v", detail(err), got)
		}
		_, err := p.SignIn(ctx, u.Email, goodPassword)
		wantKind(t, "SignIn of a disabled user", err, identity.ErrInvalidCredentials)
		if err := p.AdminEnableUser(ctx, u.Email); err != nil {
			t.Fatalf("AdminEnableUser: %s", detail(err))
		}
		signIn(t, p, u.Email, goodPassword)
	})

	t.Run("DisabledRefresh", func(t *testing.T) {
		h.skipIfLacking(t, "DisabledRefresh")
		p := h.provider(t)
		u, tok := signedInUser(t, p, "disabledrefresh")
		if err := p.AdminDisableUser(ctx, u.Username); err != nil {
			t.Fatalf("AdminDisableUser: %s", detail(err))
		}
		_, err := p.Refresh(ctx, tok.RefreshToken)
		wantKind(t, "Refresh of a disabled user", err, identity.ErrUnauthorized)
	})

	t.Run("SignOut", func(t *testing.T) {
		p := h.provider(t)
		_, tok := signedInUser(t, p, "signout")
		if err := p.SignOut(ctx, tok.RefreshToken); err != nil {
			t.Fatalf("SignOut: %s", detail(err))
		}
		_, err := p.Refresh(ctx, tok.RefreshToken)
		wantKind(t, "Refresh after SignOut", err, identity.ErrUnauthorized)
	})

	t.Run("RevokedAccessToken", func(t *testing.T) {
		h.skipIfLacking(t, "RevokedAccessToken")
		p := h.provider(t)
		_, tok := signedInUser(t, p, "revoked")
		if err := p.SignOut(ctx, tok.RefreshToken); err != nil {
			t.Fatalf("SignOut: %s", detail(err))
		}
		// Cognito's own API refuses the access tokens of a revoked sign-in.
		_, err := p.AssociateSoftwareToken(ctx, tok.AccessToken)
		wantKind(t, "AssociateSoftwareToken after SignOut", err, identity.ErrUnauthorized)
	})

	t.Run("SignOutEverywhere", func(t *testing.T) {
		h.skipIfLacking(t, "SignOutEverywhere")
		p := h.provider(t)
		u, first := signedInUser(t, p, "global")
		second := signIn(t, p, u.Email, goodPassword)
		if err := p.SignOutEverywhere(ctx, second.AccessToken); err != nil {
			t.Fatalf("SignOutEverywhere: %s", detail(err))
		}
		for i, rt := range []string{first.RefreshToken, second.RefreshToken} {
			_, err := p.Refresh(ctx, rt)
			wantKind(t, fmt.Sprintf("Refresh of session %d after SignOutEverywhere", i+1), err, identity.ErrUnauthorized)
		}
	})

	t.Run("ForgotPassword", func(t *testing.T) {
		p := h.provider(t)
		u, _ := signedInUser(t, p, "forgot")
		if err := p.ForgotPassword(ctx, u.Email); err != nil {
			t.Fatalf("ForgotPassword: %s", detail(err))
		}
		// An unknown address gets the same answer.
		if err := p.ForgotPassword(ctx, newEmail("nobody")); err != nil {
			t.Fatalf("ForgotPassword of an unknown email: %s", detail(err))
		}
		code := h.resetCode(t, u.Email)
		err := p.ConfirmForgotPassword(ctx, u.Email, otherCode(code), "Another-Passw0rd!")
		wantKind(t, "ConfirmForgotPassword with a wrong code", err, identity.ErrCodeMismatch)
		err = p.ConfirmForgotPassword(ctx, newEmail("nobody"), code, "Another-Passw0rd!")
		wantKind(t, "ConfirmForgotPassword of an unknown email", err, identity.ErrCodeMismatch)
		if err := p.ConfirmForgotPassword(ctx, u.Email, code, "Another-Passw0rd!"); err != nil {
			t.Fatalf("ConfirmForgotPassword: %s", detail(err))
		}
		signIn(t, p, u.Email, "Another-Passw0rd!")
		_, err = p.SignIn(ctx, u.Email, goodPassword)
		wantKind(t, "SignIn with the old password", err, identity.ErrInvalidCredentials)
	})

	t.Run("TOTP", func(t *testing.T) {
		p := h.provider(t)
		u, tok := signedInUser(t, p, "totp")
		secret, err := p.AssociateSoftwareToken(ctx, tok.AccessToken)
		if err != nil || secret == "" {
			t.Fatalf("AssociateSoftwareToken: %s", detail(err))
		}
		code := totpCode(t, secret)
		err = p.VerifySoftwareToken(ctx, tok.AccessToken, otherCode(code), "phone")
		wantKind(t, "VerifySoftwareToken with a wrong code", err, identity.ErrCodeMismatch)
		if err := p.VerifySoftwareToken(ctx, tok.AccessToken, code, "phone"); err != nil {
			t.Fatalf("VerifySoftwareToken: %s", detail(err))
		}
		if err := p.SetUserMFAPreference(ctx, tok.AccessToken, true); err != nil {
			t.Fatalf("SetUserMFAPreference: %s", detail(err))
		}
		if got, err := p.AdminGetUser(ctx, u.Email); err != nil || !got.TOTP {
			t.Fatalf("AdminGetUser after enrolment: %s, %+v", detail(err), got)
		}
		res, err := p.SignIn(ctx, u.Email, goodPassword)
		if err != nil {
			t.Fatalf("SignIn: %s", detail(err))
		}
		if res.Challenge == nil || res.Challenge.Name != identity.ChallengeTOTP {
			t.Fatalf("SignIn with TOTP on: want SOFTWARE_TOKEN_MFA, got %+v", res)
		}
		_, err = p.RespondMFA(ctx, *res.Challenge, otherCode(totpCode(t, secret)))
		wantKind(t, "RespondMFA with a wrong code", err, identity.ErrCodeMismatch)
		res, err = p.RespondMFA(ctx, *res.Challenge, totpCode(t, secret))
		if err != nil || res.Tokens == nil {
			t.Fatalf("RespondMFA: %s, %+v", detail(err), res)
		}
		if _, err := h.verifier(t).Verify(ctx, res.Tokens.AccessToken); err != nil {
			t.Fatalf("Verify after MFA: %v", err)
		}
	})

	t.Run("MFASetup", func(t *testing.T) {
		h.skipIfLacking(t, "MFASetup")
		mh := h.requireMFA(t)
		p := mh.provider(t)
		email := newEmail("mfasetup")
		if _, err := p.AdminCreateUser(ctx, identity.Invite{Email: email, TemporaryPassword: tempPassword, SuppressEmail: true}); err != nil {
			t.Fatalf("AdminCreateUser: %s", detail(err))
		}
		res, err := p.SignIn(ctx, email, tempPassword)
		if err != nil || res.Challenge == nil {
			t.Fatalf("SignIn: %s, %+v", detail(err), res)
		}
		res, err = p.RespondNewPassword(ctx, *res.Challenge, goodPassword)
		if err != nil {
			t.Fatalf("RespondNewPassword: %s", detail(err))
		}
		if res.Challenge == nil || res.Challenge.Name != identity.ChallengeMFASetup {
			t.Fatalf("RespondNewPassword in a pool that requires MFA: want MFA_SETUP, got %+v", res)
		}
		secret, ch, err := p.AssociateSoftwareTokenForChallenge(ctx, *res.Challenge)
		if err != nil || secret == "" {
			t.Fatalf("AssociateSoftwareTokenForChallenge: %s", detail(err))
		}
		_, err = p.RespondMFASetup(ctx, ch, otherCode(totpCode(t, secret)))
		wantKind(t, "RespondMFASetup with a wrong code", err, identity.ErrCodeMismatch)
		res, err = p.RespondMFASetup(ctx, ch, totpCode(t, secret))
		if err != nil || res.Tokens == nil {
			t.Fatalf("RespondMFASetup: %s, %+v", detail(err), res)
		}
		// From now on sign-in asks for a code.
		res, err = p.SignIn(ctx, email, goodPassword)
		if err != nil || res.Challenge == nil || res.Challenge.Name != identity.ChallengeTOTP {
			t.Fatalf("SignIn after MFA setup: %s, %+v", detail(err), res)
		}
	})

	t.Run("AdminOperations", func(t *testing.T) {
		p := h.provider(t)
		u, _ := signedInUser(t, p, "admin")
		_, err := p.AdminCreateUser(ctx, identity.Invite{Email: u.Email, TemporaryPassword: tempPassword, SuppressEmail: true})
		wantKind(t, "AdminCreateUser of an existing email", err, identity.ErrUserExists)
		_, err = p.AdminGetUser(ctx, newEmail("nobody"))
		wantKind(t, "AdminGetUser of an unknown email", err, identity.ErrUserNotFound)
		byName, err := p.AdminGetUser(ctx, u.Username)
		if err != nil || byName.Email != u.Email {
			t.Fatalf("AdminGetUser by username: %s, %+v", detail(err), byName)
		}
		if err := p.AdminDeleteUser(ctx, u.Email); err != nil {
			t.Fatalf("AdminDeleteUser: %s", detail(err))
		}
		_, err = p.AdminGetUser(ctx, u.Email)
		wantKind(t, "AdminGetUser after AdminDeleteUser", err, identity.ErrUserNotFound)
		_, err = p.SignIn(ctx, u.Email, goodPassword)
		wantKind(t, "SignIn after AdminDeleteUser", err, identity.ErrInvalidCredentials)
		err = p.AdminDisableUser(ctx, u.Email)
		wantKind(t, "AdminDisableUser of a deleted user", err, identity.ErrUserNotFound)
	})
}

// tamper changes one character of a JWT's signature.
func tamper(jwt string) string {
	i := strings.LastIndexByte(jwt, '.') + 5
	c := byte('A')
	if jwt[i] == 'A' {
		c = 'B'
	}
	return jwt[:i] + string(c) + jwt[i+1:]
}

// tamperPayload changes one character of a JWT's payload, keeping the signature.
func tamperPayload(jwt string) string {
	i := strings.IndexByte(jwt, '.') + 10
	c := byte('A')
	if jwt[i] == 'A' {
		c = 'B'
	}
	return jwt[:i] + string(c) + jwt[i+1:]
}

// otherCode is a six-digit code that is not code.
func otherCode(code string) string {
	if code == "000000" {
		return "111111"
	}
	return "000000"
}

func totpCode(t *testing.T, secret string) string {
	t.Helper()
	code, err := totp.GenerateCode(secret, time.Now())
	if err != nil {
		t.Fatalf("TOTP code for the secret: %v", err)
	}
	return code
}
