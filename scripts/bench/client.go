package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sort"
	"strconv"
	"sync"
	"time"
)

// client is a simulated browser's HTTP side: the site's retry rule (retry a 503, 429,
// 502, 504 or a failed connection with capped exponential backoff and full jitter, never
// sooner than Retry-After), with every attempt recorded per route.
type client struct {
	base  string
	http  *http.Client
	stats *routeStats
	// MaxWait bounds the retries of one request (the site keeps answers in the browser
	// and goes on retrying; a bench run must end).
	MaxWait time.Duration
	Base    time.Duration // first backoff
	Cap     time.Duration // largest backoff
}

func newClient(base string, conns int, stats *routeStats) *client {
	tr := &http.Transport{MaxIdleConns: conns, MaxIdleConnsPerHost: conns, IdleConnTimeout: time.Minute}
	return &client{base: base, http: &http.Client{Transport: tr, Timeout: 30 * time.Second}, stats: stats,
		MaxWait: time.Minute, Base: 100 * time.Millisecond, Cap: 2 * time.Second}
}

// httpError is a final answer that was not the one expected.
type httpError struct {
	Route  string
	Status int
	Body   string
}

func (e *httpError) Error() string {
	return fmt.Sprintf("%s: %d %.200s", e.Route, e.Status, e.Body)
}

// do sends one request (retrying as the site does) and decodes a 2xx body into out.
// route labels the statistics ("PUT /v1/session/answers").
func (c *client) do(ctx context.Context, route, method, path, token string, body, out any) (int, error) {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return 0, err
		}
	}
	deadline := time.Now().Add(c.MaxWait)
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, method, c.base+path, bytes.NewReader(payload))
		if err != nil {
			return 0, err
		}
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		start := time.Now()
		resp, err := c.http.Do(req)
		var status int
		var data []byte
		var retryAfter time.Duration
		if err == nil {
			status = resp.StatusCode
			data, err = io.ReadAll(resp.Body)
			resp.Body.Close()
			if s, perr := strconv.Atoi(resp.Header.Get("Retry-After")); perr == nil {
				retryAfter = time.Duration(s) * time.Second
			}
			if status >= 500 && status != http.StatusServiceUnavailable {
				c.stats.bad5xx(route, status, data)
			}
			if status == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") == "" {
				c.stats.bad5xx(route, status, append([]byte("no Retry-After: "), data...))
			}
		}
		c.stats.attempt(route, time.Since(start), status, attempt > 0)
		retryable := err != nil || status == 502 || status == 503 || status == 504 || status == 429
		if ctx.Err() != nil {
			return status, ctx.Err()
		}
		if !retryable {
			if status < 200 || status >= 300 {
				c.stats.fail(route)
				return status, &httpError{route, status, string(data)}
			}
			c.stats.ok(route)
			if out != nil {
				if err := json.Unmarshal(data, out); err != nil {
					return status, fmt.Errorf("%s: decoding %.200s: %w", route, data, err)
				}
			}
			return status, nil
		}
		wait := min(c.Cap, c.Base<<min(attempt, 16))
		wait = time.Duration(rand.Int64N(int64(wait) + 1)) // full jitter
		wait = max(wait, retryAfter)
		if time.Now().Add(wait).After(deadline) {
			c.stats.fail(route)
			if err == nil {
				err = &httpError{route, status, string(data)}
			}
			return status, fmt.Errorf("gave up after %d attempts: %w", attempt+1, err)
		}
		c.stats.retried(route)
		select {
		case <-ctx.Done():
			return status, ctx.Err()
		case <-time.After(wait):
		}
	}
}

// get downloads a link (a report's presigned GET) and returns its size.
func (c *client) get(ctx context.Context, route, url string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return 0, err
	}
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		c.stats.attempt(route, time.Since(start), 0, false)
		c.stats.fail(route)
		return 0, err
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	c.stats.attempt(route, time.Since(start), resp.StatusCode, false)
	if err != nil || resp.StatusCode != 200 {
		c.stats.fail(route)
		return int(n), errors.Join(err, fmt.Errorf("%s: %d", route, resp.StatusCode))
	}
	c.stats.ok(route)
	return int(n), nil
}

// routeStats records every attempt per route.
type routeStats struct {
	mu sync.Mutex
	by map[string]*routeStat
	// Bad lists 5xx answers that are not a 503 with Retry-After (they must not happen).
	Bad []string
}

type routeStat struct {
	Latencies []time.Duration
	Requests  int // final outcomes
	Errors    int // requests that ended without the expected answer
	Retries   int // attempts after the first
	Status    map[int]int
}

func newRouteStats() *routeStats { return &routeStats{by: map[string]*routeStat{}} }

func (s *routeStats) get(route string) *routeStat {
	r := s.by[route]
	if r == nil {
		r = &routeStat{Status: map[int]int{}}
		s.by[route] = r
	}
	return r
}

func (s *routeStats) attempt(route string, d time.Duration, status int, _ bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.get(route)
	r.Latencies = append(r.Latencies, d)
	r.Status[status]++
}

func (s *routeStats) retried(route string) {
	s.mu.Lock()
	s.get(route).Retries++
	s.mu.Unlock()
}

func (s *routeStats) ok(route string) {
	s.mu.Lock()
	s.get(route).Requests++
	s.mu.Unlock()
}

func (s *routeStats) fail(route string) {
	s.mu.Lock()
	r := s.get(route)
	r.Requests++
	r.Errors++
	s.mu.Unlock()
}

func (s *routeStats) bad5xx(route string, status int, body []byte) {
	s.mu.Lock()
	s.Bad = append(s.Bad, fmt.Sprintf("%s: %d %.200s", route, status, body))
	s.mu.Unlock()
}

// routeSummary is one route's figures.
type routeSummary struct {
	Route    string      `json:"route"`
	Requests int         `json:"requests"`
	Attempts int         `json:"attempts"`
	Retries  int         `json:"retries"`
	Errors   int         `json:"errors"`
	P50MS    float64     `json:"p50_ms"`
	P95MS    float64     `json:"p95_ms"`
	P99MS    float64     `json:"p99_ms"`
	Status   map[int]int `json:"status"`
}

func (s *routeStats) summary() []routeSummary {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []routeSummary
	for route, r := range s.by {
		lat := append([]time.Duration(nil), r.Latencies...)
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		st := map[int]int{}
		for k, v := range r.Status {
			st[k] = v
		}
		out = append(out, routeSummary{Route: route, Requests: r.Requests, Attempts: len(lat), Retries: r.Retries,
			Errors: r.Errors, P50MS: ms(quantile(lat, 0.50)), P95MS: ms(quantile(lat, 0.95)), P99MS: ms(quantile(lat, 0.99)), Status: st})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Route < out[j].Route })
	return out
}

func (s *routeStats) totals() (requests, attempts, retries, errors int) {
	for _, r := range s.summary() {
		requests += r.Requests
		attempts += r.Attempts
		retries += r.Retries
		errors += r.Errors
	}
	return
}

// quantile is the nearest-rank quantile of sorted durations.
func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*q+0.999999) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
