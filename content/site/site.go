// Package site embeds the static candidate app (take/) and HR console (index.html, assets/)
// for the dev server; in AWS the stack uploads the same files to the site bucket. It is
// apart from package content so that no Lambda binary carries the site.
package site

import (
	"embed"
	"io/fs"
)

// Add a new top-level file or folder of the site to this line.
//
//go:embed index.html take assets
var files embed.FS

// FS is the site, rooted at its index.html.
func FS() fs.FS { return files }

// ContentSecurityPolicy is the site's policy, the same in AWS (CloudFront's response
// headers, infra/stack.go, which adds upgrade-insecure-requests) and on the dev server:
// only same-origin scripts, styles, images and API calls (the site and the API share one
// origin), so an injected inline script cannot run.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
