// Package codegen holds the check that the committed generated code (the
// sqlc queries in internal/store/internal/db, the OpenAPI server in api/)
// matches its sources. The generators are pinned as tool dependencies in
// tools.mod, apart from go.mod so that their own dependencies never change
// the product's; `make generate` runs them with `go tool -modfile=tools.mod`.
package codegen
