package storetest

import (
	"testing"

	"shortlist/shared/store"
	"shortlist/shared/store/bolt"
	"shortlist/shared/store/dynamo"
	"shortlist/shared/store/dynamo/dynamotest"
	"shortlist/shared/store/table"
)

// Embedded opens the embedded store in a temporary directory of the test's own, closed
// when the test ends.
func Embedded(t testing.TB, opts bolt.Options) *bolt.Table {
	t.Helper()
	tb, err := bolt.Open(t.TempDir(), table.Shortlist(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tb.Close() })
	return tb
}

// Tables are the tables a test of code over the storage port runs on, by adapter: the
// embedded store always, and DynamoDB Local when AWS_ENDPOINT_URL_DYNAMODB is set (in CI
// it must be: dynamotest.Endpoint). Each call of a factory is a fresh table.
func Tables(t *testing.T) map[string]func(t *testing.T) store.Table {
	out := map[string]func(t *testing.T) store.Table{
		"embedded": func(t *testing.T) store.Table { return Embedded(t, bolt.Options{}) },
	}
	endpoint := dynamotest.Endpoint(t)
	if endpoint == "" {
		t.Logf("%s not set: the DynamoDB half is skipped (./scripts/test runs it)", dynamo.EnvEndpoint)
		return out
	}
	client := dynamotest.Client(t, endpoint)
	out["dynamodb"] = func(t *testing.T) store.Table { return dynamotest.Open(t, client, dynamo.Options{}) }
	return out
}
