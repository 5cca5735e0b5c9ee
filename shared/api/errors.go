package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"shortlist/shared/assess"
)

// statusOf is the one table from domain error codes to HTTP statuses.
var statusOf = map[assess.Code]int{
	assess.Invalid:      http.StatusBadRequest,
	assess.Unauthorized: http.StatusUnauthorized,
	assess.Forbidden:    http.StatusForbidden,
	assess.NotFound:     http.StatusNotFound,
	assess.MethodNotAll: http.StatusMethodNotAllowed,
	assess.Conflict:     http.StatusConflict,
	assess.Gone:         http.StatusGone,
	assess.TooLarge:     http.StatusRequestEntityTooLarge,
	assess.RateLimited:  http.StatusTooManyRequests,
	assess.Internal:     http.StatusInternalServerError,
	assess.Unavailable:  http.StatusServiceUnavailable,
	assess.NotModified:  http.StatusNotModified,
}

// errorBody is the one error shape: {"error": {"code", "message", "fields"}}.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code      assess.Code       `json:"code"`
	Message   string            `json:"message"`
	Fields    map[string]string `json:"fields,omitempty"`
	RequestID string            `json:"requestId,omitempty"`
}

// handle adapts a handler that returns its error to http.HandlerFunc: every handler is
// registered through it (ops), so a handler's failure is answered here, in the one error
// shape, and a handler only ever returns it.
func handle(h func(w http.ResponseWriter, r *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			writeError(w, r, err)
		}
	}
}

// writeError answers with err's status and the JSON error shape. Internal errors are
// logged with their cause and answered with a message that says nothing about internals.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	var e *assess.Error
	if !errors.As(err, &e) {
		e = &assess.Error{Code: assess.Internal, Err: err}
	}
	status, ok := statusOf[e.Code]
	if !ok {
		status = http.StatusInternalServerError
	}
	if status == http.StatusNotModified {
		w.WriteHeader(status)
		return
	}
	msg := e.Message
	switch e.Code {
	case assess.Internal:
		logger(r).ErrorContext(r.Context(), "internal error", slog.String("error", err.Error()))
		msg = "something went wrong on our side; it has been logged"
	case assess.Unavailable:
		logger(r).WarnContext(r.Context(), "dependency unavailable", slog.String("error", err.Error()))
		if msg == "" {
			msg = "temporarily unavailable; retry shortly"
		}
		w.Header().Set("Retry-After", "1")
	}
	writeJSON(w, status, errorBody{Error: errorDetail{
		Code: e.Code, Message: msg, Fields: e.Fields, RequestID: requestID(r.Context()),
	}})
}

// writeJSON writes v as the response body.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // the client hung up: nothing left to tell it
}

// MaxBody is the default request body limit; routes that take uploads raise it.
const MaxBody = 64 << 10

// decodeJSON reads exactly one JSON object from the body into v: size-limited, unknown
// fields rejected, and every failure answered as Invalid or TooLarge naming the field.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any, limit int64) error {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err, limit)
	}
	if _, err := dec.Token(); err != io.EOF {
		return assess.Errorf(assess.Invalid, "the body must hold a single JSON value")
	}
	return nil
}

func jsonError(err error, limit int64) error {
	var tooBig *http.MaxBytesError
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &tooBig):
		return assess.Errorf(assess.TooLarge, "the body is over the %d byte limit", limit)
	case errors.Is(err, io.EOF):
		return assess.Errorf(assess.Invalid, "the body is empty; a JSON object is required")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return assess.Errorf(assess.Invalid, "the body is truncated JSON")
	case errors.As(err, &syn):
		return assess.Errorf(assess.Invalid, "malformed JSON at byte %d", syn.Offset)
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "body"
		}
		return &assess.Error{Code: assess.Invalid,
			Message: fmt.Sprintf("field %s: expected %s, got %s", field, typ.Type, typ.Value),
			Fields:  map[string]string{field: "expected " + typ.Type.String()}}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &assess.Error{Code: assess.Invalid, Message: "unknown field " + field,
			Fields: map[string]string{field: "unknown field"}}
	}
	return assess.Errorf(assess.Invalid, "unreadable JSON body")
}
