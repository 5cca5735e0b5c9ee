// Package app assembles Shortlist's dependencies from the environment, once per process:
// the same code builds a Lambda function's handlers at cold start and the dev server's.
// Configuration comes only from environment variables; a missing or bad one is an error
// that names it.
package app

import (
	"fmt"
	"io"
	"log/slog"

	"shortlist/content"
	"shortlist/shared/api"
	"shortlist/shared/catalog"
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

// Deps loads the embedded catalog and builds the handlers' dependencies.
func Deps(getenv Getenv, log *slog.Logger) (api.Deps, error) {
	cat, err := catalog.Load(content.Catalog())
	if err != nil {
		return api.Deps{}, fmt.Errorf("loading the embedded catalog: %w", err)
	}
	return api.Deps{Catalog: cat, Logger: log}, nil
}
