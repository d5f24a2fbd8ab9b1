package reports

import (
	"context"

	"sintra/internal/apperr"
	"sintra/internal/authz"
)

// entidadOf decides whose records a caller's report or statistic counts:
// the entidad asked for, which must be in the catalog and where one of
// perms holds (a national role reaches every entidad), else it answers as
// a record of another entidad does, 404; none asked for, the nation for a
// national role, otherwise the one entidad where the caller holds perms.
func (s *Service) entidadOf(ctx context.Context, p *authz.Principal, asked string, perms ...authz.Permission) (string, error) {
	scope := s.authz.ScopeOfAny(p, perms...)
	if !scope.Allowed() {
		return "", apperr.New(apperr.Forbidden, "No tiene permiso para esta acción.")
	}
	if asked == "" {
		reached := scope.EntidadesReached()
		switch {
		case scope.All:
			return "", nil
		case len(reached) == 1:
			return reached[0], nil
		}
		return "", apperr.Validation(apperr.FieldError{Field: "entidad", Message: "Indique la entidad: su función abarca varias."})
	}
	known, err := s.store.CatalogHas(ctx, "entidades", asked)
	if err != nil {
		return "", err
	}
	if !known || !scope.Reaches(asked) {
		return "", apperr.New(apperr.NotFound, "La entidad no existe o no está en su ámbito.")
	}
	return asked, nil
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
