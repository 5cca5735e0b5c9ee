package identity

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/smithy-go"
)

func TestClassify(t *testing.T) {
	cases := []struct {
		code  string
		class opClass
		want  error
	}{
		{"NotAuthorizedException", classSignIn, ErrInvalidCredentials},
		{"UserNotFoundException", classSignIn, ErrInvalidCredentials},
		{"UserNotConfirmedException", classSignIn, ErrInvalidCredentials},
		{"InvalidPasswordException", classSignIn, ErrInvalidCredentials},
		{"NotAuthorizedException", classSession, ErrUnauthorized},
		{"UserNotFoundException", classSession, ErrUnauthorized},
		{"UserNotFoundException", classRecovery, ErrCodeMismatch},
		{"UserNotFoundException", classAdmin, ErrUserNotFound},
		{"InvalidPasswordException", classSession, ErrInvalidPassword},
		{"InvalidPasswordException", classRecovery, ErrInvalidPassword},
		{"PasswordHistoryPolicyViolationException", classRecovery, ErrInvalidPassword},
		{"CodeMismatchException", classSession, ErrCodeMismatch},
		{"EnableSoftwareTokenMFAException", classSession, ErrCodeMismatch},
		{"ExpiredCodeException", classRecovery, ErrCodeExpired},
		{"PasswordResetRequiredException", classSignIn, ErrPasswordResetRequired},
		{"UsernameExistsException", classAdmin, ErrUserExists},
		{"AliasExistsException", classAdmin, ErrUserExists},
		{"LimitExceededException", classRecovery, ErrRateLimited},
		{"TooManyRequestsException", classSignIn, ErrRateLimited},
		{"TooManyFailedAttemptsException", classSession, ErrRateLimited},
		{"InvalidParameterException", classAdmin, ErrInvalidInput},
		{"SoftwareTokenMFANotFoundException", classSession, ErrInvalidInput},
		{"InternalErrorException", classSignIn, ErrUnavailable},
		{"ResourceNotFoundException", classSignIn, ErrUnavailable},
	}
	for _, c := range cases {
		api := &smithy.GenericAPIError{Code: c.code, Message: "User is disabled."}
		err := classify("Op", c.class, fmt.Errorf("operation error: %w", api))
		if !errors.Is(err, c.want) {
			t.Errorf("%s (class %d): got %v, want %v", c.code, c.class, err.Kind, c.want)
		}
		var got smithy.APIError
		if !errors.As(err, &got) || got.ErrorCode() != c.code {
			t.Errorf("%s: the SDK's error is not reachable with errors.As", c.code)
		}
		// What Cognito said is for the log only: the message never reaches Error().
		if strings.Contains(err.Error(), "disabled") || err.Detail() != c.code+": User is disabled." {
			t.Errorf("%s: Error() %q, Detail() %q", c.code, err.Error(), err.Detail())
		}
	}
	if err := classify("Op", classSignIn, context.DeadlineExceeded); !errors.Is(err, ErrUnavailable) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a timeout: got %v", err)
	}
}
