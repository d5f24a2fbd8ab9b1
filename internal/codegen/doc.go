// Package codegen holds the check that the committed generated code (the
// sqlc queries in internal/store/internal/db, the OpenAPI server in api/)
// matches its sources. The generator versions are pinned in the Makefile,
// which `make generate` uses.
package codegen
