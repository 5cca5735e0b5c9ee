// Package app assembles Shortlist's dependencies once per process, from the settings
// parsed from the environment (shared/app/settings): the same code builds a Lambda
// function's handlers at cold start and the dev server's.
package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"shortlist/content"
	"shortlist/shared/api"
	"shortlist/shared/app/settings"
	"shortlist/shared/assess"
	"shortlist/shared/blob"
	"shortlist/shared/catalog"
	"shortlist/shared/identity"
	"shortlist/shared/store"
)

// Getenv reads one environment variable (os.Getenv, or a map in tests): what
// settings.ConfigFromEnv parses, once per process, and the commands (scripts/dev,
// scripts/admin) read their own flags' defaults from.
type Getenv func(string) string

// Logger is the JSON logger every process writes to stdout (CloudWatch in Lambda), at
// level (settings.Config.LogLevel).
func Logger(w io.Writer, level slog.Level) *slog.Logger {
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
// (New) only decides email, into the outbox, when the deployment has a sender address;
// the notify function adds the Mailer and the timers, and needs neither the catalog nor
// the HTTP layer, so it builds only these (its binary stays small).
func Messaging(cfg settings.Config, repo *store.Repository) (*assess.Outreach, *assess.Webhooks) {
	return &assess.Outreach{Repo: repo, Email: cfg.EmailFrom != "", PublicURL: cfg.PublicURL},
		&assess.Webhooks{Repo: repo, Kit: WebhookKit{}, PublicURL: cfg.PublicURL}
}

// Stack is everything a process serves with, built once.
type Stack struct {
	Deps   api.Deps
	Repo   *store.Repository
	Scorer *assess.Scorer
}

// Build parses the settings from getenv and assembles the stack with New: for callers
// that hold an environment lookup rather than parsed settings (tests, benchmarks).
func Build(getenv Getenv, log *slog.Logger, t store.Table, blobs blob.Store) (Stack, error) {
	cfg, err := settings.ConfigFromEnv(getenv)
	if err != nil {
		return Stack{}, err
	}
	return New(cfg, log, t, blobs)
}

// New assembles the stack over an opened table and (optional) report store.
func New(cfg settings.Config, log *slog.Logger, t store.Table, blobs blob.Store) (Stack, error) {
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
	if cfg.Identity.UserPoolID != "" {
		if verifier, err = identity.NewVerifier(cfg.Identity); err != nil {
			return Stack{}, err
		}
	}
	team := &assess.Team{Repo: repo}
	outreach, hooks := Messaging(cfg, repo)
	outreach.Journey = svc
	return Stack{Repo: repo, Scorer: &assess.Scorer{Repo: repo, Catalog: cat},
		Deps: api.Deps{Catalog: cat, Journey: svc, Logger: log, PublicURL: cfg.PublicURL, Reports: repo, Privacy: repo, Queue: repo, Idempotency: repo, Blobs: blobs,
			Team: team, Verifier: verifier, Outreach: outreach, Webhooks: hooks}}, nil
}
