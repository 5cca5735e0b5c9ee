// Command sessions is the Lambda function behind session start, resume, sections,
// completion and the candidate's feedback link (see shared/api.Routes).
package main

import (
	"context"
	"log/slog"

	"shortlist/shared/api"
	"shortlist/shared/app"
	"shortlist/shared/blob/s3store"
	"shortlist/shared/store/dynamo"
)

func main() { app.Main(api.FnSessions, run) }

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
	return app.ServeHTTP(ctx, api.FnSessions, st.Deps)
}
