package main

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"shortlist/shared/blob"
	"shortlist/shared/blob/localstore"
	"shortlist/shared/blob/s3store"
	"shortlist/shared/store"
	"shortlist/shared/store/bolt"
	"shortlist/shared/store/dynamo"
	"shortlist/shared/store/table"
)

// The volume bench's storage: the same product code over DynamoDB Local (capacity units
// as DynamoDB reports them) or over the embedded store (units estimated from item sizes
// with DynamoDB's rules), and the report store (MinIO or local files), each call counted.

// unitCounter adds up DynamoDB request units.
type unitCounter interface {
	Units() (read, write float64)
	ByCall() map[string][3]float64 // calls, read, write
	ResetUnits()
}

// cohortEnv is the storage one run of the volume bench uses.
type cohortEnv struct {
	Store string // what the table is, for the printout
	Blobs string
	// product is the table the product's code reads and writes (counted); plain the same
	// table uncounted, for the bulk load and the harness's own reads.
	product store.Table
	plain   store.Table
	units   unitCounter
	objects blob.Store
	// bulk, for the embedded store, writes the loader's items a batch at a time (one file
	// sync per batch, not per item); nil: parallel puts (DynamoDB).
	bulk *bolt.Table
	// child, when set, runs the snapshot build and the batch add in a child process
	// (peak RSS, VmHWM) against the same table and bucket; nil measures in process.
	child *childSpec
	close func()
}

func (e *cohortEnv) Close() {
	if e.close != nil {
		e.close()
	}
}

// newDynamoCohortEnv creates a fresh table on the DynamoDB Local the environment names
// (startServices set it) and opens the report store (S3 when REPORTS_BUCKET is set, else
// files in a temporary directory).
func newDynamoCohortEnv(ctx context.Context, getenv func(string) string, keep bool, conns int) (*cohortEnv, error) {
	client, err := dynamo.NewClient(ctx, getenv, dynamo.ClientOptions{})
	if err != nil {
		return nil, err
	}
	client, name, err := freshTable(ctx, getenv, client, "shortlist-cohort", 10*time.Second, 3*time.Second, conns)
	if err != nil {
		return nil, err
	}
	meter := &dynamo.Meter{}
	e := &cohortEnv{Store: "DynamoDB Local (units as it reports them)",
		product: dynamo.New(client, name, table.Shortlist(), dynamo.Options{Meter: meter}),
		plain:   dynamo.New(client, name, table.Shortlist(), dynamo.Options{}),
		units:   meterUnits{meter}, child: &childSpec{Table: name}}
	var tmp string
	e.close = func() {
		if !keep {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			_ = dynamo.DeleteTable(ctx, client, name)
			cancel()
		}
		if tmp != "" {
			os.RemoveAll(tmp)
		}
	}
	if getenv("REPORTS_BUCKET") != "" {
		st, err := s3store.FromEnv(ctx, getenv)
		if err != nil {
			e.Close()
			return nil, err
		}
		e.objects, e.Blobs = st, "S3 (MinIO), bucket "+getenv("REPORTS_BUCKET")
		return e, nil
	}
	if tmp, err = os.MkdirTemp("", "shortlist-cohort-blobs-"); err != nil {
		e.Close()
		return nil, err
	}
	ls, err := localstore.New(tmp, nil, "http://127.0.0.1/files")
	if err != nil {
		e.Close()
		return nil, err
	}
	e.objects, e.Blobs, e.child.BlobDir = ls, "local files (no MinIO): S3 figures are the same calls counted", tmp
	return e, nil
}

// newBoltCohortEnv is the embedded store and local files under dir: no services, units
// estimated (estTable).
func newBoltCohortEnv(dir string) (*cohortEnv, error) {
	bt, err := bolt.Open(dir+"/table", table.Shortlist(), bolt.Options{})
	if err != nil {
		return nil, err
	}
	ls, err := localstore.New(dir+"/blobs", nil, "http://127.0.0.1/files")
	if err != nil {
		bt.Close()
		return nil, err
	}
	est := &estTable{Table: bt, def: table.Shortlist()}
	return &cohortEnv{Store: "embedded (bolt; units estimated from item sizes)", Blobs: "local files",
		product: est, plain: bt, units: est, objects: ls, bulk: bt, close: func() { bt.Close() }}, nil
}

// meterUnits reads a dynamo.Meter.
type meterUnits struct{ m *dynamo.Meter }

func (u meterUnits) Units() (float64, float64) {
	t := u.m.Total()
	return t.ReadUnits, t.WriteUnits
}

func (u meterUnits) ByCall() map[string][3]float64 {
	out := map[string][3]float64{}
	for op, x := range u.m.ByOp() {
		out[op] = [3]float64{float64(x.Calls), x.ReadUnits, x.WriteUnits}
	}
	return out
}

func (u meterUnits) ResetUnits() { u.m.Reset() }

// estTable estimates the request units DynamoDB would bill for each call on another
// table (the embedded store), from item sizes by DynamoDB's rules: a strongly consistent
// read is 1 unit per 4 KB, an eventually consistent one (BatchGet, index queries) half;
// a write 1 unit per KB, plus one for the index entry of an item that has GSI1 keys; a
// transaction twice. Item size: attribute names plus values.
type estTable struct {
	store.Table
	def table.Definition
	mu  sync.Mutex
	ops map[string][3]float64
}

func (t *estTable) add(op string, r, w float64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.ops == nil {
		t.ops = map[string][3]float64{}
	}
	x := t.ops[op]
	t.ops[op] = [3]float64{x[0] + 1, x[1] + r, x[2] + w}
}

func (t *estTable) Units() (r, w float64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, x := range t.ops {
		r, w = r+x[1], w+x[2]
	}
	return r, w
}

func (t *estTable) ByCall() map[string][3]float64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make(map[string][3]float64, len(t.ops))
	for k, v := range t.ops {
		out[k] = v
	}
	return out
}

func (t *estTable) ResetUnits() {
	t.mu.Lock()
	t.ops = nil
	t.mu.Unlock()
}

// itemSize is an item's size as DynamoDB counts it.
func itemSize(it store.Item) int {
	n := 0
	for k, v := range it {
		n += len(k)
		switch x := v.(type) {
		case string:
			n += len(x)
		case []byte:
			n += len(x)
		case int64:
			n += (len(strconv.FormatInt(x, 10))+1)/2 + 1
		case bool:
			n++
		}
	}
	return n
}

func readUnits(bytes int, eventual bool) float64 {
	u := math.Max(1, math.Ceil(float64(bytes)/4096))
	if eventual {
		return u / 2
	}
	return u
}

func (t *estTable) writeUnits(it store.Item) float64 {
	u := math.Max(1, math.Ceil(float64(itemSize(it))/1024))
	if _, ok := it[table.GSI1PK]; ok {
		u++
	}
	return u
}

func (t *estTable) Get(ctx context.Context, k store.Key) (store.Item, error) {
	it, err := t.Table.Get(ctx, k)
	t.add("GetItem", readUnits(itemSize(it), false), 0)
	return it, err
}

func (t *estTable) BatchGet(ctx context.Context, keys []store.Key) ([]store.Item, error) {
	items, err := t.Table.BatchGet(ctx, keys)
	r := 0.0
	for _, it := range items {
		r += readUnits(itemSize(it), true)
	}
	t.add("BatchGetItem", r, 0)
	return items, err
}

func (t *estTable) Put(ctx context.Context, it store.Item, c store.Cond) error {
	err := t.Table.Put(ctx, it, c)
	t.add("PutItem", 0, t.writeUnits(it))
	return err
}

func (t *estTable) Update(ctx context.Context, k store.Key, u store.Update, c store.Cond) (store.Item, error) {
	it, err := t.Table.Update(ctx, k, u, c)
	t.add("UpdateItem", 0, t.writeUnits(it))
	return it, err
}

func (t *estTable) Delete(ctx context.Context, k store.Key, c store.Cond) error {
	err := t.Table.Delete(ctx, k, c)
	t.add("DeleteItem", 0, 1)
	return err
}

func (t *estTable) Query(ctx context.Context, q store.Query) (store.Page, error) {
	p, err := t.Table.Query(ctx, q)
	size := 0
	for _, it := range p.Items {
		size += itemSize(it)
	}
	t.add("Query", readUnits(size, q.Index != ""), 0)
	return p, err
}

// timedTable adds up the time spent in table calls (a snapshot build's reads).
type timedTable struct {
	store.Table
	mu    sync.Mutex
	calls map[string]int
	spent time.Duration
}

func (t *timedTable) rec(op string, start time.Time) {
	d := time.Since(start)
	t.mu.Lock()
	if t.calls == nil {
		t.calls = map[string]int{}
	}
	t.calls[op]++
	t.spent += d
	t.mu.Unlock()
}

func (t *timedTable) Get(ctx context.Context, k store.Key) (store.Item, error) {
	defer t.rec("GetItem", time.Now())
	return t.Table.Get(ctx, k)
}

func (t *timedTable) BatchGet(ctx context.Context, keys []store.Key) ([]store.Item, error) {
	defer t.rec("BatchGetItem", time.Now())
	return t.Table.BatchGet(ctx, keys)
}

func (t *timedTable) Put(ctx context.Context, it store.Item, c store.Cond) error {
	defer t.rec("PutItem", time.Now())
	return t.Table.Put(ctx, it, c)
}

func (t *timedTable) Update(ctx context.Context, k store.Key, u store.Update, c store.Cond) (store.Item, error) {
	defer t.rec("UpdateItem", time.Now())
	return t.Table.Update(ctx, k, u, c)
}

func (t *timedTable) Delete(ctx context.Context, k store.Key, c store.Cond) error {
	defer t.rec("DeleteItem", time.Now())
	return t.Table.Delete(ctx, k, c)
}

func (t *timedTable) Query(ctx context.Context, q store.Query) (store.Page, error) {
	defer t.rec("Query", time.Now())
	return t.Table.Query(ctx, q)
}

func (t *timedTable) reset() {
	t.mu.Lock()
	t.calls, t.spent = nil, 0
	t.mu.Unlock()
}

func (t *timedTable) figures() (time.Duration, map[string]int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make(map[string]int, len(t.calls))
	for k, v := range t.calls {
		out[k] = v
	}
	return t.spent, out
}

// countingObjects counts what the object store is asked to do, as S3 requests: Put is a
// PUT, Get a GET, DeletePrefix a LIST (ListObjectVersions, one per 1,000 keys; the
// deletes themselves are free), Delete a LIST too (it lists the key's versions).
type countingObjects struct {
	blob.Store
	puts, gets, lists atomic.Int64
	putBytes          atomic.Int64
	getBytes          atomic.Int64
	nanos             atomic.Int64 // time spent in calls
}

// s3Ops are counted S3 requests.
type s3Ops struct {
	Gets     int   `json:"gets"`
	Puts     int   `json:"puts"`
	Lists    int   `json:"lists"`
	PutBytes int64 `json:"put_bytes"`
	GetBytes int64 `json:"get_bytes"`
}

func (o s3Ops) sub(b s3Ops) s3Ops {
	return s3Ops{o.Gets - b.Gets, o.Puts - b.Puts, o.Lists - b.Lists, o.PutBytes - b.PutBytes, o.GetBytes - b.GetBytes}
}

func (c *countingObjects) ops() s3Ops {
	return s3Ops{int(c.gets.Load()), int(c.puts.Load()), int(c.lists.Load()), c.putBytes.Load(), c.getBytes.Load()}
}

func (c *countingObjects) Put(ctx context.Context, key, contentType string, body []byte) error {
	start := time.Now()
	err := c.Store.Put(ctx, key, contentType, body)
	c.nanos.Add(int64(time.Since(start)))
	c.puts.Add(1)
	c.putBytes.Add(int64(len(body)))
	return err
}

func (c *countingObjects) Get(ctx context.Context, key string) ([]byte, error) {
	start := time.Now()
	b, err := c.Store.Get(ctx, key)
	c.nanos.Add(int64(time.Since(start)))
	c.gets.Add(1)
	c.getBytes.Add(int64(len(b)))
	return b, err
}

func (c *countingObjects) DeletePrefix(ctx context.Context, prefix string) error {
	start := time.Now()
	err := c.Store.DeletePrefix(ctx, prefix)
	c.nanos.Add(int64(time.Since(start)))
	c.lists.Add(1)
	return err
}

func (c *countingObjects) Delete(ctx context.Context, key string) error {
	c.lists.Add(1)
	return c.Store.Delete(ctx, key)
}

// captureTable is an in-memory table that keeps what the repository writes, so the bulk
// loader can build real items with the repository's own encoders and write them with
// one request each (no reads, no conditions, no pending markers).
type captureTable struct {
	items map[store.Key]store.Item
	order []store.Key
}

func newCaptureTable() *captureTable { return &captureTable{items: map[store.Key]store.Item{}} }

func (t *captureTable) Get(_ context.Context, k store.Key) (store.Item, error) {
	if it, ok := t.items[k]; ok {
		return it, nil
	}
	return nil, store.ErrNotFound()
}

func (t *captureTable) BatchGet(ctx context.Context, keys []store.Key) ([]store.Item, error) {
	var out []store.Item
	for _, k := range keys {
		if it, ok := t.items[k]; ok {
			out = append(out, it)
		}
	}
	return out, nil
}

func (t *captureTable) Put(_ context.Context, it store.Item, _ store.Cond) error {
	k := it.Key(table.PK, table.SK)
	if _, ok := t.items[k]; !ok {
		t.order = append(t.order, k)
	}
	t.items[k] = it
	return nil
}

func (t *captureTable) Update(context.Context, store.Key, store.Update, store.Cond) (store.Item, error) {
	return nil, fmt.Errorf("captureTable: no updates")
}

func (t *captureTable) Delete(_ context.Context, k store.Key, _ store.Cond) error {
	delete(t.items, k)
	return nil
}

func (t *captureTable) Query(context.Context, store.Query) (store.Page, error) {
	return store.Page{}, nil
}

// written lists the items left, in first-written order.
func (t *captureTable) written() []store.Item {
	var out []store.Item
	for _, k := range t.order {
		if it, ok := t.items[k]; ok {
			out = append(out, it)
		}
	}
	return out
}

// procStatus reads a value in kB from /proc/self/status (VmHWM, VmRSS) as MB; 0 when
// the file is not there (not Linux).
func procStatus(field string) float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}
