// Package reports produces the Comisión's quarterly and annual reports and
// the analysts' statistics, from aggregate SQL only: no report holds a row
// about a person. The Secretaría Técnica sees exact counts; analysts and
// public exports get cell suppression (package disclosure), consistent
// across the tables and the quarters of a year. A report can be issued:
// frozen with its numbers, query version and hash.
package reports

import "sintra/internal/domain"

// QueryVersion changes whenever the report's queries change what they count:
// 2 added the reparación del daño; 3 the reportes ciudadanos by who
// reported.
const QueryVersion = 3

// The report's parts are record types of package domain, which render
// also reads; these names keep this package's code short.
type (
	// Report is a report of a period.
	Report = domain.Report
	// Table is one table of a report.
	Table = domain.Table
	// Row is one row of a table.
	Row = domain.Row
	// Cell is one figure of a table: a count, or a mark in its place.
	Cell = domain.Cell
	// MIR is the results indicator C01A03I3.
	MIR = domain.MIR
)

// addTotals appends the total row and column the table declares.
func addTotals(t *Table) {
	if t.TotalCol {
		t.Columns = append(t.Columns, "Total")
		for i := range t.Rows {
			sum := 0
			for _, c := range t.Rows[i].Cells {
				sum += c.Value
			}
			t.Rows[i].Cells = append(t.Rows[i].Cells, Cell{Value: sum})
		}
	}
	if t.TotalRow {
		total := Row{Key: "total", Label: "Total", Cells: make([]Cell, len(t.Columns))}
		for _, r := range t.Rows {
			for j, c := range r.Cells {
				total.Cells[j].Value += c.Value
			}
		}
		t.Rows = append(t.Rows, total)
	}
}
