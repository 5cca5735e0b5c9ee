package notifying_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/scheduler"
	"github.com/aws/aws-sdk-go-v2/service/scheduler/types"

	"shortlist/shared/app/notifying"
	"shortlist/shared/assess"
	"shortlist/shared/store"
)

// TestHandler: the notify function's one handler takes the three events it is sent: a
// stream batch (a new mail is sent once, even if the record comes twice), a timer, and
// an SNS notification of an SES bounce.
func TestHandler(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOptions{email: true})
	ctx := context.Background()
	aid := w.assessment(map[string]any{})
	var inv struct {
		Invited []struct{ CandidateID string }
	}
	w.must(201, &inv, "POST", "/v1/assessments/"+aid+"/invites", map[string]any{"send": "email",
		"candidates": []map[string]any{{"name": "Ana", "email": "ana@example.com"}}})
	cid := inv.Invited[0].CandidateID
	mails, err := w.repo.Mails(ctx, w.orgID, cid)
	if err != nil || len(mails) != 1 {
		t.Fatalf("mails %v %v", mails, err)
	}
	ref, _ := store.MailRef(mails[0])
	pk, sk, _ := strings.Cut(ref, "|")
	record := map[string]any{"eventName": "INSERT", "eventSource": "aws:dynamodb", "dynamodb": map[string]any{
		"Keys": map[string]any{"pk": map[string]string{"S": pk}, "sk": map[string]string{"S": sk}}, "SequenceNumber": "1"}}
	raw, _ := json.Marshal(map[string]any{"Records": []any{record, record}})
	h := notifying.Handler(w.worker, nil)
	out, err := h(ctx, raw)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(out); !strings.Contains(string(b), `"batchItemFailures":[]`) {
		t.Errorf("stream answer %s", b)
	}
	if n := len(w.sent.to("ana@example.com", "invitation")); n != 1 {
		t.Errorf("%d invitations from a record delivered twice", n)
	}

	// A timer event: the reminders of the assessment, due once the clock has moved.
	w.clk.Advance(12 * 24 * time.Hour)
	timer, _ := json.Marshal(notifying.TimerEvent{Source: notifying.TimerSource,
		Timer: assess.Timer{Kind: assess.TimerReminders, At: w.clk.Now(), OrgID: w.orgID, AssessmentID: aid}})
	if _, err := h(ctx, timer); err != nil {
		t.Fatal(err)
	}
	got, _ := w.repo.Mails(ctx, w.orgID, cid)
	if len(got) != 2 || got[1].Kind != assess.MailReminder || got[1].Step != 3 {
		t.Errorf("after the timer: %+v", got)
	}

	// An SNS notification of a complaint.
	tags := w.sent.to("ana@example.com", "invitation")[0].Tags
	inner := sesEvent("Complaint", "ana@example.com", tags, `"complaint":{"complaintFeedbackType":"abuse","timestamp":"2027-03-02T10:00:00Z","complainedRecipients":[{"emailAddress":"ana@example.com"}]}`)
	var env map[string]string
	_ = json.Unmarshal(inner, &env)
	sns, _ := json.Marshal(map[string]any{"Records": []any{map[string]any{"EventSource": "aws:sns",
		"Sns": map[string]any{"Type": "Notification", "Message": env["Message"]}}}})
	if _, err := h(ctx, sns); err != nil {
		t.Fatal(err)
	}
	c, err := w.repo.Candidate(ctx, w.orgID, cid)
	if err != nil || c.EmailStatus != assess.EmailComplained {
		t.Errorf("after a complaint: %+v %v", c, err)
	}
	if _, err := h(ctx, json.RawMessage(`{"source":"aws.events"}`)); err == nil {
		t.Error("a scheduled event was taken: the notify function has no sweep")
	}
}

type fakeScheduler struct {
	in  []*scheduler.CreateScheduleInput
	err error
}

func (f *fakeScheduler) CreateSchedule(_ context.Context, in *scheduler.CreateScheduleInput, _ ...func(*scheduler.Options)) (*scheduler.CreateScheduleOutput, error) {
	f.in = append(f.in, in)
	return &scheduler.CreateScheduleOutput{}, f.err
}

// TestSchedulerTimers: a timer is a one-time schedule in the stack's group, at its time
// (UTC, a minute from now at the soonest), invoking the function that set it with a
// TimerEvent and deleting itself; a name already scheduled is the same timer.
func TestSchedulerTimers(t *testing.T) {
	t.Parallel()
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	fake := &fakeScheduler{}
	s := &notifying.SchedulerTimers{Client: fake, Group: "Shortlist-timers", Role: "arn:aws:iam::123456789012:role/timers", Now: func() time.Time { return now }}
	tm := assess.Timer{Kind: assess.TimerReminders, At: now.Add(72 * time.Hour), OrgID: "org", AssessmentID: "asmt"}
	if err := s.Set(context.Background(), tm); err == nil {
		t.Error("set before the function knew its own ARN")
	}
	ctx := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{InvokedFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:notify"})
	s.SetTarget(ctx)
	if err := s.Set(ctx, tm); err != nil {
		t.Fatal(err)
	}
	in := fake.in[len(fake.in)-1]
	if aws.ToString(in.Name) != tm.Name() || aws.ToString(in.GroupName) != "Shortlist-timers" ||
		aws.ToString(in.ScheduleExpression) != "at(2027-03-04T09:00:01)" || aws.ToString(in.ScheduleExpressionTimezone) != "UTC" ||
		in.FlexibleTimeWindow.Mode != types.FlexibleTimeWindowModeOff || in.ActionAfterCompletion != types.ActionAfterCompletionDelete ||
		aws.ToString(in.Target.Arn) != "arn:aws:lambda:eu-west-1:123456789012:function:notify" || aws.ToString(in.Target.RoleArn) != s.Role {
		t.Errorf("schedule: %+v", in)
	}
	var ev notifying.TimerEvent
	if err := json.Unmarshal([]byte(aws.ToString(in.Target.Input)), &ev); err != nil || ev.Source != notifying.TimerSource || ev.Timer.Name() != tm.Name() {
		t.Errorf("input %s", aws.ToString(in.Target.Input))
	}
	soon := assess.Timer{Kind: assess.TimerWebhook, At: now.Add(5 * time.Second), OrgID: "org", EndpointID: "ep", Ref: "d"}
	if err := s.Set(ctx, soon); err != nil {
		t.Fatal(err)
	}
	if got := aws.ToString(fake.in[len(fake.in)-1].ScheduleExpression); got != "at(2027-03-01T09:01:01)" {
		t.Errorf("a timer due in 5 s: %s, want a minute from now", got)
	}
	fake.err = &types.ConflictException{Message: aws.String("exists")}
	if err := s.Set(ctx, tm); err != nil {
		t.Errorf("an existing schedule: %v", err)
	}
	fake.err = errors.New("throttled")
	if err := s.Set(ctx, tm); err == nil {
		t.Error("a failure was swallowed")
	}
	if n := len(tm.Name()); n > 64 {
		t.Errorf("name %q is %d characters", tm.Name(), n)
	}
}
