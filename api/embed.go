// Package api holds the HTTP API contract, api/openapi.yaml, the Go server
// interface and types generated from it, and the reference docs page.
package api

import "embed"

// Spec is the OpenAPI document, as served at /api/openapi.yaml.
//
//go:embed openapi.yaml
var Spec []byte

// Docs holds the reference docs page (index.html and its script).
//
//go:embed docs
var Docs embed.FS

// FeedSchema is the JSON Schema of the national feed's lines
// (sintra-feed/3, which also reads sintra-feed/2), against which an import checks every line.
//
//go:embed feed.schema.json
var FeedSchema []byte
