package store

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"shortlist/shared/assess"
	"shortlist/shared/store/table"
)

// The checks below are shared by both adapters so that they reject the same inputs: code
// that passes on the embedded store must not fail on DynamoDB.

// KeyAttrs names the partition and sort key attributes a query reads.
type KeyAttrs struct{ PK, SK string }

// QueryKeys checks q against the table definition and returns the key attributes of the
// table or index it reads and the cursor's position (nil for the first page).
func QueryKeys(def table.Definition, q Query) (KeyAttrs, map[string]string, error) {
	ka := KeyAttrs{PK: def.PartitionKey, SK: def.SortKey}
	if q.Index != "" {
		ix, ok := def.Index(q.Index)
		if !ok {
			return ka, nil, ErrInternal(fmt.Errorf("query: no index %q", q.Index))
		}
		ka = KeyAttrs{PK: ix.PartitionKey, SK: ix.SortKey}
	}
	if q.PK == "" {
		return ka, nil, ErrInternal(errors.New("query: empty partition key"))
	}
	if q.Limit < 0 || q.Limit > MaxQueryLimit {
		return ka, nil, ErrInternal(fmt.Errorf("query: limit %d out of 0..%d", q.Limit, MaxQueryLimit))
	}
	if q.Cursor == "" {
		return ka, nil, nil
	}
	pos, err := DecodeCursor(q.Cursor)
	if err != nil {
		return ka, nil, err
	}
	want := []string{def.PartitionKey, def.SortKey}
	if q.Index != "" {
		want = append(want, ka.PK, ka.SK)
	}
	if len(pos) != len(want) {
		return ka, nil, badCursor()
	}
	for _, a := range want {
		if _, ok := pos[a]; !ok {
			return ka, nil, badCursor()
		}
	}
	// A cursor only ever resumes the query that made it: same partition, same prefix.
	if pos[ka.PK] != q.PK || !strings.HasPrefix(pos[ka.SK], q.SKPrefix) {
		return ka, nil, badCursor()
	}
	return ka, pos, nil
}

// EffectiveLimit returns the page size of q.
func (q Query) EffectiveLimit() int {
	if q.Limit == 0 {
		return DefaultQueryLimit
	}
	return q.Limit
}

func badCursor() error { return assess.FieldError("cursor", "not a cursor of this list") }

// EncodeCursor turns the key attributes of the last item a page evaluated into an opaque
// cursor (base64url of a JSON object).
func EncodeCursor(pos map[string]string) string {
	if len(pos) == 0 {
		return ""
	}
	b, _ := json.Marshal(pos) // a map of strings always marshals
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodeCursor reverses EncodeCursor. Cursors come back from clients, so anything else is
// an Invalid error naming the cursor, never a panic or an Internal error.
func DecodeCursor(s string) (map[string]string, error) {
	if len(s) > 4096 {
		return nil, badCursor()
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, badCursor()
	}
	var pos map[string]string
	if err := json.Unmarshal(b, &pos); err != nil || len(pos) == 0 {
		return nil, badCursor()
	}
	for k, v := range pos {
		if k == "" || v == "" {
			return nil, badCursor()
		}
	}
	return pos, nil
}

// CheckItem checks that it can be stored: supported types, string key attributes, and
// key values free of NUL (the embedded adapter joins keys with it). It returns a copy with
// values normalized.
func CheckItem(def table.Definition, it Item) (Item, error) {
	out := make(Item, len(it))
	for name, v := range it {
		if name == "" {
			return nil, ErrInternal(errors.New("item: empty attribute name"))
		}
		n, err := Normalize(v)
		if err != nil {
			return nil, ErrInternal(fmt.Errorf("item attribute %q: %w", name, err))
		}
		out[name] = n
	}
	for _, name := range []string{def.PartitionKey, def.SortKey} {
		if s, ok := out[name].(string); !ok || s == "" {
			return nil, ErrInternal(fmt.Errorf("item: key attribute %q must be a non-empty string", name))
		}
	}
	if err := checkIndexKeys(def, out); err != nil {
		return nil, err
	}
	return out, nil
}

// checkIndexKeys: index key attributes, when present, are non-empty strings without NUL,
// and an item is in an index only with both of its keys (DynamoDB would keep it out
// silently; we would rather hear about it).
func checkIndexKeys(def table.Definition, it Item) error {
	for _, name := range def.KeyAttributes() {
		v, ok := it[name]
		if !ok {
			continue
		}
		s, isStr := v.(string)
		if !isStr || s == "" || strings.ContainsRune(s, 0) {
			return ErrInternal(fmt.Errorf("item: key attribute %q must be a non-empty string without NUL", name))
		}
	}
	for _, ix := range def.Indexes {
		_, p := it[ix.PartitionKey]
		_, s := it[ix.SortKey]
		if p != s {
			return ErrInternal(fmt.Errorf("item: index %s needs both %s and %s", ix.Name, ix.PartitionKey, ix.SortKey))
		}
	}
	return nil
}

// CheckKey checks a key for Get, Update, Delete and Check.
func CheckKey(k Key) error {
	if k.PK == "" || k.SK == "" || strings.ContainsRune(k.PK, 0) || strings.ContainsRune(k.SK, 0) {
		return ErrInternal(fmt.Errorf("key %q/%q: both parts non-empty, without NUL", k.PK, k.SK))
	}
	return nil
}

// CheckUpdate checks an update: it sets no table key attribute, touches each attribute
// once, and sets supported values. It returns the update with values normalized.
func CheckUpdate(def table.Definition, u Update) (Update, error) {
	out := Update{Set: make(Item, len(u.Set)), Remove: u.Remove}
	seen := map[string]bool{}
	for name, v := range u.Set {
		if name == "" || name == def.PartitionKey || name == def.SortKey {
			return Update{}, ErrInternal(fmt.Errorf("update: cannot set %q", name))
		}
		n, err := Normalize(v)
		if err != nil {
			return Update{}, ErrInternal(fmt.Errorf("update attribute %q: %w", name, err))
		}
		out.Set[name] = n
		seen[name] = true
	}
	for _, name := range u.Remove {
		if name == "" || name == def.PartitionKey || name == def.SortKey || seen[name] {
			return Update{}, ErrInternal(fmt.Errorf("update: cannot remove %q", name))
		}
		seen[name] = true
	}
	if len(u.Add) > 0 {
		out.Add = make(map[string]int64, len(u.Add))
		for name, n := range u.Add {
			if name == "" || seen[name] || slices.Contains(def.KeyAttributes(), name) {
				return Update{}, ErrInternal(fmt.Errorf("update: cannot add to %q", name))
			}
			out.Add[name] = n
			seen[name] = true
		}
	}
	if len(seen) == 0 {
		return Update{}, ErrInternal(errors.New("update: nothing to change"))
	}
	for _, name := range def.KeyAttributes()[2:] {
		if v, ok := out.Set[name]; ok {
			if s, isStr := v.(string); !isStr || s == "" || strings.ContainsRune(s, 0) {
				return Update{}, ErrInternal(fmt.Errorf("update: index key %q must be a non-empty string without NUL", name))
			}
		}
	}
	return out, nil
}

// CheckKeys checks the keys of a BatchGet: count, shape, no duplicates.
func CheckKeys(keys []Key) error {
	if len(keys) > MaxBatchGet {
		return ErrInternal(fmt.Errorf("batch get of %d keys: at most %d", len(keys), MaxBatchGet))
	}
	seen := map[Key]bool{}
	for _, k := range keys {
		if err := CheckKey(k); err != nil {
			return err
		}
		if seen[k] {
			return ErrInternal(fmt.Errorf("batch get: key %q/%q twice", k.PK, k.SK))
		}
		seen[k] = true
	}
	return nil
}

// SortedNames returns the attribute names of it in order (stable output for tests).
func SortedNames(it Item) []string {
	names := make([]string, 0, len(it))
	for k := range it {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}
