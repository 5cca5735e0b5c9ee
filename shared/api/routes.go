// Package api is Shortlist's HTTP layer: the routing table, the handlers, authentication,
// and the one JSON error shape. The same handlers serve in Lambda (behind an API Gateway
// HTTP API, payload v2, see lambda.go) and in the local dev server (scripts/dev).
//
// To follow a request: find its route in Routes below → the handler method named by
// Route.Op (handlers_*.go) → the domain (shared/assess, shared/catalog) → the store.
package api

import "shortlist/shared/assess"

// Function names: one Lambda function each (functions/<name>).
const (
	FnCatalog  = "catalog"  // catalog lookup, and the API description
	FnHR       = "hr"       // HR management: assessments, invites, progress
	FnSessions = "sessions" // session start, resume, sections, completion
	FnAnswers  = "answers"  // answer submission (autosave), the hottest path
	FnAuth     = "auth"     // HR people: sign-in, their team, API keys (links the Cognito client)
)

// Route is one row of the routing table. The dev server mounts every row; each Lambda
// function mounts the rows whose Function is its name; infra/ creates one API Gateway
// route per row, integrated with that function. Patterns use the syntax that Go's ServeMux
// and API Gateway share ({name} path parameters).
type Route struct {
	Method   string
	Pattern  string
	Function string
	Op       string // handler name, also the OpenAPI operationId
	// Auth is who may call the route and how they prove it (AuthHR: a person's access
	// token or an API key, with at least Role).
	Auth Auth
	// Role is the least role an HR caller (person or API key) needs; "" for routes that
	// are not HR routes (the catalog, the candidate's, signing in).
	Role assess.Role
	// Idempotent routes keep their first answer to an Idempotency-Key for a day, so a
	// retried POST has one effect.
	Idempotent bool
}

// Auth is a route's caller class.
type Auth string

const (
	AuthPublic    Auth = "public"    // anyone (the catalog, the API description)
	AuthAddress   Auth = "address"   // anyone, limited per client address (invite preview, session start)
	AuthSignIn    Auth = "signin"    // signing in: per address, and 503 without a user pool
	AuthCandidate Auth = "candidate" // the candidate's session token
	AuthHR        Auth = "hr"        // a person's access token or an API key, with at least Role
)

// Routes is the routing table: data, read by scripts/dev and infra/.
var Routes = []Route{
	{"GET", "/v1/catalog/industries", FnCatalog, "listIndustries", AuthPublic, "", false},
	{"GET", "/v1/catalog/roles", FnCatalog, "listRoles", AuthPublic, "", false},
	{"GET", "/v1/catalog/roles/{roleId}", FnCatalog, "getRole", AuthPublic, "", false},
	{"GET", "/v1/catalog/instruments", FnCatalog, "listInstruments", AuthPublic, "", false},
	{"GET", "/v1/catalog/instruments/{instrumentId}", FnCatalog, "getInstrument", AuthPublic, "", false},
	{"GET", "/v1/openapi.json", FnCatalog, "openapi", AuthPublic, "", false},

	{"POST", "/v1/assessments", FnHR, "createAssessment", AuthHR, assess.RoleRecruiter, true},
	{"GET", "/v1/assessments", FnHR, "listAssessments", AuthHR, assess.RoleViewer, false},
	{"GET", "/v1/assessments/{assessmentId}", FnHR, "getAssessment", AuthHR, assess.RoleViewer, false},
	{"POST", "/v1/assessments/{assessmentId}/invites", FnHR, "invite", AuthHR, assess.RoleRecruiter, true},
	{"GET", "/v1/assessments/{assessmentId}/candidates", FnHR, "listCandidates", AuthHR, assess.RoleViewer, false},
	{"GET", "/v1/assessments/{assessmentId}/candidates/{candidateId}", FnHR, "candidateDetail", AuthHR, assess.RoleViewer, false},
	{"GET", "/v1/assessments/{assessmentId}/ranking", FnHR, "ranking", AuthHR, assess.RoleViewer, false},
	{"GET", "/v1/assessments/{assessmentId}/statistics", FnHR, "statistics", AuthHR, assess.RoleViewer, false},
	{"GET", "/v1/assessments/{assessmentId}/compare", FnHR, "compare", AuthHR, assess.RoleViewer, false},
	{"POST", "/v1/assessments/{assessmentId}/reports", FnHR, "createCohortReport", AuthHR, assess.RoleRecruiter, true},
	{"GET", "/v1/assessments/{assessmentId}/reports", FnHR, "listReports", AuthHR, assess.RoleViewer, false},
	{"GET", "/v1/reports/{reportId}/link", FnHR, "reportLink", AuthHR, assess.RoleViewer, false},
	{"POST", "/v1/assessments/{assessmentId}/candidates/{candidateId}/decision", FnHR, "decide", AuthHR, assess.RoleRecruiter, true},
	{"GET", "/v1/assessments/{assessmentId}/fairness", FnHR, "fairness", AuthHR, assess.RoleViewer, false},
	{"DELETE", "/v1/candidates/{candidateId}", FnHR, "eraseCandidate", AuthHR, assess.RoleOwner, false},
	{"GET", "/v1/candidates/{candidateId}/export", FnHR, "exportCandidate", AuthHR, assess.RoleOwner, false},
	{"GET", "/v1/organisation", FnHR, "getOrganisation", AuthHR, assess.RoleViewer, false},
	{"PUT", "/v1/organisation", FnHR, "putOrganisation", AuthHR, assess.RoleOwner, false},
	{"GET", "/v1/audit", FnHR, "auditLog", AuthHR, assess.RoleOwner, false},
	{"GET", "/v1/me", FnHR, "whoAmI", AuthHR, assess.RoleViewer, false},
	{"POST", "/v1/assessments/{assessmentId}/candidates/{candidateId}/invitation", FnHR, "resendInvitation", AuthHR, assess.RoleRecruiter, true},
	{"GET", "/v1/webhooks", FnHR, "listWebhooks", AuthHR, assess.RoleOwner, false},
	{"POST", "/v1/webhooks", FnHR, "createWebhook", AuthHR, assess.RoleOwner, true},
	{"POST", "/v1/webhooks/{webhookId}/rotate", FnHR, "rotateWebhookSecret", AuthHR, assess.RoleOwner, false},
	{"DELETE", "/v1/webhooks/{webhookId}", FnHR, "deleteWebhook", AuthHR, assess.RoleOwner, false},
	{"GET", "/v1/webhooks/{webhookId}/deliveries", FnHR, "listWebhookDeliveries", AuthHR, assess.RoleOwner, false},
	{"POST", "/v1/webhooks/{webhookId}/deliveries/{deliveryId}/replay", FnHR, "replayWebhookDelivery", AuthHR, assess.RoleOwner, true},

	{"POST", "/v1/auth/sign-in", FnAuth, "signIn", AuthSignIn, "", false},
	{"POST", "/v1/auth/challenge", FnAuth, "answerChallenge", AuthSignIn, "", false},
	{"POST", "/v1/auth/refresh", FnAuth, "refresh", AuthSignIn, "", false},
	{"POST", "/v1/auth/sign-out", FnAuth, "signOut", AuthSignIn, "", false},
	{"POST", "/v1/auth/forgot-password", FnAuth, "forgotPassword", AuthSignIn, "", false},
	{"POST", "/v1/auth/reset-password", FnAuth, "resetPassword", AuthSignIn, "", false},
	{"POST", "/v1/auth/mfa", FnAuth, "mfaSetup", AuthSignIn, "", false},
	{"POST", "/v1/auth/mfa/verify", FnAuth, "mfaVerify", AuthSignIn, "", false},
	{"GET", "/v1/team", FnAuth, "listTeam", AuthHR, assess.RoleOwner, false},
	{"POST", "/v1/team", FnAuth, "inviteMember", AuthHR, assess.RoleOwner, false},
	{"PUT", "/v1/team/{userId}", FnAuth, "changeRole", AuthHR, assess.RoleOwner, false},
	{"DELETE", "/v1/team/{userId}", FnAuth, "removeMember", AuthHR, assess.RoleOwner, false},
	{"GET", "/v1/keys", FnAuth, "listKeys", AuthHR, assess.RoleOwner, false},
	{"POST", "/v1/keys", FnAuth, "createKey", AuthHR, assess.RoleOwner, false},
	{"DELETE", "/v1/keys/{keyId}", FnAuth, "revokeKey", AuthHR, assess.RoleOwner, false},

	{"POST", "/v1/invites/preview", FnSessions, "previewInvite", AuthAddress, "", false},
	{"POST", "/v1/sessions", FnSessions, "startSession", AuthAddress, "", false},
	{"GET", "/v1/session", FnSessions, "getSession", AuthCandidate, "", false},
	{"GET", "/v1/session/sections/{n}", FnSessions, "sectionIntro", AuthCandidate, "", false},
	{"POST", "/v1/session/sections/{n}/start", FnSessions, "startSection", AuthCandidate, "", false},
	{"POST", "/v1/session/practice", FnSessions, "practice", AuthCandidate, "", false},
	{"POST", "/v1/session/sections/{n}/finish", FnSessions, "finishSection", AuthCandidate, "", false},
	{"POST", "/v1/session/complete", FnSessions, "completeSession", AuthCandidate, "", false},
	{"GET", "/v1/session/feedback", FnSessions, "feedback", AuthCandidate, "", false},
	{"POST", "/v1/session/self-identification", FnSessions, "selfIdentify", AuthCandidate, "", false},
	{"PUT", "/v1/session/answers", FnAnswers, "saveAnswers", AuthCandidate, "", false},
}

// Functions lists the distinct function names of the routing table, in table order.
func Functions() []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range Routes {
		if !seen[r.Function] {
			seen[r.Function] = true
			out = append(out, r.Function)
		}
	}
	return out
}
