package api

import (
	"maps"
	"net/http"
)

// A Function is one Lambda function's share of the routing table with its handlers.
//
// Each HTTP function's main names its own (HRFunction(), ...) and never the others, so the
// linker keeps only that function's handlers and what they use: a function's binary does
// not carry every route of the API. The dev server, the tools and the tests serve every
// route through NewHandler.
type Function struct {
	Name string // the function's name (FnHR, ...); "" for every route
	ops  func(*server) map[string]http.HandlerFunc
}

// The HTTP functions.
func CatalogFunction() Function  { return Function{FnCatalog, (*server).catalogOps} }
func HRFunction() Function       { return Function{FnHR, (*server).hrOps} }
func SessionsFunction() Function { return Function{FnSessions, (*server).sessionsOps} }
func AnswersFunction() Function  { return Function{FnAnswers, (*server).answersOps} }
func AuthFunction() Function     { return Function{FnAuth, (*server).authOps} }

// allOps are the handlers of every function.
func (s *server) allOps() map[string]http.HandlerFunc {
	out := map[string]http.HandlerFunc{}
	for _, ops := range []func() map[string]http.HandlerFunc{s.catalogOps, s.hrOps, s.sessionsOps, s.answersOps, s.authOps} {
		maps.Copy(out, ops())
	}
	return out
}
