package auth

import (
	"context"
	"fmt"
	"math"
	"time"

	"sintra/internal/apperr"
	"sintra/internal/store"
)

// ThrottleConfig sets when failed logins start to lock.
type ThrottleConfig struct {
	// AccountFailures failures of one account lock it for BaseLock, and
	// each further failure doubles the lock, up to MaxLock.
	AccountFailures int
	// AddressFailures failures from one client address lock it for MaxLock.
	AddressFailures int
	BaseLock        time.Duration
	MaxLock         time.Duration
	// AccountWindow forgets an account's failures once none came for this
	// long. It must outlast MaxLock: a count forgotten when a lock ends
	// would give a guesser a fresh run of free guesses after every lock.
	AccountWindow time.Duration
	// AddressWindow forgets an address's failures once none came for this
	// long, so that an office behind one address is not locked for a day.
	AddressWindow time.Duration
}

// DefaultThrottle locks an account after 5 failures and an address after
// 20; an account's failures count for a day, an address's for 15 minutes.
var DefaultThrottle = ThrottleConfig{
	AccountFailures: 5, AddressFailures: 20,
	BaseLock: 30 * time.Second, MaxLock: 15 * time.Minute,
	AccountWindow: 24 * time.Hour, AddressWindow: 15 * time.Minute,
}

// accountLock is how long the nth failure of an account locks it: not at
// all before AccountFailures, then BaseLock doubling with each further
// failure, up to MaxLock.
func (t ThrottleConfig) accountLock(n int) time.Duration {
	if n < t.AccountFailures {
		return 0
	}
	lock := time.Duration(float64(t.BaseLock) * math.Pow(2, float64(n-t.AccountFailures)))
	if lock > t.MaxLock || lock <= 0 {
		lock = t.MaxLock
	}
	return lock
}

// addressLock is how long the nth failure from a client address locks it.
func (t ThrottleConfig) addressLock(n int) time.Duration {
	if n < t.AddressFailures {
		return 0
	}
	return t.MaxLock
}

// reservation is a sign-in attempt counted as a failure before anything
// of it is checked: parallel guesses each take their place in the count,
// and those past a threshold are refused unchecked. A success or an
// attempt that could not be judged gives its place back; a failure keeps it.
type reservation struct {
	account, address counted
	// settled is set once the attempt kept its place or gave it back.
	settled bool
}

// counted is one key's count with this attempt in it.
type counted struct {
	key string
	n   int
	// locked says whether this attempt's count locked the key.
	locked bool
}

// reserve counts an attempt against the account and the client address,
// each under its row lock, locking a key whose count reaches its
// threshold. It refuses, counting nothing, while either key is locked.
func (s *Service) reserve(ctx context.Context, username, clientAddr string) (*reservation, error) {
	r := &reservation{account: counted{key: accountKey(username)}, address: counted{key: "ip:" + clientAddr}}
	t := s.cfg.Throttle
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		// Always the account before the address, so that two attempts
		// never wait for each other's rows.
		if err := s.count(ctx, tx, &r.account, t.AccountWindow, t.accountLock); err != nil {
			return err
		}
		if err := s.count(ctx, tx, &r.address, t.AddressWindow, t.addressLock); err != nil {
			return err
		}
		// Past both windows a key's count starts again: the usernames
		// typed and the addresses seen are not kept longer.
		return tx.ForgetIdleLoginThrottle(ctx, max(t.AccountWindow, t.AddressWindow))
	})
	if err != nil {
		return nil, err
	}
	s.observeLock("account", r.account)
	s.observeLock("address", r.address)
	return r, nil
}

// observeLock tells the observer when c's count locked its key.
func (s *Service) observeLock(what string, c counted) {
	if c.locked && s.cfg.Observer != nil {
		s.cfg.Observer.SignInLocked(what)
	}
}

// observeFailure tells the observer of a failed sign-in or password check.
func (s *Service) observeFailure(reason string) {
	if s.cfg.Observer != nil {
		s.cfg.Observer.SignInFailed(reason)
	}
}

// accountKey is the key an account's failures are counted under.
func accountKey(username string) string { return "cuenta:" + username }

// reserveAccount counts a check of an account's password made outside
// sign-in (by a signed-in session) as reserve counts a sign-in: as a
// failure before the check, refused unchecked while the account is locked.
// The address is not counted: the session already proved who holds it.
func (s *Service) reserveAccount(ctx context.Context, username string) (counted, error) {
	c := counted{key: accountKey(username)}
	t := s.cfg.Throttle
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		return s.count(ctx, tx, &c, t.AccountWindow, t.accountLock)
	})
	if err == nil {
		s.observeLock("account", c)
	}
	return c, err
}

// count adds one attempt under c.key, or refuses while the key is locked.
// The count starts again once no attempt came for window.
func (s *Service) count(ctx context.Context, tx *store.Store, c *counted, window time.Duration, lockFor func(n int) time.Duration) error {
	now := s.clock.Now()
	t, err := tx.LockLoginThrottle(ctx, c.key)
	if err != nil {
		return err
	}
	if wait := t.LockedUntil.Sub(now); wait > 0 {
		return lockedError(wait)
	}
	c.n = t.Failures + 1
	if now.Sub(t.CountedAt) > window {
		c.n = 1
	}
	var until time.Time
	if lock := lockFor(c.n); lock > 0 {
		until, c.locked = now.Add(lock), true
	}
	return tx.SetLoginThrottle(ctx, c.key, c.n, until)
}

// release settles a successful sign-in within its transaction: the
// account's failures are forgotten, and the address gets its place back,
// so that an office behind one address is not locked by its sign-ins.
func (s *Service) release(ctx context.Context, tx *store.Store, r *reservation) error {
	if err := tx.ClearLoginFailures(ctx, r.account.key); err != nil {
		return err
	}
	return tx.ReturnLoginAttempt(ctx, r.address.key, r.address.locked)
}

// giveBack returns the places of an attempt that was neither a success
// nor a failure (the password was right and the second factor is still to
// come, or something broke), keeping the failures counted before it.
func (s *Service) giveBack(ctx context.Context, r *reservation) error {
	r.settled = true
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		if err := tx.ReturnLoginAttempt(ctx, r.account.key, r.account.locked); err != nil {
			return err
		}
		return tx.ReturnLoginAttempt(ctx, r.address.key, r.address.locked)
	})
	if err != nil {
		return fmt.Errorf("auth: give back a login attempt: %w", err)
	}
	return nil
}

func lockedError(wait time.Duration) error {
	minutes := int(math.Ceil(wait.Minutes()))
	e := apperr.New(apperr.TooManyRequests,
		fmt.Sprintf("Demasiados intentos fallidos. Espere %d minuto(s) antes de intentar de nuevo.", minutes))
	e.RetryAfter = wait
	return e
}
