package devidp

import (
	"encoding/json"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// operation is one action of the JSON protocol: it decodes its input from the call and
// returns the output to encode, or an *apiError. It runs holding p.mu, after the call's
// scope was checked.
type operation struct {
	run   func(c *call) (any, error)
	scope scope
}

// scope is what a call must name before its operation runs: the app client (ClientId),
// the pool (UserPoolId, for the admin operations), or neither (the access token in the
// call authenticates it).
type scope int

const (
	byToken scope = iota
	byClient
	byPool
)

func (p *IdP) operations() map[string]operation {
	return map[string]operation{
		"InitiateAuth":           {p.initiateAuth, byClient},
		"RespondToAuthChallenge": {p.respondToAuthChallenge, byClient},
		"AssociateSoftwareToken": {p.associateSoftwareToken, byToken},
		"VerifySoftwareToken":    {p.verifySoftwareToken, byToken},
		"SetUserMFAPreference":   {p.setUserMFAPreference, byToken},
		"GlobalSignOut":          {p.globalSignOut, byToken},
		"RevokeToken":            {p.revokeToken, byClient},
		"ForgotPassword":         {p.forgotPassword, byClient},
		"ConfirmForgotPassword":  {p.confirmForgotPassword, byClient},
		"AdminCreateUser":        {p.adminCreateUser, byPool},
		"AdminGetUser":           {p.adminGetUser, byPool},
		"AdminDisableUser":       {p.adminDisableUser, byPool},
		"AdminEnableUser":        {p.adminEnableUser, byPool},
		"AdminDeleteUser":        {p.adminDeleteUser, byPool},
	}
}

// perform checks the call's scope and runs op, holding p.mu.
func (p *IdP) perform(op operation, c *call) (any, error) {
	var in struct {
		ClientID   string `json:"ClientId"`
		UserPoolID string `json:"UserPoolId"`
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	switch op.scope {
	case byClient:
		if err := p.checkClient(in.ClientID); err != nil {
			return nil, err
		}
	case byPool:
		if err := p.checkPool(in.UserPoolID); err != nil {
			return nil, err
		}
	}
	return op.run(c)
}

var (
	errSession  = apiErr("NotAuthorizedException", "Invalid session for the user, session is expired.")
	errDisabled = apiErr("NotAuthorizedException", "User is disabled.")
)

func (p *IdP) checkClient(id string) error {
	if id != p.clientID {
		return apiErr("ResourceNotFoundException", "User pool client "+id+" does not exist.")
	}
	return nil
}

func (p *IdP) checkPool(id string) error {
	if id != p.poolID {
		return apiErr("ResourceNotFoundException", "User pool "+id+" does not exist.")
	}
	return nil
}

// newSession starts a challenge and returns its answer. Caller holds p.mu.
func (p *IdP) newSession(u *user, name string, params map[string]string) map[string]any {
	now := p.now()
	for id, s := range p.sessions {
		if now.After(s.expires) {
			delete(p.sessions, id)
		}
	}
	id := randomToken(48)
	p.sessions[id] = &session{username: u.Username, challenge: name, expires: now.Add(SessionTTL)}
	params["USER_ID_FOR_SRP"] = u.Username
	return map[string]any{"ChallengeName": name, "Session": id, "ChallengeParameters": params}
}

// session finds a live session for a challenge. Caller holds p.mu.
func (p *IdP) session(id, challenge string) (*session, *user, error) {
	s := p.sessions[id]
	if s == nil || s.challenge != challenge || p.now().After(s.expires) {
		return nil, nil, errSession
	}
	u := p.st.Users[s.username]
	if u == nil {
		delete(p.sessions, id)
		return nil, nil, errSession
	}
	if !u.Enabled {
		return nil, nil, errDisabled
	}
	return s, u, nil
}

// rotate replaces a session's id, as Cognito returns a new Session at each step.
func (p *IdP) rotate(old string) string {
	s := p.sessions[old]
	delete(p.sessions, old)
	id := randomToken(48)
	p.sessions[id] = s
	return id
}

// signedIn is the step after a correct password: the MFA challenge the user or the pool
// asks for, or tokens. Caller holds p.mu.
func (p *IdP) signedIn(c *call, u *user) (any, error) {
	switch {
	case u.TOTPEnabled && u.TOTPSecret != "":
		return p.newSession(u, "SOFTWARE_TOKEN_MFA", map[string]string{}), nil
	case p.mfaRequired:
		return p.newSession(u, "MFA_SETUP", map[string]string{"MFAS_CAN_SETUP": `["SOFTWARE_TOKEN_MFA"]`}), nil
	}
	res, err := p.issue(c.base, u, "", true)
	if err != nil {
		return nil, err
	}
	return map[string]any{"AuthenticationResult": res, "ChallengeParameters": map[string]string{}}, p.saveLocked()
}

func (p *IdP) initiateAuth(c *call) (any, error) {
	var in struct {
		AuthFlow       string
		AuthParameters map[string]string
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	switch in.AuthFlow {
	case "USER_PASSWORD_AUTH":
		u := p.findUser(in.AuthParameters["USERNAME"])
		switch {
		case u == nil:
			return nil, apiErr("UserNotFoundException", "User does not exist.")
		case !u.Enabled:
			return nil, errDisabled
		case !checkPassword(u.PasswordHash, in.AuthParameters["PASSWORD"]):
			return nil, apiErr("NotAuthorizedException", "Incorrect username or password.")
		case u.Status == "RESET_REQUIRED":
			return nil, apiErr("PasswordResetRequiredException", "Password reset required for the user")
		case u.Status == "FORCE_CHANGE_PASSWORD":
			attrs, _ := json.Marshal(map[string]string{"email": u.Email, "email_verified": "true"})
			return p.newSession(u, "NEW_PASSWORD_REQUIRED", map[string]string{
				"requiredAttributes": "[]",
				"userAttributes":     string(attrs),
			}), nil
		}
		return p.signedIn(c, u)
	case "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN":
		h := hashToken(in.AuthParameters["REFRESH_TOKEN"])
		rt := p.st.RefreshTokens[h]
		if rt == nil {
			return nil, apiErr("NotAuthorizedException", "Invalid Refresh Token")
		}
		if p.now().After(rt.Expires) {
			delete(p.st.RefreshTokens, h)
			return nil, apiErr("NotAuthorizedException", "Refresh Token has expired")
		}
		u := p.st.Users[rt.Username]
		if u == nil {
			return nil, apiErr("NotAuthorizedException", "Invalid Refresh Token")
		}
		if !u.Enabled {
			return nil, errDisabled
		}
		res, err := p.issue(c.base, u, rt.Origin, false)
		if err != nil {
			return nil, err
		}
		return map[string]any{"AuthenticationResult": res, "ChallengeParameters": map[string]string{}}, nil
	}
	return nil, apiErr("InvalidParameterException", "Initiate Auth method not supported: "+in.AuthFlow)
}

func (p *IdP) respondToAuthChallenge(c *call) (any, error) {
	var in struct {
		ChallengeName      string
		Session            string
		ChallengeResponses map[string]string
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	s, u, err := p.session(in.Session, in.ChallengeName)
	if err != nil {
		return nil, err
	}
	if named := p.findUser(in.ChallengeResponses["USERNAME"]); named != u {
		return nil, errSession
	}
	switch in.ChallengeName {
	case "NEW_PASSWORD_REQUIRED":
		pw := in.ChallengeResponses["NEW_PASSWORD"]
		if pw == "" {
			return nil, apiErr("InvalidParameterException", "Missing required parameter NEW_PASSWORD")
		}
		if err := checkPolicy(pw); err != nil {
			return nil, err // the session stays: the user may try another password
		}
		hash, err := hashPassword(pw)
		if err != nil {
			return nil, err
		}
		u.PasswordHash, u.Status, u.Modified = hash, "CONFIRMED", p.now()
		delete(p.sessions, in.Session)
		if err := p.saveLocked(); err != nil {
			return nil, err
		}
		return p.signedIn(c, u)
	case "SOFTWARE_TOKEN_MFA":
		if !p.validTOTP(u.TOTPSecret, in.ChallengeResponses["SOFTWARE_TOKEN_MFA_CODE"]) {
			if s.tries++; s.tries >= maxCodeAttempts {
				delete(p.sessions, in.Session)
			}
			return nil, apiErr("CodeMismatchException", "Invalid code received for user")
		}
	case "MFA_SETUP":
		if !s.verified {
			return nil, apiErr("InvalidParameterException", "The software token has not been verified (VerifySoftwareToken)")
		}
	default:
		return nil, apiErr("InvalidParameterException", "Unsupported challenge "+in.ChallengeName)
	}
	delete(p.sessions, in.Session)
	res, err := p.issue(c.base, u, "", true)
	if err != nil {
		return nil, err
	}
	return map[string]any{"AuthenticationResult": res, "ChallengeParameters": map[string]string{}}, p.saveLocked()
}

func (p *IdP) newTOTPSecret(email string) (string, error) {
	k, err := totp.Generate(totp.GenerateOpts{Issuer: "Shortlist (dev)", AccountName: email})
	if err != nil {
		return "", err
	}
	return k.Secret(), nil
}

func (p *IdP) validTOTP(secret, code string) bool {
	if secret == "" || code == "" {
		return false
	}
	ok, err := totp.ValidateCustom(code, secret, p.now(), totp.ValidateOpts{
		Period: 30, Skew: 1, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1,
	})
	return err == nil && ok
}

func (p *IdP) associateSoftwareToken(c *call) (any, error) {
	var in struct{ AccessToken, Session string }
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	switch {
	case in.AccessToken != "":
		u, err := p.authenticate(in.AccessToken)
		if err != nil {
			return nil, err
		}
		secret, err := p.newTOTPSecret(u.Email)
		if err != nil {
			return nil, err
		}
		u.TOTPPending = secret
		return map[string]any{"SecretCode": secret}, p.saveLocked()
	case in.Session != "":
		s, u, err := p.session(in.Session, "MFA_SETUP")
		if err != nil {
			return nil, err
		}
		secret, err := p.newTOTPSecret(u.Email)
		if err != nil {
			return nil, err
		}
		s.totp = secret
		return map[string]any{"SecretCode": secret, "Session": p.rotate(in.Session)}, nil
	}
	return nil, apiErr("InvalidParameterException", "An AccessToken or a Session is required")
}

func (p *IdP) verifySoftwareToken(c *call) (any, error) {
	var in struct{ AccessToken, Session, UserCode, FriendlyDeviceName string }
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	mismatch := apiErr("EnableSoftwareTokenMFAException", "Code mismatch")
	switch {
	case in.AccessToken != "":
		u, err := p.authenticate(in.AccessToken)
		if err != nil {
			return nil, err
		}
		if u.TOTPPending == "" {
			return nil, apiErr("SoftwareTokenMFANotFoundException", "Software Token MFA has not been associated with the user.")
		}
		if !p.validTOTP(u.TOTPPending, in.UserCode) {
			return nil, mismatch
		}
		// Verified, not yet asked for: SetUserMFAPreference turns it on.
		u.TOTPSecret, u.TOTPPending, u.Modified = u.TOTPPending, "", p.now()
		return map[string]any{"Status": "SUCCESS"}, p.saveLocked()
	case in.Session != "":
		s, u, err := p.session(in.Session, "MFA_SETUP")
		if err != nil {
			return nil, err
		}
		if s.totp == "" {
			return nil, apiErr("SoftwareTokenMFANotFoundException", "Software Token MFA has not been associated with the user.")
		}
		if !p.validTOTP(s.totp, in.UserCode) {
			if s.tries++; s.tries >= maxCodeAttempts {
				delete(p.sessions, in.Session)
			}
			return nil, mismatch
		}
		// Set up during sign-in, because the pool requires MFA: on from now.
		u.TOTPSecret, u.TOTPPending, u.TOTPEnabled, u.Modified = s.totp, "", true, p.now()
		s.verified = true
		return map[string]any{"Status": "SUCCESS", "Session": p.rotate(in.Session)}, p.saveLocked()
	}
	return nil, apiErr("InvalidParameterException", "An AccessToken or a Session is required")
}

func (p *IdP) setUserMFAPreference(c *call) (any, error) {
	var in struct {
		AccessToken              string
		SoftwareTokenMfaSettings *struct{ Enabled, PreferredMfa bool }
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	u, err := p.authenticate(in.AccessToken)
	if err != nil {
		return nil, err
	}
	if in.SoftwareTokenMfaSettings != nil {
		on := in.SoftwareTokenMfaSettings.Enabled
		if on && u.TOTPSecret == "" {
			return nil, apiErr("InvalidParameterException", "User has not verified software token mfa")
		}
		u.TOTPEnabled, u.Modified = on, p.now()
	}
	return map[string]any{}, p.saveLocked()
}

func (p *IdP) globalSignOut(c *call) (any, error) {
	var in struct{ AccessToken string }
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	u, err := p.authenticate(in.AccessToken)
	if err != nil {
		return nil, err
	}
	p.revokeAll(u.Username)
	return map[string]any{}, p.saveLocked()
}

// revokeToken revokes one refresh token, and with it the access tokens of its sign-in.
// An unknown token is not an error (as in OAuth token revocation).
func (p *IdP) revokeToken(c *call) (any, error) {
	var in struct {
		Token string
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	delete(p.st.RefreshTokens, hashToken(in.Token))
	return map[string]any{}, p.saveLocked()
}

func (p *IdP) forgotPassword(c *call) (any, error) {
	var in struct {
		Username string
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	u := p.findUser(in.Username)
	switch {
	case u == nil:
		return nil, apiErr("UserNotFoundException", "Username/client id combination not found.")
	case !u.Enabled:
		return nil, errDisabled
	case u.Status == "FORCE_CHANGE_PASSWORD":
		return nil, apiErr("NotAuthorizedException", "User password cannot be reset in the current state.")
	}
	code := sixDigits()
	u.ResetCode, u.ResetExpires, u.ResetTries = code, p.now().Add(ResetCodeTTL), 0
	p.codes[u.Email] = code
	p.log.Info("devidp: password-reset code (Cognito would email it)", "email", u.Email, "code", code)
	return map[string]any{"CodeDeliveryDetails": map[string]string{
		"AttributeName": "email", "DeliveryMedium": "EMAIL", "Destination": mask(u.Email),
	}}, p.saveLocked()
}

func (p *IdP) confirmForgotPassword(c *call) (any, error) {
	var in struct {
		Username         string
		ConfirmationCode string
		Password         string
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	u := p.findUser(in.Username)
	switch {
	case u == nil:
		return nil, apiErr("UserNotFoundException", "Username/client id combination not found.")
	case u.ResetCode == "" || p.now().After(u.ResetExpires):
		return nil, apiErr("ExpiredCodeException", "Invalid code provided, please request a code again.")
	case u.ResetTries >= maxCodeAttempts:
		// Every attempt is refused, the right code too, until a new ForgotPassword.
		return nil, apiErr("LimitExceededException", "Attempt limit exceeded, please try after some time.")
	case in.ConfirmationCode != u.ResetCode:
		u.ResetTries++
		if err := p.saveLocked(); err != nil {
			return nil, err
		}
		if u.ResetTries >= maxCodeAttempts {
			return nil, apiErr("LimitExceededException", "Attempt limit exceeded, please try after some time.")
		}
		return nil, apiErr("CodeMismatchException", "Invalid verification code provided, please try again.")
	}
	if err := checkPolicy(in.Password); err != nil {
		return nil, err
	}
	hash, err := hashPassword(in.Password)
	if err != nil {
		return nil, err
	}
	u.PasswordHash, u.Status, u.ResetCode, u.ResetTries, u.Modified = hash, "CONFIRMED", "", 0, p.now()
	return map[string]any{}, p.saveLocked()
}

type attribute struct {
	Name  string
	Value string
}

func epoch(t time.Time) float64 { return float64(t.UnixMilli()) / 1000 }

func attributes(u *user) []attribute {
	return []attribute{{"sub", u.Username}, {"email", u.Email}, {"email_verified", "true"}}
}

func (p *IdP) adminCreateUser(c *call) (any, error) {
	var in struct {
		Username               string
		UserAttributes         []attribute
		TemporaryPassword      string
		MessageAction          string
		DesiredDeliveryMediums []string
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	if in.MessageAction != "" && in.MessageAction != "SUPPRESS" {
		return nil, apiErr("InvalidParameterException", "MessageAction "+in.MessageAction+" is not supported by the development identity provider")
	}
	for _, a := range in.UserAttributes {
		if a.Name == "email" && normEmail(a.Value) != normEmail(in.Username) {
			return nil, apiErr("InvalidParameterException", "The email attribute must be the username in this pool.")
		}
	}
	temp := in.TemporaryPassword
	if temp == "" {
		temp = tempPassword()
	}
	u, err := p.createUser(in.Username, temp, "FORCE_CHANGE_PASSWORD")
	if err != nil {
		return nil, err
	}
	if in.MessageAction != "SUPPRESS" {
		p.codes[u.Email] = temp
		p.log.Info("devidp: invitation (Cognito would email it)", "email", u.Email, "temporary_password", temp)
	}
	return map[string]any{"User": map[string]any{
		"Username":             u.Username,
		"Attributes":           attributes(u),
		"UserCreateDate":       epoch(u.Created),
		"UserLastModifiedDate": epoch(u.Modified),
		"Enabled":              u.Enabled,
		"UserStatus":           u.Status,
	}}, p.saveLocked()
}

// adminUser decodes an admin call on one user and finds the user. Caller holds p.mu.
func (p *IdP) adminUser(c *call) (*user, error) {
	var in struct {
		Username string
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	u := p.findUser(in.Username)
	if u == nil {
		return nil, apiErr("UserNotFoundException", "User does not exist.")
	}
	return u, nil
}

func (p *IdP) adminGetUser(c *call) (any, error) {
	u, err := p.adminUser(c)
	if err != nil {
		return nil, err
	}
	out := map[string]any{
		"Username":             u.Username,
		"UserAttributes":       attributes(u),
		"UserCreateDate":       epoch(u.Created),
		"UserLastModifiedDate": epoch(u.Modified),
		"Enabled":              u.Enabled,
		"UserStatus":           u.Status,
	}
	if u.TOTPEnabled {
		out["UserMFASettingList"] = []string{"SOFTWARE_TOKEN_MFA"}
		out["PreferredMfaSetting"] = "SOFTWARE_TOKEN_MFA"
	}
	return out, nil
}

// adminDisableUser disables a user and, as Cognito does, revokes their tokens.
func (p *IdP) adminDisableUser(c *call) (any, error) {
	u, err := p.adminUser(c)
	if err != nil {
		return nil, err
	}
	u.Enabled, u.Modified = false, p.now()
	p.revokeAll(u.Username)
	return map[string]any{}, p.saveLocked()
}

func (p *IdP) adminEnableUser(c *call) (any, error) {
	u, err := p.adminUser(c)
	if err != nil {
		return nil, err
	}
	u.Enabled, u.Modified = true, p.now()
	return map[string]any{}, p.saveLocked()
}

func (p *IdP) adminDeleteUser(c *call) (any, error) {
	u, err := p.adminUser(c)
	if err != nil {
		return nil, err
	}
	p.revokeAll(u.Username)
	delete(p.st.Users, u.Username)
	delete(p.codes, u.Email)
	return map[string]any{}, p.saveLocked()
}
