package store

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"

	"shortlist/shared/assess"
)

// Instrument snapshots: one copy of every instrument version an assessment was built
// from, so later content edits never change a running assessment (catalog.InstrumentAt).
//
//	instrument snapshot                       SNAP#<instrument>#<hash>  SNAP

const (
	typeSnapshot  = "snap"
	maxSnapshotKB = 350 // DynamoDB's item limit is 400 KB
)

func snapshotKey(id, hash string) Key { return Key{"SNAP#" + id + "#" + hash, "SNAP"} }

// SaveSnapshot stores an instrument version unless it is already stored. It reads first:
// most assessments reuse versions that are there, and a read costs less than a refused
// conditional write of a large item.
func (r *Repository) SaveSnapshot(ctx context.Context, id, hash string, raw []byte) error {
	if !okID(id) || !okID(hash) {
		return badID("snapshot", id)
	}
	k := snapshotKey(id, hash)
	if _, err := r.t.Get(ctx, k); err == nil {
		return nil
	} else if !isCode(err, assess.NotFound) {
		return err
	}
	var z bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
	zw.Write(raw)
	if err := zw.Close(); err != nil {
		return ErrInternal(err)
	}
	if z.Len() > maxSnapshotKB<<10 {
		return ErrInternal(fmt.Errorf("store: snapshot of %s is %d KB compressed", id, z.Len()>>10))
	}
	it := base(k, typeSnapshot)
	it[attrData] = z.Bytes()
	err := r.t.Put(ctx, it, Absent())
	if isCode(err, assess.Conflict) {
		return nil // stored meanwhile by another request: the same bytes
	}
	return err
}

// Snapshot returns a stored instrument version.
func (r *Repository) Snapshot(ctx context.Context, id, hash string) ([]byte, error) {
	if !okID(id) || !okID(hash) {
		return nil, notFound()
	}
	it, err := r.t.Get(ctx, snapshotKey(id, hash))
	if err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(it.Bytes(attrData)))
	if err != nil {
		return nil, ErrInternal(err)
	}
	return io.ReadAll(io.LimitReader(zr, 8<<20))
}
