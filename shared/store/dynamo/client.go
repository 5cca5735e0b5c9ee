package dynamo

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/feature/ec2/imds"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
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

// NewClient builds a DynamoDB client once per process from the environment: region and
// credentials the SDK's standard way, and AWS_ENDPOINT_URL_DYNAMODB (read through getenv)
// for a local endpoint. Against a local endpoint it needs no AWS account: it signs with
// dummy credentials when none are set, never asks the EC2 metadata service, and skips the
// response checksum that DynamoDB Local does not send.
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
	loaders := []func(*config.LoadOptions) error{
		config.WithRetryer(func() aws.Retryer {
			return retry.NewStandard(func(so *retry.StandardOptions) {
				so.MaxAttempts = o.MaxAttempts
				so.MaxBackoff = o.MaxBackoff
			})
		}),
		config.WithHTTPClient(awshttp.NewBuildableClient().
			WithTimeout(o.AttemptTimeout).
			WithDialerOptions(func(d *net.Dialer) { d.Timeout = o.AttemptTimeout })),
	}
	if endpoint != "" {
		loaders = append(loaders, config.WithEC2IMDSClientEnableState(imds.ClientDisabled))
		if getenv("AWS_REGION") == "" && getenv("AWS_DEFAULT_REGION") == "" {
			loaders = append(loaders, config.WithRegion("us-east-1"))
		}
		if getenv("AWS_ACCESS_KEY_ID") == "" {
			loaders = append(loaders, config.WithCredentialsProvider(
				credentials.NewStaticCredentialsProvider("local", "local", "")))
		}
	}
	cfg, err := config.LoadDefaultConfig(ctx, loaders...)
	if err != nil {
		return nil, fmt.Errorf("dynamo: loading AWS configuration: %w", err)
	}
	return dynamodb.NewFromConfig(cfg, func(opt *dynamodb.Options) {
		if endpoint != "" {
			opt.BaseEndpoint = aws.String(endpoint)
			opt.DisableValidateResponseChecksum = true
		}
	}), nil
}
