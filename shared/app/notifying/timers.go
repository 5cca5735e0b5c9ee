package notifying

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/scheduler"
	"github.com/aws/aws-sdk-go-v2/service/scheduler/types"

	"shortlist/shared/assess"
)

// SchedulerAPI is the part of the EventBridge Scheduler client SchedulerTimers uses.
type SchedulerAPI interface {
	CreateSchedule(ctx context.Context, in *scheduler.CreateScheduleInput, optFns ...func(*scheduler.Options)) (*scheduler.CreateScheduleOutput, error)
}

// SchedulerTimers sets each timer as an EventBridge Scheduler one-time schedule
// (at(…), UTC, no flexible window) in the stack's schedule group, invoking the notify
// function with a TimerEvent and deleting itself once it has run. A schedule costs nothing
// until it runs (14 million runs a month are free), so an idle month bills nothing. A
// timer whose name is already scheduled is the same timer (ConflictException is success).
// Scheduler's precision is a minute: a timer due sooner is set for a minute from now.
type SchedulerTimers struct {
	Client SchedulerAPI
	Group  string // the schedule group (settings.EnvScheduleGroup)
	Role   string // the role the Scheduler invokes the function with (settings.EnvScheduleRole)

	mu     sync.Mutex
	target string // the function's own ARN (SetTarget)
	Now    func() time.Time
}

// SetTarget records the notify function's own ARN from its invocation's context: the
// timers invoke it.
func (s *SchedulerTimers) SetTarget(ctx context.Context) {
	if lc, ok := lambdacontext.FromContext(ctx); ok && lc.InvokedFunctionArn != "" {
		s.mu.Lock()
		s.target = lc.InvokedFunctionArn
		s.mu.Unlock()
	}
}

// Set implements assess.Timers.
func (s *SchedulerTimers) Set(ctx context.Context, t assess.Timer) error {
	s.mu.Lock()
	target := s.target
	s.mu.Unlock()
	if target == "" {
		return errors.New("notifying: the function's ARN is not known yet (SetTarget)")
	}
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	at := t.At.UTC()
	if soon := now().UTC().Add(time.Minute); at.Before(soon) {
		at = soon
	}
	input, err := json.Marshal(TimerEvent{Source: TimerSource, Timer: t})
	if err != nil {
		return err
	}
	_, err = s.Client.CreateSchedule(ctx, &scheduler.CreateScheduleInput{
		Name:                       aws.String(t.Name()),
		GroupName:                  aws.String(s.Group),
		ScheduleExpression:         aws.String("at(" + at.Truncate(time.Second).Add(time.Second).Format("2006-01-02T15:04:05") + ")"),
		ScheduleExpressionTimezone: aws.String("UTC"),
		FlexibleTimeWindow:         &types.FlexibleTimeWindow{Mode: types.FlexibleTimeWindowModeOff},
		ActionAfterCompletion:      types.ActionAfterCompletionDelete,
		Description:                aws.String("Shortlist " + string(t.Kind) + " timer"),
		Target: &types.Target{
			Arn:     aws.String(target),
			RoleArn: aws.String(s.Role),
			Input:   aws.String(string(input)),
			// A failed run (the function erred or was throttled) is retried for a day.
			RetryPolicy: &types.RetryPolicy{MaximumEventAgeInSeconds: aws.Int32(24 * 60 * 60), MaximumRetryAttempts: aws.Int32(185)},
		},
	})
	var conflict *types.ConflictException
	if errors.As(err, &conflict) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("notifying: scheduling %s: %w", t.Name(), err)
	}
	return nil
}

// LocalTimers keeps timers in memory and in a JSON file (so a restart keeps them), for
// the dev server and tests: Due returns the timers whose time has come on the clock.
type LocalTimers struct {
	Path  string // the file; "" keeps them in memory only
	Clock func() time.Time

	mu     sync.Mutex
	timers map[string]assess.Timer
}

// NewLocalTimers loads the timers kept at path ("" for none).
func NewLocalTimers(path string, clock func() time.Time) (*LocalTimers, error) {
	l := &LocalTimers{Path: path, Clock: clock, timers: map[string]assess.Timer{}}
	if path == "" {
		return l, nil
	}
	raw, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return l, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(raw, &l.timers); err != nil {
		return nil, fmt.Errorf("notifying: timers in %s: %w", path, err)
	}
	return l, nil
}

// Set implements assess.Timers.
func (l *LocalTimers) Set(_ context.Context, t assess.Timer) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.timers[t.Name()]; ok {
		return nil
	}
	l.timers[t.Name()] = t
	return l.save()
}

// Due removes and returns the timers due at the clock's now, earliest first.
func (l *LocalTimers) Due() ([]assess.Timer, error) {
	now := time.Now()
	if l.Clock != nil {
		now = l.Clock()
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	var due []assess.Timer
	for name, t := range l.timers {
		if !t.At.After(now) {
			due = append(due, t)
			delete(l.timers, name)
		}
	}
	slices.SortFunc(due, func(a, b assess.Timer) int { return a.At.Compare(b.At) })
	if len(due) == 0 {
		return nil, nil
	}
	return due, l.save()
}

// Pending lists the timers not yet due, earliest first.
func (l *LocalTimers) Pending() []assess.Timer {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]assess.Timer, 0, len(l.timers))
	for _, t := range l.timers {
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b assess.Timer) int { return a.At.Compare(b.At) })
	return out
}

func (l *LocalTimers) save() error {
	if l.Path == "" {
		return nil
	}
	raw, err := json.Marshal(l.timers)
	if err != nil {
		return err
	}
	tmp := l.Path + ".tmp"
	if err := os.WriteFile(tmp, raw, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Clean(l.Path))
}
