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
	"shortlist/shared/app/awsstack"
)

func main() { app.Main(api.FnHR, run) }

func run(ctx context.Context, getenv app.Getenv, log *slog.Logger) error {
	st, err := awsstack.WithReports(ctx, getenv, log)
	if err != nil {
		return err
	}
	return app.ServeHTTP(ctx, api.FnHR, getenv, st.Deps)
}
