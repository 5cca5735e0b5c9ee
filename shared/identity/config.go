package identity

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Config names one user pool and one app client.
type Config struct {
	// Region is the pool's AWS region (e.g. "eu-west-1"). With an Endpoint it only names
	// the signing region, and defaults to "us-east-1".
	Region string
	// UserPoolID is the pool's id, "<region>_<suffix>" in AWS.
	UserPoolID string
	// ClientID is the app client's id. The client has no secret (USER_PASSWORD_AUTH and
	// REFRESH_TOKEN_AUTH are enabled on it) and token revocation on (the default).
	ClientID string
	// Endpoint overrides Cognito's endpoint: cognito-local or the dev identity provider
	// (package devidp). Empty in AWS.
	Endpoint string
	// Timeout bounds each call, retries included; 0 means DefaultTimeout.
	Timeout time.Duration
}

// DefaultTimeout bounds one call to the user pool: sign-in is interactive, so a slower
// answer is reported as unavailable rather than waited out.
const DefaultTimeout = 10 * time.Second

// Validate reports a missing setting.
func (c Config) Validate() error {
	var missing []string
	if c.UserPoolID == "" {
		missing = append(missing, "user pool id")
	}
	if c.ClientID == "" {
		missing = append(missing, "app client id")
	}
	if c.Region == "" && c.Endpoint == "" {
		missing = append(missing, "region")
	}
	if len(missing) > 0 {
		return fmt.Errorf("identity: no %s", strings.Join(missing, ", "))
	}
	if c.Endpoint != "" && !strings.HasPrefix(c.Endpoint, "http://") && !strings.HasPrefix(c.Endpoint, "https://") {
		return errors.New("identity: the endpoint must be an http:// or https:// URL")
	}
	return nil
}

// Issuer is the "iss" claim of the pool's tokens: the Cognito issuer in AWS, the endpoint
// followed by "/<pool id>" for an emulator.
func (c Config) Issuer() string {
	if c.Endpoint != "" {
		return strings.TrimRight(c.Endpoint, "/") + "/" + c.UserPoolID
	}
	return "https://cognito-idp." + c.Region + ".amazonaws.com/" + c.UserPoolID
}

// JWKSURL is where the pool publishes the public keys its tokens are signed with.
func (c Config) JWKSURL() string {
	return c.Issuer() + "/.well-known/jwks.json"
}

// SigningRegion is the region to call: Region, or us-east-1 for an emulator.
func (c Config) SigningRegion() string {
	if c.Region == "" {
		return "us-east-1"
	}
	return c.Region
}

// CallTimeout is Timeout, or DefaultTimeout when unset.
func (c Config) CallTimeout() time.Duration {
	if c.Timeout <= 0 {
		return DefaultTimeout
	}
	return c.Timeout
}
