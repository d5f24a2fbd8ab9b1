package httpapi_test

import (
	"strings"
	"testing"
)

// minimalViewFixture is a víctima of CEAVEQROO in Benito Juárez, identified
// as a minor, and the tokens of a caseworker and a Grupo de Trabajo member
// of the municipio.
type minimalViewFixture struct {
	ID, Folio, CURP string
	caseworker, gt  string
}

func newMinimalViewFixture(t *testing.T, e *env) minimalViewFixture {
	t.Helper()
	e.addUser(t, "ceav", "CEAVEQROO", role("capturista", "23005"))
	e.addUser(t, "policia-gt", "SSC", role("grupo_trabajo", "23005"))
	f := minimalViewFixture{CURP: curpEnding(t, "HEGG560427MVZRRL0"),
		caseworker: e.login(t, "ceav", testPassword).AccessToken, gt: e.login(t, "policia-gt", testPassword).AccessToken}
	res := e.do(t, "POST", "/api/v1/victimas", f.caseworker, map[string]any{"municipio": "23005",
		"attributes": map[string]any{"sex": "mujer", "age": 17, "identified_on": "2024-03-07", "minor_at_time": true},
		"personal": map[string]any{"given_names": "Guadalupe", "first_surname": "Hernández", "second_surname": "García",
			"curp": f.CURP, "birth_date": "2006-04-27"}})
	if res.status != 201 {
		t.Fatalf("register: %d %s", res.status, res.body)
	}
	var v struct{ ID, Folio string }
	res.json(t, &v)
	f.ID, f.Folio = v.ID, v.Folio
	return f
}

// The Grupo de Trabajo sees víctimas in the minimal form. Searching by CURP,
// or by name and birth date, would let a member test any person against
// every institution's records of the municipio: the minimal view searches
// by folio only.
func TestVictimSearch_MinimalViewSearchesByFolioOnly(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newMinimalViewFixture(t, e)
	for name, body := range map[string]map[string]string{
		"by CURP":                 {"curp": f.CURP},
		"by name and birth date":  {"given_names": "guadalupe", "first_surname": "HERNANDEZ", "second_surname": "garcia", "birth_date": "2006-04-27"},
		"by CURP of nobody known": {"curp": curpEnding(t, "PEMJ800101HQRRRN0")},
	} {
		res := e.do(t, "POST", "/api/v1/victimas/busqueda", f.gt, body)
		if res.status != 403 || !strings.Contains(string(res.body), "folio") || strings.Contains(string(res.body), f.Folio) {
			t.Errorf("Grupo de Trabajo searching %s: %d %s, want 403 saying to search by folio", name, res.status, res.body)
		}
	}
	res := e.do(t, "POST", "/api/v1/victimas/busqueda", f.gt, map[string]string{"folio": f.Folio})
	if res.status != 200 || !strings.Contains(string(res.body), f.Folio) || strings.Contains(string(res.body), "2024-03-07") {
		t.Errorf("Grupo de Trabajo searching by folio: %d %s, want her in the minimal form", res.status, res.body)
	}
	res = e.do(t, "POST", "/api/v1/victimas/busqueda", f.caseworker, map[string]string{"curp": f.CURP})
	if res.status != 200 || !strings.Contains(string(res.body), f.Folio) {
		t.Errorf("the registering caseworker searching by CURP: %d %s", res.status, res.body)
	}
}

// A search tells its caller who is registered: the municipio's own auditor
// sees each search, its kind and the víctimas it found, never its terms.
func TestVictimSearch_TheMunicipiosAuditorSeesWhomEachSearchFound(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newMinimalViewFixture(t, e)
	e.addUser(t, "auditor-bj", "SEGOB", role("auditor", "23005"))
	e.do(t, "POST", "/api/v1/victimas/busqueda", f.caseworker, map[string]string{"curp": f.CURP})
	e.do(t, "POST", "/api/v1/victimas/busqueda", f.gt, map[string]string{"folio": f.Folio})
	e.do(t, "POST", "/api/v1/victimas/busqueda", f.caseworker, map[string]string{"curp": curpEnding(t, "PEMJ800101HQRRRN0")})

	var trail struct {
		Items []struct {
			Username, Municipio, Detail string
		}
	}
	e.do(t, "GET", "/api/v1/auditoria?accion=victima.buscar", e.login(t, "auditor-bj", testPassword).AccessToken, nil).json(t, &trail)
	seen := map[string]string{}
	for _, ev := range trail.Items {
		seen[ev.Username+" "+ev.Detail] = ev.Municipio
		if strings.Contains(ev.Detail, f.CURP) || strings.Contains(ev.Detail, "PEMJ") || strings.Contains(ev.Detail, f.Folio) {
			t.Errorf("a search's terms reached the trail: %q", ev.Detail)
		}
	}
	for _, want := range []string{"ceav curp: " + f.ID, "policia-gt folio: " + f.ID, "ceav curp: ninguna"} {
		if seen[want] != "23005" {
			t.Errorf("the municipio's auditor does not see %q in municipio 23005; sees %v", want, seen)
		}
	}
}

// A member of the Grupo de Trabajo sees no víctima's identification date
// nor whether she was a minor; filtering the list by them would tell both,
// one bisection at a time, so the minimal view refuses those filters.
func TestVictimList_MinimalViewRefusesDateAndMinorFilters(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := newMinimalViewFixture(t, e)
	for _, query := range []string{"identificada_desde=2024-03-01", "identificada_hasta=2024-03-31", "menor=true", "menor=false"} {
		res := e.do(t, "GET", "/api/v1/victimas?"+query, f.gt, nil)
		if res.status != 400 || strings.Contains(string(res.body), f.Folio) || !strings.Contains(string(res.body), "vista mínima") {
			t.Errorf("Grupo de Trabajo filtering by %s: %d %s, want 400", query, res.status, res.body)
		}
		if res := e.do(t, "GET", "/api/v1/victimas?"+query, f.caseworker, nil); res.status != 200 {
			t.Errorf("caseworker filtering by %s: %d %s", query, res.status, res.body)
		}
	}
	for _, query := range []string{"", "?sexo=mujer&municipio=23005&limit=20"} {
		if res := e.do(t, "GET", "/api/v1/victimas"+query, f.gt, nil); res.status != 200 || !strings.Contains(string(res.body), f.Folio) {
			t.Errorf("Grupo de Trabajo listing %q: %d %s", query, res.status, res.body)
		}
	}
}
