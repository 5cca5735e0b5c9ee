// Command reports is the Lambda function that keeps the reports bucket in step with the
// table, from the table's stream (see shared/app/reporting.Handler): each stream batch's
// new results go into their assessments' cohort snapshots, then each scored candidate's
// report and feedback are rendered into the bucket; a cohort report request recorded by
// the hr function is rendered here; a removed report record (the end of the candidate's
// retention, or an erasure) has its files deleted. On a schedule it sweeps up results
// whose rendering the stream gave up on.
package main

import (
	"context"
	"log/slog"

	"github.com/aws/aws-lambda-go/lambda"

	"shortlist/shared/app"
	"shortlist/shared/app/awsstack"
	"shortlist/shared/app/reporting"
	"shortlist/shared/app/settings"
)

func main() { app.Main("reports", run) }

func run(ctx context.Context, cfg settings.Config, log *slog.Logger) error {
	st, err := awsstack.WithReports(ctx, cfg, log)
	if err != nil {
		return err
	}
	rp := reporting.Attach(&st)
	lambda.StartWithOptions(reporting.Handler(rp, log), lambda.WithContext(ctx))
	return nil
}
