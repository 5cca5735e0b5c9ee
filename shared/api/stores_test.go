package api_test

import (
	"context"
	"testing"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/store"
	"shortlist/shared/store/storetest"
)

// repos returns the repositories a journey test runs on: the embedded store always, and a
// fresh DynamoDB Local table when AWS_ENDPOINT_URL_DYNAMODB is set (in CI it must be).
func repos(t *testing.T) map[string]func(t *testing.T) *store.Repository {
	out := map[string]func(t *testing.T) *store.Repository{}
	for name, open := range storetest.Tables(t) {
		out[name] = func(t *testing.T) *store.Repository { return store.New(open(t)) }
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
