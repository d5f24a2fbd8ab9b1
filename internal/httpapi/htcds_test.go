package httpapi_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"
)

// The Secretaría Técnica downloads the year's anonymized microdata as JSON
// and CSV; both answer as the contract says with their digest, k is not
// hers to choose, a year not ended is refused, an analyst is not let in,
// and each export is audited.
func TestHTCDSExport_TheSecretariaTecnicaDownloadsTheYearAsJSONAndCSV(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "ceav", "CEAVEQROO", role("capturista", "23005"))
	e.addUser(t, "secretaria", "SEGOB", role("secretaria_tecnica", "23"))
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
			K       int
			Entidad string
		}
		Columns []string
		Rows    [][]string
	}
	res.json(t, &export)
	firstJSON := string(res.body)
	if res.status != 200 || export.Metadata.K != 10 || export.Metadata.Entidad != "23" || len(export.Rows) != 11 || export.Columns[2] != "gender" {
		t.Fatalf("JSON export: %d %s", res.status, res.body)
	}
	assertDigest(t, res.header.Get("ETag"), res.header.Get("Repr-Digest"), res.body)
	if strings.Contains(string(res.body), "Tun") || strings.Contains(string(res.body), "Karla") {
		t.Errorf("the export holds a name: %s", res.body)
	}
	res = e.do(t, "GET", "/api/v1/exportaciones/htcds?anio=2024&formato=csv", st, nil)
	if res.status != 200 || !strings.HasPrefix(res.header.Get("Content-Type"), "text/csv") ||
		res.header.Get("Content-Disposition") != `attachment; filename="htcds-23-2024.csv"` {
		t.Fatalf("CSV export: %d %v", res.status, res.header)
	}
	assertDigest(t, res.header.Get("ETag"), res.header.Get("Repr-Digest"), res.body)
	if body := string(res.body); !strings.Contains(body, "\n#,k,10\n") ||
		!strings.Contains(body, "\nyearOfRegistration,Datasource,gender,ageBroad,") || strings.Count(body, "\n2024,Case Management,Female,21--23,") != 11 {
		t.Errorf("CSV export:\n%s", body)
	}
	again := e.do(t, "GET", "/api/v1/exportaciones/htcds?anio=2024&formato=csv", st, nil)
	if again.status != 200 || string(again.body) != string(res.body) || again.header.Get("ETag") != res.header.Get("ETag") {
		t.Errorf("a second download: %d, ETag %s, want the same bytes as the first", again.status, again.header.Get("ETag"))
	}
	// k is no parameter: one asked for changes nothing.
	if res := e.do(t, "GET", "/api/v1/exportaciones/htcds?anio=2024&k=30", st, nil); res.status != 200 || string(res.body) != firstJSON {
		t.Errorf("a k of the caller's: %d %s, want the file released with the public k", res.status, res.body)
	}
	if res := e.do(t, "GET", "/api/v1/exportaciones/htcds?anio=2099", st, nil); res.status != 409 || !strings.Contains(string(res.body), "aún no termina") {
		t.Errorf("a year not ended: %d %s, want 409", res.status, res.body)
	}
	if res := e.do(t, "GET", "/api/v1/exportaciones/htcds?anio=2024", e.login(t, "analista", testPassword).AccessToken, nil); res.status != 403 {
		t.Errorf("an analyst: %d, want 403", res.status)
	}
	events := e.trail(t, "htcds.exportar")
	if len(events) != 4 || events[0].Username != "secretaria" || events[0].RecordID != "23-2024" ||
		events[0].Detail != "año 2024, entidad 23, k 10, json, primera publicación" ||
		!strings.HasPrefix(events[2].Detail, "año 2024, entidad 23, k 10, csv, publicada el ") {
		t.Errorf("audit events: %+v", events)
	}
}

// assertDigest checks a response's ETag and Repr-Digest are the SHA-256
// of its bytes.
func assertDigest(t *testing.T, etag, digest string, body []byte) {
	t.Helper()
	sum := sha256.Sum256(body)
	if etag != `"`+hex.EncodeToString(sum[:])+`"` || digest != "sha-256=:"+base64.StdEncoding.EncodeToString(sum[:])+":" {
		t.Errorf("ETag %s and Repr-Digest %s are not the SHA-256 of the body", etag, digest)
	}
}
