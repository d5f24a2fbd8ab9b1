package httpapi_test

import (
	"strings"
	"testing"

	"sintra/internal/app"
)

// An auditor held in a municipio sees the findings about that municipio's
// users only; a statewide auditor sees them all.
func TestFindings_ReachOnlyTheAuditorsMunicipios(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *app.Config) { c.AuditRules.MaxRecordsPerHour = 1 })
	e.addUser(t, "ceav", "CEAVEQROO", role("capturista", "23005"))
	for _, a := range []struct{ name, domain string }{{"auditor-estatal", "*"}, {"auditor-bj", "23005"}, {"auditor-opb", "23004"}} {
		e.addUser(t, a.name, "SEGOB", role("auditor", a.domain))
	}
	ceav := e.login(t, "ceav", testPassword).AccessToken
	for _, name := range []string{"Ana", "Bea"} {
		res := e.do(t, "POST", "/api/v1/victimas", ceav, map[string]any{"municipio": "23005",
			"attributes": map[string]any{"sex": "mujer"}, "personal": map[string]any{"given_names": name}})
		var v struct{ ID string }
		res.json(t, &v)
		e.doWith(t, "GET", "/api/v1/victimas/"+v.ID, ceav, nil, reason())
	}
	for _, c := range []struct {
		auditor string
		sees    bool
	}{{"auditor-estatal", true}, {"auditor-bj", true}, {"auditor-opb", false}} {
		token := e.login(t, c.auditor, testPassword).AccessToken
		body := string(e.do(t, "GET", "/api/v1/auditoria/hallazgos", token, nil).body)
		if got := strings.Contains(body, `"username":"ceav"`); got != c.sees {
			t.Errorf("%s sees the finding about a Benito Juárez caseworker: %v, want %v (%s)", c.auditor, got, c.sees, body)
		}
	}
}

// The Grupo de Trabajo sees víctimas in lists and in casos in the minimal
// form: no exact age, no identification date, no denuncia.
func TestGrupoDeTrabajo_SeesListsAndCasosInTheMinimalForm(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "ceav", "CEAVEQROO", role("capturista", "23005"))
	e.addUser(t, "miembro-gt", "SSC", role("grupo_trabajo", "23005"))
	ceav, gt := e.login(t, "ceav", testPassword).AccessToken, e.login(t, "miembro-gt", testPassword).AccessToken
	res := e.do(t, "POST", "/api/v1/victimas", ceav, map[string]any{"municipio": "23005",
		"attributes": map[string]any{"sex": "mujer", "age": 23, "identified_on": "2024-03-07", "denuncia_filed": true},
		"personal":   map[string]any{"given_names": "Ana"}})
	var v struct{ ID string }
	res.json(t, &v)
	res = e.do(t, "POST", "/api/v1/casos", ceav, map[string]any{"municipio": "23005", "modalidades": []string{"sin_definir"}, "victim_ids": []string{v.ID}})
	var k struct{ ID string }
	res.json(t, &k)

	for _, path := range []string{"/api/v1/victimas", "/api/v1/casos/" + k.ID} {
		body := string(e.do(t, "GET", path, gt, nil).body)
		if !strings.Contains(body, `"age_group":"18-29"`) {
			t.Errorf("GET %s by the Grupo de Trabajo lacks the age group: %s", path, body)
		}
		for _, detail := range []string{`"age":23`, "2024-03-07", `"denuncia_filed"`} {
			if strings.Contains(body, detail) {
				t.Errorf("GET %s by the Grupo de Trabajo shows %s: %s", path, detail, body)
			}
		}
		if own := string(e.do(t, "GET", path, ceav, nil).body); !strings.Contains(own, "2024-03-07") {
			t.Errorf("GET %s by the registering caseworker lacks the identification date: %s", path, own)
		}
	}
}
