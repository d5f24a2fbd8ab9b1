package render

import (
	"fmt"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"sintra/internal/clock"
	"sintra/internal/domain"
)

// chapters group a report's tables as the Comisión's report does, in its
// order: a table's chapter is the first whose prefix its id has.
var chapters = []struct {
	title    string
	prefixes []string
}{
	{"Resultados finales", []string{"resumen"}},
	{"Prevención", []string{"actividades", "listado_", "objetivos"}},
	{"Combate", []string{"combate_", "victimas_", "servicios", "canalizaciones"}},
	{"Sanción", []string{"carpetas_", "imputados", "rescatadas"}},
	{"Seguimiento de casos del Grupo de Trabajo", []string{"acuerdos"}},
	{"Denuncias y línea telefónica: reportes ciudadanos", []string{"reportes_"}},
}

func chapterOf(t domain.Table) int {
	for i, c := range chapters {
		for _, p := range c.prefixes {
			if strings.HasPrefix(t.ID, p) {
				return i
			}
		}
	}
	return 0
}

// reportPDF lays the report out as the Comisión publishes it: the MIR's
// medio de verificación with its signatory, a cover with the index, then
// each chapter's tables and charts, and the notes. Labels wrap rather than
// being cut, a heading never ends a page, and the letterhead heads every
// page. It is laid out twice so that the index can give page numbers.
func reportPDF(r domain.Report) ([]byte, error) {
	_, pages := layoutReport(r, nil)
	pdf, _ := layoutReport(r, pages)
	return output(pdf, "report pdf")
}

// pageBottom is where content ends on a Letter page, above the footer.
const pageBottom = 279.4 - 18

func layoutReport(r domain.Report, index []int) (*fpdf.Fpdf, []int) {
	pdf, tr := newPDF(r.Title, 18)
	pdf.SetTopMargin(12 + 4.5*float64(len(r.Letterhead)))
	pdf.SetHeaderFunc(func() {
		pdf.SetY(8)
		pdf.SetFont("Helvetica", "B", 8)
		for _, line := range r.Letterhead {
			pdf.CellFormat(0, 4.5, tr(line), "", 1, "C", false, 0, "")
		}
		pdf.Line(10, pdf.GetY()+1, 206, pdf.GetY()+1)
		pdf.SetY(pdf.GetY() + 4)
	})
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont("Helvetica", "I", 7)
		pdf.CellFormat(0, 5, tr(fmt.Sprintf("SINTRA Quintana Roo — generado %s — versión de datos %d — %s — página %d",
			r.GeneratedAt.In(clock.Zone).Format("02/01/2006 15:04"), r.DataVersion, r.Protection, pdf.PageNo())), "", 0, "C", false, 0, "")
	})
	verificationSheet(pdf, tr, r)

	pdf.AddPage()
	pdf.Ln(30)
	pdf.SetFont("Helvetica", "B", 14)
	pdf.MultiCell(0, 7, tr("Comisión Interinstitucional contra los Delitos en Materia de Trata de Personas del Estado de Quintana Roo"), "", "C", false)
	pdf.Ln(6)
	pdf.SetFont("Helvetica", "B", 12)
	pdf.MultiCell(0, 6, tr(r.Title), "", "C", false)
	pdf.SetFont("Helvetica", "", 11)
	pdf.MultiCell(0, 6, tr(fmt.Sprintf("(%s: %s al %s)", r.Period.Name, longDate(r.Period.StartsOn), longDate(r.Period.EndsOn))), "", "C", false)
	pdf.Ln(16)
	pdf.SetFont("Helvetica", "B", 11)
	pdf.CellFormat(0, 6, tr("Índice"), "", 1, "L", false, 0, "")
	pdf.SetFont("Helvetica", "", 10)
	present := make([]bool, len(chapters))
	for _, t := range r.Tables {
		present[chapterOf(t)] = true
	}
	n := 0
	for i, c := range chapters {
		if !present[i] {
			continue
		}
		n++
		page := ""
		if index != nil {
			page = fmt.Sprint(index[i])
		}
		pdf.CellFormat(170, 6, tr(fmt.Sprintf("Capítulo %d. %s", n, c.title)), "", 0, "L", false, 0, "")
		pdf.CellFormat(0, 6, page, "", 1, "R", false, 0, "")
	}
	pdf.CellFormat(170, 6, tr("Indicador y notas"), "", 0, "L", false, 0, "")
	if index != nil {
		pdf.CellFormat(0, 6, fmt.Sprint(index[len(chapters)]), "", 1, "R", false, 0, "")
	} else {
		pdf.Ln(6)
	}

	pages := make([]int, len(chapters)+1)
	n = 0
	for i, c := range chapters {
		if !present[i] {
			continue
		}
		n++
		pdf.AddPage()
		pages[i] = pdf.PageNo()
		pdf.SetFont("Helvetica", "B", 13)
		pdf.MultiCell(0, 7, tr(fmt.Sprintf("Capítulo %d. %s", n, c.title)), "", "L", false)
		for _, t := range r.Tables {
			if chapterOf(t) != i {
				continue
			}
			pdfTable(pdf, tr, t)
			if t.ID == "resumen" {
				pdfBars(pdf, tr, "Personas alcanzadas por tipo de acción", t, 1)
			}
		}
	}
	pdf.AddPage()
	pages[len(chapters)] = pdf.PageNo()
	pdf.SetFont("Helvetica", "B", 11)
	pdf.MultiCell(0, 6, tr("Indicador C01A03I3 — Promedio de informes realizados"), "", "L", false)
	pdf.SetFont("Helvetica", "", 9)
	pdf.MultiCell(0, 5, tr(fmt.Sprintf("Informes realizados / temas atendidos = %s; %d de %d programados (%.0f %%).",
		r.MIR.Promedio, r.MIR.Realizados, r.MIR.Programados, r.MIR.Avance)), "", "L", false)
	pdf.Ln(3)
	pdf.SetFont("Helvetica", "B", 11)
	pdf.MultiCell(0, 6, tr("Notas"), "", "L", false)
	pdf.SetFont("Helvetica", "", 8)
	for _, n := range r.Notes {
		pdf.MultiCell(0, 4, tr("• "+n), "", "L", false)
	}
	return pdf, pages
}

// longDate writes a day as the Comisión's documents do: 15 de marzo de 2024.
func longDate(t time.Time) string {
	return fmt.Sprintf("%d de %s de %d", t.Day(), clock.MonthName(t.Month()), t.Year())
}

// verificationSheet is the MIR's "medio de verificación": what the
// indicator measures, its figures in the period, and who signs.
func verificationSheet(pdf *fpdf.Fpdf, tr func(string) string, r domain.Report) {
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 12)
	pdf.CellFormat(0, 7, tr("MEDIO DE VERIFICACIÓN"), "", 1, "C", false, 0, "")
	pdf.Ln(2)
	const programa = "Programa para la Prevención, Combate y Sanción de los Delitos en Materia de Trata de Personas del Estado de Quintana Roo"
	for _, f := range [][2]string{
		{"Nombre del medio de verificación", "Reportes trimestrales de los informes realizados de las actividades del " + programa + "."},
		{"Clave y nombre de la dependencia", "2111104104 - Secretaría de Gobierno"},
		{"Programa presupuestario", "P003 - Protección a los Derechos Humanos"},
		{"Resumen narrativo (actividad)", "F.P.C01.A03 - Implementación del " + programa + "."},
		{"Indicador", "C01A03I3 - Promedio de informes realizados de las actividades del " + programa + "."},
		{"Método de cálculo", "Informes realizados de las actividades del programa / temas atendidos en el programa."},
		{"Periodo reportado", fmt.Sprintf("%s (%s al %s)", r.Period.Name, longDate(r.Period.StartsOn), longDate(r.Period.EndsOn))},
		{"Numerador", fmt.Sprintf("(%d) Informes realizados de las actividades del programa.", r.MIR.Realizados)},
		{"Denominador", fmt.Sprintf("(%d) Temas atendidos en el programa.", r.MIR.Temas)},
		{"Descripción de los resultados", fmt.Sprintf("En el periodo se realizaron %d de %d informes programados, lo que representa el %.0f %%.",
			r.MIR.Realizados, r.MIR.Programados, r.MIR.Avance)},
	} {
		labelRow(pdf, tr, f[0], f[1])
	}
	pdf.Ln(24)
	s := r.Signatory
	pdf.Line(68, pdf.GetY(), 148, pdf.GetY())
	pdf.Ln(2)
	pdf.SetFont("Helvetica", "B", 9)
	for _, line := range []string{s.Name, s.Title, s.Unit} {
		if line != "" {
			pdf.MultiCell(0, 4.5, tr(line), "", "C", false)
		}
	}
}

// labelRow writes a label and its value side by side, the value wrapped.
func labelRow(pdf *fpdf.Fpdf, tr func(string) string, label, value string) {
	const labelW, valueW, line = 60.0, 136.0, 4.5
	pdf.SetFont("Helvetica", "", 9)
	lines := max(len(pdf.SplitLines([]byte(tr(value)), valueW-2)), len(pdf.SplitLines([]byte(tr(label)), labelW-2)))
	keepTogether(pdf, float64(lines)*line)
	x, y := pdf.GetXY()
	pdf.SetFont("Helvetica", "B", 9)
	pdf.MultiCell(labelW, line, tr(label), "", "L", false)
	pdf.SetXY(x+labelW, y)
	pdf.SetFont("Helvetica", "", 9)
	pdf.MultiCell(valueW, line, tr(value), "", "L", false)
	pdf.SetXY(x, y+float64(lines)*line+1.5)
}

// keepTogether starts a new page unless height fits on this one.
func keepTogether(pdf *fpdf.Fpdf, height float64) {
	if pdf.GetY()+height > pageBottom {
		pdf.AddPage()
	}
}

// pdfTable lays out one table: a label column that wraps and a column per
// figure; the title stays with the header and first row, and a table that
// runs on repeats its header on the next page.
func pdfTable(pdf *fpdf.Fpdf, tr func(string) string, t domain.Table) {
	const width, line = 196.0, 4.0
	labelW := width * 0.5
	if len(t.Columns) > 4 {
		labelW = width * 0.3
	}
	colW := (width - labelW) / float64(max(1, len(t.Columns)))
	pdf.SetFont("Helvetica", "B", 7)
	headLines := 1
	for _, c := range t.Columns {
		headLines = max(headLines, len(pdf.SplitLines([]byte(tr(c)), colW-2)))
	}
	headH := float64(headLines) * line
	pdf.SetFont("Helvetica", "", 7)
	rowH := func(rw domain.Row) float64 {
		return float64(max(1, len(pdf.SplitLines([]byte(tr(rw.Label)), labelW-2)))) * line
	}
	first := line
	if len(t.Rows) > 0 {
		first = rowH(t.Rows[0])
	}
	pdf.Ln(4)
	pdf.SetFont("Helvetica", "B", 10)
	titleH := float64(len(pdf.SplitLines([]byte(tr(t.Title)), width))) * 5
	keepTogether(pdf, titleH+headH+first)
	pdf.MultiCell(0, 5, tr(t.Title), "", "L", false)
	head := func() {
		pdf.SetFont("Helvetica", "B", 7)
		x, y := pdf.GetXY()
		pdf.Rect(x, y, labelW, headH, "D")
		for i, c := range t.Columns {
			cx := x + labelW + float64(i)*colW
			pdf.Rect(cx, y, colW, headH, "D")
			pdf.SetXY(cx, y)
			pdf.MultiCell(colW, line, tr(c), "", "C", false)
		}
		pdf.SetXY(x, y+headH)
	}
	head()
	pdf.SetFont("Helvetica", "", 7)
	for _, rw := range t.Rows {
		h := rowH(rw)
		if pdf.GetY()+h > pageBottom {
			pdf.AddPage()
			head()
			pdf.SetFont("Helvetica", "", 7)
		}
		x, y := pdf.GetXY()
		pdf.Rect(x, y, labelW, h, "D")
		pdf.MultiCell(labelW, line, tr(rw.Label), "", "L", false)
		for i, c := range rw.Cells {
			pdf.SetXY(x+labelW+float64(i)*colW, y)
			pdf.CellFormat(colW, h, t.Text(i, c), "1", 0, "R", false, 0, "")
		}
		pdf.SetXY(x, y+h)
	}
	if t.Note != "" {
		pdf.SetFont("Helvetica", "I", 7)
		pdf.MultiCell(0, 4, tr(t.Note), "", "L", false)
	}
}

// chartLabel shortens a summary row's label to what names its bar: the
// kind of action, without the list of examples after a colon.
func chartLabel(label string) string {
	if i := strings.Index(label, ":"); i > 0 {
		label = label[:i]
	}
	return label
}

// pdfBars draws a horizontal bar chart of one column of a table; a
// hidden figure is drawn as no bar, with its mark.
func pdfBars(pdf *fpdf.Fpdf, tr func(string) string, title string, t domain.Table, col int) {
	const labelW, barW, barH = 70.0, 110.0, 5.0
	peak := 1
	for _, rw := range t.Rows {
		if col < len(rw.Cells) && rw.Cells[col].Mark == "" {
			peak = max(peak, rw.Cells[col].Value)
		}
	}
	pdf.Ln(4)
	keepTogether(pdf, 8+float64(len(t.Rows))*(barH+1))
	pdf.SetFont("Helvetica", "B", 9)
	pdf.MultiCell(0, 5, tr(title), "", "L", false)
	pdf.SetFont("Helvetica", "", 7)
	for _, rw := range t.Rows {
		if col >= len(rw.Cells) {
			continue
		}
		// The label wraps in its column rather than running off the page.
		label := tr(chartLabel(rw.Label))
		h := max(barH, float64(len(pdf.SplitLines([]byte(label), labelW-2)))*3.5)
		keepTogether(pdf, h+1)
		x, y := pdf.GetXY()
		pdf.MultiCell(labelW, 3.5, label, "", "R", false)
		c := rw.Cells[col]
		w := 0.0
		if c.Mark == "" {
			w = barW * float64(c.Value) / float64(peak)
			pdf.SetFillColor(47, 84, 150)
			pdf.Rect(x+labelW+2, y+0.5, w, barH-1, "F")
		}
		pdf.SetXY(x+labelW+4+w, y)
		pdf.CellFormat(20, barH, c.String(), "", 0, "L", false, 0, "")
		pdf.SetXY(x, y+h+1)
	}
}
