package dynamo_test

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

	"shortlist/shared/store"
	"shortlist/shared/store/dynamo"
	"shortlist/shared/store/storetest"
	"shortlist/shared/store/table"
)

// runID makes this run's table names unique, so runs sharing one DynamoDB Local (or a
// leftover table from a killed run) never see each other's items.
var runID = func() string {
	b := make([]byte, 4)
	rand.Read(b)
	return hex.EncodeToString(b)
}()

var tableSeq atomic.Int64

// localClient returns a client for the DynamoDB Local that AWS_ENDPOINT_URL_DYNAMODB names.
// Without one the test skips on a developer's machine and FAILS in CI (CI set): a CI run
// that silently skipped the DynamoDB half of the conformance suite would prove nothing.
func localClient(t testing.TB) *dynamodb.Client {
	t.Helper()
	if os.Getenv(dynamo.EnvEndpoint) == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set in CI: ./scripts/test starts DynamoDB Local (scripts/services/dynamodb-local)", dynamo.EnvEndpoint)
		}
		t.Skipf("%s not set: run ./scripts/test, or start scripts/services/dynamodb-local", dynamo.EnvEndpoint)
	}
	c, err := dynamo.NewClient(context.Background(), os.Getenv, dynamo.ClientOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// freshTable creates a uniquely named table from the shared definition and deletes it when
// the test ends.
func freshTable(t testing.TB, client *dynamodb.Client) string {
	t.Helper()
	name := fmt.Sprintf("shortlist-test-%s-%d", runID, tableSeq.Add(1))
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
			t.Errorf("cleanup: %v", err)
		}
	})
	return name
}

func TestConformance(t *testing.T) {
	client := localClient(t)
	storetest.Run(t, func(t *testing.T, now func() time.Time) store.Table {
		return dynamo.New(client, freshTable(t, client), table.Shortlist(), dynamo.Options{Now: now})
	})
}
