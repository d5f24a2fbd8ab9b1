package store

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"sintra/internal/domain"
	"sintra/internal/store/internal/db"
)

// RecordKey returns the wrapped data key of a víctima, caso, carpeta,
// Grupo de Trabajo session, activity or reporte ciudadano: nil when the record has none (a víctima whose
// data was erased, a caso or session recorded before they had keys);
// NotFound when there is no such record.
func (s *Store) RecordKey(ctx context.Context, table domain.KeyTable, id uuid.UUID) ([]byte, error) {
	switch table {
	case domain.VictimKeys, domain.CasoKeys, domain.CarpetaKeys, domain.SessionKeys, domain.ActivityKeys, domain.ReporteKeys:
	default:
		return nil, fmt.Errorf("store: %q holds no record keys", table)
	}
	wrapped, err := s.q.GetRecordKey(ctx, db.GetRecordKeyParams{KeyTable: string(table), RecordID: id})
	return wrapped, mapError("get record key", err)
}

// SetRecordKey gives a caso or session recorded before they had keys its
// own, or an activity the first time it needs one.
func (s *Store) SetRecordKey(ctx context.Context, table domain.KeyTable, id uuid.UUID, wrapped []byte, version int) error {
	var err error
	switch table {
	case domain.CasoKeys:
		err = s.q.SetCasoKey(ctx, db.SetCasoKeyParams{ID: id, DekWrapped: wrapped, DekVersion: int32p(version)})
	case domain.SessionKeys:
		err = s.q.SetSessionKey(ctx, db.SetSessionKeyParams{ID: id, DekWrapped: wrapped, DekVersion: int32p(version)})
	case domain.ActivityKeys:
		err = s.q.SetActivityKey(ctx, db.SetActivityKeyParams{ID: id, DekWrapped: wrapped, DekVersion: int32p(version)})
	default:
		return fmt.Errorf("store: %q keys are set when the record is made", table)
	}
	return mapError("set record key", err)
}

// KeysToRewrap returns (and locks) up to batch data keys of table wrapped
// by a master key older than version.
func (s *Store) KeysToRewrap(ctx context.Context, table domain.KeyTable, version, batch int) ([]domain.WrappedKey, error) {
	var out []domain.WrappedKey
	var err error
	switch table {
	case domain.VictimKeys:
		var rows []db.ListVictimKeysToRewrapRow
		rows, err = s.q.ListVictimKeysToRewrap(ctx, db.ListVictimKeysToRewrapParams{Version: int32p(version), Batch: int32(batch)})
		for _, r := range rows {
			out = append(out, domain.WrappedKey{RecordID: r.ID, Wrapped: r.DekWrapped})
		}
	case domain.CarpetaKeys:
		var rows []db.ListCarpetaKeysToRewrapRow
		rows, err = s.q.ListCarpetaKeysToRewrap(ctx, db.ListCarpetaKeysToRewrapParams{Version: int32(version), Batch: int32(batch)})
		for _, r := range rows {
			out = append(out, domain.WrappedKey{RecordID: r.ID, Wrapped: r.DekWrapped})
		}
	case domain.CasoKeys:
		var rows []db.ListCasoKeysToRewrapRow
		rows, err = s.q.ListCasoKeysToRewrap(ctx, db.ListCasoKeysToRewrapParams{Version: int32p(version), Batch: int32(batch)})
		for _, r := range rows {
			out = append(out, domain.WrappedKey{RecordID: r.ID, Wrapped: r.DekWrapped})
		}
	case domain.SessionKeys:
		var rows []db.ListSessionKeysToRewrapRow
		rows, err = s.q.ListSessionKeysToRewrap(ctx, db.ListSessionKeysToRewrapParams{Version: int32p(version), Batch: int32(batch)})
		for _, r := range rows {
			out = append(out, domain.WrappedKey{RecordID: r.ID, Wrapped: r.DekWrapped})
		}
	case domain.ActivityKeys:
		var rows []db.ListActivityKeysToRewrapRow
		rows, err = s.q.ListActivityKeysToRewrap(ctx, db.ListActivityKeysToRewrapParams{Version: int32p(version), Batch: int32(batch)})
		for _, r := range rows {
			out = append(out, domain.WrappedKey{RecordID: r.ID, Wrapped: r.DekWrapped})
		}
	case domain.ReporteKeys:
		var rows []db.ListReporteKeysToRewrapRow
		rows, err = s.q.ListReporteKeysToRewrap(ctx, db.ListReporteKeysToRewrapParams{Version: int32p(version), Batch: int32(batch)})
		for _, r := range rows {
			out = append(out, domain.WrappedKey{RecordID: r.ID, Wrapped: r.DekWrapped})
		}
	case domain.UserKeys:
		var rows []db.ListUserKeysToRewrapRow
		rows, err = s.q.ListUserKeysToRewrap(ctx, db.ListUserKeysToRewrapParams{Version: int32p(version), Batch: int32(batch)})
		for _, r := range rows {
			out = append(out, domain.WrappedKey{RecordID: r.ID, Wrapped: r.TotpDekWrapped})
		}
	case domain.RequestKeys:
		var rows []db.ListRequestKeysToRewrapRow
		rows, err = s.q.ListRequestKeysToRewrap(ctx, db.ListRequestKeysToRewrapParams{Version: int32p(version), Batch: int32(batch)})
		for _, r := range rows {
			out = append(out, domain.WrappedKey{RecordID: r.ID, Wrapped: r.DekWrapped})
		}
	default:
		return nil, fmt.Errorf("store: %q holds no data keys", table)
	}
	return out, mapError("list keys to rewrap", err)
}

// SetWrappedKey stores a re-wrapped data key.
func (s *Store) SetWrappedKey(ctx context.Context, table domain.KeyTable, id uuid.UUID, wrapped []byte, version int) error {
	var err error
	switch table {
	case domain.VictimKeys:
		err = s.q.SetVictimKey(ctx, db.SetVictimKeyParams{ID: id, DekWrapped: wrapped, DekVersion: int32p(version)})
	case domain.CarpetaKeys:
		err = s.q.SetCarpetaKey(ctx, db.SetCarpetaKeyParams{ID: id, DekWrapped: wrapped, DekVersion: int32(version)})
	case domain.CasoKeys, domain.SessionKeys, domain.ActivityKeys:
		return s.SetRecordKey(ctx, table, id, wrapped, version)
	case domain.ReporteKeys:
		err = s.q.SetReporteKey(ctx, db.SetReporteKeyParams{ID: id, DekWrapped: wrapped, DekVersion: int32p(version)})
	case domain.UserKeys:
		err = s.q.SetUserKey(ctx, db.SetUserKeyParams{ID: id, TotpDekWrapped: wrapped, TotpDekVersion: int32p(version)})
	case domain.RequestKeys:
		err = s.q.SetRequestKey(ctx, db.SetRequestKeyParams{ID: id, DekWrapped: wrapped, DekVersion: int32p(version)})
	default:
		return fmt.Errorf("store: %q holds no data keys", table)
	}
	return mapError("set data key", err)
}

// CountKeysBelow counts the data keys of table wrapped by a master key
// older than version.
func (s *Store) CountKeysBelow(ctx context.Context, table domain.KeyTable, version int) (int, error) {
	var n int64
	var err error
	switch table {
	case domain.VictimKeys:
		n, err = s.q.CountVictimKeysBelow(ctx, int32p(version))
	case domain.CarpetaKeys:
		n, err = s.q.CountCarpetaKeysBelow(ctx, int32(version))
	case domain.CasoKeys:
		n, err = s.q.CountCasoKeysBelow(ctx, int32p(version))
	case domain.SessionKeys:
		n, err = s.q.CountSessionKeysBelow(ctx, int32p(version))
	case domain.ActivityKeys:
		n, err = s.q.CountActivityKeysBelow(ctx, int32p(version))
	case domain.ReporteKeys:
		n, err = s.q.CountReporteKeysBelow(ctx, int32p(version))
	case domain.UserKeys:
		n, err = s.q.CountUserKeysBelow(ctx, int32p(version))
	case domain.RequestKeys:
		n, err = s.q.CountRequestKeysBelow(ctx, int32p(version))
	default:
		return 0, fmt.Errorf("store: %q holds no data keys", table)
	}
	return int(n), mapError("count keys to rewrap", err)
}
