// Command answers is the Lambda function behind answer submission (autosave), the
// hottest route (see shared/api.Routes).
package main

import (
	"context"
	"log/slog"

	"shortlist/shared/api"
	"shortlist/shared/app"
	"shortlist/shared/store/dynamo"
)

func main() { app.Main(api.FnAnswers, run) }

func run(ctx context.Context, getenv app.Getenv, log *slog.Logger) error {
	t, err := dynamo.FromEnv(ctx, getenv)
	if err != nil {
		return err
	}
	st, err := app.Build(getenv, log, t, nil)
	if err != nil {
		return err
	}
	return app.ServeHTTP(ctx, api.FnAnswers, getenv, st.Deps)
}
