package store

import (
	"context"
	"time"

	"sintra/internal/domain"
	"sintra/internal/store/internal/db"
)

// LockLoginThrottle returns what is counted under key and locks it until
// the transaction ends, so that attempts under one key are counted one
// after another. A key never counted has a zero count.
func (s *Store) LockLoginThrottle(ctx context.Context, key string) (domain.LoginThrottle, error) {
	if err := s.q.EnsureLoginThrottle(ctx, db.EnsureLoginThrottleParams{Key: key, Now: s.now()}); err != nil {
		return domain.LoginThrottle{}, mapError("ensure login throttle", err)
	}
	row, err := s.q.LockLoginThrottle(ctx, key)
	if err != nil {
		return domain.LoginThrottle{}, mapError("lock login throttle", err)
	}
	t := domain.LoginThrottle{Failures: int(row.Failures), CountedAt: row.LastFailedAt}
	if row.LockedUntil != nil {
		t.LockedUntil = *row.LockedUntil
	}
	return t, nil
}

// SetLoginThrottle stores the count under key, counted now, and its lock
// (none when lockedUntil is zero).
func (s *Store) SetLoginThrottle(ctx context.Context, key string, failures int, lockedUntil time.Time) error {
	var until *time.Time
	if !lockedUntil.IsZero() {
		until = &lockedUntil
	}
	return mapError("set login throttle", s.q.SetLoginThrottle(ctx,
		db.SetLoginThrottleParams{Key: key, Failures: int32(failures), Now: s.now(), LockedUntil: until}))
}

// ReturnLoginAttempt gives back one attempt counted under key; unlock also
// lifts the lock that attempt set.
func (s *Store) ReturnLoginAttempt(ctx context.Context, key string, unlock bool) error {
	return mapError("return login attempt", s.q.ReturnLoginAttempt(ctx, db.ReturnLoginAttemptParams{Key: key, Unlock: unlock}))
}

// ClearLoginFailures forgets what was counted under key.
func (s *Store) ClearLoginFailures(ctx context.Context, key string) error {
	return mapError("clear login failures", s.q.ClearLoginFailures(ctx, key))
}

// ForgetIdleLoginThrottle forgets, a hundred at a time, the keys no
// attempt came under for idle and that lock nothing.
func (s *Store) ForgetIdleLoginThrottle(ctx context.Context, idle time.Duration) error {
	now := s.now()
	return mapError("forget idle login throttle", s.q.ForgetIdleLoginThrottle(ctx, db.ForgetIdleLoginThrottleParams{Before: now.Add(-idle), Now: now}))
}
