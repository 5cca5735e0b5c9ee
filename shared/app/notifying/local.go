package notifying

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"shortlist/shared/app"
)

// Local runs the worker in process, as the dev server and tests do: the embedded store's
// stream (local.StreamTable) queues records with Record, and due local timers are fired.
// A failed piece of work is tried again (MaxTries in all, as the stream retries in AWS),
// then logged as given up.
type Local struct {
	Worker   *Worker
	Timers   *LocalTimers
	MaxTries int // default 5

	mu    sync.Mutex
	queue []work
	ready chan struct{}
}

type work struct {
	what  string
	tries int
}

// NewLocal is a local runner of w with timers.
func NewLocal(w *Worker, timers *LocalTimers) *Local {
	return &Local{Worker: w, Timers: timers, ready: make(chan struct{}, 1)}
}

// Record queues what a stream record asks, if anything (a local.StreamTable subscriber).
func (l *Local) Record(r app.StreamRecord) {
	what, ok := Match(r)
	if !ok {
		return
	}
	l.mu.Lock()
	l.queue = append(l.queue, work{what: what})
	l.mu.Unlock()
	select {
	case l.ready <- struct{}{}:
	default:
	}
}

func (l *Local) take() []work {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.queue
	l.queue = nil
	return out
}

func (l *Local) requeue(w work) {
	l.mu.Lock()
	l.queue = append(l.queue, w)
	l.mu.Unlock()
}

// Drain does every queued piece of work and every due timer, and what they queue in
// turn, until nothing is left; it returns the work that failed MaxTries times.
func (l *Local) Drain(ctx context.Context) error {
	max := l.MaxTries
	if max <= 0 {
		max = 5
	}
	var failed []error
	for {
		batch := l.take()
		var due []timerWork
		if l.Timers != nil {
			ts, err := l.Timers.Due()
			if err != nil {
				return err
			}
			for _, t := range ts {
				due = append(due, timerWork{t.Name(), func() error { return l.Worker.Fire(ctx, t) }})
			}
		}
		if len(batch) == 0 && len(due) == 0 {
			return errors.Join(failed...)
		}
		for _, w := range batch {
			if err := l.Worker.Handle(ctx, w.what); err != nil {
				w.tries++
				if w.tries < max && ctx.Err() == nil {
					l.requeue(w)
					continue
				}
				l.Worker.Log.ErrorContext(ctx, "notify: gave up", slog.String("work", w.what), slog.String("error", err.Error()))
				failed = append(failed, fmt.Errorf("%s: %w", w.what, err))
			}
		}
		for _, t := range due {
			if err := t.fire(); err != nil {
				l.Worker.Log.ErrorContext(ctx, "notify: timer failed", slog.String("timer", t.name), slog.String("error", err.Error()))
				failed = append(failed, fmt.Errorf("timer %s: %w", t.name, err))
			}
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
}

type timerWork struct {
	name string
	fire func() error
}

// Run drains the queue as records arrive and checks the timers every tick, until ctx is
// done.
func (l *Local) Run(ctx context.Context, tick time.Duration) {
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-l.ready:
		case <-t.C:
		}
		if err := l.Drain(ctx); err != nil && ctx.Err() == nil {
			l.Worker.Log.Warn("notify work failed", slog.String("error", err.Error()))
		}
	}
}
