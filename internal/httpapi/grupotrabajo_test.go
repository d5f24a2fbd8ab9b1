package httpapi_test

import (
	"strings"
	"testing"
)

func TestGrupoTrabajo_AgendaSessionAcuerdosAndActa(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "ceav", "CEAVEQROO", role("capturista", "23005"))
	e.addUser(t, "miembro", "SSC", role("grupo_trabajo", "23005"))
	e.addUser(t, "miembro.cozumel", "SSC", role("grupo_trabajo", "23001"))
	ceav := e.login(t, "ceav", testPassword).AccessToken
	gt := e.login(t, "miembro", testPassword).AccessToken
	cozumel := e.login(t, "miembro.cozumel", testPassword).AccessToken

	newCaso := func(name string) string {
		res := e.do(t, "POST", "/api/v1/victimas", ceav, map[string]any{"municipio": "23005",
			"attributes": map[string]any{"sex": "mujer", "age": 27, "nationality": "HN"},
			"personal":   map[string]any{"given_names": name, "first_surname": "Pool", "second_surname": "Chan"}})
		var v struct{ ID string }
		res.json(t, &v)
		res = e.do(t, "POST", "/api/v1/casos", ceav, map[string]any{"municipio": "23005", "modalidades": []string{"explotacion_sexual"},
			"victim_ids": []string{v.ID}})
		var c struct{ ID string }
		res.json(t, &c)
		return c.ID
	}
	first, second := newCaso("Rosa"), newCaso("Lucero")

	res := e.do(t, "POST", "/api/v1/grupo-trabajo/sesiones", gt, map[string]any{"municipio": "23005", "held_on": "2024-04-01",
		"kind": "ordinaria", "institutions": []string{"CEAVEQROO", "FGE", "IQM", "SSC"}})
	var s1 struct{ ID string }
	res.json(t, &s1)
	if res.status != 201 {
		t.Fatalf("session: %d %s", res.status, res.body)
	}
	if res := e.do(t, "POST", "/api/v1/grupo-trabajo/sesiones/"+s1.ID+"/revisiones", gt, map[string]string{"caso_id": first,
		"summary": "CEAVEQROO informa atención psicológica"}); res.status != 201 {
		t.Fatalf("review: %d %s", res.status, res.body)
	}
	res = e.do(t, "POST", "/api/v1/grupo-trabajo/sesiones/"+s1.ID+"/acuerdos", gt, map[string]any{"caso_id": second,
		"text": "Gestionar alojamiento seguro", "responsible": "DIF", "due_on": "2024-04-15"})
	var acuerdo struct{ ID, Status string }
	res.json(t, &acuerdo)
	if res.status != 201 || acuerdo.Status != "vencido" {
		t.Fatalf("acuerdo past its date: %d %s", res.status, res.body)
	}

	// The next session's agenda: the caso with the overdue acuerdo comes first.
	var agenda struct {
		Since string
		Items []struct {
			CasoID          string `json:"caso_id"`
			OverdueAcuerdos int    `json:"overdue_acuerdos"`
		}
	}
	e.do(t, "GET", "/api/v1/grupo-trabajo/agenda?municipio=23005&fecha=2024-05-06", gt, nil).json(t, &agenda)
	if agenda.Since != "2024-04-01" || len(agenda.Items) != 2 || agenda.Items[0].CasoID != second || agenda.Items[0].OverdueAcuerdos != 1 {
		t.Fatalf("agenda: %+v", agenda)
	}
	if res := e.do(t, "GET", "/api/v1/grupo-trabajo/agenda?municipio=23005", cozumel, nil); res.status != 404 {
		t.Errorf("a member of Cozumel read Benito Juárez's agenda: %d", res.status)
	}

	res = e.do(t, "POST", "/api/v1/grupo-trabajo/sesiones", gt, map[string]any{"municipio": "23005", "held_on": "2024-05-06", "kind": "ordinaria"})
	var s2 struct{ ID string }
	res.json(t, &s2)
	res = e.do(t, "POST", "/api/v1/acuerdos/"+acuerdo.ID+"/seguimiento", gt, map[string]string{"status": "cumplido",
		"note": "DIF confirmó el ingreso al refugio", "session_id": s2.ID})
	if res.status != 200 || !strings.Contains(string(res.body), `"status":"cumplido"`) {
		t.Fatalf("follow-up: %d %s", res.status, res.body)
	}
	if res := e.do(t, "POST", "/api/v1/acuerdos/"+acuerdo.ID+"/seguimiento", gt, map[string]string{"status": "pendiente"}); res.status != 409 {
		t.Errorf("reopening a fulfilled acuerdo: %d", res.status)
	}
	if res := e.do(t, "POST", "/api/v1/acuerdos/"+acuerdo.ID+"/seguimiento", cozumel, map[string]string{"status": "en_proceso"}); res.status != 404 {
		t.Errorf("a member of Cozumel changed Benito Juárez's acuerdo: %d", res.status)
	}

	// The first session shows the reviewed caso's víctima only in the minimal view.
	res = e.doWith(t, "GET", "/api/v1/grupo-trabajo/sesiones/"+s1.ID, gt, nil, map[string]string{"X-Motivo-Consulta": "revision_grupo_trabajo"})
	body := string(res.body)
	if res.status != 200 || !strings.Contains(body, `"initials":"R.P.C."`) || strings.Contains(body, "Rosa") {
		t.Errorf("session: %d %s", res.status, body)
	}
	if res := e.doWith(t, "GET", "/api/v1/grupo-trabajo/sesiones/"+s1.ID, cozumel, nil, reason()); res.status != 404 {
		t.Errorf("a member of Cozumel read the session: %d", res.status)
	}
	acta := e.doWith(t, "GET", "/api/v1/grupo-trabajo/sesiones/"+s1.ID+"/acta", gt, nil, reason())
	if acta.status != 200 || !strings.HasPrefix(string(acta.body), "%PDF-") || !bytesContain(acta.body, "R.P.C.") ||
		!bytesContain(acta.body, "Gestionar alojamiento seguro") || bytesContain(acta.body, "Rosa") {
		t.Errorf("acta: %d, %d bytes", acta.status, len(acta.body))
	}
}

func bytesContain(b []byte, s string) bool { return strings.Contains(string(b), s) }
