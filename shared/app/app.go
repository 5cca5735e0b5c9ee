// Package app assembles Shortlist's dependencies from the environment, once per process:
// the same code builds a Lambda function's handlers at cold start and the dev server's.
// Configuration comes only from environment variables; a missing or bad one is an error
// that names it.
package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"shortlist/content"
	"shortlist/shared/api"
	"shortlist/shared/assess"
	"shortlist/shared/blob"
	"shortlist/shared/catalog"
	"shortlist/shared/identity"
	"shortlist/shared/store"
)

// Getenv reads one environment variable (os.Getenv, or a map in tests).
type Getenv func(string) string

// Logger is the JSON logger every process writes to stdout (CloudWatch in Lambda).
func Logger(w io.Writer, getenv Getenv) *slog.Logger {
	level := slog.LevelInfo
	if getenv("LOG_LEVEL") == "debug" {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
}

// Catalog loads the embedded content.
func Catalog() (*catalog.Catalog, error) {
	cat, err := catalog.Load(content.Catalog())
	if err != nil {
		return nil, fmt.Errorf("loading the embedded catalog: %w", err)
	}
	return cat, nil
}

// Messaging builds the email and webhook use cases over a repository. The request side
// (Build) only decides email, into the outbox, when the deployment has a sender address;
// the notify function adds the Mailer and the timers, and needs neither the catalog nor
// the HTTP layer, so it builds only these (its binary stays small).
func Messaging(getenv Getenv, repo *store.Repository) (*assess.Outreach, *assess.Webhooks) {
	publicURL := getenv("PUBLIC_URL")
	return &assess.Outreach{Repo: repo, Email: getenv(api.EnvEmailFrom) != "", PublicURL: publicURL},
		&assess.Webhooks{Repo: repo, Kit: WebhookKit{}, PublicURL: publicURL}
}

// Stack is everything a process serves with, built once.
type Stack struct {
	Deps   api.Deps
	Repo   *store.Repository
	Scorer *assess.Scorer
}

// Build assembles the stack over an opened table and (optional) report store.
func Build(getenv Getenv, log *slog.Logger, t store.Table, blobs blob.Store) (Stack, error) {
	cat, err := Catalog()
	if err != nil {
		return Stack{}, err
	}
	repo := store.New(t)
	// Versions of instruments that later content replaced come from their snapshots.
	cat.SetSnapshots(func(id, hash string) ([]byte, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return repo.Snapshot(ctx, id, hash)
	})
	// Cohort snapshots are kept with the reports; without a store, views are computed per read.
	var objects assess.ObjectStore
	if blobs != nil {
		objects = blobs
	}
	svc := &assess.Service{Repo: repo, Catalog: cat, Cohorts: assess.NewCohorts(repo, objects, repo, cat)}
	// HR people's access tokens are verified here; signing in and managing accounts (the
	// Cognito client) is the auth function's, which adds its provider to these Deps.
	var verifier *identity.Verifier
	if c, ok, err := identity.ConfigFromEnv(getenv); err != nil {
		return Stack{}, err
	} else if ok {
		if verifier, err = identity.NewVerifier(c); err != nil {
			return Stack{}, err
		}
	}
	team := &assess.Team{Repo: repo}
	publicURL := getenv("PUBLIC_URL")
	outreach, hooks := Messaging(getenv, repo)
	outreach.Journey = svc
	return Stack{Repo: repo, Scorer: &assess.Scorer{Repo: repo, Catalog: cat},
		Deps: api.Deps{Catalog: cat, Journey: svc, Logger: log, PublicURL: publicURL, Reports: repo, Privacy: repo, Queue: repo, Idempotency: repo, Blobs: blobs,
			Team: team, Verifier: verifier, Outreach: outreach, Webhooks: hooks}}, nil
}
