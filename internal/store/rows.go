package store

import (
	"cmp"
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

// Row-level security (migrations/00016 and 00023) shows the application's
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

// setRows is the statement that limits a transaction to the rows of its
// settings.
const setRows = "SELECT set_config('sintra.municipios', $1, true), set_config('sintra.institution', $2, true)"

// rowSettings are the values of the settings that limit a transaction to
// some rows.
type rowSettings struct {
	municipios, institution string
}

// settingsOf returns the settings that limit a transaction to rows.
func settingsOf(rows domain.Rows) (rowSettings, error) {
	for _, code := range append(rows.Domains(), rows.Institution) {
		if code != "" && !rowCode.MatchString(code) {
			return rowSettings{}, fmt.Errorf("store: code %q cannot limit rows", code)
		}
	}
	settings := rowSettings{municipios: "*", institution: rows.Institution}
	if !rows.All {
		settings.municipios = strings.Join(rows.Domains(), ",")
	}
	return settings, nil
}

// beginSQL returns the statement that begins a transaction with opts and
// limits it to rows.
func beginSQL(opts pgx.TxOptions, rows domain.Rows) (string, error) {
	settings, err := settingsOf(rows)
	if err != nil {
		return "", err
	}
	return beginStatement(opts) + "; SELECT set_config('sintra.municipios', '" + settings.municipios +
		"', true), set_config('sintra.institution', '" + settings.institution + "', true)", nil
}

// beginStatement begins at READ COMMITTED unless opts say otherwise,
// whatever the server's default: a writer at REPEATABLE READ would fail on
// the counted data version's row whenever another change committed after
// its snapshot (migrations/00028).
func beginStatement(opts pgx.TxOptions) string {
	begin := "BEGIN ISOLATION LEVEL " + string(cmp.Or(opts.IsoLevel, pgx.ReadCommitted))
	if opts.AccessMode != "" {
		begin += " " + string(opts.AccessMode)
	}
	return begin
}

// txOptions returns opts with the BEGIN that limits the transaction to
// the rows of ctx, or to fixed when set.
func txOptions(ctx context.Context, opts pgx.TxOptions, fixed *domain.Rows) (pgx.TxOptions, error) {
	begin, err := beginSQL(opts, rowsFor(ctx, fixed))
	opts.BeginQuery = begin
	return opts, err
}

// rowsFor is the rows a statement of ctx may see: fixed when set.
func rowsFor(ctx context.Context, fixed *domain.Rows) domain.Rows {
	if fixed != nil {
		return *fixed
	}
	return domain.RowsOf(ctx)
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

func (p rowLimitedPool) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	pl, err := p.pipeline(ctx, sql, args)
	if err != nil {
		return pgconn.CommandTag{}, err
	}
	tag, err := pl.results.Exec()
	return tag, pl.end(err)
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
	pl, err := p.pipeline(ctx, sql, args)
	if err != nil {
		return failedRow{err}
	}
	return pipelinedRow{pl: pl, row: pl.results.QueryRow()}
}

func (p rowLimitedPool) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	pl, err := p.pipeline(ctx, sql, args)
	if err != nil {
		return nil, err
	}
	rows, err := pl.results.Query()
	if err != nil {
		return nil, pl.end(err)
	}
	return &endingRows{Rows: rows, end: pl.end}, nil
}

// pipelined is one statement in a transaction of its own: BEGIN, the rows
// setting, the statement and COMMIT go to the server in one round trip, a
// pipeline, where a transaction begun apart would take three.
type pipelined struct {
	ctx     context.Context
	conn    *pgxpool.Conn
	results pgx.BatchResults
}

// pipeline sends sql in its transaction and reads up to its results.
func (p rowLimitedPool) pipeline(ctx context.Context, sql string, args []any) (*pipelined, error) {
	settings, err := settingsOf(rowsFor(ctx, p.fixed))
	if err != nil {
		return nil, err
	}
	conn, err := p.pool.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	b := &pgx.Batch{}
	b.Queue("BEGIN")
	b.Queue(setRows, settings.municipios, settings.institution)
	b.Queue(sql, args...)
	b.Queue("COMMIT")
	pl := &pipelined{ctx: ctx, conn: conn, results: conn.SendBatch(ctx, b)}
	for range 2 {
		if _, err := pl.results.Exec(); err != nil {
			return nil, pl.end(err)
		}
	}
	return pl, nil
}

// end reads the COMMIT after a statement whose outcome was failed, closes
// the pipeline and gives the connection back, rolled back if the
// statement failed in the server.
func (pl *pipelined) end(failed error) error {
	_, commitErr := pl.results.Exec()
	closeErr := pl.results.Close()
	if pl.conn.Conn().PgConn().TxStatus() != 'I' && !pl.conn.Conn().IsClosed() {
		if _, err := pl.conn.Exec(pl.ctx, "ROLLBACK"); err != nil {
			pl.conn.Conn().Close(pl.ctx)
		}
	}
	pl.conn.Release()
	if failed != nil {
		return failed
	}
	return errors.Join(commitErr, closeErr)
}

// pipelinedRow ends its pipeline when the row is scanned.
type pipelinedRow struct {
	pl  *pipelined
	row pgx.Row
}

func (r pipelinedRow) Scan(dest ...any) error {
	err := r.row.Scan(dest...)
	if errors.Is(err, pgx.ErrNoRows) {
		// No row is an answer, not a failure: the transaction commits.
		if endErr := r.pl.end(nil); endErr != nil {
			return endErr
		}
		return err
	}
	return r.pl.end(err)
}

type failedRow struct{ err error }

func (r failedRow) Scan(...any) error { return r.err }

// endingRows end what they were read in (a pipeline, a transaction) once
// read to the end or closed: end is told the rows' error and answers the
// outcome, which Err then reports.
type endingRows struct {
	pgx.Rows
	end  func(rowsErr error) error
	done bool
	err  error
}

func (r *endingRows) Next() bool {
	if r.Rows.Next() {
		return true
	}
	r.finish()
	return false
}

func (r *endingRows) Err() error {
	if r.err != nil {
		return r.err
	}
	return r.Rows.Err()
}

func (r *endingRows) Close() {
	r.finish()
}

func (r *endingRows) finish() {
	if r.done {
		return
	}
	r.done = true
	r.Rows.Close()
	r.err = r.end(r.Rows.Err())
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
