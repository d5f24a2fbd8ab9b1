package httpapi_test

import (
	"slices"
	"strings"
	"testing"
)

// TestCorrectAndVoidService_KeepsHistoryAndScope corrects a service through
// the API with optimistic concurrency, voids it, and reads its history;
// another municipio's caseworker of the same institution finds nothing.
func TestCorrectAndVoidService_KeepsHistoryAndScope(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "ceav", "CEAVEQROO", role("capturista", "23005"))
	e.addUser(t, "otra", "CEAVEQROO", role("capturista", "23004"))
	ceav := e.login(t, "ceav", testPassword).AccessToken
	elsewhere := e.login(t, "otra", testPassword).AccessToken

	res := e.do(t, "POST", "/api/v1/victimas", ceav, map[string]any{"municipio": "23005",
		"attributes": map[string]any{"sex": "mujer", "identified_on": "2024-03-20"}, "personal": map[string]any{"given_names": "Ana"}})
	var v struct{ ID string }
	res.json(t, &v)
	res = e.do(t, "POST", "/api/v1/victimas/"+v.ID+"/servicios", ceav,
		map[string]any{"type": "alimentos", "provided_on": "2024-04-10", "quantity": 78, "notes": "Entrega en albergue"})
	if res.status != 201 {
		t.Fatalf("record: %d %s", res.status, res.body)
	}
	var sv struct {
		ID      string
		Version int
	}
	res.json(t, &sv)
	path := "/api/v1/servicios/" + sv.ID
	fix := map[string]any{"type": "alimentos", "provided_on": "2024-04-10", "quantity": 7, "reason_code": "otro",
		"reason_text": "Se capturó 78 en lugar de 7"}
	v1 := map[string]string{"If-Match": `"v1"`}

	for _, c := range []struct {
		name    string
		token   string
		body    any
		headers map[string]string
		want    int
		says    string
	}{
		{"without If-Match", ceav, fix, nil, 428, "If-Match"},
		{"from another municipio", elsewhere, fix, v1, 404, "no existe"},
		{"without a reason's text for otro", ceav, map[string]any{"type": "alimentos", "provided_on": "2024-04-10", "quantity": 7,
			"reason_code": "otro"}, v1, 400, "Describa el motivo"},
		{"with a quantity out of range", ceav, map[string]any{"type": "alimentos", "provided_on": "2024-04-10", "quantity": 0,
			"reason_code": "error_captura"}, v1, 400, ""},
		{"current", ceav, fix, v1, 200, ""},
		{"stale", ceav, fix, v1, 412, "cambió"},
	} {
		got := e.doWith(t, "PUT", path, c.token, c.body, c.headers)
		if got.status != c.want || !strings.Contains(string(got.body), c.says) {
			t.Errorf("correct %s: %d %s, want %d saying %q", c.name, got.status, got.body, c.want, c.says)
		}
		if c.want == 200 && got.header.Get("ETag") != `"v2"` {
			t.Errorf("corrected service's ETag = %q, want \"v2\"", got.header.Get("ETag"))
		}
	}
	v2 := map[string]string{"If-Match": `"v2"`}
	if got := e.doWith(t, "POST", path+"/anulacion", elsewhere, map[string]any{"reason_code": "duplicado"}, v2); got.status != 404 {
		t.Errorf("void from another municipio: %d %s", got.status, got.body)
	}
	if got := e.doWith(t, "POST", path+"/anulacion", ceav, map[string]any{"reason_code": "duplicado"}, v2); got.status != 204 {
		t.Fatalf("void: %d %s", got.status, got.body)
	}
	if got := e.doWith(t, "PUT", path, ceav, fix, map[string]string{"If-Match": `"v3"`}); got.status != 409 {
		t.Errorf("correcting a voided service: %d %s, want 409", got.status, got.body)
	}

	var list struct {
		Items []struct {
			VoidedAt *string `json:"voided_at"`
		}
	}
	e.do(t, "GET", "/api/v1/victimas/"+v.ID+"/servicios", ceav, nil).json(t, &list)
	if len(list.Items) != 0 {
		t.Errorf("the víctima's services list a voided one: %+v", list.Items)
	}
	e.do(t, "GET", "/api/v1/victimas/"+v.ID+"/servicios?anuladas=true", ceav, nil).json(t, &list)
	if len(list.Items) != 1 || list.Items[0].VoidedAt == nil {
		t.Errorf("asked for voided services, got %+v", list.Items)
	}

	if got := e.doWith(t, "GET", path+"/historial", elsewhere, nil, reason()); got.status != 404 {
		t.Errorf("history from another municipio: %d %s", got.status, got.body)
	}
	var history struct {
		Items []struct {
			Kind     string
			Previous []struct{ Field, Value string }
			Version  int
		}
	}
	res = e.doWith(t, "GET", path+"/historial", ceav, nil, reason())
	if res.status != 200 {
		t.Fatalf("history: %d %s", res.status, res.body)
	}
	body := string(res.body)
	res.json(t, &history)
	if len(history.Items) != 2 || !slices.Contains(history.Items[0].Previous, struct{ Field, Value string }{"quantity", "78"}) || history.Items[0].Version != 1 ||
		!strings.Contains(body, "Se capturó 78 en lugar de 7") || !strings.Contains(body, `"anulacion"`) {
		t.Errorf("history = %s", body)
	}
}
