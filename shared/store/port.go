package store

import (
	"context"
	"fmt"
	"time"

	"shortlist/shared/assess"
)

// Table is the narrow port the repository needs from a key-value table with sorted
// partitions and conditional writes (no transactions: DynamoDB bills them twice, and the
// order of plain writes carries every guarantee, docs/storage.md). shared/store/dynamo implements it
// on DynamoDB, shared/store/bolt on an embedded bbolt file; shared/store/storetest is the
// conformance suite both pass.
//
// Every implementation keeps these promises:
//   - An item whose TTL attribute (table.TTL, epoch seconds) is at or before now is gone:
//     Get and BatchGet do not return it, Query skips it, and conditions see no item.
//   - Reads of the table are strongly consistent; queries of an index are not.
//   - A condition that does not hold is an *assess.Error with Code Conflict (its cause a
//     *ConditionFailedError); nothing was written. Update implies that the item exists.
//   - Throttling, timeouts and an unreachable service are Code Unavailable: retryable, and
//     a write that reports it may or may not have happened (conditions make the retry safe).
//   - Absence is Code NotFound, never a nil error with an empty Item.
type Table interface {
	Get(ctx context.Context, k Key) (Item, error)
	// BatchGet returns the live items among keys (at most MaxBatchGet), in keys' order,
	// skipping absent ones. It may read a write of the last second or so late (DynamoDB's
	// eventual consistency): it serves lists, which come from the index, itself late.
	BatchGet(ctx context.Context, keys []Key) ([]Item, error)
	// Put writes the whole item if c holds (a zero Cond always holds).
	Put(ctx context.Context, it Item, c Cond) error
	// Update changes some attributes of an existing item if c holds and returns the item as
	// written. Key attributes of the table cannot be set.
	Update(ctx context.Context, k Key, u Update, c Cond) (Item, error)
	// Delete removes the item if c holds; deleting an absent item is not an error.
	Delete(ctx context.Context, k Key, c Cond) error
	// Query reads one partition of the table or of an index in sort-key order.
	Query(ctx context.Context, q Query) (Page, error)
}

// Limits every adapter enforces (DynamoDB's, or lower), so code that works on the embedded
// store works on DynamoDB.
const (
	MaxBatchGet   = 100
	MaxQueryLimit = 1000
	// DefaultQueryLimit applies when Query.Limit is 0.
	DefaultQueryLimit = 100
)

// Key addresses one item of the table.
type Key struct {
	PK string
	SK string
}

// Item is one stored item: attribute name → value. Values are string, int64, bool or
// []byte: the types both adapters store without loss. Key attributes are strings.
type Item map[string]any

// Key reads the table key of the item.
func (it Item) Key(pkAttr, skAttr string) Key {
	return Key{PK: it.Str(pkAttr), SK: it.Str(skAttr)}
}

// Str returns a string attribute, "" when absent or of another type.
func (it Item) Str(name string) string { s, _ := it[name].(string); return s }

// Int returns a number attribute, 0 when absent or of another type.
func (it Item) Int(name string) int64 { n, _ := it[name].(int64); return n }

// Bytes returns a binary attribute, nil when absent or of another type.
func (it Item) Bytes(name string) []byte { b, _ := it[name].([]byte); return b }

// Bool returns a boolean attribute, false when absent or of another type.
func (it Item) Bool(name string) bool { b, _ := it[name].(bool); return b }

// Clone returns a copy that shares no byte slices with it.
func (it Item) Clone() Item {
	if it == nil {
		return nil
	}
	out := make(Item, len(it))
	for k, v := range it {
		if b, ok := v.([]byte); ok {
			v = append([]byte{}, b...)
		}
		out[k] = v
	}
	return out
}

// Normalize returns v as one of the stored types (ints of any width become int64), or an
// error naming its type.
func Normalize(v any) (any, error) {
	switch x := v.(type) {
	case string, int64, bool:
		return x, nil
	case []byte:
		if x == nil {
			return []byte{}, nil
		}
		return x, nil
	case int:
		return int64(x), nil
	case int32:
		return int64(x), nil
	case uint32:
		return int64(x), nil
	default:
		return nil, fmt.Errorf("unsupported attribute type %T", v)
	}
}

// Expired reports whether the item's TTL attribute is at or before now.
func Expired(it Item, ttlAttr string, now time.Time) bool {
	exp, ok := it[ttlAttr].(int64)
	return ok && exp <= now.Unix()
}

// Update lists the attributes an Update sets and removes, and the numbers it adds to.
type Update struct {
	Set    Item
	Remove []string
	// Add adds each number to its attribute atomically (an absent attribute counts as 0):
	// DynamoDB's ADD, for counters that many writers bump without reading them first.
	Add map[string]int64
}

// CondOp is the kind of a Cond node.
type CondOp int

const (
	CondNone       CondOp = iota // always holds
	CondAbsent                   // no live item (absent or expired)
	CondExists                   // a live item
	CondEq                       // a live item whose Attr equals Value
	CondAttrAbsent               // no live item, or one without Attr
	CondAnd                      // every Sub holds
	CondOr                       // some Sub holds
)

// Cond is a condition on the current item, evaluated atomically with the write. Build it
// with Absent, Exists, Eq, AttrAbsent, And and Or; the zero Cond always holds. Conditions
// see expired items as absent, so create-if-absent can reuse the key of an expired item.
type Cond struct {
	Op    CondOp
	Attr  string
	Value any
	Subs  []Cond
}

// Absent holds when there is no live item: create-if-absent.
func Absent() Cond { return Cond{Op: CondAbsent} }

// Exists holds when there is a live item.
func Exists() Cond { return Cond{Op: CondExists} }

// Eq holds when there is a live item whose attr equals v: status transitions and version
// checks.
func Eq(attr string, v any) Cond {
	if n, err := Normalize(v); err == nil {
		v = n
	}
	return Cond{Op: CondEq, Attr: attr, Value: v}
}

// AttrAbsent holds when there is no live item or it lacks attr.
func AttrAbsent(attr string) Cond { return Cond{Op: CondAttrAbsent, Attr: attr} }

// And holds when every c holds.
func And(cs ...Cond) Cond { return join(CondAnd, cs) }

// Or holds when some c holds.
func Or(cs ...Cond) Cond { return join(CondOr, cs) }

func join(op CondOp, cs []Cond) Cond {
	var subs []Cond
	for _, c := range cs {
		if c.Op != CondNone {
			subs = append(subs, c)
		}
	}
	switch len(subs) {
	case 0:
		return Cond{}
	case 1:
		return subs[0]
	}
	return Cond{Op: op, Subs: subs}
}

// IsZero reports whether c always holds.
func (c Cond) IsZero() bool { return c.Op == CondNone }

// Eval reports whether c holds for cur, the live item (nil when absent or expired). The
// embedded adapter evaluates conditions with it; the DynamoDB adapter translates them into
// condition expressions with the same meaning, and the conformance suite holds both to it.
func (c Cond) Eval(cur Item) bool {
	switch c.Op {
	case CondNone:
		return true
	case CondAbsent:
		return cur == nil
	case CondExists:
		return cur != nil
	case CondEq:
		if cur == nil {
			return false
		}
		return equal(cur[c.Attr], c.Value)
	case CondAttrAbsent:
		if cur == nil {
			return true
		}
		_, ok := cur[c.Attr]
		return !ok
	case CondAnd:
		for _, s := range c.Subs {
			if !s.Eval(cur) {
				return false
			}
		}
		return true
	case CondOr:
		for _, s := range c.Subs {
			if s.Eval(cur) {
				return true
			}
		}
		return false
	}
	return false
}

func equal(a, b any) bool {
	if x, ok := a.([]byte); ok {
		y, ok := b.([]byte)
		return ok && string(x) == string(y)
	}
	if _, ok := b.([]byte); ok {
		return false
	}
	return a == b
}

// Query reads items of one partition in sort-key order. The cursor of a Page resumes the
// query where that page stopped; it is opaque to callers and checked by the adapter, so a
// cursor from elsewhere cannot read another partition.
type Query struct {
	Index    string // "" for the table, else an index name from the table definition
	PK       string // the partition key value (of the index, when Index is set)
	SKPrefix string
	Limit    int // items evaluated per page; 0 = DefaultQueryLimit; at most MaxQueryLimit
	Cursor   string
	Reverse  bool // descending sort-key order
}

// Page is one page of a query. Cursor is "" after the last page; a non-empty Cursor may
// still lead to an empty page (expired items are dropped after the limit applies).
type Page struct {
	Items  []Item
	Cursor string
}

// ConditionFailedError is the cause inside a Conflict: the write's condition did not hold.
type ConditionFailedError struct{}

func (e *ConditionFailedError) Error() string { return "the write's condition does not hold" }

// ErrConflict builds the Conflict every adapter returns for a failed condition.
func ErrConflict() error {
	return &assess.Error{Code: assess.Conflict, Message: "the item changed or already exists", Err: &ConditionFailedError{}}
}

// ErrNotFound builds the NotFound every adapter returns for an absent or expired item.
func ErrNotFound() error {
	return &assess.Error{Code: assess.NotFound, Message: "not found"}
}

// ErrUnavailable wraps a failure a retry may fix (throttling, timeout, unreachable).
func ErrUnavailable(err error) error {
	return &assess.Error{Code: assess.Unavailable, Message: "storage is unavailable, retry", Err: err}
}

// ErrInternal wraps a failure no retry fixes: bad input from our own code, a missing table.
func ErrInternal(err error) error {
	return &assess.Error{Code: assess.Internal, Message: "storage error", Err: err}
}
