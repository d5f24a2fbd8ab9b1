package sheetimport

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"sintra/internal/domain"
)

func TestReadBook_ACSVRowIsAVictimWithHerCasoAndAService(t *testing.T) {
	csv := "\xef\xbb\xbfclave_victima;clave_caso;municipio;fecha_identificacion;sexo;municipio_caso;modalidades;tipo_servicio;fecha_servicio;cantidad\n" +
		"A;C1;23005;2024-03-02;mujer;23005;sin_definir;alimentos;2024-03-05;78\n" +
		"A;C1;;;;23005;;alojamiento;2024-03-06;3\n" +
		"B;C1;23005;2024-03-04;mujer;;;;;\n" +
		";;;;;;;;;\n"
	b, problems, err := readBook([]byte(csv))
	if err != nil || len(problems) != 0 {
		t.Fatalf("readBook: %v %+v", err, problems)
	}
	if len(b.victims) != 2 || len(b.casos) != 1 || len(b.services) != 2 || b.xlsx {
		t.Fatalf("%d víctimas, %d casos, %d services", len(b.victims), len(b.casos), len(b.services))
	}
	if s := b.services[1]; s.sheet != SheetCSV || s.row != 3 || s.cell("clave_victima") != "A" || s.cell("tipo_servicio") != "alojamiento" {
		t.Errorf("second service: %+v", s)
	}
	if c := b.casos[0]; c.row != 2 || c.cell("clave_caso") != "C1" || c.cell("sexo") != "" {
		t.Errorf("caso: %+v", c)
	}
}

func TestReadBook_ACSVRowContradictingAnEarlierOneIsNamed(t *testing.T) {
	csv := "clave_victima,municipio,fecha_identificacion,sexo,clave_caso,municipio_caso,modalidades\n" +
		"A,23005,2024-03-02,mujer,C1,23005,sin_definir\n" +
		"A,23008,,,C1,23004,\n" +
		"B,23005,2024-03-02,mujer,,23005,sin_definir\n"
	_, problems, err := readBook([]byte(csv))
	if err != nil {
		t.Fatal(err)
	}
	want := []RowError{
		{SheetCSV, 3, "municipio", "No coincide con la fila 2, que tiene la misma clave: deje la celda vacía o repita el mismo dato."},
		{SheetCSV, 3, "municipio_caso", "No coincide con la fila 2, que tiene la misma clave: deje la celda vacía o repita el mismo dato."},
		{SheetCSV, 4, "clave_caso", "La fila describe un expediente: indique su clave_caso."},
	}
	if len(problems) != len(want) {
		t.Fatalf("problems: %+v", problems)
	}
	for i := range want {
		if problems[i] != want[i] {
			t.Errorf("problem %d: %+v, want %+v", i, problems[i], want[i])
		}
	}
}

func TestTable_NamesUnknownMissingAndHeaderlessColumns(t *testing.T) {
	rows := [][]string{
		{"Clave víctima", "Fecha de nacimiento", "", "municipio", "MUNICIPIO"},
		{"A", "", "dato suelto"},
	}
	_, problems := table(SheetVictimas, victimColumns, rows)
	got := map[string]bool{}
	for _, p := range problems {
		got[p.Column+": "+p.Message] = true
	}
	for _, want := range []string{
		"B: La columna no es de la plantilla; revise su encabezado.",
		"municipio: La columna está repetida.",
		"fecha_identificacion: Falta la columna; use la plantilla.",
		"sexo: Falta la columna; use la plantilla.",
	} {
		if !got[want] {
			t.Errorf("no problem %q in %+v", want, problems)
		}
	}
	recs, problems := table(SheetVictimas, victimColumns, [][]string{
		{"clave_victima", "municipio", "fecha_identificacion", "sexo"},
		{"A", "23005", "", "", "suelto"},
		{},
		{"B", "23005\x00", "2024-01-01", "mujer"},
	})
	if len(recs) != 2 || recs[1].row != 4 {
		t.Fatalf("records: %+v", recs)
	}
	if len(problems) != 2 || problems[0] != (RowError{SheetVictimas, 2, "E", "Hay un dato en una columna sin encabezado."}) ||
		problems[1].Column != "municipio" || problems[1].Row != 4 {
		t.Errorf("problems: %+v", problems)
	}
}

func TestReadBook_AWorkbookIsReadByItsSheetsNames(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Instrucciones")
	f.SetCellValue("Instrucciones", "A1", "Lea esto")
	f.NewSheet("VICTIMAS")
	f.SetSheetRow("VICTIMAS", "A1", &[]any{"clave_victima", "municipio", "fecha_identificacion", "sexo"})
	f.SetSheetRow("VICTIMAS", "A2", &[]any{"A", "23005", time.Date(2024, 3, 2, 0, 0, 0, 0, time.UTC), "mujer"})
	f.SetSheetRow("VICTIMAS", "A4", &[]any{"B", "23005", "2024-03-04", "mujer"})
	var buf bytes.Buffer
	f.Write(&buf)
	b, problems, err := readBook(buf.Bytes())
	if err != nil || len(problems) != 0 {
		t.Fatalf("readBook: %v %+v", err, problems)
	}
	if !b.xlsx || len(b.victims) != 2 || b.victims[1].row != 4 || b.victims[0].sheet != SheetVictimas {
		t.Fatalf("víctimas: %+v", b.victims)
	}
	c := &cells{rec: b.victims[0], cols: victimColumns, xlsx: true}
	if d := c.date("fecha_identificacion"); d == nil || !d.Equal(time.Date(2024, 3, 2, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("a date cell reads %v", d)
	}
	// A workbook without the template's sheets says so.
	other := excelize.NewFile()
	buf.Reset()
	other.Write(&buf)
	if _, problems, _ := readBook(buf.Bytes()); len(problems) != 1 || !strings.Contains(problems[0].Message, "use la plantilla") {
		t.Errorf("a foreign workbook: %+v", problems)
	}
}

func TestParseDate_TakesASerialNumberOnlyFromAWorkbook(t *testing.T) {
	for _, c := range []struct {
		cell string
		xlsx bool
		want string
	}{
		{"2024-03-02", false, "2024-03-02"}, {"02/03/2024", false, "2024-03-02"}, {"2/3/2024", true, "2024-03-02"},
		{"45353", true, "2024-03-02"}, {"45353", false, ""}, {"2024", false, ""}, {"2024-02-30", true, ""}, {"0", true, ""},
	} {
		d, ok := parseDate(c.cell, c.xlsx)
		if got := map[bool]string{true: d.Format(time.DateOnly), false: ""}[ok]; got != c.want {
			t.Errorf("parseDate(%q, %v) = %q, want %q", c.cell, c.xlsx, got, c.want)
		}
	}
}

func TestCatalogOf_AcceptsCodesAndNamesButNotANameTwoEntriesShare(t *testing.T) {
	cat := catalogOf([]domain.CatalogEntry{{Code: "23005", Name: "Benito Juárez"}, {Code: "09014", Name: "Benito Juárez"},
		{Code: "23008", Name: "Solidaridad"}})
	c := &cells{rec: record{cells: map[string]string{"a": "solidaridad", "b": "BENITO JUAREZ", "c": "09014", "d": "Narnia"}}}
	if got := c.code("a", cat); got == nil || *got != "23008" {
		t.Errorf("a name: %v", got)
	}
	if got := c.code("c", cat); got == nil || *got != "09014" {
		t.Errorf("a code: %v", got)
	}
	if c.code("b", cat) != nil || c.code("d", cat) != nil || len(c.problems) != 2 ||
		!strings.Contains(c.problems[0].message, "más de una entrada") || !strings.Contains(c.problems[1].message, "No está en el catálogo") {
		t.Errorf("problems: %+v", c.problems)
	}
}

func TestLetter_NamesColumnsAsSpreadsheetsDo(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA"} {
		if got := letter(i); got != want {
			t.Errorf("letter(%d) = %s, want %s", i, got, want)
		}
	}
}

func TestReadBook_ASheetOfMoreThan5000RowsIsRefused(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", SheetServicios)
	sw, _ := f.NewStreamWriter(SheetServicios)
	sw.SetRow("A1", []any{"clave_victima", "tipo_servicio", "fecha_servicio", "cantidad"})
	for r := 2; r <= maxRows+100; r++ {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		sw.SetRow(cell, []any{"A", "alimentos", "2024-03-05", 1})
	}
	sw.Flush()
	var buf bytes.Buffer
	f.Write(&buf)
	b, problems, err := readBook(buf.Bytes())
	if err != nil || len(b.services) != 0 || len(problems) != 1 || problems[0].Row != maxRows+2 ||
		problems[0].Message != "La hoja tiene más de 5000 filas; divida el archivo." {
		t.Fatalf("readBook: %v %d services, %+v", err, len(b.services), problems)
	}
}
