package httpapi_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
)

// rawPost sends body exactly as given, with a content type.
func (e *env) rawPost(t *testing.T, path, token, contentType string, body []byte) response {
	t.Helper()
	req, _ := http.NewRequest("POST", e.srv.URL+path, bytes.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(res.Body)
	return response{status: res.StatusCode, header: res.Header, body: b.Bytes()}
}

func TestHostileRequests_GetA4xxAndChangeNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "ana", "CEAVEQROO", role("capturista", "23005"))
	tk := e.login(t, "ana", testPassword).AccessToken
	count := func() string {
		res := e.do(t, "GET", "/api/v1/victimas?limit=1", tk, nil)
		var page struct{ Total int }
		res.json(t, &page)
		return strings.Repeat("x", page.Total)
	}
	before := count()
	valid := `{"municipio":"23005","attributes":{"sex":"mujer"},"personal":{"given_names":"Prueba"}}`
	for _, tt := range []struct {
		name, contentType string
		body              []byte
		want              int
	}{
		{"a number where text goes", "application/json", []byte(`{"municipio":23005,"attributes":{"sex":"mujer"},"personal":{}}`), 400},
		{"text where a number goes", "application/json", []byte(`{"municipio":"23005","attributes":{"sex":"mujer","age":"veinte"},"personal":{}}`), 400},
		{"an unknown field", "application/json", []byte(`{"municipio":"23005","attributes":{"sex":"mujer"},"personal":{},"is_admin":true}`), 400},
		{"an unknown nested field", "application/json", []byte(`{"municipio":"23005","attributes":{"sex":"mujer","x":1},"personal":{}}`), 400},
		{"broken JSON", "application/json", []byte(valid[:40]), 400},
		{"JSON under another name", "text/plain", []byte(valid), 400},
		{"invalid UTF-8", "application/json", []byte("{\"municipio\":\"23005\",\"attributes\":{\"sex\":\"mujer\"},\"personal\":{\"given_names\":\"\xff\xfe\"}}"), 400},
		{"a 10 MB body", "application/json", append([]byte(`{"municipio":"23005","attributes":{"sex":"mujer"},"personal":{"notes":"`),
			append(bytes.Repeat([]byte("a"), 10<<20), `"}}`...)...), 413},
		{"SQL in the municipio", "application/json", []byte(`{"municipio":"23005'; DROP TABLE victims; --","attributes":{"sex":"mujer"},"personal":{}}`), 400},
	} {
		res := e.rawPost(t, "/api/v1/victimas", tk, tt.contentType, tt.body)
		if res.status != tt.want || !bytes.Contains(res.body, []byte(`"code"`)) {
			t.Errorf("%s: %d %.200s, want %d with a problem", tt.name, res.status, res.body, tt.want)
		}
	}
	// Searches take patterns: SQL in a folio is refused before any query.
	if res := e.do(t, "POST", "/api/v1/victimas/busqueda", tk, map[string]string{"folio": "' OR 1=1 --"}); res.status != 400 {
		t.Errorf("SQL as a folio: %d %s", res.status, res.body)
	}
	if after := count(); after != before {
		t.Errorf("hostile requests changed the records: %d víctimas before, %d after", len(before), len(after))
	}
	// SQL in free text is just text: stored as written, harming nothing.
	name := `Robert'); DROP TABLE victims;--`
	res := e.do(t, "POST", "/api/v1/victimas", tk, map[string]any{"municipio": "23005", "attributes": map[string]any{"sex": "hombre"},
		"personal": map[string]any{"given_names": name}})
	if res.status != 201 || !strings.Contains(string(res.body), `DROP TABLE victims;--`) {
		t.Fatalf("a name with SQL in it: %d %s", res.status, res.body)
	}
	if after := count(); len(after) != len(before)+1 {
		t.Errorf("víctimas after the SQL-like name: %d, want %d", len(after), len(before)+1)
	}
}
