package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/go-pdf/fpdf"
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

// header lines say what a rendering is, when it was made, from which data.
func header(r domain.Report) [][]string {
	return [][]string{
		{r.Title},
		{"Periodo", r.Period.Name, r.Period.StartsOn.Format(time.DateOnly), r.Period.EndsOn.Format(time.DateOnly)},
		{"Generado", r.GeneratedAt.In(clock.Zone).Format("2006-01-02 15:04 MST")},
		{"Versión de datos", fmt.Sprint(r.DataVersion), "Versión de consultas", fmt.Sprint(r.QueryVersion)},
		{"Protección", r.Protection},
	}
}

// reportCSV writes one line per figure: table, row, column, value. Text
// that a spreadsheet would run as a formula is written as text.
func reportCSV(r domain.Report) ([]byte, error) {
	var out bytes.Buffer
	w := NewCSVWriter(&out)
	for _, h := range header(r) {
		w.Write(append([]string{"#"}, h...))
	}
	w.Write([]string{"tabla", "clave", "fila", "columna", "valor"})
	for _, t := range r.Tables {
		for _, rw := range t.Rows {
			for i, c := range rw.Cells {
				w.Write([]string{t.ID, rw.Key, rw.Label, t.Columns[i], c.String()})
			}
		}
	}
	w.Write([]string{"mir", "", "Promedio de informes realizados", "informes/temas", r.MIR.Promedio})
	err := w.Flush()
	return out.Bytes(), err
}

// reportXLSX writes a cover sheet and one sheet per table.
func reportXLSX(r domain.Report) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Informe")
	row := 1
	for _, h := range header(r) {
		vals := make([]any, len(h))
		for i, v := range h {
			vals[i] = v
		}
		f.SetSheetRow("Informe", fmt.Sprintf("A%d", row), &vals)
		row++
	}
	f.SetSheetRow("Informe", fmt.Sprintf("A%d", row+1), &[]any{"Indicador MIR C01A03I3", r.MIR.Promedio,
		fmt.Sprintf("%d de %d programados (%.0f %%)", r.MIR.Realizados, r.MIR.Programados, r.MIR.Avance)})
	for i, n := range r.Notes {
		f.SetSheetRow("Informe", fmt.Sprintf("A%d", row+3+i), &[]any{n})
	}
	for _, t := range r.Tables {
		sheet := t.ID
		if len(sheet) > 31 {
			sheet = sheet[:31]
		}
		f.NewSheet(sheet)
		f.SetSheetRow(sheet, "A1", &[]any{t.Title})
		head := []any{""}
		for _, c := range t.Columns {
			head = append(head, c)
		}
		f.SetSheetRow(sheet, "A2", &head)
		for i, rw := range t.Rows {
			vals := []any{rw.Label}
			for _, c := range rw.Cells {
				if c.Mark != "" {
					vals = append(vals, c.Mark)
				} else {
					vals = append(vals, c.Value)
				}
			}
			f.SetSheetRow(sheet, fmt.Sprintf("A%d", i+3), &vals)
		}
		f.SetColWidth(sheet, "A", "A", 60)
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		return nil, fmt.Errorf("render: report xlsx: %w", err)
	}
	return out.Bytes(), nil
}

// reportPDF lays the report out like the Comisión's: title, period,
// tables, indicator and notes, with the generation time and data version.
func reportPDF(r domain.Report) ([]byte, error) {
	pdf, tr := newPDF(r.Title, 18)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont("Helvetica", "I", 7)
		pdf.CellFormat(0, 5, tr(fmt.Sprintf("SINTRA Quintana Roo — generado %s — versión de datos %d — %s — página %d",
			r.GeneratedAt.In(clock.Zone).Format("02/01/2006 15:04"), r.DataVersion, r.Protection, pdf.PageNo())), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 12)
	pdf.MultiCell(0, 6, tr("Comisión Interinstitucional contra los Delitos en Materia de Trata de Personas del Estado de Quintana Roo"), "", "C", false)
	pdf.SetFont("Helvetica", "", 11)
	pdf.MultiCell(0, 6, tr(r.Title), "", "C", false)
	pdf.MultiCell(0, 6, tr(fmt.Sprintf("%s (%s al %s)", r.Period.Name, r.Period.StartsOn.Format("02/01/2006"), r.Period.EndsOn.Format("02/01/2006"))), "", "C", false)
	for _, t := range r.Tables {
		pdfTable(pdf, tr, t)
	}
	pdf.Ln(4)
	pdf.SetFont("Helvetica", "B", 10)
	pdf.MultiCell(0, 5, tr("Indicador C01A03I3 — Promedio de informes realizados"), "", "L", false)
	pdf.SetFont("Helvetica", "", 9)
	pdf.MultiCell(0, 5, tr(fmt.Sprintf("Informes realizados / temas atendidos = %s; %d de %d programados (%.0f %%).",
		r.MIR.Promedio, r.MIR.Realizados, r.MIR.Programados, r.MIR.Avance)), "", "L", false)
	pdf.Ln(2)
	pdf.SetFont("Helvetica", "B", 10)
	pdf.MultiCell(0, 5, tr("Notas"), "", "L", false)
	pdf.SetFont("Helvetica", "", 8)
	for _, n := range r.Notes {
		pdf.MultiCell(0, 4, tr("• "+n), "", "L", false)
	}
	return output(pdf, "report pdf")
}

// pdfTable lays out one table: a label column and a column per figure.
func pdfTable(pdf *fpdf.Fpdf, tr func(string) string, t domain.Table) {
	pdf.Ln(4)
	pdf.SetFont("Helvetica", "B", 10)
	pdf.MultiCell(0, 5, tr(t.Title), "", "L", false)
	width := 196.0
	labelW := width * 0.5
	if len(t.Columns) > 4 {
		labelW = width * 0.3
	}
	colW := (width - labelW) / float64(max(1, len(t.Columns)))
	pdf.SetFont("Helvetica", "B", 7)
	pdf.CellFormat(labelW, 5, "", "1", 0, "L", false, 0, "")
	for _, c := range t.Columns {
		pdf.CellFormat(colW, 5, tr(c), "1", 0, "C", false, 0, "")
	}
	pdf.Ln(-1)
	pdf.SetFont("Helvetica", "", 7)
	for _, rw := range t.Rows {
		label := rw.Label
		if len([]rune(label)) > 95 {
			label = string([]rune(label)[:92]) + "..."
		}
		pdf.CellFormat(labelW, 5, tr(label), "1", 0, "L", false, 0, "")
		for _, c := range rw.Cells {
			pdf.CellFormat(colW, 5, c.String(), "1", 0, "R", false, 0, "")
		}
		pdf.Ln(-1)
	}
	if t.Note != "" {
		pdf.SetFont("Helvetica", "I", 7)
		pdf.MultiCell(0, 4, tr(t.Note), "", "L", false)
	}
}
