package api_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"shortlist/shared/api"
	"shortlist/shared/store"
)

// The DynamoDB actions each function's code really uses, recorded over every test of this
// package, are kept in testdata/function-actions.json; infra's tests grant exactly those
// (infra/stack_test.go reads the file). A code path that starts using a new action fails
// here until the file is updated (go test ./shared/api -update), and then fails infra's
// tests until the function is granted it: no AccessDenied in production.

var update = flag.Bool("update", false, "rewrite testdata/function-actions.json from this run")

const actionsFile = "testdata/function-actions.json"

type fnKey struct{}

// withFunction marks ctx as running in function fn (the recorder attributes calls to it).
func withFunction(ctx context.Context, fn string) context.Context {
	return context.WithValue(ctx, fnKey{}, fn)
}

var recorded = struct {
	sync.Mutex
	used map[string]map[string]bool
}{used: map[string]map[string]bool{}}

func record(ctx context.Context, actions ...string) {
	fn, _ := ctx.Value(fnKey{}).(string)
	if fn == "" {
		return // a test's own set-up or check, not a function
	}
	recorded.Lock()
	defer recorded.Unlock()
	if recorded.used[fn] == nil {
		recorded.used[fn] = map[string]bool{}
	}
	for _, a := range actions {
		recorded.used[fn][a] = true
	}
}

// recordingTable is a store.Table that notes which DynamoDB action each call would be.
type recordingTable struct{ store.Table }

func (t recordingTable) Get(ctx context.Context, k store.Key) (store.Item, error) {
	record(ctx, "dynamodb:GetItem")
	return t.Table.Get(ctx, k)
}

func (t recordingTable) BatchGet(ctx context.Context, keys []store.Key) ([]store.Item, error) {
	record(ctx, "dynamodb:BatchGetItem")
	return t.Table.BatchGet(ctx, keys)
}

func (t recordingTable) Put(ctx context.Context, it store.Item, c store.Cond) error {
	record(ctx, "dynamodb:PutItem")
	return t.Table.Put(ctx, it, c)
}

func (t recordingTable) Update(ctx context.Context, k store.Key, u store.Update, c store.Cond) (store.Item, error) {
	record(ctx, "dynamodb:UpdateItem")
	return t.Table.Update(ctx, k, u, c)
}

func (t recordingTable) Delete(ctx context.Context, k store.Key, c store.Cond) error {
	record(ctx, "dynamodb:DeleteItem")
	return t.Table.Delete(ctx, k, c)
}

func (t recordingTable) Query(ctx context.Context, q store.Query) (store.Page, error) {
	record(ctx, "dynamodb:Query")
	if q.Index != "" {
		record(ctx, "dynamodb:Query on indexes")
	}
	return t.Table.Query(ctx, q)
}

// functionOf tags each request with the function the routing table sends it to.
func functionOf(next http.Handler) http.Handler {
	patterns := http.NewServeMux()
	fnByPattern := map[string]string{}
	for _, rt := range api.Routes {
		p := rt.Method + " " + rt.Pattern
		fnByPattern[p] = rt.Function
		patterns.Handle(p, http.NotFoundHandler())
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, p := patterns.Handler(r); fnByPattern[p] != "" {
			r = r.WithContext(withFunction(r.Context(), fnByPattern[p]))
		}
		next.ServeHTTP(w, r)
	})
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if code != 0 || flag.Lookup("test.run").Value.String() != "" {
		os.Exit(code) // only a whole, passing run sees every path
	}
	if err := checkActions(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(code)
}

func checkActions() error {
	got := map[string][]string{}
	for fn, set := range recorded.used {
		for a := range set {
			got[fn] = append(got[fn], a)
		}
		sort.Strings(got[fn])
	}
	b, _ := json.MarshalIndent(got, "", "  ")
	b = append(b, '\n')
	if *update {
		return os.WriteFile(actionsFile, b, 0o644)
	}
	want, err := os.ReadFile(actionsFile)
	if err != nil {
		return err
	}
	if strings.TrimSpace(string(want)) != strings.TrimSpace(string(b)) {
		return fmt.Errorf("the functions' DynamoDB actions changed; if that is intended run `go test ./shared/api -update` and grant them in infra/functions.go.\nrecorded:\n%s\n%s holds:\n%s", b, actionsFile, want)
	}
	return nil
}
