package identity

import "time"

// Tokens are what a completed sign-in or a refresh returns.
type Tokens struct {
	// AccessToken authorises requests to our API (Verifier checks it) and the calls
	// below that take one.
	AccessToken string
	// IDToken carries the user's attributes; our API does not accept it.
	IDToken string
	// RefreshToken obtains new access tokens (Refresh) until it expires or is revoked
	// (SignOut). Opaque: never parse it. Refresh returns the one it was given.
	RefreshToken string
	// ExpiresIn is the access token's lifetime from now.
	ExpiresIn time.Duration
}

// ChallengeName names a step Cognito asks for before it issues tokens.
type ChallengeName string

// The challenges this package answers.
const (
	// ChallengeNewPassword: an invited user signed in with the temporary password and
	// must choose their own (RespondNewPassword).
	ChallengeNewPassword ChallengeName = "NEW_PASSWORD_REQUIRED"
	// ChallengeTOTP: the user has TOTP MFA on; answer with a code (RespondMFA).
	ChallengeTOTP ChallengeName = "SOFTWARE_TOKEN_MFA"
	// ChallengeMFASetup: the pool requires MFA and the user has none yet: enrol a TOTP
	// app (AssociateSoftwareTokenForChallenge, then RespondMFASetup).
	ChallengeMFASetup ChallengeName = "MFA_SETUP"
)

// Challenge is a pending step of a sign-in. The caller keeps it (the HR console holds it
// between two requests) and passes it back to the Respond method for its Name.
type Challenge struct {
	Name ChallengeName
	// Session ties the answer to this sign-in; it expires after a few minutes.
	Session string
	// Username is the user's name in the pool to answer with (Cognito's USER_ID_FOR_SRP,
	// which in a pool whose usernames are emails is the user's sub).
	Username string
}

// Result is the outcome of a sign-in step: Tokens, or the next Challenge.
type Result struct {
	Tokens    *Tokens
	Challenge *Challenge
}

// User is a user of the pool as the admin operations report it.
type User struct {
	// Username is the user's name in the pool: in a pool whose usernames are emails,
	// Cognito makes it the sub. Admin operations accept it or the email.
	Username string
	// Subject is the "sub" attribute, the stable id access tokens carry.
	Subject string
	Email   string
	// Status is Cognito's UserStatus: FORCE_CHANGE_PASSWORD until an invited user has
	// chosen a password, then CONFIRMED (RESET_REQUIRED after an admin reset).
	Status  string
	Enabled bool
	// TOTP: the user has TOTP MFA turned on.
	TOTP    bool
	Created time.Time
}

// Invite is a new user for AdminCreateUser.
type Invite struct {
	Email string
	// TemporaryPassword is the password for the first sign-in, which then asks for a new
	// one (ChallengeNewPassword). Empty: Cognito generates one.
	TemporaryPassword string
	// SuppressEmail stops Cognito from sending its invitation email (MessageAction
	// SUPPRESS), for when we send our own with TemporaryPassword.
	SuppressEmail bool
}
