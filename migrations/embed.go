// Package migrations holds the numbered SQL migrations of the database
// schema, embedded so the binary can apply them itself.
package migrations

import "embed"

// FS holds every migration file.
//
//go:embed *.sql
var FS embed.FS
