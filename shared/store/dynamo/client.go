package dynamo

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"shortlist/shared/awsenv"
)

// EnvEndpoint is the SDK's standard variable for a DynamoDB endpoint other than AWS's:
// DynamoDB Local in tests and in the dev server.
const EnvEndpoint = "AWS_ENDPOINT_URL_DYNAMODB"

// ClientOptions tune the client; the zero value is what the functions use.
type ClientOptions struct {
	// MaxAttempts is the SDK's attempts per call, first included (3 when 0). The SDK's
	// standard retryer is the ONE retry layer: capped exponential backoff with full jitter
	// and a retry quota that stops retry storms. Nothing above it retries.
	MaxAttempts int
	// MaxBackoff caps the wait between attempts (1 s when 0): a candidate's autosave is
	// waiting, and the client retries a 503 itself.
	MaxBackoff time.Duration
	// AttemptTimeout bounds one HTTP attempt, connection included (3 s when 0). DynamoDB
	// answers in milliseconds; an attempt that takes seconds is a dead connection.
	AttemptTimeout time.Duration
}

// NewClient builds a DynamoDB client once per process from the environment (see
// shared/awsenv: region and the function's credentials from their standard variables), and
// AWS_ENDPOINT_URL_DYNAMODB (read through getenv) for a local endpoint. Against a local
// endpoint it needs no AWS account: it signs with placeholder credentials when none are
// set, and skips the response checksum that DynamoDB Local does not send.
func NewClient(ctx context.Context, getenv func(string) string, o ClientOptions) (*dynamodb.Client, error) {
	if o.MaxAttempts == 0 {
		o.MaxAttempts = 3
	}
	if o.MaxBackoff == 0 {
		o.MaxBackoff = time.Second
	}
	if o.AttemptTimeout == 0 {
		o.AttemptTimeout = 3 * time.Second
	}
	endpoint := getenv(EnvEndpoint)
	cfg, err := awsenv.Config(getenv, endpoint != "", o.MaxAttempts, o.MaxBackoff)
	if err != nil {
		return nil, fmt.Errorf("dynamo: %w", err)
	}
	cfg.HTTPClient = awshttp.NewBuildableClient().
		WithTimeout(o.AttemptTimeout).
		WithDialerOptions(func(d *net.Dialer) { d.Timeout = o.AttemptTimeout })
	return dynamodb.NewFromConfig(cfg, func(opt *dynamodb.Options) {
		if endpoint != "" {
			opt.BaseEndpoint = aws.String(endpoint)
			opt.DisableValidateResponseChecksum = true
		}
	}), nil
}
