// Package mailing renders and sends Shortlist's email (shared/notify) for the notify
// worker: Mailer in process (the dev server, tests), and in AWS the mail function's
// Handler, which the notify function calls through Invoker. Rendering is kept out of the
// notify function because text/template's reflection keeps every exported method of the
// SDK clients linked beside it (the binary would pass 12 MB); this package links no
// DynamoDB and no HTTP layer.
package mailing

import (
	"context"
	"errors"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/notify"
)

// Mailer is assess.Mailer over shared/notify: each email is rendered from its one
// template in the assessment's language (text and HTML) and handed to the Sender (SES,
// SMTP to Mailpit, or the dev server's outbox), with the outbox item's key as the
// idempotency key.
type Mailer struct {
	Sender notify.Sender
	Zone   *time.Location // dates are shown in it; nil: UTC
}

// Send implements assess.Mailer. A message that cannot be rendered is an Invalid error.
func (m Mailer) Send(ctx context.Context, e assess.Email) (string, error) {
	msg, err := m.render(e)
	if err != nil {
		if errors.Is(err, notify.ErrInvalid) {
			return "", &assess.Error{Code: assess.Invalid, Message: err.Error(), Err: err}
		}
		return "", err
	}
	msg.IdempotencyKey = e.Key
	return m.Sender.Send(ctx, msg)
}

func (m Mailer) render(e assess.Email) (notify.Message, error) {
	lang := notify.Lang(e.Lang)
	switch e.Kind {
	case assess.MailInvitation, assess.MailReminder:
		inv := notify.Invitation{Lang: lang, To: e.To, CandidateName: e.CandidateName, OrgName: e.OrgName,
			AssessmentName: e.AssessmentName, Link: e.Link, ExpiresAt: e.ExpiresAt, Zone: m.Zone,
			OrgID: e.OrgID, AssessmentID: e.AssessmentID, CandidateID: e.CandidateID}
		for _, p := range e.Parts {
			inv.Parts = append(inv.Parts, notify.Part{Name: p.Name, Minutes: p.Minutes, Timed: p.Timed})
		}
		if e.Kind == assess.MailReminder {
			return notify.Reminder{Invitation: inv, DaysLeft: e.DaysLeft}.Render()
		}
		return inv.Render()
	case assess.MailFeedback:
		return notify.FeedbackReady{Lang: lang, To: e.To, CandidateName: e.CandidateName, OrgName: e.OrgName,
			AssessmentName: e.AssessmentName, Link: e.Link, Until: e.ExpiresAt, Zone: m.Zone,
			OrgID: e.OrgID, AssessmentID: e.AssessmentID, CandidateID: e.CandidateID}.Render()
	case assess.MailCompletion:
		return notify.CompletionNotice{Lang: lang, To: e.To, RecipientName: e.RecipientName, OrgName: e.OrgName,
			AssessmentName: e.AssessmentName, CandidateName: e.CandidateName, CompletedAt: e.CompletedAt,
			ConsoleLink: e.Link, Zone: m.Zone, OrgID: e.OrgID, AssessmentID: e.AssessmentID, CandidateID: e.CandidateID}.Render()
	case assess.MailDigest:
		d := notify.CompletionDigest{Lang: lang, To: e.To, RecipientName: e.RecipientName, OrgName: e.OrgName,
			AssessmentName: e.AssessmentName, Since: e.Since, ConsoleLink: e.Link, Zone: m.Zone,
			OrgID: e.OrgID, AssessmentID: e.AssessmentID}
		for _, l := range e.Digest {
			d.Candidates = append(d.Candidates, notify.DigestEntry{CandidateID: l.CandidateID, Name: l.Name, CompletedAt: l.CompletedAt, Link: l.Link})
		}
		return d.Render()
	}
	return notify.Message{}, errors.Join(notify.ErrInvalid, errors.New("unknown email kind "+string(e.Kind)))
}

// Tee sends every message through each sender in turn (the dev server's outbox and,
// when one runs, Mailpit) and returns the first one's id.
type Tee []notify.Sender

// Send implements notify.Sender.
func (t Tee) Send(ctx context.Context, m notify.Message) (string, error) {
	var id string
	for i, s := range t {
		got, err := s.Send(ctx, m)
		if err != nil {
			return "", err
		}
		if i == 0 {
			id = got
		}
	}
	return id, nil
}
