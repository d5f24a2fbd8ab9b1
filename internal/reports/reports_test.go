package reports_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"sintra/internal/render"
	"sintra/internal/reports"
)

// expected are the published figures, by table, row key and column.
var expected = map[string]map[string][]string{
	"resumen": {
		"capacitacion":        {"9", "344", "186", "158"},
		"sensibilizacion":     {"12", "1164", "653", "511"},
		"difusion_intangible": {"21", "14830", "8282", "6548"},
		"difusion_tangible":   {"4", "350", "198", "152"},
		"combate":             {"233", "2004", "1143", "861"},
		"judicializacion":     {"5", "5", "1", "4"},
		"rescatadas":          {"N/A", "32", "32", "0"},
	},
	"victimas_sexo":         {"mujer": {"19"}, "total": {"19"}},
	"victimas_nacionalidad": {"CO": {"10"}, "CU": {"1"}, "VE": {"1"}, "MX": {"4"}, "AR": {"3"}, "total": {"19"}},
	"victimas_edad":         {"18-29": {"8"}, "30-44": {"11"}},
	"servicios": {"asesoria_juridica": {"18", "18"}, "alimentos": {"78", "19"}, "alojamiento": {"60", "19"},
		"atencion_psicologica": {"19", "19"}},
	"carpetas_modalidad": {"explotacion_sexual": {"3"}, "sin_definir": {"2"}, "total": {"5"}},
	"carpetas_distrito":  {"CANCUN": {"3"}, "SOLIDARIDAD": {"1"}, "CHETUMAL": {"1"}, "total": {"5"}},
	"imputados_sexo":     {"mujer": {"1"}, "hombre": {"4"}, "total": {"5"}},
	"rescatadas_sexo":    {"mujer": {"32"}, "total": {"32"}},
}

// checkFigures compares a reading of a report, by table/row/column, with the published figures.
func checkFigures(t *testing.T, format string, got func(table, row string, col int) (string, bool)) {
	t.Helper()
	for table, rows := range expected {
		for row, values := range rows {
			for col, want := range values {
				if v, ok := got(table, row, col); !ok || v != want {
					t.Errorf("%s: %s/%s column %d = %q (found %v), want %s", format, table, row, col, v, ok, want)
				}
			}
		}
	}
}

func TestQuarterlyReport_ReturnsThePublishedFiguresInEveryFormat(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.loadSecondQuarter2024(t)
	ctx := context.Background()
	q2 := w.period(t, "2024 T2", "trimestral", "2024-03-15", "2024-06-15")
	issued, err := w.reports.Issue(ctx, w.secretaria, q2.ID)
	if err != nil {
		t.Fatal(err)
	}
	r := issued.Report
	if r.MIR.Promedio != "1/3" || r.MIR.Avance != 100 {
		t.Errorf("MIR: %+v, want 1/3 and 100 %%", r.MIR)
	}
	for format := range render.Formats {
		body, err := render.Report(r, format)
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		checkFigures(t, format, readBack(t, format, body, r))
	}
}

// readBack parses a rendered report and returns a lookup of its figures.
func readBack(t *testing.T, format string, body []byte, r reports.Report) func(table, row string, col int) (string, bool) {
	t.Helper()
	labelOf := map[string]string{} // table|key → label, to find rows in the documents that show labels only
	titleOf := map[string]string{}
	for _, tb := range r.Tables {
		titleOf[tb.ID] = tb.Title
		for _, rw := range tb.Rows {
			labelOf[tb.ID+"|"+rw.Key] = rw.Label
		}
	}
	switch format {
	case "json":
		var back reports.Report
		if err := json.Unmarshal(body, &back); err != nil {
			t.Fatal(err)
		}
		return func(table, row string, col int) (string, bool) {
			if tb := back.Table(table); tb != nil {
				c, ok := tb.Cell(row, col)
				return c.String(), ok
			}
			return "", false
		}
	case "csv":
		text, ok := bytes.CutPrefix(body, []byte("\uFEFF"))
		if !ok {
			t.Error("the CSV does not start with the byte order mark Excel needs to read UTF-8")
		}
		reader := csv.NewReader(bytes.NewReader(text))
		reader.FieldsPerRecord = -1
		lines, err := reader.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		cells := map[string]string{}
		colIndex := map[string]int{}
		for _, l := range lines {
			if len(l) == 4 && l[0] != "#" {
				k := l[0] + "|" + l[1]
				cells[fmt.Sprintf("%s|%d", k, colIndex[k])] = l[3]
				colIndex[k]++
			}
		}
		return func(table, row string, col int) (string, bool) {
			v, ok := cells[fmt.Sprintf("%s|%s|%d", titleOf[table], labelOf[table+"|"+row], col)]
			return v, ok
		}
	case "xlsx":
		f, err := excelize.OpenReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		sheetOf := map[string]string{}
		for _, sheet := range f.GetSheetList() {
			if title, _ := f.GetCellValue(sheet, "A1"); title != "" {
				sheetOf[title] = sheet
			}
			if strings.Contains(sheet, "_") {
				t.Errorf("sheet %q is named by a code", sheet)
			}
		}
		checkSheets(t, f, r)
		return func(table, row string, col int) (string, bool) {
			rows, _ := f.GetRows(sheetOf[titleOf[table]])
			for _, rw := range rows {
				if len(rw) > col+1 && rw[0] == labelOf[table+"|"+row] {
					return rw[col+1], true
				}
			}
			return "", false
		}
	}
	// PDF: the text shown, in order; a row is its label, wrapped on as many
	// lines as it needs, followed by its cells.
	pages := pdfPages(body)
	checkPages(t, pages, r)
	var shown []string
	for _, p := range pages {
		shown = append(shown, p...)
	}
	return func(table, row string, col int) (string, bool) {
		label := labelOf[table+"|"+row]
		// A title fits its line, or starts one that wraps.
		start := slices.IndexFunc(shown, func(s string) bool { return s == titleOf[table] })
		if start < 0 {
			start = slices.IndexFunc(shown, func(s string) bool { return len(s) > 40 && strings.HasPrefix(titleOf[table], s) })
		}
		for i := start + 1; start >= 0 && i < len(shown); i++ {
			if shown[i] == "" || !strings.HasPrefix(label, shown[i]) {
				continue
			}
			whole := shown[i]
			for i+1 < len(shown) && whole != label && strings.HasPrefix(label, whole+" "+shown[i+1]) {
				i++
				whole += " " + shown[i]
			}
			if whole != label {
				t.Errorf("PDF: the label %q is shown as %q", label, whole)
			}
			if i+1+col < len(shown) {
				return shown[i+1+col], true
			}
			return "", false
		}
		return "", false
	}
}

// pdfPages returns the text shown on each page of a PDF, in order.
func pdfPages(body []byte) [][]string {
	var pages [][]string
	for _, stream := range bytes.Split(body, []byte("endstream")) {
		var shown []string
		for _, m := range regexp.MustCompile(`\(((?:\\.|[^\\)])*)\)\s*Tj`).FindAllSubmatch(stream, -1) {
			// PDF strings escape \, ( and ) with a backslash; the rest is cp1252.
			text := strings.NewReplacer(`\\`, `\`, `\(`, "(", `\)`, ")").Replace(string(m[1]))
			shown = append(shown, strings.TrimSpace(latin1(text)))
		}
		if bytes.Contains(stream, []byte("stream")) && len(shown) > 0 {
			pages = append(pages, shown)
		}
	}
	return pages
}

// checkPages fails on a page with nothing but its letterhead and footer,
// a table's title at the foot of a page, a letterhead missing, or the
// signatory missing from the medio de verificación.
func checkPages(t *testing.T, pages [][]string, r reports.Report) {
	t.Helper()
	titles := map[string]bool{}
	for _, tb := range r.Tables {
		titles[tb.Title] = true
	}
	head := len(r.Letterhead)
	for n, p := range pages {
		if len(p) < head+2 {
			t.Errorf("PDF page %d is blank: %q", n+1, p)
			continue
		}
		if !slices.Equal(p[:head], r.Letterhead) {
			t.Errorf("PDF page %d starts %q, not with the letterhead %q", n+1, p[:head], r.Letterhead)
		}
		if last := p[len(p)-2]; titles[last] {
			t.Errorf("PDF page %d ends with the heading %q", n+1, last)
		}
	}
	if !slices.Contains(pages[0], r.Signatory.Title) {
		t.Errorf("PDF: the medio de verificación does not name its signatory %q", r.Signatory.Title)
	}
}

// checkSheets fails when a table's sheet has its header not bold or not
// frozen, or a count stored as text.
func checkSheets(t *testing.T, f *excelize.File, r reports.Report) {
	t.Helper()
	for _, sheet := range f.GetSheetList()[1:] {
		panes, err := f.GetPanes(sheet)
		if err != nil || !panes.Freeze || panes.YSplit != 2 {
			t.Errorf("sheet %q: the header is not frozen (%+v, %v)", sheet, panes, err)
		}
		styleID, _ := f.GetCellStyle(sheet, "B2")
		if style, err := f.GetStyle(styleID); err != nil || style.Font == nil || !style.Font.Bold {
			t.Errorf("sheet %q: the header is not bold", sheet)
		}
		rows, _ := f.GetRows(sheet)
		for i, rw := range rows[min(2, len(rows)):] {
			if len(rw) < 2 {
				continue
			}
			for j, v := range rw[1:] {
				cell, _ := excelize.CoordinatesToCellName(j+2, i+3)
				kind, _ := f.GetCellType(sheet, cell)
				if _, err := strconv.Atoi(v); err == nil && kind == excelize.CellTypeSharedString {
					t.Errorf("sheet %q: %s holds the count %s as text", sheet, cell, v)
				}
			}
		}
	}
}

// latin1 reads text the PDF wrote in cp1252 back into UTF-8.
func latin1(s string) string {
	text, err := charmap.Windows1252.NewDecoder().String(s)
	if err != nil {
		return s
	}
	return text
}

func TestIssuedReport_KeepsItsNumbersWhenRecordsChange(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	w.activity(t, "IQM", "", "capacitacion", "2024-04-10", []string{"23005"}, 3, 60, 30, 30)
	q := w.period(t, "2024 T2", "trimestral", "2024-03-15", "2024-06-15")
	issued, err := w.reports.Issue(ctx, w.secretaria, q.ID)
	if err != nil {
		t.Fatal(err)
	}
	w.activity(t, "IQM", "", "capacitacion", "2024-05-10", []string{"23005"}, 2, 40, 20, 20)
	again, err := w.reports.GetIssued(ctx, w.secretaria, issued.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := again.Report.Table("resumen").Cell("capacitacion", 1); c.Value != 60 {
		t.Errorf("issued report changed: %d people", c.Value)
	}
	now, _ := w.reports.Build(ctx, q, 0)
	if c, _ := now.Table("resumen").Cell("capacitacion", 1); c.Value != 100 {
		t.Errorf("regenerated report: %d people, want 100", c.Value)
	}
	changes, err := w.reports.Changes(ctx, w.secretaria, issued.ID)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, ch := range changes {
		if ch.Table == "resumen" && ch.Column == "Personas" && ch.Issued.Value == 60 && ch.Now.Value == 100 {
			found = true
		}
	}
	if !found {
		t.Errorf("changes do not show the capacitación people going from 60 to 100: %+v", changes)
	}
}

func TestDataVersion_ChangesOnlyWhenWhatTheReportCountsChanges(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	q := w.period(t, "2025 T1", "trimestral", "2025-01-01", "2025-03-31")
	w.activity(t, "IQM", "", "capacitacion", "2025-02-10", []string{"23005"}, 1, 30, 20, 10)
	version := func() int64 {
		r, err := w.reports.ReportFor(ctx, w.secretaria, q.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		return r.DataVersion
	}
	first := version()
	if again := version(); again != first {
		t.Errorf("viewing the report changed its data version: %d, then %d", first, again)
	}
	// An activity of another quarter is not counted here.
	w.activity(t, "IQM", "", "capacitacion", "2025-05-10", []string{"23005"}, 1, 30, 20, 10)
	if other := version(); other != first {
		t.Errorf("a record outside the period changed its data version: %d, then %d", first, other)
	}
	w.activity(t, "IQM", "", "capacitacion", "2025-03-10", []string{"23005"}, 1, 12, 6, 6)
	if counted := version(); counted == first {
		t.Errorf("an activity counted in the period left the data version at %d", first)
	}
}

func TestQuarterlyReport_ListsActivitiesByInstitutionObjectiveAndMonthAsPublished(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.loadSecondQuarter2024(t)
	ctx := context.Background()
	q2 := w.period(t, "2024 T2", "trimestral", "2024-03-15", "2024-06-15")
	for _, view := range []struct {
		who    string
		public bool
	}{{"secretaría", false}, {"público", true}} {
		r, err := w.reports.ReportFor(ctx, w.secretaria, q2.ID, view.public)
		if err != nil {
			t.Fatal(err)
		}
		total := func(table string) []string {
			tb := r.Table(table)
			if tb == nil {
				t.Fatalf("%s view: no table %s", view.who, table)
			}
			var out []string
			for c := range tb.Columns {
				cell, _ := tb.Cell("total", c)
				out = append(out, cell.String())
			}
			return out
		}
		// 2.1 to 2.3: the rows listed per institution add up to the summary.
		for table, want := range map[string][]string{
			"listado_capacitacion":        {"9", "344", "186", "158"},
			"listado_sensibilizacion":     {"12", "1164", "653", "511"},
			"listado_difusion_intangible": {"21", "14830", "8282", "6548"},
			"listado_difusion_tangible":   {"4", "350", "198", "152", "350"},
		} {
			if got := total(table); !slices.Equal(got, want) {
				t.Errorf("%s view: %s totals %v, want %v", view.who, table, got, want)
			}
		}
		listed := r.Table("listado_capacitacion")
		if len(listed.Rows) != 7 {
			t.Errorf("%s view: capacitación lists %d rows, want 6 activities and the total", view.who, len(listed.Rows))
		}
		if !slices.ContainsFunc(listed.Rows, func(rw reports.Row) bool {
			return strings.Contains(rw.Label, "Lázaro Cárdenas, ") && strings.Contains(rw.Label, "Solidaridad")
		}) {
			t.Errorf("%s view: the SE-SIPINNA taller does not name its six municipios: %v", view.who, listed.Rows)
		}
		objectives := r.Table("objetivos")
		for key, want := range map[string][]string{
			objective21: {"9", "344", "186", "158", "0"},
			objective22: {"37", "16344", "9133", "7211", "350"},
			objective6:  {"77", "1985", "1124", "861", "0"},
		} {
			var got []string
			for c := range objectives.Columns {
				cell, _ := objectives.Cell(key, c)
				got = append(got, cell.String())
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s view: objective %q = %v, want %v", view.who, key[:30], got, want)
			}
		}
		monthly := r.Table("combate_mensual")
		if want := []string{"marzo 2024", "abril 2024", "mayo 2024", "junio 2024", "Total"}; !slices.Equal(monthly.Columns, want) {
			t.Errorf("%s view: Combate by month has columns %v, want %v", view.who, monthly.Columns, want)
		}
		if got, want := total("combate_mensual"), []string{"0", "24", "43", "10", "77"}; !slices.Equal(got, want) {
			t.Errorf("%s view: Combate's actions by month %v, want %v", view.who, got, want)
		}
	}
}
