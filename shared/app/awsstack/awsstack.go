// Package awsstack builds the stack of a Lambda function that hands out or stores reports
// (hr, sessions, reports) on the AWS adapters, from the environment: the DynamoDB table
// (TABLE_NAME) and the reports bucket (REPORTS_BUCKET). The functions without reports
// (answers, scoring) open the table with dynamo.FromEnv themselves, so that they do not
// link the S3 client.
package awsstack

import (
	"context"
	"log/slog"

	"shortlist/shared/app"
	"shortlist/shared/blob/s3store"
	"shortlist/shared/store/dynamo"
)

// WithReports builds the stack on the DynamoDB table and the reports bucket.
func WithReports(ctx context.Context, getenv app.Getenv, log *slog.Logger) (app.Stack, error) {
	blobs, err := s3store.FromEnv(ctx, getenv)
	if err != nil {
		return app.Stack{}, err
	}
	t, err := dynamo.FromEnv(ctx, getenv)
	if err != nil {
		return app.Stack{}, err
	}
	return app.Build(getenv, log, t, blobs)
}
