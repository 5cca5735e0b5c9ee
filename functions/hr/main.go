// Command hr is the Lambda function behind the HR routes: assessments, invites, progress,
// results, cohort reports and report links (see shared/api.Routes).
package main

import (
	"context"
	"fmt"
	"os"

	"shortlist/shared/api"
	"shortlist/shared/app"
	"shortlist/shared/app/reporting"
	"shortlist/shared/blob/s3store"
	"shortlist/shared/store/dynamo"
)

func main() {
	if err := run(context.Background(), os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "hr:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, getenv app.Getenv) error {
	log := app.Logger(os.Stdout, getenv).With("function", api.FnHR)
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
	reporting.Attach(&st) // cohort reports render in the request
	return app.ServeHTTP(ctx, api.FnHR, st.Deps)
}
