package httpapi_test

import (
	"context"
	"strings"
	"testing"

	"sintra/internal/testdb"
)

// TestMedidas_ThroughTheAPI: a caseworker records a medida de protección,
// assesses the risk, grants it with the copy she read and reads it back
// with its history; a stale copy, a missing If-Match and inconsistent
// dates are refused in Spanish; every read and write is audited; the text
// rests only sealed.
func TestMedidas_ThroughTheAPI(t *testing.T) {
	t.Parallel()
	e, ceav, other, v := newMedidasEnv(t)
	ctx := context.Background()

	res := e.do(t, "POST", "/api/v1/victimas/"+v.ID+"/medidas-proteccion", ceav, map[string]any{"type": "reubicacion_domicilio",
		"beneficiary": "ambas", "requested_by": "FGE", "requested_on": "2024-03-02", "observations": "MARCAOBSERVACION",
		"family": "MARCAFAMILIA"})
	if res.status != 201 || res.header.Get("ETag") != `"v1"` {
		t.Fatalf("create: %d %s %s", res.status, res.header.Get("ETag"), res.body)
	}
	var m struct {
		ID, Status string
		Version    int
	}
	res.json(t, &m)
	if strings.Contains(string(res.body), "MARCA") {
		t.Errorf("the answer to a write carries the text: %s", res.body)
	}
	if res := e.do(t, "POST", "/api/v1/medidas-proteccion/"+m.ID+"/evaluaciones", ceav, map[string]any{"risk_level": "alto",
		"assessed_on": "2024-03-02", "next_review_on": "2024-03-02"}); res.status != 400 ||
		!strings.Contains(string(res.body), "La próxima revisión debe ser posterior a la fecha de la evaluación.") {
		t.Errorf("review on the day assessed: %d %s", res.status, res.body)
	}
	if res := e.do(t, "POST", "/api/v1/medidas-proteccion/"+m.ID+"/evaluaciones", ceav, map[string]any{"risk_level": "alto",
		"assessed_on": "2024-03-02", "next_review_on": "2024-04-02", "notes": "MARCARIESGO"}); res.status != 201 {
		t.Fatalf("assess: %d %s", res.status, res.body)
	}
	grant := map[string]any{"status": "otorgada", "on": "2024-03-04", "granting_authority": "juez", "granted_on": "2024-03-04"}
	if res := e.do(t, "PATCH", "/api/v1/medidas-proteccion/"+m.ID, ceav, grant); res.status != 428 {
		t.Errorf("without If-Match: %d %s", res.status, res.body)
	}
	// The assessment moved the version: the copy read before it is stale.
	if res := e.doWith(t, "PATCH", "/api/v1/medidas-proteccion/"+m.ID, ceav, grant, ifMatchV1()); res.status != 412 {
		t.Errorf("stale copy: %d %s", res.status, res.body)
	}
	early := map[string]any{"status": "otorgada", "on": "2024-03-04", "granting_authority": "juez", "granted_on": "2024-03-01"}
	if res := e.doWith(t, "PATCH", "/api/v1/medidas-proteccion/"+m.ID, ceav, early, map[string]string{"If-Match": `"v2"`}); res.status != 400 ||
		!strings.Contains(string(res.body), "La medida no puede otorgarse antes de solicitarse (02/03/2024).") {
		t.Errorf("granted before requested: %d %s", res.status, res.body)
	}
	if res := e.doWith(t, "PATCH", "/api/v1/medidas-proteccion/"+m.ID, ceav, grant, map[string]string{"If-Match": `"v2"`}); res.status != 200 ||
		res.header.Get("ETag") != `"v3"` {
		t.Fatalf("grant: %d %s %s", res.status, res.header.Get("ETag"), res.body)
	}
	if res := e.do(t, "GET", "/api/v1/medidas-proteccion/"+m.ID, ceav, nil); res.status != 400 {
		t.Errorf("a read without a reason: %d %s", res.status, res.body)
	}
	res = e.doWith(t, "GET", "/api/v1/medidas-proteccion/"+m.ID, ceav, nil, reason())
	body := string(res.body)
	for _, want := range []string{"MARCAOBSERVACION", "MARCAFAMILIA", "MARCARIESGO", `"status":"otorgada"`, `"risk_level":"alto"`,
		`"next_review_on":"2024-04-02"`, "Persona ceav"} {
		if !strings.Contains(body, want) {
			t.Errorf("detail lacks %s: %s", want, body)
		}
	}
	res = e.do(t, "GET", "/api/v1/victimas/"+v.ID+"/medidas-proteccion", ceav, nil)
	if res.status != 200 || strings.Contains(string(res.body), "MARCA") || !strings.Contains(string(res.body), m.ID) {
		t.Errorf("list: %d %s", res.status, res.body)
	}
	// Another municipio's caseworker: 404 on each, and the same answer as
	// for a medida that does not exist.
	for _, r := range []struct{ method, path string }{
		{"GET", "/api/v1/victimas/" + v.ID + "/medidas-proteccion"},
		{"GET", "/api/v1/medidas-proteccion/" + m.ID},
		{"GET", "/api/v1/medidas-proteccion/00000000-0000-4000-8000-000000000000"},
	} {
		if res := e.doWith(t, r.method, r.path, other, nil, reason()); res.status != 404 ||
			!strings.Contains(string(res.body), "La medida de protección no existe o no está en su ámbito.") {
			t.Errorf("%s %s from another municipio: %d %s", r.method, r.path, res.status, res.body)
		}
	}
	for action, want := range map[string]int{"medida_proteccion.registrar": 1, "medida_proteccion.evaluar_riesgo": 1,
		"medida_proteccion.modificar": 1, "medida_proteccion.consultar": 3, "medida_proteccion.listar": 1} {
		if got := e.trail(t, action); len(got) != want || got[0].Username != "ceav" || got[0].Municipio != "23005" || got[0].Outcome != "ok" {
			t.Errorf("%s audited %+v, want %d, the first by ceav in 23005", action, got, want)
		}
	}
	// The refused readings are audited too, without naming where the medida is.
	for _, ev := range e.trail(t, "medida_proteccion.consultar")[1:] {
		if ev.Username != "otra" || ev.Outcome == "ok" || ev.Municipio != "" {
			t.Errorf("a refused reading audited as %+v", ev)
		}
	}
	owner := testdb.Pool(t, e.DB.OwnerURL)
	var sealed int
	if err := owner.QueryRow(ctx, `SELECT count(*) FROM medidas_proteccion WHERE observations_enc IS NOT NULL AND family_enc IS NOT NULL`).Scan(&sealed); err != nil || sealed != 1 {
		t.Errorf("%d medidas with sealed text (%v), want 1", sealed, err)
	}
	var clear int
	if err := owner.QueryRow(ctx, `SELECT count(*) FROM medidas_proteccion m JOIN medida_proteccion_evaluaciones v ON v.medida_id = m.id
		WHERE position('MARCA'::bytea IN m.observations_enc) > 0 OR position('MARCA'::bytea IN m.family_enc) > 0
		   OR position('MARCA'::bytea IN v.notes_enc) > 0`).Scan(&clear); err != nil || clear != 0 {
		t.Errorf("text in clear in %d rows (%v)", clear, err)
	}
}

// newMedidasEnv is a server with a caseworker of CEAVEQROO in Benito Juárez
// (ceav), one in Othón P. Blanco (other), their tokens, and a víctima ceav
// registered, identified on 2024-03-01.
func newMedidasEnv(t *testing.T) (e *env, ceav, other string, v struct{ ID string }) {
	t.Helper()
	e = newEnv(t)
	e.addUser(t, "ceav", "CEAVEQROO", role("capturista", "23005"))
	e.addUser(t, "otra", "CEAVEQROO", role("capturista", "23004"))
	ceav, other = e.login(t, "ceav", testPassword).AccessToken, e.login(t, "otra", testPassword).AccessToken
	e.do(t, "POST", "/api/v1/victimas", ceav, map[string]any{"municipio": "23005",
		"attributes": map[string]any{"sex": "mujer", "identified_on": "2024-03-01"},
		"personal":   map[string]any{"given_names": "Rosa"}}).json(t, &v)
	return e, ceav, other, v
}
