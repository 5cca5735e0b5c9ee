// Package awsstack builds the stack of a Lambda function that hands out or stores reports
// (hr, sessions, reports) on the AWS adapters, from the settings: the DynamoDB table
// (TABLE_NAME, through package dynamostack) and the reports bucket (REPORTS_BUCKET). The
// functions without reports use dynamostack alone, so that they do not link the S3
// client.
package awsstack

import (
	"context"
	"log/slog"

	"shortlist/shared/api"
	"shortlist/shared/app"
	"shortlist/shared/app/dynamostack"
	"shortlist/shared/app/settings"
	"shortlist/shared/blob/s3store"
)

// MainHTTP is the whole main of an HTTP function on this stack: app.Main, then the
// function's routes served with app.ServeHTTP.
func MainHTTP(fn api.Function) {
	app.Main(fn.Name, func(ctx context.Context, cfg settings.Config, log *slog.Logger) error {
		st, err := WithReports(ctx, cfg, log)
		if err != nil {
			return err
		}
		return app.ServeHTTP(ctx, fn, cfg, st.Deps)
	})
}

// WithReports builds the stack on the DynamoDB table and the reports bucket.
func WithReports(ctx context.Context, cfg settings.Config, log *slog.Logger) (app.Stack, error) {
	blobs, err := s3store.FromEnv(ctx, cfg.Lookup)
	if err != nil {
		return app.Stack{}, err
	}
	return dynamostack.New(ctx, cfg, log, blobs)
}
