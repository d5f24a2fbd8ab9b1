package store

import (
	"context"

	"github.com/google/uuid"

	"sintra/internal/domain"
	"sintra/internal/store/internal/db"
)

// VictimImportBySHA returns an institution's earlier import of the same
// file, or NotFound.
func (s *Store) VictimImportBySHA(ctx context.Context, institution string, sum []byte) (domain.VictimImport, error) {
	r, err := s.q.GetVictimImportBySHA(ctx, db.GetVictimImportBySHAParams{InstitutionCode: institution, FileSha256: sum})
	return domain.VictimImport{ID: r.ID, Institution: r.InstitutionCode, SHA256: r.FileSha256, Victims: int(r.Victims),
		Casos: int(r.Casos), Services: int(r.Services), ImportedAt: r.ImportedAt}, mapError("get victim import", err)
}

// InsertVictimImport records an import; the same file twice from one
// institution is a Conflict.
func (s *Store) InsertVictimImport(ctx context.Context, i domain.VictimImport, by uuid.UUID) error {
	return mapError("insert victim import", s.q.InsertVictimImport(ctx, db.InsertVictimImportParams{ID: i.ID,
		InstitutionCode: i.Institution, FileSha256: i.SHA256, Victims: int32(i.Victims), Casos: int32(i.Casos),
		Services: int32(i.Services), ImportedAt: s.now(), ImportedBy: by}))
}
