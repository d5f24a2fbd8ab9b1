package store

import (
	"context"
	"fmt"
	"sync"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
)

// Listen takes a connection of its own out of the pool, listens on
// channel, calls ready once it listens, and then notified with the
// payload of each notification, until ctx ends or the connection fails;
// it returns why it stopped. Notifications are sent at commit, so each
// tells of a change already visible to every transaction that starts
// after it.
func (s *Store) Listen(ctx context.Context, channel string, ready func(), notified func(payload string)) error {
	pooled, err := s.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("store: listen: %w", err)
	}
	conn := pooled.Hijack()
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize()); err != nil {
		return fmt.Errorf("store: listen: %w", err)
	}
	ready()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return fmt.Errorf("store: listen: %w", err)
		}
		notified(n.Payload)
	}
}

// Announce sends payload on channel, as a notification committed at once.
func (s *Store) Announce(ctx context.Context, channel, payload string) error {
	_, err := s.pool.Exec(ctx, "SELECT pg_notify($1, $2)", channel, payload)
	if err != nil {
		return fmt.Errorf("store: announce: %w", err)
	}
	return nil
}

// accountWatchers are told, in this process, of each committed change to a
// session, an account or its roles, by the session's or the account's id.
// Other processes hear of them by Listen (migrations/00019); this process
// hears of its own at once, so that a revocation it commits counts from
// its very next request.
type accountWatchers struct {
	mu       sync.Mutex
	watchers []func(id uuid.UUID)
}

// WatchAccounts calls watch with the id of the session or account of each
// change to them this process commits.
func (s *Store) WatchAccounts(watch func(id uuid.UUID)) {
	s.accounts.mu.Lock()
	defer s.accounts.mu.Unlock()
	s.accounts.watchers = append(s.accounts.watchers, watch)
}

// announced tells the watchers of a change to session or account id, once
// it commits, when the statement that made it succeeded (err is nil); it
// returns err.
func (s *Store) announced(id uuid.UUID, err error) error {
	if err != nil {
		return err
	}
	s.AfterCommit(func() {
		s.accounts.mu.Lock()
		watchers := s.accounts.watchers
		s.accounts.mu.Unlock()
		for _, watch := range watchers {
			watch(id)
		}
	})
	return nil
}
