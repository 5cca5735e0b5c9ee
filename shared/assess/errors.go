// Package assess holds Shortlist's domain: the error vocabulary every layer speaks, and
// (as the journey lands) assessments, invites, sessions and their rules. It imports the
// standard library only: it knows no AWS and no HTTP.
package assess

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Code classifies an Error. Adapters map their failures onto these codes and the HTTP layer
// maps each code to one status (shared/api's table), so internals never reach a client.
type Code string

const (
	Invalid      Code = "invalid"      // the request is malformed or breaks a rule; Fields says where
	NotFound     Code = "not_found"    // absent, or not the caller's (never say which)
	Conflict     Code = "conflict"     // a state transition lost a race or is not allowed now
	Unauthorized Code = "unauthorized" // missing or bad credentials
	Forbidden    Code = "forbidden"    // refused whoever the caller is (a request that bypassed the site's address)
	TooLarge     Code = "too_large"    // body over the size limit
	Gone         Code = "gone"         // expired (invite, retention)
	Unavailable  Code = "unavailable"  // a dependency failed in a way a retry may fix
	Internal     Code = "internal"     // a bug: logged at the edge, said to nobody
	NotModified  Code = "not_modified" // conditional GET: the client's copy is current
	RateLimited  Code = "rate_limited" // a per-session, per-organisation or per-address limit reached
	MethodNotAll Code = "method_not_allowed"
)

// Error is the one error type the domain returns. Message is safe to show to the caller;
// Fields names the offending inputs (field → problem); Err keeps the cause for logs only.
type Error struct {
	Code    Code
	Message string
	Fields  map[string]string
	Err     error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(string(e.Code))
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if len(e.Fields) > 0 {
		keys := make([]string, 0, len(e.Fields))
		for k := range e.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, "; %s: %s", k, e.Fields[k])
		}
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// ErrNotCompleted is wrapped (code Conflict) by scoring a session that is not completed:
// its completion has not happened yet, or never will (a marker left by a failed
// completion). A lost race is a Conflict without it.
var ErrNotCompleted = errors.New("the session is not completed")

// Errorf builds an Error with a formatted, client-safe message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldError is an Invalid error that names one field.
func FieldError(field, problem string) *Error {
	return &Error{Code: Invalid, Message: "invalid " + field + ": " + problem, Fields: map[string]string{field: problem}}
}

// CodeOf reports the Code of err: an *Error's own, Internal for anything else, "" for nil.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// Retryable says whether a caller may retry the same request unchanged.
func Retryable(err error) bool {
	c := CodeOf(err)
	return c == Unavailable || c == RateLimited
}
