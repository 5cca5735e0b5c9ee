// Package bolt implements store.Table on an embedded bbolt file: the default store of the
// dev server and of tests, so `go run ./scripts/dev` needs nothing but Go.
//
// Layout: one file, <dir>/shortlist.db. Bucket "items" maps pk NUL sk to the item (JSON
// with one type tag per attribute, so int64 and []byte survive); bucket "ix/<index>" maps
// ipk NUL isk NUL pk NUL sk to nothing, one entry per item that carries both index keys.
// NUL sorts before every other byte, so byte order of the joined keys is DynamoDB's order of
// (partition, sort key) for string keys, and a sort-key prefix is a byte prefix.
//
// bbolt runs one writer at a time and every write transaction is fsynced before it
// returns, so an acknowledged write survives a crash of the dev server. Expired items stay
// on disk until overwritten or deleted, exactly like DynamoDB Local, and are invisible
// to reads and conditions.
package bolt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"go.etcd.io/bbolt"

	"shortlist/shared/assess"
	"shortlist/shared/store"
	"shortlist/shared/store/table"
)

// FileName is the database file inside the data directory.
const FileName = "shortlist.db"

var itemsBucket = []byte("items")

// Options tune a Table; the zero value is fine.
type Options struct {
	// Now is the clock expiry is judged by (time.Now when nil).
	Now func() time.Time
	// LockTimeout bounds the wait for the file lock another process holds (1 s when 0):
	// a second dev server on the same directory fails with a clear error instead of hanging.
	LockTimeout time.Duration
}

// Table is store.Table on one bbolt file. It is safe for concurrent use.
type Table struct {
	db  *bbolt.DB
	def table.Definition
	now func() time.Time
}

var _ store.Table = (*Table)(nil)

// Open opens (creating when needed) the database under dir.
func Open(dir string, def table.Definition, opts Options) (*Table, error) {
	if dir == "" {
		return nil, errors.New("bolt: empty data directory")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("bolt: creating data directory: %w", err)
	}
	timeout := opts.LockTimeout
	if timeout == 0 {
		timeout = time.Second
	}
	path := filepath.Join(dir, FileName)
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: timeout})
	if err != nil {
		return nil, fmt.Errorf("bolt: opening %s (is another process using it?): %w", path, err)
	}
	err = db.Update(func(tx *bbolt.Tx) error {
		if _, err := tx.CreateBucketIfNotExists(itemsBucket); err != nil {
			return err
		}
		for _, ix := range def.Indexes {
			if _, err := tx.CreateBucketIfNotExists(indexBucket(ix.Name)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("bolt: creating buckets: %w", err)
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	return &Table{db: db, def: def, now: now}, nil
}

// Close releases the file.
func (t *Table) Close() error { return t.db.Close() }

func indexBucket(name string) []byte { return []byte("ix/" + name) }

func join(parts ...string) []byte { return []byte(strings.Join(parts, "\x00")) }

func itemKey(k store.Key) []byte { return join(k.PK, k.SK) }

// Get implements store.Table.
func (t *Table) Get(ctx context.Context, k store.Key) (store.Item, error) {
	if err := ctx.Err(); err != nil {
		return nil, store.ErrUnavailable(err)
	}
	if err := store.CheckKey(k); err != nil {
		return nil, err
	}
	var it store.Item
	err := t.db.View(func(tx *bbolt.Tx) error {
		var err error
		it, err = t.live(tx, k)
		return err
	})
	if err != nil {
		return nil, t.wrap(err)
	}
	if it == nil {
		return nil, store.ErrNotFound()
	}
	return it, nil
}

// BatchGet implements store.Table.
func (t *Table) BatchGet(ctx context.Context, keys []store.Key) ([]store.Item, error) {
	if err := ctx.Err(); err != nil {
		return nil, store.ErrUnavailable(err)
	}
	if err := store.CheckKeys(keys); err != nil {
		return nil, err
	}
	var out []store.Item
	err := t.db.View(func(tx *bbolt.Tx) error {
		for _, k := range keys {
			it, err := t.live(tx, k)
			if err != nil {
				return err
			}
			if it != nil {
				out = append(out, it)
			}
		}
		return nil
	})
	if err != nil {
		return nil, t.wrap(err)
	}
	return out, nil
}

// op is one write of a bbolt transaction.
type op struct {
	kind   opKind
	key    store.Key
	item   store.Item // put
	update store.Update
	cond   store.Cond
}

type opKind int

const (
	opPut opKind = iota + 1
	opUpdate
	opDelete
)

// Put implements store.Table.
func (t *Table) Put(ctx context.Context, it store.Item, c store.Cond) error {
	it, err := store.CheckItem(t.def, it)
	if err != nil {
		return err
	}
	_, err = t.apply(ctx, []op{{kind: opPut, key: it.Key(t.def.PartitionKey, t.def.SortKey), item: it, cond: c}})
	return err
}

// Update implements store.Table.
func (t *Table) Update(ctx context.Context, k store.Key, u store.Update, c store.Cond) (store.Item, error) {
	if err := store.CheckKey(k); err != nil {
		return nil, err
	}
	u, err := store.CheckUpdate(t.def, u)
	if err != nil {
		return nil, err
	}
	written, err := t.apply(ctx, []op{{kind: opUpdate, key: k, update: u, cond: store.And(store.Exists(), c)}})
	if err != nil {
		return nil, err
	}
	return written[0], nil
}

// Delete implements store.Table.
func (t *Table) Delete(ctx context.Context, k store.Key, c store.Cond) error {
	if err := store.CheckKey(k); err != nil {
		return err
	}
	_, err := t.apply(ctx, []op{{kind: opDelete, key: k, cond: c}})
	return err
}

// PutAll writes items unconditionally in one bbolt transaction (one file sync for all of
// them, where a Put each syncs the file once per item): for bulk loads such as the cohort
// bench's synthetic candidates. It is not part of store.Table.
func (t *Table) PutAll(ctx context.Context, items ...store.Item) error {
	ops := make([]op, len(items))
	for i, it := range items {
		it, err := store.CheckItem(t.def, it)
		if err != nil {
			return err
		}
		ops[i] = op{kind: opPut, key: it.Key(t.def.PartitionKey, t.def.SortKey), item: it}
	}
	_, err := t.apply(ctx, ops)
	return err
}

// apply runs ops (checked, at most one per key) in one write transaction: every condition
// is checked before anything is written, so a failed one writes nothing. It returns the
// items as written (nil for deletes).
func (t *Table) apply(ctx context.Context, ops []op) ([]store.Item, error) {
	if err := ctx.Err(); err != nil {
		return nil, store.ErrUnavailable(err)
	}
	seen := make(map[store.Key]bool, len(ops))
	for _, o := range ops {
		if seen[o.key] {
			return nil, store.ErrInternal(fmt.Errorf("bolt: two writes of %q/%q in one transaction", o.key.PK, o.key.SK))
		}
		seen[o.key] = true
	}
	written := make([]store.Item, len(ops))
	err := t.db.Update(func(tx *bbolt.Tx) error {
		curs := make([]store.Item, len(ops))
		for i, o := range ops {
			cur, err := t.live(tx, o.key)
			if err != nil {
				return err
			}
			if !o.cond.Eval(cur) {
				return store.ErrConflict()
			}
			curs[i] = cur
		}
		for i, o := range ops {
			switch o.kind {
			case opPut:
				if err := t.write(tx, o.key, o.item); err != nil {
					return err
				}
				written[i] = o.item
			case opUpdate:
				next := curs[i].Clone()
				for name, v := range o.update.Set {
					next[name] = v
				}
				for _, name := range o.update.Remove {
					delete(next, name)
				}
				for name, n := range o.update.Add {
					next[name] = next.Int(name) + n
				}
				if err := t.write(tx, o.key, next); err != nil {
					return err
				}
				written[i] = next
			case opDelete:
				if err := t.remove(tx, o.key); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, t.wrap(err)
	}
	return written, nil
}

// Query implements store.Table.
func (t *Table) Query(ctx context.Context, q store.Query) (store.Page, error) {
	if err := ctx.Err(); err != nil {
		return store.Page{}, store.ErrUnavailable(err)
	}
	ka, pos, err := store.QueryKeys(t.def, q)
	if err != nil {
		return store.Page{}, err
	}
	bucket := itemsBucket
	prefix := join(q.PK, q.SKPrefix)
	var after []byte // the cursor's position in this bucket's key space
	if q.Index != "" {
		bucket = indexBucket(q.Index)
		if pos != nil {
			after = join(pos[ka.PK], pos[ka.SK], pos[t.def.PartitionKey], pos[t.def.SortKey])
		}
	} else if pos != nil {
		after = join(pos[ka.PK], pos[ka.SK])
	}
	limit := q.EffectiveLimit()

	var page store.Page
	err = t.db.View(func(tx *bbolt.Tx) error {
		c := tx.Bucket(bucket).Cursor()
		k := first(c, prefix, after, q.Reverse)
		evaluated := 0
		var last []byte
		for ; k != nil && bytes.HasPrefix(k, prefix); k = step(c, q.Reverse) {
			if evaluated == limit {
				page.Cursor = store.EncodeCursor(t.position(q.Index, ka, last))
				return nil
			}
			evaluated++
			last = append(last[:0], k...)
			key := store.Key{}
			if q.Index != "" {
				parts := strings.Split(string(k), "\x00")
				key = store.Key{PK: parts[2], SK: parts[3]}
			} else {
				parts := strings.SplitN(string(k), "\x00", 2)
				key = store.Key{PK: parts[0], SK: parts[1]}
			}
			it, err := t.live(tx, key)
			if err != nil {
				return err
			}
			if it != nil {
				page.Items = append(page.Items, t.project(q.Index, it))
			}
		}
		return nil
	})
	if err != nil {
		return store.Page{}, t.wrap(err)
	}
	return page, nil
}

// first positions c on the first key of the query: after the cursor when there is one.
func first(c *bbolt.Cursor, prefix, after []byte, reverse bool) []byte {
	if !reverse {
		if after == nil {
			k, _ := c.Seek(prefix)
			return k
		}
		k, _ := c.Seek(after)
		if k != nil && bytes.Equal(k, after) {
			k, _ = c.Next()
		}
		return k
	}
	bound := after
	if bound == nil {
		bound = successor(prefix)
	}
	var k []byte
	if bound == nil {
		k, _ = c.Last()
	} else if k, _ = c.Seek(bound); k == nil {
		k, _ = c.Last()
	}
	for k != nil && bytes.Compare(k, bound) >= 0 && bound != nil {
		k, _ = c.Prev()
	}
	return k
}

// successor is the smallest key greater than every key with prefix p (nil: none).
func successor(p []byte) []byte {
	s := append([]byte{}, p...)
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] < 0xff {
			s[i]++
			return s[:i+1]
		}
	}
	return nil
}

func step(c *bbolt.Cursor, reverse bool) []byte {
	if reverse {
		k, _ := c.Prev()
		return k
	}
	k, _ := c.Next()
	return k
}

// project keeps what an index query of DynamoDB returns: the table and index keys and,
// by the index's projection, all, none or some other attributes.
func (t *Table) project(index string, it store.Item) store.Item {
	if index == "" {
		return it
	}
	ix, _ := t.def.Index(index)
	if ix.Projection == "ALL" {
		return it
	}
	out := store.Item{}
	keep := append([]string{t.def.PartitionKey, t.def.SortKey, ix.PartitionKey, ix.SortKey}, ix.NonKey...)
	for _, name := range keep {
		if v, ok := it[name]; ok {
			out[name] = v
		}
	}
	return out
}

// position turns a bucket key back into the key attributes a cursor carries.
func (t *Table) position(index string, ka store.KeyAttrs, k []byte) map[string]string {
	parts := strings.Split(string(k), "\x00")
	if index == "" {
		return map[string]string{ka.PK: parts[0], ka.SK: parts[1]}
	}
	return map[string]string{ka.PK: parts[0], ka.SK: parts[1], t.def.PartitionKey: parts[2], t.def.SortKey: parts[3]}
}

// live reads the item at k, nil when absent or expired.
func (t *Table) live(tx *bbolt.Tx, k store.Key) (store.Item, error) {
	v := tx.Bucket(itemsBucket).Get(itemKey(k))
	if v == nil {
		return nil, nil
	}
	it, err := decode(v)
	if err != nil {
		return nil, store.ErrInternal(fmt.Errorf("bolt: item %q/%q: %w", k.PK, k.SK, err))
	}
	if store.Expired(it, t.def.TTLAttribute, t.now()) {
		return nil, nil
	}
	return it, nil
}

// write stores it at k and moves its index entries.
func (t *Table) write(tx *bbolt.Tx, k store.Key, it store.Item) error {
	if err := t.unindex(tx, k); err != nil {
		return err
	}
	b, err := encode(it)
	if err != nil {
		return store.ErrInternal(err)
	}
	if err := tx.Bucket(itemsBucket).Put(itemKey(k), b); err != nil {
		return err
	}
	for _, ix := range t.def.Indexes {
		ipk, isk := it.Str(ix.PartitionKey), it.Str(ix.SortKey)
		if ipk == "" || isk == "" {
			continue // sparse: not in this index
		}
		if err := tx.Bucket(indexBucket(ix.Name)).Put(join(ipk, isk, k.PK, k.SK), nil); err != nil {
			return err
		}
	}
	return nil
}

func (t *Table) remove(tx *bbolt.Tx, k store.Key) error {
	if err := t.unindex(tx, k); err != nil {
		return err
	}
	return tx.Bucket(itemsBucket).Delete(itemKey(k))
}

// unindex removes the index entries of the item stored at k (expired or not).
func (t *Table) unindex(tx *bbolt.Tx, k store.Key) error {
	v := tx.Bucket(itemsBucket).Get(itemKey(k))
	if v == nil {
		return nil
	}
	old, err := decode(v)
	if err != nil {
		return store.ErrInternal(err)
	}
	for _, ix := range t.def.Indexes {
		ipk, isk := old.Str(ix.PartitionKey), old.Str(ix.SortKey)
		if ipk == "" || isk == "" {
			continue
		}
		if err := tx.Bucket(indexBucket(ix.Name)).Delete(join(ipk, isk, k.PK, k.SK)); err != nil {
			return err
		}
	}
	return nil
}

// wrap passes our own domain errors through and calls anything from bbolt itself (disk
// full, closed database) Unavailable: the write did not happen and may work later.
func (t *Table) wrap(err error) error {
	var de *assess.Error
	if errors.As(err, &de) {
		return err
	}
	return store.ErrUnavailable(err)
}

// attr is one attribute on disk, tagged with its type as DynamoDB's JSON is.
type attr struct {
	S    *string `json:"S,omitempty"`
	N    *int64  `json:"N,omitempty"`
	B    *[]byte `json:"B,omitempty"`
	BOOL *bool   `json:"BOOL,omitempty"`
}

func encode(it store.Item) ([]byte, error) {
	m := make(map[string]attr, len(it))
	for name, v := range it {
		switch x := v.(type) {
		case string:
			m[name] = attr{S: &x}
		case int64:
			m[name] = attr{N: &x}
		case []byte:
			m[name] = attr{B: &x}
		case bool:
			m[name] = attr{BOOL: &x}
		default:
			return nil, fmt.Errorf("attribute %q: unsupported type %T", name, v)
		}
	}
	return json.Marshal(m)
}

func decode(b []byte) (store.Item, error) {
	var m map[string]attr
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	it := make(store.Item, len(m))
	for name, a := range m {
		switch {
		case a.S != nil:
			it[name] = *a.S
		case a.N != nil:
			it[name] = *a.N
		case a.B != nil:
			it[name] = *a.B
		case a.BOOL != nil:
			it[name] = *a.BOOL
		default:
			return nil, fmt.Errorf("attribute %q: no value", name)
		}
	}
	return it, nil
}

// Scan calls fn for every stored item, expired ones included (they are still on disk until
// overwritten): it is for audits such as checking that an erasure left nothing behind, not
// for serving reads.
func (t *Table) Scan(fn func(store.Item) error) error {
	return t.db.View(func(tx *bbolt.Tx) error {
		return tx.Bucket(itemsBucket).ForEach(func(_, v []byte) error {
			it, err := decode(v)
			if err != nil {
				return err
			}
			return fn(it)
		})
	})
}
