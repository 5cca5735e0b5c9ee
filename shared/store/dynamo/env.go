package dynamo

import (
	"context"
	"fmt"

	"shortlist/shared/store/table"
)

// FromEnv opens the state table that TABLE_NAME names, with a client from NewClient
// (AWS_ENDPOINT_URL_DYNAMODB points at DynamoDB Local instead of AWS).
func FromEnv(ctx context.Context, getenv func(string) string) (*Table, error) {
	name := getenv(table.EnvName)
	if name == "" {
		return nil, fmt.Errorf("%s is not set: it names the DynamoDB table", table.EnvName)
	}
	client, err := NewClient(ctx, getenv, ClientOptions{})
	if err != nil {
		return nil, err
	}
	return New(client, name, table.Shortlist(), Options{}), nil
}
