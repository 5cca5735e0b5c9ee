// Package openapi holds the API description document (openapi.json), which describes
// every route of the routing table; shared/api's tests check that it does and validate
// real responses against it. It is its own package so that only the function that serves
// it (catalog) and the dev server embed its bytes, not every function binary.
package openapi

import _ "embed"

// Document is the OpenAPI 3 document, JSON.
//
//go:embed openapi.json
var Document []byte
