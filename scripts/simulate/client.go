package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// client speaks the public API as an HR integration and as candidates' browsers do:
// JSON bodies, bearer tokens, and nothing else (no store access, even in process).
type client struct {
	base string
	key  string // HR API key
	http *http.Client
}

func newClient(base, key string, concurrency int) *client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	// Keep a connection per concurrent candidate: the default of 2 idle connections per
	// host would open and close thousands of sockets over a run.
	tr.MaxIdleConnsPerHost = 2 * concurrency
	return &client{base: strings.TrimSuffix(base, "/"), key: key,
		http: &http.Client{Transport: tr, Timeout: 60 * time.Second}}
}

// call sends one request with token as the bearer (the HR key when token is "") and
// decodes the JSON answer into out (when not nil). Any status but want is an error that
// quotes the server's error body.
func (c *client) call(ctx context.Context, method, path, token string, body, out any, want int) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token == "" {
		token = c.key
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("%s %s: reading the answer: %w", method, path, err)
	}
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s: status %d, want %d: %.300s", method, path, resp.StatusCode, want, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return fmt.Errorf("%s %s: decoding %.200s: %w", method, path, b, err)
		}
	}
	return nil
}
