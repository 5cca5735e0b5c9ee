package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"shortlist/shared/api"
	"shortlist/shared/app"
	"shortlist/shared/app/reporting"
	"shortlist/shared/blob"
	"shortlist/shared/blob/localstore"
	"shortlist/shared/blob/s3store"
	"shortlist/shared/store"
	"shortlist/shared/store/dynamo"
	"shortlist/shared/store/table"
)

// localStack is the product as the functions run it, in one process on loopback: every
// route of the routing table over a fresh DynamoDB table (metered with
// ReturnConsumedCapacity), the report store, and the two stream consumers (scoring,
// reports), fed by the harness as the table's stream would feed them. Each HTTP request
// stands for one invocation of the function its route belongs to; each delivered stream
// batch for one invocation of its consumer.
type localStack struct {
	client *dynamodb.Client
	table  string
	keep   bool
	meter  *dynamo.Meter
	app    app.Stack
	// plain reads the same table without the meter: the harness's own reads (checks,
	// finding stream records) are not the product's and are not billed to it.
	plain    *store.Repository
	reporter *reporting.Reporter
	blobs    *countingBlobs
	blobKind string // "S3 (MinIO)" or "local files"
	url      string
	srv      *http.Server
	inv      *invocations
	scoring  func(context.Context, json.RawMessage) (any, error)
	reports  func(context.Context, json.RawMessage) (any, error)
	tmp      string
}

type stackOptions struct {
	// Conns is the DynamoDB client's idle connection pool. One process stands in for
	// many Lambda instances (each with its own connection), so the pool is as wide as the
	// burst; the SDK's default of 10 would make the harness, not the product, churn
	// connections.
	Conns int
	// Client tunes the SDK client (retries, timeouts); zero is what the functions use.
	Client dynamo.ClientOptions
	Keep   bool // keep the table after the run
}

// freshTable gives client a connection pool of conns and creates a new table on it, named
// from TABLE_NAME (or prefix) and a random suffix, so runs never share state.
func freshTable(ctx context.Context, getenv func(string) string, client *dynamodb.Client, prefix string, timeout, dial time.Duration, conns int) (*dynamodb.Client, string, error) {
	client = dynamodb.New(client.Options(), func(opt *dynamodb.Options) {
		opt.HTTPClient = awshttp.NewBuildableClient().WithTimeout(timeout).
			WithDialerOptions(func(d *net.Dialer) { d.Timeout = dial }).
			WithTransportOptions(func(t *http.Transport) { t.MaxIdleConns, t.MaxIdleConnsPerHost = conns, conns })
	})
	if p := getenv(table.EnvName); p != "" {
		prefix = p
	}
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	name := prefix + "-" + hex.EncodeToString(b)
	def := table.Shortlist()
	def.DeletionProtection = false
	cctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	return client, name, dynamo.CreateTable(cctx, client, name, def)
}

func newLocalStack(ctx context.Context, getenv func(string) string, o stackOptions) (*localStack, error) {
	client, err := dynamo.NewClient(ctx, getenv, o.Client)
	if err != nil {
		return nil, err
	}
	attempt := o.Client.AttemptTimeout
	if attempt == 0 {
		attempt = 3 * time.Second
	}
	conns := max(o.Conns, 16)
	client, name, err := freshTable(ctx, getenv, client, "shortlist-bench", attempt, attempt, conns)
	if err != nil {
		return nil, err
	}
	s := &localStack{client: client, table: name, keep: o.Keep, meter: &dynamo.Meter{}, inv: newInvocations()}
	metered := dynamo.New(client, name, table.Shortlist(), dynamo.Options{Meter: s.meter})
	s.plain = store.New(dynamo.New(client, name, table.Shortlist(), dynamo.Options{}))

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		s.Close()
		return nil, err
	}
	s.url = "http://" + ln.Addr().String()
	var inner blob.Store
	var files http.Handler
	if getenv("REPORTS_BUCKET") != "" {
		st, err := s3store.FromEnv(ctx, getenv)
		if err != nil {
			ln.Close()
			s.Close()
			return nil, err
		}
		inner, s.blobKind = st, "S3 (MinIO)"
	} else {
		s.tmp, err = os.MkdirTemp("", "shortlist-bench-blobs-")
		if err != nil {
			ln.Close()
			s.Close()
			return nil, err
		}
		ls, err := localstore.New(s.tmp, nil, s.url+"/files")
		if err != nil {
			ln.Close()
			s.Close()
			return nil, err
		}
		inner, files, s.blobKind = ls, ls.Handler(), "local files"
	}
	s.blobs = &countingBlobs{Store: inner}
	log := slog.New(slog.DiscardHandler)
	s.app, err = app.Build(getenv, log, metered, s.blobs)
	if err != nil {
		ln.Close()
		s.Close()
		return nil, err
	}
	s.reporter = reporting.Attach(&s.app)
	s.scoring = app.ScoringHandler(s.app.Scorer, log)
	if s.reporter != nil {
		s.reports = reporting.Handler(s.reporter, log)
	}
	// The burst comes from one address at machine speed: the application's request limits
	// are off so it measures the product, not them.
	s.app.Deps.Limits.Off = true
	h, err := api.NewHandler(s.app.Deps, "")
	if err != nil {
		ln.Close()
		s.Close()
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/v1/", s.instrument(h))
	if files != nil {
		mux.Handle("/files/", http.StripPrefix("/files", files))
	}
	s.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

// Close stops the server and deletes the table (unless kept).
func (s *localStack) Close() {
	if s.srv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_ = s.srv.Shutdown(ctx)
		cancel()
	}
	if !s.keep {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		_ = dynamo.DeleteTable(ctx, s.client, s.table)
		cancel()
	}
	if s.tmp != "" {
		os.RemoveAll(s.tmp)
	}
}

// instrument counts each request as one invocation of its route's function, with the
// time the handler took (what Lambda bills, to the millisecond).
func (s *localStack) instrument(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		h.ServeHTTP(w, r)
		fn := "unrouted"
		if rt, ok := matchRoute(r.Method, r.URL.Path); ok {
			fn = rt.Function
		}
		s.inv.add(fn, time.Since(start))
	})
}

// matchRoute finds the routing-table row a request belongs to.
func matchRoute(method, path string) (api.Route, bool) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for _, rt := range api.Routes {
		if rt.Method != method && !(method == "HEAD" && rt.Method == "GET") {
			continue
		}
		ps := strings.Split(strings.Trim(rt.Pattern, "/"), "/")
		if len(ps) != len(segs) {
			continue
		}
		ok := true
		for i, p := range ps {
			if !strings.HasPrefix(p, "{") && p != segs[i] {
				ok = false
				break
			}
		}
		if ok {
			return rt, true
		}
	}
	return api.Route{}, false
}

// invocations counts function invocations and their billed milliseconds.
type invocations struct {
	mu sync.Mutex
	by map[string]*fnUse
}

type fnUse struct {
	Count    int
	BilledMS int64
	Times    []time.Duration
}

func newInvocations() *invocations { return &invocations{by: map[string]*fnUse{}} }

func (v *invocations) add(fn string, d time.Duration) {
	v.mu.Lock()
	defer v.mu.Unlock()
	u := v.by[fn]
	if u == nil {
		u = &fnUse{}
		v.by[fn] = u
	}
	u.Count++
	u.BilledMS += int64(math.Ceil(float64(d) / float64(time.Millisecond)))
	u.Times = append(u.Times, d)
}

func (v *invocations) snapshot() map[string]fnUse {
	v.mu.Lock()
	defer v.mu.Unlock()
	out := map[string]fnUse{}
	for k, u := range v.by {
		out[k] = fnUse{Count: u.Count, BilledMS: u.BilledMS, Times: append([]time.Duration(nil), u.Times...)}
	}
	return out
}

func (v *invocations) reset() {
	v.mu.Lock()
	v.by = map[string]*fnUse{}
	v.mu.Unlock()
}

// countingBlobs counts what the report store is asked to do: each Put is one S3 PUT of
// len(body) bytes. Presigning is local (no request); downloads are counted by the client.
type countingBlobs struct {
	blob.Store
	mu       sync.Mutex
	puts     int
	bytes    int64
	presigns int
}

func (c *countingBlobs) Put(ctx context.Context, key, contentType string, body []byte) error {
	err := c.Store.Put(ctx, key, contentType, body)
	if err == nil {
		c.mu.Lock()
		c.puts++
		c.bytes += int64(len(body))
		c.mu.Unlock()
	}
	return err
}

func (c *countingBlobs) PresignGet(ctx context.Context, key, filename string, ttl time.Duration) (string, error) {
	c.mu.Lock()
	c.presigns++
	c.mu.Unlock()
	return c.Store.PresignGet(ctx, key, filename, ttl)
}

func (c *countingBlobs) counts() (puts int, bytes int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.puts, c.bytes
}

func (c *countingBlobs) reset() {
	c.mu.Lock()
	c.puts, c.bytes, c.presigns = 0, 0, 0
	c.mu.Unlock()
}

// streamRecord is one INSERT the table's stream would deliver.
type streamRecord struct{ PK, SK string }

// streamEvent builds a DynamoDB stream event as Lambda delivers it (keys only matter to
// our consumers; see shared/app/testdata for a full one).
func streamEvent(recs []streamRecord, seq *int) json.RawMessage {
	type attr struct {
		S string `json:"S"`
	}
	type rec struct {
		EventID   string `json:"eventID"`
		EventName string `json:"eventName"`
		Source    string `json:"eventSource"`
		DynamoDB  struct {
			Keys     map[string]attr `json:"Keys"`
			Sequence string          `json:"SequenceNumber"`
			View     string          `json:"StreamViewType"`
		} `json:"dynamodb"`
	}
	var ev struct {
		Records []rec `json:"Records"`
	}
	for _, r := range recs {
		*seq++
		var x rec
		x.EventID, x.EventName, x.Source = fmt.Sprintf("bench-%d", *seq), "INSERT", "aws:dynamodb"
		x.DynamoDB.Keys = map[string]attr{table.PK: {r.PK}, table.SK: {r.SK}}
		x.DynamoDB.Sequence = fmt.Sprintf("%024d", *seq)
		x.DynamoDB.View = "NEW_IMAGE"
		ev.Records = append(ev.Records, x)
	}
	b, _ := json.Marshal(ev)
	return b
}

// deliver runs one stream batch through a consumer, as one invocation of fn, and returns
// how many records it reported failed.
func (s *localStack) deliver(ctx context.Context, fn string, h func(context.Context, json.RawMessage) (any, error), recs []streamRecord, seq *int) (int, error) {
	ev := streamEvent(recs, seq)
	start := time.Now()
	out, err := h(ctx, ev)
	s.inv.add(fn, time.Since(start))
	if err != nil {
		return len(recs), err
	}
	b, _ := json.Marshal(out)
	var r struct {
		BatchItemFailures []json.RawMessage `json:"batchItemFailures"`
	}
	_ = json.Unmarshal(b, &r)
	return len(r.BatchItemFailures), nil
}

// pendingRecords lists the pending-scoring markers (what the stream delivered to the
// scoring function when each completion was written), read without the meter.
func (s *localStack) pendingRecords(ctx context.Context) ([]streamRecord, error) {
	var out []streamRecord
	cursor := ""
	for {
		page, next, err := s.plain.PendingScoring(ctx, cursor, 100)
		if err != nil {
			return nil, err
		}
		for _, p := range page {
			// The marker's key, as shared/store lays it out (see its package doc).
			out = append(out, streamRecord{"PEND#scoring", fmt.Sprintf("%019d#%s", p.CompletedAt.UnixNano(), p.SessionID)})
		}
		if next == "" {
			return out, nil
		}
		cursor = next
	}
}

// resultRecord is the INSERT of a session's result, which triggers its reports.
func resultRecord(sessionID string) streamRecord { return streamRecord{"SESS#" + sessionID, "RESULT"} }
