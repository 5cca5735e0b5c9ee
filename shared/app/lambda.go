package app

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"shortlist/shared/api"
)

// ServeHTTP serves API Gateway events with the routes of function fn until the runtime
// stops the process. Everything in deps is built once, before (the cold start). Every HTTP
// function reads the origin secret here (api.EnvOriginSecret; empty: no check), so none of
// them answers a request that did not come through CloudFront.
func ServeHTTP(ctx context.Context, fn string, getenv Getenv, deps api.Deps) error {
	deps.OriginSecret = getenv(api.EnvOriginSecret)
	h, err := api.NewHandler(deps, fn)
	if err != nil {
		return err
	}
	lambda.StartWithOptions(api.LambdaHandler(h), lambda.WithContext(ctx))
	return nil
}

// Main is a function's whole main: it runs run with the process's environment and a JSON
// logger tagged with the function's name, and exits non-zero with the error (naming any
// missing setting) if run fails to start.
func Main(name string, run func(ctx context.Context, getenv Getenv, log *slog.Logger) error) {
	log := Logger(os.Stdout, os.Getenv).With("function", name)
	if err := run(context.Background(), os.Getenv, log); err != nil {
		fmt.Fprintln(os.Stderr, name+":", err)
		os.Exit(1)
	}
}
