package store

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"sintra/db"
)

// KeyTable names a table whose rows carry a data key wrapped by a master
// key; it is also the table name the ciphertexts are bound to.
type KeyTable string

const (
	VictimKeys  KeyTable = "victims"
	CasoKeys    KeyTable = "casos"
	CarpetaKeys KeyTable = "carpetas"
	SessionKeys KeyTable = "gt_sessions"
	// UserKeys seal the users' TOTP secrets.
	UserKeys KeyTable = "users"
	// RequestKeys seal the requesters' halves of temporary passwords while
	// their requests are pending.
	RequestKeys KeyTable = "account_requests"
)

// KeyTables are every table holding wrapped data keys: a master key
// rotation must re-wrap them all.
var KeyTables = []KeyTable{VictimKeys, CasoKeys, CarpetaKeys, SessionKeys, UserKeys, RequestKeys}

// RecordKey returns the wrapped data key of a víctima, caso, carpeta or
// Grupo de Trabajo session: nil when the record has none (a víctima whose
// data was erased, a caso or session recorded before they had keys);
// NotFound when there is no such record.
func (s *Store) RecordKey(ctx context.Context, table KeyTable, id uuid.UUID) ([]byte, error) {
	switch table {
	case VictimKeys, CasoKeys, CarpetaKeys, SessionKeys:
	default:
		return nil, fmt.Errorf("store: %q holds no record keys", table)
	}
	wrapped, err := s.q.GetRecordKey(ctx, db.GetRecordKeyParams{KeyTable: string(table), RecordID: id})
	return wrapped, mapError("get record key", err)
}

// SetRecordKey gives a caso or session recorded before they had keys its own.
func (s *Store) SetRecordKey(ctx context.Context, table KeyTable, id uuid.UUID, wrapped []byte, version int) error {
	var err error
	switch table {
	case CasoKeys:
		err = s.q.SetCasoKey(ctx, db.SetCasoKeyParams{ID: id, DekWrapped: wrapped, DekVersion: int32p(version)})
	case SessionKeys:
		err = s.q.SetSessionKey(ctx, db.SetSessionKeyParams{ID: id, DekWrapped: wrapped, DekVersion: int32p(version)})
	default:
		return fmt.Errorf("store: %q keys are set when the record is made", table)
	}
	return mapError("set record key", err)
}

// WrappedKey is a record's data key as stored.
type WrappedKey struct {
	RecordID uuid.UUID
	Wrapped  []byte
}

// KeysToRewrap returns (and locks) up to batch data keys of table wrapped
// by a master key older than version.
func (s *Store) KeysToRewrap(ctx context.Context, table KeyTable, version, batch int) ([]WrappedKey, error) {
	var out []WrappedKey
	var err error
	switch table {
	case VictimKeys:
		var rows []db.ListVictimKeysToRewrapRow
		rows, err = s.q.ListVictimKeysToRewrap(ctx, db.ListVictimKeysToRewrapParams{Version: int32p(version), Batch: int32(batch)})
		for _, r := range rows {
			out = append(out, WrappedKey{RecordID: r.ID, Wrapped: r.DekWrapped})
		}
	case CarpetaKeys:
		var rows []db.ListCarpetaKeysToRewrapRow
		rows, err = s.q.ListCarpetaKeysToRewrap(ctx, db.ListCarpetaKeysToRewrapParams{Version: int32(version), Batch: int32(batch)})
		for _, r := range rows {
			out = append(out, WrappedKey{RecordID: r.ID, Wrapped: r.DekWrapped})
		}
	case CasoKeys:
		var rows []db.ListCasoKeysToRewrapRow
		rows, err = s.q.ListCasoKeysToRewrap(ctx, db.ListCasoKeysToRewrapParams{Version: int32p(version), Batch: int32(batch)})
		for _, r := range rows {
			out = append(out, WrappedKey{RecordID: r.ID, Wrapped: r.DekWrapped})
		}
	case SessionKeys:
		var rows []db.ListSessionKeysToRewrapRow
		rows, err = s.q.ListSessionKeysToRewrap(ctx, db.ListSessionKeysToRewrapParams{Version: int32p(version), Batch: int32(batch)})
		for _, r := range rows {
			out = append(out, WrappedKey{RecordID: r.ID, Wrapped: r.DekWrapped})
		}
	case UserKeys:
		var rows []db.ListUserKeysToRewrapRow
		rows, err = s.q.ListUserKeysToRewrap(ctx, db.ListUserKeysToRewrapParams{Version: int32p(version), Batch: int32(batch)})
		for _, r := range rows {
			out = append(out, WrappedKey{RecordID: r.ID, Wrapped: r.TotpDekWrapped})
		}
	case RequestKeys:
		var rows []db.ListRequestKeysToRewrapRow
		rows, err = s.q.ListRequestKeysToRewrap(ctx, db.ListRequestKeysToRewrapParams{Version: int32p(version), Batch: int32(batch)})
		for _, r := range rows {
			out = append(out, WrappedKey{RecordID: r.ID, Wrapped: r.DekWrapped})
		}
	default:
		return nil, fmt.Errorf("store: %q holds no data keys", table)
	}
	return out, mapError("list keys to rewrap", err)
}

// SetWrappedKey stores a re-wrapped data key.
func (s *Store) SetWrappedKey(ctx context.Context, table KeyTable, id uuid.UUID, wrapped []byte, version int) error {
	var err error
	switch table {
	case VictimKeys:
		err = s.q.SetVictimKey(ctx, db.SetVictimKeyParams{ID: id, DekWrapped: wrapped, DekVersion: int32p(version)})
	case CarpetaKeys:
		err = s.q.SetCarpetaKey(ctx, db.SetCarpetaKeyParams{ID: id, DekWrapped: wrapped, DekVersion: int32(version)})
	case CasoKeys, SessionKeys:
		return s.SetRecordKey(ctx, table, id, wrapped, version)
	case UserKeys:
		err = s.q.SetUserKey(ctx, db.SetUserKeyParams{ID: id, TotpDekWrapped: wrapped, TotpDekVersion: int32p(version)})
	case RequestKeys:
		err = s.q.SetRequestKey(ctx, db.SetRequestKeyParams{ID: id, DekWrapped: wrapped, DekVersion: int32p(version)})
	default:
		return fmt.Errorf("store: %q holds no data keys", table)
	}
	return mapError("set data key", err)
}

// CountKeysBelow counts the data keys of table wrapped by a master key
// older than version.
func (s *Store) CountKeysBelow(ctx context.Context, table KeyTable, version int) (int, error) {
	var n int64
	var err error
	switch table {
	case VictimKeys:
		n, err = s.q.CountVictimKeysBelow(ctx, int32p(version))
	case CarpetaKeys:
		n, err = s.q.CountCarpetaKeysBelow(ctx, int32(version))
	case CasoKeys:
		n, err = s.q.CountCasoKeysBelow(ctx, int32p(version))
	case SessionKeys:
		n, err = s.q.CountSessionKeysBelow(ctx, int32p(version))
	case UserKeys:
		n, err = s.q.CountUserKeysBelow(ctx, int32p(version))
	case RequestKeys:
		n, err = s.q.CountRequestKeysBelow(ctx, int32p(version))
	default:
		return 0, fmt.Errorf("store: %q holds no data keys", table)
	}
	return int(n), mapError("count keys to rewrap", err)
}
