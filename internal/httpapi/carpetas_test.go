package httpapi_test

import (
	"strings"
	"testing"
)

// newCarpeta is a new carpeta's request body in a municipio, naming víctimas
// by folio.
func newCarpeta(number, municipio string, folios ...string) map[string]any {
	body := map[string]any{"number": number, "fiscalia_unit": "FETP", "started_on": "2024-03-05", "municipio": municipio,
		"modalidad": "sin_definir"}
	if len(folios) > 0 {
		var refs []map[string]string
		for _, f := range folios {
			refs = append(refs, map[string]string{"folio": f})
		}
		body["victims"] = refs
	}
	return body
}

// A carpeta's number belongs to the Fiscalía of its municipio. Another
// municipio's Fiscalía, which cannot find that carpeta, cannot learn that
// the number exists by registering it either: the number answers as one
// never issued. Within the caller's own municipio a number taken is a
// conflict, answered only once the rest of the request holds, and audited.
func TestCarpetaNumber_OfAnotherMunicipioAnswersAsANewOne(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "fge-bj", "FGE", role("fiscalia", "23005"))
	e.addUser(t, "fge-opb", "FGE", role("fiscalia", "23004"))
	bj, opb := e.login(t, "fge-bj", testPassword).AccessToken, e.login(t, "fge-opb", testPassword).AccessToken
	const taken, neverIssued, unknownFolio = "FGE/QR/BJ/0457/2024", "FGE/QR/BJ/0458/2024", "QROO-2024-999999"
	if res := e.do(t, "POST", "/api/v1/carpetas", bj, newCarpeta(taken, "23005")); res.status != 201 {
		t.Fatalf("carpeta of Benito Juárez: %d %s", res.status, res.body)
	}

	probe := func(token, number, municipio string) string {
		return withoutRequestID(t, e.do(t, "POST", "/api/v1/carpetas", token, newCarpeta(number, municipio, unknownFolio)))
	}
	if other, never := probe(opb, taken, "23004"), probe(opb, neverIssued, "23004"); other != never {
		t.Errorf("another municipio's number answers %s, a number never issued %s", other, never)
	}
	if own, never := probe(bj, taken, "23005"), probe(bj, neverIssued, "23005"); own != never {
		t.Errorf("with an unknown víctima, the own number answers %s, a number never issued %s", own, never)
	}
	if res := e.do(t, "POST", "/api/v1/carpetas", opb, newCarpeta(taken, "23004")); res.status != 201 {
		t.Errorf("Othón P. Blanco registering a number of Benito Juárez: %d %s, want it registered", res.status, res.body)
	}

	res := e.do(t, "POST", "/api/v1/carpetas", bj, newCarpeta(taken, "23005"))
	if res.status != 409 || !strings.Contains(string(res.body), "Ya existe una carpeta con ese número") {
		t.Errorf("the own municipio's number again: %d %s, want 409", res.status, res.body)
	}
	conflicts := 0
	for _, ev := range e.trail(t, "carpeta.registrar") {
		if ev.Outcome != "ok" {
			conflicts++
			if ev.Username != "fge-bj" || ev.Municipio != "23005" || strings.Contains(ev.Detail, "0457") {
				t.Errorf("the conflict's event: %+v", ev)
			}
		}
	}
	if conflicts != 1 {
		t.Errorf("%d conflicts in the trail, want 1", conflicts)
	}
}

// Linking a víctima to a carpeta opens her full record to the Fiscalía, so
// the trail names each víctima linked.
func TestCarpetaVictimLinks_NameTheLinkedVictimsInTheTrail(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "ceav", "CEAVEQROO", role("capturista", "23005"))
	e.addUser(t, "fge", "FGE", role("fiscalia", "23005"))
	ceav, fge := e.login(t, "ceav", testPassword).AccessToken, e.login(t, "fge", testPassword).AccessToken
	register := func(name string) (v struct{ ID, Folio string }) {
		e.do(t, "POST", "/api/v1/victimas", ceav, map[string]any{"municipio": "23005",
			"attributes": map[string]any{"sex": "mujer", "identified_on": "2024-03-01"},
			"personal":   map[string]any{"given_names": name}}).json(t, &v)
		return v
	}
	first, second := register("Rosa"), register("Lucero")
	var c struct{ ID string }
	res := e.do(t, "POST", "/api/v1/carpetas", fge, newCarpeta("FGE/X/1", "23005", first.Folio))
	if res.status != 201 {
		t.Fatalf("carpeta: %d %s", res.status, res.body)
	}
	res.json(t, &c)
	if res := e.do(t, "POST", "/api/v1/carpetas/"+c.ID+"/victimas", fge,
		map[string]any{"victims": []map[string]string{{"folio": second.Folio}}}); res.status >= 300 {
		t.Fatalf("link: %d %s", res.status, res.body)
	}
	for action, v := range map[string]struct{ ID, Folio string }{"carpeta.registrar": first, "carpeta.vincular_victimas": second} {
		events := e.trail(t, action)
		if len(events) != 1 || events[0].RecordID != c.ID || !strings.Contains(events[0].Detail, v.ID) {
			t.Errorf("%s does not name the víctima linked (%s): %+v", action, v.ID, events)
		}
		for _, ev := range events {
			if strings.Contains(ev.Detail, v.Folio) || strings.Contains(ev.Detail, "Rosa") || strings.Contains(ev.Detail, "Lucero") {
				t.Errorf("%s names more than ids: %q", action, ev.Detail)
			}
		}
	}
}

// The Fiscalía's list shows each carpeta's number, only its own
// municipios', and the trail names by id, per municipio, the carpetas whose
// numbers it showed, never the numbers.
func TestCarpetaList_ShowsNumbersOfOwnMunicipiosAndIsAudited(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "fge-bj", "FGE", role("fiscalia", "23005"))
	e.addUser(t, "fge-opb", "FGE", role("fiscalia", "23004"))
	bj, opb := e.login(t, "fge-bj", testPassword).AccessToken, e.login(t, "fge-opb", testPassword).AccessToken
	var made struct{ ID string }
	e.do(t, "POST", "/api/v1/carpetas", bj, newCarpeta("FGE/QR/BJ/0901/2024", "23005")).json(t, &made)
	e.do(t, "POST", "/api/v1/carpetas", opb, newCarpeta("FGE/QR/OPB/0017/2024", "23004"))

	var page struct {
		Items []struct{ ID, Number, Municipio string }
	}
	e.do(t, "GET", "/api/v1/carpetas", bj, nil).json(t, &page)
	if len(page.Items) != 1 || page.Items[0].Number != "FGE/QR/BJ/0901/2024" || page.Items[0].Municipio != "23005" {
		t.Fatalf("Benito Juárez lists %+v", page.Items)
	}
	listed := e.trail(t, "carpeta.listar")
	if len(listed) != 1 || listed[0].Username != "fge-bj" || listed[0].Municipio != "23005" ||
		!strings.Contains(listed[0].Detail, made.ID) || strings.Contains(listed[0].Detail, "0901") {
		t.Errorf("the listing's events: %+v", listed)
	}
	if !strings.Contains(e.log.String(), "/api/v1/carpetas") || strings.Contains(e.log.String(), "0901") {
		t.Errorf("the log holds a carpeta number, or no request")
	}
}
