package httpapi_test

import (
	"context"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"sintra/internal/demo"
	"sintra/internal/pgembed"
)

// After a full demo and a marker written, through the API, into every field
// that can hold free text — a víctima's personal data, notes, reasons,
// minutes, summaries, acuerdos, follow-ups, sentences, names of imputados,
// a carpeta's number, a motivo detalle — a pg_dump of the database holds
// none of the markers, while each reads back to those who may read it.
func TestPgDump_HoldsNoFreeTextInClear(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	if err := demo.EnsureAccounts(ctx, e.Users); err != nil {
		t.Fatal(err)
	}
	if err := demo.EnsureDataset(ctx, e.App); err != nil {
		t.Fatal(err)
	}
	e.addUser(t, "ceav", "CEAVEQROO", role("capturista", "23005"))
	e.addUser(t, "iqm", "IQM", role("capturista", "23005"))
	e.addUser(t, "fge", "FGE", role("fiscalia", "23005"))
	e.addUser(t, "miembro-gt", "SSC", role("grupo_trabajo", "23005"))
	e.addUser(t, "auditora", "SEGOB", role("auditor", "*"))
	ceav, iqm := e.login(t, "ceav", testPassword).AccessToken, e.login(t, "iqm", testPassword).AccessToken
	fge, gt := e.login(t, "fge", testPassword).AccessToken, e.login(t, "miembro-gt", testPassword).AccessToken
	ok := func(res response, what string) response {
		t.Helper()
		if res.status >= 300 {
			t.Fatalf("%s: %d %s", what, res.status, res.body)
		}
		return res
	}
	curp := curpEnding(t, "MAMR900517MQRRRS0")
	markers := []string{"MARCANOMBRE", "MARCAPRIMERO", "MARCASEGUNDO", "MARCAALIAS", curp, "MARCADOMICILIO", "9985550199", "MARCACONTACTOS",
		"MARCANOTAS", "MARCASERVICIO", "MARCACANALIZACION", "MARCAEXCEPCION", "MARCARECHAZO", "MARCACANCELACION", "MARCAESTADO",
		"MARCAMINUTA", "MARCARESUMEN", "MARCAACUERDO", "MARCASEGUIMIENTO", "MARCASENTENCIA", "MARCAIMPUTADO", "FGE/MARCACARPETA/1",
		"MARCAMOTIVO"}

	res := ok(e.do(t, "POST", "/api/v1/victimas", ceav, map[string]any{"municipio": "23005",
		"attributes": map[string]any{"sex": "mujer", "identified_on": "2024-03-01"},
		"personal": map[string]any{"given_names": "MARCANOMBRE", "first_surname": "MARCAPRIMERO", "second_surname": "MARCASEGUNDO",
			"alias": "MARCAALIAS", "curp": curp, "address": "MARCADOMICILIO", "phone": "9985550199", "contacts": "MARCACONTACTOS",
			"notes": "MARCANOTAS"},
		"consents": []map[string]any{{"kind": "compartir_instituciones", "granted": true, "given_on": "2024-03-01"}}}), "register")
	var v struct{ ID, Folio string }
	res.json(t, &v)
	ok(e.do(t, "POST", "/api/v1/victimas/"+v.ID+"/servicios", ceav, map[string]any{"type": "alimentos", "provided_on": "2024-03-02",
		"quantity": 2, "notes": "MARCASERVICIO"}), "service")
	var k struct{ ID string }
	ok(e.do(t, "POST", "/api/v1/canalizaciones", ceav, map[string]any{"victim_id": v.ID, "to": "IQM", "service_type": "alojamiento",
		"sent_on": "2024-03-03", "notes": "MARCACANALIZACION"}), "send").json(t, &k)
	ok(e.do(t, "POST", "/api/v1/canalizaciones/"+k.ID+"/transiciones", iqm, map[string]any{"status": "rechazada", "reason": "MARCARECHAZO",
		"on": "2024-03-04"}), "reject")
	ok(e.do(t, "POST", "/api/v1/canalizaciones", ceav, map[string]any{"victim_id": v.ID, "to": "DIF", "service_type": "alojamiento",
		"sent_on": "2024-03-03"}), "send again").json(t, &k)
	ok(e.do(t, "POST", "/api/v1/canalizaciones/"+k.ID+"/transiciones", ceav, map[string]any{"status": "cancelada", "reason": "MARCACANCELACION",
		"on": "2024-03-04"}), "cancel")
	var caso struct {
		ID      string
		Version int
	}
	ok(e.do(t, "POST", "/api/v1/casos", ceav, map[string]any{"municipio": "23005", "modalidades": []string{"sin_definir"},
		"victim_ids": []string{v.ID}}), "caso").json(t, &caso)
	ok(e.doWith(t, "POST", "/api/v1/casos/"+caso.ID+"/estado", ceav, map[string]any{"status": "concluido", "reason": "MARCAESTADO"},
		map[string]string{"If-Match": `"v1"`}), "conclude")
	var carpeta struct{ ID string }
	ok(e.do(t, "POST", "/api/v1/carpetas", fge, map[string]any{"number": "FGE/MARCACARPETA/1", "fiscalia_unit": "FETP",
		"started_on": "2024-03-01", "municipio": "23005", "modalidad": "sin_definir", "victims": []map[string]string{{"folio": v.Folio}}}), "carpeta").json(t, &carpeta)
	ok(e.do(t, "POST", "/api/v1/canalizaciones", fge, map[string]any{"victim_id": v.ID, "to": "IQM", "service_type": "alojamiento",
		"sent_on": "2024-03-05", "override": true, "override_reason": "MARCAEXCEPCION de prueba"}), "override")
	ok(e.do(t, "POST", "/api/v1/carpetas/"+carpeta.ID+"/imputados", fge, map[string]any{"sex": "hombre", "names": "MARCAIMPUTADO"}), "imputado")
	ok(e.do(t, "POST", "/api/v1/carpetas/"+carpeta.ID+"/resoluciones", fge, map[string]any{"kind": "otra", "resolved_on": "2024-03-09",
		"sentence": "MARCASENTENCIA"}), "resolución")
	var session struct{ ID string }
	ok(e.do(t, "POST", "/api/v1/grupo-trabajo/sesiones", gt, map[string]any{"municipio": "23005", "held_on": "2024-03-10",
		"kind": "ordinaria", "minutes": "MARCAMINUTA"}), "session").json(t, &session)
	ok(e.do(t, "POST", "/api/v1/grupo-trabajo/sesiones/"+session.ID+"/revisiones", gt, map[string]any{"caso_id": caso.ID,
		"summary": "MARCARESUMEN"}), "review")
	var acuerdo struct{ ID string }
	ok(e.do(t, "POST", "/api/v1/grupo-trabajo/sesiones/"+session.ID+"/acuerdos", gt, map[string]any{"text": "MARCAACUERDO",
		"responsible": "IQM", "due_on": "2024-04-10"}), "acuerdo").json(t, &acuerdo)
	ok(e.do(t, "POST", "/api/v1/acuerdos/"+acuerdo.ID+"/seguimiento", gt, map[string]any{"status": "en_proceso", "note": "MARCASEGUIMIENTO",
		"on": "2024-03-11"}), "follow-up")
	other := map[string]string{"X-Motivo-Consulta": "otro", "X-Motivo-Detalle": url.QueryEscape("MARCAMOTIVO revisión")}
	ok(e.doWith(t, "GET", "/api/v1/victimas/"+v.ID, ceav, nil, other), "read with a motivo")

	dir, err := pgembed.FindBinDir("", pgembed.DefaultLibGlob)
	if err != nil {
		t.Fatal(err)
	}
	dump, err := exec.Command(filepath.Join(dir, "pg_dump"), "--dbname", e.DB.AdminURL).CombinedOutput()
	if err != nil {
		t.Fatalf("pg_dump: %v %s", err, dump)
	}
	if !strings.Contains(string(dump), v.Folio) || !strings.Contains(string(dump), "QROO-2024-000040") {
		t.Fatal("the dump does not hold the records at all")
	}
	for _, m := range markers {
		if strings.Contains(string(dump), m) {
			t.Errorf("%q found in clear in pg_dump", m)
		}
	}

	// Each reads back to whoever may read it.
	reads := []struct {
		token, path string
		want        []string
	}{
		{ceav, "/api/v1/victimas/" + v.ID, []string{"MARCANOMBRE", "MARCADOMICILIO", "MARCANOTAS"}},
		{ceav, "/api/v1/victimas/" + v.ID + "/linea-de-tiempo", []string{"MARCASERVICIO", "MARCARECHAZO", "MARCACANCELACION"}},
		{ceav, "/api/v1/casos/" + caso.ID, []string{"MARCAESTADO"}},
		{fge, "/api/v1/carpetas/" + carpeta.ID, []string{"FGE/MARCACARPETA/1", "MARCAIMPUTADO", "MARCASENTENCIA"}},
		{gt, "/api/v1/grupo-trabajo/sesiones/" + session.ID, []string{"MARCAMINUTA", "MARCARESUMEN", "MARCAACUERDO"}},
		{e.login(t, "auditora", testPassword).AccessToken, "/api/v1/auditoria?accion=victima.consultar", []string{"MARCAMOTIVO"}},
	}
	for _, r := range reads {
		body := string(e.doWith(t, "GET", r.path, r.token, nil, reason()).body)
		for _, w := range r.want {
			if !strings.Contains(body, w) {
				t.Errorf("GET %s lacks %s: %s", r.path, w, body)
			}
		}
	}
}

// A víctima's erasure destroys the reasons sealed with her key too: why her
// canalizaciones were rejected or sent without her consent, and the motivo
// detalle of the reads of her record.
func TestErasure_DestroysTheReasonsSealedWithHerKey(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "ceav", "CEAVEQROO", role("capturista", "23005"))
	e.addUser(t, "iqm", "IQM", role("capturista", "23005"))
	e.addUser(t, "auditora", "SEGOB", role("auditor", "*"))
	ceav, iqm := e.login(t, "ceav", testPassword).AccessToken, e.login(t, "iqm", testPassword).AccessToken
	var v struct{ ID string }
	e.do(t, "POST", "/api/v1/victimas", ceav, map[string]any{"municipio": "23005",
		"attributes": map[string]any{"sex": "mujer", "identified_on": "2024-03-01"}, "personal": map[string]any{"given_names": "Sara"},
		"consents": []map[string]any{{"kind": "compartir_instituciones", "granted": true, "given_on": "2024-03-01"}}}).json(t, &v)
	var k struct{ ID string }
	e.do(t, "POST", "/api/v1/canalizaciones", ceav, map[string]any{"victim_id": v.ID, "to": "IQM", "service_type": "alojamiento",
		"sent_on": "2024-03-03"}).json(t, &k)
	e.do(t, "POST", "/api/v1/canalizaciones/"+k.ID+"/transiciones", iqm, map[string]any{"status": "rechazada", "reason": "Sin cupo para ella y su hija"})
	e.doWith(t, "GET", "/api/v1/victimas/"+v.ID, ceav, nil, map[string]string{"X-Motivo-Consulta": "otro",
		"X-Motivo-Detalle": url.QueryEscape("Llamada de su hermana")})
	if res := e.doWith(t, "POST", "/api/v1/victimas/"+v.ID+"/supresion", ceav, map[string]any{"reason_code": "solicitud_arco"}, nil); res.status >= 300 {
		t.Fatalf("erase: %d %s", res.status, res.body)
	}
	detail := string(e.doWith(t, "GET", "/api/v1/canalizaciones/"+k.ID, ceav, nil, reason()).body)
	trail := string(e.do(t, "GET", "/api/v1/auditoria?accion=victima.consultar", e.login(t, "auditora", testPassword).AccessToken, nil).body)
	for _, text := range []string{"Sin cupo", "Llamada de su hermana"} {
		if strings.Contains(detail, text) || strings.Contains(trail, text) {
			t.Errorf("%q survived her erasure", text)
		}
	}
	var left int
	e.Owner(t).QueryRow(context.Background(), `SELECT count(*) FROM canalizacion_transitions t JOIN canalizaciones c ON c.id = t.canalizacion_id
		WHERE c.victim_id = $1 AND t.reason_enc IS NOT NULL`, v.ID).Scan(&left)
	if left != 0 {
		t.Errorf("%d sealed reasons of her canalizaciones kept", left)
	}
}

// Free text opened for a reader is a read of what may name a person: the
// acuerdos listed and a caso's status reasons are audited, each event
// naming the record, its municipio and the reader.
func TestSealedTextReads_AcuerdosAndCasoReasonsAreAudited(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "ceav", "CEAVEQROO", role("capturista", "23005"))
	e.addUser(t, "gtm", "SSC", role("grupo_trabajo", "23005"))
	ceav, gt := e.login(t, "ceav", testPassword).AccessToken, e.login(t, "gtm", testPassword).AccessToken
	var caso, session, acuerdo struct{ ID string }
	e.do(t, "POST", "/api/v1/casos", ceav, map[string]any{"municipio": "23005", "modalidades": []string{"sin_definir"}}).json(t, &caso)
	if res := e.doWith(t, "POST", "/api/v1/casos/"+caso.ID+"/estado", ceav, map[string]any{"status": "concluido",
		"reason": "Rosa Canul regresó con su familia en Chetumal"}, map[string]string{"If-Match": `"v1"`}); res.status != 200 {
		t.Fatalf("close the caso: %d %s", res.status, res.body)
	}
	e.do(t, "POST", "/api/v1/grupo-trabajo/sesiones", gt, map[string]any{"municipio": "23005", "held_on": "2024-03-10",
		"kind": "ordinaria"}).json(t, &session)
	e.do(t, "POST", "/api/v1/grupo-trabajo/sesiones/"+session.ID+"/acuerdos", gt, map[string]any{
		"text": "Reubicar a Rosa Canul, domicilio Calle 5 #12", "responsible": "IQM", "due_on": "2024-04-10"}).json(t, &acuerdo)

	if res := e.do(t, "GET", "/api/v1/acuerdos", gt, nil); !strings.Contains(string(res.body), "Calle 5 #12") {
		t.Fatalf("acuerdos: %d %s", res.status, res.body)
	}
	if res := e.do(t, "GET", "/api/v1/casos/"+caso.ID, ceav, nil); !strings.Contains(string(res.body), "Chetumal") {
		t.Fatalf("caso: %d %s", res.status, res.body)
	}
	acuerdos, casos := e.trail(t, "acuerdo.consultar"), e.trail(t, "caso.consultar")
	if len(acuerdos) != 1 || acuerdos[0].Username != "gtm" || acuerdos[0].Municipio != "23005" ||
		!strings.Contains(acuerdos[0].Detail, acuerdo.ID) {
		t.Errorf("the acuerdos listed: %+v, want one event of gtm in 23005 naming %s", acuerdos, acuerdo.ID)
	}
	if len(casos) != 1 || casos[0].Username != "ceav" || casos[0].Municipio != "23005" || casos[0].RecordID != caso.ID {
		t.Errorf("the caso read: %+v, want one event of ceav in 23005 on %s", casos, caso.ID)
	}
	for _, ev := range append(acuerdos, casos...) {
		if strings.Contains(ev.Detail, "Rosa") || strings.Contains(ev.Detail, "Chetumal") {
			t.Errorf("sealed text in the trail: %q", ev.Detail)
		}
	}
}
