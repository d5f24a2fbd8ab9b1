package reports_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
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
		reader := csv.NewReader(bytes.NewReader(body))
		reader.FieldsPerRecord = -1
		lines, err := reader.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		cells := map[string]string{}
		colIndex := map[string]int{}
		for _, l := range lines {
			if len(l) == 5 && l[0] != "#" {
				k := l[0] + "|" + l[1]
				cells[fmt.Sprintf("%s|%d", k, colIndex[k])] = l[4]
				colIndex[k]++
			}
		}
		return func(table, row string, col int) (string, bool) {
			v, ok := cells[fmt.Sprintf("%s|%s|%d", table, row, col)]
			return v, ok
		}
	case "xlsx":
		f, err := excelize.OpenReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		return func(table, row string, col int) (string, bool) {
			rows, _ := f.GetRows(table)
			for _, rw := range rows {
				if len(rw) > col+1 && rw[0] == labelOf[table+"|"+row] {
					return rw[col+1], true
				}
			}
			return "", false
		}
	}
	// PDF: the text shown, in order; a row is its label followed by its cells.
	var shown []string
	for _, m := range regexp.MustCompile(`\(((?:\\.|[^\\)])*)\)\s*Tj`).FindAllSubmatch(body, -1) {
		// PDF strings escape \, ( and ) with a backslash; the rest is cp1252.
		text := strings.NewReplacer(`\\`, `\`, `\(`, "(", `\)`, ")").Replace(string(m[1]))
		shown = append(shown, latin1(text))
	}
	return func(table, row string, col int) (string, bool) {
		label := labelOf[table+"|"+row]
		if len([]rune(label)) > 95 {
			label = string([]rune(label)[:92])
		}
		start := slices.IndexFunc(shown, func(s string) bool { return s == titleOf[table] })
		for i := start + 1; start >= 0 && i < len(shown); i++ {
			if strings.HasPrefix(shown[i], label) && i+1+col < len(shown) {
				return shown[i+1+col], true
			}
		}
		return "", false
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
