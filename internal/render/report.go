package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"sintra/internal/apperr"
	"sintra/internal/clock"
	"sintra/internal/domain"
)

// Formats a report can be rendered in, with their media types.
var Formats = map[string]string{
	"json": "application/json",
	"csv":  "text/csv; charset=utf-8",
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"pdf":  "application/pdf",
}

// Report writes a report in a format: json, csv, xlsx or pdf.
func Report(r domain.Report, format string) ([]byte, error) {
	switch format {
	case "json":
		return json.MarshalIndent(r, "", "  ")
	case "csv":
		return reportCSV(r)
	case "xlsx":
		return reportXLSX(r)
	case "pdf":
		return reportPDF(r)
	}
	return nil, apperr.Validation(apperr.FieldError{Field: "formato", Message: "El formato es json, csv, xlsx o pdf."})
}

// Table writes one table (a statistic) in a format: csv or xlsx.
func Table(t domain.Table, format string) ([]byte, error) {
	r := domain.Report{Title: t.Title, Tables: []domain.Table{t}}
	switch format {
	case "csv":
		var out bytes.Buffer
		out.WriteString(bom)
		w := NewCSVWriter(&out)
		tableCSV(w, t)
		err := w.Flush()
		return out.Bytes(), err
	case "xlsx":
		f := excelize.NewFile()
		defer f.Close()
		st, err := newStyles(f)
		if err != nil {
			return nil, err
		}
		if err := tableSheets(f, st, r.Tables); err != nil {
			return nil, err
		}
		if err := f.DeleteSheet("Sheet1"); err != nil {
			return nil, fmt.Errorf("render: table xlsx: %w", err)
		}
		return write(f)
	}
	return nil, apperr.Validation(apperr.FieldError{Field: "formato", Message: "El formato es json, csv o xlsx."})
}

// bom starts a CSV so that Excel (es-MX among others) reads it as UTF-8.
const bom = "\uFEFF"

// header lines say what a rendering is, when it was made, from which data.
func header(r domain.Report) [][]string {
	return [][]string{
		{r.Title},
		{"Periodo", r.Period.Name, r.Period.StartsOn.Format("02/01/2006"), r.Period.EndsOn.Format("02/01/2006")},
		{"Generado", r.GeneratedAt.In(clock.Zone).Format("02/01/2006 15:04")},
		{"Versión de datos", fmt.Sprint(r.DataVersion), "Versión de consultas", fmt.Sprint(r.QueryVersion)},
		{"Protección", r.Protection},
	}
}

// reportCSV writes the header lines, then one line per figure: table, row,
// column, value, all by name. Text that a spreadsheet would run as a
// formula is written as text; a hidden figure is its mark.
func reportCSV(r domain.Report) ([]byte, error) {
	var out bytes.Buffer
	out.WriteString(bom)
	w := NewCSVWriter(&out)
	for _, h := range header(r) {
		w.Write(append([]string{"#"}, h...))
	}
	w.Write([]string{"tabla", "fila", "columna", "valor"})
	for _, t := range r.Tables {
		tableCSV(w, t)
	}
	w.Write([]string{"Indicador C01A03I3", "Promedio de informes realizados", "informes / temas", r.MIR.Promedio})
	err := w.Flush()
	return out.Bytes(), err
}

func tableCSV(w *CSVWriter, t domain.Table) {
	for _, rw := range t.Rows {
		for i, c := range rw.Cells {
			w.Write([]string{t.Title, rw.Label, t.Columns[i], t.Decimal(i, c)})
		}
	}
}

// reportXLSX writes a cover sheet and one sheet per table, named in
// Spanish after the table, headers bold and frozen, columns sized to
// their labels, counts as numbers and dates as dates.
func reportXLSX(r domain.Report) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	const cover = "Informe"
	if err := f.SetSheetName("Sheet1", cover); err != nil {
		return nil, fmt.Errorf("render: report xlsx: %w", err)
	}
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	row := 1
	put := func(values []any, style int) {
		cell := fmt.Sprintf("A%d", row)
		f.SetSheetRow(cover, cell, &values)
		if style != 0 {
			f.SetCellStyle(cover, cell, cell, style)
		}
		row++
	}
	for _, line := range r.Letterhead {
		put([]any{line}, st.bold)
	}
	row++
	put([]any{r.Title}, st.bold)
	put([]any{"Periodo", r.Period.Name}, 0)
	for _, d := range []struct {
		label string
		day   time.Time
	}{{"Del", r.Period.StartsOn}, {"Al", r.Period.EndsOn}} {
		put([]any{d.label, d.day}, 0)
		f.SetCellStyle(cover, fmt.Sprintf("B%d", row-1), fmt.Sprintf("B%d", row-1), st.date)
	}
	put([]any{"Generado", r.GeneratedAt.In(clock.Zone).Format("02/01/2006 15:04")}, 0)
	put([]any{"Versión de datos", r.DataVersion}, 0)
	put([]any{"Versión de consultas", r.QueryVersion}, 0)
	put([]any{"Protección", r.Protection}, 0)
	row++
	put([]any{"Indicador C01A03I3", r.MIR.Promedio, fmt.Sprintf("%d de %d programados", r.MIR.Realizados, r.MIR.Programados), r.MIR.Avance / 100}, st.bold)
	f.SetCellStyle(cover, fmt.Sprintf("D%d", row-1), fmt.Sprintf("D%d", row-1), st.percent)
	row++
	put([]any{"Notas"}, st.bold)
	for _, n := range r.Notes {
		put([]any{n}, st.wrap)
	}
	f.SetColWidth(cover, "A", "A", 90)
	f.SetColWidth(cover, "B", "D", 20)
	if err := tableSheets(f, st, r.Tables); err != nil {
		return nil, err
	}
	return write(f)
}

type styles struct{ bold, head, wrap, date, percent int }

func newStyles(f *excelize.File) (styles, error) {
	var st styles
	var err error
	for _, s := range []struct {
		dst   *int
		style *excelize.Style
	}{
		{&st.bold, &excelize.Style{Font: &excelize.Font{Bold: true}}},
		{&st.head, &excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}}},
		{&st.wrap, &excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
		{&st.date, &excelize.Style{NumFmt: 14, CustomNumFmt: ptr("dd/mm/yyyy")}},
		{&st.percent, &excelize.Style{NumFmt: 9}},
	} {
		if *s.dst, err = f.NewStyle(s.style); err != nil {
			return st, fmt.Errorf("render: xlsx style: %w", err)
		}
	}
	return st, nil
}

func ptr[T any](v T) *T { return &v }

// tableSheets adds a sheet per table: its title, a bold header frozen
// under it, a row per label with its counts.
func tableSheets(f *excelize.File, st styles, tables []domain.Table) error {
	var used []string
	for _, t := range tables {
		sheet := sheetName(t.Title, used)
		used = append(used, sheet)
		if _, err := f.NewSheet(sheet); err != nil {
			return fmt.Errorf("render: sheet %q: %w", sheet, err)
		}
		f.SetSheetRow(sheet, "A1", &[]any{t.Title})
		f.SetCellStyle(sheet, "A1", "A1", st.bold)
		head := []any{""}
		for _, c := range t.Columns {
			head = append(head, c)
		}
		f.SetSheetRow(sheet, "A2", &head)
		last, _ := excelize.ColumnNumberToName(len(head))
		f.SetCellStyle(sheet, "A2", last+"2", st.head)
		labelWidth := 12
		for i, rw := range t.Rows {
			vals := []any{rw.Label}
			for j, c := range rw.Cells {
				switch {
				case c.Mark != "":
					vals = append(vals, c.Mark)
				case slices.Contains(t.MoneyColumns, j):
					vals = append(vals, float64(c.Value)/100)
				default:
					vals = append(vals, c.Value)
				}
			}
			f.SetSheetRow(sheet, fmt.Sprintf("A%d", i+3), &vals)
			labelWidth = max(labelWidth, len([]rune(rw.Label))+2)
		}
		if t.Note != "" {
			cell := fmt.Sprintf("A%d", len(t.Rows)+4)
			f.SetCellValue(sheet, cell, t.Note)
			f.SetCellStyle(sheet, cell, cell, st.wrap)
		}
		f.SetColWidth(sheet, "A", "A", float64(min(labelWidth, 80)))
		f.SetCellStyle(sheet, "A3", fmt.Sprintf("A%d", len(t.Rows)+2), st.wrap)
		for i, c := range t.Columns {
			col, _ := excelize.ColumnNumberToName(i + 2)
			f.SetColWidth(sheet, col, col, float64(min(max(12, len([]rune(c))+2), 30)))
		}
		if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 2, XSplit: 1, TopLeftCell: "B3", ActivePane: "bottomRight"}); err != nil {
			return fmt.Errorf("render: freeze %q: %w", sheet, err)
		}
	}
	return nil
}

// sheetName makes a sheet name of a table's title: at most 31 characters,
// none of those Excel forbids, unique in the book.
func sheetName(title string, used []string) string {
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return ' '
		}
		return r
	}, title)
	runes := []rune(strings.TrimSpace(name))
	if len(runes) > 31 {
		runes = []rune(strings.TrimSpace(string(runes[:31])))
	}
	name = string(runes)
	for n := 2; slices.Contains(used, name) || strings.EqualFold(name, "Informe"); n++ {
		suffix := fmt.Sprintf(" (%d)", n)
		base := runes
		if len(base)+len(suffix) > 31 {
			base = base[:31-len(suffix)]
		}
		name = string(base) + suffix
	}
	return name
}

func write(f *excelize.File) ([]byte, error) {
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		return nil, fmt.Errorf("render: xlsx: %w", err)
	}
	return out.Bytes(), nil
}
