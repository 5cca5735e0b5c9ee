// Command notify is the Lambda function that sends Shortlist's email and webhooks (see
// shared/app/notifying): from the table's stream (new outbox mails, completions, results,
// report records, decisions, webhook deliveries), from its own EventBridge Scheduler
// timers (reminders, completion digests, webhook retries) and from SES bounce and
// complaint notifications through SNS. Emails are composed here and rendered and sent by
// the mail function, which it invokes; it links the Scheduler client, not SES's. Without
// MAIL_FUNCTION (a stack without an email domain) it sends no email and still delivers
// webhooks.
package main

import (
	"context"
	"log/slog"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/scheduler"

	"shortlist/shared/app"
	"shortlist/shared/app/mailing"
	"shortlist/shared/app/notifying"
	"shortlist/shared/app/settings"
	"shortlist/shared/assess"
	"shortlist/shared/awsenv"
	"shortlist/shared/store"
	"shortlist/shared/store/dynamo"
)

func main() { app.Main("notify", run) }

// run starts the function; app.Main has checked that cfg names the table and the timers'
// group and role.
func run(ctx context.Context, cfg settings.Config, log *slog.Logger) error {
	t, err := dynamo.FromEnv(ctx, cfg.Lookup)
	if err != nil {
		return err
	}
	repo := store.New(t)
	outreach, hooks := app.Messaging(cfg, repo)
	awsCfg, err := awsenv.Config(cfg.AWS.Lookup, false, 0, 0)
	if err != nil {
		return err
	}
	var mailer assess.Mailer
	if cfg.MailFunction != "" {
		mailer = &mailing.Invoker{Function: cfg.MailFunction, Region: awsCfg.Region, Credentials: awsCfg.Credentials}
	}
	timers := &notifying.SchedulerTimers{Client: scheduler.NewFromConfig(awsCfg), Group: cfg.ScheduleGroup, Role: cfg.ScheduleRole}
	w := notifying.New(repo, outreach, hooks, mailer, timers, app.WebhookKit{}, log)
	lambda.StartWithOptions(notifying.Handler(w, timers.SetTarget), lambda.WithContext(ctx))
	return nil
}
