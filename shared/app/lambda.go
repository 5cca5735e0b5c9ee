package app

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"shortlist/shared/api"
)

// RunHTTP is the whole of an HTTP function's main: build everything once (the cold
// start), then serve API Gateway events with the routes of function fn until the runtime
// stops the process.
func RunHTTP(ctx context.Context, fn string, getenv Getenv) error {
	log := Logger(os.Stdout, getenv).With("function", fn)
	t, _, err := OpenTable(ctx, getenv, "")
	if err != nil {
		return err
	}
	blobs, _, err := OpenBlobs(ctx, getenv, "", "")
	if err != nil {
		return err
	}
	st, err := Build(getenv, log, t, blobs)
	if err != nil {
		return err
	}
	h, err := api.NewHandler(st.Deps, fn)
	if err != nil {
		return err
	}
	lambda.StartWithOptions(api.LambdaHandler(h), lambda.WithContext(ctx))
	return nil
}
