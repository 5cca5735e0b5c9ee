package api_test

import (
	"context"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"shortlist/shared/api"
	"shortlist/shared/api/openapi"
)

// openAPIChecker validates real responses against the served OpenAPI document.
type openAPIChecker struct {
	doc    *openapi3.T
	router routers.Router
}

func newOpenAPIChecker(t *testing.T) *openAPIChecker {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(openapi.Document)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("the OpenAPI document is invalid: %v", err)
	}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return &openAPIChecker{doc: doc, router: router}
}

func (c *openAPIChecker) check(t *testing.T, req *http.Request, r reply) {
	t.Helper()
	u, _ := url.Parse(req.URL.String())
	u.Scheme, u.Host = "", ""
	probe := req.Clone(context.Background())
	probe.URL = u
	route, params, err := c.router.FindRoute(probe)
	if err != nil {
		t.Errorf("%s %s is not in the OpenAPI document: %v", req.Method, req.URL.Path, err)
		return
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: probe, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}},
		Status: r.status, Header: r.header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true},
	}
	in.SetBodyBytes(r.body)
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Errorf("%s %s → %d does not match the OpenAPI document: %v\nbody: %.400s", req.Method, req.URL.Path, r.status, err, r.body)
	}
}

// The document and the routing table describe the same API.
func TestOpenAPICoversTheRoutingTable(t *testing.T) {
	t.Parallel()
	c := newOpenAPIChecker(t)
	var inDoc, inTable []string
	for path, item := range c.doc.Paths.Map() {
		for method, op := range item.Operations() {
			inDoc = append(inDoc, method+" "+path+" "+op.OperationID)
		}
	}
	for _, rt := range api.Routes {
		inTable = append(inTable, rt.Method+" "+rt.Pattern+" "+rt.Op)
	}
	sort.Strings(inDoc)
	sort.Strings(inTable)
	if strings.Join(inDoc, "\n") != strings.Join(inTable, "\n") {
		t.Errorf("OpenAPI operations:\n%s\n\nrouting table:\n%s", strings.Join(inDoc, "\n"), strings.Join(inTable, "\n"))
	}
}
