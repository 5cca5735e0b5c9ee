package api

import (
	_ "embed"
	"net/http"
)

// openAPI describes every route of the table (tests check that it does, and validate real
// responses against it).
//
//go:embed openapi.json
var openAPI []byte

// OpenAPI returns the API description document.
func OpenAPI() []byte { return openAPI }

func (s *server) openapi(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write(openAPI)
}
