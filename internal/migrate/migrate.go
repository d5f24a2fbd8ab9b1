// Package migrate owns the database schema's life: it provisions the roles
// and the database on a fresh server, and applies the embedded migrations
// with goose.
package migrate

import (
	"context"
	"database/sql"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"sintra/migrations"
)

// Schema is a handle on the migrations of one database.
type Schema struct {
	db       *sql.DB
	provider *goose.Provider
	// pool is closed with the Schema when Connect opened it.
	pool *pgxpool.Pool
}

// Connect opens a pool on url and prepares the migrations of its database;
// Close closes both.
func Connect(ctx context.Context, url string) (*Schema, error) {
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("migrate: connect: %w", err)
	}
	s, err := Open(pool)
	if err != nil {
		pool.Close()
		return nil, err
	}
	s.pool = pool
	return s, nil
}

// Open prepares the migrations of the database behind pool. Applying them
// needs a pool connected as the owner role; reading versions does not.
func Open(pool *pgxpool.Pool) (*Schema, error) {
	db := stdlib.OpenDBFromPool(pool)
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	provider, err := goose.NewProvider(goose.DialectPostgres, db, migrations.FS,
		goose.WithSessionLocker(locker),
		goose.WithGoMigrations(goMigrations()...),
	)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate: %w", err)
	}
	return &Schema{db: db, provider: provider}, nil
}

// Close releases the handle, and the pool when Connect opened it.
func (s *Schema) Close() error {
	err := s.db.Close()
	if s.pool != nil {
		s.pool.Close()
	}
	return err
}

// Up applies every pending migration.
func (s *Schema) Up(ctx context.Context) (int, error) {
	results, err := s.provider.Up(ctx)
	if err != nil {
		return len(results), fmt.Errorf("migrate: up: %w", err)
	}
	return len(results), nil
}

// Down rolls back the latest applied migration.
func (s *Schema) Down(ctx context.Context) error {
	if _, err := s.provider.Down(ctx); err != nil {
		return fmt.Errorf("migrate: down: %w", err)
	}
	return nil
}

// Versions returns the database's version and the newest one this binary knows.
func (s *Schema) Versions(ctx context.Context) (current, latest int64, err error) {
	current, latest, err = s.provider.GetVersions(ctx)
	if err != nil {
		return current, latest, fmt.Errorf("migrate: read versions: %w", err)
	}
	return current, latest, nil
}

// CheckCurrent returns an error unless the database is at exactly the
// version this binary expects.
func (s *Schema) CheckCurrent(ctx context.Context) error {
	current, latest, err := s.Versions(ctx)
	if err != nil {
		return err
	}
	if current != latest {
		return fmt.Errorf("migrate: database schema is at version %d, this binary needs %d: run `sintra migrate up`", current, latest)
	}
	return nil
}

// WriteStatus prints one line per migration: applied or pending.
func (s *Schema) WriteStatus(ctx context.Context, w io.Writer) error {
	statuses, err := s.provider.Status(ctx)
	if err != nil {
		return fmt.Errorf("migrate: status: %w", err)
	}
	for _, st := range statuses {
		name := st.Source.Path
		if name == "" {
			name = fmt.Sprintf("%05d (Go)", st.Source.Version)
		}
		applied := "pending"
		if st.State == goose.StateApplied {
			applied = "applied " + st.AppliedAt.UTC().Format("2006-01-02 15:04:05Z")
		}
		fmt.Fprintf(w, "%-40s %s\n", name, applied)
	}
	return nil
}
