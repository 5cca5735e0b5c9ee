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
