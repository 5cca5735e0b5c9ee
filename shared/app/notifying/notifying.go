// Package notifying is the notify worker: it sends the outbox's email and the webhook
// deliveries, and turns what happens (a completion, a result, a report, a decision) into
// notices and webhook events. The same Worker runs in the notify Lambda function (fed by
// the table's stream, by EventBridge Scheduler timers and by SES bounce notifications
// through SNS) and in the dev server (fed by the embedded store's stream and a local
// timer). It is apart from shared/app so that only those link shared/notify.
package notifying

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"shortlist/shared/app"
	"shortlist/shared/assess"
	"shortlist/shared/notify"
	"shortlist/shared/store"
)

// Worker does what the stream, the timers and the bounce notifications ask.
type Worker struct {
	Repo     *store.Repository
	Outreach *assess.Outreach
	Webhooks *assess.Webhooks
	Log      *slog.Logger
}

// New is the worker over repo, with outreach and webhooks use cases of their own (built
// by app.Messaging): given the mailer (nil: this deployment sends no email), the timers
// and the webhook kit.
func New(repo *store.Repository, outreach *assess.Outreach, hooks *assess.Webhooks, mailer assess.Mailer, timers assess.Timers, kit assess.WebhookKit, log *slog.Logger) *Worker {
	o, h := *outreach, *hooks
	o.Mailer, o.Timers, o.Email = mailer, timers, mailer != nil
	h.Kit, h.Timers = kit, timers
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Worker{Repo: repo, Outreach: &o, Webhooks: &h, Log: log}
}

// Match names what a stream record asks of the worker (store.NotifyRecord).
func Match(r app.StreamRecord) (string, bool) {
	return store.NotifyRecord(r.Event, r.PK, r.SK, r.NewStatus, r.OldStatus)
}

// Handle does what one stream record asks (Match's name for it). Every step is
// idempotent: a retried record sends nothing twice and emits no event twice.
func (w *Worker) Handle(ctx context.Context, what string) error {
	f := strings.Fields(what)
	if len(f) < 2 {
		return fmt.Errorf("notifying: unknown work %q", what)
	}
	switch f[0] {
	case "mail":
		return w.Outreach.Send(ctx, f[1])
	case "completed":
		return w.completed(ctx, f[1])
	case "scored":
		return w.scored(ctx, f[1])
	case "report":
		if len(f) == 4 {
			return w.report(ctx, f[1], f[2], f[3])
		}
	case "decision":
		if len(f) == 3 {
			return w.decision(ctx, f[1], f[2])
		}
	case "delivery":
		if len(f) == 4 {
			return w.Webhooks.Attempt(ctx, f[1], f[2], f[3])
		}
	}
	return fmt.Errorf("notifying: unknown work %q", what)
}

func (w *Worker) completed(ctx context.Context, sid string) error {
	ss, err := w.Repo.Session(ctx, sid)
	if assess.CodeOf(err) == assess.NotFound {
		return nil
	}
	if err != nil {
		return err
	}
	ev := assess.HookEvent{Type: assess.HookCompleted, At: ss.CompletedAt, OrgID: ss.OrgID, AssessmentID: ss.AssessmentID, CandidateID: ss.ID}
	if err := w.Webhooks.Emit(ctx, ev); err != nil {
		return err
	}
	return w.Outreach.Completed(ctx, ss)
}

func (w *Worker) scored(ctx context.Context, sid string) error {
	ss, err := w.Repo.Session(ctx, sid)
	if assess.CodeOf(err) == assess.NotFound {
		return nil
	}
	if err != nil {
		return err
	}
	res, err := w.Repo.Result(ctx, ss.OrgID, sid)
	if assess.CodeOf(err) == assess.NotFound {
		return nil
	}
	if err != nil {
		return err
	}
	return w.Webhooks.Emit(ctx, assess.HookEvent{Type: assess.HookScored, At: res.ScoredAt, OrgID: ss.OrgID,
		AssessmentID: ss.AssessmentID, CandidateID: ss.ID})
}

// report acts on a new report record: a candidate's report and feedback (not a cohort
// report) are report.ready for webhooks and the feedback notice for the candidate.
func (w *Worker) report(ctx context.Context, orgID, assessmentID, id string) error {
	recs, err := w.Repo.ReportGroup(ctx, orgID, assessmentID, id)
	if assess.CodeOf(err) == assess.NotFound {
		return nil
	}
	if err != nil {
		return err
	}
	lead := recs[0]
	if lead.SessionID == "" {
		return nil
	}
	ev := assess.HookEvent{Type: assess.HookReport, At: lead.CreatedAt, OrgID: orgID, AssessmentID: assessmentID,
		CandidateID: lead.SessionID, ReportID: lead.ID}
	if err := w.Webhooks.Emit(ctx, ev); err != nil {
		return err
	}
	return w.Outreach.FeedbackReady(ctx, orgID, lead.SessionID)
}

func (w *Worker) decision(ctx context.Context, cid, at string) error {
	ns, err := strconv.ParseInt(at, 10, 64)
	if err != nil {
		return fmt.Errorf("notifying: decision time %q", at)
	}
	d, err := w.Repo.DecisionAt(ctx, cid, ns)
	if assess.CodeOf(err) == assess.NotFound {
		return nil
	}
	if err != nil {
		return err
	}
	return w.Webhooks.Emit(ctx, assess.HookEvent{Type: assess.HookDecision, At: d.At, OrgID: d.OrgID,
		AssessmentID: d.AssessmentID, CandidateID: cid})
}

// Fire does what a timer was set for.
func (w *Worker) Fire(ctx context.Context, t assess.Timer) error {
	switch t.Kind {
	case assess.TimerReminders:
		n, err := w.Outreach.Remind(ctx, t.OrgID, t.AssessmentID)
		if n > 0 {
			w.Log.InfoContext(ctx, "reminders written", slog.String("assessment", t.AssessmentID), slog.Int("reminders", n))
		}
		return err
	case assess.TimerDigest:
		ns, err := strconv.ParseInt(t.Ref, 10, 64)
		if err != nil {
			return fmt.Errorf("notifying: digest timer %q", t.Ref)
		}
		return w.Outreach.Digest(ctx, t.OrgID, t.AssessmentID, time.Unix(0, ns).UTC())
	case assess.TimerWebhook:
		return w.Webhooks.Attempt(ctx, t.OrgID, t.EndpointID, t.Ref)
	}
	return fmt.Errorf("notifying: unknown timer kind %q", t.Kind)
}

// Bounces reads one SES event (an SNS notification's message) and marks the candidates a
// permanent bounce or complaint is about.
func (w *Worker) Bounces(ctx context.Context, body []byte) error {
	bs, err := notify.ParseSESEvents(body)
	if errors.Is(err, notify.ErrSubscriptionConfirmation) {
		return nil // SNS confirms a Lambda subscription itself
	}
	if err != nil {
		return err
	}
	for _, b := range bs {
		w.Log.InfoContext(ctx, "email bounce", slog.String("kind", b.Kind), slog.Bool("permanent", b.Permanent),
			slog.String("subtype", b.SubType), slog.String("candidate", b.Tags["candidate"]), slog.String("mail", b.Tags["kind"]))
		if err := w.Outreach.Bounced(ctx, assess.Bounce{Email: b.Email, Kind: b.Kind, Permanent: b.Permanent, Tags: b.Tags, At: b.At}); err != nil {
			return err
		}
	}
	return nil
}

// TimerSource marks a timer's event (what SchedulerTimers sends the function).
const TimerSource = "shortlist.timer"

// TimerEvent is the event a timer invokes the function with.
type TimerEvent struct {
	Source string       `json:"source"`
	Timer  assess.Timer `json:"timer"`
}

// Handler is the notify function's Lambda handler. It takes three events:
//   - a DynamoDB stream batch (new mails, completions, results, report records,
//     decisions, webhook deliveries): failed records are reported by sequence number and
//     retried by the stream, then sent to the on-failure queue;
//   - a timer (TimerEvent, from EventBridge Scheduler): an error is retried by the
//     Scheduler's retry policy;
//   - an SNS notification of SES bounces and complaints.
//
// setTarget, if not nil, is told the function's own ARN (timers target it).
func Handler(w *Worker, setTarget func(ctx context.Context)) func(context.Context, json.RawMessage) (any, error) {
	stream := app.StreamHandler(Match, w.Handle, nil, w.Log)
	return func(ctx context.Context, raw json.RawMessage) (any, error) {
		if setTarget != nil {
			setTarget(ctx)
		}
		var probe struct {
			Source  string
			Timer   *assess.Timer
			Records []struct {
				EventSource string
				Sns         *events.SNSEntity
			}
		}
		if err := json.Unmarshal(raw, &probe); err != nil {
			return nil, fmt.Errorf("unreadable event: %w", err)
		}
		switch {
		case probe.Source == TimerSource && probe.Timer != nil:
			err := w.Fire(ctx, *probe.Timer)
			if err != nil {
				w.Log.ErrorContext(ctx, "timer failed", slog.String("timer", probe.Timer.Name()), slog.String("error", err.Error()))
			}
			return nil, err
		case len(probe.Records) > 0 && probe.Records[0].EventSource == "aws:sns":
			for _, r := range probe.Records {
				if r.Sns == nil {
					continue
				}
				if err := w.Bounces(ctx, []byte(r.Sns.Message)); err != nil {
					w.Log.ErrorContext(ctx, "bounce notification failed", slog.String("error", err.Error()))
					return nil, err
				}
			}
			return nil, nil
		}
		return stream(ctx, raw)
	}
}
