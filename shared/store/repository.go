package store

import (
	"context"
	"fmt"

	"shortlist/shared/assess"
	"shortlist/shared/store/table"
)

// Repository is the storage of every Shortlist entity, written once over Table. It
// implements assess.Repo (the journey's port) and what scoring, reports, audit, idempotent
// retries and the admin CLI need. It never retries: the adapter's client is the one retry
// layer, and an Unavailable error goes back to the caller. Safe for concurrent use.
type Repository struct {
	t Table
}

// New returns the repository over t.
func New(t Table) *Repository { return &Repository{t: t} }

// Table returns the port the repository writes to (for tools and tests).
func (r *Repository) Table() Table { return r.t }

func notFound() error { return ErrNotFound() }

func isCode(err error, c assess.Code) bool { return assess.CodeOf(err) == c }

func badID(what, id string) error {
	return ErrInternal(fmt.Errorf("store: %s id %q cannot be stored", what, id))
}

// queryAll reads every page of q (bounded, so a runaway partition cannot exhaust memory).
func (r *Repository) queryAll(ctx context.Context, q Query) ([]Item, error) {
	const maxItems = 100_000
	var out []Item
	for {
		page, err := r.t.Query(ctx, q)
		if err != nil {
			return nil, err
		}
		out = append(out, page.Items...)
		if page.Cursor == "" {
			return out, nil
		}
		if len(out) > maxItems {
			return nil, ErrInternal(fmt.Errorf("store: query %s/%s returned more than %d items", q.PK, q.SKPrefix, maxItems))
		}
		q.Cursor = page.Cursor
	}
}

// getAll reads the items at keys with as few BatchGets as possible, in keys' order.
func (r *Repository) getAll(ctx context.Context, keys []Key) ([]Item, error) {
	var out []Item
	for len(keys) > 0 {
		n := min(len(keys), MaxBatchGet)
		items, err := r.t.BatchGet(ctx, keys[:n])
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
		keys = keys[n:]
	}
	return out, nil
}

// indexed lists the table items an index partition points at (GSI1 projects keys only):
// with key nil the items the entries stand for, else the items key names for each entry.
func (r *Repository) indexed(ctx context.Context, gpk, prefix string, key func(ref Item) Key) ([]Item, error) {
	refs, err := r.queryAll(ctx, Query{Index: table.GSI1, PK: gpk, SKPrefix: prefix, Limit: MaxQueryLimit})
	if err != nil {
		return nil, err
	}
	keys := make([]Key, len(refs))
	for i, ref := range refs {
		if key == nil {
			keys[i] = ref.Key(table.PK, table.SK)
		} else {
			keys[i] = key(ref)
		}
	}
	return r.getAll(ctx, keys)
}

// decodeAll converts items with from, keeping those keep accepts (nil keeps every one);
// the first item that does not convert fails the whole list.
func decodeAll[T any](items []Item, from func(Item) (T, error), keep func(T) bool) ([]T, error) {
	out := make([]T, 0, len(items))
	for _, it := range items {
		v, err := from(it)
		if err != nil {
			return nil, err
		}
		if keep == nil || keep(v) {
			out = append(out, v)
		}
	}
	return out, nil
}
