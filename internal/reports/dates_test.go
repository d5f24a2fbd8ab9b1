package reports_test

import (
	"context"
	"sintra/internal/domain"
	"testing"
	"time"

	"sintra/internal/apperr"
	"sintra/internal/canalizaciones"
	"sintra/internal/clock"
	"sintra/internal/grupotrabajo"
	"sintra/internal/reports"
	"sintra/internal/testapp"
	"sintra/internal/victims"

	"github.com/google/uuid"
)

// Records entered today about what happened months ago count in the
// periods they happened in, with the status they had at each period's end.
func TestCanalizacionesAndAcuerdos_CountInThePeriodsTheyHappenedIn(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := testapp.New(t, testapp.WithClock(clock.Fixed(time.Date(2024, 7, 1, 17, 0, 0, 0, time.UTC))))
	ceav, iqm := e.Principal(t, "CEAVEQROO", "capturista", "23005"), e.Principal(t, "IQM", "capturista", "23005")
	member, secretaria := e.Principal(t, "SSC", "grupo_trabajo", "23005"), e.Principal(t, "SEGOB", "secretaria_tecnica", "*")
	periods := map[string]domain.Period{}
	for _, in := range reports.ComisionYear(2024) {
		p, err := e.Reports.CreatePeriod(ctx, secretaria, in)
		if err != nil {
			t.Fatal(err)
		}
		periods[p.Name] = p
	}

	v, err := e.Victims.Register(ctx, ceav, victims.Registration{Municipio: "23005",
		Attributes: victims.Attributes{Sex: "mujer", IdentifiedOn: day("2024-03-01")},
		Personal:   victims.Personal{GivenNames: "Sara"},
		Consents:   []domain.Consent{{Kind: "compartir_instituciones", Granted: true, GivenOn: day("2024-03-01")}}})
	if err != nil {
		t.Fatal(err)
	}
	refer := func(sent string, steps ...[2]string) {
		t.Helper()
		c, err := e.Canalizaciones.Send(ctx, ceav, canalizaciones.SendInput{VictimID: v.ID, To: "IQM", ServiceType: "alojamiento", SentOn: day(sent)})
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range steps {
			if _, err := e.Canalizaciones.Move(ctx, iqm, c.ID, st[0], "", day(st[1])); err != nil {
				t.Fatal(err)
			}
		}
	}
	refer("2024-03-10", [2]string{"aceptada", "2024-03-20"})                                      // sent in T1, accepted in T2
	refer("2024-05-02", [2]string{"aceptada", "2024-05-03"}, [2]string{"atendida", "2024-06-20"}) // sent in T2, attended in T3

	g, err := e.Grupo.CreateSession(ctx, member, grupotrabajo.SessionInput{Municipio: "23005", HeldOn: day("2024-03-05"), Kind: "ordinaria"})
	if err != nil {
		t.Fatal(err)
	}
	a, err := e.Grupo.AddAcuerdo(ctx, member, g.ID, grupotrabajo.AcuerdoInput{Text: "Gestionar refugio", Responsible: "IQM", DueOn: day("2024-04-30")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Grupo.MoveAcuerdo(ctx, member, a.ID, "cumplido", "", uuid.NullUUID{}, day("2024-04-10")); err != nil {
		t.Fatal(err)
	}

	cell := func(period, table, row string, col int) int {
		t.Helper()
		r, err := e.Reports.Build(ctx, periods[period], 0)
		if err != nil {
			t.Fatal(err)
		}
		c, _ := r.Table(table).Cell(row, col)
		return c.Value
	}
	const enviada, aceptada, atendida = 0, 1, 3
	checks := []struct {
		period, table, row string
		col, want          int
	}{
		{"2024 T1", "canalizaciones", "IQM", enviada, 1},  // at 14 March it was still waiting
		{"2024 T1", "canalizaciones", "IQM", aceptada, 0}, //
		{"2024 T2", "canalizaciones", "IQM", aceptada, 1}, // the May one, accepted by 15 June
		{"2024 T2", "canalizaciones", "IQM", atendida, 0}, // attended only in T3
		{"2024 T2", "canalizaciones", "total", 6, 1},      // the March one is T1's
		{"2024 T1", "acuerdos", "pendiente", 0, 1},        // taken in T1, due in T2
		{"2024 T2", "acuerdos", "total", 0, 0},            // taken in T1 only
		{"2024", "canalizaciones", "total", 6, 2},         // the year has both
	}
	for _, c := range checks {
		if got := cell(c.period, c.table, c.row, c.col); got != c.want {
			t.Errorf("%s %s %s column %d = %d, want %d", c.period, c.table, c.row, c.col, got, c.want)
		}
	}
}

// Months are calendar months; their MIR plans no report; and neither they
// nor periods of other bounds get a protected view, which, subtracted from
// the quarter that overlaps them, would reveal what the quarter hides.
func TestMonthsAndOtherPeriods(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := testapp.New(t, testapp.WithClock(clock.Fixed(time.Date(2024, 7, 1, 17, 0, 0, 0, time.UTC))))
	secretaria, analyst := e.Principal(t, "SEGOB", "secretaria_tecnica", "*"), e.Principal(t, "SEGOB", "analista", "*")
	if _, err := e.Reports.CreatePeriod(ctx, secretaria, reports.PeriodInput{Name: "Enero a marzo", Kind: "mensual",
		StartsOn: day("2024-01-05"), EndsOn: day("2024-03-20")}); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("a monthly period that is not a month: %v, want a validation error", err)
	}
	month, err := e.Reports.CreatePeriod(ctx, secretaria, reports.Month(2024, time.May))
	if err != nil {
		t.Fatal(err)
	}
	custom, err := e.Reports.CreatePeriod(ctx, secretaria, reports.PeriodInput{Name: "Primavera", Kind: "personalizado",
		StartsOn: day("2024-03-20"), EndsOn: day("2024-06-20")})
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.Reports.ReportFor(ctx, secretaria, month.ID, false)
	if err != nil || r.MIR.Programados != 0 || r.MIR.Avance != 0 {
		t.Errorf("a month's report: %v, MIR %+v, want no report planned", err, r.MIR)
	}
	for _, p := range []domain.Period{month, custom} {
		if _, err := e.Reports.ReportFor(ctx, analyst, p.ID, false); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("the protected view of %s: %v, want a refusal", p.Name, err)
		}
		if _, err := e.Reports.ReportFor(ctx, secretaria, p.ID, true); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("the public export of %s: %v, want a refusal", p.Name, err)
		}
		if _, err := e.Reports.Statistic(ctx, analyst, p.ID, "victimas", "sexo", ""); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("statistics of %s: %v, want a refusal", p.Name, err)
		}
	}
}
