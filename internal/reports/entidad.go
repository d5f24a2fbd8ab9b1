package reports

import (
	"context"

	"sintra/internal/authz"
)

// entidadOf decides whose records a caller's report or statistic counts,
// where one of perms holds: see authz.EntidadAsked.
func (s *Service) entidadOf(ctx context.Context, p *authz.Principal, asked string, perms ...authz.Permission) (string, error) {
	return authz.EntidadAsked(s.authz.ScopeOfAny(p, perms...), asked, func(code string) (bool, error) {
		return s.store.CatalogHas(ctx, "entidades", code)
	})
}

// reachesEntidad reports whether a permission of scope holds in entidad,
// anywhere in it; for the nation (""), only a national one does.
func reachesEntidad(scope authz.Scope, entidad string) bool {
	if entidad == "" {
		return scope.All
	}
	return scope.Reaches(entidad)
}

// inEntidad returns the same Service counting the records of entidad
// alone, "" the nation's: every query its store (and replica) runs for the
// reports is narrowed to it, and so are the rows they may see.
func (s *Service) inEntidad(entidad string) *Service {
	out := *s
	out.store = s.store.InEntidad(entidad)
	if s.reads != nil {
		out.reads = s.reads.InEntidad(entidad)
	}
	return &out
}

// entidadName is the name of the entidad the Service counts, "" for the
// nation.
func (s *Service) entidadName(ctx context.Context) (string, error) {
	code := s.store.Entidad()
	if code == "" {
		return "", nil
	}
	entries, err := s.store.CatalogEntries(ctx, "entidades")
	for _, e := range entries {
		if e.Code == code {
			return e.Name, err
		}
	}
	return code, err
}
