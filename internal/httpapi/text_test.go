package httpapi_test

import (
	"context"
	"strings"
	"testing"

	"sintra/internal/actividades"
)

// PostgreSQL's text columns refuse NUL and invalid UTF-8. Such text is
// refused on its field with a 400, wherever it comes in, and nothing of
// the request is stored.
func TestText_NULAndInvalidUTF8AreRefusedOnTheirFieldAndStoreNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "ana", "CEAVEQROO", role("capturista", "23005"))
	e.addUser(t, "miembro", "SSC", role("grupo_trabajo", "23005"))
	e.addUser(t, "auditor", "SEGOB", role("auditor", "*"))
	e.addUser(t, "secretaria", "SEGOB", role("secretaria_tecnica", "*"))
	e.addUser(t, "enlace", "SSC", role("enlace", "*"))
	ana := e.login(t, "ana", testPassword).AccessToken
	gt := e.login(t, "miembro", testPassword).AccessToken
	auditor := e.login(t, "auditor", testPassword).AccessToken
	secretaria := e.login(t, "secretaria", testPassword).AccessToken
	enlace := e.login(t, "enlace", testPassword).AccessToken

	res := e.do(t, "POST", "/api/v1/victimas", ana, map[string]any{"municipio": "23005", "attributes": map[string]any{"sex": "mujer"},
		"personal": map[string]any{"given_names": "Prueba"}})
	var victim struct{ ID string }
	res.json(t, &victim)
	res = e.do(t, "POST", "/api/v1/grupo-trabajo/sesiones", gt, map[string]any{"municipio": "23005", "held_on": "2024-04-01", "kind": "ordinaria"})
	var session struct {
		ID      string
		Version int
	}
	res.json(t, &session)
	if victim.ID == "" || session.ID == "" {
		t.Fatalf("fixture: víctima %q, session %q", victim.ID, session.ID)
	}
	events := func() (n int) {
		e.pool.QueryRow(context.Background(), "SELECT count(*) FROM audit_events").Scan(&n)
		return n
	}
	before := events()

	for _, tt := range []struct {
		name, token, method, path string
		body                      any
		headers                   map[string]string
		field                     string
	}{
		{"a NUL in the reason", ana, "GET", "/api/v1/victimas/" + victim.ID, nil,
			map[string]string{"X-Motivo-Consulta": "otro", "X-Motivo-Detalle": "revisi%C3%B3n%00anual"}, "X-Motivo-Detalle"},
		{"invalid UTF-8 in the reason", ana, "GET", "/api/v1/victimas/" + victim.ID, nil,
			map[string]string{"X-Motivo-Consulta": "otro", "X-Motivo-Detalle": "revisi%F3n anual"}, "X-Motivo-Detalle"},
		{"invalid UTF-8 in the reason, not encoded", ana, "GET", "/api/v1/victimas/" + victim.ID + "/historial", nil,
			map[string]string{"X-Motivo-Consulta": "otro", "X-Motivo-Detalle": "revisi\xf3n anual"}, "X-Motivo-Detalle"},
		{"a NUL in the reason of a session read", gt, "GET", "/api/v1/grupo-trabajo/sesiones/" + session.ID, nil,
			map[string]string{"X-Motivo-Consulta": "otro", "X-Motivo-Detalle": "%00%00%00%00%00"}, "X-Motivo-Detalle"},
		{"a NUL in new minutes", gt, "PUT", "/api/v1/grupo-trabajo/sesiones/" + session.ID + "/minuta",
			map[string]string{"minutes": "Se acordó\u0000 revisar"}, map[string]string{"If-Match": `"1"`}, "minutes"},
		{"a NUL in a new session's minutes", gt, "POST", "/api/v1/grupo-trabajo/sesiones",
			map[string]any{"municipio": "23005", "held_on": "2024-05-01", "kind": "ordinaria", "minutes": "\u0000"}, nil, "minutes"},
		{"a NUL in a víctima's name", ana, "POST", "/api/v1/victimas",
			map[string]any{"municipio": "23005", "attributes": map[string]any{"sex": "mujer"}, "personal": map[string]any{"given_names": "Ro\u0000sa"}}, nil, "personal.given_names"},
		{"a NUL in a list item", gt, "POST", "/api/v1/grupo-trabajo/sesiones",
			map[string]any{"municipio": "23005", "held_on": "2024-05-01", "kind": "ordinaria", "institutions": []string{"SSC", "F\u0000GE"}}, nil, "institutions.1"},
		{"a NUL in a query parameter", auditor, "GET", "/api/v1/auditoria?tipo_registro=victima%00", nil, nil, "tipo_registro"},
		{"invalid UTF-8 in a query parameter", auditor, "GET", "/api/v1/auditoria/exportacion?accion=%C3", nil, nil, "accion"},
		{"a NUL in a period's name", secretaria, "POST", "/api/v1/periodos",
			map[string]any{"name": "2024 T5\u0000", "kind": "trimestral", "starts_on": "2024-01-01", "ends_on": "2024-03-31"}, nil, "name"},
	} {
		res := e.doWith(t, tt.method, tt.path, tt.token, tt.body, tt.headers)
		if res.status != 400 || !strings.Contains(string(res.body), `"field":"`+tt.field+`"`) ||
			!strings.Contains(string(res.body), "caracteres no válidos") {
			t.Errorf("%s: %d %s, want 400 on %s", tt.name, res.status, res.body, tt.field)
		}
	}
	// A spreadsheet's cells: a NUL, or a CSV saved in another encoding
	// than UTF-8 (Excel's "CSV" is Windows-1252), is named by row and column.
	header := strings.Join(actividades.Columns, ";") + "\n"
	for name, row := range map[string]string{
		"a NUL in a cell":    "SSC;combate;recorrido;Recorrido\x00 nocturno;2024-05-30;23005;1;10;5;5;;;\n",
		"a Windows-1252 CSV": "SSC;combate;recorrido;Pl\xe1tica;2024-05-30;23005;1;10;5;5;;;\n",
	} {
		res := e.do(t, "POST", "/api/v1/actividades/importacion?archivo=ssc.csv", enlace, []byte(header+row))
		if res.status != 400 || !strings.Contains(string(res.body), `{"row":2,"column":"nombre","message":"El texto contiene caracteres no válidos; si el archivo es CSV, guárdelo como CSV UTF-8."}`) {
			t.Errorf("%s: %d %s", name, res.status, res.body)
		}
	}
	if after := events(); after != before {
		t.Errorf("refused requests left %d audit events", after-before)
	}
	var sessions int
	e.Owner(t).QueryRow(context.Background(), "SELECT count(*) FROM gt_sessions").Scan(&sessions)
	if sessions != 1 {
		t.Errorf("%d sessions, want the one of the fixture", sessions)
	}
}
