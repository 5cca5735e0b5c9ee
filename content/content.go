// Package content embeds Shortlist's catalog (industries, roles, instruments and their
// items) and the static site. The format is documented in README.md beside this file and
// validated by shared/catalog.
package content

import (
	"embed"
	"io/fs"
)

//go:embed catalog
var catalogFS embed.FS

//go:embed all:site
var siteFS embed.FS

// Catalog is the content tree read by catalog.Load.
func Catalog() fs.FS { return catalogFS }

// Site is the static candidate site and HR console, rooted at its index.html.
func Site() fs.FS {
	sub, err := fs.Sub(siteFS, "site")
	if err != nil {
		panic(err) // unreachable: "site" is embedded above
	}
	return sub
}
