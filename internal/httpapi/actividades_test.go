package httpapi_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"sintra/internal/actividades"
)

// The capacitación and sensibilización activities listed in the 2024
// second quarterly report, one row per activity record.
var secondQuarter2024 = [][]any{
	{"CEPSDPC", "", "capacitacion", "Plática de prevención de la trata", "2024-04-10", "23004", 2, 40, 24, 16},
	{"CEPSDPC", "", "capacitacion", "Plática de prevención de la trata", "2024-04-24", "23005", 1, 78, 33, 45},
	{"CDHEQROO", "", "capacitacion", "Plática sobre derechos de las víctimas", "2024-05-02", "23002", 1, 24, 21, 3},
	{"MUN-23004", "", "capacitacion", "Plática a personal del ayuntamiento", "2024-05-08", "23004", 1, 4, 3, 1},
	{"MUN-23004", "", "capacitacion", "Conferencia sobre trata de personas", "2024-05-15", "23004", 1, 140, 75, 65},
	{"SE-SIPINNA", "", "capacitacion", "Taller de detección de casos", "2024-05-20", "23007;23011;23005;23001;23008;23002", 3, 58, 30, 28},
	{"IQM", "", "sensibilizacion", "Pláticas de sensibilización", "2024-04-18", "23001;23002;23004;23005;23008;23009;23010", 7, 836, 478, 358},
	{"SE-SIPINNA", "", "sensibilizacion", "Taller con adolescentes", "2024-05-28", "23004", 2, 141, 78, 63},
	{"MUN-23010", "", "sensibilizacion", "Plática en escuela secundaria", "2024-04-11", "23010", 1, 150, 67, 83},
	{"MUN-23010", "", "sensibilizacion", "Taller con madres de familia", "2024-05-09", "23010", 1, 25, 22, 3},
	{"MUN-23010", "", "sensibilizacion", "Plática comunitaria", "2024-06-06", "23010", 1, 12, 8, 4},
}

func workbook(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	header := make([]any, len(actividades.Columns))
	for i, c := range actividades.Columns {
		header[i] = c
	}
	f.SetSheetRow("Sheet1", "A1", &header)
	for i, r := range rows {
		f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+2), &r)
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestImport_SecondQuarter2024TotalsComeBackExactly(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "secretaria", "SEGOB", role("secretaria_tecnica", "*"))
	st := e.login(t, "secretaria", testPassword).AccessToken

	template := e.do(t, "GET", "/api/v1/actividades/plantilla", st, nil)
	if f, err := excelize.OpenReader(bytes.NewReader(template.body)); err != nil || template.status != 200 {
		t.Fatalf("template: %d %v", template.status, err)
	} else if header, _ := f.GetRows("Actividades"); strings.Join(header[0], ",") != strings.Join(actividades.Columns, ",") {
		t.Errorf("template header: %v", header[0])
	}

	file := workbook(t, secondQuarter2024)
	res := e.do(t, "POST", "/api/v1/actividades/importacion?archivo=informe-t2.xlsx", st, file)
	if res.status != 200 || !strings.Contains(string(res.body), `"rows":11`) {
		t.Fatalf("import: %d %s", res.status, res.body)
	}
	type totals struct{ Activities, Actions, People, Women, Men int }
	read := func(kind string) totals {
		var tt totals
		e.do(t, "GET", "/api/v1/actividades?tipo="+kind+"&desde=2024-03-15&hasta=2024-06-15", st, nil).json(t, &tt)
		return tt
	}
	if got := read("capacitacion"); got.Actions != 9 || got.People != 344 || got.Women != 186 || got.Men != 158 {
		t.Errorf("capacitación: %+v, want 9 / 344 / 186 / 158", got)
	}
	if got := read("sensibilizacion"); got.Actions != 12 || got.People != 1164 || got.Women != 653 || got.Men != 511 {
		t.Errorf("sensibilización: %+v, want 12 / 1164 / 653 / 511", got)
	}

	again := e.do(t, "POST", "/api/v1/actividades/importacion", st, file)
	if again.status != 200 || !strings.Contains(string(again.body), `"already_imported":true`) {
		t.Fatalf("re-import: %d %s", again.status, again.body)
	}
	if got := read("capacitacion"); got.Actions != 9 {
		t.Errorf("re-import duplicated activities: %+v", got)
	}
}

func TestImport_OneBadRowImportsNothingAndNamesRowAndColumn(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "enlace", "SSC", role("enlace", "*"))
	tk := e.login(t, "enlace", testPassword).AccessToken
	csv := strings.Join(actividades.Columns, ";") + "\n" +
		"SSC;combate;jornada_informativa;Jornada en colonias;2024-04-14;23005;14;941;560;381;;;\n" +
		"SSC;combate;recorrido;Recorridos de proximidad;14/05/2024;23005;30;1044;564;480;;;\n" +
		"SSC;combate;recorrido;Recorrido nocturno;2024-05-32;23099;1;10;8;5;;;\n"
	res := e.do(t, "POST", "/api/v1/actividades/importacion?archivo=ssc.csv", tk, []byte(csv))
	if res.status != 400 {
		t.Fatalf("bad file: %d %s", res.status, res.body)
	}
	for _, want := range []string{`{"row":4,"column":"fecha","message":"La fecha debe tener el formato AAAA-MM-DD."}`,
		`{"row":4,"column":"municipios","message":"Un municipio no está en el catálogo."}`,
		`{"row":4,"column":"hombres","message":"Mujeres más hombres no pueden superar el total de personas."}`} {
		if !strings.Contains(string(res.body), want) {
			t.Errorf("errors lack %s: %s", want, res.body)
		}
	}
	var list struct{ Total int }
	e.do(t, "GET", "/api/v1/actividades", tk, nil).json(t, &list)
	if list.Total != 0 {
		t.Fatalf("%d activities imported from a file with a bad row", list.Total)
	}
	fixed := strings.Replace(csv, "2024-05-32;23099;1;10;8;5", "2024-05-30;23005;1;10;5;5", 1)
	if res := e.do(t, "POST", "/api/v1/actividades/importacion?archivo=ssc.csv", tk, []byte(fixed)); res.status != 200 {
		t.Fatalf("fixed file: %d %s", res.status, res.body)
	}
	e.do(t, "GET", "/api/v1/actividades", tk, nil).json(t, &list)
	if list.Total != 3 {
		t.Errorf("%d activities after the fixed import, want 3", list.Total)
	}
	// A liaison reports only for their own institution.
	other := strings.Replace(fixed, "SSC;combate;jornada", "IQM;combate;jornada", 1)
	res = e.do(t, "POST", "/api/v1/actividades/importacion", tk, []byte(other))
	if res.status != 400 || !strings.Contains(string(res.body), `"column":"institucion"`) {
		t.Errorf("another institution's rows: %d %s", res.status, res.body)
	}
}

func TestImport_ChecksEveryRule(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "secretaria", "SEGOB", role("secretaria_tecnica", "*"))
	tk := e.login(t, "secretaria", testPassword).AccessToken
	rows := [][]any{
		{"NOEXISTE", "", "capacitacion", "x", "2024-04-01", "23005", 1, 10, 5, 5},             // institution
		{"IQM", "", "no_existe", "x", "2024-04-01", "23005", 1, 10, 5, 5},                     // type
		{"IQM", "", "capacitacion", "x", "2024-04-01", "23005", 1, 10, 8, 5},                  // women + men > total
		{"IQM", "", "capacitacion", "x", "2024-04-01", "23005", 1, 10, "", ""},                // no split outside difusión
		{"IQM", "", "difusion_intangible", "Campaña", "2024-04-01", "todos", 1, 1331, "", ""}, // fine: difusión without split
		{"IQM", "", "capacitacion", "x", "2024-04-01", "", 0, 10, 5, 5},                       // municipios, actions
		{"IQM", "otro", "capacitacion", "x", "2999-01-01", "23005", 1, "diez", 5, 5},          // tema, date, number
	}
	res := e.do(t, "POST", "/api/v1/actividades/importacion", tk, workbook(t, rows))
	body := string(res.body)
	for _, want := range []string{`{"row":2,"column":"institucion","message":"La institución no está en el catálogo."}`,
		`{"row":3,"column":"tipo_accion"`, `{"row":4,"column":"hombres"`, `{"row":5,"column":"mujeres","message":"Indique mujeres y hombres`,
		`{"row":7,"column":"municipios"`, `{"row":7,"column":"numero_acciones"`, `{"row":8,"column":"tema"`, `{"row":8,"column":"fecha"`,
		`{"row":8,"column":"personas_total","message":"Debe ser un número entero."}`} {
		if !strings.Contains(body, want) {
			t.Errorf("errors lack %s", want)
		}
	}
	if strings.Contains(body, `"row":6`) {
		t.Errorf("a valid difusión row was reported: %s", body)
	}
}

func TestRegisterActividad_RefusesACountTooLargeToStoreRatherThanWrappingIt(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "enlace", "CEAVEQROO", role("enlace", "*"))
	tk := e.login(t, "enlace", testPassword).AccessToken
	activity := func(women int64) map[string]any {
		return map[string]any{"institution": "CEAVEQROO", "tema": "prevencion", "type": "capacitacion", "name": "Plática",
			"held_on": "2024-04-10", "municipios": []string{"23005"}, "actions": 1, "people_total": 10, "women": women, "men": 0}
	}
	// 2^32 would become 0 in a 32-bit column, and 0 ≤ 10 would pass.
	res := e.do(t, "POST", "/api/v1/actividades", tk, activity(1<<32))
	if res.status != 400 || !strings.Contains(string(res.body), "women") {
		t.Fatalf("women = 2^32: %d %s", res.status, res.body)
	}
	if res := e.do(t, "POST", "/api/v1/actividades", tk, activity(10)); res.status != 201 {
		t.Fatalf("women = 10: %d %s", res.status, res.body)
	}
	var list struct{ Total, Women int }
	e.do(t, "GET", "/api/v1/actividades", tk, nil).json(t, &list)
	if list.Total != 1 || list.Women != 10 {
		t.Errorf("%d activities with %d women stored, want only the valid one", list.Total, list.Women)
	}
}
