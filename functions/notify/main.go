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
	"fmt"
	"log/slog"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/scheduler"

	"shortlist/shared/api"
	"shortlist/shared/app"
	"shortlist/shared/app/mailing"
	"shortlist/shared/app/notifying"
	"shortlist/shared/assess"
	"shortlist/shared/awsenv"
	"shortlist/shared/store"
	"shortlist/shared/store/dynamo"
)

func main() { app.Main("notify", run) }

func run(ctx context.Context, getenv app.Getenv, log *slog.Logger) error {
	t, err := dynamo.FromEnv(ctx, getenv)
	if err != nil {
		return err
	}
	repo := store.New(t)
	outreach, hooks := app.Messaging(getenv, repo)
	for _, name := range []string{api.EnvScheduleGroup, api.EnvScheduleRole} {
		if getenv(name) == "" {
			return fmt.Errorf("%s is not set: the notify function sets its timers with it", name)
		}
	}
	cfg, err := awsenv.Config(getenv, false, 0, 0)
	if err != nil {
		return err
	}
	var mailer assess.Mailer
	if fn := getenv(api.EnvMailFunction); fn != "" {
		mailer = &mailing.Invoker{Function: fn, Region: cfg.Region, Credentials: cfg.Credentials}
	}
	timers := &notifying.SchedulerTimers{Client: scheduler.NewFromConfig(cfg), Group: getenv(api.EnvScheduleGroup), Role: getenv(api.EnvScheduleRole)}
	w := notifying.New(repo, outreach, hooks, mailer, timers, app.WebhookKit{}, log)
	lambda.StartWithOptions(notifying.Handler(w, timers.SetTarget), lambda.WithContext(ctx))
	return nil
}
