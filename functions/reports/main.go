// Command reports is the Lambda function that renders each scored candidate's report and
// feedback into the reports bucket, from new results on the table's stream (see
// shared/app.ReportsHandler). Cohort reports are rendered on request by the hr function.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"shortlist/shared/app"
)

func main() {
	if err := run(context.Background(), os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "reports:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, getenv app.Getenv) error {
	log := app.Logger(os.Stdout, getenv).With("function", "reports")
	t, _, err := app.OpenTable(ctx, getenv, "")
	if err != nil {
		return err
	}
	blobs, _, err := app.OpenBlobs(ctx, getenv, "", "")
	if err != nil {
		return err
	}
	if blobs == nil {
		return errors.New("REPORTS_BUCKET is not set: it names the reports bucket")
	}
	st, err := app.Build(getenv, log, t, blobs)
	if err != nil {
		return err
	}
	lambda.StartWithOptions(app.ReportsHandler(st.Reporter, log), lambda.WithContext(ctx))
	return nil
}
