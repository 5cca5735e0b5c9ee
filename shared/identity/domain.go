package identity

import (
	"errors"

	"shortlist/shared/assess"
)

// DomainError maps an identity error onto the domain's codes (nil stays nil). The
// messages are this package's sentinels', which are safe to show.
func DomainError(err error) error {
	if err == nil {
		return nil
	}
	var ie *Error
	msg := ErrUnavailable.Error()
	if errors.As(err, &ie) {
		msg = ie.Kind.Error()
	}
	wrap := func(c assess.Code) error { return &assess.Error{Code: c, Message: msg, Err: err} }
	switch {
	case errors.Is(err, ErrInvalidCredentials), errors.Is(err, ErrUnauthorized), errors.Is(err, ErrPasswordResetRequired):
		return wrap(assess.Unauthorized)
	case errors.Is(err, ErrCodeMismatch), errors.Is(err, ErrCodeExpired):
		return assess.FieldError("code", msg)
	case errors.Is(err, ErrInvalidPassword):
		return assess.FieldError("newPassword", msg+": at least 12 characters, with upper and lower case letters, a digit and a symbol")
	case errors.Is(err, ErrInvalidInput):
		return wrap(assess.Invalid)
	case errors.Is(err, ErrUserExists):
		return wrap(assess.Conflict)
	case errors.Is(err, ErrUserNotFound):
		return wrap(assess.NotFound)
	case errors.Is(err, ErrRateLimited):
		return wrap(assess.RateLimited)
	default:
		return wrap(assess.Unavailable)
	}
}
