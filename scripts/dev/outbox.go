package main

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"path/filepath"
	"strconv"
	"time"

	"shortlist/shared/app"
	"shortlist/shared/app/local"
	"shortlist/shared/app/mailing"
	"shortlist/shared/app/notifying"
	"shortlist/shared/notify"
)

// devNotify starts the notify worker in process: the store's stream (t) queues its work,
// its timers (reminders, digests, webhook retries) are kept in <data>/timers.json and
// fired on the real clock, and every email is kept in <data>/outbox (also sent to
// smtpAddr when set: SHORTLIST_SMTP_ADDR). done closes once the worker has stopped with ctx.
func devNotify(ctx context.Context, smtpAddr string, data, base string, stack app.Stack, t *local.StreamTable, log *slog.Logger, done chan<- struct{}) (*notify.Outbox, *notifying.Worker, error) {
	outbox, err := notify.NewOutbox(filepath.Join(data, "outbox"))
	if err != nil {
		return nil, nil, err
	}
	var sender notify.Sender = outbox
	if smtpAddr != "" {
		smtp, err := notify.NewSMTPSender(smtpAddr, "no-reply@shortlist.localhost")
		if err != nil {
			return nil, nil, err
		}
		sender = mailing.Tee{outbox, smtp}
	}
	timers, err := notifying.NewLocalTimers(filepath.Join(data, "timers.json"), nil)
	if err != nil {
		return nil, nil, err
	}
	outreach, hooks := *stack.Deps.Outreach, *stack.Deps.Webhooks
	outreach.PublicURL, hooks.PublicURL = base, base
	worker := notifying.New(stack.Repo, &outreach, &hooks, mailing.Mailer{Sender: sender}, timers, app.WebhookKit{}, log)
	runner := notifying.NewLocal(worker, timers)
	t.Subscribe(runner.Record)
	go func() {
		defer close(done)
		runner.Run(ctx, time.Second)
	}()
	return outbox, worker, nil
}

// OutboxResponse is GET /v1/dev/outbox: the emails Shortlist sent, newest first (each
// with its id, the time it was sent, the recipient, subject, text and HTML bodies, its
// tags — kind, org, assessment, candidate — and its idempotency key).
type OutboxResponse struct {
	Messages []notify.OutboxEntry `json:"messages"`
}

// outboxHandler serves the dev server's outbox (only the dev server mounts it):
//
//	GET  /v1/dev/outbox?limit=N         the newest N emails (default 100, at most 1000)
//	GET  /v1/dev/outbox/{id}            one email
//	POST /v1/dev/outbox/{id}/bounce     the recipient's address bounces for good, as SES
//	                                    would report it: the candidate is marked "bounced"
//
// Errors have the API's shape.
func outboxHandler(outbox *notify.Outbox, worker *notifying.Worker, log *slog.Logger) http.Handler {
	mux := http.NewServeMux()
	fail := func(w http.ResponseWriter, status int, code, msg string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": code, "message": msg}})
	}
	reply := func(w http.ResponseWriter, v any) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		_ = json.NewEncoder(w).Encode(v)
	}
	get := func(w http.ResponseWriter, r *http.Request) (notify.OutboxEntry, bool) {
		e, err := outbox.Get(r.PathValue("id"))
		if errors.Is(err, fs.ErrNotExist) {
			fail(w, http.StatusNotFound, "not_found", "no such email")
			return e, false
		}
		if err != nil {
			fail(w, http.StatusInternalServerError, "internal", err.Error())
			return e, false
		}
		return e, true
	}
	mux.HandleFunc("GET /v1/dev/outbox", func(w http.ResponseWriter, r *http.Request) {
		limit := 100
		if v := r.URL.Query().Get("limit"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 1000 {
				fail(w, http.StatusBadRequest, "invalid", "limit: a number from 1 to 1000")
				return
			}
			limit = n
		}
		list, err := outbox.List(limit)
		if err != nil {
			fail(w, http.StatusInternalServerError, "internal", err.Error())
			return
		}
		reply(w, OutboxResponse{Messages: append([]notify.OutboxEntry{}, list...)})
	})
	mux.HandleFunc("GET /v1/dev/outbox/{id}", func(w http.ResponseWriter, r *http.Request) {
		if e, ok := get(w, r); ok {
			reply(w, e)
		}
	})
	mux.HandleFunc("POST /v1/dev/outbox/{id}/bounce", func(w http.ResponseWriter, r *http.Request) {
		e, ok := get(w, r)
		if !ok {
			return
		}
		if err := worker.Bounces(r.Context(), sesPermanentBounce(e)); err != nil {
			log.Warn("dev bounce", slog.String("error", err.Error()))
			fail(w, http.StatusInternalServerError, "internal", err.Error())
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("/v1/dev/", func(w http.ResponseWriter, r *http.Request) {
		fail(w, http.StatusNotFound, "not_found", "no such route: "+r.URL.Path)
	})
	return mux
}

// sesPermanentBounce is the SNS notification SES would publish for a permanent bounce
// of e.
func sesPermanentBounce(e notify.OutboxEntry) []byte {
	tags := map[string][]string{}
	for k, v := range e.Tags {
		tags[k] = []string{v}
	}
	inner, _ := json.Marshal(map[string]any{
		"eventType": "Bounce",
		"mail":      map[string]any{"messageId": e.ID, "destination": []string{e.To}, "tags": tags},
		"bounce": map[string]any{"bounceType": "Permanent", "bounceSubType": "General", "timestamp": time.Now().UTC().Format(time.RFC3339),
			"bouncedRecipients": []map[string]string{{"emailAddress": e.To}}},
	})
	out, _ := json.Marshal(map[string]string{"Type": "Notification", "Message": string(inner)})
	return out
}
