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

	"shortlist/shared/app/mailing"
	"shortlist/shared/app/settings"
	"shortlist/shared/awsenv"
	"shortlist/shared/notify"
)

// main does what shared/app.Main does for the other functions (parse the settings once,
// check those this function needs, log JSON at their level) without linking package app.
func main() {
	cfg, err := settings.ConfigFromEnv(os.Getenv)
	if err == nil {
		err = cfg.Check("mail")
	}
	if err == nil {
		log := slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: cfg.LogLevel})).With("function", "mail")
		err = run(context.Background(), cfg, log)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "mail:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, cfg settings.Config, log *slog.Logger) error {
	awsCfg, err := awsenv.Config(cfg.AWS.Lookup, false, 0, 0)
	if err != nil {
		return err
	}
	sender, err := notify.NewSESSender(sesv2.NewFromConfig(awsCfg), cfg.EmailFrom, cfg.EmailConfigSet)
	if err != nil {
		return fmt.Errorf("%s, %s: %w", settings.EnvEmailFrom, settings.EnvEmailConfigSet, err)
	}
	lambda.StartWithOptions(mailing.Handler(mailing.Mailer{Sender: sender}, log), lambda.WithContext(ctx))
	return nil
}
