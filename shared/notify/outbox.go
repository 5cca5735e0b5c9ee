package notify

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// Outbox is a Sender that keeps each message as a JSON file in a directory instead of
// sending it: the dev server's stand-in for email, shown on its outbox page.
//
// A file is named "<sent time, UTC nanoseconds>-<id>.json", so names sort by time. The id
// is derived from the idempotency key, so sending the same message twice keeps the first
// one and returns its id (within one process: Send holds a lock while it checks and
// writes). Files are written whole (a temporary file renamed into place).
type Outbox struct {
	Dir string
	Now func() time.Time // nil: time.Now

	mu sync.Mutex
}

// OutboxEntry is one kept message.
type OutboxEntry struct {
	ID     string    `json:"id"`
	SentAt time.Time `json:"sentAt"`
	Message
}

// NewOutbox creates dir if needed.
func NewOutbox(dir string) (*Outbox, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("notify: outbox: %w", err)
	}
	return &Outbox{Dir: dir}, nil
}

// Send writes m to the outbox and returns its id.
func (o *Outbox) Send(_ context.Context, m Message) (string, error) {
	if err := m.Validate(); err != nil {
		return "", err
	}
	id := outboxID(m.IdempotencyKey)
	o.mu.Lock()
	defer o.mu.Unlock()
	if m.IdempotencyKey != "" {
		if existing, _ := filepath.Glob(filepath.Join(o.Dir, "*-"+id+".json")); len(existing) > 0 {
			return id, nil
		}
	}
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	at := now().UTC()
	body, err := json.MarshalIndent(OutboxEntry{ID: id, SentAt: at, Message: m}, "", "  ")
	if err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(o.Dir, ".outbox-*")
	if err != nil {
		return "", fmt.Errorf("notify: outbox: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(body); err != nil {
		tmp.Close()
		return "", fmt.Errorf("notify: outbox: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("notify: outbox: %w", err)
	}
	name := fmt.Sprintf("%020d-%s.json", at.UnixNano(), id)
	if err := os.Rename(tmp.Name(), filepath.Join(o.Dir, name)); err != nil {
		return "", fmt.Errorf("notify: outbox: %w", err)
	}
	return id, nil
}

// List returns up to limit messages (all when limit <= 0), newest first.
func (o *Outbox) List(limit int) ([]OutboxEntry, error) {
	names, err := o.names()
	if err != nil {
		return nil, err
	}
	slices.Reverse(names)
	if limit > 0 && len(names) > limit {
		names = names[:limit]
	}
	out := make([]OutboxEntry, 0, len(names))
	for _, name := range names {
		e, err := o.read(name)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// Get returns the message with id; a missing one is an error wrapping fs.ErrNotExist.
func (o *Outbox) Get(id string) (OutboxEntry, error) {
	if !validOutboxID(id) {
		return OutboxEntry{}, fmt.Errorf("notify: outbox: %q: %w", id, fs.ErrNotExist)
	}
	names, err := o.names()
	if err != nil {
		return OutboxEntry{}, err
	}
	for _, name := range names {
		if strings.HasSuffix(name, "-"+id+".json") {
			return o.read(name)
		}
	}
	return OutboxEntry{}, fmt.Errorf("notify: outbox: %q: %w", id, fs.ErrNotExist)
}

// names lists the message files, oldest first.
func (o *Outbox) names() ([]string, error) {
	entries, err := os.ReadDir(o.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("notify: outbox: %w", err)
	}
	var names []string
	for _, e := range entries {
		if n := e.Name(); !e.IsDir() && !strings.HasPrefix(n, ".") && strings.HasSuffix(n, ".json") {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names, nil
}

func (o *Outbox) read(name string) (OutboxEntry, error) {
	body, err := os.ReadFile(filepath.Join(o.Dir, name))
	if err != nil {
		return OutboxEntry{}, fmt.Errorf("notify: outbox: %w", err)
	}
	var e OutboxEntry
	if err := json.Unmarshal(body, &e); err != nil {
		return OutboxEntry{}, fmt.Errorf("notify: outbox: %s: %w", name, err)
	}
	return e, nil
}

// outboxID is 32 hex digits: from the key's hash, or random without a key.
func outboxID(key string) string {
	if key == "" {
		b := make([]byte, 16)
		_, _ = rand.Read(b)
		return hex.EncodeToString(b)
	}
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:16])
}

func validOutboxID(id string) bool {
	if len(id) != 32 {
		return false
	}
	_, err := hex.DecodeString(id)
	return err == nil
}
