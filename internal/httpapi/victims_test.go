package httpapi_test

import (
	"net/url"
	"strings"
	"testing"
)

func TestVictimsAPI_RegisterReadUpdateWithReasonsAndETags(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "ana", "CEAVEQROO", role("capturista", "23005"))
	e.addUser(t, "auditora", "SEGOB", role("auditor", "*"))
	tk := e.login(t, "ana", testPassword).AccessToken
	body := map[string]any{
		"municipio":  "23005",
		"attributes": map[string]any{"sex": "mujer", "age": 24, "nationality": "VE", "denuncia_filed": true, "identified_on": "2024-04-01"},
		"personal":   map[string]any{"given_names": "Yolanda Marcadorapi", "first_surname": "Ñañez", "phone": "998 100 2000"},
		"consents":   []map[string]any{{"kind": "compartir_instituciones", "granted": true, "given_on": "2024-04-02"}},
	}
	res := e.do(t, "POST", "/api/v1/victimas", tk, body)
	if res.status != 201 || res.header.Get("ETag") != `"v1"` {
		t.Fatalf("register: %d %s", res.status, res.body)
	}
	var created struct {
		ID    string `json:"id"`
		Folio string `json:"folio"`
	}
	res.json(t, &created)
	path := "/api/v1/victimas/" + created.ID

	// Reading personal data needs a stated reason.
	if res := e.do(t, "GET", path, tk, nil); res.status != 400 || !strings.Contains(string(res.body), "X-Motivo-Consulta") {
		t.Errorf("read without a reason: %d %s", res.status, res.body)
	}
	detail := url.PathEscape("revisión de expediente por solicitud de la fiscalía")
	res = e.doWith(t, "GET", path, tk, nil, map[string]string{"X-Motivo-Consulta": "otro", "X-Motivo-Detalle": detail})
	if res.status != 200 || !strings.Contains(string(res.body), `"given_names":"Yolanda Marcadorapi"`) ||
		!strings.Contains(string(res.body), `"first_surname":"Ñañez"`) || res.header.Get("Cache-Control") != "no-store" {
		t.Fatalf("read: %d %s", res.status, res.body)
	}

	update := map[string]any{"attributes": map[string]any{"sex": "mujer", "age": 25}, "personal": map[string]any{"given_names": "Yolanda"}}
	if res := e.do(t, "PUT", path, tk, update); res.status != 428 {
		t.Errorf("update without If-Match: %d", res.status)
	}
	if res := e.doWith(t, "PUT", path, tk, update, map[string]string{"If-Match": `"v1"`}); res.status != 200 || res.header.Get("ETag") != `"v2"` {
		t.Fatalf("update: %d %s", res.status, res.body)
	}
	if res := e.doWith(t, "PUT", path, tk, update, map[string]string{"If-Match": `"v1"`}); res.status != 412 {
		t.Errorf("stale If-Match: %d, want 412", res.status)
	}

	// The auditor sees the read, its reason and the update, and no personal data.
	auditor := e.login(t, "auditora", testPassword).AccessToken
	trail := e.do(t, "GET", "/api/v1/auditoria?registro="+created.ID, auditor, nil)
	for _, want := range []string{`"action":"victima.registrar"`, `"action":"victima.consultar"`, `"reason_code":"otro"`,
		`"reason_text":"revisión de expediente por solicitud de la fiscalía"`, `"detail":"age denuncia_filed first_surname given_names nationality phone"`} {
		if !strings.Contains(string(trail.body), want) {
			t.Errorf("audit trail lacks %s: %s", want, trail.body)
		}
	}
	for _, secret := range []string{"Yolanda", "Ñañez", "998 100"} {
		if strings.Contains(string(trail.body), secret) || strings.Contains(e.log.String(), secret) {
			t.Errorf("%q reached the audit trail or the log", secret)
		}
	}
}

func TestVictimsAPI_DuplicateWarningAndSearchByCURP(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "ana", "CEAVEQROO", role("capturista", "23005"))
	e.addUser(t, "iqm", "IQM", role("capturista", "23005"))
	ana := e.login(t, "ana", testPassword).AccessToken
	iqm := e.login(t, "iqm", testPassword).AccessToken
	victim := func(confirm bool) map[string]any {
		return map[string]any{"municipio": "23005", "attributes": map[string]any{"sex": "mujer"}, "confirm_duplicate": confirm,
			"personal": map[string]any{"given_names": "Carla", "curp": "HEGG560427MVZRRL04"}}
	}
	if res := e.do(t, "POST", "/api/v1/victimas", ana, victim(false)); res.status != 201 {
		t.Fatalf("first: %d %s", res.status, res.body)
	}
	res := e.do(t, "POST", "/api/v1/victimas", iqm, victim(false))
	if res.status != 409 || !strings.Contains(string(res.body), `"duplicates":[{"institution":"CEAVEQROO"}]`) {
		t.Fatalf("duplicate at another institution: %d %s", res.status, res.body)
	}
	if res := e.do(t, "POST", "/api/v1/victimas", iqm, victim(true)); res.status != 201 {
		t.Fatalf("confirmed: %d %s", res.status, res.body)
	}
	found := e.do(t, "POST", "/api/v1/victimas/busqueda", ana, map[string]string{"curp": "hegg560427mvzrrl04"})
	var matches struct{ Items []struct{ Folio string } }
	found.json(t, &matches)
	if found.status != 200 || len(matches.Items) != 1 || strings.Contains(string(found.body), "Carla") {
		t.Errorf("search by CURP: %d %s", found.status, found.body)
	}
	bad := e.do(t, "POST", "/api/v1/victimas", ana, map[string]any{"municipio": "23005", "attributes": map[string]any{"sex": "mujer"},
		"personal": map[string]any{"given_names": "X", "curp": "HEGG560427MVZRRL05", "birth_date": "2999-01-01"}})
	if bad.status != 400 || !strings.Contains(string(bad.body), `"field":"personal.curp"`) ||
		!strings.Contains(string(bad.body), `"field":"personal.birth_date"`) || strings.Contains(string(bad.body), "HEGG") {
		t.Errorf("invalid CURP and birth date: %d %s", bad.status, bad.body)
	}
}

func TestCasosAPI_ClosingAndReopeningAreRecorded(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "ana", "CEAVEQROO", role("capturista", "23005"))
	tk := e.login(t, "ana", testPassword).AccessToken
	res := e.do(t, "POST", "/api/v1/casos", tk, map[string]any{"municipio": "23005", "modalidades": []string{"explotacion_sexual"},
		"place_type": "hotel_motel", "occurred_on": "2024-03-01", "reported_on": "2024-03-02"})
	if res.status != 201 {
		t.Fatalf("create: %d %s", res.status, res.body)
	}
	var caso struct{ ID, Folio string }
	res.json(t, &caso)
	if !strings.HasPrefix(caso.Folio, "EXP-QROO-") {
		t.Errorf("folio %q", caso.Folio)
	}
	path := "/api/v1/casos/" + caso.ID + "/estado"
	steps := []struct {
		etag, status, reason string
		want                 int
	}{
		{`"v1"`, "concluido", "", 400},
		{`"v1"`, "concluido", "Sentencia firme y víctima reintegrada", 200},
		{`"v2"`, "en_seguimiento", "", 400},
		{`"v1"`, "en_seguimiento", "Nueva denuncia relacionada", 412},
		{`"v2"`, "en_seguimiento", "Nueva denuncia relacionada", 200},
	}
	for i, s := range steps {
		res := e.doWith(t, "POST", path, tk, map[string]string{"status": s.status, "reason": s.reason}, map[string]string{"If-Match": s.etag})
		if res.status != s.want {
			t.Fatalf("step %d: %d %s", i, res.status, res.body)
		}
	}
	got := e.do(t, "GET", "/api/v1/casos/"+caso.ID, tk, nil)
	if !strings.Contains(string(got.body), `"from":"abierto","reason":"Sentencia firme y víctima reintegrada"`) &&
		!strings.Contains(string(got.body), `"to":"concluido"`) || !strings.Contains(string(got.body), `"status":"en_seguimiento"`) {
		t.Errorf("history: %s", got.body)
	}
}
