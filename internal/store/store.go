// Package store is the only door to PostgreSQL: it wraps the sqlc-generated
// queries, maps database errors to apperr codes and hands domain packages
// plain structs, never generated rows.
package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"sintra/internal/apperr"
	"sintra/internal/clock"
	"sintra/internal/domain"
	"sintra/internal/store/internal/db"
)

// Store runs queries on a pool connected as the application role.
type Store struct {
	pool *pgxpool.Pool
	q    *db.Queries
	// clock stamps when each row was written.
	clock clock.Clock
	// rows, when set, are the rows every transaction is limited to,
	// whatever the context says.
	rows *domain.Rows
	// entidad is the entidad the reports' queries count, "" the nation.
	entidad string
	// committed, inside a transaction, holds what runs once it commits.
	committed *[]func()
	// accounts is told of each committed change to a session, an account
	// or its roles; shared by every Store made from one New.
	accounts *accountWatchers
}

// New returns a Store on pool that stamps rows with the wall clock.
func New(pool *pgxpool.Pool) *Store {
	return &Store{pool: pool, q: db.New(rowLimitedPool{pool: pool}), accounts: &accountWatchers{}}
}

// Connect opens a pool on url, connected as the application role.
func Connect(ctx context.Context, url string) (*Store, error) {
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("store: connect: %w", err)
	}
	return New(pool), nil
}

// Close closes the Store's pool.
func (s *Store) Close() { s.pool.Close() }

// WithClock returns the same Store stamping rows with c: the application's
// one clock.
func (s *Store) WithClock(c clock.Clock) *Store {
	out := *s
	out.clock = c
	return &out
}

// Nationwide returns the same Store seeing every municipio's rows, whatever
// its callers' contexts are limited to: for the reports, whose aggregates
// count an entidad or the nation for whoever may read them.
func (s *Store) Nationwide() *Store {
	return s.limitedTo(domain.Rows{All: true})
}

// InEntidad returns the same Store counting, in the reports' queries, the
// records of entidad alone ("" every entidad's), and seeing only its rows.
func (s *Store) InEntidad(entidad string) *Store {
	out := s
	if entidad != "" {
		out = s.limitedTo(domain.Rows{Entidades: []string{entidad}})
	}
	out = out.copy()
	out.entidad = entidad
	return out
}

// CountingOnly runs fn within the transaction s works in, counting in
// the reports' queries the records of entidad alone and seeing its rows
// alone, as InEntidad does outside a transaction; the transaction sees
// what it saw before once fn returns. For the nation's protected views,
// made of its entidades' in one snapshot.
func (s *Store) CountingOnly(ctx context.Context, entidad string, fn func(tx *Store) error) error {
	if s.committed == nil || s.entidad != "" || !rowCode.MatchString(entidad) {
		return fmt.Errorf("store: counting entidad %q alone needs a national transaction", entidad)
	}
	before, err := s.q.RowsSetting(ctx)
	if err != nil {
		return mapError("rows setting", err)
	}
	if err := s.q.LimitRowsTo(ctx, entidad); err != nil {
		return mapError("limit rows", err)
	}
	in := s.copy()
	in.entidad = entidad
	fnErr := fn(in)
	if err := s.q.LimitRowsTo(ctx, before); err != nil && fnErr == nil {
		return mapError("limit rows", err)
	}
	return fnErr
}

// Entidad is the entidad the reports' queries count, "" the nation.
func (s *Store) Entidad() string { return s.entidad }

// limitedTo returns the same Store with every transaction limited to rows.
func (s *Store) limitedTo(rows domain.Rows) *Store {
	out := s.copy()
	out.rows = &rows
	out.q = db.New(rowLimitedPool{pool: s.pool, fixed: &rows})
	return out
}

func (s *Store) copy() *Store {
	out := *s
	return &out
}

// now is the instant a row written now is stamped with.
func (s *Store) now() time.Time { return s.clock.Now() }

// stamp is t, the instant a domain service gave a record, or now.
func (s *Store) stamp(t time.Time) time.Time {
	if t.IsZero() {
		return s.now()
	}
	return t
}

// Tx runs fn in one transaction: fn's Store works inside it, and every
// change fn made commits together or not at all.
func (s *Store) Tx(ctx context.Context, fn func(tx *Store) error) error {
	return s.inTx(ctx, "transaction", pgx.TxOptions{}, fn)
}

// AfterCommit runs f once the transaction s works in has committed, and
// never if it rolls back; outside a transaction, where each statement
// commits by itself, it runs f at once.
func (s *Store) AfterCommit(f func()) {
	if s.committed == nil {
		f()
		return
	}
	*s.committed = append(*s.committed, f)
}

// PoolStats are the figures of the connection pool, for the metrics.
type PoolStats struct {
	// Acquired, Idle and Total connections now, and the most there may be.
	Acquired, Idle, Total, Max int32
	// Acquires counts every connection handed out; EmptyAcquires those
	// that had to wait for one, CanceledAcquires those given up waiting.
	Acquires, EmptyAcquires, CanceledAcquires int64
	// AcquireWait is the time spent waiting for connections, in total.
	AcquireWait time.Duration
}

// PoolStats returns the pool's figures now.
func (s *Store) PoolStats() PoolStats {
	st := s.pool.Stat()
	return PoolStats{
		Acquired: st.AcquiredConns(), Idle: st.IdleConns(), Total: st.TotalConns(), Max: st.MaxConns(),
		Acquires: st.AcquireCount(), EmptyAcquires: st.EmptyAcquireCount(), CanceledAcquires: st.CanceledAcquireCount(),
		AcquireWait: st.AcquireDuration(),
	}
}

// txError passes on the typed errors a transaction's function returned and
// maps those of the database.
func txError(op string, err error) error {
	if _, ok := apperr.As(err); ok {
		return err
	}
	return mapError(op, err)
}

// Snapshot runs fn in a read-only transaction that sees one snapshot of the
// database throughout, with memory for large aggregates: the reports'
// tables all count the same records.
func (s *Store) Snapshot(ctx context.Context, fn func(tx *Store) error) error {
	return s.inTx(ctx, "snapshot", pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx *Store) error {
		if err := tx.q.SetReportMemory(ctx); err != nil {
			return err
		}
		return fn(tx)
	})
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.pool.Ping(ctx); err != nil {
		return apperr.Wrap(apperr.Unavailable, "La base de datos no está disponible.", err)
	}
	return nil
}

// mapError turns a database error into an apperr: no rows → not found,
// unique violation → conflict, an unreachable server → unavailable.
func mapError(op string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return apperr.Wrap(apperr.NotFound, "El registro no existe.", fmt.Errorf("store: %s: %w", op, err))
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "23505":
			return apperr.Wrap(apperr.Conflict, "El registro ya existe.", fmt.Errorf("store: %s: %w", op, err))
		case "57P01", "57P02", "57P03", "53300":
			return apperr.Wrap(apperr.Unavailable, "La base de datos no está disponible.", fmt.Errorf("store: %s: %w", op, err))
		}
		return fmt.Errorf("store: %s: %w", op, err)
	}
	if unreachable(err) {
		return apperr.Wrap(apperr.Unavailable, "La base de datos no está disponible.", fmt.Errorf("store: %s: %w", op, err))
	}
	return fmt.Errorf("store: %s: %w", op, err)
}

// unreachable reports whether err says the server could not be reached or
// went away: a failed connection, a broken one, or a time-out. Such a
// request may be retried once the database is back.
func unreachable(err error) bool {
	var netErr net.Error
	var connectErr *pgconn.ConnectError
	return pgconn.SafeToRetry(err) || pgconn.Timeout(err) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) ||
		errors.As(err, &connectErr) || errors.As(err, &netErr) || errors.Is(err, pgconn.ErrConnClosed)
}

// batch is the results of statements sent together, as sqlc returns them.
type batch interface {
	Exec(func(int, error))
	Close() error
}

// runBatch runs every statement of b and returns the first error.
func runBatch(b batch) error {
	var first error
	b.Exec(func(_ int, err error) {
		if first == nil {
			first = err
		}
	})
	if err := b.Close(); first == nil {
		return err
	}
	return first
}

// rowsOrNotFound maps an update that touched no row to NotFound.
func rowsOrNotFound(op string, n int64, err error) error {
	if err != nil {
		return mapError(op, err)
	}
	if n == 0 {
		return apperr.New(apperr.NotFound, "El registro no existe.")
	}
	return nil
}

// staleOr maps an optimistic update that touched no row to PreconditionFailed.
func staleOr(op string, n int64, err error) error {
	if err != nil {
		return mapError(op, err)
	}
	if n == 0 {
		return apperr.New(apperr.PreconditionFailed, "El registro cambió desde que lo leyó; vuelva a consultarlo y repita el cambio.")
	}
	return nil
}
