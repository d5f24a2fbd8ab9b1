package reports_test

import (
	"context"
	"testing"

	"sintra/internal/actividades"
	"sintra/internal/carpetas"
	"sintra/internal/corrections"
	"sintra/internal/services"
	"sintra/internal/victims"
)

// TestVoidedRecords_NoLongerCountInTheQuarterlyReportOrStatistics voids a
// service, an activity and an imputado and corrects another service: the
// quarter's report and the statistics count the corrected values and none
// of the voided records.
func TestVoidedRecords_NoLongerCountInTheQuarterlyReportOrStatistics(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	q := w.period(t, "2025 T1", "trimestral", "2025-01-01", "2025-03-31")
	why := corrections.Reason{Code: "error_captura"}

	var given []services.Input
	for i, sex := range []string{"mujer", "hombre"} {
		v, err := w.victims.Register(ctx, w.ceav, victims.Registration{Municipio: "23005",
			Attributes: victims.Attributes{Sex: sex, IdentifiedOn: day("2025-01-10")}, Personal: victims.Personal{GivenNames: "Persona"}})
		if err != nil {
			t.Fatal(err)
		}
		sv, err := w.services.Record(ctx, w.ceav, v.ID, services.Input{Type: "alimentos", ProvidedOn: day("2025-02-03"), Quantity: 10})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			// Recorded by mistake: her only service.
			if err := w.services.Void(ctx, w.ceav, sv.ID, sv.Version, why); err != nil {
				t.Fatal(err)
			}
			continue
		}
		in := services.Input{Type: "alimentos", ProvidedOn: day("2025-02-03"), Quantity: 4}
		if _, err := w.services.Correct(ctx, w.ceav, sv.ID, sv.Version, services.Correction{Input: in, Reason: why}); err != nil {
			t.Fatal(err)
		}
		given = append(given, in)
	}

	for _, people := range []int{30, 12} {
		a, err := w.actividades.Create(ctx, w.secretaria, actividades.Input{Institution: "IQM", Type: "capacitacion",
			Name: "Capacitación", HeldOn: day("2025-02-10"), Municipios: []string{"23005"}, Actions: 1, People: people,
			Women: n32(people / 2), Men: n32(people / 2)})
		if err != nil {
			t.Fatal(err)
		}
		if people == 30 {
			if err := w.actividades.Void(ctx, w.secretaria, a.ID, a.Version, corrections.Reason{Code: "duplicado"}); err != nil {
				t.Fatal(err)
			}
		}
	}

	cancun := "CANCUN"
	k, err := w.carpetas.Create(ctx, w.fge, carpetas.Input{Number: "FGE/BJ/9/2025", FiscaliaUnit: "FETP", StartedOn: day("2025-01-15"),
		Municipio: "23005", Modalidad: "explotacion_sexual"})
	if err != nil {
		t.Fatal(err)
	}
	for _, sex := range []string{"hombre", "mujer"} {
		im, err := w.carpetas.AddImputado(ctx, w.fge, k.ID, carpetas.ImputadoInput{Sex: sex, Age: n32(40), Nationality: ptr("MX")})
		if err != nil {
			t.Fatal(err)
		}
		if sex == "mujer" {
			if err := w.carpetas.VoidImputado(ctx, w.fge, k.ID, im.ID, im.Version, why); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := w.carpetas.Advance(ctx, w.fge, k.ID, "judicializada", day("2025-02-20"), &cancun); err != nil {
		t.Fatal(err)
	}

	r, err := w.reports.ReportFor(ctx, w.secretaria, q.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		table, row string
		col, want  int
	}{
		{"servicios", "alimentos", 0, given[0].Quantity}, // units: the corrected quantity only
		{"servicios", "alimentos", 1, 1},                 // víctimas served
		{"resumen", "capacitacion", 1, 12},               // people reached
		{"imputados_sexo", "hombre", 0, 1},
		{"imputados_sexo", "mujer", 0, 0},
	} {
		got := 0
		if cell, ok := r.Table(c.table).Cell(c.row, c.col); ok {
			got = cell.Value
		}
		if got != c.want {
			t.Errorf("report %s/%s column %d = %d, want %d", c.table, c.row, c.col, got, c.want)
		}
	}
	for _, c := range []struct {
		measure, dim, row string
		want              int
	}{
		{"victimas", "sexo", "total", 1},
		{"victimas", "sexo", "mujer", 0},
		{"imputados", "sexo", "total", 1},
		{"imputados", "sexo", "mujer", 0},
	} {
		tb, err := w.reports.Statistic(ctx, w.secretaria, q.ID, c.measure, c.dim, "")
		if err != nil {
			t.Fatal(err)
		}
		got := 0
		if cell, ok := tb.Cell(c.row, 0); ok {
			got = cell.Value
		}
		if got != c.want {
			t.Errorf("statistic %s by %s, %s = %d, want %d", c.measure, c.dim, c.row, got, c.want)
		}
	}
}
