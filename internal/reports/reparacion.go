package reports

import (
	"context"
	"time"
)

// reparacionTable is the reparación del daño of a period (law Art. 15 XII,
// 35 VII): the resoluciones that ordered it in the period and the amount
// ordered, the payments made in the period, and the balance pending at its
// end, amounts in centavos.
func (s *Service) reparacionTable(ctx context.Context, from, to time.Time) (Table, error) {
	f, err := s.store.ReportReparacion(ctx, from, to)
	if err != nil {
		return Table{}, err
	}
	return Table{ID: reparacionID, Title: "Reparación del daño", Columns: []string{"Resoluciones", "Monto (MXN)"}, MoneyColumns: []int{1},
		Rows: []Row{
			{Key: "ordenada", Label: "Ordenada en resoluciones judiciales del periodo",
				Cells: []Cell{{Value: f.OrderedResoluciones}, {Value: int(f.OrderedCents)}}},
			{Key: "pagada", Label: "Pagada en el periodo",
				Cells: []Cell{{Value: f.PaidResoluciones}, {Value: int(f.PaidCents)}}},
			{Key: "pendiente", Label: "Saldo pendiente al cierre del periodo",
				Cells: []Cell{{Value: f.PendingResoluciones}, {Value: int(f.PendingCents)}}},
		},
		Note: "Resoluciones: las que ordenaron la reparación en el periodo; las que recibieron pagos en él; las que al cierre " +
			"no estaban pagadas por completo. Los pagos anulados no cuentan; una resolución sin monto ordenado cuenta como de $0.00. " +
			"En JSON los montos van en centavos. Cuenta lo registrado en esta instancia; la carga nacional no transporta montos ni pagos."}, nil
}

// reparacionID names the reparación del daño table, which only the exact
// view shows: a sum of money about a few resoluciones can single out the
// people it was paid to, and disclosure control protects counts, not
// sums, so the protected views leave it out.
const reparacionID = "reparacion"

// exactOnly reports whether a table of the exact report is left out of the
// protected views.
func exactOnly(tableID string) bool { return tableID == reparacionID }
