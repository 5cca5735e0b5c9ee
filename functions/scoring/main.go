// Command scoring is the Lambda function that scores completed sessions: from the table's
// stream (each completion writes a pending-scoring marker) and from a schedule that sweeps
// up anything a trigger missed (see shared/app.ScoringHandler).
package main

import (
	"context"
	"log/slog"

	"github.com/aws/aws-lambda-go/lambda"

	"shortlist/shared/app"
	"shortlist/shared/app/dynamostack"
	"shortlist/shared/app/settings"
)

func main() { app.Main("scoring", run) }

func run(ctx context.Context, cfg settings.Config, log *slog.Logger) error {
	st, err := dynamostack.New(ctx, cfg, log, nil)
	if err != nil {
		return err
	}
	lambda.StartWithOptions(app.ScoringHandler(st.Scorer, log), lambda.WithContext(ctx))
	return nil
}
