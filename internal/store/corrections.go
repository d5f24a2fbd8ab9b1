package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"

	"sintra/internal/domain"
	"sintra/internal/store/internal/db"
)

// InsertCorrection appends a correction or voiding to a record's history.
func (s *Store) InsertCorrection(ctx context.Context, c domain.Correction) error {
	previous, err := json.Marshal(c.Previous)
	if c.Previous == nil {
		previous = []byte("{}")
	}
	if err != nil {
		return fmt.Errorf("store: insert correction: %w", err)
	}
	return mapError("insert correction", s.q.InsertCorrection(ctx, db.InsertCorrectionParams{RecordType: c.RecordType,
		RecordID: c.RecordID, Kind: c.Kind, Version: int32(c.Version), ReasonCode: c.ReasonCode, ReasonEnc: c.ReasonEnc,
		Previous: previous, PreviousEnc: c.PreviousEnc, ByUser: c.ByUser, ByInstitution: c.ByInstitution, At: s.stamp(c.At)}))
}

// Corrections returns a record's corrections and voiding, oldest first.
func (s *Store) Corrections(ctx context.Context, recordType string, id uuid.UUID) ([]domain.Correction, error) {
	rows, err := s.q.ListCorrections(ctx, db.ListCorrectionsParams{RecordType: recordType, RecordID: id})
	if err != nil {
		return nil, mapError("list corrections", err)
	}
	out := make([]domain.Correction, len(rows))
	for i, r := range rows {
		out[i] = domain.Correction{RecordType: r.RecordType, RecordID: r.RecordID, Kind: r.Kind, Version: int(r.Version),
			ReasonCode: r.ReasonCode, ReasonEnc: r.ReasonEnc, PreviousEnc: r.PreviousEnc, ByUser: r.ByUser,
			ByInstitution: r.ByInstitution, At: r.At}
		if err := json.Unmarshal(r.Previous, &out[i].Previous); err != nil {
			return nil, fmt.Errorf("store: list corrections: %w", err)
		}
	}
	return out, nil
}

func ptr[T any](v T) *T { return &v }
