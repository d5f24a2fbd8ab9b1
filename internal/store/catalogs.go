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
	}
	return entries, nil
}

// CatalogHas reports whether code is an active entry of the named catalog.
func (s *Store) CatalogHas(ctx context.Context, catalog, code string) (bool, error) {
	ok, err := s.q.CatalogHasCode(ctx, db.CatalogHasCodeParams{Catalog: catalog, Code: code})
	return ok, mapError("catalog has code", err)
}
