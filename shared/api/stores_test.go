package api_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/store"
	"shortlist/shared/store/bolt"
	"shortlist/shared/store/dynamo"
	"shortlist/shared/store/table"
)

// repos returns the repositories a journey test runs on: the embedded store always, and a
// fresh DynamoDB Local table when AWS_ENDPOINT_URL_DYNAMODB is set (in CI it must be).
func repos(t *testing.T) map[string]func(t *testing.T) *store.Repository {
	out := map[string]func(t *testing.T) *store.Repository{
		"embedded": func(t *testing.T) *store.Repository {
			bt, err := bolt.Open(t.TempDir(), table.Shortlist(), bolt.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { bt.Close() })
			return store.New(bt)
		},
	}
	if os.Getenv(dynamo.EnvEndpoint) == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set in CI: ./scripts/test starts DynamoDB Local", dynamo.EnvEndpoint)
		}
		t.Logf("%s not set: the DynamoDB half is skipped (./scripts/test runs it)", dynamo.EnvEndpoint)
		return out
	}
	out["dynamodb"] = func(t *testing.T) *store.Repository {
		ctx := context.Background()
		client, err := dynamo.NewClient(ctx, os.Getenv, dynamo.ClientOptions{})
		if err != nil {
			t.Fatal(err)
		}
		b := make([]byte, 6)
		rand.Read(b)
		name := "shortlist-api-test-" + hex.EncodeToString(b)
		def := table.Shortlist()
		def.DeletionProtection = false
		if err := dynamo.CreateTable(ctx, client, name, def); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			_ = dynamo.DeleteTable(ctx, client, name)
		})
		return store.New(dynamo.New(client, name, table.Shortlist(), dynamo.Options{}))
	}
	return out
}

// seedOrg creates an organisation and an API key in repo.
func seedOrg(repo *store.Repository) seeder {
	return func(t *testing.T, name string) (string, string) {
		org, err := assess.NewOrganisation(name, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		k, secret, err := assess.NewAPIKey(org.ID, "test", "", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		if err := repo.CreateOrganisation(ctx, org); err != nil {
			t.Fatal(err)
		}
		if err := repo.CreateAPIKey(ctx, k); err != nil {
			t.Fatal(err)
		}
		return org.ID, secret
	}
}

func TestJourney(t *testing.T) {
	for name, open := range repos(t) {
		t.Run(name, func(t *testing.T) {
			repo := open(t)
			runJourney(t, newStack(t, repo, seedOrg(repo)))
		})
	}
}
