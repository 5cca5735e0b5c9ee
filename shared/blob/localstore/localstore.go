// Package localstore is the blob.Store for the dev server: files under a data directory,
// served by its own HTTP handler through links signed with HMAC-SHA-256 that expire like
// presigned S3 links. It behaves as S3 does where a client can tell: a changed
// character anywhere in the link, an expired link or an unsigned request gets 403, and
// a deleted object 404. It keeps one version per key, so Delete is trivially complete.
package localstore

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/blob"
)

// Query parameters of a link. The signature covers the key and the other two.
const (
	paramExpires     = "X-Expires"
	paramDisposition = "X-Disposition"
	paramSignature   = "X-Signature"
)

// MinSecretLen is the shortest HMAC key accepted: 256 bits, the hash's own size.
const MinSecretLen = 32

// Store keeps objects under dir and links under base.
type Store struct {
	dir    string
	secret []byte
	base   *url.URL
	now    func() time.Time
}

var _ blob.Store = (*Store)(nil)

// New stores files under dir (created if missing) and issues links under baseURL, an
// absolute http(s) URL where the caller mounts Handler (e.g.
// "http://127.0.0.1:8080/files"). secret signs the links; nil generates a random one,
// so links die with the process — fine for a dev server, and nothing to configure.
func New(dir string, secret []byte, baseURL string) (*Store, error) {
	if dir == "" {
		return nil, errors.New("localstore: no data directory")
	}
	base, err := url.Parse(strings.TrimSuffix(baseURL, "/"))
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" || base.RawQuery != "" {
		return nil, fmt.Errorf("localstore: base URL %q must be an absolute http(s) URL without a query", baseURL)
	}
	if secret == nil {
		secret = make([]byte, MinSecretLen)
		if _, err := rand.Read(secret); err != nil {
			return nil, fmt.Errorf("localstore: generating a signing key: %w", err)
		}
	}
	if len(secret) < MinSecretLen {
		return nil, fmt.Errorf("localstore: signing key has %d bytes; want at least %d", len(secret), MinSecretLen)
	}
	for _, sub := range []string{"objects", "types"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o700); err != nil {
			return nil, fmt.Errorf("localstore: %w", err)
		}
	}
	return &Store{dir: dir, secret: append([]byte(nil), secret...), base: base, now: time.Now}, nil
}

// path maps a checked key (blob.CheckKey: no "..", no empty segments, a narrow
// alphabet) to a file under tree.
func (s *Store) path(tree, key string) string {
	return filepath.Join(s.dir, tree, filepath.FromSlash(key))
}

func failed(op string, err error) error {
	return &assess.Error{Code: assess.Unavailable, Message: "report storage is unavailable", Err: fmt.Errorf("localstore %s: %w", op, err)}
}

// Put writes the object and its content type, each through a temporary file and a
// rename, so a reader never sees half a report.
func (s *Store) Put(ctx context.Context, key, contentType string, body []byte) error {
	if err := blob.CheckKey(key); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return failed("put", err)
	}
	if err := writeAtomic(s.path("types", key), []byte(contentType)); err != nil {
		return failed("put", err)
	}
	if err := writeAtomic(s.path("objects", key), body); err != nil {
		return failed("put", err)
	}
	return nil
}

// Get reads key's body.
func (s *Store) Get(ctx context.Context, key string) ([]byte, error) {
	if err := blob.CheckKey(key); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, failed("get", err)
	}
	b, err := os.ReadFile(s.path("objects", key))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, assess.Errorf(assess.NotFound, "no object %s", key)
	}
	if err != nil {
		return nil, failed("get", err)
	}
	return b, nil
}

// Exists implements blob.Stater.
func (s *Store) Exists(ctx context.Context, key string) (bool, error) {
	if err := blob.CheckKey(key); err != nil {
		return false, err
	}
	if err := ctx.Err(); err != nil {
		return false, failed("stat", err)
	}
	_, err := os.Stat(s.path("objects", key))
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, failed("stat", err)
	}
	return true, nil
}

func writeAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // a no-op once renamed
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// PresignGet signs a link to key for ttl.
func (s *Store) PresignGet(ctx context.Context, key, filename string, ttl time.Duration) (string, error) {
	if err := blob.CheckKey(key); err != nil {
		return "", err
	}
	if err := blob.CheckTTL(ttl); err != nil {
		return "", err
	}
	exp := strconv.FormatInt(s.now().Add(ttl).Unix(), 10)
	disp := blob.ContentDisposition(filename)
	q := url.Values{}
	q.Set(paramExpires, exp)
	q.Set(paramDisposition, disp)
	q.Set(paramSignature, s.sign(key, exp, disp))
	u := *s.base
	u.Path = s.base.Path + "/" + key
	u.RawPath = ""
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// sign is HMAC-SHA-256 over the method, key, expiry and disposition, each on its own
// line: none of them can hold a newline, so no two inputs share a message.
func (s *Store) sign(key, exp, disp string) string {
	m := hmac.New(sha256.New, s.secret)
	m.Write([]byte("GET\n" + key + "\n" + exp + "\n" + disp))
	return hex.EncodeToString(m.Sum(nil))
}

// Delete removes key; a missing key is not an error.
func (s *Store) Delete(ctx context.Context, key string) error {
	if err := blob.CheckKey(key); err != nil {
		return err
	}
	for _, tree := range []string{"objects", "types"} {
		if err := os.Remove(s.path(tree, key)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return failed("delete", err)
		}
	}
	return nil
}

// DeletePrefix removes every key under prefix.
func (s *Store) DeletePrefix(ctx context.Context, prefix string) error {
	if err := blob.CheckPrefix(prefix); err != nil {
		return err
	}
	for _, tree := range []string{"objects", "types"} {
		if err := os.RemoveAll(s.path(tree, strings.TrimSuffix(prefix, "/"))); err != nil {
			return failed("delete prefix", err)
		}
	}
	return nil
}

// Versions is 1 when key is stored and 0 when not: the local store keeps no history.
func (s *Store) Versions(ctx context.Context, key string) (int, error) {
	if err := blob.CheckKey(key); err != nil {
		return 0, err
	}
	_, err := os.Stat(s.path("objects", key))
	switch {
	case err == nil:
		return 1, nil
	case errors.Is(err, fs.ErrNotExist):
		return 0, nil
	}
	return 0, failed("stat", err)
}

// Handler serves signed links. Mount it at the base URL's path, e.g.
// mux.Handle("/files/", store.Handler()).
func (s *Store) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Cache-Control", "private, no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		key, disp, ok := s.verify(r.URL)
		if !ok {
			// One answer for a bad signature, an expired link, a malformed one or no
			// signature at all, as S3 gives: the reason would only help an attacker.
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		f, err := os.Open(s.path("objects", key))
		if err != nil {
			http.Error(w, "not found", http.StatusNotFound)
			return
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil || st.IsDir() {
			http.Error(w, "not found", http.StatusNotFound)
			return
		}
		ctype, err := os.ReadFile(s.path("types", key))
		if err != nil || len(ctype) == 0 {
			ctype = []byte("application/octet-stream")
		}
		h.Set("Content-Type", string(ctype))
		h.Set("Content-Disposition", disp)
		http.ServeContent(w, r, "", st.ModTime(), f)
	})
}

// verify checks a link: the key under the base path, a well-formed expiry not passed
// and not further than blob.MaxTTL ahead, and the signature over all of it, compared
// in constant time. The signature is checked before the file is looked up, so an
// unsigned caller cannot learn which keys exist.
func (s *Store) verify(u *url.URL) (key, disp string, ok bool) {
	prefix := s.base.Path + "/"
	// EscapedPath: a key never needs escaping (blob.CheckKey), so an escaped
	// character in the path is a changed link, not another spelling of the same one.
	p := u.EscapedPath()
	if !strings.HasPrefix(p, prefix) {
		return "", "", false
	}
	key = strings.TrimPrefix(p, prefix)
	if blob.CheckKey(key) != nil {
		return "", "", false
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil || len(q[paramExpires]) != 1 || len(q[paramDisposition]) != 1 || len(q[paramSignature]) != 1 {
		return "", "", false
	}
	exp, disp, sig := q.Get(paramExpires), q.Get(paramDisposition), q.Get(paramSignature)
	want := s.sign(key, exp, disp)
	if !hmac.Equal([]byte(sig), []byte(want)) {
		return "", "", false
	}
	t, err := strconv.ParseInt(exp, 10, 64)
	if err != nil {
		return "", "", false
	}
	now := s.now().Unix()
	if now >= t || t-now > int64(blob.MaxTTL/time.Second)+1 {
		return "", "", false
	}
	return key, disp, true
}
