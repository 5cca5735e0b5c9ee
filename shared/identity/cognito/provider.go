package cognito

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"

	"shortlist/shared/identity"
)

// Provider calls one Cognito user pool through one app client. Build it once per process
// (cold start); it is safe for concurrent use.
//
// The operations a signed-out or signed-in user drives (sign-in and its challenges,
// refresh, sign-out, password reset, TOTP enrolment) need no AWS credentials. The Admin*
// operations are signed with the credentials in the aws.Config: in Lambda, the function's
// role, which must allow them on the pool.
type Provider struct {
	client  *cip.Client
	cfg     identity.Config
	timeout time.Duration
}

// NewProvider builds the client. awsCfg supplies credentials for the admin operations
// and the retry policy (shared/awsenv builds one from the environment); c names the pool.
func NewProvider(awsCfg aws.Config, c identity.Config) (*Provider, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	timeout := c.CallTimeout()
	// Connection-level timeouts too: a context deadline does not stop a dial that hangs
	// before the request is written.
	httpClient := awshttp.NewBuildableClient().WithTimeout(timeout).WithDialerOptions(func(d *net.Dialer) {
		d.Timeout = 5 * time.Second
	}).WithTransportOptions(func(t *http.Transport) {
		t.TLSHandshakeTimeout = 5 * time.Second
		t.ResponseHeaderTimeout = timeout
	})
	client := cip.NewFromConfig(awsCfg, func(o *cip.Options) {
		if c.Region != "" || o.Region == "" {
			o.Region = c.SigningRegion()
		}
		if c.Endpoint != "" {
			o.BaseEndpoint = aws.String(c.Endpoint)
		}
		o.HTTPClient = httpClient
		o.Retryer = limitsNotRetried{o.Retryer}
	})
	return &Provider{client: client, cfg: c, timeout: timeout}, nil
}

// limitsNotRetried keeps the SDK's retry policy, except for Cognito's answers that a
// limit was hit (too many attempts at a code or a password, too many requests): the SDK
// would retry them as throttling, with seconds of backoff, while the user waits for the
// same refusal, and each retry counts as one more attempt.
type limitsNotRetried struct{ aws.Retryer }

func (r limitsNotRetried) IsErrorRetryable(err error) bool {
	var api smithy.APIError
	if errors.As(err, &api) {
		switch api.ErrorCode() {
		case "LimitExceededException", "TooManyRequestsException", "TooManyFailedAttemptsException":
			return false
		}
	}
	return r.Retryer.IsErrorRetryable(err)
}

// GetAttemptToken passes the wrapped retryer's through, as the SDK does for a retryer
// without one.
func (r limitsNotRetried) GetAttemptToken(ctx context.Context) (func(error) error, error) {
	if v2, ok := r.Retryer.(aws.RetryerV2); ok {
		return v2.GetAttemptToken(ctx)
	}
	return r.GetInitialToken(), nil
}

// Config is the configuration the provider was built with.
func (p *Provider) Config() identity.Config { return p.cfg }

func (p *Provider) ctx(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, p.timeout)
}

// normEmail is the form emails are stored and looked up in: Cognito compares usernames
// and email aliases case-insensitively, but attributes keep the case they were given.
func normEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// SignIn starts a sign-in with USER_PASSWORD_AUTH. It returns tokens, or a challenge:
// identity.ChallengeNewPassword for an invited user's first sign-in, identity.ChallengeTOTP when TOTP MFA
// is on, identity.ChallengeMFASetup when the pool requires MFA the user has not set up.
// A wrong password and an unknown email both give identity.ErrInvalidCredentials.
func (p *Provider) SignIn(ctx context.Context, email, password string) (*identity.Result, error) {
	const op = "SignIn"
	email = normEmail(email)
	if email == "" || password == "" {
		return nil, &identity.Error{Op: op, Kind: identity.ErrInvalidCredentials}
	}
	ctx, cancel := p.ctx(ctx)
	defer cancel()
	out, err := p.client.InitiateAuth(ctx, &cip.InitiateAuthInput{
		AuthFlow:       types.AuthFlowTypeUserPasswordAuth,
		ClientId:       aws.String(p.cfg.ClientID),
		AuthParameters: map[string]string{"USERNAME": email, "PASSWORD": password},
	})
	if err != nil {
		return nil, classify(op, classSignIn, err)
	}
	return result(op, email, out.AuthenticationResult, out.ChallengeName, out.ChallengeParameters, out.Session)
}

// RespondNewPassword answers identity.ChallengeNewPassword with the user's chosen password.
// identity.ErrInvalidPassword: the pool's policy refused it (the challenge may be answered again).
func (p *Provider) RespondNewPassword(ctx context.Context, ch identity.Challenge, newPassword string) (*identity.Result, error) {
	return p.respond(ctx, "RespondNewPassword", ch, identity.ChallengeNewPassword, map[string]string{"NEW_PASSWORD": newPassword})
}

// RespondMFA answers identity.ChallengeTOTP with the code from the user's authenticator app.
func (p *Provider) RespondMFA(ctx context.Context, ch identity.Challenge, code string) (*identity.Result, error) {
	return p.respond(ctx, "RespondMFA", ch, identity.ChallengeTOTP, map[string]string{"SOFTWARE_TOKEN_MFA_CODE": strings.TrimSpace(code)})
}

// AssociateSoftwareTokenForChallenge starts TOTP enrolment during sign-in
// (identity.ChallengeMFASetup): it returns the secret to show (as a QR code or text) and the
// challenge to pass to RespondMFASetup with the first code.
func (p *Provider) AssociateSoftwareTokenForChallenge(ctx context.Context, ch identity.Challenge) (string, identity.Challenge, error) {
	const op = "AssociateSoftwareTokenForChallenge"
	if ch.Name != identity.ChallengeMFASetup || ch.Session == "" {
		return "", identity.Challenge{}, &identity.Error{Op: op, Kind: identity.ErrInvalidInput, Message: "not an MFA_SETUP challenge"}
	}
	ctx, cancel := p.ctx(ctx)
	defer cancel()
	out, err := p.client.AssociateSoftwareToken(ctx, &cip.AssociateSoftwareTokenInput{Session: aws.String(ch.Session)})
	if err != nil {
		return "", identity.Challenge{}, classify(op, classSession, err)
	}
	next := ch
	if s := aws.ToString(out.Session); s != "" {
		next.Session = s
	}
	return aws.ToString(out.SecretCode), next, nil
}

// RespondMFASetup completes TOTP enrolment during sign-in: it verifies the first code
// from the app, then answers the MFA_SETUP challenge.
func (p *Provider) RespondMFASetup(ctx context.Context, ch identity.Challenge, code string) (*identity.Result, error) {
	const op = "RespondMFASetup"
	if ch.Name != identity.ChallengeMFASetup || ch.Session == "" {
		return nil, &identity.Error{Op: op, Kind: identity.ErrInvalidInput, Message: "not an MFA_SETUP challenge"}
	}
	vctx, cancel := p.ctx(ctx)
	defer cancel()
	out, err := p.client.VerifySoftwareToken(vctx, &cip.VerifySoftwareTokenInput{
		Session:  aws.String(ch.Session),
		UserCode: aws.String(strings.TrimSpace(code)),
	})
	if err != nil {
		return nil, classify(op, classSession, err)
	}
	if out.Status != types.VerifySoftwareTokenResponseTypeSuccess {
		return nil, &identity.Error{Op: op, Kind: identity.ErrCodeMismatch, Message: string(out.Status)}
	}
	if s := aws.ToString(out.Session); s != "" {
		ch.Session = s
	}
	return p.respond(ctx, op, ch, identity.ChallengeMFASetup, nil)
}

func (p *Provider) respond(ctx context.Context, op string, ch identity.Challenge, want identity.ChallengeName, answers map[string]string) (*identity.Result, error) {
	if ch.Name != want || ch.Session == "" || ch.Username == "" {
		return nil, &identity.Error{Op: op, Kind: identity.ErrInvalidInput, Message: "not a " + string(want) + " challenge"}
	}
	responses := map[string]string{"USERNAME": ch.Username}
	for k, v := range answers {
		responses[k] = v
	}
	ctx, cancel := p.ctx(ctx)
	defer cancel()
	out, err := p.client.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
		ClientId:           aws.String(p.cfg.ClientID),
		ChallengeName:      types.ChallengeNameType(want),
		Session:            aws.String(ch.Session),
		ChallengeResponses: responses,
	})
	if err != nil {
		return nil, classify(op, classSession, err)
	}
	return result(op, ch.Username, out.AuthenticationResult, out.ChallengeName, out.ChallengeParameters, out.Session)
}

// result reads InitiateAuth's and RespondToAuthChallenge's common answer.
func result(op, username string, auth *types.AuthenticationResultType, name types.ChallengeNameType, params map[string]string, session *string) (*identity.Result, error) {
	if auth != nil && aws.ToString(auth.AccessToken) != "" {
		return &identity.Result{Tokens: tokens(auth)}, nil
	}
	switch identity.ChallengeName(name) {
	case identity.ChallengeNewPassword, identity.ChallengeTOTP, identity.ChallengeMFASetup:
	case "":
		return nil, &identity.Error{Op: op, Kind: identity.ErrUnavailable, Message: "neither tokens nor a challenge in the answer"}
	default:
		return nil, &identity.Error{Op: op, Kind: identity.ErrUnsupportedChallenge, Code: string(name), Message: "challenge " + string(name)}
	}
	if u := params["USER_ID_FOR_SRP"]; u != "" {
		username = u
	}
	return &identity.Result{Challenge: &identity.Challenge{Name: identity.ChallengeName(name), Session: aws.ToString(session), Username: username}}, nil
}

func tokens(auth *types.AuthenticationResultType) *identity.Tokens {
	return &identity.Tokens{
		AccessToken:  aws.ToString(auth.AccessToken),
		IDToken:      aws.ToString(auth.IdToken),
		RefreshToken: aws.ToString(auth.RefreshToken),
		ExpiresIn:    time.Duration(auth.ExpiresIn) * time.Second,
	}
}

// Refresh exchanges a refresh token for new access and ID tokens (REFRESH_TOKEN_AUTH).
// The returned RefreshToken is a rotated one when the app client rotates them, else the
// one given. identity.ErrUnauthorized: the refresh token expired or was revoked.
func (p *Provider) Refresh(ctx context.Context, refreshToken string) (*identity.Tokens, error) {
	const op = "Refresh"
	if refreshToken == "" {
		return nil, &identity.Error{Op: op, Kind: identity.ErrUnauthorized}
	}
	ctx, cancel := p.ctx(ctx)
	defer cancel()
	out, err := p.client.InitiateAuth(ctx, &cip.InitiateAuthInput{
		AuthFlow:       types.AuthFlowTypeRefreshTokenAuth,
		ClientId:       aws.String(p.cfg.ClientID),
		AuthParameters: map[string]string{"REFRESH_TOKEN": refreshToken},
	})
	if err != nil {
		return nil, classify(op, classSession, err)
	}
	if out.AuthenticationResult == nil || aws.ToString(out.AuthenticationResult.AccessToken) == "" {
		return nil, &identity.Error{Op: op, Kind: identity.ErrUnavailable, Message: "no tokens in the answer"}
	}
	t := tokens(out.AuthenticationResult)
	if t.RefreshToken == "" {
		t.RefreshToken = refreshToken
	}
	return t, nil
}

// SignOut ends one session: it revokes the refresh token (RevokeToken) and, in Cognito,
// the access tokens issued from it. An access token already handed out still passes
// Verifier until it expires (an hour at most); keep access tokens short-lived.
func (p *Provider) SignOut(ctx context.Context, refreshToken string) error {
	const op = "SignOut"
	ctx, cancel := p.ctx(ctx)
	defer cancel()
	_, err := p.client.RevokeToken(ctx, &cip.RevokeTokenInput{
		ClientId: aws.String(p.cfg.ClientID),
		Token:    aws.String(refreshToken),
	})
	if err != nil {
		return classify(op, classSession, err)
	}
	return nil
}

// SignOutEverywhere ends every session of the access token's user (GlobalSignOut): all
// their refresh tokens stop working.
func (p *Provider) SignOutEverywhere(ctx context.Context, accessToken string) error {
	const op = "SignOutEverywhere"
	ctx, cancel := p.ctx(ctx)
	defer cancel()
	if _, err := p.client.GlobalSignOut(ctx, &cip.GlobalSignOutInput{AccessToken: aws.String(accessToken)}); err != nil {
		return classify(op, classSession, err)
	}
	return nil
}

// ForgotPassword asks Cognito to email a password-reset code. It succeeds for an unknown
// email too, as it must not tell whether the address has an account.
func (p *Provider) ForgotPassword(ctx context.Context, email string) error {
	const op = "ForgotPassword"
	email = normEmail(email)
	if email == "" {
		return &identity.Error{Op: op, Kind: identity.ErrInvalidInput, Message: "no email"}
	}
	ctx, cancel := p.ctx(ctx)
	defer cancel()
	_, err := p.client.ForgotPassword(ctx, &cip.ForgotPasswordInput{
		ClientId: aws.String(p.cfg.ClientID),
		Username: aws.String(email),
	})
	if err != nil {
		e := classify(op, classRecovery, err)
		// Unknown and disabled users: answer as for any other address.
		if e.Code == "UserNotFoundException" || e.Code == "NotAuthorizedException" {
			return nil
		}
		return e
	}
	return nil
}

// ConfirmForgotPassword sets a new password with the code ForgotPassword sent.
// identity.ErrCodeMismatch (also for an unknown email), identity.ErrCodeExpired, identity.ErrInvalidPassword.
func (p *Provider) ConfirmForgotPassword(ctx context.Context, email, code, newPassword string) error {
	const op = "ConfirmForgotPassword"
	ctx, cancel := p.ctx(ctx)
	defer cancel()
	_, err := p.client.ConfirmForgotPassword(ctx, &cip.ConfirmForgotPasswordInput{
		ClientId:         aws.String(p.cfg.ClientID),
		Username:         aws.String(normEmail(email)),
		ConfirmationCode: aws.String(strings.TrimSpace(code)),
		Password:         aws.String(newPassword),
	})
	if err != nil {
		return classify(op, classRecovery, err)
	}
	return nil
}

// AssociateSoftwareToken starts TOTP enrolment for a signed-in user: it returns the
// secret to show (as a QR code or text). Then VerifySoftwareToken with a first code, and
// SetUserMFAPreference to require codes at sign-in.
func (p *Provider) AssociateSoftwareToken(ctx context.Context, accessToken string) (string, error) {
	const op = "AssociateSoftwareToken"
	ctx, cancel := p.ctx(ctx)
	defer cancel()
	out, err := p.client.AssociateSoftwareToken(ctx, &cip.AssociateSoftwareTokenInput{AccessToken: aws.String(accessToken)})
	if err != nil {
		return "", classify(op, classSession, err)
	}
	return aws.ToString(out.SecretCode), nil
}

// VerifySoftwareToken checks a first code from the app AssociateSoftwareToken enrolled;
// deviceName (may be empty) labels it. identity.ErrCodeMismatch: a wrong code.
func (p *Provider) VerifySoftwareToken(ctx context.Context, accessToken, code, deviceName string) error {
	const op = "VerifySoftwareToken"
	ctx, cancel := p.ctx(ctx)
	defer cancel()
	in := &cip.VerifySoftwareTokenInput{AccessToken: aws.String(accessToken), UserCode: aws.String(strings.TrimSpace(code))}
	if deviceName != "" {
		in.FriendlyDeviceName = aws.String(deviceName)
	}
	out, err := p.client.VerifySoftwareToken(ctx, in)
	if err != nil {
		return classify(op, classSession, err)
	}
	if out.Status != types.VerifySoftwareTokenResponseTypeSuccess {
		return &identity.Error{Op: op, Kind: identity.ErrCodeMismatch, Message: string(out.Status)}
	}
	return nil
}

// SetUserMFAPreference turns TOTP MFA on (as the preferred method) or off for the
// signed-in user. Turning it on needs a verified software token.
func (p *Provider) SetUserMFAPreference(ctx context.Context, accessToken string, totp bool) error {
	const op = "SetUserMFAPreference"
	ctx, cancel := p.ctx(ctx)
	defer cancel()
	_, err := p.client.SetUserMFAPreference(ctx, &cip.SetUserMFAPreferenceInput{
		AccessToken:              aws.String(accessToken),
		SoftwareTokenMfaSettings: &types.SoftwareTokenMfaSettingsType{Enabled: totp, PreferredMfa: totp},
	})
	if err != nil {
		return classify(op, classSession, err)
	}
	return nil
}

// AdminCreateUser invites a user: the email becomes the username and a verified email
// attribute (so password reset can send codes to it), and the user must set a new
// password at first sign-in. identity.ErrUserExists when the email has a user already.
func (p *Provider) AdminCreateUser(ctx context.Context, inv identity.Invite) (*identity.User, error) {
	const op = "AdminCreateUser"
	email := normEmail(inv.Email)
	if email == "" {
		return nil, &identity.Error{Op: op, Kind: identity.ErrInvalidInput, Message: "no email"}
	}
	in := &cip.AdminCreateUserInput{
		UserPoolId: aws.String(p.cfg.UserPoolID),
		Username:   aws.String(email),
		UserAttributes: []types.AttributeType{
			{Name: aws.String("email"), Value: aws.String(email)},
			{Name: aws.String("email_verified"), Value: aws.String("true")},
		},
	}
	if inv.TemporaryPassword != "" {
		in.TemporaryPassword = aws.String(inv.TemporaryPassword)
	}
	if inv.SuppressEmail {
		in.MessageAction = types.MessageActionTypeSuppress
	} else {
		in.DesiredDeliveryMediums = []types.DeliveryMediumType{types.DeliveryMediumTypeEmail}
	}
	ctx, cancel := p.ctx(ctx)
	defer cancel()
	out, err := p.client.AdminCreateUser(ctx, in)
	if err != nil {
		return nil, classify(op, classAdmin, err)
	}
	if out.User == nil {
		return nil, &identity.Error{Op: op, Kind: identity.ErrUnavailable, Message: "no user in the answer"}
	}
	u := &identity.User{
		Username: aws.ToString(out.User.Username),
		Status:   string(out.User.UserStatus),
		Enabled:  out.User.Enabled,
		Created:  aws.ToTime(out.User.UserCreateDate),
	}
	u.Subject, u.Email = attrs(out.User.Attributes)
	return u, nil
}

// AdminGetUser looks a user up by username or email. identity.ErrUserNotFound when there is none.
func (p *Provider) AdminGetUser(ctx context.Context, username string) (*identity.User, error) {
	const op = "AdminGetUser"
	ctx, cancel := p.ctx(ctx)
	defer cancel()
	out, err := p.client.AdminGetUser(ctx, &cip.AdminGetUserInput{
		UserPoolId: aws.String(p.cfg.UserPoolID),
		Username:   aws.String(adminName(username)),
	})
	if err != nil {
		return nil, classify(op, classAdmin, err)
	}
	u := &identity.User{
		Username: aws.ToString(out.Username),
		Status:   string(out.UserStatus),
		Enabled:  out.Enabled,
		Created:  aws.ToTime(out.UserCreateDate),
	}
	for _, m := range out.UserMFASettingList {
		if m == string(identity.ChallengeTOTP) {
			u.TOTP = true
		}
	}
	u.Subject, u.Email = attrs(out.UserAttributes)
	return u, nil
}

// AdminDisableUser stops a user from signing in (their refresh tokens stop working too);
// AdminEnableUser lets them again.
func (p *Provider) AdminDisableUser(ctx context.Context, username string) error {
	return p.admin(ctx, "AdminDisableUser", func(ctx context.Context, pool, name *string) error {
		_, err := p.client.AdminDisableUser(ctx, &cip.AdminDisableUserInput{UserPoolId: pool, Username: name})
		return err
	}, username)
}

// AdminEnableUser undoes AdminDisableUser.
func (p *Provider) AdminEnableUser(ctx context.Context, username string) error {
	return p.admin(ctx, "AdminEnableUser", func(ctx context.Context, pool, name *string) error {
		_, err := p.client.AdminEnableUser(ctx, &cip.AdminEnableUserInput{UserPoolId: pool, Username: name})
		return err
	}, username)
}

// AdminDeleteUser removes a user from the pool for good.
func (p *Provider) AdminDeleteUser(ctx context.Context, username string) error {
	return p.admin(ctx, "AdminDeleteUser", func(ctx context.Context, pool, name *string) error {
		_, err := p.client.AdminDeleteUser(ctx, &cip.AdminDeleteUserInput{UserPoolId: pool, Username: name})
		return err
	}, username)
}

func (p *Provider) admin(ctx context.Context, op string, call func(ctx context.Context, pool, name *string) error, username string) error {
	ctx, cancel := p.ctx(ctx)
	defer cancel()
	if err := call(ctx, aws.String(p.cfg.UserPoolID), aws.String(adminName(username))); err != nil {
		return classify(op, classAdmin, err)
	}
	return nil
}

// adminName normalises an email given as a username; a sub is left as it is.
func adminName(username string) string {
	if strings.Contains(username, "@") {
		return normEmail(username)
	}
	return strings.TrimSpace(username)
}

func attrs(list []types.AttributeType) (sub, email string) {
	for _, a := range list {
		switch aws.ToString(a.Name) {
		case "sub":
			sub = aws.ToString(a.Value)
		case "email":
			email = aws.ToString(a.Value)
		}
	}
	return sub, email
}
