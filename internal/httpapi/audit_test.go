package httpapi_test

import (
	"encoding/csv"
	"net/url"
	"strings"
	"testing"
)

type auditPage struct {
	Items []struct {
		ID         int64  `json:"id"`
		Action     string `json:"action"`
		Username   string `json:"username"`
		RecordID   string `json:"record_id"`
		Outcome    string `json:"outcome"`
		RequestID  string `json:"request_id"`
		ClientAddr string `json:"client_addr"`
		Detail     string `json:"detail"`
	} `json:"items"`
	Next *string `json:"next"`
}

func TestAuditTrail_RecordsEveryChangeForTheAuditor(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "admin", "SEGOB", role("admin", "*"))
	e.addUser(t, "auditora", "SEGOB", role("auditor", "*"))
	admin := e.login(t, "admin", testPassword)
	res := e.do(t, "POST", "/api/v1/admin/usuarios", admin.AccessToken, map[string]any{
		"username": "luis.enlace", "display_name": "Luis Enlace", "institution": "FGE",
		"roles": []map[string]string{{"role": "enlace", "domain": "*"}}})
	var created struct{ User struct{ ID string } }
	res.json(t, &created)
	e.do(t, "POST", "/api/v1/auth/login", "", map[string]string{"username": "admin", "password": "equivocada-otra-vez"})
	auditor := e.login(t, "auditora", testPassword)

	res = e.do(t, "GET", "/api/v1/auditoria?accion=usuario.crear&registro="+created.User.ID, auditor.AccessToken, nil)
	var page auditPage
	res.json(t, &page)
	if res.status != 200 || len(page.Items) != 1 {
		t.Fatalf("search: %d %s", res.status, res.body)
	}
	ev := page.Items[0]
	if ev.Username != "admin" || ev.Detail != "enlace@*" || ev.RequestID == "" || ev.ClientAddr == "" {
		t.Errorf("event: %+v", ev)
	}
	res = e.do(t, "GET", "/api/v1/auditoria?accion=sesion.fallida", auditor.AccessToken, nil)
	res.json(t, &page)
	if len(page.Items) != 1 || page.Items[0].Outcome != "failed" {
		t.Errorf("failed login: %s", res.body)
	}
	if strings.Contains(string(res.body), "equivocada") {
		t.Error("the failed password reached the audit trail")
	}

	// Paging walks every event once.
	seen := map[int64]bool{}
	next := ""
	for range 20 {
		res = e.do(t, "GET", "/api/v1/auditoria?limit=2"+next, auditor.AccessToken, nil)
		var p auditPage
		res.json(t, &p)
		for _, it := range p.Items {
			if seen[it.ID] {
				t.Fatalf("event %d on two pages", it.ID)
			}
			seen[it.ID] = true
		}
		if p.Next == nil {
			break
		}
		next = "&cursor=" + *p.Next
	}
	total := e.do(t, "GET", "/api/v1/auditoria?limit=200", auditor.AccessToken, nil)
	var all auditPage
	total.json(t, &all)
	if len(seen) != len(all.Items) || len(seen) < 4 {
		t.Errorf("paged through %d events, one page has %d", len(seen), len(all.Items))
	}
}

func TestAuditExport_IsCSVAndRecordsTheExport(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "auditora", "SEGOB", role("auditor", "*"))
	auditor := e.login(t, "auditora", testPassword)
	res := e.do(t, "GET", "/api/v1/auditoria/exportacion?accion=sesion.iniciar", auditor.AccessToken, nil)
	if res.status != 200 || !strings.HasPrefix(res.header.Get("Content-Type"), "text/csv") {
		t.Fatalf("export: %d %s", res.status, res.header.Get("Content-Type"))
	}
	rows, err := csv.NewReader(strings.NewReader(string(res.body))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0][0] != "id" || rows[1][8] != "sesion.iniciar" || rows[1][3] != "auditora" {
		t.Errorf("rows: %v", rows)
	}
	// A stated reason is text someone typed: it stays sealed, out of the file.
	e.addUser(t, "ana", "CEAVEQROO", role("capturista", "23005"))
	ana := e.login(t, "ana", testPassword).AccessToken
	res = e.do(t, "POST", "/api/v1/victimas", ana, map[string]any{"municipio": "23005", "attributes": map[string]any{"sex": "mujer"},
		"personal": map[string]any{"given_names": "Prueba"}})
	var victim struct{ ID string }
	res.json(t, &victim)
	e.doWith(t, "GET", "/api/v1/victimas/"+victim.ID, ana, nil, map[string]string{"X-Motivo-Consulta": "otro",
		"X-Motivo-Detalle": url.PathEscape(`=HYPERLINK("http://example.com","Ver")`)})
	res = e.do(t, "GET", "/api/v1/auditoria/exportacion?accion=victima.consultar", auditor.AccessToken, nil)
	if rows, err = csv.NewReader(strings.NewReader(string(res.body))).ReadAll(); err != nil || len(rows) != 2 ||
		strings.Contains(string(res.body), "HYPERLINK") || rows[1][13] != "otro" {
		t.Errorf("the motivo detalle in the export: %v %v", rows, err)
	}
	res = e.do(t, "GET", "/api/v1/auditoria?accion=auditoria.exportar", auditor.AccessToken, nil)
	var page auditPage
	res.json(t, &page)
	if len(page.Items) != 2 {
		t.Errorf("the exports were not recorded: %s", res.body)
	}
}
