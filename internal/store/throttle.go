package store

import (
	"context"
	"time"

	"sintra/db"
)

// RecordLoginFailure counts a failed login under key and returns the count
// within the window.
func (s *Store) RecordLoginFailure(ctx context.Context, key string, window time.Duration) (int, error) {
	n, err := s.q.RecordLoginFailure(ctx, db.RecordLoginFailureParams{Now: s.now(), Key: key, WindowSeconds: int32(window.Seconds())})
	return int(n), mapError("record login failure", err)
}

// LockLogin refuses logins under key until the given time.
func (s *Store) LockLogin(ctx context.Context, key string, until time.Time) error {
	return mapError("lock login", s.q.LockLogin(ctx, db.LockLoginParams{Key: key, LockedUntil: &until}))
}

// LoginLockedUntil returns the latest lock in force among keys, or zero.
func (s *Store) LoginLockedUntil(ctx context.Context, keys []string) (time.Time, error) {
	rows, err := s.q.GetLoginLocks(ctx, db.GetLoginLocksParams{Keys: keys, Now: s.now()})
	if err != nil {
		return time.Time{}, mapError("get login locks", err)
	}
	var until time.Time
	for _, r := range rows {
		if r.LockedUntil != nil && r.LockedUntil.After(until) {
			until = *r.LockedUntil
		}
	}
	return until, nil
}

// ClearLoginFailures forgets the failures counted under key.
func (s *Store) ClearLoginFailures(ctx context.Context, key string) error {
	return mapError("clear login failures", s.q.ClearLoginFailures(ctx, key))
}
