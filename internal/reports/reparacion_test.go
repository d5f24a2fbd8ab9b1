package reports_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"sintra/internal/carpetas"
	"sintra/internal/corrections"
	"sintra/internal/domain"
	"sintra/internal/render"
)

// loadReparations records resoluciones and payments around the second
// quarter of 2024 (15 March – 15 June): one ordering $10,000.00 in the
// quarter, paid $3,000.00 in it and $2,000.00 after; one ordering
// $5,000.00 before it, paid $1,000.00 before and $4,000.00 in it, with a
// payment of $500.00 in it voided; one in it ordering no reparación; one in
// it ordering reparación without an amount.
func (w *world) loadReparations(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	cents := func(n int64) *int64 { return &n }
	resoluciones := []struct {
		on       string
		ordered  bool
		amount   *int64
		payments []string // date:centavos, "!" before the date voids it once recorded
	}{
		{"2024-04-10", true, cents(1_000_000), []string{"2024-04-20:300000", "2024-07-01:200000"}},
		{"2024-01-10", true, cents(500_000), []string{"2024-02-01:100000", "!2024-05-01:50000", "2024-05-05:400000"}},
		{"2024-05-10", false, nil, nil},
		{"2024-06-01", true, nil, nil},
	}
	for i, res := range resoluciones {
		k, err := w.carpetas.Create(ctx, w.fge, carpetas.Input{Number: fmt.Sprintf("FGE/REP/%03d/2024", i+1), FiscaliaUnit: "FETP",
			StartedOn: day("2024-01-02"), Municipio: "23005", Modalidad: "explotacion_sexual"})
		if err != nil {
			t.Fatal(err)
		}
		r, err := w.carpetas.AddResolucion(ctx, w.fge, k.ID, carpetas.ResolucionInput{Resolucion: domain.Resolucion{
			Kind: "sentencia_condenatoria", ResolvedOn: day(res.on), ReparationOrdered: res.ordered, ReparationCents: res.amount}})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range res.payments {
			void := strings.HasPrefix(p, "!")
			on, amount, _ := strings.Cut(strings.TrimPrefix(p, "!"), ":")
			var n int64
			fmt.Sscan(amount, &n)
			paid, err := w.carpetas.RecordPayment(ctx, w.fge, k.ID, r.ID, carpetas.PaymentInput{PaidOn: day(on), AmountCents: n, Payer: "persona_sentenciada"})
			if err != nil {
				t.Fatal(err)
			}
			if void {
				if err := w.carpetas.VoidPayment(ctx, w.fge, k.ID, r.ID, paid.ID, paid.Version, corrections.Reason{Code: "duplicado"}); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

func TestQuarterlyReport_CountsReparationsInTheExactViewOnly(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.loadReparations(t)
	ctx := context.Background()
	q2 := w.period(t, "2024 T2", "trimestral", "2024-03-15", "2024-06-15")
	r, err := w.reports.ReportFor(ctx, w.secretaria, q2.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]int{
		"ordenada":  {2, 1_000_000}, // the $10,000.00 and the one without an amount
		"pagada":    {2, 700_000},   // $3,000.00 and $4,000.00; not the voided $500.00, nor what was paid before or after
		"pendiente": {1, 700_000},   // $10,000.00 less $3,000.00; the other is paid in full by then
	}
	tb := r.Table("reparacion")
	if tb == nil {
		t.Fatal("the exact report has no reparación table")
	}
	for row, figures := range want {
		for col, n := range figures {
			if c, ok := tb.Cell(row, col); !ok || c.Mark != "" || c.Value != n {
				t.Errorf("reparación %s column %d = %+v (found %v), want %d", row, col, c, ok, n)
			}
		}
	}
	body, err := render.Report(r, "csv")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(body), "Saldo pendiente al cierre del periodo,Monto (MXN),7000.00") {
		t.Errorf("the CSV does not give the pending balance in pesos:\n%s", body)
	}
	protected, err := w.reports.ReportFor(ctx, w.analista, q2.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	if protected.Table("reparacion") != nil {
		t.Error("the analysts' protected view shows sums of money of the reparación")
	}
}
