package local

import (
	"context"
	"sync"

	"shortlist/shared/app"
	"shortlist/shared/assess"
	"shortlist/shared/store"
	"shortlist/shared/store/table"
)

// StreamTable is the dev server's stand-in for the table's stream: a store.Table that,
// after each write that changed an item, tells its subscribers what a DynamoDB stream
// record would carry (INSERT, MODIFY or REMOVE, the keys, the status of the new and old
// images, the old image's doc). Writes are serialized so that INSERT and MODIFY are told
// apart exactly; subscribers are called with the lock held and must only queue the
// record (never write to the table).
type StreamTable struct {
	store.Table

	mu   sync.Mutex
	subs []func(app.StreamRecord)
}

// NewStreamTable wraps t.
func NewStreamTable(t store.Table) *StreamTable { return &StreamTable{Table: t} }

// Subscribe adds fn to the records' subscribers.
func (s *StreamTable) Subscribe(fn func(app.StreamRecord)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.subs = append(s.subs, fn)
}

// old reads the live item at k, or nil.
func (s *StreamTable) old(ctx context.Context, k store.Key) (store.Item, error) {
	it, err := s.Table.Get(ctx, k)
	if assess.CodeOf(err) == assess.NotFound {
		return nil, nil
	}
	return it, err
}

func (s *StreamTable) emit(k store.Key, old, cur store.Item) {
	r := app.StreamRecord{PK: k.PK, SK: k.SK}
	switch {
	case old == nil && cur != nil:
		r.Event = "INSERT"
	case cur != nil:
		r.Event = "MODIFY"
	case old != nil:
		r.Event = "REMOVE"
	default:
		return
	}
	if cur != nil {
		r.NewStatus = cur.Str(store.StatusAttribute)
	}
	if old != nil {
		r.OldStatus = old.Str(store.StatusAttribute)
		r.OldDoc = old.Bytes(store.DocAttribute)
	}
	for _, fn := range s.subs {
		fn(r)
	}
}

// Put implements store.Table.
func (s *StreamTable) Put(ctx context.Context, it store.Item, c store.Cond) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := it.Key(table.PK, table.SK)
	old, err := s.old(ctx, k)
	if err != nil {
		return err
	}
	if err := s.Table.Put(ctx, it, c); err != nil {
		return err
	}
	s.emit(k, old, it)
	return nil
}

// Update implements store.Table.
func (s *StreamTable) Update(ctx context.Context, k store.Key, u store.Update, c store.Cond) (store.Item, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, err := s.old(ctx, k)
	if err != nil {
		return nil, err
	}
	cur, err := s.Table.Update(ctx, k, u, c)
	if err != nil {
		return nil, err
	}
	s.emit(k, old, cur)
	return cur, nil
}

// Delete implements store.Table.
func (s *StreamTable) Delete(ctx context.Context, k store.Key, c store.Cond) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, err := s.old(ctx, k)
	if err != nil {
		return err
	}
	if err := s.Table.Delete(ctx, k, c); err != nil {
		return err
	}
	s.emit(k, old, nil)
	return nil
}
