package store

import (
	"context"

	"shortlist/shared/assess"
)

// ClaimIdempotency records rec as the first use of its (scope, key). When a live record
// exists it returns that one and claimed=false: the caller replays its response (Status
// set), reports a request still in flight (Status 0), or rejects another request under
// the same key (RequestHash differs).
func (r *Repository) ClaimIdempotency(ctx context.Context, rec assess.IdempotencyRecord) (assess.IdempotencyRecord, bool, error) {
	if !okID(rec.Scope) || rec.Key == "" || len(rec.Key) > 255 || !okKey(rec.Key) {
		return assess.IdempotencyRecord{}, false, assess.FieldError("Idempotency-Key", "1 to 255 printable characters")
	}
	rec.Status, rec.Body = 0, nil
	err := r.t.Put(ctx, toIdemItem(rec), Absent())
	if err == nil {
		return rec, true, nil
	}
	if !isCode(err, assess.Conflict) {
		return assess.IdempotencyRecord{}, false, err
	}
	it, err := r.t.Get(ctx, idemKey(rec.Scope, rec.Key))
	if isCode(err, assess.NotFound) {
		return assess.IdempotencyRecord{}, false, &assess.Error{Code: assess.Unavailable, Message: "retry"}
	}
	if err != nil {
		return assess.IdempotencyRecord{}, false, err
	}
	return fromIdemItem(rec.Scope, rec.Key, it), false, nil
}

// FinishIdempotency stores the response of a claimed request (same request hash only).
func (r *Repository) FinishIdempotency(ctx context.Context, rec assess.IdempotencyRecord) error {
	if !okID(rec.Scope) || !okKey(rec.Key) {
		return notFound()
	}
	_, err := r.t.Update(ctx, idemKey(rec.Scope, rec.Key),
		Update{Set: Item{attrCode: int64(rec.Status), attrBody: append([]byte{}, rec.Body...)}},
		Eq(attrReqHash, rec.RequestHash))
	return err
}

func okKey(k string) bool {
	if k == "" || len(k) > 255 {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] < 0x21 || k[i] > 0x7e {
			return false
		}
	}
	return true
}

// ReleaseIdempotency forgets a claim whose request failed on our side, so that a retry
// with the same key runs again instead of waiting for a response that will never come.
func (r *Repository) ReleaseIdempotency(ctx context.Context, rec assess.IdempotencyRecord) error {
	if !okID(rec.Scope) || !okKey(rec.Key) {
		return nil
	}
	return r.t.Delete(ctx, idemKey(rec.Scope, rec.Key), And(Eq(attrReqHash, rec.RequestHash), Eq(attrCode, int64(0))))
}
