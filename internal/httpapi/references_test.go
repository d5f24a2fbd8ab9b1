package httpapi_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"sintra/internal/victims"
)

// curpEnding returns a CURP with the given first 17 characters and its check digit.
func curpEnding(t *testing.T, first17 string) string {
	t.Helper()
	for d := '0'; d <= '9'; d++ {
		if c := first17 + string(d); victims.ValidCURP(c) {
			return c
		}
	}
	t.Fatalf("no check digit makes %s a valid CURP", first17)
	return ""
}

// withoutRequestID is an answer with its request id left out, to compare
// two answers.
func withoutRequestID(t *testing.T, r response) string {
	t.Helper()
	var body map[string]any
	if err := json.Unmarshal(r.body, &body); err != nil {
		return fmt.Sprintf("%d %s", r.status, r.body)
	}
	delete(body, "request_id")
	b, _ := json.Marshal(body)
	return fmt.Sprintf("%d %s", r.status, b)
}

// The reference matrix: every way a record can be named in a request (a
// víctima by folio, CURP or id, an expediente by folio) resolves only
// within the caller's scope. Outside it, the answer is exactly the answer
// to a name that does not exist, so that nobody can link, read or even
// learn of another municipio's or institution's record.
func TestReferenceMatrix_OutOfScopeAnswersAsUnknown(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "ceav", "CEAVEQROO", role("capturista", "23005"))
	e.addUser(t, "iqm", "IQM", role("capturista", "23005"))
	e.addUser(t, "fge-bj", "FGE", role("fiscalia", "23005"))
	e.addUser(t, "fge-opb", "FGE", role("fiscalia", "23004"))
	ceav, iqm := e.login(t, "ceav", testPassword).AccessToken, e.login(t, "iqm", testPassword).AccessToken
	fgeBJ, fgeOPB := e.login(t, "fge-bj", testPassword).AccessToken, e.login(t, "fge-opb", testPassword).AccessToken

	curp := curpEnding(t, "HEGG560427MVZRRL0")
	nobodysCURP := curpEnding(t, "PEMJ800101HQRRRN0")
	res := e.do(t, "POST", "/api/v1/victimas", ceav, map[string]any{"municipio": "23005",
		"attributes": map[string]any{"sex": "mujer", "identified_on": "2024-03-01"}, "personal": map[string]any{"given_names": "Carla", "curp": curp},
		"consents": []map[string]any{{"kind": "compartir_instituciones", "granted": true, "given_on": "2024-03-01"}}})
	var v struct{ ID, Folio string }
	res.json(t, &v)
	res = e.do(t, "POST", "/api/v1/casos", ceav, map[string]any{"municipio": "23005", "modalidades": []string{"sin_definir"}, "victim_ids": []string{v.ID}})
	var k struct{ Folio string }
	res.json(t, &k)
	if v.ID == "" || k.Folio == "" {
		t.Fatalf("fixture: víctima %+v, caso %+v", v, k)
	}
	ownCarpeta := func(token, municipio string, n int) string {
		res := e.do(t, "POST", "/api/v1/carpetas", token, map[string]any{"number": fmt.Sprintf("FGE/REF/%d", n), "fiscalia_unit": "FETP",
			"started_on": "2024-03-05", "municipio": municipio, "modalidad": "sin_definir"})
		var c struct{ ID string }
		res.json(t, &c)
		return c.ID
	}
	carpetaOPB, carpetaBJ := ownCarpeta(fgeOPB, "23004", 1), ownCarpeta(fgeBJ, "23005", 2)

	n := 10
	newCarpeta := func(municipio string, extra map[string]any) map[string]any {
		n++
		body := map[string]any{"number": fmt.Sprintf("FGE/REF/%d", n), "fiscalia_unit": "FETP", "started_on": "2024-03-05",
			"municipio": municipio, "modalidad": "sin_definir"}
		for key, val := range extra {
			body[key] = val
		}
		return body
	}
	const nobodysFolio, nobodysCaso, nobodysID = "QROO-2024-999999", "EXP-QROO-2024-999999", "7f1c2a2e-5b0e-4c55-9d27-3d7a1a9b0c11"
	type reference struct {
		name, method, path string
		token              string
		// body names the record; with nobody it names one that does not exist.
		body func(record bool) any
	}
	folioOr := func(record bool) string {
		if record {
			return v.Folio
		}
		return nobodysFolio
	}
	curpOr := func(record bool) string {
		if record {
			return curp
		}
		return nobodysCURP
	}
	idOr := func(record bool) string {
		if record {
			return v.ID
		}
		return nobodysID
	}
	outside := []reference{
		{"a new carpeta names a víctima of another municipio by folio", "POST", "/api/v1/carpetas", fgeOPB, func(r bool) any {
			return newCarpeta("23004", map[string]any{"victims": []map[string]string{{"folio": folioOr(r)}}})
		}},
		{"a new carpeta names a víctima of another municipio by CURP", "POST", "/api/v1/carpetas", fgeOPB, func(r bool) any {
			return newCarpeta("23004", map[string]any{"victims": []map[string]string{{"curp": curpOr(r)}}})
		}},
		{"a new carpeta names another municipio's caso by folio", "POST", "/api/v1/carpetas", fgeOPB, func(r bool) any {
			folio := nobodysCaso
			if r {
				folio = k.Folio
			}
			return newCarpeta("23004", map[string]any{"caso_folio": folio})
		}},
		{"a carpeta links a víctima of another municipio by folio", "POST", "/api/v1/carpetas/" + carpetaOPB + "/victimas", fgeOPB, func(r bool) any {
			return map[string]any{"victims": []map[string]string{{"folio": folioOr(r)}}}
		}},
		{"a carpeta links a víctima of another municipio by CURP", "POST", "/api/v1/carpetas/" + carpetaOPB + "/victimas", fgeOPB, func(r bool) any {
			return map[string]any{"victims": []map[string]string{{"curp": curpOr(r)}}}
		}},
		{"a caso of another institution names the víctima by id", "POST", "/api/v1/casos", iqm, func(r bool) any {
			return map[string]any{"municipio": "23005", "modalidades": []string{"sin_definir"}, "victim_ids": []string{idOr(r)}}
		}},
		{"another institution refers the víctima", "POST", "/api/v1/canalizaciones", iqm, func(r bool) any {
			return map[string]any{"victim_id": idOr(r), "to": "DIF", "service_type": "alojamiento"}
		}},
		{"another municipio's Fiscalía refers the víctima, overriding her consent", "POST", "/api/v1/canalizaciones", fgeOPB, func(r bool) any {
			return map[string]any{"victim_id": idOr(r), "to": "IQM", "service_type": "alojamiento", "override": true,
				"override_reason": "Urgencia por riesgo inminente"}
		}},
	}
	for _, ref := range outside {
		got := withoutRequestID(t, e.do(t, ref.method, ref.path, ref.token, ref.body(true)))
		unknown := withoutRequestID(t, e.do(t, ref.method, ref.path, ref.token, ref.body(false)))
		if got != unknown {
			t.Errorf("%s: answered %s, but a name that does not exist answers %s", ref.name, got, unknown)
		}
		if got[:1] == "2" {
			t.Errorf("%s: accepted (%s)", ref.name, got)
		}
	}
	// Nothing of hers reached the other municipio's Fiscalía.
	for _, path := range []string{"/api/v1/victimas/" + v.ID, "/api/v1/victimas/" + v.ID + "/historial", "/api/v1/victimas/" + v.ID + "/linea-de-tiempo"} {
		if res := e.doWith(t, "GET", path, fgeOPB, nil, reason()); res.status != 404 {
			t.Errorf("GET %s by another municipio's Fiscalía: %d, want 404", path, res.status)
		}
	}

	// Within scope, the same references work.
	inside := []reference{
		{"by folio", "POST", "/api/v1/carpetas/" + carpetaBJ + "/victimas", fgeBJ, func(bool) any {
			return map[string]any{"victims": []map[string]string{{"folio": v.Folio}}}
		}},
		{"by CURP", "POST", "/api/v1/carpetas/" + carpetaBJ + "/victimas", fgeBJ, func(bool) any {
			return map[string]any{"victims": []map[string]string{{"curp": curp}}}
		}},
		{"a caso by folio", "POST", "/api/v1/carpetas", fgeBJ, func(bool) any { return newCarpeta("23005", map[string]any{"caso_folio": k.Folio}) }},
	}
	for _, ref := range inside {
		if res := e.do(t, ref.method, ref.path, ref.token, ref.body(true)); res.status >= 300 {
			t.Errorf("in scope, %s: %d %s", ref.name, res.status, res.body)
		}
	}
	if res := e.doWith(t, "GET", "/api/v1/victimas/"+v.ID, fgeBJ, nil, reason()); res.status != 200 {
		t.Errorf("the Fiscalía of her municipio reading the víctima of its carpeta: %d", res.status)
	}
}
