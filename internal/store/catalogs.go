package store

import (
	"context"

	"sintra/internal/domain"
	"sintra/internal/store/internal/db"
)

// CatalogEntries returns the active entries of the named catalog in order.
func (s *Store) CatalogEntries(ctx context.Context, catalog string) ([]domain.CatalogEntry, error) {
	rows, err := s.q.ListCatalogEntries(ctx, catalog)
	if err != nil {
		return nil, mapError("list catalog entries", err)
	}
	entries := make([]domain.CatalogEntry, len(rows))
	for i, r := range rows {
		entries[i] = domain.CatalogEntry{Code: r.Code, Name: r.Name}
		if r.Entidad != nil {
			entries[i].Entidad = *r.Entidad
		}
	}
	return entries, nil
}

// CatalogHas reports whether code is an active entry of the named catalog.
func (s *Store) CatalogHas(ctx context.Context, catalog, code string) (bool, error) {
	ok, err := s.q.CatalogHasCode(ctx, db.CatalogHasCodeParams{Catalog: catalog, Code: code})
	return ok, mapError("catalog has code", err)
}

// EntidadMunicipios returns every municipio of an entidad, active or not,
// by code.
func (s *Store) EntidadMunicipios(ctx context.Context, entidad string) ([]domain.CatalogEntry, error) {
	rows, err := s.q.ListEntidadMunicipios(ctx, entidad)
	if err != nil {
		return nil, mapError("list municipios of entidad", err)
	}
	out := make([]domain.CatalogEntry, len(rows))
	for i, r := range rows {
		out[i] = domain.CatalogEntry{Code: r.Code, Name: r.Name, Entidad: entidad}
	}
	return out, nil
}

// InsertMunicipio adds a municipio after the catalog's last.
func (s *Store) InsertMunicipio(ctx context.Context, m domain.CatalogEntry) error {
	return mapError("insert municipio", s.q.InsertMunicipio(ctx, db.InsertMunicipioParams{Code: m.Code, Name: m.Name}))
}

// RenameMunicipio gives a municipio another name.
func (s *Store) RenameMunicipio(ctx context.Context, m domain.CatalogEntry) error {
	return mapError("rename municipio", s.q.RenameMunicipio(ctx, db.RenameMunicipioParams{Code: m.Code, Name: m.Name}))
}

// InsertInstitution adds an institution after the catalog's last.
func (s *Store) InsertInstitution(ctx context.Context, in domain.Institution) error {
	return mapError("insert institution", s.q.InsertInstitution(ctx, db.InsertInstitutionParams{Code: in.Code, Name: in.Name,
		Membership: in.Membership, Entidad: in.Entidad, UsesSystem: in.UsesSystem}))
}

// InstitutionEntidad returns the entidad an institution belongs to.
func (s *Store) InstitutionEntidad(ctx context.Context, code string) (string, error) {
	e, err := s.q.InstitutionEntidad(ctx, code)
	return e, mapError("institution entidad", err)
}
