package httpapi_test

import (
	"strings"
	"testing"
)

// TestReceiver_RecordsAndListsItsServicesWhileTheCanalizacionIsOpen: the
// institution that accepted a canalización records the services it gives
// her and lists them (only its own), without reading her record; before it
// accepts, after the canalización is closed, and for anyone else, she is
// not found.
func TestReceiver_RecordsAndListsItsServicesWhileTheCanalizacionIsOpen(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "ceav", "CEAVEQROO", role("capturista", "23005"))
	e.addUser(t, "iqm", "IQM", role("capturista", "23005"))
	e.addUser(t, "iqm.sol", "IQM", role("capturista", "23008"))
	e.addUser(t, "dif", "DIF", role("capturista", "23005"))
	ceav := e.login(t, "ceav", testPassword).AccessToken
	iqm := e.login(t, "iqm", testPassword).AccessToken
	iqmSol := e.login(t, "iqm.sol", testPassword).AccessToken
	dif := e.login(t, "dif", testPassword).AccessToken
	res := e.do(t, "POST", "/api/v1/victimas", ceav, map[string]any{"municipio": "23005",
		"attributes": map[string]any{"sex": "mujer", "identified_on": "2024-03-20"}, "personal": map[string]any{"given_names": "Itzel", "first_surname": "Canul"},
		"consents": []map[string]any{{"kind": "compartir_instituciones", "granted": true, "given_on": "2024-03-20"}}})
	var v struct{ ID string }
	res.json(t, &v)
	e.do(t, "POST", "/api/v1/victimas/"+v.ID+"/servicios", ceav, map[string]any{"type": "asesoria_juridica", "provided_on": "2024-03-22", "quantity": 1})
	res = e.do(t, "POST", "/api/v1/canalizaciones", ceav, map[string]any{"victim_id": v.ID, "to": "IQM", "service_type": "atencion_psicologica",
		"sent_on": "2024-03-28"})
	var c struct{ ID string }
	res.json(t, &c)
	services := "/api/v1/victimas/" + v.ID + "/servicios"
	service := map[string]any{"type": "atencion_psicologica", "provided_on": "2024-04-02", "quantity": 2}
	notFound := func(when, who, token string) {
		t.Helper()
		for _, r := range []response{e.do(t, "POST", services, token, service), e.do(t, "GET", services, token, nil)} {
			if r.status != 404 || strings.Contains(string(r.body), "Itzel") {
				t.Errorf("%s, %s: %d %s", when, who, r.status, r.body)
			}
		}
	}
	notFound("sent, not accepted", "receiver", iqm)

	if res := e.do(t, "POST", "/api/v1/canalizaciones/"+c.ID+"/transiciones", iqm, map[string]string{"status": "aceptada", "on": "2024-03-30"}); res.status != 200 {
		t.Fatalf("accept: %d %s", res.status, res.body)
	}
	if res := e.do(t, "POST", services, iqm, service); res.status != 201 {
		t.Fatalf("receiver records: %d %s", res.status, res.body)
	}
	var list struct {
		Items []struct{ Type, Institution string }
	}
	e.do(t, "GET", services, iqm, nil).json(t, &list)
	if len(list.Items) != 1 || list.Items[0].Institution != "IQM" || list.Items[0].Type != "atencion_psicologica" {
		t.Errorf("the receiver lists %+v, want only its own service", list.Items)
	}
	e.do(t, "GET", services, ceav, nil).json(t, &list)
	if len(list.Items) != 2 {
		t.Errorf("the registering institution lists %d services, want 2", len(list.Items))
	}
	if res := e.doWith(t, "GET", "/api/v1/victimas/"+v.ID, iqm, nil, reason()); res.status != 404 {
		t.Errorf("the receiver reads her record: %d", res.status)
	}
	notFound("accepted", "the receiver in another municipio", iqmSol)
	notFound("accepted", "another institution", dif)
	var recorded int
	for _, ev := range e.trail(t, "servicio.registrar") {
		if ev.Username == "iqm" && ev.Municipio == "23005" && strings.Contains(ev.Detail, v.ID) && !strings.Contains(ev.Detail, "Itzel") {
			recorded++
		}
	}
	if recorded != 1 {
		t.Errorf("the receiver's service is audited %d times, want 1", recorded)
	}

	e.do(t, "POST", "/api/v1/canalizaciones/"+c.ID+"/transiciones", iqm, map[string]string{"status": "atendida", "on": "2024-04-03"})
	if res := e.do(t, "POST", services, iqm, service); res.status != 201 {
		t.Errorf("attended, not yet closed: %d %s", res.status, res.body)
	}
	if res := e.do(t, "POST", "/api/v1/canalizaciones/"+c.ID+"/transiciones", ceav, map[string]string{"status": "cerrada", "on": "2024-04-04"}); res.status != 200 {
		t.Fatalf("close: %d %s", res.status, res.body)
	}
	notFound("closed", "receiver", iqm)
}

// TestReceiver_LosesHerContactCardWhenSheWithdrawsHerConsent: the
// institution that received a canalización reads her contact card and the
// notes while she consents to sharing her data; once the sender records
// the withdrawal, the receiver keeps the referral and its folio but no
// longer her name, phone or notes, while the sender still reads them. A
// canalización sent by a motivated exception to her consent is not ended
// by it.
func TestReceiver_LosesHerContactCardWhenSheWithdrawsHerConsent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "ceav", "CEAVEQROO", role("capturista", "23005"))
	e.addUser(t, "iqm", "IQM", role("capturista", "23005"))
	ceav := e.login(t, "ceav", testPassword).AccessToken
	iqm := e.login(t, "iqm", testPassword).AccessToken
	res := e.do(t, "POST", "/api/v1/victimas", ceav, map[string]any{"municipio": "23005",
		"attributes": map[string]any{"sex": "mujer", "identified_on": "2024-03-20"}, "personal": map[string]any{"given_names": "Itzel", "first_surname": "Canul"},
		"consents": []map[string]any{{"kind": "compartir_instituciones", "granted": true, "given_on": "2024-03-20"}}})
	var v struct{ ID, Folio string }
	res.json(t, &v)
	var c struct{ ID string }
	e.do(t, "POST", "/api/v1/canalizaciones", ceav, map[string]any{"victim_id": v.ID, "to": "IQM", "service_type": "atencion_psicologica",
		"sent_on": "2024-03-28", "notes": "Prefiere ser atendida por la tarde."}).json(t, &c)
	read := func(token string) string {
		t.Helper()
		res := e.doWith(t, "GET", "/api/v1/canalizaciones/"+c.ID, token, nil, reason())
		if res.status != 200 {
			t.Fatalf("the canalización: %d %s", res.status, res.body)
		}
		return string(res.body)
	}
	if got := read(iqm); !strings.Contains(got, "Itzel") || !strings.Contains(got, "por la tarde") {
		t.Fatalf("the receiver, while she consents: %s", got)
	}

	if res := e.do(t, "POST", "/api/v1/victimas/"+v.ID+"/consentimientos", ceav,
		map[string]any{"kind": "compartir_instituciones", "granted": false, "given_on": "2024-04-01"}); res.status != 204 {
		t.Fatalf("the withdrawal: %d %s", res.status, res.body)
	}
	if got := read(iqm); strings.Contains(got, "Itzel") || strings.Contains(got, "por la tarde") || !strings.Contains(got, c.ID) {
		t.Errorf("the receiver, after she withdrew her consent: %s", got)
	}
	if res := e.doWith(t, "GET", "/api/v1/canalizaciones/"+c.ID+"/historial", iqm, nil, reason()); res.status != 404 {
		t.Errorf("the receiver reads the history of its notes after the withdrawal: %d", res.status)
	}
	if got := read(ceav); !strings.Contains(got, "Itzel") {
		t.Errorf("the sender, after the withdrawal: %s", got)
	}

	// The Fiscalía may refer her without her consent, giving its reason.
	e.addUser(t, "fge", "FGE", role("fiscalia", "23005"))
	fge := e.login(t, "fge", testPassword).AccessToken
	if res := e.do(t, "POST", "/api/v1/carpetas", fge, newCarpeta("FGE/QR/BJ/0099/2024", "23005", v.Folio)); res.status != 201 {
		t.Fatalf("the carpeta: %d %s", res.status, res.body)
	}
	var override struct{ ID string }
	e.do(t, "POST", "/api/v1/canalizaciones", fge, map[string]any{"victim_id": v.ID, "to": "IQM", "service_type": "asesoria_juridica",
		"sent_on": "2024-04-02", "override": true, "override_reason": "Riesgo inminente para su integridad."}).json(t, &override)
	if res := e.doWith(t, "GET", "/api/v1/canalizaciones/"+override.ID, iqm, nil, reason()); res.status != 200 || !strings.Contains(string(res.body), "Itzel") {
		t.Errorf("the receiver of a canalización sent by exception: %d %s", res.status, res.body)
	}
}
