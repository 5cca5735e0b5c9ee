package store

import (
	"context"
	"fmt"

	"shortlist/shared/assess"
)

// PutBatch implements assess.Repo: one small new item per (session, seq); Conflict if that
// batch exists (the journey compares it, so a replay is a no-op).
func (r *Repository) PutBatch(ctx context.Context, b assess.AnswerBatch) error {
	if !okID(b.SessionID) || b.Seq < 0 || b.Seq > 999_999_999 {
		return badID("answer batch", fmt.Sprintf("%s/%d", b.SessionID, b.Seq))
	}
	it, err := toBatchItem(b)
	if err != nil {
		return err
	}
	return r.t.Put(ctx, it, Absent())
}

// Batch implements assess.Repo.
func (r *Repository) Batch(ctx context.Context, sessionID string, seq int) (assess.AnswerBatch, error) {
	if !okID(sessionID) || seq < 0 || seq > 999_999_999 {
		return assess.AnswerBatch{}, notFound()
	}
	it, err := r.t.Get(ctx, batchKey(sessionID, seq))
	if err != nil {
		return assess.AnswerBatch{}, err
	}
	return fromBatchItem(it)
}

// Batches implements assess.Repo: every batch of the session, by sequence number.
func (r *Repository) Batches(ctx context.Context, sessionID string) ([]assess.AnswerBatch, error) {
	if !okID(sessionID) {
		return nil, nil
	}
	items, err := r.queryAll(ctx, Query{PK: sessionKey(sessionID).PK, SKPrefix: "BATCH#", Limit: MaxQueryLimit})
	if err != nil {
		return nil, err
	}
	return decodeAll(items, fromBatchItem, nil)
}
