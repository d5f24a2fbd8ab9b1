// Package policy holds the Casbin access-control model and the rules that
// map each role to what it may do, versioned with the code and embedded.
package policy

import _ "embed"

// Model is the Casbin model: RBAC with municipio domains.
//
//go:embed model.conf
var Model string

// Rules is the Casbin policy: role → (object, action).
//
//go:embed policy.csv
var Rules string
