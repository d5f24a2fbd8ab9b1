package httpapi_test

import (
	"strings"
	"testing"
)

// The Secretaría Técnica downloads the year's anonymized microdata as JSON
// and CSV; both answer as the contract says, a k under the public one is
// refused, an analyst is not let in, and each export is audited.
func TestHTCDSExport_TheSecretariaTecnicaDownloadsTheYearAsJSONAndCSV(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "ceav", "CEAVEQROO", role("capturista", "23005"))
	e.addUser(t, "secretaria", "SEGOB", role("secretaria_tecnica", "*"))
	e.addUser(t, "analista", "SEGOB", role("analista", "*"))
	ceav := e.login(t, "ceav", testPassword).AccessToken
	for _, name := range []string{"Ana", "Bea", "Carla", "Dora", "Elsa", "Fany", "Gaby", "Hilda", "Inés", "Juana", "Karla"} {
		if res := e.do(t, "POST", "/api/v1/victimas", ceav, map[string]any{"municipio": "23005",
			"attributes": map[string]any{"sex": "mujer", "age": 23, "nationality": "MX", "identified_on": "2024-03-07"},
			"personal":   map[string]any{"given_names": name, "first_surname": "Tun"}}); res.status != 201 {
			t.Fatalf("register %s: %d %s", name, res.status, res.body)
		}
	}
	st := e.login(t, "secretaria", testPassword).AccessToken
	res := e.do(t, "GET", "/api/v1/exportaciones/htcds?anio=2024", st, nil)
	var export struct {
		Metadata struct {
			K, Records, Rows int
		}
		Columns []string
		Rows    [][]string
	}
	res.json(t, &export)
	if res.status != 200 || export.Metadata.K != 10 || export.Metadata.Records != 11 || len(export.Rows) != 11 || export.Columns[2] != "gender" {
		t.Fatalf("JSON export: %d %s", res.status, res.body)
	}
	if strings.Contains(string(res.body), "Tun") || strings.Contains(string(res.body), "Karla") {
		t.Errorf("the export holds a name: %s", res.body)
	}
	res = e.do(t, "GET", "/api/v1/exportaciones/htcds?anio=2024&formato=csv&k=11", st, nil)
	if res.status != 200 || !strings.HasPrefix(res.header.Get("Content-Type"), "text/csv") ||
		res.header.Get("Content-Disposition") != `attachment; filename="htcds-2024.csv"` {
		t.Fatalf("CSV export: %d %v", res.status, res.header)
	}
	if body := string(res.body); !strings.Contains(body, "\n#,k,11\n") ||
		!strings.Contains(body, "\nyearOfRegistration,Datasource,gender,ageBroad,") || strings.Count(body, "\n2024,Case Management,Female,21--23,") != 11 {
		t.Errorf("CSV export:\n%s", body)
	}
	if res := e.do(t, "GET", "/api/v1/exportaciones/htcds?anio=2024&k=5", st, nil); res.status != 400 || !strings.Contains(string(res.body), `"field":"k"`) {
		t.Errorf("k under the public one: %d %s", res.status, res.body)
	}
	if res := e.do(t, "GET", "/api/v1/exportaciones/htcds?anio=2024", e.login(t, "analista", testPassword).AccessToken, nil); res.status != 403 {
		t.Errorf("an analyst: %d, want 403", res.status)
	}
	events := e.trail(t, "htcds.exportar")
	if len(events) != 2 || events[0].Username != "secretaria" || events[0].RecordID != "2024" ||
		events[1].Detail != "año 2024, k 11, 11 filas, 0 registros suprimidos" {
		t.Errorf("audit events: %+v", events)
	}
}
