package demo_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"sintra/internal/app"
	"sintra/internal/audit"
	"sintra/internal/auth"
	"sintra/internal/authz"
	"sintra/internal/crypto"
	"sintra/internal/demo"
	"sintra/internal/reports"
	"sintra/internal/store"
	"sintra/internal/testdb"
	"sintra/internal/users"
)

func TestMain(m *testing.M) { testdb.Main(m) }

func TestDataset_FillsAYearOnceThroughTheDomain(t *testing.T) {
	ctx := context.Background()
	pool := testdb.Pool(t, testdb.New(t).AppURL)
	st := store.New(pool)
	keys, err := crypto.GenerateKeyring(filepath.Join(t.TempDir(), "keys.json"))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := authz.New()
	rec := audit.NewRecorder(audit.DefaultRules(), nil)
	svc := app.NewDomain(st, keys, a, rec, reports.AnalystK, reports.PublicK)
	if err := demo.EnsureAccounts(ctx, users.NewService(st, rec, auth.Argon2Params{MemoryKiB: 1024, Iterations: 1, Parallelism: 1})); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	for range 2 {
		if err := demo.EnsureDataset(ctx, svc, now); err != nil {
			t.Fatal(err)
		}
	}
	caseworker, _ := st.UserByUsername(ctx, "demo.capturista")
	p := &authz.Principal{UserID: caseworker.ID, Institution: "CEAVEQROO", Assignments: []authz.Assignment{{Role: "capturista", Domain: "23005"}}}
	if _, total, err := svc.Victims.List(ctx, p, store.VictimFilter{}, 1, 0); err != nil || total != demo.DatasetVictims {
		t.Fatalf("víctimas after two starts: %d (%v), want %d", total, err, demo.DatasetVictims)
	}
	year, err := svc.Reports.AnnualPeriod(ctx, 2025)
	if err != nil {
		t.Fatalf("the previous year's period: %v", err)
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
	if err := pool.QueryRow(ctx, "SELECT count(*) FROM canalizaciones").Scan(&sent); err != nil || sent == 0 {
		t.Fatalf("canalizaciones generated: %d (%v)", sent, err)
	}
	if c, _ := r.Table("canalizaciones").Cell("total", 6); c.Value != sent {
		t.Errorf("the annual report counts %d canalizaciones, want all %d", c.Value, sent)
	}
}
