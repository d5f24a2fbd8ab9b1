package reports_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"sintra/internal/reports"
	"sintra/internal/services"
	"sintra/internal/victims"
)

// checkProtected fails when a protected report shows a count between 1 and
// k−1, or leaves a suppressed cell alone in a total it belongs to, where
// subtracting the visible cells from the total would reveal it.
func checkProtected(t *testing.T, r reports.Report, k int) {
	t.Helper()
	mark := fmt.Sprintf("<%d", k)
	for _, tb := range r.Tables {
		for _, rw := range tb.Rows {
			for col, c := range rw.Cells {
				if c.Mark == "" && c.Value > 0 && c.Value < k {
					t.Errorf("%s: %s/%s column %d shows %d (k = %d)", r.Period.Name, tb.ID, rw.Key, col, c.Value, k)
				}
			}
		}
		lone := func(what string, cells []reports.Cell) {
			hidden := 0
			for _, c := range cells {
				if c.Mark == mark {
					hidden++
				}
			}
			if hidden == 1 {
				t.Errorf("%s: %s %s has a single suppressed cell", r.Period.Name, tb.ID, what)
			}
		}
		if tb.TotalRow {
			for col := range tb.Columns {
				var column []reports.Cell
				for _, rw := range tb.Rows {
					column = append(column, rw.Cells[col])
				}
				lone(fmt.Sprintf("column %d", col), column)
			}
		}
		for _, rw := range tb.Rows {
			// The year's tables spread over quarters: a quarter hidden alone
			// could be had from the year minus the others.
			spread := r.Period.Kind == "anual" && len(tb.Columns) > 1 && tb.ID != "resumen"
			if tb.TotalCol || spread {
				lone("row "+rw.Key, rw.Cells)
			}
		}
	}
}

func TestProtectedViews_NeverRevealSmallCounts(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(7, 11))
	year := w.period(t, "Año 2025", "anual", "2025-01-01", "2025-12-31")
	quarters := []string{"2025-01-01", "2025-04-01", "2025-07-01", "2025-10-01"}
	ends := []string{"2025-03-31", "2025-06-30", "2025-09-30", "2025-12-31"}
	for i := range quarters {
		w.period(t, fmt.Sprintf("2025 T%d", i+1), "trimestral", quarters[i], ends[i])
	}
	// Víctimas of a few common and many rare nationalities, ages and sexes,
	// served in random quarters: many small counts to hide.
	nationalities := []string{"MX", "MX", "MX", "CO", "CO", "VE", "CU", "HN", "GT", "AR"}
	kinds := []string{"atencion_psicologica", "asesoria_juridica", "alimentos", "alojamiento", "atencion_medica"}
	for i := range 60 {
		nat := nationalities[rng.IntN(len(nationalities))]
		sex := []string{"mujer", "mujer", "hombre"}[rng.IntN(3)]
		v, err := w.victims.Register(ctx, w.ceav, victims.Registration{Municipio: "23005",
			Attributes: victims.Attributes{Sex: sex, Age: n32(8 + rng.IntN(50)), Nationality: &nat, IdentifiedOn: day("2025-01-02")},
			Personal:   victims.Personal{GivenNames: fmt.Sprintf("Persona %d", i)}})
		if err != nil {
			t.Fatal(err)
		}
		for range 1 + rng.IntN(3) {
			q := rng.IntN(4)
			on := day(quarters[q]).AddDate(0, 0, rng.IntN(80))
			if _, err := w.services.Record(ctx, w.ceav, v.ID, services.Input{Type: kinds[rng.IntN(len(kinds))],
				ProvidedOn: on, Quantity: 1 + rng.IntN(3)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	periods, err := w.reports.Periods(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, view := range []struct {
		name   string
		public bool
		k      int
	}{{"analista", false, reports.AnalystK}, {"público", true, reports.PublicK}} {
		annual, err := w.reports.ReportFor(ctx, w.analista, year.ID, view.public)
		if err != nil {
			t.Fatal(err)
		}
		checkProtected(t, annual, view.k)
		for _, p := range periods {
			if p.Kind != "trimestral" {
				continue
			}
			q, err := w.reports.ReportFor(ctx, w.analista, p.ID, view.public)
			if err != nil {
				t.Fatal(err)
			}
			checkProtected(t, q, view.k)
			// The year shows each quarter as the quarter's own report does:
			// two views of one figure never differ in what they hide.
			for _, tb := range annual.Tables {
				col := -1
				for i, c := range tb.Columns {
					if c == p.Name {
						col = i
					}
				}
				qt := q.Table(tb.ID)
				if col < 0 || qt == nil || tb.ID == "resumen_trimestres" {
					continue
				}
				for _, rw := range tb.Rows {
					if c, ok := qt.Cell(rw.Key, 0); ok && c != rw.Cells[col] {
						t.Errorf("%s view: %s/%s is %s in the year and %s in %s", view.name, tb.ID, rw.Key, rw.Cells[col], c, p.Name)
					}
				}
			}
		}
	}
}

func TestAnalystView_HidesTheSingleCubanVictim(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.loadSecondQuarter2024(t)
	q2 := w.period(t, "2024 T2", "trimestral", "2024-03-15", "2024-06-15")
	r, err := w.reports.ReportFor(context.Background(), w.analista, q2.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	checkProtected(t, r, reports.AnalystK)
	nat := r.Table("victimas_nacionalidad")
	for row, want := range map[string]string{"CU": "<5", "VE": "<5", "CO": "10", "total": "19"} {
		if c, _ := nat.Cell(row, 0); c.String() != want {
			t.Errorf("nacionalidad %s = %s, want %s", row, c, want)
		}
	}
	// Aggregates of whole programmes keep their exact figures.
	if c, _ := r.Table("resumen").Cell("difusion_intangible", 1); c.String() != "14830" {
		t.Errorf("difusión intangible = %s, want 14830", c)
	}
	if _, err := w.reports.ReportFor(context.Background(), w.ceav, q2.ID, false); err == nil {
		t.Error("a caseworker read the report")
	}
}

func TestStatistic_CrossesDimensionsUnderTheAnalystsK(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.loadSecondQuarter2024(t)
	ctx := context.Background()
	q2 := w.period(t, "2024 T2", "trimestral", "2024-03-15", "2024-06-15")
	tb, err := w.reports.Statistic(ctx, w.analista, q2.ID, "victimas", "nacionalidad", "sexo")
	if err != nil {
		t.Fatal(err)
	}
	checkProtected(t, reports.Report{Period: q2, Tables: []reports.Table{tb}}, reports.AnalystK)
	last := len(tb.Columns) - 1
	for row, want := range map[string]string{"CO": "10", "CU": "<5", "total": "19"} {
		if c, ok := tb.Cell(row, last); !ok || c.String() != want {
			t.Errorf("%s total = %s (found %v), want %s", row, c, ok, want)
		}
	}
	if _, err := w.reports.Statistic(ctx, w.analista, q2.ID, "victimas", "tipo_servicio", ""); err == nil {
		t.Error("víctimas by service type were counted (a person would count once per service)")
	}
	if _, err := w.reports.Statistic(ctx, w.ceav, q2.ID, "victimas", "sexo", ""); err == nil {
		t.Error("a caseworker read statistics")
	}
}
