package cognito

import (
	"errors"

	"github.com/aws/smithy-go"

	"shortlist/shared/identity"
)

// opClass says how an exception reads for the kind of operation that got it: the same
// NotAuthorizedException is a wrong password at sign-in and an expired session after it.
type opClass int

const (
	classSignIn   opClass = iota // InitiateAuth with a password
	classSession                 // calls with a challenge session, an access or a refresh token
	classRecovery                // ForgotPassword, ConfirmForgotPassword
	classAdmin                   // Admin* calls with the function's role
)

// classify maps an SDK error onto the sentinels.
func classify(op string, class opClass, err error) *identity.Error {
	e := &identity.Error{Op: op, Kind: identity.ErrUnavailable, Err: err}
	var api smithy.APIError
	if !errors.As(err, &api) {
		// Transport failures, timeouts and cancellations.
		return e
	}
	e.Code, e.Message = api.ErrorCode(), api.ErrorMessage()
	switch e.Code {
	case "NotAuthorizedException":
		// Wrong password, disabled user ("User is disabled."), or (after sign-in) an
		// expired session, a revoked or expired token.
		e.Kind = pick(class == classSignIn, identity.ErrInvalidCredentials, identity.ErrUnauthorized)
	case "UserNotFoundException":
		switch class {
		case classSignIn:
			e.Kind = identity.ErrInvalidCredentials
		case classRecovery:
			// Callers hide it (ForgotPassword succeeds; ConfirmForgotPassword reports a
			// wrong code), so nothing tells an unknown address from a known one.
			e.Kind = identity.ErrCodeMismatch
		case classAdmin:
			e.Kind = identity.ErrUserNotFound
		default:
			e.Kind = identity.ErrUnauthorized
		}
	case "UserNotConfirmedException":
		e.Kind = pick(class == classSignIn, identity.ErrInvalidCredentials, identity.ErrUnauthorized)
	case "InvalidPasswordException", "PasswordHistoryPolicyViolationException":
		// Cognito raises it for a new password its policy refuses. cognito-local also
		// raises it for a wrong password at sign-in, where it must read as one.
		e.Kind = pick(class == classSignIn, identity.ErrInvalidCredentials, identity.ErrInvalidPassword)
	case "CodeMismatchException", "EnableSoftwareTokenMFAException":
		// VerifySoftwareToken reports a wrong TOTP code as EnableSoftwareTokenMFAException.
		e.Kind = identity.ErrCodeMismatch
	case "ExpiredCodeException":
		e.Kind = identity.ErrCodeExpired
	case "PasswordResetRequiredException":
		e.Kind = identity.ErrPasswordResetRequired
	case "UsernameExistsException", "AliasExistsException":
		e.Kind = identity.ErrUserExists
	case "LimitExceededException", "TooManyRequestsException", "TooManyFailedAttemptsException":
		e.Kind = identity.ErrRateLimited
	case "InvalidParameterException", "SoftwareTokenMFANotFoundException":
		e.Kind = identity.ErrInvalidInput
	}
	return e
}

func pick(cond bool, yes, no error) error {
	if cond {
		return yes
	}
	return no
}
