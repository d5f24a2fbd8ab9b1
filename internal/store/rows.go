package store

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"sintra/internal/domain"
)

// Row-level security (migrations/00016 and 00021) shows the application's
// role only the rows of the municipios named by the transaction's setting
// sintra.municipios: "*" for all, else a comma-separated list of municipio
// and entidad codes, an entidad naming each of its municipios; unset, none.
// The setting sintra.institution names the caller's institution, which
// also reaches the canalizaciones sent to it wherever they are. Every
// transaction sets them from its context's domain.Rows in the same round
// trip as its BEGIN, with set_config(…, true), which lasts until the
// transaction ends, so a pooled connection never carries them to another
// request.

// rowCode is what a municipio, entidad or institution code may look like
// in a setting.
var rowCode = regexp.MustCompile(`^[0-9A-Za-z_-]+$`)

// beginSQL returns the statement that begins a transaction with opts and
// limits it to rows.
func beginSQL(opts pgx.TxOptions, rows domain.Rows) (string, error) {
	setting := "*"
	if !rows.All {
		setting = strings.Join(rows.Domains(), ",")
	}
	for _, code := range append(rows.Domains(), rows.Institution) {
		if code != "" && !rowCode.MatchString(code) {
			return "", fmt.Errorf("store: code %q cannot limit rows", code)
		}
	}
	begin := "BEGIN"
	if opts.IsoLevel != "" {
		begin += " ISOLATION LEVEL " + string(opts.IsoLevel)
	}
	if opts.AccessMode != "" {
		begin += " " + string(opts.AccessMode)
	}
	return begin + "; SELECT set_config('sintra.municipios', '" + setting + "', true), set_config('sintra.institution', '" +
		rows.Institution + "', true)", nil
}

// txOptions returns opts with the BEGIN that limits the transaction to
// the rows of ctx, or to fixed when set.
func txOptions(ctx context.Context, opts pgx.TxOptions, fixed *domain.Rows) (pgx.TxOptions, error) {
	rows := domain.RowsOf(ctx)
	if fixed != nil {
		rows = *fixed
	}
	begin, err := beginSQL(opts, rows)
	opts.BeginQuery = begin
	return opts, err
}

// rowLimitedPool runs each statement given outside a transaction in a short
// transaction of its own, limited to the rows of the statement's context,
// or to fixed when set.
type rowLimitedPool struct {
	pool  *pgxpool.Pool
	fixed *domain.Rows
}

func (p rowLimitedPool) begin(ctx context.Context) (pgx.Tx, error) {
	opts, err := txOptions(ctx, pgx.TxOptions{}, p.fixed)
	if err != nil {
		return nil, err
	}
	return p.pool.BeginTx(ctx, opts)
}

func (p rowLimitedPool) Exec(ctx context.Context, sql string, args ...any) (tag pgconn.CommandTag, err error) {
	err = p.inTx(ctx, func(tx pgx.Tx) error {
		tag, err = tx.Exec(ctx, sql, args...)
		return err
	})
	return tag, err
}

func (p rowLimitedPool) CopyFrom(ctx context.Context, table pgx.Identifier, columns []string, src pgx.CopyFromSource) (n int64, err error) {
	err = p.inTx(ctx, func(tx pgx.Tx) error {
		n, err = tx.CopyFrom(ctx, table, columns, src)
		return err
	})
	return n, err
}

func (p rowLimitedPool) inTx(ctx context.Context, fn func(pgx.Tx) error) error {
	tx, err := p.begin(ctx)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback(ctx)
		return err
	}
	return tx.Commit(ctx)
}

func (p rowLimitedPool) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults {
	tx, err := p.begin(ctx)
	if err != nil {
		return failedBatch{err}
	}
	return &batchInTx{BatchResults: tx.SendBatch(ctx, b), ctx: ctx, tx: tx}
}

func (p rowLimitedPool) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	tx, err := p.begin(ctx)
	if err != nil {
		return failedRow{err}
	}
	return rowInTx{ctx: ctx, tx: tx, row: tx.QueryRow(ctx, sql, args...)}
}

func (p rowLimitedPool) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	tx, err := p.begin(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := tx.Query(ctx, sql, args...)
	if err != nil {
		tx.Rollback(ctx)
		return nil, err
	}
	return &rowsInTx{Rows: rows, ctx: ctx, tx: tx}, nil
}

// rowInTx ends its transaction when the row is scanned.
type rowInTx struct {
	ctx context.Context
	tx  pgx.Tx
	row pgx.Row
}

func (r rowInTx) Scan(dest ...any) error {
	if err := r.row.Scan(dest...); err != nil {
		r.tx.Rollback(r.ctx)
		return err
	}
	return r.tx.Commit(r.ctx)
}

type failedRow struct{ err error }

func (r failedRow) Scan(...any) error { return r.err }

// rowsInTx ends its transaction when the rows are read to the end (its
// commit's error then reported by Err) or closed.
type rowsInTx struct {
	pgx.Rows
	ctx  context.Context
	tx   pgx.Tx
	done bool
	err  error
}

func (r *rowsInTx) Next() bool {
	if r.Rows.Next() {
		return true
	}
	r.finish()
	return false
}

func (r *rowsInTx) Err() error {
	return errors.Join(r.Rows.Err(), r.err)
}

func (r *rowsInTx) Close() {
	r.finish()
}

func (r *rowsInTx) finish() {
	if r.done {
		return
	}
	r.done = true
	r.Rows.Close()
	if r.Rows.Err() != nil {
		r.tx.Rollback(r.ctx)
		return
	}
	r.err = r.tx.Commit(r.ctx)
}

// batchInTx ends its transaction when the batch is closed; closing again
// reports the same outcome.
type batchInTx struct {
	pgx.BatchResults
	ctx  context.Context
	tx   pgx.Tx
	done bool
	err  error
}

func (b *batchInTx) Close() error {
	if b.done {
		return b.err
	}
	b.done = true
	if b.err = b.BatchResults.Close(); b.err != nil {
		b.tx.Rollback(b.ctx)
		return b.err
	}
	b.err = b.tx.Commit(b.ctx)
	return b.err
}

type failedBatch struct{ err error }

func (b failedBatch) Exec() (pgconn.CommandTag, error) { return pgconn.CommandTag{}, b.err }
func (b failedBatch) Query() (pgx.Rows, error)         { return nil, b.err }
func (b failedBatch) QueryRow() pgx.Row                { return failedRow(b) }
func (b failedBatch) Close() error                     { return b.err }
func (b failedBatch) Tx() pgx.Tx                       { return nil }
