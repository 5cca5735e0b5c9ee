package notify

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// Bounce is one recipient SES could not deliver to (Kind "bounce") or who marked a
// message as spam (Kind "complaint").
type Bounce struct {
	Email string
	Kind  string // "bounce" or "complaint"
	// Permanent says the address should not get mail again: a permanent bounce (the
	// mailbox does not exist, or SES's suppression list has it) or any complaint. A
	// transient or undetermined bounce may be retried later.
	Permanent bool
	// SubType is SES's bounceSubType ("General", "NoEmail", "Suppressed", "MailboxFull", …)
	// or the complaint's feedback type ("abuse", …); it may be empty.
	SubType string
	// Tags are the message's tags as sent (first value of each), plus those SES adds
	// ("ses:configuration-set", …).
	Tags      map[string]string
	MessageID string    // the SES message id Send returned
	At        time.Time // when SES reported it
}

// Bounce kinds.
const (
	KindBounce    = "bounce"
	KindComplaint = "complaint"
)

// ErrSubscriptionConfirmation is returned for an SNS subscription confirmation (or
// unsubscribe confirmation) message: not an event, but a request to be confirmed by
// visiting its SubscribeURL, which this package never does on its own.
var ErrSubscriptionConfirmation = errors.New("notify: SNS subscription confirmation, not an SES event")

// snsEnvelope is the JSON SNS delivers over HTTP(S) or to SQS.
type snsEnvelope struct {
	Type    string
	Message *string
}

// sesEvent is the part of an SES event-publishing record (eventType) or of an
// identity notification (notificationType) this package reads.
type sesEvent struct {
	EventType        string `json:"eventType"`
	NotificationType string `json:"notificationType"`
	Mail             struct {
		MessageID string              `json:"messageId"`
		Tags      map[string][]string `json:"tags"`
	} `json:"mail"`
	Bounce *struct {
		BounceType        string `json:"bounceType"`
		BounceSubType     string `json:"bounceSubType"`
		Timestamp         string `json:"timestamp"`
		BouncedRecipients []struct {
			EmailAddress string `json:"emailAddress"`
		} `json:"bouncedRecipients"`
	} `json:"bounce"`
	Complaint *struct {
		ComplaintFeedbackType string `json:"complaintFeedbackType"`
		ComplaintSubType      string `json:"complaintSubType"`
		Timestamp             string `json:"timestamp"`
		ComplainedRecipients  []struct {
			EmailAddress string `json:"emailAddress"`
		} `json:"complainedRecipients"`
	} `json:"complaint"`
}

// ParseSESEvents reads one SES event about bounces and complaints, published by a
// configuration set's SNS event destination, and returns one Bounce per recipient.
//
// body is either the SNS envelope as SNS posts it to HTTPS endpoints or SQS queues
// ({"Type":"Notification","Message":"<the SES event as a JSON string>",…}) or the SES
// event itself (the Message string SNS hands to a Lambda function, or an SQS message with
// raw delivery). Other event types (Send, Delivery, Open, …) give no bounces and no error.
// An SNS subscription confirmation returns ErrSubscriptionConfirmation.
//
// It does not check SNS signatures: feed it from an SNS subscription to Lambda or SQS,
// where AWS delivers the message, never from a public HTTPS endpoint as it stands.
func ParseSESEvents(body []byte) ([]Bounce, error) {
	var env snsEnvelope
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, fmt.Errorf("notify: SES event: %w", err)
	}
	switch env.Type {
	case "":
		// Not an SNS envelope: the SES event itself.
	case "Notification":
		if env.Message == nil {
			return nil, errors.New("notify: SNS notification without a Message")
		}
		body = []byte(*env.Message)
	case "SubscriptionConfirmation", "UnsubscribeConfirmation":
		return nil, ErrSubscriptionConfirmation
	default:
		return nil, fmt.Errorf("notify: unknown SNS message type %q", env.Type)
	}

	var ev sesEvent
	if err := json.Unmarshal(body, &ev); err != nil {
		return nil, fmt.Errorf("notify: SES event: %w", err)
	}
	kind := ev.EventType
	if kind == "" {
		kind = ev.NotificationType
	}
	if kind == "" {
		return nil, errors.New("notify: SES event without eventType or notificationType")
	}
	tags := map[string]string{}
	for _, k := range slices.Sorted(maps.Keys(ev.Mail.Tags)) {
		if v := ev.Mail.Tags[k]; len(v) > 0 {
			tags[k] = v[0]
		}
	}
	var out []Bounce
	add := func(email, kind string, permanent bool, subType, at string) {
		b := Bounce{Email: strings.TrimSpace(email), Kind: kind, Permanent: permanent, SubType: subType,
			Tags: maps.Clone(tags), MessageID: ev.Mail.MessageID}
		b.At, _ = time.Parse(time.RFC3339Nano, at)
		if b.Email != "" {
			out = append(out, b)
		}
	}
	switch kind {
	case "Bounce":
		if ev.Bounce == nil {
			return nil, errors.New("notify: Bounce event without its bounce object")
		}
		for _, r := range ev.Bounce.BouncedRecipients {
			add(r.EmailAddress, KindBounce, ev.Bounce.BounceType == "Permanent",
				ev.Bounce.BounceSubType, ev.Bounce.Timestamp)
		}
	case "Complaint":
		if ev.Complaint == nil {
			return nil, errors.New("notify: Complaint event without its complaint object")
		}
		sub := ev.Complaint.ComplaintFeedbackType
		if sub == "" {
			sub = ev.Complaint.ComplaintSubType
		}
		for _, r := range ev.Complaint.ComplainedRecipients {
			add(r.EmailAddress, KindComplaint, true, sub, ev.Complaint.Timestamp)
		}
	}
	return out, nil
}
