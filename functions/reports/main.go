// Command reports is the Lambda function that renders each scored candidate's report and
// feedback into the reports bucket, from new results on the table's stream, and on a
// schedule sweeps up results whose rendering the stream gave up on (see
// shared/app/reporting.Handler). Cohort reports are rendered here too, when the hr
// function records a request for one.
package main

import (
	"context"
	"log/slog"

	"github.com/aws/aws-lambda-go/lambda"

	"shortlist/shared/app"
	"shortlist/shared/app/awsstack"
	"shortlist/shared/app/reporting"
)

func main() { app.Main("reports", run) }

func run(ctx context.Context, getenv app.Getenv, log *slog.Logger) error {
	st, err := awsstack.WithReports(ctx, getenv, log)
	if err != nil {
		return err
	}
	rp := reporting.Attach(&st)
	lambda.StartWithOptions(reporting.Handler(rp, log), lambda.WithContext(ctx))
	return nil
}
