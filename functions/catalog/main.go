// Command catalog is the Lambda function behind the catalog routes
// (GET /v1/catalog/...; see shared/api.Routes).
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"shortlist/shared/api"
	"shortlist/shared/app"
)

func main() {
	if err := run(context.Background(), os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "catalog:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, getenv app.Getenv) error {
	log := app.Logger(os.Stdout, getenv)
	deps, err := app.Deps(getenv, log)
	if err != nil {
		return err
	}
	h, err := api.NewHandler(deps, api.FnCatalog)
	if err != nil {
		return err
	}
	lambda.StartWithOptions(api.LambdaHandler(h), lambda.WithContext(ctx))
	return nil
}
