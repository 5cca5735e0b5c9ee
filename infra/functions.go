package main

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"shortlist/shared/api"
	"shortlist/shared/app"
	appsettings "shortlist/shared/app/settings"
	"shortlist/shared/identity"
	"shortlist/shared/store/table"
)

// fnSpec is everything one Lambda function is given: its size, its time limit, its
// environment and the only actions it may take. It is the single place to read what a
// function can do; the stack derives the IAM policy and the environment from it, and
// infra's IAM test pins the result, so adding an action here without updating that test
// fails.
//
// The actions follow the code path: handler → assess.Service → store.Repository → the
// table port → one DynamoDB call (Get → GetItem, BatchGet → BatchGetItem, Put → PutItem,
// Update → UpdateItem, Delete → DeleteItem, Query → Query; the store uses no
// transactions). Update a spec when a function's path through the store changes.
type fnSpec struct {
	Memory  float64       // MB; more memory also buys CPU, which shortens cold starts
	Timeout time.Duration // HTTP functions stay under API Gateway's 30 s integration limit

	// Env lists the variables the function reads, from envVars (the stack fills them in).
	Env []string

	// Table lists DynamoDB actions on the table.
	Table []string
	// QueryIndexes also allows Query on the table's global secondary indexes.
	QueryIndexes bool
	// Bucket lists S3 object actions on the reports bucket (keys are chosen at run time).
	Bucket []string
	// BucketLevel lists S3 actions on the reports bucket itself (listing versions to
	// erase every version of a candidate's reports).
	BucketLevel []string
	// UserPool lists Cognito actions on the HR people's user pool (the admin operations:
	// signing in needs none).
	UserPool []string

	// Stream makes this an event function fed by the table's stream; nil for HTTP ones.
	Stream *streamTrigger
	// Invoked makes this a function without routes or stream that another function
	// invokes (Invokes): the mail function.
	Invoked bool
	// Invokes lists the invoked functions this one may call (lambda:InvokeFunction on
	// each, and its name in the environment: envMailFunction for "mail").
	Invokes []string
	// Email says the function sends through SES (ses:SendEmail on the stack's email
	// identity and configuration set) and exists only with the email settings.
	Email bool
	// Timers lets the function set its own one-time EventBridge Scheduler timers
	// (scheduler:CreateSchedule in the stack's group, iam:PassRole of the role the
	// Scheduler invokes it with).
	Timers bool
	// Bounces subscribes the function to the SES bounce and complaint notifications (the
	// configuration set's SNS topic), when the stack has the email settings.
	Bounces bool
	// Schedule, if set, also invokes the function at this rate (an EventBridge scheduled
	// event, which its handler tells apart from stream records): the scoring sweep.
	Schedule time.Duration
}

// The environment variables the stack knows how to fill.
const (
	envTable         = table.EnvName                 // the DynamoDB table's name
	envReports       = appsettings.EnvReportsBucket  // the reports bucket's name (shared/blob/s3store)
	envPublicURL     = appsettings.EnvPublicURL      // the site's https origin, for links sent to candidates
	envCognitoPool   = identity.EnvPool              // the HR people's user pool (token verification, sign-in)
	envCognitoClient = identity.EnvClient            // its app client
	envEmailFrom     = appsettings.EnvEmailFrom      // the sender address (set only with the email settings)
	envEmailConfig   = appsettings.EnvEmailConfigSet // the SES configuration set (idem)
	envScheduleGroup = appsettings.EnvScheduleGroup  // the Scheduler group of the notify function's timers
	envScheduleRole  = appsettings.EnvScheduleRole   // the role the Scheduler invokes the notify function with
	envMailFunction  = appsettings.EnvMailFunction   // the mail function's name (set only with the email settings)
	envOriginSecret  = appsettings.EnvOriginSecret   // CloudFront's origin header value (HTTP functions)
)

var envVars = map[string]bool{envTable: true, envReports: true, envPublicURL: true, envCognitoPool: true, envCognitoClient: true,
	envEmailFrom: true, envEmailConfig: true, envScheduleGroup: true, envScheduleRole: true, envMailFunction: true}

// mailFunction is the function that renders and sends email (Invoked by notify).
const mailFunction = "mail"

// streamTrigger feeds an event function from the table's stream. The stream, not a queue:
// Lambda reads DynamoDB streams at no charge, while an idle SQS event source still polls
// (≈650k requests a month), and an item written to the table can never miss its trigger,
// even if the writer dies right after the write.
type streamTrigger struct {
	// Filters are event-filter patterns (any may match; at most 5): Lambda drops records
	// that match none before invoking, and filtered records cost nothing.
	Filters []string
	// BatchSize is how many records one invocation gets; BatchingWindow how long Lambda
	// gathers records before invoking (0: as they come).
	BatchSize      float64
	BatchingWindow time.Duration
}

// Stream filters name keys of shared/store's single-table design (its package doc lists
// them): the pending-scoring marker's partition key and result items' sort key. infra's
// tests check the first against the store.
const (
	// Completing a session first writes a marker item under this partition key; its
	// INSERT is the scoring trigger (shared/store.PendingSessionID).
	pendingScoringPK = "PEND#scoring"
)

// functions declares every function Shortlist deploys. HTTP functions must also appear in
// the routing table (api.Routes), which decides their routes; event functions are the
// entries with a Stream.
var functions = map[string]fnSpec{
	// The catalog is embedded in the binary: it reads no table and no bucket.
	api.FnCatalog: {Memory: app.FunctionMemoryMB[api.FnCatalog], Timeout: 10 * time.Second},

	// HR: API-key check (Get), assessments (Put, Get, Query), invites (conditional
	// Puts, Delete to undo a failed request; the assessment's count, Update), progress, ranking and results (GSI1 Query, then
	// BatchGet), decisions and settings (Put), audit events (Put, Query), cohort report
	// requests (Put; the reports function renders them). Reports are reached by presigned
	// links (GetObject). Results pages read the cohort snapshot (pointer Get, GetObject);
	// when there is none yet it is built from the results and stored (PutObject, pointer
	// Put); an erasure drops it (pointer Delete, ListBucketVersions, DeleteObject). Responses to retried POSTs (Idempotency-Key) are claimed (Put),
	// kept (Update) or released (Delete). Erasing a candidate deletes
	// their items (Query, Delete) and every version of their reports (ListBucketVersions,
	// DeleteObject, DeleteObjectVersion). Invite links point at the site.
	// Invites by email write the candidates with their invitation mails (Put); a resend
	// replaces the candidate (conditional Put) and writes a mail; webhook endpoints (Put,
	// Get, Query, Delete), deliveries (Query, Get, Put for a replay), and an erasure's
	// candidate.erased deliveries (Put). EMAIL_FROM (with the email settings only) says
	// the deployment sends email.
	api.FnHR: {
		// 1 GB: a results page with no snapshot yet (first use, after an erasure) builds
		// the cohort view from the results, streamed a page at a time. People's access
		// tokens are verified against the pool's public keys (no IAM action).
		Memory: app.FunctionMemoryMB[api.FnHR], Timeout: 29 * time.Second,
		Env:          []string{envTable, envReports, envPublicURL, envCognitoPool, envCognitoClient, envEmailFrom},
		Table:        []string{"dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"},
		QueryIndexes: true,
		Bucket:       []string{"s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion"},
		BucketLevel:  []string{"s3:ListBucketVersions"},
	},
	// Candidate sessions: token lookups (Get), start and sections (conditional Put),
	// resume reads the answer batches (Query on the session's partition), completion (the
	// marker's Put, the session's Put, the marker's Delete when the session moved on first),
	// the feedback report's records (Query) and its presigned link (GetObject). A
	// completion adds one to the assessment's counts (Update, ADD).
	api.FnSessions: {
		Memory: app.FunctionMemoryMB[api.FnSessions], Timeout: 10 * time.Second,
		Env:    []string{envTable, envReports},
		Table:  []string{"dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"},
		Bucket: []string{"s3:GetObject"},
	},
	// HR people: sign-in and its challenges (Cognito's public operations: no IAM), the
	// membership behind a token (Get), the team (members: Put, Query on GSI1 then BatchGet,
	// Delete) and API keys (Put, Query, BatchGet, Update to revoke); audit events (Put).
	// Inviting, removing and re-enabling a person are the pool's admin operations.
	api.FnAuth: {
		Memory: app.FunctionMemoryMB[api.FnAuth], Timeout: 10 * time.Second,
		Env:          []string{envTable, envCognitoPool, envCognitoClient},
		Table:        []string{"dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"},
		QueryIndexes: true,
		UserPool:     []string{"cognito-idp:AdminCreateUser", "cognito-idp:AdminDisableUser", "cognito-idp:AdminEnableUser"},
	},
	// Autosave, the hottest path: the session by its token (Get), one batch item put on
	// the condition that its sequence number is new, and the stored batch on a replay.
	api.FnAnswers: {
		Memory: app.FunctionMemoryMB[api.FnAnswers], Timeout: 10 * time.Second,
		Env:   []string{envTable},
		Table: []string{"dynamodb:GetItem", "dynamodb:PutItem"},
	},

	// Scores a session once its pending marker appears: reads the session, the assessment
	// and the answer batches (never other candidates' results); writes the result, then
	// the scored session, then removes the marker (Delete). The sweeper
	// pages the markers (Query on their partition) and drops those that stand for no work.
	"scoring": {
		Memory: app.FunctionMemoryMB["scoring"], Timeout: time.Minute,
		Env: []string{envTable},
		// Scoring reads one session, its assessment and its answers, never other
		// candidates' results: a result is cohort-independent (the cohort view is built
		// when read), so scoring costs the same at any cohort size.
		Table: []string{"dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:DeleteItem"},
		Stream: &streamTrigger{
			BatchSize: 10,
			Filters:   []string{`{"eventName":["INSERT"],"dynamodb":{"Keys":{"pk":{"S":["` + pendingScoringPK + `"]}}}}`},
		},
		// The sweep scores completions whose trigger gave up (app.SweepMinAge after
		// completion), so a completed session cannot stay unscored. An idle sweep is one
		// empty Query: 4,320 a month cost well under a cent.
		Schedule: 10 * time.Minute,
	},

	// Keeps each assessment's cohort snapshot and renders a candidate's report and
	// feedback when scoring writes the result: per stream batch it reads the new results
	// (Get), the snapshot's pointer (Get) and state (GetObject), writes the next version
	// (PutObject) and moves the pointer (conditional Put), dropping the version before last
	// (ListBucketVersions, DeleteObject); a batch of up to 1,000 results gathered over 10 s is
	// one new version, so a burst never rewrites the snapshot per candidate. A full rebuild
	// (first use, an engine change, a retention date passed) reads the results (GSI1
	// Query, BatchGet). It stores the PDFs (PutObject) and records them (Put). It renders
	// cohort reports too, when hr records a request for one. When a report record is
	// removed (the table's TTL at the end of the candidate's retention, or an erasure), it
	// deletes the record's files, every version (ListBucketVersions, DeleteObject,
	// DeleteObjectVersion). Storing a candidate's reports removes the result's
	// pending-report marker (Delete). The sweep pages the markers (Query on their
	// partition), checks a marker's record (Get) and files (HeadObject, which needs
	// ListBucket to answer 404 for a missing file instead of 403), renders what is
	// missing, and drops (Delete) or defers (Put) each marker.
	"reports": {
		// 2 GB (and the CPU that comes with it): a stream batch rebuilds the cohort view,
		// about 10 s and under 1 GB at 100,000 candidates (go run ./scripts/bench -cohort).
		Memory: app.FunctionMemoryMB["reports"], Timeout: 5 * time.Minute,
		Env:          []string{envTable, envReports},
		Table:        []string{"dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:DeleteItem"},
		QueryIndexes: true,
		Bucket:       []string{"s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion"},
		BucketLevel:  []string{"s3:ListBucketVersions", "s3:ListBucket"},
		// The sweep renders results whose stream rendering gave up (reporting.SweepMinAge
		// after scoring), at most reporting.SweepLimit a run, oldest first. An idle sweep
		// is one empty Query: 2,880 a month cost well under a cent.
		Schedule: 15 * time.Minute,
		Stream: &streamTrigger{
			BatchSize: 1000, BatchingWindow: 10 * time.Second,
			Filters: []string{
				`{"eventName":["INSERT"],"dynamodb":{"Keys":{"sk":{"S":["RESULT"]}}}}`,
				// Cohort report requests (shared/store.CohortRequest).
				`{"eventName":["INSERT"],"dynamodb":{"Keys":{"sk":{"S":[{"prefix":"CREQ#"}]}}}}`,
				// Removed report records (shared/store.RemovedReportObjects).
				`{"eventName":["REMOVE"],"dynamodb":{"Keys":{"sk":{"S":[{"prefix":"REP#"}]}}}}`,
			},
		},
	},
	// Email and webhooks (shared/app/notifying), from the stream: each new outbox mail
	// is claimed, composed and marked (Get, conditional Put) and sent by invoking the mail
	// function; a completion (the session's MODIFY from active to completed) writes
	// owners' notices or a digest entry (Put, Get, Query, Delete) and webhook deliveries;
	// results, candidate report records and decisions (Get, Query) write deliveries; each
	// new delivery is attempted (Get, conditional Put) and a failed one retried on a
	// timer. Its Scheduler timers: reminders (the assessment's candidates: GSI1 Query,
	// BatchGet of candidates and sessions, Put of reminder mails), digests (Query, Put,
	// Delete), webhook retries. SES bounces and complaints mark the candidate
	// (conditional Put). No sweep: a mail or delivery whose stream retries gave up is in
	// the DLQ's alarm, and webhooks and reminders retry on their own timers.
	"notify": {
		Memory: app.FunctionMemoryMB["notify"], Timeout: 2 * time.Minute,
		Env:          []string{envTable, envPublicURL, envScheduleGroup, envScheduleRole, envMailFunction},
		Table:        []string{"dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:DeleteItem"},
		QueryIndexes: true,
		Invokes:      []string{mailFunction},
		Timers:       true,
		Bounces:      true,
		Stream: &streamTrigger{
			BatchSize: 10,
			Filters: []string{
				// New outbox mails, results, report records, decisions (shared/store.NotifyRecord).
				`{"eventName":["INSERT"],"dynamodb":{"Keys":{"sk":{"S":[{"prefix":"MAIL#"},{"prefix":"REP#"},{"prefix":"DEC#"},"RESULT"]}}}}`,
				// New webhook deliveries.
				`{"eventName":["INSERT"],"dynamodb":{"Keys":{"pk":{"S":[{"prefix":"WHD#"}]}}}}`,
				// A session's completion: its status from active to completed.
				`{"eventName":["MODIFY"],"dynamodb":{"Keys":{"sk":{"S":["SESS"]}},"NewImage":{"status":{"S":["completed"]}},"OldImage":{"status":{"S":["active"]}}}}`,
			},
		},
	},

	// Renders one composed email (shared/notify's templates) and sends it through SES:
	// invoked by notify, it reads no table. Apart from notify because the templates'
	// reflection keeps the SDK clients linked beside them whole (12 MB limit).
	mailFunction: {
		Memory: app.FunctionMemoryMB[mailFunction], Timeout: 30 * time.Second,
		Env:     []string{envEmailFrom, envEmailConfig},
		Invoked: true,
		Email:   true,
	},
}

// deployment is the resolved set of functions and routes one stack deploys.
type deployment struct {
	HTTP    []string    // HTTP function names, in routing-table order
	Events  []string    // event function names, sorted
	Invoked []string    // functions another invokes, sorted
	Routes  []httpRoute // one API Gateway route per routing-table row
}

// httpRoute is one routing-table row in API Gateway's terms.
type httpRoute struct {
	Method   string
	Path     string // API Gateway path: {name} parameters, {name+} for a rest-of-path wildcard
	Function string
	Class    string // its throttle class (routeClass)
}

// Key is the route's API Gateway route key, as stage route settings name it.
func (r httpRoute) Key() string { return r.Method + " " + r.Path }

// routeClass sorts a route into a throttle class: anonymous routes (the catalog, the API
// description, the invite preview) are public; the rest of the candidate's journey, from
// starting a session, is candidate; the console's routes are hr.
func routeClass(r api.Route) string {
	switch {
	case r.Function == api.FnCatalog || r.Op == "previewInvite":
		return classPublic
	case r.Function == api.FnHR:
		return classHR
	default:
		return classCandidate
	}
}

// resolve checks the routing table against the declared functions and returns what to
// deploy. events selects the event functions (nil: all of them). Every HTTP function needs
// a spec without a Stream; every event name must be a spec with one.
func resolve(routes []api.Route, specs map[string]fnSpec, events []string) (deployment, error) {
	var d deployment
	seen := map[string]bool{}
	for _, r := range routes {
		spec, ok := specs[r.Function]
		if !ok {
			return d, fmt.Errorf("route %s %s names function %q, which infra/functions.go does not declare: add its memory, timeout and actions there", r.Method, r.Pattern, r.Function)
		}
		if spec.Stream != nil || spec.Invoked {
			return d, fmt.Errorf("route %s %s names function %q, which is an event function", r.Method, r.Pattern, r.Function)
		}
		path, err := gatewayPath(r.Pattern)
		if err != nil {
			return d, fmt.Errorf("route %s %s: %w", r.Method, r.Pattern, err)
		}
		if !validMethod[r.Method] {
			return d, fmt.Errorf("route %s %s: method not supported by API Gateway", r.Method, r.Pattern)
		}
		d.Routes = append(d.Routes, httpRoute{Method: r.Method, Path: path, Function: r.Function, Class: routeClass(r)})
		if !seen[r.Function] {
			seen[r.Function] = true
			d.HTTP = append(d.HTTP, r.Function)
		}
	}
	if events == nil {
		for name, spec := range specs {
			if spec.Stream != nil {
				events = append(events, name)
			}
		}
	}
	for _, name := range events {
		spec, ok := specs[name]
		if !ok || spec.Stream == nil {
			return d, fmt.Errorf("event function %q is not declared with a Stream in infra/functions.go", name)
		}
		d.Events = append(d.Events, name)
	}
	sort.Strings(d.Events)
	for name, spec := range specs {
		if spec.Invoked {
			d.Invoked = append(d.Invoked, name)
		}
	}
	sort.Strings(d.Invoked)
	for _, name := range d.all() {
		if err := specs[name].check(); err != nil {
			return d, fmt.Errorf("function %q: %w", name, err)
		}
		for _, inv := range specs[name].Invokes {
			if !specs[inv].Invoked {
				return d, fmt.Errorf("function %q invokes %q, which is not declared as Invoked", name, inv)
			}
		}
	}
	return d, nil
}

// all is every function deployed: the invoked ones first (others name them), then HTTP
// and event functions.
func (d deployment) all() []string {
	return append(append(append([]string{}, d.Invoked...), d.HTTP...), d.Events...)
}

// withoutEmail drops the functions that exist only with the email settings.
func (d deployment) withoutEmail(specs map[string]fnSpec) deployment {
	var keep []string
	for _, name := range d.Invoked {
		if !specs[name].Email {
			keep = append(keep, name)
		}
	}
	d.Invoked = keep
	return d
}

// check catches a spec that could not work: an action without the variable that names
// its resource, an unknown variable, a filter that is not JSON.
func (s fnSpec) check() error {
	if s.Memory <= 0 {
		return fmt.Errorf("no memory size: add the function to app.FunctionMemoryMB (shared/app/functions.go)")
	}
	for _, e := range s.Env {
		if !envVars[e] {
			return fmt.Errorf("environment variable %s is not one the stack fills in", e)
		}
	}
	if len(s.Table) > 0 && !contains(s.Env, envTable) {
		return fmt.Errorf("table actions without %s", envTable)
	}
	if (len(s.Bucket) > 0 || len(s.BucketLevel) > 0) && !contains(s.Env, envReports) {
		return fmt.Errorf("bucket actions without %s", envReports)
	}
	if s.QueryIndexes && !contains(s.Table, "dynamodb:Query") {
		return fmt.Errorf("QueryIndexes without dynamodb:Query")
	}
	if s.Schedule != 0 && (s.Schedule < time.Minute || s.Schedule%time.Minute != 0) {
		return fmt.Errorf("schedule %v: EventBridge rates are whole minutes", s.Schedule)
	}
	if s.Invoked && s.Stream != nil {
		return fmt.Errorf("an invoked function has no stream")
	}
	if s.Timers && (!contains(s.Env, envScheduleGroup) || !contains(s.Env, envScheduleRole)) {
		return fmt.Errorf("timers without %s and %s", envScheduleGroup, envScheduleRole)
	}
	if s.Email && !contains(s.Env, envEmailFrom) {
		return fmt.Errorf("email without %s", envEmailFrom)
	}
	if s.Stream != nil {
		if n := len(s.Stream.Filters); n == 0 || n > 5 {
			return fmt.Errorf("%d stream filters: Lambda takes 1 to 5", n)
		}
		for _, f := range s.Stream.Filters {
			if !json.Valid([]byte(f)) {
				return fmt.Errorf("stream filter is not JSON: %s", f)
			}
		}
	}
	return nil
}

var validMethod = map[string]bool{
	"GET": true, "POST": true, "PUT": true, "PATCH": true, "DELETE": true, "HEAD": true, "OPTIONS": true,
}

var (
	wildcardSegment = regexp.MustCompile(`^\{([A-Za-z_][A-Za-z0-9_]*)\.\.\.\}$`)
	paramSegment    = regexp.MustCompile(`^\{[A-Za-z_][A-Za-z0-9_]*\}$`)
	plainSegment    = regexp.MustCompile(`^[A-Za-z0-9._~-]+$`)
)

// gatewayPath turns a Go ServeMux pattern path into an API Gateway route path. The two
// share {name}; Go's {name...} is API Gateway's greedy {name+}; Go's {$} (exact match) is
// what API Gateway does anyway. Anything else Go allows (a host, a method inside the
// pattern) has no API Gateway meaning and is an error.
func gatewayPath(pattern string) (string, error) {
	if !strings.HasPrefix(pattern, "/") {
		return "", fmt.Errorf("pattern must be a path starting with /")
	}
	segs := strings.Split(strings.TrimPrefix(pattern, "/"), "/")
	out := make([]string, 0, len(segs))
	for i, s := range segs {
		last := i == len(segs)-1
		switch {
		case s == "{$}" && last:
			continue
		case wildcardSegment.MatchString(s) && last:
			out = append(out, "{"+wildcardSegment.FindStringSubmatch(s)[1]+"+}")
		case paramSegment.MatchString(s), plainSegment.MatchString(s):
			out = append(out, s)
		case s == "" && last:
			// A trailing slash is a subtree in Go; API Gateway has no such route.
			return "", fmt.Errorf("a trailing slash has no API Gateway equivalent; use {rest...}")
		default:
			return "", fmt.Errorf("segment %q has no API Gateway equivalent", s)
		}
	}
	return "/" + strings.Join(out, "/"), nil
}
