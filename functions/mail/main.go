// Command mail is the Lambda function that renders and sends one email (see
// shared/app/mailing): the notify function composes it from the table and invokes this
// one, which holds the templates (shared/notify) and the SES client and reads no table.
// It is deployed only with an email domain (EMAIL_FROM, EMAIL_CONFIGURATION_SET).
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"shortlist/shared/api"
	"shortlist/shared/app/mailing"
	"shortlist/shared/awsenv"
	"shortlist/shared/notify"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil)).With("function", "mail")
	if err := run(context.Background(), os.Getenv, log); err != nil {
		fmt.Fprintln(os.Stderr, "mail:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, getenv func(string) string, log *slog.Logger) error {
	cfg, err := awsenv.Config(getenv, false, 0, 0)
	if err != nil {
		return err
	}
	sender, err := notify.NewSESSender(sesv2.NewFromConfig(cfg), getenv(api.EnvEmailFrom), getenv(api.EnvEmailConfigSet))
	if err != nil {
		return fmt.Errorf("%s, %s: %w", api.EnvEmailFrom, api.EnvEmailConfigSet, err)
	}
	lambda.StartWithOptions(mailing.Handler(mailing.Mailer{Sender: sender}, log), lambda.WithContext(ctx))
	return nil
}
