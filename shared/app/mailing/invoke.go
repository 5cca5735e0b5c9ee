package mailing

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"shortlist/shared/assess"
)

// Result is the mail function's answer: the message id, or why the email cannot be
// written (Invalid: not worth a retry). A failure to send is the function's error.
type Result struct {
	MessageID string `json:"messageId,omitempty"`
	Invalid   string `json:"invalid,omitempty"`
}

// Handler is the mail function's Lambda handler: one composed email in, rendered and
// sent.
func Handler(m Mailer, log *slog.Logger) func(context.Context, assess.Email) (Result, error) {
	return func(ctx context.Context, e assess.Email) (Result, error) {
		id, err := m.Send(ctx, e)
		if assess.CodeOf(err) == assess.Invalid {
			log.WarnContext(ctx, "email not written", slog.String("key", e.Key), slog.String("error", err.Error()))
			return Result{Invalid: err.Error()}, nil
		}
		if err != nil {
			log.ErrorContext(ctx, "email not sent", slog.String("key", e.Key), slog.String("error", err.Error()))
			return Result{}, err
		}
		log.InfoContext(ctx, "email sent", slog.String("kind", string(e.Kind)), slog.String("key", e.Key), slog.String("id", id))
		return Result{MessageID: id}, nil
	}
}

// Invoker is assess.Mailer for the notify function: it invokes the mail function
// synchronously (Lambda's Invoke API, signed with the function's own credentials) with
// the composed email and returns the message id it sent. A plain signed request: the
// Lambda SDK client would add a megabyte for one call.
type Invoker struct {
	Function    string // the mail function's name or ARN
	Region      string
	Credentials aws.CredentialsProvider
	Endpoint    string       // "" is https://lambda.<region>.amazonaws.com
	Client      *http.Client // nil: a client with a 30 s timeout
	Now         func() time.Time
}

// Send implements assess.Mailer.
func (in *Invoker) Send(ctx context.Context, e assess.Email) (string, error) {
	body, err := json.Marshal(e)
	if err != nil {
		return "", err
	}
	endpoint := in.Endpoint
	if endpoint == "" {
		endpoint = "https://lambda." + in.Region + ".amazonaws.com"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost,
		strings.TrimSuffix(endpoint, "/")+"/2015-03-31/functions/"+url.PathEscape(in.Function)+"/invocations", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Amz-Invocation-Type", "RequestResponse")
	creds, err := in.Credentials.Retrieve(ctx)
	if err != nil {
		return "", fmt.Errorf("mailing: credentials: %w", err)
	}
	sum := sha256.Sum256(body)
	now := time.Now
	if in.Now != nil {
		now = in.Now
	}
	if err := v4.NewSigner().SignHTTP(ctx, creds, req, hex.EncodeToString(sum[:]), "lambda", in.Region, now()); err != nil {
		return "", err
	}
	client := in.Client
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("mailing: invoking %s: %w", in.Function, err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("mailing: invoking %s: %s: %.300s", in.Function, resp.Status, out)
	}
	if fe := resp.Header.Get("X-Amz-Function-Error"); fe != "" {
		return "", fmt.Errorf("mailing: the mail function failed (%s): %.300s", fe, out)
	}
	var r Result
	if err := json.Unmarshal(out, &r); err != nil {
		return "", fmt.Errorf("mailing: the mail function's answer: %w", err)
	}
	if r.Invalid != "" {
		return "", &assess.Error{Code: assess.Invalid, Message: r.Invalid}
	}
	return r.MessageID, nil
}
