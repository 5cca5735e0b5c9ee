// Command answers is the Lambda function behind answer submission (autosave), the
// hottest route (see shared/api.Routes).
package main

import (
	"context"
	"fmt"
	"os"

	"shortlist/shared/api"
	"shortlist/shared/app"
	"shortlist/shared/store/dynamo"
)

func main() {
	if err := run(context.Background(), os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "answers:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, getenv app.Getenv) error {
	log := app.Logger(os.Stdout, getenv).With("function", api.FnAnswers)
	t, err := dynamo.FromEnv(ctx, getenv)
	if err != nil {
		return err
	}
	st, err := app.Build(getenv, log, t, nil)
	if err != nil {
		return err
	}
	return app.ServeHTTP(ctx, api.FnAnswers, st.Deps)
}
