// Command sessions is the Lambda function behind session start, resume, sections,
// completion and the candidate's feedback link (see shared/api.Routes).
package main

import (
	"context"
	"log/slog"

	"shortlist/shared/api"
	"shortlist/shared/app"
	"shortlist/shared/app/awsstack"
)

func main() { app.Main(api.FnSessions, run) }

func run(ctx context.Context, getenv app.Getenv, log *slog.Logger) error {
	st, err := awsstack.WithReports(ctx, getenv, log)
	if err != nil {
		return err
	}
	return app.ServeHTTP(ctx, api.FnSessions, getenv, st.Deps)
}
