package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"time"

	"shortlist/shared/assess"
)

// Idempotency limits.
const (
	idempotencyTTL     = 24 * time.Hour
	maxIdempotentReply = 300 << 10 // a response kept for replay stays well inside one item
)

// idempotent makes an HR POST safe to retry: with an Idempotency-Key header, the first
// request's response is kept for a day and a retry of the same request gets it again
// instead of a second effect (a second batch of invites, a second assessment). The same
// key with a different request is a 409; so is a retry while the first still runs. A
// failure on our side (5xx) releases the key so that a retry runs again.
func (s *server) idempotent(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get("Idempotency-Key")
		if key == "" || s.Idempotency == nil {
			next(w, r)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxCSVBody))
		if err != nil {
			writeError(w, r, assess.Errorf(assess.TooLarge, "the body is over the %d byte limit", MaxCSVBody))
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		sum := sha256.New()
		io.WriteString(sum, r.Method+" "+r.URL.Path+"\x00"+r.Header.Get("Content-Type")+"\x00")
		sum.Write(body)
		now := s.Journey.Now()
		rec := assess.IdempotencyRecord{Scope: orgOf(r).ID, Key: key, RequestHash: hex.EncodeToString(sum.Sum(nil)),
			CreatedAt: now, ExpiresAt: now.Add(idempotencyTTL)}
		prev, claimed, err := s.Idempotency.ClaimIdempotency(r.Context(), rec)
		switch {
		case err != nil:
			writeError(w, r, err)
			return
		case !claimed && prev.RequestHash != rec.RequestHash:
			writeError(w, r, &assess.Error{Code: assess.Conflict, Message: "this Idempotency-Key was used for another request",
				Fields: map[string]string{"Idempotency-Key": "used for another request"}})
			return
		case !claimed && prev.Status == 0:
			w.Header().Set("Retry-After", "1")
			writeError(w, r, assess.Errorf(assess.Conflict, "the first request with this Idempotency-Key is still running; retry shortly"))
			return
		case !claimed:
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.Header().Set("Idempotent-Replayed", "true")
			w.WriteHeader(prev.Status)
			_, _ = w.Write(prev.Body)
			return
		}
		rw := &recordingWriter{ResponseWriter: w, status: http.StatusOK}
		next(rw, r)
		ctx := context.WithoutCancel(r.Context())
		if rw.status >= 500 {
			_ = s.Idempotency.ReleaseIdempotency(ctx, rec)
			return
		}
		rec.Status, rec.Body = rw.status, rw.body.Bytes()
		if len(rec.Body) > maxIdempotentReply {
			rec.Body = []byte(`{"error":{"code":"conflict","message":"this request completed; its response was too large to keep for replay: list the results instead"}}`)
			rec.Status = http.StatusConflict
		}
		if err := s.Idempotency.FinishIdempotency(ctx, rec); err != nil {
			logger(r).WarnContext(r.Context(), "idempotency record not finished", "error", err.Error())
		}
	}
}

// recordingWriter passes a response through and keeps a copy of it.
type recordingWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
	wrote  bool
}

func (w *recordingWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *recordingWriter) Write(b []byte) (int, error) {
	w.wrote = true
	w.body.Write(b)
	return w.ResponseWriter.Write(b)
}
