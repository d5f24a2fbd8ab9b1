// Package web holds the web application's pages and static assets,
// embedded in the binary so that it needs nothing else at run time.
package web

import "embed"

// Static holds the files served under /.
//
//go:embed static
var Static embed.FS
