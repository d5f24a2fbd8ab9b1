package store

import (
	"context"
	"time"

	"sintra/internal/store/internal/db"
)

// WALPosition is where a primary's write-ahead log stood at an instant.
type WALPosition struct {
	LSN string
	At  time.Time
}

// WALPosition returns where this (primary) database's write-ahead log
// stands now.
func (s *Store) WALPosition(ctx context.Context) (WALPosition, error) {
	r, err := s.q.WALPosition(ctx)
	return WALPosition{LSN: r.Lsn, At: r.At}, mapError("wal position", err)
}

// DataAsOf returns the instant up to which this database holds every
// committed transaction: now on a primary; on a replica, primary.At when
// it has replayed up to primary (read from its primary just before),
// else the commit time of the last transaction it replayed. A snapshot
// taken after this call holds at least that much.
func (s *Store) DataAsOf(ctx context.Context, primary *WALPosition) (time.Time, error) {
	var arg db.DataAsOfParams
	if primary != nil {
		arg = db.DataAsOfParams{PrimaryLsn: &primary.LSN, PrimaryAt: &primary.At}
	}
	at, err := s.q.DataAsOf(ctx, arg)
	return at, mapError("data as of", err)
}
