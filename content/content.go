// Package content embeds Shortlist's catalog (industries, roles, instruments and their
// items). The format is documented in README.md beside this file and validated by
// shared/catalog. The static site is package content/site.
package content

import (
	"embed"
	"io/fs"
)

//go:embed catalog
var catalogFS embed.FS

// Catalog is the content tree read by catalog.Load.
func Catalog() fs.FS { return catalogFS }
