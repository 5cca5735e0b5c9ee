package api

import (
	"net/http"

	"shortlist/shared/assess"
)

// openapi serves the API description (Deps.OpenAPI: package openapi's document, given by
// the catalog function and the dev server); 404 where it is not given.
func (s *server) openapi(w http.ResponseWriter, r *http.Request) error {
	if len(s.OpenAPI) == 0 {
		return errNoOpenAPI
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write(s.OpenAPI)
	return nil
}

var errNoOpenAPI = assess.Errorf(assess.NotFound, "no API description here")
