package reports

import (
	"testing"
	"time"

	"sintra/internal/domain"
)

func TestFigureIndex_FindsEachCellAtItsFigureAndNothingElse(t *testing.T) {
	t.Parallel()
	day := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	rel := newRelease([]domain.Period{{StartsOn: day, EndsOn: day}, {StartsOn: day, EndsOn: day.AddDate(0, 2, 0)}}, day)
	table := func(id string, rows ...string) *Table {
		t := &Table{ID: id, Columns: []string{"a", "b", "c"}, TotalRow: true, TotalCol: true}
		for _, r := range rows {
			t.Rows = append(t.Rows, Row{Key: r, Cells: make([]Cell, 3)})
		}
		addTotals(t)
		return t
	}
	// Rows that differ between periods and tables, a marked cell, and a
	// table registered after a figure was looked for.
	rel.register(0, table("uno", "mujer", "hombre"), nil)
	rel.register(1, table("uno", "hombre", "otro"), nil)
	rel.register(0, table("dos", "MX", "CO", "VE"), []string{"x", "y", "z", "total"})
	if _, ok := rel.at(rel.names.code("tres"), 0, rel.names.code("mujer"), rel.names.code("0")); ok {
		t.Fatal("a table not registered yet has a figure")
	}
	marked := table("tres", "mujer")
	marked.Rows[0].Cells[1].Mark = "N/A"
	rel.register(1, marked, nil)
	n := &rel.names
	for i, c := range rel.cells {
		f := rel.figures[i]
		if got, ok := rel.at(n.code(c.Table), f.period, n.code(c.Row), n.code(c.Col)); !ok || got != i {
			t.Errorf("%s %s %s %s is found at %d (%v), not %d", c.Table, c.Period, c.Row, c.Col, got, ok, i)
		}
	}
	for _, f := range []struct {
		table, row, col string
		period          int
	}{
		{"uno", "otro", "0", 0}, {"uno", "mujer", "0", 1}, {"uno", "MX", "0", 0}, {"dos", "MX", "0", 0},
		{"dos", "MX", "x", 1}, {"dos", "x", "MX", 0}, {"tres", "mujer", "1", 1}, {"tres", "mujer", "0", 0}, {"cuatro", "mujer", "0", 0},
		{"uno", "mujer", "9", 0}, {"uno", "nunca vista", "0", 0},
	} {
		if got, ok := rel.at(n.code(f.table), f.period, n.code(f.row), n.code(f.col)); ok {
			t.Errorf("%s %d %s %s is not a figure, yet is found at %d", f.table, f.period, f.row, f.col, got)
		}
	}
}
