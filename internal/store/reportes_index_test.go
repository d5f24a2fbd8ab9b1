package store_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"sintra/internal/store"
	"sintra/internal/testapp"
)

// queryLog keeps the statements a pool sends whose text names one of the
// queries watched, with their arguments.
type queryLog struct {
	watch []string
	mu    sync.Mutex
	sent  map[string]pgx.TraceQueryStartData
}

func (l *queryLog) keep(sql string, args []any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, name := range l.watch {
		if strings.Contains(sql, "-- name: "+name+" ") {
			l.sent[name] = pgx.TraceQueryStartData{SQL: sql, Args: args}
		}
	}
}

func (l *queryLog) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	l.keep(d.SQL, d.Args)
	return ctx
}

func (l *queryLog) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// The store sends a statement in a batch with the settings of its rows.
func (l *queryLog) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	return ctx
}

func (l *queryLog) TraceBatchQuery(_ context.Context, _ *pgx.Conn, d pgx.TraceBatchQueryData) {
	l.keep(d.SQL, d.Args)
}

func (l *queryLog) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}

// The reports select the reportes ciudadanos of a period by their day in
// Quintana Roo's time: over years of calls, the period's are found through
// the index on that expression, not by reading every reporte.
func TestReportQueries_FindAPeriodsReportesThroughTheIndexOfTheirCancunDay(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := testapp.New(t)
	// Six years of calls, some twenty a day.
	if _, err := e.Owner(t).Exec(ctx, `
		INSERT INTO reportes_ciudadanos (id, folio, institution_code, municipio_code, received_at, channel, reporter,
		    dek_wrapped, dek_version, created_at, updated_at)
		SELECT gen_random_uuid(), 'REP-QROO-2020-' || lpad(n::text, 6, '0'), 'CEAVEQROO', '23005',
		       timestamptz '2020-01-01 06:00:00Z' + n * interval '71 minutes', 'linea_telefonica', 'anonimo', '\x00', 1, now(), now()
		FROM generate_series(1, 44000) AS n`); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Owner(t).Exec(ctx, "ANALYZE reportes_ciudadanos"); err != nil {
		t.Fatal(err)
	}

	log := &queryLog{watch: []string{"ReportReportesCiudadanos", "ReleaseReportesCiudadanos"}, sent: map[string]pgx.TraceQueryStartData{}}
	cfg, err := pgxpool.ParseConfig(e.DB.AppURL)
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.Tracer = log
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	st := store.New(pool).Nationwide()
	from, to := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)
	if _, err := st.ReportReportes(ctx, from, to); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Facts(ctx, from, to); err != nil {
		t.Fatal(err)
	}

	for _, name := range log.watch {
		sent, ok := log.sent[name]
		if !ok {
			t.Errorf("the reports never sent %s", name)
			continue
		}
		plan := explain(t, pool, sent)
		t.Logf("%s:\n%s", name, plan)
		if !strings.Contains(plan, "reportes_ciudadanos_received_on") {
			t.Errorf("%s reads the reportes without the index of their day in Cancún:\n%s", name, plan)
		}
	}
}

// explain returns the plan of a statement as the application's role runs
// it for the whole entidad, with its arguments.
func explain(t *testing.T, pool *pgxpool.Pool, q pgx.TraceQueryStartData) string {
	t.Helper()
	ctx := context.Background()
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "SELECT set_config('sintra.municipios', '*', true)"); err != nil {
		t.Fatal(err)
	}
	rows, err := tx.Query(ctx, "EXPLAIN "+q.SQL, q.Args...)
	if err != nil {
		t.Fatal(err)
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}
