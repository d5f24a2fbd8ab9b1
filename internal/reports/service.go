package reports

import (
	"context"
	"time"

	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/clock"
	"sintra/internal/store"
)

// Default k of the suppression, by audience.
const (
	AnalystK = 5
	PublicK  = 10
)

// Service produces reports and statistics.
type Service struct {
	store *store.Store
	// reads, when set, is a replica of store's database that computes
	// reports and statistics in its stead.
	reads    *store.Store
	authz    *authz.Authorizer
	audit    *audit.Recorder
	analystK int
	publicK  int
	clock    clock.Clock
}

// NewService returns a Service with the suppression thresholds for
// analysts and public exports; clk tells the time.
func NewService(st *store.Store, a *authz.Authorizer, rec *audit.Recorder, analystK, publicK int, clk clock.Clock) *Service {
	return &Service{store: st, authz: a, audit: rec, analystK: analystK, publicK: publicK, clock: clk}
}

// ReadingFrom returns the same Service computing reports and statistics on
// replica, a streaming replica of its store's database, which answers how
// fresh its data is. Periods, issuing and the audit stay on the primary.
func (s *Service) ReadingFrom(replica *store.Store) *Service {
	out := *s
	out.reads = replica
	return &out
}

// readSnapshot runs fn in one snapshot of the replica, or of the primary
// when there is none or when primaryOnly, and returns the instant up to
// which that snapshot holds every committed transaction.
func (s *Service) readSnapshot(ctx context.Context, primaryOnly bool, fn func(tx *store.Store) error) (time.Time, error) {
	from, mark := s.store, (*store.WALPosition)(nil)
	if s.reads != nil && !primaryOnly {
		position, err := s.store.WALPosition(ctx)
		if err != nil {
			return time.Time{}, err
		}
		from, mark = s.reads, &position
	}
	// Read before the snapshot, which then holds at least as much.
	asOf, err := from.DataAsOf(ctx, mark)
	if err != nil {
		return time.Time{}, err
	}
	return asOf, from.Snapshot(ctx, fn)
}
