package identity

import "fmt"

// The environment that names the user pool HR people sign in with (the stack fills it in;
// the dev server points it at its development provider).
const (
	EnvPool     = "COGNITO_POOL_ID"
	EnvClient   = "COGNITO_CLIENT_ID"
	EnvEndpoint = "COGNITO_ENDPOINT" // empty in AWS: Cognito's own endpoint
)

// ConfigFromEnv reads the pool's settings; ok is false when no pool is named (API keys
// only).
func ConfigFromEnv(getenv func(string) string) (c Config, ok bool, err error) {
	pool := getenv(EnvPool)
	if pool == "" {
		return Config{}, false, nil
	}
	c = Config{Region: getenv("AWS_REGION"), UserPoolID: pool, ClientID: getenv(EnvClient), Endpoint: getenv(EnvEndpoint)}
	if err := c.Validate(); err != nil {
		return Config{}, false, fmt.Errorf("%s/%s: %w", EnvPool, EnvClient, err)
	}
	return c, true, nil
}
