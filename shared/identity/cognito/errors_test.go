package cognito

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/smithy-go"

	"shortlist/shared/identity"
)

func TestClassify(t *testing.T) {
	cases := []struct {
		code  string
		class opClass
		want  error
	}{
		{"NotAuthorizedException", classSignIn, identity.ErrInvalidCredentials},
		{"UserNotFoundException", classSignIn, identity.ErrInvalidCredentials},
		{"UserNotConfirmedException", classSignIn, identity.ErrInvalidCredentials},
		{"InvalidPasswordException", classSignIn, identity.ErrInvalidCredentials},
		{"NotAuthorizedException", classSession, identity.ErrUnauthorized},
		{"UserNotFoundException", classSession, identity.ErrUnauthorized},
		{"UserNotFoundException", classRecovery, identity.ErrCodeMismatch},
		{"UserNotFoundException", classAdmin, identity.ErrUserNotFound},
		{"InvalidPasswordException", classSession, identity.ErrInvalidPassword},
		{"InvalidPasswordException", classRecovery, identity.ErrInvalidPassword},
		{"PasswordHistoryPolicyViolationException", classRecovery, identity.ErrInvalidPassword},
		{"CodeMismatchException", classSession, identity.ErrCodeMismatch},
		{"EnableSoftwareTokenMFAException", classSession, identity.ErrCodeMismatch},
		{"ExpiredCodeException", classRecovery, identity.ErrCodeExpired},
		{"PasswordResetRequiredException", classSignIn, identity.ErrPasswordResetRequired},
		{"UsernameExistsException", classAdmin, identity.ErrUserExists},
		{"AliasExistsException", classAdmin, identity.ErrUserExists},
		{"LimitExceededException", classRecovery, identity.ErrRateLimited},
		{"TooManyRequestsException", classSignIn, identity.ErrRateLimited},
		{"TooManyFailedAttemptsException", classSession, identity.ErrRateLimited},
		{"InvalidParameterException", classAdmin, identity.ErrInvalidInput},
		{"SoftwareTokenMFANotFoundException", classSession, identity.ErrInvalidInput},
		{"InternalErrorException", classSignIn, identity.ErrUnavailable},
		{"ResourceNotFoundException", classSignIn, identity.ErrUnavailable},
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
	if err := classify("Op", classSignIn, context.DeadlineExceeded); !errors.Is(err, identity.ErrUnavailable) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a timeout: got %v", err)
	}
}
