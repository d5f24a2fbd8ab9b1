package reports_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/clock"
	"sintra/internal/crypto"
	"sintra/internal/domain"
	"sintra/internal/services"
	"sintra/internal/store"
	"sintra/internal/testapp"
	"sintra/internal/testdb"
	"sintra/internal/victims"
)

// countedWorld is a world whose statements to PostgreSQL are counted, with
// a pool connected as the tables' owner beside it. Its clock stands still:
// a kept release is kept for a day, and a test run across midnight would
// see it computed again.
func countedWorld(t *testing.T) (*world, *testdb.RoundTrips, *pgxpool.Pool) {
	t.Helper()
	db := testdb.New(t)
	pool, trips := testdb.CountedPool(t, db.AppURL)
	keys, err := crypto.GenerateKeyring(filepath.Join(t.TempDir(), "keys.json"))
	if err != nil {
		t.Fatal(err)
	}
	still := testapp.WithClock(clock.Fixed(time.Date(2025, 2, 1, 17, 0, 0, 0, time.UTC)))
	e := &testapp.Env{App: testapp.Wire(t, store.New(pool), keys, still), DB: db, Pool: pool, Keys: keys}
	w := &world{st: e.Store, victims: e.Victims, reports: e.Reports, services: e.Services, carpetas: e.Carpetas,
		casos: e.Casos, actividades: e.Actividades}
	principal := func(institution, role string) *authz.Principal { return e.Principal(t, institution, role, "*") }
	w.secretaria, w.analista = principal("SEGOB", "secretaria_tecnica"), principal("SEGOB", "analista")
	w.ceav, w.fge = principal("CEAVEQROO", "capturista"), principal("FGE", "fiscalia")
	return w, trips, e.Owner(t)
}

// TestProtectedView_IsKeptUntilWhatItCountsChanges: the analysts' view of
// a quarter costs its whole year, so it is computed once and served again
// until a change of what it counts is committed; reads of personal data,
// which write the audit trail, do not count as one.
func TestProtectedView_IsKeptUntilWhatItCountsChanges(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w, trips, owner := countedWorld(t)
	w.loadSecondQuarter2024(t)
	q2 := w.period(t, "2024 T2", "trimestral", "2024-03-15", "2024-06-15")
	w.period(t, "2024", "anual", "2024-01-01", "2024-12-31")
	served := func() (total string, statements int64) {
		t.Helper()
		before := trips.Count()
		r, err := w.reports.ReportFor(ctx, w.analista, q2.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		c, _ := r.Table("victimas_nacionalidad").Cell("total", 0)
		return c.String(), trips.Count() - before
	}
	total, computed := served()
	if total != "19" {
		t.Fatalf("the analysts see %s víctimas, want 19", total)
	}
	again, kept := served()
	t.Logf("computed in %d statements, kept in %d", computed, kept)
	if again != total || kept*4 > computed {
		t.Fatalf("served again: %s víctimas in %d statements, after %s in %d; want the same figures in a quarter of the statements or fewer",
			again, kept, total, computed)
	}

	// A caseworker reads a víctima's personal data: audited, not counted.
	page, err := w.victims.List(ctx, w.ceav, domain.VictimFilter{}, 1, uuid.NullUUID{})
	if err != nil || len(page.Items) == 0 {
		t.Fatalf("no víctima to read: %v", err)
	}
	if _, err := w.victims.Get(ctx, w.ceav, page.Items[0].ID, audit.Reason{Code: "seguimiento_caso"}); err != nil {
		t.Fatal(err)
	}
	if _, n := served(); n > kept {
		t.Errorf("after a read of personal data the view took %d statements, want %d: recomputed", n, kept)
	}

	// A víctima attended in the quarter is registered: counted at once.
	w.attendAnotherInSecondQuarter(t)
	if now, _ := served(); now != "20" {
		t.Fatalf("after a new víctima the analysts see %s, want 20", now)
	}

	// A change still uncommitted while the view is computed is counted
	// once it commits, even in a catalog: a label is what the report shows.
	tx, err := owner.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "UPDATE countries SET name = 'Cuba (República de)' WHERE code = 'CU'"); err != nil {
		t.Fatal(err)
	}
	served()
	if _, n := served(); n > kept {
		t.Fatalf("an uncommitted change made the view recompute (%d statements)", n)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	r, err := w.reports.ReportFor(ctx, w.analista, q2.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	labels := []string{}
	for _, row := range r.Table("victimas_nacionalidad").Rows {
		labels = append(labels, row.Label)
	}
	if !slices.Contains(labels, "Cuba (República de)") {
		t.Errorf("after the catalog's change commits the view labels its rows %v, want the new name of Cuba", labels)
	}
}

// TestExactStatistics_AreKeptUntilWhatTheyCountChange: the Secretaría
// Técnica looks at a period along one dimension after another; the
// period's records are loaded once, and again only after a committed
// change of what they count.
func TestExactStatistics_AreKeptUntilWhatTheyCountChange(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w, trips, _ := countedWorld(t)
	w.loadSecondQuarter2024(t)
	q2 := w.period(t, "2024 T2", "trimestral", "2024-03-15", "2024-06-15")
	served := func(measure, dim string) (total int, statements int64) {
		t.Helper()
		before := trips.Count()
		tb, err := w.reports.Statistic(ctx, w.secretaria, q2.ID, measure, dim, "")
		if err != nil {
			t.Fatal(err)
		}
		c, ok := tb.Cell("total", 0)
		if !ok || c.Mark != "" {
			t.Fatalf("the %s by %s table has no exact total: %+v", measure, dim, tb)
		}
		return c.Value, trips.Count() - before
	}
	total, computed := served("victimas", "sexo")
	if total != 19 {
		t.Fatalf("the Secretaría Técnica sees %d víctimas, want 19", total)
	}
	byAge, kept := served("victimas", "grupo_edad")
	t.Logf("computed in %d statements, another table of the period in %d", computed, kept)
	if byAge != total || kept*4 > computed {
		t.Fatalf("another table of the period: %d víctimas in %d statements, after %d in %d; want the same total in a quarter of the statements or fewer",
			byAge, kept, total, computed)
	}

	// A víctima attended in the quarter is registered: counted at once,
	// in every table of the period.
	w.attendAnotherInSecondQuarter(t)
	for _, dim := range []string{"sexo", "grupo_edad"} {
		if now, _ := served("victimas", dim); now != 20 {
			t.Errorf("after a new víctima the victimas by %s table counts %d, want 20", dim, now)
		}
	}
}

// TestProtectedView_ServedCopiesLeaveTheKeptOneAlone: what one caller does
// with the tables it is served never reaches the next caller.
func TestProtectedView_ServedCopiesLeaveTheKeptOneAlone(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newWorld(t)
	w.loadSecondQuarter2024(t)
	q2 := w.period(t, "2024 T2", "trimestral", "2024-03-15", "2024-06-15")
	first, err := w.reports.ReportFor(ctx, w.analista, q2.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	first.Table("victimas_nacionalidad").Rows[0].Cells[0].Value = 999
	stat, err := w.reports.Statistic(ctx, w.analista, q2.ID, "victimas", "sexo", "")
	if err != nil {
		t.Fatal(err)
	}
	stat.Rows[0].Cells[0].Value = 999
	second, err := w.reports.ReportFor(ctx, w.analista, q2.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	if c := second.Table("victimas_nacionalidad").Rows[0].Cells[0]; c.Value == 999 {
		t.Error("a change to a served report reached the next one")
	}
	again, err := w.reports.Statistic(ctx, w.analista, q2.ID, "victimas", "sexo", "")
	if err != nil {
		t.Fatal(err)
	}
	if again.Rows[0].Cells[0].Value == 999 {
		t.Error("a change to a served statistic reached the next one")
	}
}

// attendAnotherInSecondQuarter registers a Cuban woman of 30 and gives
// her a service in April 2024.
func (w *world) attendAnotherInSecondQuarter(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	cu := "CU"
	v, err := w.victims.Register(ctx, w.ceav, victims.Registration{Municipio: "23005",
		Attributes: victims.Attributes{Sex: "mujer", Age: n32(30), Nationality: &cu, IdentifiedOn: day("2024-04-01")},
		Personal:   victims.Personal{GivenNames: "Atendida después"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.services.Record(ctx, w.ceav, v.ID, services.Input{Type: "atencion_psicologica", ProvidedOn: day("2024-04-03"), Quantity: 1}); err != nil {
		t.Fatal(err)
	}
}

// TestCountedDataVersion_MovesOnceWithEachCommittedChange: the version a
// kept release is keyed by moves once per committed transaction that
// changed a counted table, however many statements it sent, and never
// for one rolled back or one that wrote only the audit trail.
func TestCountedDataVersion_MovesOnceWithEachCommittedChange(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w, _, owner := countedWorld(t)
	version := func() int64 {
		t.Helper()
		v, _, err := w.st.CountedDataVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	start := version()
	cu := "CU"
	v, err := w.victims.Register(ctx, w.ceav, victims.Registration{Municipio: "23005",
		Attributes: victims.Attributes{Sex: "mujer", Nationality: &cu, IdentifiedOn: day("2024-04-01")},
		Personal:   victims.Personal{GivenNames: "Registrada"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := version(); got != start+1 {
		t.Fatalf("a registration moved the version from %d to %d, want once", start, got)
	}
	if _, err := w.victims.Get(ctx, w.ceav, v.ID, audit.Reason{Code: "seguimiento_caso"}); err != nil {
		t.Fatal(err)
	}
	if got := version(); got != start+1 {
		t.Errorf("a read of personal data moved the version to %d", got)
	}
	tx, err := owner.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, sql := range []string{"UPDATE countries SET name = name WHERE code = 'CU'", "UPDATE institutions SET name = name WHERE code = 'IQM'"} {
		if _, err := tx.Exec(ctx, sql); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if got := version(); got != start+1 {
		t.Errorf("a rolled back change moved the version to %d", got)
	}
}

// TestCountedDataVersion_CoversEveryCountedTable: every table moves the
// version but those the reports never read, so that a table added later
// is decided on, not forgotten.
func TestCountedDataVersion_CoversEveryCountedTable(t *testing.T) {
	t.Parallel()
	owner := testdb.Pool(t, testdb.New(t).OwnerURL)
	rows, err := owner.Query(context.Background(), `
		SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
		  AND NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgname = 'counted_change')
		ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	untracked, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	uncounted := []string{"account_requests", "activity_imports", "adjuntos", "audit_chain_heads", "audit_events", "audit_findings",
		"corrections", "counted_change_marks", "counted_data_version", "feed_changes", "feed_exports", "feed_imports", "feed_microdata", "folio_counters",
		"goose_db_version", "gt_reviews", "gt_session_institutions", "htcds_releases", "login_throttle", "recovery_codes",
		"refresh_tokens", "sessions", "user_roles", "users", "victim_changes", "victim_consents", "victim_imports"}
	if !slices.Equal(untracked, uncounted) {
		t.Errorf("tables that do not move the counted data version: %v\nwant only those the reports never read: %v", untracked, uncounted)
	}
}
