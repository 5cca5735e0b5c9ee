// Package awsenv builds the AWS SDK configuration from the SDK's standard variables
// alone, read through a lookup (the functions pass shared/app/settings' AWS.Lookup, the
// values parsed at start): the region (AWS_REGION) and the credentials Lambda gives every
// function in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN. It stands in
// for config.LoadDefaultConfig, which links credential providers a function never uses
// (SSO, web identity, shared files) and so costs every binary about a megabyte of cold
// start.
package awsenv

import (
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// Config returns the configuration for a client, with the SDK's standard retryer as the
// one retry layer (capped exponential backoff with full jitter, a retry quota; 0 keeps the
// SDK's defaults). local (a loopback endpoint such as DynamoDB Local or MinIO) allows a
// missing region and missing credentials, which become placeholders.
func Config(getenv func(string) string, local bool, maxAttempts int, maxBackoff time.Duration) (aws.Config, error) {
	region := getenv("AWS_REGION")
	if region == "" {
		region = getenv("AWS_DEFAULT_REGION")
	}
	if region == "" {
		if !local {
			return aws.Config{}, errors.New("AWS_REGION is not set")
		}
		region = "us-east-1"
	}
	key, secret := getenv("AWS_ACCESS_KEY_ID"), getenv("AWS_SECRET_ACCESS_KEY")
	if key == "" || secret == "" {
		if !local {
			return aws.Config{}, errors.New("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set (Lambda sets them for the function's role)")
		}
		key, secret = "local", "local"
	}
	cfg := aws.Config{
		Region:      region,
		Credentials: aws.NewCredentialsCache(credentials.NewStaticCredentialsProvider(key, secret, getenv("AWS_SESSION_TOKEN"))),
		Retryer: func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				if maxAttempts > 0 {
					o.MaxAttempts = maxAttempts
				}
				if maxBackoff > 0 {
					o.MaxBackoff = maxBackoff
				}
			})
		},
	}
	return cfg, nil
}
