// Package catalog serves the closed lists (municipios, instituciones,
// modalidades, …) that records refer to. They are seeded by migrations; an
// administrator loads the municipios of further entidades and adds
// institutions, each change audited.
package catalog

import (
	"context"
	"slices"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/domain"
	"sintra/internal/store"
)

// Names are the catalogs, by the name the API uses.
var Names = []string{
	"municipios", "instituciones", "distritos-judiciales", "modalidades", "nacionalidades",
	"tipos-servicio", "tipos-actividad", "formas-enganche", "medios-transporte", "tipos-lugar", "lenguas-indigenas",
	"medios-comisivos", "entidades",
}

// Entry is one entry of a catalog.
type Entry = domain.CatalogEntry

// Service reads catalogs and lets administrators extend them.
type Service struct {
	store *store.Store
	authz *authz.Authorizer
	audit *audit.Recorder
}

// NewService returns a Service reading from st.
func NewService(st *store.Store, a *authz.Authorizer, rec *audit.Recorder) *Service {
	return &Service{store: st, authz: a, audit: rec}
}

// List returns the active entries of the named catalog.
func (s *Service) List(ctx context.Context, name string) ([]Entry, error) {
	if !slices.Contains(Names, name) {
		return nil, apperr.New(apperr.NotFound, "El catálogo solicitado no existe.")
	}
	return s.store.CatalogEntries(ctx, name)
}

// mayChange checks that p administers the catalogs of entidad, which must
// be one of the catalog's: as an administrator of the entidad or of the
// nation.
func (s *Service) mayChange(ctx context.Context, p *authz.Principal, entidad string) error {
	if !s.authz.Allows(p, authz.CatalogosWrite, entidad) {
		return apperr.New(apperr.Forbidden, "No administra los catálogos de esa entidad.")
	}
	return s.knownEntidad(ctx, entidad)
}

func (s *Service) knownEntidad(ctx context.Context, entidad string) error {
	ok, err := s.store.CatalogHas(ctx, "entidades", entidad)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.Validation(apperr.FieldError{Field: "entidad", Message: "La entidad no está en el catálogo (clave INEGI de dos dígitos)."})
	}
	return nil
}
