package notify

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"
)

// SESAPI is the part of the SES v2 client SESSender uses (*sesv2.Client has it).
type SESAPI interface {
	SendEmail(ctx context.Context, in *sesv2.SendEmailInput, optFns ...func(*sesv2.Options)) (*sesv2.SendEmailOutput, error)
}

// SESSender sends through Amazon SES (API v2) as simple content: SES builds the MIME
// message, encodes the UTF-8 subject and bodies, signs it with DKIM, and returns its
// message id.
//
// ConfigurationSet names the SES configuration set whose event destination publishes
// bounces and complaints (to SNS, read by ParseSESEvents); the message's tags go along as
// SES message tags, so those events say which organisation and candidate they concern.
// SES itself does not deduplicate: the idempotency key is for the caller's records.
type SESSender struct {
	Client           SESAPI
	From             string // a verified identity's address, e.g. "no-reply@mail.example.com"
	ConfigurationSet string
}

// NewSESSender checks from and returns a sender.
func NewSESSender(client SESAPI, from, configurationSet string) (*SESSender, error) {
	if err := checkAddress("from", from); err != nil {
		return nil, err
	}
	if configurationSet == "" {
		return nil, invalid("an SES configuration set is required (bounces and complaints are published through it)")
	}
	return &SESSender{Client: client, From: from, ConfigurationSet: configurationSet}, nil
}

// Send sends m and returns the SES message id.
func (s *SESSender) Send(ctx context.Context, m Message) (string, error) {
	if err := m.Validate(); err != nil {
		return "", err
	}
	utf8 := func(v string) *types.Content {
		return &types.Content{Data: aws.String(v), Charset: aws.String("UTF-8")}
	}
	in := &sesv2.SendEmailInput{
		FromEmailAddress:     aws.String(s.From),
		Destination:          &types.Destination{ToAddresses: []string{m.To}},
		ConfigurationSetName: aws.String(s.ConfigurationSet),
		Content: &types.EmailContent{Simple: &types.Message{
			Subject: utf8(m.Subject),
			Body:    &types.Body{Text: utf8(m.Text), Html: utf8(m.HTML)},
		}},
		EmailTags: sesTags(m.Tags),
	}
	out, err := s.Client.SendEmail(ctx, in)
	if err != nil {
		return "", fmt.Errorf("notify: SES SendEmail: %w", err)
	}
	return aws.ToString(out.MessageId), nil
}

// sesTags turns tags into SES message tags, whose names and values allow only ASCII
// letters, digits, "_" and "-" (at most 256 each): other characters become "_", and a tag
// left empty is dropped. They are sorted, so a request is the same for the same message.
func sesTags(tags map[string]string) []types.MessageTag {
	var out []types.MessageTag
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		name, value := sesTagPart(k), sesTagPart(tags[k])
		if name == "" || value == "" {
			continue
		}
		out = append(out, types.MessageTag{Name: aws.String(name), Value: aws.String(value)})
	}
	return out
}

func sesTagPart(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '_' || r == '-' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9') {
			return r
		}
		return '_'
	}, s)
	if len(s) > 256 {
		s = s[:256]
	}
	return s
}
