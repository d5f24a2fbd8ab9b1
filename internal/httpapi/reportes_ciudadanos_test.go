package httpapi_test

import (
	"strings"
	"testing"
)

// A reporte ciudadano over HTTP: recorded with three fields, refused in
// Spanish without them, listed without its sealed texts, changed only
// from a current copy, and turned into a caso only once classified as
// posible trata.
func TestReportesCiudadanos_OverHTTP(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "receptora", "CEAVEQROO", role("capturista", "23005"))
	token := e.login(t, "receptora", testPassword).AccessToken

	missing := e.do(t, "POST", "/api/v1/reportes-ciudadanos", token, map[string]any{"municipio": "23005"})
	var problem struct {
		Title, Code string
	}
	missing.json(t, &problem)
	if missing.status != 400 || problem.Code != "invalid" || problem.Title != "Los datos enviados no son válidos." ||
		!strings.Contains(string(missing.body), `"field":"channel"`) || !strings.Contains(string(missing.body), `"field":"reporter"`) {
		t.Errorf("a reporte without channel nor reporter: %d %s", missing.status, missing.body)
	}

	created := e.do(t, "POST", "/api/v1/reportes-ciudadanos", token, map[string]any{"municipio": "23005", "channel": "linea_telefonica",
		"reporter": "anonimo", "narrative": "Relato con el nombre de Marisol", "contact": "998 000 1122"})
	var r struct {
		ID, Folio, Narrative, Status string
	}
	created.json(t, &r)
	if created.status != 201 || created.header.Get("ETag") != `"v1"` || r.Narrative != "Relato con el nombre de Marisol" {
		t.Fatalf("recording a reporte: %d %s", created.status, created.body)
	}

	list := e.do(t, "GET", "/api/v1/reportes-ciudadanos?estado=recibido", token, nil)
	if list.status != 200 || !strings.Contains(string(list.body), r.Folio) || strings.Contains(string(list.body), "Marisol") ||
		strings.Contains(string(list.body), "998") {
		t.Errorf("the list: %d %s", list.status, list.body)
	}
	if bad := e.do(t, "GET", "/api/v1/reportes-ciudadanos?mes=2025-13", token, nil); bad.status != 400 {
		t.Errorf("a month 13: %d", bad.status)
	}

	path := "/api/v1/reportes-ciudadanos/" + r.ID
	change := map[string]any{"classification": "no_es_trata"}
	if got := e.do(t, "PATCH", path, token, change); got.status != 428 {
		t.Errorf("a change without If-Match: %d", got.status)
	}
	if got := e.doWith(t, "PATCH", path, token, change, map[string]string{"If-Match": `"v9"`}); got.status != 412 {
		t.Errorf("a change from a stale copy: %d", got.status)
	}
	if got := e.doWith(t, "PATCH", path, token, change, ifMatchV1()); got.status != 200 || got.header.Get("ETag") != `"v2"` {
		t.Errorf("a change from a current copy: %d %s", got.status, got.body)
	}
	if got := e.doWith(t, "POST", path+"/caso", token, nil, map[string]string{"If-Match": `"v2"`}); got.status != 400 {
		t.Errorf("a reporte of no trata turned into a caso: %d %s", got.status, got.body)
	}
	closing := map[string]any{"status": "descartado", "closing_reason": "Conflicto vecinal, no trata."}
	if got := e.doWith(t, "PATCH", path, token, closing, map[string]string{"If-Match": `"v2"`}); got.status != 200 {
		t.Errorf("descartado: %d %s", got.status, got.body)
	}
	if got := e.doWith(t, "PATCH", path, token, change, map[string]string{"If-Match": `"v4"`}); got.status != 409 {
		t.Errorf("a change to a closed reporte: %d %s", got.status, got.body)
	}
	// Marisol asks to be forgotten: the reporte answers as erased, without
	// its narrative, contact or closing reason, and is erased once.
	erasure := map[string]any{"reason_code": "solicitud_arco"}
	if got := e.do(t, "POST", path+"/supresion", token, map[string]any{"reason_code": "por_gusto"}); got.status != 400 {
		t.Errorf("an erasure for no known reason: %d %s", got.status, got.body)
	}
	if got := e.do(t, "POST", path+"/supresion", token, erasure); got.status != 204 {
		t.Fatalf("erasure: %d %s", got.status, got.body)
	}
	read := e.do(t, "GET", path, token, nil)
	var erased struct {
		Erased             bool
		Narrative, Contact string
		ClosingReason      string `json:"closing_reason"`
		Status, Channel    string
	}
	if read.json(t, &erased); read.status != 200 || !erased.Erased || erased.Narrative != "" || erased.Contact != "" ||
		erased.ClosingReason != "" || erased.Status != "descartado" || erased.Channel != "linea_telefonica" ||
		strings.Contains(string(read.body), "Marisol") || strings.Contains(string(read.body), "Conflicto") {
		t.Errorf("the erased reporte reads: %d %s", read.status, read.body)
	}
	if got := e.do(t, "POST", path+"/supresion", token, erasure); got.status != 409 {
		t.Errorf("a second erasure: %d %s", got.status, got.body)
	}
	if strings.Contains(e.log.String(), "Marisol") || strings.Contains(e.log.String(), "998 000") {
		t.Error("the server's log holds a reporte's personal data")
	}
}
