// Package dynamostack builds a Lambda function's stack on the DynamoDB table the settings
// name (TABLE_NAME). The functions without reports (answers, auth, scoring) use it alone;
// package awsstack adds the reports bucket for the others, so that these do not link the
// S3 client.
package dynamostack

import (
	"context"
	"log/slog"

	"shortlist/shared/api"
	"shortlist/shared/app"
	"shortlist/shared/app/settings"
	"shortlist/shared/blob"
	"shortlist/shared/store/dynamo"
)

// MainHTTP is the whole main of an HTTP function on the table alone (answers): app.Main,
// then the function's routes served with app.ServeHTTP.
func MainHTTP(fn api.Function) {
	app.Main(fn.Name, func(ctx context.Context, cfg settings.Config, log *slog.Logger) error {
		st, err := New(ctx, cfg, log, nil)
		if err != nil {
			return err
		}
		return app.ServeHTTP(ctx, fn, cfg, st.Deps)
	})
}

// New opens the table and builds the stack on it, with blobs as the report store (nil:
// none).
func New(ctx context.Context, cfg settings.Config, log *slog.Logger, blobs blob.Store) (app.Stack, error) {
	t, err := dynamo.FromEnv(ctx, cfg.Lookup)
	if err != nil {
		return app.Stack{}, err
	}
	return app.New(cfg, log, t, blobs)
}
