package app

import (
	"context"

	"github.com/aws/aws-lambda-go/lambda"

	"shortlist/shared/api"
)

// ServeHTTP serves API Gateway events with the routes of function fn until the runtime
// stops the process. Everything in deps is built once, before (the cold start).
func ServeHTTP(ctx context.Context, fn string, deps api.Deps) error {
	h, err := api.NewHandler(deps, fn)
	if err != nil {
		return err
	}
	lambda.StartWithOptions(api.LambdaHandler(h), lambda.WithContext(ctx))
	return nil
}
