// Package storetest is the conformance suite of store.Table, in the spirit of
// testing/fstest: every adapter's tests call Run with a way to make a fresh, empty table,
// and the suite checks the promises store.Table documents and the repository relies on —
// conditional writes, pagination, expiry, concurrency — then
// runs the repository itself over the adapter (replayed batches, concurrent autosaves,
// completion and its pending-scoring marker).
package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/store"
	"shortlist/shared/store/table"
)

// Factory makes a fresh, empty table that judges expiry by now. It registers its own
// cleanup with t.
type Factory func(t *testing.T, now func() time.Time) store.Table

// Clock is a settable clock for expiry tests; safe for concurrent use.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock starts a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now reads the clock.
func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// Run runs the whole suite against tables made by newTable. Every test has a table of
// its own, so they run in parallel.
func Run(t *testing.T, newTable Factory) {
	t.Run("Table", func(t *testing.T) { t.Parallel(); RunTable(t, newTable) })
	t.Run("Repository", func(t *testing.T) { t.Parallel(); RunRepository(t, newTable) })
	t.Run("CrashWindows", func(t *testing.T) { t.Parallel(); testCrashWindows(t, newTable) })
	t.Run("Counts", func(t *testing.T) { t.Parallel(); RunCounts(t, newTable) })
}

// RunTable checks the port's promises.
func RunTable(t *testing.T, newTable Factory) {
	tests := []struct {
		name string
		fn   func(t *testing.T, newTable Factory)
	}{
		{"RoundTrip", testRoundTrip},
		{"GetAbsent", testGetAbsent},
		{"Conditions", testConditions},
		{"Update", testUpdate},
		{"Delete", testDelete},
		{"BatchGet", testBatchGet},
		{"QueryOrderAndPrefix", testQueryOrder},
		{"Pagination", testPagination},
		{"IndexPagination", testIndexPagination},
		{"ForeignCursor", testForeignCursor},
		{"IndexProjection", testIndexProjection},
		{"Expiry", testExpiry},
		{"ConcurrentCreate", testConcurrentCreate},
		{"BadInput", testBadInput},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { t.Parallel(); tc.fn(t, newTable) })
	}
}

// Start is the fixed time the suite's clocks start at.
var Start = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func item(pk, sk string, kv ...any) store.Item {
	it := store.Item{table.PK: pk, table.SK: sk}
	for i := 0; i+1 < len(kv); i += 2 {
		it[kv[i].(string)] = kv[i+1]
	}
	return it
}

func key(pk, sk string) store.Key { return store.Key{PK: pk, SK: sk} }

// WantCode fails t unless err carries code.
func WantCode(t *testing.T, err error, code assess.Code) {
	t.Helper()
	if got := assess.CodeOf(err); got != code {
		t.Fatalf("error %v: code %q, want %q", err, got, code)
	}
}

func mustPut(t *testing.T, tb store.Table, it store.Item) {
	t.Helper()
	if err := tb.Put(ctxT(t), it, store.Cond{}); err != nil {
		t.Fatalf("put %v: %v", it, err)
	}
}

func sameItem(t *testing.T, got, want store.Item) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("item %v, want %v", got, want)
	}
	for k, w := range want {
		w, _ = store.Normalize(w)
		g, ok := got[k]
		if !ok {
			t.Fatalf("item %v lacks %q, want %v", got, k, want)
		}
		gb, gIsB := g.([]byte)
		wb, wIsB := w.([]byte)
		if gIsB != wIsB || (gIsB && string(gb) != string(wb)) || (!gIsB && g != w) {
			t.Fatalf("item[%q] = %#v (%T), want %#v (%T)", k, g, g, w, w)
		}
	}
}

func testRoundTrip(t *testing.T, newTable Factory) {
	tb := newTable(t, NewClock(Start).Now)
	ctx := ctxT(t)
	want := item("P#1", "S#1",
		"s", "héllo ✓", "empty", "", "n", int64(1<<53+1), "neg", int64(-7),
		"b", []byte{0, 1, 2, 255}, "nob", []byte{}, "t", true, "f", false,
		table.GSI1PK, "G#1", table.GSI1SK, "X#1")
	mustPut(t, tb, want)
	got, err := tb.Get(ctx, key("P#1", "S#1"))
	if err != nil {
		t.Fatal(err)
	}
	sameItem(t, got, want)

	// A plain int is stored as int64: callers need not care about widths.
	mustPut(t, tb, item("P#1", "S#2", "n", 3))
	got, err = tb.Get(ctx, key("P#1", "S#2"))
	if err != nil {
		t.Fatal(err)
	}
	if got.Int("n") != 3 {
		t.Fatalf("n = %#v, want int64(3)", got["n"])
	}
}

func testGetAbsent(t *testing.T, newTable Factory) {
	tb := newTable(t, NewClock(Start).Now)
	_, err := tb.Get(ctxT(t), key("P#none", "S"))
	WantCode(t, err, assess.NotFound)
}

func testConditions(t *testing.T, newTable Factory) {
	clock := NewClock(Start)
	tb := newTable(t, clock.Now)
	past := Start.Add(-time.Minute).Unix()
	future := Start.Add(time.Hour).Unix()
	states := map[string]store.Item{
		"absent":  nil,
		"present": item("P", "present", "status", "active", "ver", int64(3), "b", []byte("x")),
		"expired": item("P", "expired", "status", "active", "ver", int64(3), table.TTL, past),
		"living":  item("P", "living", "status", "active", "ver", int64(3), table.TTL, future),
	}
	cases := []struct {
		cond store.Cond
		name string
		// holds on absent, present, expired, living
		want [4]bool
	}{
		{store.Cond{}, "none", [4]bool{true, true, true, true}},
		{store.Absent(), "absent", [4]bool{true, false, true, false}},
		{store.Exists(), "exists", [4]bool{false, true, false, true}},
		{store.Eq("status", "active"), "eq", [4]bool{false, true, false, true}},
		{store.Eq("status", "done"), "eq-other", [4]bool{false, false, false, false}},
		{store.Eq("ver", 3), "version", [4]bool{false, true, false, true}},
		{store.Eq("ver", int64(4)), "version-stale", [4]bool{false, false, false, false}},
		{store.Eq("ver", "3"), "type-mismatch", [4]bool{false, false, false, false}},
		{store.Eq("b", []byte("x")), "bytes", [4]bool{false, true, false, false}},
		{store.AttrAbsent("done"), "attr-absent", [4]bool{true, true, true, true}},
		{store.AttrAbsent("status"), "attr-present", [4]bool{true, false, true, false}},
		{store.Or(store.Absent(), store.Eq("status", "active")), "absent-or-active", [4]bool{true, true, true, true}},
		{store.And(store.Eq("status", "active"), store.Eq("ver", 3)), "and", [4]bool{false, true, false, true}},
		{store.And(store.Eq("status", "active"), store.Eq("ver", 9)), "and-false", [4]bool{false, false, false, false}},
		{store.Or(store.Eq("status", "x"), store.Eq("status", "y")), "or-false", [4]bool{false, false, false, false}},
	}
	order := []string{"absent", "present", "expired", "living"}
	for _, tc := range cases {
		for i, state := range order {
			t.Run(tc.name+"/"+state, func(t *testing.T) {
				ctx := ctxT(t)
				sk := state + "/" + tc.name
				if st := states[state]; st != nil {
					it := st.Clone()
					it[table.SK] = sk
					mustPut(t, tb, it)
				}
				// Both Put and (conditional) Delete must agree with Eval.
				if got := tc.cond.Eval(liveOrNil(states[state], clock.Now())); got != tc.want[i] {
					t.Fatalf("Eval = %v, want %v", got, tc.want[i])
				}
				err := tb.Put(ctx, item("P", sk, "status", "new"), tc.cond)
				if tc.want[i] {
					if err != nil {
						t.Fatalf("put: %v, want success", err)
					}
					got, err := tb.Get(ctx, key("P", sk))
					if err != nil || got.Str("status") != "new" {
						t.Fatalf("after put: %v %v", got, err)
					}
					return
				}
				WantCode(t, err, assess.Conflict)
				var cf *store.ConditionFailedError
				if !errors.As(err, &cf) {
					t.Fatalf("conflict cause = %v, want a ConditionFailedError", err)
				}
				// Nothing changed.
				got, gerr := tb.Get(ctx, key("P", sk))
				if states[state] == nil || state == "expired" {
					WantCode(t, gerr, assess.NotFound)
				} else if gerr != nil || got.Str("status") != "active" {
					t.Fatalf("after failed put: %v %v", got, gerr)
				}
			})
		}
	}
}

func liveOrNil(it store.Item, now time.Time) store.Item {
	if it == nil || store.Expired(it, table.TTL, now) {
		return nil
	}
	return it
}

func testUpdate(t *testing.T, newTable Factory) {
	tb := newTable(t, NewClock(Start).Now)
	ctx := ctxT(t)
	mustPut(t, tb, item("P", "S", "status", "active", "ver", int64(1), "gone", "x", table.GSI1PK, "G", table.GSI1SK, "old"))

	got, err := tb.Update(ctx, key("P", "S"),
		store.Update{Set: store.Item{"status": "done", "ver": 2, table.GSI1SK: "new"}, Remove: []string{"gone"}},
		store.Eq("ver", 1))
	if err != nil {
		t.Fatal(err)
	}
	want := item("P", "S", "status", "done", "ver", int64(2), table.GSI1PK, "G", table.GSI1SK, "new")
	sameItem(t, got, want)
	stored, err := tb.Get(ctx, key("P", "S"))
	if err != nil {
		t.Fatal(err)
	}
	sameItem(t, stored, want)

	// The index follows the new sort key: the old position is empty.
	page, err := tb.Query(ctx, store.Query{Index: table.GSI1, PK: "G", SKPrefix: "old"})
	if err != nil || len(page.Items) != 0 {
		t.Fatalf("old index position: %v %v", page.Items, err)
	}
	page, err = tb.Query(ctx, store.Query{Index: table.GSI1, PK: "G", SKPrefix: "new"})
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("new index position: %v %v", page.Items, err)
	}

	// A stale version, and an absent item, are conflicts; nothing is created.
	_, err = tb.Update(ctx, key("P", "S"), store.Update{Set: store.Item{"status": "x"}}, store.Eq("ver", 1))
	WantCode(t, err, assess.Conflict)
	_, err = tb.Update(ctx, key("P", "nothing"), store.Update{Set: store.Item{"status": "x"}}, store.Cond{})
	WantCode(t, err, assess.Conflict)
	_, err = tb.Get(ctx, key("P", "nothing"))
	WantCode(t, err, assess.NotFound)
}

func testDelete(t *testing.T, newTable Factory) {
	tb := newTable(t, NewClock(Start).Now)
	ctx := ctxT(t)
	mustPut(t, tb, item("P", "S", "ver", 1, table.GSI1PK, "G", table.GSI1SK, "S"))
	WantCode(t, tb.Delete(ctx, key("P", "S"), store.Eq("ver", 2)), assess.Conflict)
	if err := tb.Delete(ctx, key("P", "S"), store.Eq("ver", 1)); err != nil {
		t.Fatal(err)
	}
	_, err := tb.Get(ctx, key("P", "S"))
	WantCode(t, err, assess.NotFound)
	page, err := tb.Query(ctx, store.Query{Index: table.GSI1, PK: "G"})
	if err != nil || len(page.Items) != 0 {
		t.Fatalf("index after delete: %v %v", page.Items, err)
	}
	// Deleting what is not there is fine, unless the condition asks for it.
	if err := tb.Delete(ctx, key("P", "S"), store.Cond{}); err != nil {
		t.Fatal(err)
	}
	WantCode(t, tb.Delete(ctx, key("P", "S"), store.Exists()), assess.Conflict)
}

func testBatchGet(t *testing.T, newTable Factory) {
	tb := newTable(t, NewClock(Start).Now)
	ctx := ctxT(t)
	mustPut(t, tb, item("B", "1", "v", 1))
	mustPut(t, tb, item("B", "3", "v", 3))
	mustPut(t, tb, item("B", "4", "v", 4, table.TTL, Start.Add(-time.Second).Unix()))
	got, err := tb.BatchGet(ctx, []store.Key{key("B", "3"), key("B", "2"), key("B", "1"), key("B", "4")})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Int("v") != 3 || got[1].Int("v") != 1 {
		t.Fatalf("batch get = %v, want items 3 then 1", got)
	}
	if got, err := tb.BatchGet(ctx, nil); err != nil || len(got) != 0 {
		t.Fatalf("empty batch get = %v %v", got, err)
	}
	var keys []store.Key
	for i := range store.MaxBatchGet + 1 {
		keys = append(keys, key("B", fmt.Sprint(i)))
	}
	_, err = tb.BatchGet(ctx, keys)
	WantCode(t, err, assess.Internal)
}

func testQueryOrder(t *testing.T, newTable Factory) {
	tb := newTable(t, NewClock(Start).Now)
	ctx := ctxT(t)
	for _, sk := range []string{"B#2", "A#1", "B#10", "B#1", "C", "B"} {
		mustPut(t, tb, item("Q", sk))
	}
	mustPut(t, tb, item("Q2", "B#3")) // another partition, same prefix
	mustPut(t, tb, item("Q#", "B#4")) // a partition whose name extends Q's
	cases := []struct {
		prefix  string
		reverse bool
		want    []string
	}{
		{"", false, []string{"A#1", "B", "B#1", "B#10", "B#2", "C"}},
		{"B#", false, []string{"B#1", "B#10", "B#2"}},
		{"B#", true, []string{"B#2", "B#10", "B#1"}},
		{"", true, []string{"C", "B#2", "B#10", "B#1", "B", "A#1"}},
		{"Z", false, nil},
		{"C", true, []string{"C"}},
	}
	for _, tc := range cases {
		page, err := tb.Query(ctx, store.Query{PK: "Q", SKPrefix: tc.prefix, Reverse: tc.reverse})
		if err != nil {
			t.Fatal(err)
		}
		if got := sks(page.Items); fmt.Sprint(got) != fmt.Sprint(tc.want) || page.Cursor != "" {
			t.Errorf("prefix %q reverse %v: %v (cursor %q), want %v", tc.prefix, tc.reverse, got, page.Cursor, tc.want)
		}
	}
}

func sks(items []store.Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Str(table.SK))
	}
	return out
}

// drain reads every page of q and returns the sort keys (or GSI1 sort keys) in order.
func drain(t *testing.T, tb store.Table, q store.Query) (all []string, pages int) {
	t.Helper()
	ctx := ctxT(t)
	for {
		page, err := tb.Query(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		if pages > 1000 {
			t.Fatal("pagination does not end")
		}
		if len(page.Items) > q.EffectiveLimit() {
			t.Fatalf("page of %d items, limit %d", len(page.Items), q.EffectiveLimit())
		}
		for _, it := range page.Items {
			all = append(all, it.Str(table.SK))
		}
		if page.Cursor == "" {
			return all, pages
		}
		q.Cursor = page.Cursor
	}
}

func testPagination(t *testing.T, newTable Factory) {
	tb := newTable(t, NewClock(Start).Now)
	var want []string
	for i := range 57 {
		sk := fmt.Sprintf("I#%03d", i)
		it := item("PG", sk)
		if i%7 == 3 {
			it[table.TTL] = Start.Add(-time.Hour).Unix() // expired: never returned
		} else {
			want = append(want, sk)
		}
		mustPut(t, tb, it)
	}
	mustPut(t, tb, item("PG", "J#000")) // outside the prefix
	for _, limit := range []int{1, 4, 10, 56, 57, 100} {
		for _, reverse := range []bool{false, true} {
			got, _ := drain(t, tb, store.Query{PK: "PG", SKPrefix: "I#", Limit: limit, Reverse: reverse})
			exp := want
			if reverse {
				exp = reversed(want)
			}
			if fmt.Sprint(got) != fmt.Sprint(exp) {
				t.Errorf("limit %d reverse %v: got %d items %v, want %d exactly once in order", limit, reverse, len(got), got, len(exp))
			}
		}
	}
}

func reversed(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[len(s)-1-i] = v
	}
	return out
}

func testIndexPagination(t *testing.T, newTable Factory) {
	tb := newTable(t, NewClock(Start).Now)
	// Items of many partitions in one index partition, some sharing an index sort key.
	var want []string
	for i := range 30 {
		sk := fmt.Sprintf("S#%02d", i)
		mustPut(t, tb, item(fmt.Sprintf("P#%02d", i%4), sk, table.GSI1PK, "PARENT", table.GSI1SK, fmt.Sprintf("C#%02d", i/2)))
		want = append(want, sk)
	}
	mustPut(t, tb, item("P#x", "S#x", table.GSI1PK, "OTHER", table.GSI1SK, "C#00"))
	for _, limit := range []int{1, 3, 7, 30} {
		got, _ := drain(t, tb, store.Query{Index: table.GSI1, PK: "PARENT", SKPrefix: "C#", Limit: limit})
		if len(got) != len(want) || !sameSet(got, want) {
			t.Errorf("limit %d: got %v, want each of %v once", limit, got, want)
		}
	}
}

func sameSet(a, b []string) bool {
	seen := map[string]int{}
	for _, s := range a {
		seen[s]++
	}
	for _, s := range b {
		if seen[s] != 1 {
			return false
		}
		delete(seen, s)
	}
	return len(seen) == 0
}

func testForeignCursor(t *testing.T, newTable Factory) {
	tb := newTable(t, NewClock(Start).Now)
	ctx := ctxT(t)
	for i := range 3 {
		mustPut(t, tb, item("A", fmt.Sprint(i)))
		mustPut(t, tb, item("B", fmt.Sprint(i)))
	}
	page, err := tb.Query(ctx, store.Query{PK: "A", Limit: 1})
	if err != nil || page.Cursor == "" {
		t.Fatalf("first page: %v %v", page, err)
	}
	for name, q := range map[string]store.Query{
		"other partition": {PK: "B", Limit: 1, Cursor: page.Cursor},
		"other prefix":    {PK: "A", SKPrefix: "2", Limit: 1, Cursor: page.Cursor},
		"other index":     {Index: table.GSI1, PK: "A", Limit: 1, Cursor: page.Cursor},
		"garbage":         {PK: "A", Cursor: "not a cursor!"},
		"base64 garbage":  {PK: "A", Cursor: "eyJ4Ijoi"},
	} {
		_, err := tb.Query(ctx, q)
		if assess.CodeOf(err) != assess.Invalid {
			t.Errorf("%s: %v, want invalid", name, err)
		}
	}
}

func testExpiry(t *testing.T, newTable Factory) {
	clock := NewClock(Start)
	tb := newTable(t, clock.Now)
	ctx := ctxT(t)
	exp := Start.Add(10 * time.Second).Unix()
	mustPut(t, tb, item("E", "tok", "v", 1, table.TTL, exp, table.GSI1PK, "EG", table.GSI1SK, "tok"))
	if _, err := tb.Get(ctx, key("E", "tok")); err != nil {
		t.Fatalf("before expiry: %v", err)
	}
	clock.Advance(9 * time.Second)
	if _, err := tb.Get(ctx, key("E", "tok")); err != nil {
		t.Fatalf("1 s before expiry: %v", err)
	}
	clock.Advance(time.Second) // expiry is inclusive: at exp the item is gone
	_, err := tb.Get(ctx, key("E", "tok"))
	WantCode(t, err, assess.NotFound)
	for _, q := range []store.Query{{PK: "E"}, {Index: table.GSI1, PK: "EG"}} {
		page, err := tb.Query(ctx, q)
		if err != nil || len(page.Items) != 0 {
			t.Fatalf("query %+v after expiry: %v %v", q, page.Items, err)
		}
	}
	if got, err := tb.BatchGet(ctx, []store.Key{key("E", "tok")}); err != nil || len(got) != 0 {
		t.Fatalf("batch get after expiry: %v %v", got, err)
	}
	// Update sees no item; create-if-absent reuses the key.
	_, err = tb.Update(ctx, key("E", "tok"), store.Update{Set: store.Item{"v": 2}}, store.Cond{})
	WantCode(t, err, assess.Conflict)
	if err := tb.Put(ctx, item("E", "tok", "v", 3), store.Absent()); err != nil {
		t.Fatalf("create over an expired item: %v", err)
	}
	got, err := tb.Get(ctx, key("E", "tok"))
	if err != nil || got.Int("v") != 3 {
		t.Fatalf("recreated: %v %v", got, err)
	}
	// The recreated item is not in the index any more (it has no index keys).
	page, err := tb.Query(ctx, store.Query{Index: table.GSI1, PK: "EG"})
	if err != nil || len(page.Items) != 0 {
		t.Fatalf("index after recreate: %v %v", page.Items, err)
	}
}

func testConcurrentCreate(t *testing.T, newTable Factory) {
	tb := newTable(t, NewClock(Start).Now)
	ctx := ctxT(t)
	const writers, keys = 16, 8
	var wg sync.WaitGroup
	var mu sync.Mutex
	won := map[string]int{}
	errs := make(chan error, writers*keys)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range keys {
				sk := fmt.Sprintf("K#%d", k)
				err := tb.Put(ctx, item("C", sk, "writer", w), store.Absent())
				switch assess.CodeOf(err) {
				case "":
					mu.Lock()
					won[sk]++
					mu.Unlock()
				case assess.Conflict:
				default:
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent create: %v", err)
	}
	for k := range keys {
		if n := won[fmt.Sprintf("K#%d", k)]; n != 1 {
			t.Errorf("key %d created %d times, want exactly once", k, n)
		}
	}
}

func testBadInput(t *testing.T, newTable Factory) {
	tb := newTable(t, NewClock(Start).Now)
	ctx := ctxT(t)
	cases := map[string]error{
		"no sort key":      tb.Put(ctx, store.Item{table.PK: "P"}, store.Cond{}),
		"number key":       tb.Put(ctx, store.Item{table.PK: "P", table.SK: 1}, store.Cond{}),
		"float value":      tb.Put(ctx, item("P", "S", "f", 1.5), store.Cond{}),
		"half index key":   tb.Put(ctx, item("P", "S", table.GSI1PK, "G"), store.Cond{}),
		"NUL in key":       tb.Put(ctx, item("P\x00", "S"), store.Cond{}),
		"set a key":        updateErr(tb.Update(ctx, key("P", "S"), store.Update{Set: store.Item{table.SK: "x"}}, store.Cond{})),
		"empty update":     updateErr(tb.Update(ctx, key("P", "S"), store.Update{}, store.Cond{})),
		"unknown index":    queryErr(tb.Query(ctx, store.Query{Index: "nope", PK: "P"})),
		"no partition":     queryErr(tb.Query(ctx, store.Query{})),
		"limit too large":  queryErr(tb.Query(ctx, store.Query{PK: "P", Limit: store.MaxQueryLimit + 1})),
		"empty key to get": getErr(tb.Get(ctx, store.Key{})),
	}
	for name, err := range cases {
		if assess.CodeOf(err) != assess.Internal {
			t.Errorf("%s: %v, want internal", name, err)
		}
	}
}

func updateErr(_ store.Item, err error) error { return err }
func queryErr(_ store.Page, err error) error  { return err }
func getErr(_ store.Item, err error) error    { return err }

func testIndexProjection(t *testing.T, newTable Factory) {
	tb := newTable(t, NewClock(Start).Now)
	ctx := ctxT(t)
	full := item("P", "S", table.GSI1PK, "G", table.GSI1SK, "C", "x", "secret", "n", 7, table.TTL, Start.Add(time.Hour).Unix())
	mustPut(t, tb, full)
	page, err := tb.Query(ctx, store.Query{Index: table.GSI1, PK: "G"})
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("index query: %v %v", page.Items, err)
	}
	ix, _ := table.Shortlist().Index(table.GSI1)
	want := store.Item{}
	switch ix.Projection {
	case "ALL":
		want = full
	default:
		for _, name := range append([]string{table.PK, table.SK, table.GSI1PK, table.GSI1SK}, ix.NonKey...) {
			want[name] = full[name]
		}
	}
	sameItem(t, page.Items[0], want)
}
