// Command reports is the Lambda function that renders each scored candidate's report and
// feedback into the reports bucket, from new results on the table's stream (see
// shared/app/reporting.Handler). Cohort reports are rendered on request by the hr function.
package main

import (
	"context"
	"log/slog"

	"github.com/aws/aws-lambda-go/lambda"

	"shortlist/shared/app"
	"shortlist/shared/app/reporting"
	"shortlist/shared/blob/s3store"
	"shortlist/shared/store/dynamo"
)

func main() { app.Main("reports", run) }

func run(ctx context.Context, getenv app.Getenv, log *slog.Logger) error {
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
	rp := reporting.Attach(&st)
	lambda.StartWithOptions(reporting.Handler(rp, log), lambda.WithContext(ctx))
	return nil
}
