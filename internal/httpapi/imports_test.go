package httpapi_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"sintra/internal/clock"
	"sintra/internal/domain"
	"sintra/internal/testapp"
)

// The legacy workbook's headers, as the template has them.
var (
	victimHeader = []any{"clave_victima", "clave_caso", "municipio", "fecha_identificacion", "nombres", "primer_apellido",
		"segundo_apellido", "curp", "fecha_nacimiento", "sexo", "edad", "nacionalidad", "estado_civil", "menor_de_edad", "telefono", "notas"}
	casoHeader    = []any{"clave_caso", "municipio_caso", "fecha_hechos", "fecha_denuncia", "modalidades", "tipo_lugar", "pais_origen"}
	serviceHeader = []any{"clave_victima", "tipo_servicio", "fecha_servicio", "cantidad", "notas_servicio"}
)

// importClock is the day the imports run: every legacy date is before it.
var importClock = testapp.WithClock(clock.Fixed(time.Date(2025, 1, 20, 15, 0, 0, 0, time.UTC)))

// importer is a server on the imports' day with a caseworker of
// institution signed in, holding capturista in each municipio given.
func importer(t *testing.T, institution string, municipios ...string) (*env, string) {
	t.Helper()
	e := newEnv(t, importClock)
	var roles []domain.Assignment
	for _, m := range municipios {
		roles = append(roles, role("capturista", m))
	}
	e.addUser(t, "capturista", institution, roles...)
	return e, e.login(t, "capturista", testPassword).AccessToken
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// legacyBook writes a workbook with a sheet for each name given, in order:
// its header, then its rows.
func legacyBook(t *testing.T, sheets ...sheetRows) []byte {
	t.Helper()
	f := excelize.NewFile()
	for i, sh := range sheets {
		if i == 0 {
			f.SetSheetName("Sheet1", sh.name)
		} else {
			f.NewSheet(sh.name)
		}
		f.SetSheetRow(sh.name, "A1", &sh.header)
		for r, row := range sh.rows {
			f.SetSheetRow(sh.name, fmt.Sprintf("A%d", r+2), &row)
		}
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

type sheetRows struct {
	name   string
	header []any
	rows   [][]any
}

// legacy is a spreadsheet an institution kept before SINTRA: 400 víctimas
// (the first 300 in 150 casos, two each), 450 services (the first 50
// víctimas got two), every date in 2024, catalogs named by name or code.
type legacy struct {
	victims, casos, services [][]any
	// women, men, units by service type code, as the file has them.
	women, men int
	units      map[string]int
}

func legacyRecords(t *testing.T) legacy {
	t.Helper()
	l := legacy{units: map[string]int{}}
	for i := range 150 {
		l.casos = append(l.casos, []any{fmt.Sprintf("EXP-%03d", i), []string{"Benito Juárez", "23005"}[i%2], day(2023, 12, 1+i%28),
			day(2024, 1, 1+i%28), []string{"explotacion_sexual", "Trabajos o servicios forzados; Mendicidad forzosa"}[i%2],
			"", []string{"", "MX", "Guatemala"}[i%3]})
	}
	for i := range 400 {
		identified := day(2024, time.Month(1+i%6), 1+i%28)
		sex := "mujer"
		if i%4 == 3 {
			sex, l.men = "Hombre", l.men+1
		} else {
			l.women++
		}
		caso, curp := "", ""
		if i < 300 {
			caso = fmt.Sprintf("EXP-%03d", i/2)
		}
		if i%2 == 0 {
			curp = curpEnding(t, fmt.Sprintf("LEGA%02d%02d%02dMQRLGC%c", 80+i%20, 1+i%12, 1+i%28, 'A'+rune(i/240)))
		}
		l.victims = append(l.victims, []any{fmt.Sprintf("V-%04d", i), caso, []string{"23005", "Solidaridad"}[i%2], identified,
			fmt.Sprintf("Legada%04d", i), "Históricas", "", curp, day(1980+i%20, time.Month(1+i%12), 1+i%28), sex, 18 + i%30,
			[]string{"México", "GT", ""}[i%3], []string{"", "soltera", "Unión libre"}[i%3], "no", "", ""})
	}
	types := []struct{ name, code string }{{"Alimentos", "alimentos"}, {"asesoria_juridica", "asesoria_juridica"},
		{"Atención psicológica", "atencion_psicologica"}, {"alojamiento", "alojamiento"}, {"Traslado", "traslado"}}
	for i := range 450 {
		v := i % 400
		quantity := 1 + i%7
		typ := types[i%len(types)]
		l.units[typ.code] += quantity
		l.services = append(l.services, []any{fmt.Sprintf("V-%04d", v), typ.name, day(2024, time.Month(7+i%5), 1+i%28), quantity, ""})
	}
	return l
}

func (l legacy) book(t *testing.T) []byte {
	return legacyBook(t, sheetRows{"Víctimas", victimHeader, l.victims}, sheetRows{"Casos", casoHeader, l.casos},
		sheetRows{"Servicios", serviceHeader, l.services})
}

// importAnswer is the answer of an import.
type importAnswer struct {
	ImportID        string `json:"import_id"`
	Victims         int    `json:"victims"`
	Casos           int    `json:"casos"`
	Services        int    `json:"services"`
	AlreadyImported bool   `json:"already_imported"`
	RowErrors       []struct {
		Sheet, Column, Message string
		Row                    int
	} `json:"row_errors"`
}

func (e *env) count(t *testing.T, sql string) int {
	t.Helper()
	var n int
	if err := e.Owner(t).QueryRow(context.Background(), sql).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportVictimas_ALegacyWorkbookOf1000RecordsImportsInOneCallAndCountsInTheReports(t *testing.T) {
	t.Parallel()
	e, tk := importer(t, "CEAVEQROO", "23005", "23008")
	l := legacyRecords(t)
	file := l.book(t)

	res := e.do(t, "POST", "/api/v1/victimas/importacion", tk, file)
	var got importAnswer
	res.json(t, &got)
	if res.status != 200 || got.Victims != 400 || got.Casos != 150 || got.Services != 450 || got.AlreadyImported {
		t.Fatalf("import: %d %s", res.status, res.body)
	}
	for what, want := range map[string]int{
		"SELECT count(*) FROM victims WHERE institution_code = 'CEAVEQROO'":                            400,
		"SELECT count(*) FROM victims WHERE curp_bidx IS NOT NULL":                                     200,
		"SELECT count(*) FROM victims WHERE name_dob_bidx IS NOT NULL AND given_names_enc IS NOT NULL": 400,
		"SELECT count(*) FROM victims WHERE folio LIKE 'QROO-2025-%'":                                  400,
		"SELECT count(*) FROM casos WHERE folio LIKE 'EXP-QROO-2025-%'":                                150,
		"SELECT count(*) FROM caso_victims":                                                            300,
		"SELECT count(*) FROM services":                                                                450,
		"SELECT count(*) FROM services WHERE institution_code = 'CEAVEQROO'":                           450,
		"SELECT count(*) FROM caso_modalidades":                                                        225,
		"SELECT count(*) FROM victim_imports":                                                          1,
	} {
		if n := e.count(t, what); n != want {
			t.Errorf("%s: %d, want %d", what, n, want)
		}
	}
	// Personal data rests sealed: no name of the file is in the database in clear.
	if n := e.count(t, "SELECT count(*) FROM victims WHERE position('Legada' in encode(given_names_enc, 'escape')) > 0"); n != 0 {
		t.Errorf("%d names stored in clear", n)
	}
	// Each record was audited as the API audits it, and the import once in each municipio.
	for action, want := range map[string]int{"victima.registrar": 400, "caso.abrir": 150, "servicio.registrar": 450, "victima.importar": 2} {
		if events := e.trail(t, action); len(events) != want {
			t.Errorf("%d %s events, want %d", len(events), action, want)
		}
	}
	if ev := e.trail(t, "victima.importar"); len(ev) > 0 && (ev[0].RecordID != got.ImportID || ev[0].Detail != "400 víctimas, 150 expedientes, 450 servicios") {
		t.Errorf("import event: %+v", ev[0])
	}

	// The lists and the report count them.
	var victimList struct{ Total int }
	e.do(t, "GET", "/api/v1/victimas?limit=1", tk, nil).json(t, &victimList)
	var serviceList struct{ Total, Units, Victims int }
	e.do(t, "GET", "/api/v1/servicios?desde=2024-01-01&hasta=2024-12-31&limit=1", tk, nil).json(t, &serviceList)
	wantUnits := 0
	for _, u := range l.units {
		wantUnits += u
	}
	if victimList.Total != 400 || serviceList.Total != 450 || serviceList.Units != wantUnits || serviceList.Victims != 400 {
		t.Errorf("lists: %d víctimas; %+v services, want 400 and 450 / %d / 400", victimList.Total, serviceList, wantUnits)
	}
	report := e.legacyReport(t)
	if got := report.cell(t, "victimas_sexo", "mujer"); got != l.women {
		t.Errorf("report: %d women attended, want %d", got, l.women)
	}
	if got := report.cell(t, "victimas_sexo", "hombre"); got != l.men {
		t.Errorf("report: %d men attended, want %d", got, l.men)
	}
	for code, units := range l.units {
		if got := report.cell(t, "servicios", code); got != units {
			t.Errorf("report: %d units of %s, want %d", got, code, units)
		}
	}

	// The same file again changes nothing and says so.
	again := e.do(t, "POST", "/api/v1/victimas/importacion", tk, file)
	var second importAnswer
	again.json(t, &second)
	if again.status != 200 || !second.AlreadyImported || second.ImportID != got.ImportID || second.Victims != 400 {
		t.Fatalf("again: %d %s", again.status, again.body)
	}
	if n := e.count(t, "SELECT count(*) FROM victims"); n != 400 {
		t.Errorf("%d víctimas after importing the file twice", n)
	}
	if n := e.count(t, "SELECT count(*) FROM services"); n != 450 {
		t.Errorf("%d services after importing the file twice", n)
	}
}

// reportTables is a report's tables, by id, their rows by key.
type reportTables map[string]map[string]int

func (r reportTables) cell(t *testing.T, table, row string) int {
	t.Helper()
	rows, ok := r[table]
	if !ok {
		t.Fatalf("the report has no table %s", table)
	}
	return rows[row]
}

// legacyReport is the exact report, as the Secretaría Técnica reads it, of
// a period spanning 2024.
func (e *env) legacyReport(t *testing.T) reportTables {
	t.Helper()
	e.addUser(t, "secretaria", "SEGOB", role("secretaria_tecnica", "*"))
	st := e.login(t, "secretaria", testPassword).AccessToken
	if res := e.do(t, "POST", "/api/v1/periodos", st, map[string]string{"name": "Legado 2024", "kind": "personalizado",
		"starts_on": "2024-01-01", "ends_on": "2024-12-31"}); res.status != 201 {
		t.Fatalf("period: %d %s", res.status, res.body)
	}
	res := e.do(t, "GET", "/api/v1/reportes/trimestral?periodo=Legado%202024", st, nil)
	var report struct {
		Tables []struct {
			ID   string
			Rows []struct {
				Key   string
				Cells []any
			}
		}
	}
	res.json(t, &report)
	out := reportTables{}
	for _, tb := range report.Tables {
		out[tb.ID] = map[string]int{}
		for _, r := range tb.Rows {
			if n, ok := firstCell(r.Cells); ok {
				out[tb.ID][r.Key] = n
			}
		}
	}
	return out
}

// firstCell is the count in a row's first cell, unless a mark stands there.
func firstCell(cells []any) (int, bool) {
	if len(cells) == 0 {
		return 0, false
	}
	n, ok := cells[0].(float64)
	return int(n), ok
}

func TestVictimasTemplate_HasTheSheetsTheirHeadersAndDatesAsDates(t *testing.T) {
	t.Parallel()
	e, tk := importer(t, "CEAVEQROO", "23005")
	res := e.do(t, "GET", "/api/v1/victimas/plantilla", tk, nil)
	if res.status != 200 {
		t.Fatalf("template: %d %s", res.status, res.body)
	}
	f, err := excelize.OpenReader(bytes.NewReader(res.body))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(f.GetSheetList(), ","); got != "Instrucciones,Víctimas,Casos,Servicios,Catálogos" {
		t.Errorf("sheets: %s", got)
	}
	header, _ := f.GetRows("Víctimas")
	if len(header) == 0 || header[0][0] != "clave_victima" || header[0][3] != "fecha_identificacion" {
		t.Fatalf("víctimas header: %v", header)
	}
	// A date typed in a date column is shown as a date.
	f.SetCellValue("Víctimas", "D2", day(2024, 3, 1))
	if shown, _ := f.GetCellValue("Víctimas", "D2"); shown != "01/03/2024" {
		t.Errorf("a date in fecha_identificacion shows as %q", shown)
	}
	codes, _ := f.GetRows("Catálogos")
	var names []string
	for _, r := range codes {
		if len(r) > 1 {
			names = append(names, r[1])
		}
	}
	if joined := strings.Join(names, "|"); !strings.Contains(joined, "Benito Juárez") || !strings.Contains(joined, "Asesoría jurídica") {
		t.Errorf("the catalogs sheet lacks names: %s", joined)
	}
	// The template filled in as it is imports.
	f.SetSheetRow("Víctimas", "A2", &[]any{"V-1", "", "Benito Juárez", day(2024, 3, 1), "Clandestina"})
	f.SetCellValue("Víctimas", "K2", "mujer")
	var filled bytes.Buffer
	f.Write(&filled)
	if res := e.do(t, "POST", "/api/v1/victimas/importacion", tk, filled.Bytes()); res.status != 200 {
		t.Errorf("the filled template: %d %s", res.status, res.body)
	}
}
