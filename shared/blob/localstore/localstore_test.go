package localstore

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"shortlist/shared/blob/blobtest"
)

// newServed starts a store behind its own handler on a loopback test server.
func newServed(t *testing.T) (*Store, *httptest.Server) {
	t.Helper()
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	s, err := New(t.TempDir(), nil, srv.URL+"/files")
	if err != nil {
		t.Fatal(err)
	}
	mux.Handle("/files/", s.Handler())
	return s, srv
}

func TestConformance(t *testing.T) {
	s, _ := newServed(t)
	blobtest.Run(t, blobtest.Harness{Store: s, Versions: s.Versions, Prefix: blobtest.UniquePrefix("localstore")})
}

func TestNewValidates(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name   string
		secret []byte
		base   string
	}{
		{"short secret", []byte("too short"), "http://127.0.0.1:8080/files"},
		{"relative base", nil, "/files"},
		{"ftp base", nil, "ftp://127.0.0.1/files"},
		{"base with query", nil, "http://127.0.0.1/files?x=1"},
	} {
		if _, err := New(dir, tc.secret, tc.base); err == nil {
			t.Errorf("%s: New accepted it", tc.name)
		}
	}
	if _, err := New("", nil, "http://127.0.0.1/files"); err == nil {
		t.Error("no directory: New accepted it")
	}
}

// TestHandlerRejects covers what the shared suite cannot express for every adapter:
// methods, escaped paths, and links signed by another process.
func TestHandlerRejects(t *testing.T) {
	s, srv := newServed(t)
	ctx := context.Background()
	if err := s.Put(ctx, "org/r.pdf", "application/pdf", []byte("%PDF")); err != nil {
		t.Fatal(err)
	}
	link, err := s.PresignGet(ctx, "org/r.pdf", "r.pdf", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	other, err := New(t.TempDir(), []byte(strings.Repeat("k", 32)), srv.URL+"/files")
	if err != nil {
		t.Fatal(err)
	}
	foreign, _ := other.PresignGet(ctx, "org/r.pdf", "r.pdf", time.Minute)
	u, _ := url.Parse(link)
	for _, tc := range []struct {
		name, method, url string
		want              int
	}{
		{"post", http.MethodPost, link, http.StatusMethodNotAllowed},
		{"head works", http.MethodHead, link, http.StatusOK},
		{"escaped key", http.MethodGet, strings.Replace(link, "org/r.pdf", "org/%72.pdf", 1), http.StatusForbidden},
		{"traversal", http.MethodGet, srv.URL + "/files/org/..%2f..%2fetc/passwd?" + u.RawQuery, http.StatusForbidden},
		{"another secret", http.MethodGet, foreign, http.StatusForbidden},
		{"doubled param", http.MethodGet, link + "&X-Expires=1", http.StatusForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, tc.url, nil)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != tc.want {
				t.Fatalf("%s %s: status %d; want %d", tc.method, tc.url, res.StatusCode, tc.want)
			}
			if cc := res.Header.Get("Cache-Control"); cc != "private, no-store" {
				t.Errorf("Cache-Control %q; want private, no-store", cc)
			}
		})
	}
}

// TestExpiryByClock checks the boundary without waiting: valid up to the second before
// the expiry, refused from it on.
func TestExpiryByClock(t *testing.T) {
	s, err := New(t.TempDir(), nil, "http://127.0.0.1/files")
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Unix(1_800_000_000, 0)
	s.now = func() time.Time { return t0 }
	link, err := s.PresignGet(context.Background(), "a/b.pdf", "b.pdf", 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(link)
	for _, tc := range []struct {
		after time.Duration
		ok    bool
	}{{0, true}, {9 * time.Second, true}, {10 * time.Second, false}, {time.Hour, false}} {
		s.now = func() time.Time { return t0.Add(tc.after) }
		if _, _, ok := s.verify(u); ok != tc.ok {
			t.Errorf("%s after signing: valid=%v; want %v", tc.after, ok, tc.ok)
		}
	}
}

// FuzzVerify feeds arbitrary request URLs to the link check: it must never panic, and
// nothing but the signed link (or a spelling that parses to the same values) passes.
func FuzzVerify(f *testing.F) {
	s, err := New(f.TempDir(), []byte(strings.Repeat("s", 32)), "http://127.0.0.1/files")
	if err != nil {
		f.Fatal(err)
	}
	link, _ := s.PresignGet(context.Background(), "org/r.pdf", "Informe.pdf", time.Minute)
	u, _ := url.Parse(link)
	f.Add(u.RequestURI())
	f.Add("/files/org/r.pdf")
	f.Add("/files/../x?X-Signature=00")
	f.Fuzz(func(t *testing.T, requestURI string) {
		v, err := url.ParseRequestURI(requestURI)
		if err != nil {
			return
		}
		key, _, ok := s.verify(v)
		if ok && key != "org/r.pdf" {
			t.Fatalf("verified %q as key %q", requestURI, key)
		}
	})
}
