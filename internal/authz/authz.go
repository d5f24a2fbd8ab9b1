// Package authz decides what a signed-in user may do, and where. Casbin
// evaluates (role, domain held, target, object, action) with the embedded
// model and rules for each role the user holds, the model matching the
// domains: the nation covers every entidad and municipio, an entidad its
// municipios. The holdings are read from the database on every request, so
// removing a role takes effect at once. Scope turns the answer into the
// entidades, municipios and institution that domain packages put into
// their SQL.
package authz

import (
	"fmt"
	"regexp"
	"slices"

	"sintra/internal/domain"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	stringadapter "github.com/casbin/casbin/v2/persist/string-adapter"
	"github.com/google/uuid"

	"sintra/policy"
)

// Roles are every role a user may hold.
var Roles = []string{"admin", "capturista", "fiscalia", "grupo_trabajo", "enlace", "secretaria_tecnica", "analista", "auditor",
	"enlace_nacional"}

// SensitiveRoles reach personal data or the audit trail, or, as admin,
// administer the accounts that do, or, as enlace_nacional, carry a whole
// entidad's records out of it (the national feed). Granting one, and
// creating or resetting the credentials of an account that holds one,
// takes two administrators.
var SensitiveRoles = []string{"admin", "capturista", "fiscalia", "grupo_trabajo", "auditor", "enlace_nacional"}

// WholeEntidadRoles are held only in a whole entidad or nationally, never
// in a municipio: the national feed's liaison sends an entidad's records.
var WholeEntidadRoles = []string{"enlace_nacional"}

// Sensitive reports whether any of the assignments holds a sensitive role.
func Sensitive(assignments ...Assignment) bool {
	return slices.ContainsFunc(assignments, func(a Assignment) bool { return slices.Contains(SensitiveRoles, a.Role) })
}

// National is the domain of a role held in every entidad and municipio.
const National = "*"

// Domains are written as INEGI codes: an entidad's has two digits, a
// municipio's five, the first two of which are its entidad's.
var (
	entidadCode   = regexp.MustCompile(`^[0-9]{2}$`)
	municipioCode = regexp.MustCompile(`^[0-9]{5}$`)
)

// IsEntidad reports whether domain is an entidad's code.
func IsEntidad(domain string) bool { return entidadCode.MatchString(domain) }

// IsMunicipio reports whether domain is a municipio's code.
func IsMunicipio(domain string) bool { return municipioCode.MatchString(domain) }

// EntidadOf returns the entidad a municipio's or entidad's code is in, or
// "" for the national domain.
func EntidadOf(domain string) string {
	if IsEntidad(domain) || IsMunicipio(domain) {
		return domain[:2]
	}
	return ""
}

// Covers reports whether a role held in domain held acts in target: the
// nation covers every domain, an entidad itself and its municipios, a
// municipio itself.
func Covers(held, target string) bool {
	switch {
	case held == National:
		return true
	case IsEntidad(held):
		return target == held || IsMunicipio(target) && target[:2] == held
	}
	return held == target && IsMunicipio(held)
}

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

// Rows are the records PostgreSQL lets the principal's requests reach:
// those of the municipios and entidades where it holds a role (every one
// for a national role), and the canalizaciones its institution receives.
// The permission check and each query's scope narrow it.
func (p *Principal) Rows() domain.Rows {
	rows := domain.Rows{Institution: p.Institution}
	for _, a := range p.Assignments {
		switch {
		case a.Domain == National:
			return domain.Rows{All: true, Institution: p.Institution}
		case IsEntidad(a.Domain):
			rows.Entidades = appendNew(rows.Entidades, a.Domain)
		default:
			rows.Municipios = appendNew(rows.Municipios, a.Domain)
		}
	}
	return rows
}

func appendNew(list []string, v string) []string {
	if slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}

// Scope is where a principal may exercise one permission.
type Scope struct {
	// All is true when the permission comes from a national role.
	All bool
	// Entidades and Municipios list where it holds, when not All.
	Entidades, Municipios []string
	// Institution is the principal's institution, for institution-bound records.
	Institution string
}

// Allowed reports whether the permission holds anywhere.
func (s Scope) Allowed() bool { return s.All || len(s.Entidades) > 0 || len(s.Municipios) > 0 }

// Covers reports whether the permission holds in target, a municipio or an
// entidad: nationally, in its entidad, or in the municipio itself.
func (s Scope) Covers(target string) bool {
	return s.All || slices.ContainsFunc(append(slices.Clone(s.Entidades), s.Municipios...), func(held string) bool { return Covers(held, target) })
}

// Reaches reports whether the permission holds anywhere in entidad: in it,
// in one of its municipios, or nationally. The Secretaría Técnica of a
// municipio reads her entidad's reports.
func (s Scope) Reaches(entidad string) bool {
	return s.All || slices.Contains(s.Entidades, entidad) ||
		slices.ContainsFunc(s.Municipios, func(m string) bool { return EntidadOf(m) == entidad })
}

// EntidadesReached lists the entidades the permission holds anywhere in,
// when not All, in the order first held.
func (s Scope) EntidadesReached() []string {
	out := slices.Clone(s.Entidades)
	for _, m := range s.Municipios {
		out = appendNew(out, EntidadOf(m))
	}
	return out
}

// Authorizer evaluates the embedded policy.
type Authorizer struct {
	enforcer *casbin.Enforcer
}

// New loads the embedded model and rules, and gives the model its domain
// matching: covers(held, target).
func New() (*Authorizer, error) {
	m, err := model.NewModelFromString(policy.Model)
	if err != nil {
		return nil, fmt.Errorf("authz: model: %w", err)
	}
	e, err := casbin.NewEnforcer(m, stringadapter.NewAdapter(policy.Rules))
	if err != nil {
		return nil, fmt.Errorf("authz: policy: %w", err)
	}
	e.AddFunction("covers", func(args ...any) (any, error) {
		held, _ := args[0].(string)
		target, _ := args[1].(string)
		return Covers(held, target), nil
	})
	return &Authorizer{enforcer: e}, nil
}

// allows reports whether the role held in domain held has perm in target.
func (a *Authorizer) allows(as Assignment, target string, perm Permission) bool {
	ok, err := a.enforcer.Enforce(as.Role, as.Domain, target, perm.Object, perm.Action)
	return err == nil && ok
}

// Allows reports whether p holds perm in target: a municipio, an entidad,
// or the nation (National).
func (a *Authorizer) Allows(p *Principal, perm Permission, target string) bool {
	return slices.ContainsFunc(p.Assignments, func(as Assignment) bool { return a.allows(as, target, perm) })
}

// Scope returns where p holds perm.
func (a *Authorizer) Scope(p *Principal, perm Permission) Scope {
	s := Scope{Institution: p.Institution}
	for _, as := range p.Assignments {
		if !a.allows(as, as.Domain, perm) {
			continue
		}
		switch {
		case as.Domain == National:
			s.All = true
		case IsEntidad(as.Domain):
			s.Entidades = appendNew(s.Entidades, as.Domain)
		default:
			s.Municipios = appendNew(s.Municipios, as.Domain)
		}
	}
	return s.normalized()
}

// normalized drops what a wider domain of s covers already.
func (s Scope) normalized() Scope {
	if s.All {
		s.Entidades, s.Municipios = nil, nil
	}
	s.Municipios = slices.DeleteFunc(s.Municipios, func(m string) bool { return slices.Contains(s.Entidades, EntidadOf(m)) })
	return s
}

// ScopeOfAny returns where p holds any of perms.
func (a *Authorizer) ScopeOfAny(p *Principal, perms ...Permission) Scope {
	s := Scope{Institution: p.Institution}
	for _, perm := range perms {
		one := a.Scope(p, perm)
		s.All = s.All || one.All
		for _, e := range one.Entidades {
			s.Entidades = appendNew(s.Entidades, e)
		}
		for _, m := range one.Municipios {
			s.Municipios = appendNew(s.Municipios, m)
		}
	}
	return s.normalized()
}

// InStore returns the scope as the store's query parameters. Records bound
// to an institution pass ownInstitution; records any institution's member
// may see in the municipio pass false.
func (s Scope) InStore(ownInstitution bool) domain.Scope {
	return domain.Scope{AllMunicipios: s.All, Entidades: slices.Clone(s.Entidades), Municipios: slices.Clone(s.Municipios),
		AnyInstitution: !ownInstitution, Institution: s.Institution}
}
