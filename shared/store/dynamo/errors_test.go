package dynamo_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/store"
	"shortlist/shared/store/dynamo"
	"shortlist/shared/store/table"
)

// These tests need no DynamoDB: they point the real client at loopback addresses that fail
// in known ways, and check that every failure becomes the right domain error, that
// retries happen in the SDK only, and that nothing hangs.

func clientFor(t *testing.T, endpoint string, o dynamo.ClientOptions) *dynamo.Table {
	t.Helper()
	env := map[string]string{dynamo.EnvEndpoint: endpoint}
	c, err := dynamo.NewClient(context.Background(), func(k string) string { return env[k] }, o)
	if err != nil {
		t.Fatal(err)
	}
	return dynamo.New(c, "shortlist-unreachable", table.Shortlist(), dynamo.Options{CallTimeout: 5 * time.Second})
}

// closedPort returns a loopback port nothing listens on.
func closedPort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func TestUnreachableIsUnavailable(t *testing.T) {
	t.Parallel()
	tb := clientFor(t, "http://"+closedPort(t), dynamo.ClientOptions{MaxAttempts: 2, MaxBackoff: 10 * time.Millisecond})
	ctx := context.Background()
	k := store.Key{PK: "P", SK: "S"}
	calls := map[string]error{
		"get":      getErr(tb.Get(ctx, k)),
		"put":      tb.Put(ctx, store.Item{table.PK: "P", table.SK: "S"}, store.Absent()),
		"update":   updErr(tb.Update(ctx, k, store.Update{Set: store.Item{"x": 1}}, store.Cond{})),
		"delete":   tb.Delete(ctx, k, store.Cond{}),
		"query":    qErr(tb.Query(ctx, store.Query{PK: "P"})),
		"batchget": bgErr(tb.BatchGet(ctx, []store.Key{k})),
	}
	for name, err := range calls {
		if assess.CodeOf(err) != assess.Unavailable || !assess.Retryable(err) {
			t.Errorf("%s against a closed port: %v, want unavailable (retryable)", name, err)
		}
	}
}

func getErr(_ store.Item, err error) error  { return err }
func updErr(_ store.Item, err error) error  { return err }
func qErr(_ store.Page, err error) error    { return err }
func bgErr(_ []store.Item, err error) error { return err }

// stub answers every request with one canned DynamoDB error and counts attempts.
func stub(t *testing.T, status int, body string) (*httptest.Server, *atomic.Int64) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		n.Add(1)
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

const errType = "com.amazonaws.dynamodb.v20120810#"

func TestErrorMapping(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		status   int
		body     string
		want     assess.Code
		attempts int64 // with MaxAttempts 3: retried errors are tried 3 times, others once
	}{
		{"conditional check", 400, `{"__type":"` + errType + `ConditionalCheckFailedException","message":"The conditional request failed"}`, assess.Conflict, 1},
		{"throttling", 400, `{"__type":"` + errType + `ThrottlingException","message":"Rate exceeded"}`, assess.Unavailable, 3},
		{"provisioned throughput", 400, `{"__type":"` + errType + `ProvisionedThroughputExceededException","message":"slow down"}`, assess.Unavailable, 3},
		{"request limit", 400, `{"__type":"` + errType + `RequestLimitExceeded","message":"limit"}`, assess.Unavailable, 3},
		{"internal server error", 500, `{"__type":"` + errType + `InternalServerError","message":"oops"}`, assess.Unavailable, 3},
		{"service unavailable", 503, ``, assess.Unavailable, 3},
		{"validation", 400, `{"__type":"com.amazon.coral.validate#ValidationException","message":"bad"}`, assess.Internal, 1},
		{"missing table", 400, `{"__type":"` + errType + `ResourceNotFoundException","message":"no table"}`, assess.Internal, 1},
		{"item held by a transaction", 400, `{"__type":"` + errType + `TransactionConflictException","message":"busy"}`, assess.Unavailable, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, n := stub(t, tc.status, tc.body)
			tb := clientFor(t, srv.URL, dynamo.ClientOptions{MaxAttempts: 3, MaxBackoff: 5 * time.Millisecond})
			err := tb.Put(context.Background(), store.Item{table.PK: "P", table.SK: "S"}, store.Absent())
			if got := assess.CodeOf(err); got != tc.want {
				t.Fatalf("error %v: code %q, want %q", err, got, tc.want)
			}
			if got := n.Load(); got != tc.attempts {
				t.Errorf("%d attempts, want %d: retries belong to the SDK's retryer alone", got, tc.attempts)
			}
			if tc.want == assess.Conflict {
				if cf := (*store.ConditionFailedError)(nil); !errors.As(err, &cf) {
					t.Errorf("conflict cause %v, want a ConditionFailedError", err)
				}
			}
		})
	}
}

// TestHangingEndpointTimesOut: a server that accepts and never answers costs one attempt
// timeout per attempt, then Unavailable; never a hung request.
func TestHangingEndpointTimesOut(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	t.Cleanup(func() { close(done); l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() { <-done; c.Close() }()
		}
	}()
	tb := clientFor(t, "http://"+l.Addr().String(),
		dynamo.ClientOptions{MaxAttempts: 2, MaxBackoff: 5 * time.Millisecond, AttemptTimeout: 200 * time.Millisecond})
	start := time.Now()
	_, err = tb.Get(context.Background(), store.Key{PK: "P", SK: "S"})
	if assess.CodeOf(err) != assess.Unavailable {
		t.Fatalf("hanging endpoint: %v, want unavailable", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("took %v: the attempt timeout did not apply", d)
	}
}
