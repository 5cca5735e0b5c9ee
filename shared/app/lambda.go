package app

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"shortlist/shared/api"
	"shortlist/shared/app/settings"
)

// ServeHTTP serves API Gateway events with the routes of function fn until the runtime
// stops the process. Everything in deps is built once, before (the cold start). Every HTTP
// function checks the origin secret here (cfg.OriginSecret; empty: no check), so none of
// them answers a request that did not come through CloudFront.
func ServeHTTP(ctx context.Context, fn api.Function, cfg settings.Config, deps api.Deps) error {
	deps.OriginSecret = cfg.OriginSecret
	h, err := api.NewFunctionHandler(deps, fn)
	if err != nil {
		return err
	}
	lambda.StartWithOptions(api.LambdaHandler(h), lambda.WithContext(ctx))
	return nil
}

// Main is a function's whole main: it parses the settings from the process's environment
// once, checks those the function needs (settings.Config.Check), and runs run with them
// and a JSON logger tagged with the function's name. It exits non-zero with the error
// (naming the missing or bad variable) if any of that fails.
func Main(name string, run func(ctx context.Context, cfg settings.Config, log *slog.Logger) error) {
	cfg, err := settings.ConfigFromEnv(os.Getenv)
	if err == nil {
		err = cfg.Check(name)
	}
	if err == nil {
		err = run(context.Background(), cfg, Logger(os.Stdout, cfg.LogLevel).With("function", name))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, name+":", err)
		os.Exit(1)
	}
}
