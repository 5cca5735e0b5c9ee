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
	// Role is the least role an HR caller (person or API key) needs; "" for routes that
	// are not HR routes (the catalog, the candidate's). Auth lives here, with the route.
	Role assess.Role
}

// Routes is the routing table: data, read by scripts/dev and infra/.
var Routes = []Route{
	{"GET", "/v1/catalog/industries", FnCatalog, "listIndustries", ""},
	{"GET", "/v1/catalog/roles", FnCatalog, "listRoles", ""},
	{"GET", "/v1/catalog/roles/{roleId}", FnCatalog, "getRole", ""},
	{"GET", "/v1/catalog/instruments", FnCatalog, "listInstruments", ""},
	{"GET", "/v1/catalog/instruments/{instrumentId}", FnCatalog, "getInstrument", ""},
	{"GET", "/v1/openapi.json", FnCatalog, "openapi", ""},

	{"POST", "/v1/assessments", FnHR, "createAssessment", assess.RoleRecruiter},
	{"GET", "/v1/assessments", FnHR, "listAssessments", assess.RoleViewer},
	{"GET", "/v1/assessments/{assessmentId}", FnHR, "getAssessment", assess.RoleViewer},
	{"POST", "/v1/assessments/{assessmentId}/invites", FnHR, "invite", assess.RoleRecruiter},
	{"GET", "/v1/assessments/{assessmentId}/candidates", FnHR, "listCandidates", assess.RoleViewer},
	{"GET", "/v1/assessments/{assessmentId}/candidates/{candidateId}", FnHR, "candidateDetail", assess.RoleViewer},
	{"GET", "/v1/assessments/{assessmentId}/ranking", FnHR, "ranking", assess.RoleViewer},
	{"GET", "/v1/assessments/{assessmentId}/statistics", FnHR, "statistics", assess.RoleViewer},
	{"POST", "/v1/assessments/{assessmentId}/reports", FnHR, "createCohortReport", assess.RoleRecruiter},
	{"GET", "/v1/assessments/{assessmentId}/reports", FnHR, "listReports", assess.RoleViewer},
	{"GET", "/v1/reports/{reportId}/link", FnHR, "reportLink", assess.RoleViewer},
	{"POST", "/v1/assessments/{assessmentId}/candidates/{candidateId}/decision", FnHR, "decide", assess.RoleRecruiter},
	{"GET", "/v1/assessments/{assessmentId}/fairness", FnHR, "fairness", assess.RoleViewer},
	{"DELETE", "/v1/candidates/{candidateId}", FnHR, "eraseCandidate", assess.RoleOwner},
	{"GET", "/v1/candidates/{candidateId}/export", FnHR, "exportCandidate", assess.RoleOwner},
	{"GET", "/v1/organisation", FnHR, "getOrganisation", assess.RoleViewer},
	{"PUT", "/v1/organisation", FnHR, "putOrganisation", assess.RoleOwner},
	{"GET", "/v1/audit", FnHR, "auditLog", assess.RoleOwner},
	{"GET", "/v1/me", FnHR, "whoAmI", assess.RoleViewer},
	{"POST", "/v1/assessments/{assessmentId}/candidates/{candidateId}/invitation", FnHR, "resendInvitation", assess.RoleRecruiter},
	{"GET", "/v1/webhooks", FnHR, "listWebhooks", assess.RoleOwner},
	{"POST", "/v1/webhooks", FnHR, "createWebhook", assess.RoleOwner},
	{"POST", "/v1/webhooks/{webhookId}/rotate", FnHR, "rotateWebhookSecret", assess.RoleOwner},
	{"DELETE", "/v1/webhooks/{webhookId}", FnHR, "deleteWebhook", assess.RoleOwner},
	{"GET", "/v1/webhooks/{webhookId}/deliveries", FnHR, "listWebhookDeliveries", assess.RoleOwner},
	{"POST", "/v1/webhooks/{webhookId}/deliveries/{deliveryId}/replay", FnHR, "replayWebhookDelivery", assess.RoleOwner},

	{"POST", "/v1/auth/sign-in", FnAuth, "signIn", ""},
	{"POST", "/v1/auth/challenge", FnAuth, "answerChallenge", ""},
	{"POST", "/v1/auth/refresh", FnAuth, "refresh", ""},
	{"POST", "/v1/auth/sign-out", FnAuth, "signOut", ""},
	{"POST", "/v1/auth/forgot-password", FnAuth, "forgotPassword", ""},
	{"POST", "/v1/auth/reset-password", FnAuth, "resetPassword", ""},
	{"POST", "/v1/auth/mfa", FnAuth, "mfaSetup", ""},
	{"POST", "/v1/auth/mfa/verify", FnAuth, "mfaVerify", ""},
	{"GET", "/v1/team", FnAuth, "listTeam", assess.RoleOwner},
	{"POST", "/v1/team", FnAuth, "inviteMember", assess.RoleOwner},
	{"PUT", "/v1/team/{userId}", FnAuth, "changeRole", assess.RoleOwner},
	{"DELETE", "/v1/team/{userId}", FnAuth, "removeMember", assess.RoleOwner},
	{"GET", "/v1/keys", FnAuth, "listKeys", assess.RoleOwner},
	{"POST", "/v1/keys", FnAuth, "createKey", assess.RoleOwner},
	{"DELETE", "/v1/keys/{keyId}", FnAuth, "revokeKey", assess.RoleOwner},

	{"POST", "/v1/invites/preview", FnSessions, "previewInvite", ""},
	{"POST", "/v1/sessions", FnSessions, "startSession", ""},
	{"GET", "/v1/session", FnSessions, "getSession", ""},
	{"GET", "/v1/session/sections/{n}", FnSessions, "sectionIntro", ""},
	{"POST", "/v1/session/sections/{n}/start", FnSessions, "startSection", ""},
	{"POST", "/v1/session/practice", FnSessions, "practice", ""},
	{"POST", "/v1/session/sections/{n}/finish", FnSessions, "finishSection", ""},
	{"POST", "/v1/session/complete", FnSessions, "completeSession", ""},
	{"GET", "/v1/session/feedback", FnSessions, "feedback", ""},
	{"POST", "/v1/session/self-identification", FnSessions, "selfIdentify", ""},
	{"PUT", "/v1/session/answers", FnAnswers, "saveAnswers", ""},
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
