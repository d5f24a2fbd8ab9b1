// Package catalog serves the closed lists (municipios, instituciones,
// modalidades, …) that records refer to. They are seeded by migrations.
package catalog

import (
	"context"
	"sintra/internal/domain"
	"slices"

	"sintra/internal/apperr"
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

// Service reads catalogs.
type Service struct {
	store *store.Store
}

// NewService returns a Service reading from st.
func NewService(st *store.Store) *Service { return &Service{store: st} }

// List returns the active entries of the named catalog.
func (s *Service) List(ctx context.Context, name string) ([]Entry, error) {
	if !slices.Contains(Names, name) {
		return nil, apperr.New(apperr.NotFound, "El catálogo solicitado no existe.")
	}
	return s.store.CatalogEntries(ctx, name)
}
