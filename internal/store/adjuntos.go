package store

import (
	"context"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/domain"
	"sintra/internal/store/internal/db"
)

// InsertAdjunto stores an adjunto.
func (s *Store) InsertAdjunto(ctx context.Context, a domain.Adjunto) error {
	return mapError("insert adjunto", s.q.InsertAdjunto(ctx, db.InsertAdjuntoParams{ID: a.ID, RecordType: a.RecordType,
		RecordID: a.RecordID, InstitutionCode: a.Institution, MunicipioCode: a.Municipio, Kind: a.Kind, ContentType: a.ContentType,
		SizeBytes: int32(a.Size), NameEnc: a.NameEnc, DescriptionEnc: a.DescriptionEnc, ContentEnc: a.ContentEnc,
		CreatedBy: a.CreatedBy, CreatedAt: s.stamp(a.CreatedAt)}))
}

// RecordAdjuntos returns a record's adjuntos without their bytes, oldest
// first.
func (s *Store) RecordAdjuntos(ctx context.Context, recordType string, recordID uuid.UUID) ([]domain.Adjunto, error) {
	rows, err := s.q.ListRecordAdjuntos(ctx, db.ListRecordAdjuntosParams{RecordType: recordType, RecordID: recordID})
	if err != nil {
		return nil, mapError("list adjuntos", err)
	}
	out := make([]domain.Adjunto, len(rows))
	for i, r := range rows {
		out[i] = domain.Adjunto{ID: r.ID, RecordType: r.RecordType, RecordID: r.RecordID, Institution: r.InstitutionCode,
			Municipio: r.MunicipioCode, Kind: r.Kind, ContentType: r.ContentType, Size: int(r.SizeBytes), NameEnc: r.NameEnc,
			DescriptionEnc: r.DescriptionEnc, CreatedBy: r.CreatedBy, CreatedByName: r.CreatedByName, CreatedAt: r.CreatedAt,
			VoidedAt: r.VoidedAt, VoidedBy: nullID(r.VoidedBy), VoidedByName: r.VoidedByName, VoidReason: r.VoidReason}
	}
	return out, nil
}

// Adjunto returns an adjunto with its bytes, wherever it is: the caller
// checks that its record is in scope. Row-level security still binds it.
func (s *Store) Adjunto(ctx context.Context, id uuid.UUID) (domain.Adjunto, error) {
	r, err := s.q.GetAdjunto(ctx, id)
	if err != nil {
		return domain.Adjunto{}, mapError("get adjunto", err)
	}
	return domain.Adjunto{ID: r.ID, RecordType: r.RecordType, RecordID: r.RecordID, Institution: r.InstitutionCode,
		Municipio: r.MunicipioCode, Kind: r.Kind, ContentType: r.ContentType, Size: int(r.SizeBytes), NameEnc: r.NameEnc,
		DescriptionEnc: r.DescriptionEnc, ContentEnc: r.ContentEnc, CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt,
		VoidedAt: r.VoidedAt, VoidedBy: nullID(r.VoidedBy), VoidReason: r.VoidReason, VoidReasonEnc: r.VoidReasonEnc}, nil
}

// VoidAdjunto voids an adjunto not voided yet, dropping its bytes;
// otherwise Conflict.
func (s *Store) VoidAdjunto(ctx context.Context, a domain.Adjunto) error {
	n, err := s.q.VoidAdjunto(ctx, db.VoidAdjuntoParams{ID: a.ID, VoidedAt: a.VoidedAt, VoidedBy: uuid.NullUUID{UUID: *a.VoidedBy, Valid: true},
		VoidReason: a.VoidReason, VoidReasonEnc: a.VoidReasonEnc})
	if err != nil {
		return mapError("void adjunto", err)
	}
	if n == 0 {
		return apperr.New(apperr.Conflict, "El documento ya fue eliminado.")
	}
	return nil
}

// EraseRecordAdjuntos clears what a record's adjuntos had sealed with its
// key: their bytes, names, descriptions and the reasons they were voided.
func (s *Store) EraseRecordAdjuntos(ctx context.Context, recordType string, recordID uuid.UUID) error {
	return mapError("erase adjuntos", s.q.EraseRecordAdjuntos(ctx, db.EraseRecordAdjuntosParams{RecordType: recordType, RecordID: recordID}))
}

func nullID(n uuid.NullUUID) *uuid.UUID {
	if !n.Valid {
		return nil
	}
	return &n.UUID
}
