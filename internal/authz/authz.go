// Package authz decides what a signed-in user may do, and where. Casbin
// evaluates (role, domain, object, action) with the embedded model and
// rules for each role the user holds; the holdings are read from the
// database on every request, so removing a role takes effect at once.
// Scope turns the answer into the municipios and institution that domain
// packages put into their SQL.
package authz

import (
	"fmt"
	"sintra/internal/domain"
	"slices"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	stringadapter "github.com/casbin/casbin/v2/persist/string-adapter"
	"github.com/google/uuid"

	"sintra/policy"
)

// Roles are every role a user may hold.
var Roles = []string{"admin", "capturista", "fiscalia", "grupo_trabajo", "enlace", "secretaria_tecnica", "analista", "auditor"}

// SensitiveRoles reach personal data or the audit trail, or, as admin,
// administer the accounts that do. Granting one, and creating or resetting
// the credentials of an account that holds one, takes two administrators.
var SensitiveRoles = []string{"admin", "capturista", "fiscalia", "grupo_trabajo", "auditor"}

// Sensitive reports whether any of the assignments holds a sensitive role.
func Sensitive(assignments ...Assignment) bool {
	return slices.ContainsFunc(assignments, func(a Assignment) bool { return slices.Contains(SensitiveRoles, a.Role) })
}

// National is the domain of a role held in every municipio.
const National = "*"

// Assignment is a role held in a domain.
type Assignment = domain.Assignment

// Principal is the signed-in user a request acts for.
type Principal struct {
	UserID      uuid.UUID
	SessionID   uuid.UUID
	Username    string
	Institution string
	Assignments []Assignment
	// Restriction, when not empty, limits the session to finishing its
	// set-up: "password_change_required" or "mfa_enrollment_required".
	Restriction string
}

// HasRole reports whether the principal holds role in any domain.
func (p *Principal) HasRole(role string) bool {
	return slices.ContainsFunc(p.Assignments, func(a Assignment) bool { return a.Role == role })
}

// Rows are the municipios whose records PostgreSQL lets the principal's
// requests reach: wherever it holds a role, every municipio for a
// statewide one. The permission check and each query's scope narrow it.
func (p *Principal) Rows() domain.Rows {
	var rows domain.Rows
	for _, a := range p.Assignments {
		if a.Domain == National {
			return domain.Rows{All: true}
		}
		if !slices.Contains(rows.Municipios, a.Domain) {
			rows.Municipios = append(rows.Municipios, a.Domain)
		}
	}
	return rows
}

// Scope is where a principal may exercise one permission.
type Scope struct {
	// All is true when the permission comes from a statewide role.
	All bool
	// Municipios lists the municipios where it holds, when not All.
	Municipios []string
	// Institution is the principal's institution, for institution-bound records.
	Institution string
}

// Allowed reports whether the permission holds anywhere.
func (s Scope) Allowed() bool { return s.All || len(s.Municipios) > 0 }

// Covers reports whether the permission holds in municipio.
func (s Scope) Covers(municipio string) bool {
	return s.All || slices.Contains(s.Municipios, municipio)
}

// Authorizer evaluates the embedded policy.
type Authorizer struct {
	enforcer *casbin.Enforcer
}

// New loads the embedded model and rules.
func New() (*Authorizer, error) {
	m, err := model.NewModelFromString(policy.Model)
	if err != nil {
		return nil, fmt.Errorf("authz: model: %w", err)
	}
	e, err := casbin.NewEnforcer(m, stringadapter.NewAdapter(policy.Rules))
	if err != nil {
		return nil, fmt.Errorf("authz: policy: %w", err)
	}
	return &Authorizer{enforcer: e}, nil
}

// Scope returns where p holds perm.
func (a *Authorizer) Scope(p *Principal, perm Permission) Scope {
	s := Scope{Institution: p.Institution}
	for _, as := range p.Assignments {
		ok, err := a.enforcer.Enforce(as.Role, as.Domain, perm.Object, perm.Action)
		if err != nil || !ok {
			continue
		}
		if as.Domain == National {
			s.All = true
		} else if !slices.Contains(s.Municipios, as.Domain) {
			s.Municipios = append(s.Municipios, as.Domain)
		}
	}
	if s.All {
		s.Municipios = nil
	}
	return s
}

// ScopeOfAny returns where p holds any of perms.
func (a *Authorizer) ScopeOfAny(p *Principal, perms ...Permission) Scope {
	s := Scope{Institution: p.Institution}
	for _, perm := range perms {
		one := a.Scope(p, perm)
		s.All = s.All || one.All
		for _, m := range one.Municipios {
			if !slices.Contains(s.Municipios, m) {
				s.Municipios = append(s.Municipios, m)
			}
		}
	}
	if s.All {
		s.Municipios = nil
	}
	return s
}

// InStore returns the scope as the store's query parameters. Records bound
// to an institution pass ownInstitution; records any institution's member
// may see in the municipio pass false.
func (s Scope) InStore(ownInstitution bool) domain.Scope {
	return domain.Scope{AllMunicipios: s.All, Municipios: append([]string{}, s.Municipios...),
		AnyInstitution: !ownInstitution, Institution: s.Institution}
}
