// Package dynamotest gives tests throwaway tables in DynamoDB Local
// (scripts/services/dynamodb-local starts one; ./scripts/test does it for the whole run).
package dynamotest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"shortlist/shared/store/dynamo"
	"shortlist/shared/store/table"
)

// Endpoint returns the DynamoDB Local endpoint that AWS_ENDPOINT_URL_DYNAMODB names. When
// none is set it returns "" on a developer's machine, for the caller to skip what needs
// DynamoDB, and fails t in CI (CI set): a CI run that silently skipped the DynamoDB half of
// a suite would prove nothing.
func Endpoint(t testing.TB) string {
	t.Helper()
	endpoint := os.Getenv(dynamo.EnvEndpoint)
	if endpoint == "" {
		failInCI(t)
	}
	return endpoint
}

func failInCI(t testing.TB) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is not set in CI: ./scripts/test starts DynamoDB Local (scripts/services/dynamodb-local)", dynamo.EnvEndpoint)
	}
}

// Client returns a client for DynamoDB Local at endpoint, with the local region and keys
// whatever the environment holds (so a test that cleared or replaced the AWS variables
// gets the same client). An empty endpoint fails t in CI and skips it elsewhere.
func Client(t testing.TB, endpoint string) *dynamodb.Client {
	t.Helper()
	if endpoint == "" {
		failInCI(t)
		t.Skipf("%s is not set: start DynamoDB Local with eval \"$(scripts/services/dynamodb-local)\", or run ./scripts/test", dynamo.EnvEndpoint)
	}
	getenv := func(k string) string {
		if k == dynamo.EnvEndpoint {
			return endpoint
		}
		return ""
	}
	c, err := dynamo.NewClient(context.Background(), getenv, dynamo.ClientOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// runID makes this process's table names unique, so test processes sharing one DynamoDB
// Local (go test runs packages in parallel), or a table left by a killed run, never see
// each other's items; seq numbers the tables of one process.
var runID = func() string {
	b := make([]byte, 4)
	rand.Read(b)
	return hex.EncodeToString(b)
}()

var seq atomic.Int64

// Table creates a uniquely named table shaped as table.Shortlist() (deletion protection
// off), waits until it is active, and deletes it when the test ends. It returns the name.
func Table(t testing.TB, client *dynamodb.Client) string {
	t.Helper()
	name := fmt.Sprintf("shortlist-test-%s-%d", runID, seq.Add(1))
	def := table.Shortlist()
	def.DeletionProtection = false
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := dynamo.CreateTable(ctx, client, name, def); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := dynamo.DeleteTable(ctx, client, name); err != nil {
			t.Errorf("deleting table %s: %v", name, err)
		}
	})
	return name
}

// Open is Table behind the adapter: a fresh table of its own for the test.
func Open(t testing.TB, client *dynamodb.Client, opts dynamo.Options) *dynamo.Table {
	t.Helper()
	return dynamo.New(client, Table(t, client), table.Shortlist(), opts)
}
