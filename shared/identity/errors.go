package identity

import (
	"errors"
)

// The errors every Provider method returns, wrapped in an *Error: test them with
// errors.Is. Their texts are safe to show a user; what Cognito said stays in the *Error
// for the log.
var (
	// ErrInvalidCredentials: sign-in refused. A wrong password, an unknown email, a
	// disabled user and an unconfirmed one all give this one error, so a caller cannot
	// learn whether an address has an account.
	ErrInvalidCredentials = errors.New("invalid email or password")
	// ErrUnauthorized: the access token, refresh token or challenge session is not (or
	// no longer) valid: sign in again.
	ErrUnauthorized = errors.New("not signed in, or the session has expired")
	// ErrCodeMismatch: a wrong TOTP or password-reset code.
	ErrCodeMismatch = errors.New("the code is not correct")
	// ErrCodeExpired: a password-reset code past its validity.
	ErrCodeExpired = errors.New("the code has expired")
	// ErrInvalidPassword: a new password the pool's password policy refuses.
	ErrInvalidPassword = errors.New("the password does not meet the password policy")
	// ErrPasswordResetRequired: an administrator reset the password; the user must
	// complete a password reset (ForgotPassword) before signing in.
	ErrPasswordResetRequired = errors.New("the password must be reset before signing in")
	// ErrUserExists: an invitation for an email that already has a user.
	ErrUserExists = errors.New("a user with this email already exists")
	// ErrUserNotFound: an admin operation on a user the pool does not have. Never
	// returned by the operations a signed-out user can call.
	ErrUserNotFound = errors.New("no such user")
	// ErrRateLimited: Cognito's limits on attempts or requests were hit; try later.
	ErrRateLimited = errors.New("too many attempts; try again later")
	// ErrInvalidInput: Cognito refused a parameter (e.g. a malformed email).
	ErrInvalidInput = errors.New("invalid request to the identity provider")
	// ErrUnsupportedChallenge: sign-in needs a challenge this package does not answer
	// (SMS or email codes, a choice of MFA type); the pool is configured for more than
	// USER_PASSWORD_AUTH with TOTP.
	ErrUnsupportedChallenge = errors.New("the identity provider asked for an unsupported challenge")
	// ErrUnavailable: anything else: the network, a timeout, a Cognito fault.
	ErrUnavailable = errors.New("the identity provider is unavailable")
)

// Error is what a Provider method returns on failure.
type Error struct {
	// Op is the Provider method, e.g. "SignIn".
	Op string
	// Kind is one of the sentinel errors above.
	Kind error
	// Code and Message are Cognito's exception name and message ("" for a failure
	// before Cognito answered). They may say more than Kind does (for example that a
	// user is disabled): log them, do not show them.
	Code, Message string
	// Err is the SDK's error.
	Err error
}

// Error is safe to show: the operation and the sentinel's text, never Cognito's message.
func (e *Error) Error() string { return "identity: " + e.Op + ": " + e.Kind.Error() }

// Unwrap gives errors.Is the sentinel and errors.As the SDK's error.
func (e *Error) Unwrap() []error { return []error{e.Kind, e.Err} }

// Detail is Cognito's own account of the failure, for the log.
func (e *Error) Detail() string {
	switch {
	case e.Code != "":
		return e.Code + ": " + e.Message
	case e.Err != nil:
		return e.Err.Error()
	}
	return ""
}
