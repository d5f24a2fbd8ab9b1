package reports_test

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"sintra/internal/app"
	"sintra/internal/apperr"
	"sintra/internal/authz"
	"sintra/internal/domain"
	"sintra/internal/reports"
	"sintra/internal/services"
	"sintra/internal/victims"
)

// checkProtected fails when a protected report shows a count between 1 and
// k−1, marks a figure with anything but the one symbol, or does not say
// what the symbol means. That no hidden figure can be worked out from the
// others is for the reader's linear program (attack_test.go) to check.
func checkProtected(t *testing.T, name string, tables []reports.Table, notes []string, k int) {
	t.Helper()
	hidden := 0
	for _, tb := range tables {
		for _, rw := range tb.Rows {
			for col, c := range rw.Cells {
				switch {
				case !reports.MayWithhold(tb.ID, rw.Key):
					// Activities are public acts: shown whatever their size.
				case c.Mark == "" && c.Value > 0 && c.Value < k:
					t.Errorf("%s: %s/%s column %d shows %d (k = %d)", name, tb.ID, rw.Key, col, c.Value, k)
				case c.Mark == reports.Hidden:
					hidden++
				case c.Mark != "" && c.Mark != "N/A":
					t.Errorf("%s: %s/%s column %d is marked %q, not %q", name, tb.ID, rw.Key, col, c.Mark, reports.Hidden)
				}
			}
		}
	}
	if hidden > 0 && !slices.ContainsFunc(notes, func(n string) bool { return strings.HasPrefix(n, reports.Hidden+": ") }) {
		t.Errorf("%s hides %d figures without a note saying what %s means", name, hidden, reports.Hidden)
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
		checkProtected(t, annual.Period.Name, annual.Tables, annual.Notes, view.k)
		for _, p := range periods {
			if p.Kind != "trimestral" {
				continue
			}
			q, err := w.reports.ReportFor(ctx, w.analista, p.ID, view.public)
			if err != nil {
				t.Fatal(err)
			}
			checkProtected(t, q.Period.Name, q.Tables, q.Notes, view.k)
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
	checkProtected(t, q2.Name, r.Tables, r.Notes, reports.AnalystK)
	nat := r.Table("victimas_nacionalidad")
	for row, want := range map[string]string{"CU": reports.Hidden, "VE": reports.Hidden, "total": "19"} {
		if c, _ := nat.Cell(row, 0); c.String() != want {
			t.Errorf("nacionalidad %s = %s, want %s", row, c, want)
		}
	}
	// Aggregates of whole programmes keep their exact figures.
	if c, _ := r.Table("resumen").Cell("difusion_intangible", 1); c.String() != "14830" {
		t.Errorf("difusión intangible = %s, want 14830", c)
	}
	exact, err := w.reports.ReportFor(context.Background(), w.secretaria, q2.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := exact.Table("victimas_nacionalidad").Cell("CU", 0); c.String() != "1" {
		t.Errorf("the Secretaría Técnica sees CU = %s, want the exact 1", c)
	}
	if _, err := w.reports.ReportFor(context.Background(), w.ceav, q2.ID, false); err == nil {
		t.Error("a caseworker read the report")
	}
}

func TestStatistic_ProtectedForAnalystsAndExactForTheSecretaria(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.loadSecondQuarter2024(t)
	ctx := context.Background()
	q2 := w.period(t, "2024 T2", "trimestral", "2024-03-15", "2024-06-15")
	tb, err := w.reports.Statistic(ctx, w.analista, q2.ID, "victimas", "nacionalidad", "sexo")
	if err != nil {
		t.Fatal(err)
	}
	checkProtected(t, "estadística", []reports.Table{tb}, []string{tb.Note}, reports.AnalystK)
	last := len(tb.Columns) - 1
	for row, want := range map[string]string{"CU": reports.Hidden, "total": "19"} {
		if c, ok := tb.Cell(row, last); !ok || c.String() != want {
			t.Errorf("%s total = %s (found %v), want %s", row, c, ok, want)
		}
	}
	// The same figures in the other order are the same table turned.
	turned, err := w.reports.Statistic(ctx, w.analista, q2.ID, "victimas", "sexo", "nacionalidad")
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := turned.Cell("total", len(turned.Columns)-1); c.String() != "19" {
		t.Errorf("sexo × nacionalidad grand total = %s, want 19", c)
	}
	exact, err := w.reports.Statistic(ctx, w.secretaria, q2.ID, "victimas", "nacionalidad", "sexo")
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := exact.Cell("CU", len(exact.Columns)-1); c.String() != "1" {
		t.Errorf("the Secretaría Técnica's CU total = %s, want the exact 1", c)
	}
	if _, err := w.reports.Statistic(ctx, w.analista, q2.ID, "victimas", "tipo_servicio", ""); err == nil {
		t.Error("víctimas by service type were counted (a person would count once per service)")
	}
	if _, err := w.reports.Statistic(ctx, w.ceav, q2.ID, "victimas", "sexo", ""); err == nil {
		t.Error("a caseworker read statistics")
	}
}

func TestProtectedView_OnlyForTheFirstDefinedOfOverlappingPeriods(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.loadSecondQuarter2024(t)
	ctx := context.Background()
	year := w.period(t, "2024", "anual", "2023-12-16", "2024-12-15")
	q2 := w.period(t, "2024 T2", "trimestral", "2024-03-15", "2024-06-15")
	shifted := w.period(t, "2024 T2b", "trimestral", "2024-04-01", "2024-06-30")
	month := w.period(t, "2024-04", "mensual", "2024-04-01", "2024-04-30")
	otherYear := w.period(t, "2024 bis", "anual", "2024-01-01", "2024-12-31")
	again := w.period(t, "Segundo trimestre 2024", "trimestral", "2024-03-15", "2024-06-15")
	for _, p := range []domain.Period{year, q2, again} {
		if _, err := w.reports.ReportFor(ctx, w.analista, p.ID, false); err != nil {
			t.Errorf("%s: %v", p.Name, err)
		}
	}
	for _, p := range []domain.Period{shifted, month, otherYear} {
		if _, err := w.reports.ReportFor(ctx, w.analista, p.ID, false); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("the protected view of %s, which overlaps a period defined before: %v, want a conflict", p.Name, err)
		}
		if _, err := w.reports.Statistic(ctx, w.analista, p.ID, "victimas", "sexo", ""); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("the protected statistics of %s: %v, want a conflict", p.Name, err)
		}
		if _, err := w.reports.ReportFor(ctx, w.secretaria, p.ID, false); err != nil {
			t.Errorf("the Secretaría Técnica's exact view of %s: %v", p.Name, err)
		}
	}
}

func TestPublicView_HidesAtLeastWhatTheAnalystsViewHides(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.loadSecondQuarter2024(t)
	ctx := context.Background()
	q2 := w.period(t, "2024 T2", "trimestral", "2024-03-15", "2024-06-15")
	analyst, err := w.reports.ReportFor(ctx, w.analista, q2.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	public, err := w.reports.ReportFor(ctx, w.analista, q2.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	checkProtected(t, "público", public.Tables, public.Notes, reports.PublicK)
	for ti, tb := range analyst.Tables {
		for ri, rw := range tb.Rows {
			for ci, c := range rw.Cells {
				if c.Mark == reports.Hidden && public.Tables[ti].Rows[ri].Cells[ci].Mark != reports.Hidden {
					t.Errorf("%s/%s column %d is hidden from analysts but shown to the public", tb.ID, rw.Key, ci)
				}
			}
		}
	}
}

// cells reads a table as figures by row key and column label.
func cells(tb reports.Table) map[[2]string]string {
	out := map[[2]string]string{}
	for _, rw := range tb.Rows {
		for c, cell := range rw.Cells {
			out[[2]string{rw.Key, tb.Columns[c]}] = cell.String()
		}
	}
	return out
}

func TestStatistics_TheProtectedViewCountsAsTheExactQueries(t *testing.T) {
	t.Parallel()
	// With k = 1 nothing is hidden: the analysts' tables, computed with
	// the Comisión year's other periods for disclosure control, must equal
	// the Secretaría Técnica's, computed for the period alone.
	w := newWorld(t, func(c *app.Config) { c.AnalystK = 1 })
	w.loadSecondQuarter2024(t)
	ctx := context.Background()
	w.period(t, "2024", "anual", "2023-12-16", "2024-12-15")
	q2 := w.period(t, "2024 T2", "trimestral", "2024-03-15", "2024-06-15")
	// Each dimension alone, and crossed with the measure's first.
	for _, m := range reports.Measures() {
		first := m.Dimensions[0]
		for _, d := range m.Dimensions {
			for _, d2 := range []string{"", first.Code} {
				if d2 == d.Code || d2 != "" && !slices.Contains(first.Crosses, d.Code) {
					continue
				}
				exact, err := w.reports.Statistic(ctx, w.secretaria, q2.ID, m.Code, d.Code, d2)
				if err != nil {
					t.Fatal(err)
				}
				modelled, err := w.reports.Statistic(ctx, w.analista, q2.ID, m.Code, d.Code, d2)
				if err != nil {
					t.Fatal(err)
				}
				if want, got := cells(exact), cells(modelled); !maps.Equal(want, got) {
					t.Errorf("%s by %s and %s: the protected view counts %v, the exact one %v", m.Code, d.Code, d2, got, want)
				}
			}
		}
	}
}

// TestProtectedView_TheMIRCountsTheTemasItShows: a quarter whose only
// activity is one víctima given alimentos hides Combate's figures, and
// its MIR does not count Combate among the temas attended: it would tell
// that the hidden figures are not 0.
func TestProtectedView_TheMIRCountsTheTemasItShows(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	q := w.period(t, "2025 T2", "trimestral", "2025-04-01", "2025-06-30")
	v, err := w.victims.Register(ctx, w.ceav, victims.Registration{Municipio: "23005",
		Attributes: victims.Attributes{Sex: "mujer", IdentifiedOn: day("2025-04-02")},
		Personal:   victims.Personal{GivenNames: "Única", FirstSurname: "Atendida"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.services.Record(ctx, w.ceav, v.ID, services.Input{Type: "alimentos", ProvidedOn: day("2025-04-03"), Quantity: 2}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		who   *authz.Principal
		temas int
	}{{w.secretaria, 1}, {w.analista, 0}} {
		r, err := w.reports.ReportFor(ctx, c.who, q.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		if r.MIR.Temas != c.temas || r.MIR.Promedio != fmt.Sprintf("0/%d", c.temas) {
			t.Errorf("%s: MIR temas %d (%s), want %d", r.Protection, r.MIR.Temas, r.MIR.Promedio, c.temas)
		}
	}
}
