package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"shortlist/shared/api"
	"shortlist/shared/app"
	"shortlist/shared/assess"
	"shortlist/shared/store/bolt"
	"shortlist/shared/store/table"
)

// localServer is the product in this process, assembled from the same pieces as the dev
// server (shared/app builds the dependencies, shared/api the routes, assess.Scorer the
// scoring, via app.Build), served on loopback so the simulation goes through real HTTP.
type localServer struct {
	URL string
	Key string // HR API key of the organisation created for the run

	srv        *http.Server
	closeTable func() error
	dir        string

	mu         sync.Mutex
	scoringErr []error
}

// startLocal opens a temporary embedded store, creates an organisation with an API key
// and serves every API route. Scoring runs in line when a session completes (the dev
// server's dispatcher does the same on a worker goroutine); a failure is kept and
// reported by ScoringErr rather than left for a sweep, since a simulation must not hide it.
func startLocal(ctx context.Context, getenv app.Getenv) (_ *localServer, err error) {
	dir, err := os.MkdirTemp("", "shortlist-simulate-*")
	if err != nil {
		return nil, err
	}
	s := &localServer{dir: dir}
	defer func() {
		if err != nil {
			s.Close()
		}
	}()
	// Always the embedded store, whatever TABLE_NAME says (it is set for the DynamoDB
	// tests, and in AWS): a throwaway simulation must not write to a real table.
	bt, err := bolt.Open(dir, table.Shortlist(), bolt.Options{})
	if err != nil {
		return nil, err
	}
	s.closeTable = bt.Close
	// The server's request logs would bury the report; errors reach us as HTTP statuses.
	// No report store: PDFs are not what this run measures.
	stack, err := app.Build(getenv, slog.New(slog.DiscardHandler), bt, nil)
	if err != nil {
		return nil, err
	}
	deps, repo, scorer := stack.Deps, stack.Repo, stack.Scorer
	deps.Journey.Completed = func(ctx context.Context, ss assess.Session) {
		if _, err := scorer.Score(ctx, ss.ID); err != nil {
			s.mu.Lock()
			s.scoringErr = append(s.scoringErr, fmt.Errorf("scoring session %s: %w", ss.ID, err))
			s.mu.Unlock()
		}
	}

	now := time.Now()
	org, err := assess.NewOrganisation("Simulation", now)
	if err != nil {
		return nil, err
	}
	k, secret, err := assess.NewAPIKey(org.ID, "simulate", "", now)
	if err != nil {
		return nil, err
	}
	if err := repo.CreateOrganisation(ctx, org); err != nil {
		return nil, err
	}
	if err := repo.CreateAPIKey(ctx, k); err != nil {
		return nil, err
	}
	s.Key = secret

	// Every simulated candidate comes from this one address as fast as it can: the
	// application's request limits would turn the run into a test of them.
	deps.Limits.Off = true
	h, err := api.NewHandler(deps, "")
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/v1/", h)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s.URL = "http://" + ln.Addr().String()
	s.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.srv.Serve(ln) }() // Serve returns ErrServerClosed on Close
	return s, nil
}

// ScoringErr reports the scoring failures seen so far, joined.
func (s *localServer) ScoringErr() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return errors.Join(s.scoringErr...)
}

// Close stops the server and removes the store.
func (s *localServer) Close() {
	if s.srv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_ = s.srv.Shutdown(ctx)
		cancel()
	}
	if s.closeTable != nil {
		_ = s.closeTable()
	}
	_ = os.RemoveAll(s.dir)
}
