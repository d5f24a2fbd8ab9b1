package demo_test

import (
	"context"
	"sintra/internal/domain"
	"testing"
	"time"

	"sintra/internal/authz"
	"sintra/internal/clock"
	"sintra/internal/demo"
	"sintra/internal/testapp"
	"sintra/internal/testdb"

	"github.com/google/uuid"
)

func TestMain(m *testing.M) { testdb.Main(m) }

func TestDataset_FillsAYearOnceThroughTheDomain(t *testing.T) {
	ctx := context.Background()
	e := testapp.New(t, testapp.WithClock(clock.Fixed(time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC))))
	st, svc := e.Store, e.App
	if err := demo.EnsureAccounts(ctx, e.Users); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := demo.EnsureDataset(ctx, e.App); err != nil {
			t.Fatal(err)
		}
	}
	caseworker, _ := st.UserByUsername(ctx, "demo.capturista")
	p := &authz.Principal{UserID: caseworker.ID, Institution: "CEAVEQROO", Assignments: []authz.Assignment{{Role: "capturista", Domain: "23005"}}}
	if page, err := svc.Victims.List(ctx, p, domain.VictimFilter{}, 1, uuid.NullUUID{}); err != nil || page.Total != demo.DatasetVictims {
		t.Fatalf("víctimas after two starts: %d (%v), want %d", page.Total, err, demo.DatasetVictims)
	}
	year, err := svc.Reports.AnnualPeriod(ctx, demo.DatasetYear)
	if err != nil {
		t.Fatalf("the dataset's year: %v", err)
	}
	r, err := svc.Reports.Build(ctx, year, 0)
	if err != nil {
		t.Fatal(err)
	}
	total, _ := r.Table("victimas_sexo").Cell("total", 4)
	if total.Value != demo.DatasetVictims {
		t.Errorf("the annual report counts %d víctimas attended, want all %d", total.Value, demo.DatasetVictims)
	}
	if c, _ := r.Table("resumen").Cell("judicializacion", 0); c.Value != 4 {
		t.Errorf("carpetas judicializadas: %d, want 4", c.Value)
	}
	// Records are dated within their year, canalizaciones included.
	var sent int
	if err := e.Owner(t).QueryRow(ctx, "SELECT count(*) FROM canalizaciones").Scan(&sent); err != nil || sent == 0 {
		t.Fatalf("canalizaciones generated: %d (%v)", sent, err)
	}
	if c, _ := r.Table("canalizaciones").Cell("total", 6); c.Value != sent {
		t.Errorf("the annual report counts %d canalizaciones, want all %d", c.Value, sent)
	}
	// What follows the first records: reportes ciudadanos, sentencias with
	// their reparación paid (a voided payment left out), medidas de
	// protección of which none waits for a review, documents.
	canal := r.Table("reportes_canal")
	if c, _ := canal.Cell("total", len(canal.Columns)-1); c.Value != 6 {
		t.Errorf("reportes ciudadanos in the annual report: %d, want 6", c.Value)
	}
	ordered, _ := r.Table("reparacion").Cell("ordenada", 1)
	paid, _ := r.Table("reparacion").Cell("pagada", 1)
	if ordered.Value != 330_000_00 || paid.Value != 240_000_00 {
		t.Errorf("reparación ordered %d and paid %d centavos, want 33000000 and 24000000", ordered.Value, paid.Value)
	}
	if n, err := svc.Medidas.CountDueForReview(ctx, p); err != nil || n != 0 {
		t.Errorf("medidas due for review on the demo's home: %d (%v), want none", n, err)
	}
	var counted, voided, attached int
	if err := e.Owner(t).QueryRow(ctx, `SELECT count(*) FILTER (WHERE voided_at IS NULL), count(*) FILTER (WHERE voided_at IS NOT NULL),
		(SELECT count(*) FROM adjuntos WHERE content_enc IS NOT NULL) FROM medidas_proteccion`).Scan(&counted, &voided, &attached); err != nil ||
		counted != 4 || voided != 1 || attached != 6 {
		t.Errorf("medidas %d, voided %d, documents %d (%v), want 4, 1 and 6", counted, voided, attached, err)
	}
}
