package api

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/blob"
	"shortlist/shared/catalog"
	"shortlist/shared/identity"
)

// Deps are what the handlers need. Each function builds them once per cold start.
type Deps struct {
	Catalog *catalog.Catalog
	Journey *assess.Service
	Logger  *slog.Logger
	// PublicURL is the site's address for invite links (CloudFront's in AWS); empty means
	// the address each request came to.
	PublicURL string
	// Reports, Blobs and Renderer serve the report routes; with Blobs nil they answer 503.
	Reports  assess.ReportStore
	Blobs    blob.Store
	Renderer CohortRenderer
	Queue    assess.CohortReportQueue // used when Renderer is nil
	// Idempotency keeps responses to HR POSTs sent with an Idempotency-Key.
	Idempotency assess.IdempotencyStore
	// Privacy serves settings, decisions, self-identification, erasure, audit, fairness.
	Privacy assess.PrivacyStore
	// Team manages people and API keys and resolves a signed-in person to their
	// organisation and role.
	Team *assess.Team
	// Outreach writes the email the routes decide (invitations, resends) to the outbox;
	// with Outreach.Email false the deployment invites with links only.
	Outreach *assess.Outreach
	// Webhooks manages the organisation's webhook endpoints and their deliveries.
	Webhooks *assess.Webhooks
	// Accounts and Verifier are the user pool HR people sign in with; nil: API keys only
	// (the sign-in routes answer 503). Only the auth function has Accounts.
	Accounts Accounts
	Verifier *identity.Verifier
	// OpenAPI is the API description GET /v1/openapi.json serves (package openapi).
	OpenAPI []byte
	// Limits are the per-session, per-organisation and per-address request limits (see
	// Limits); the zero value is the defaults.
	Limits Limits
	// OriginSecret, when set, is required in every request's OriginHeader: CloudFront adds
	// it, so the API answers only through the site's address, not at its own execute-api
	// endpoint. The Lambda functions read it from ORIGIN_SECRET (shared/app/settings); the
	// dev server leaves it empty (no check).
	OriginSecret string
}

// OriginHeader carries the origin secret: CloudFront sends it on every request to the
// API, and each HTTP function gets the same secret in its settings (Deps.OriginSecret). A
// request without it (or with another value) is answered 403.
const OriginHeader = "X-Shortlist-Origin"

// server holds the dependencies the handlers close over.
type server struct {
	Deps
	limits    *limiters // nil: no limits
	origin    *[sha256.Size]byte
	oversight *assess.Oversight // decisions, self-identification, export, erasure, audit, fairness
}

// NewHandler returns the routes of function fn ("" for every route, as in the dev server)
// with the middleware every request passes: request id, access log, recovery, JSON 404/405.
// It links every handler; a Lambda function serves its own with NewFunctionHandler.
func NewHandler(d Deps, fn string) (http.Handler, error) {
	return NewFunctionHandler(d, Function{Name: fn, ops: (*server).allOps})
}

// NewFunctionHandler is NewHandler for one function's routes, with only its handlers.
func NewFunctionHandler(d Deps, f Function) (http.Handler, error) {
	fn := f.Name
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	s := &server{Deps: d, limits: newLimiters(d.Limits),
		oversight: &assess.Oversight{Store: d.Privacy, Journey: d.Journey, Webhooks: d.Webhooks}}
	if d.Blobs != nil {
		s.oversight.Objects = d.Blobs
	}
	if d.OriginSecret != "" {
		sum := sha256.Sum256([]byte(d.OriginSecret))
		s.origin = &sum
	}
	ops := f.ops(s)
	mux := http.NewServeMux()
	methods := map[string][]string{}
	for _, rt := range Routes {
		if fn != "" && rt.Function != fn {
			continue
		}
		op, ok := ops[rt.Op]
		if !ok {
			return nil, fmt.Errorf("route %s %s: no handler for op %q", rt.Method, rt.Pattern, rt.Op)
		}
		h, err := s.guard(rt, op)
		if err != nil {
			return nil, err
		}
		mux.Handle(rt.Method+" "+rt.Pattern, withRole(rt.Role, h))
		methods[rt.Pattern] = append(methods[rt.Pattern], rt.Method)
	}
	// A path that exists under another method answers a JSON 405 with Allow; anything
	// else a JSON 404 (ServeMux's own answers are plain text).
	for pattern, ms := range methods {
		allow := allowHeader(ms)
		mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", allow)
			writeError(w, r, assess.Errorf(assess.MethodNotAll, "%s is not allowed here; allowed: %s", r.Method, allow))
		})
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, assess.Errorf(assess.NotFound, "no such route: %s", r.URL.Path))
	})
	return s.edge(mux), nil
}

// guard puts on a route's handler what its row of the routing table says: idempotency,
// then the caller's authentication (and, for HR routes, the role check).
func (s *server) guard(rt Route, h http.HandlerFunc) (http.Handler, error) {
	if (rt.Auth == AuthHR) != rt.Role.Valid() {
		return nil, fmt.Errorf("route %s %s: an HR route needs a role, and only HR routes have one", rt.Method, rt.Pattern)
	}
	if rt.Idempotent {
		h = s.idempotent(h)
	}
	switch rt.Auth {
	case AuthPublic:
		return h, nil
	case AuthAddress:
		return s.perIP(h), nil
	case AuthSignIn:
		return s.auth(h), nil
	case AuthCandidate:
		return s.candidate(h), nil
	case AuthHR:
		return s.hr(h), nil
	}
	return nil, fmt.Errorf("route %s %s: unknown auth class %q", rt.Method, rt.Pattern, rt.Auth)
}

func allowHeader(ms []string) string {
	ms = append([]string(nil), ms...)
	if contains(ms, http.MethodGet) && !contains(ms, http.MethodHead) {
		ms = append(ms, http.MethodHead)
	}
	sort.Strings(ms)
	return strings.Join(ms, ", ")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

type ctxKey int

const (
	requestIDKey ctxKey = iota
	loggerKey
)

func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

func logger(r *http.Request) *slog.Logger {
	if l, ok := r.Context().Value(loggerKey).(*slog.Logger); ok {
		return l
	}
	return slog.New(slog.DiscardHandler)
}

// edge is the outermost middleware: it assigns the request id, logs one line per request,
// refuses requests that did not come through CloudFront (when an origin secret is set),
// and turns a panic into a logged 500 with the JSON error shape.
func (s *server) edge(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := gatewayRequestID(r)
		if !validRequestID(id) {
			id = newRequestID()
		}
		log := s.Logger.With(slog.String("request_id", id))
		ctx := context.WithValue(r.Context(), requestIDKey, id)
		ctx = context.WithValue(ctx, loggerKey, log)
		r = r.WithContext(ctx)
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		rec.Header().Set("X-Request-Id", id)
		defer func() {
			if p := recover(); p != nil {
				writeError(rec, r, fmt.Errorf("panic: %v", p))
			}
			log.InfoContext(ctx, "request",
				slog.String("method", r.Method), slog.String("path", r.URL.Path),
				slog.Int("status", rec.status), slog.Int64("bytes", rec.bytes),
				slog.Duration("duration", time.Since(start)))
		}()
		if !s.fromOrigin(r) {
			writeError(rec, r, assess.Errorf(assess.Forbidden, "this API answers only at the site's address"))
			return
		}
		next.ServeHTTP(rec, r)
	})
}

// fromOrigin says whether r carries the origin secret (always true without one). Both sides
// are hashed first, so the comparison takes the same time whatever the header holds. The
// header is then removed, so nothing further along can log or echo it.
func (s *server) fromOrigin(r *http.Request) bool {
	if s.origin == nil {
		return true
	}
	got := sha256.Sum256([]byte(r.Header.Get(OriginHeader)))
	r.Header.Del(OriginHeader)
	return subtle.ConstantTimeCompare(got[:], s.origin[:]) == 1
}

// validRequestID accepts ids from API Gateway or a caller's X-Request-Id only when they
// are short and plain, so they can be echoed and logged safely.
func validRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '=') {
			return false
		}
	}
	return true
}

func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
	wrote  bool
}

func (r *statusRecorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	r.wrote = true
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}
