// Command hr is the Lambda function behind the HR routes: assessments, invites, progress,
// results, report links, decisions, erasure, audit and fairness (see shared/api.Routes).
// Cohort reports are requested here and rendered by the reports function, so this binary
// does not link the PDF library.
package main

import (
	"context"
	"log/slog"

	"shortlist/shared/api"
	"shortlist/shared/app"
	"shortlist/shared/blob/s3store"
	"shortlist/shared/store/dynamo"
)

func main() { app.Main(api.FnHR, run) }

func run(ctx context.Context, getenv app.Getenv, log *slog.Logger) error {
	blobs, err := s3store.FromEnv(ctx, getenv)
	if err != nil {
		return err
	}
	t, err := dynamo.FromEnv(ctx, getenv)
	if err != nil {
		return err
	}
	st, err := app.Build(getenv, log, t, blobs)
	if err != nil {
		return err
	}
	return app.ServeHTTP(ctx, api.FnHR, st.Deps)
}
