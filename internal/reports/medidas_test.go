package reports_test

import (
	"context"
	"fmt"
	"maps"
	"testing"
	"time"

	"github.com/google/uuid"

	"sintra/internal/corrections"
	"sintra/internal/domain"
	"sintra/internal/medidas"
	"sintra/internal/reports"
	"sintra/internal/victims"
)

// medidasFixture registers four víctimas of Benito Juárez identified in
// December 2024 and a medida de protección for each: one requested in
// December 2024, two in the first quarter of 2025 and one in the second;
// and a fifth, requested in the second quarter by mistake and voided.
func (w *world) medidasFixture(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	ptr := func(s string) *string { return &s }
	on := func(s string) *time.Time { d := day(s); return &d }
	var her []uuid.UUID
	for i := range 4 {
		municipio := "23005"
		if i == 3 {
			municipio = "23008"
		}
		v, err := w.victims.Register(ctx, w.ceav, victims.Registration{Municipio: municipio,
			Attributes: victims.Attributes{Sex: "mujer", IdentifiedOn: day("2024-12-01")},
			Personal:   victims.Personal{GivenNames: fmt.Sprintf("Protegida %d", i)}})
		if err != nil {
			t.Fatal(err)
		}
		her = append(her, v.ID)
	}
	create := func(victim uuid.UUID, kind, beneficiary, requested string) domain.MedidaProteccion {
		m, err := w.medidas.Create(ctx, w.ceav, victim, medidas.Input{Type: kind, Beneficiary: beneficiary, RequestedBy: "CEAVEQROO",
			RequestedOn: day(requested)})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	change := func(m *domain.MedidaProteccion, c medidas.Change) {
		var err error
		if *m, err = w.medidas.Update(ctx, w.ceav, m.ID, m.Version, c); err != nil {
			t.Fatal(err)
		}
	}
	assess := func(m *domain.MedidaProteccion, level, assessed, review string) {
		if _, err := w.medidas.Evaluate(ctx, w.ceav, m.ID, medidas.Assessment{RiskLevel: level, AssessedOn: day(assessed),
			NextReviewOn: day(review)}); err != nil {
			t.Fatal(err)
		}
		m.Version++
	}
	// Requested in 2024: counts in no period of 2025.
	create(her[0], "rondines_policiales", "victima", "2024-12-20")
	// Requested in the first quarter, granted, in force, assessed alto; in
	// the second quarter reassessed medio and concluded.
	escort := create(her[1], "escolta_vigilancia", "victima", "2025-02-01")
	assess(&escort, "alto", "2025-02-01", "2025-03-01")
	change(&escort, medidas.Change{Status: ptr("otorgada"), On: on("2025-02-03"), GrantingAuthority: ptr("ministerio_publico"),
		GrantedOn: on("2025-02-03")})
	change(&escort, medidas.Change{Status: ptr("vigente"), On: on("2025-02-05")})
	assess(&escort, "medio", "2025-04-10", "2025-05-10")
	change(&escort, medidas.Change{Status: ptr("concluida"), On: on("2025-05-20")})
	// Requested in the first quarter, denied in the second, never assessed.
	refuge := create(her[2], "alojamiento_refugio", "ambas", "2025-03-20")
	change(&refuge, medidas.Change{Status: ptr("negada"), On: on("2025-04-02"), GrantingAuthority: ptr("juez")})
	// Requested in the second quarter, in Solidaridad, assessed bajo.
	button := create(her[3], "boton_panico", "familiares", "2025-04-15")
	assess(&button, "bajo", "2025-04-15", "2025-05-15")
	// Recorded by mistake in the second quarter, granted and voided: it
	// counts nowhere.
	mistake := create(her[1], "traslado_seguro", "ambas", "2025-04-20")
	assess(&mistake, "alto", "2025-04-20", "2025-05-20")
	change(&mistake, medidas.Change{Status: ptr("vigente"), On: on("2025-04-21"), GrantingAuthority: ptr("juez"), GrantedOn: on("2025-04-21")})
	if err := w.medidas.Void(ctx, w.ceav, mistake.ID, mistake.Version, corrections.Reason{Code: "registro_indebido"}); err != nil {
		t.Fatal(err)
	}
}

func TestStatistics_MedidasCountInThePeriodRequested_WithStatusAndRiskAtItsEnd(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.medidasFixture(t)
	ctx := context.Background()
	q1 := w.period(t, "2025 T1", "trimestral", "2025-01-01", "2025-03-31")
	q2 := w.period(t, "2025 T2", "trimestral", "2025-04-01", "2025-06-30")
	year := w.period(t, "2025", "anual", "2025-01-01", "2025-12-31")
	for _, c := range []struct {
		period domain.Period
		dim    string
		want   map[string]int
	}{
		{q1, "tipo_medida", map[string]int{"escolta_vigilancia": 1, "alojamiento_refugio": 1, "total": 2}},
		{q1, "estado", map[string]int{"vigente": 1, "solicitada": 1, "total": 2}},
		{q1, "nivel_riesgo", map[string]int{"alto": 1, "sin_evaluacion": 1, "total": 2}},
		{q1, "municipio", map[string]int{"23005": 2, "total": 2}},
		{q2, "tipo_medida", map[string]int{"boton_panico": 1, "total": 1}},
		{q2, "estado", map[string]int{"solicitada": 1, "total": 1}},
		{q2, "nivel_riesgo", map[string]int{"bajo": 1, "total": 1}},
		{q2, "municipio", map[string]int{"23008": 1, "total": 1}},
		// The year counts the three requested in it, as they stood on 31 December.
		{year, "estado", map[string]int{"concluida": 1, "negada": 1, "solicitada": 1, "total": 3}},
		{year, "nivel_riesgo", map[string]int{"medio": 1, "bajo": 1, "sin_evaluacion": 1, "total": 3}},
		{year, "beneficiario", map[string]int{"victima": 1, "ambas": 1, "familiares": 1, "total": 3}},
	} {
		tb, err := w.reports.Statistic(ctx, w.secretaria, c.period.ID, "medidas_proteccion", c.dim, "")
		if err != nil {
			t.Fatalf("%s by %s: %v", c.period.Name, c.dim, err)
		}
		got := map[string]int{}
		for _, rw := range tb.Rows {
			got[rw.Key] = rw.Cells[0].Value
			if rw.Label == rw.Key && rw.Key != "total" {
				t.Errorf("%s by %s: row %q is named by its code", c.period.Name, c.dim, rw.Key)
			}
		}
		if !maps.Equal(got, c.want) {
			t.Errorf("%s: medidas by %s = %v, want %v", c.period.Name, c.dim, got, c.want)
		}
	}
	// Two dimensions cross; analysts see the same tables under disclosure
	// control, every figure here below k.
	if _, err := w.reports.Statistic(ctx, w.secretaria, year.ID, "medidas_proteccion", "tipo_medida", "estado"); err != nil {
		t.Fatal(err)
	}
	for _, dim := range reports.Dimensions["medidas_proteccion"] {
		tb, err := w.reports.Statistic(ctx, w.analista, year.ID, "medidas_proteccion", dim, "")
		if err != nil {
			t.Fatalf("analyst's medidas by %s: %v", dim, err)
		}
		checkProtected(t, tb.Title, []reports.Table{tb}, []string{tb.Note}, reports.AnalystK)
	}
}
