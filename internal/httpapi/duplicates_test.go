package httpapi_test

import (
	"fmt"
	"strings"
	"testing"

	"sintra/internal/app"
)

// Each registration that matches an existing víctima tells the caller that
// the person is registered, and by which institution: every such match is
// audited, and a caller who keeps matching is refused and flagged.
func TestDuplicateWarnings_AreAuditedAndThrottled(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *app.Config) { c.AuditRules.MaxDuplicateHitsPerHour = 3 })
	e.addUser(t, "ceav", "CEAVEQROO", role("capturista", "23005"))
	e.addUser(t, "dif", "DIF", role("capturista", "23005"))
	e.addUser(t, "auditora", "SEGOB", role("auditor", "*"))
	ceav, dif := e.login(t, "ceav", testPassword).AccessToken, e.login(t, "dif", testPassword).AccessToken
	auditor := e.login(t, "auditora", testPassword).AccessToken
	curp := curpEnding(t, "HEGG560427MVZRRL0")
	register := func(token, name string) response {
		return e.do(t, "POST", "/api/v1/victimas", token, map[string]any{"municipio": "23005",
			"attributes": map[string]any{"sex": "mujer"}, "personal": map[string]any{"given_names": name, "curp": curp}})
	}
	if res := register(ceav, "Carla"); res.status != 201 {
		t.Fatalf("first registration: %d %s", res.status, res.body)
	}
	for i := range 3 {
		if res := register(dif, fmt.Sprintf("Intento %d", i)); res.status != 409 {
			t.Fatalf("probe %d: %d %s, want the duplicate warning", i, res.status, res.body)
		}
	}
	res := register(dif, "Intento 4")
	if res.status != 429 || strings.Contains(string(res.body), "CEAVEQROO") {
		t.Fatalf("a fourth probe within the hour: %d %s, want 429 naming no institution", res.status, res.body)
	}
	trail := e.do(t, "GET", "/api/v1/auditoria?accion=victima.posible_duplicado", auditor, nil)
	if n := strings.Count(string(trail.body), `"action":"victima.posible_duplicado"`); n != 3 {
		t.Errorf("%d duplicate matches in the trail, want 3: %s", n, trail.body)
	}
	findings := e.do(t, "GET", "/api/v1/auditoria/hallazgos", auditor, nil)
	if !strings.Contains(string(findings.body), "coincidencias_excesivas") || !strings.Contains(string(findings.body), `"username":"dif"`) {
		t.Errorf("no finding about the probing user: %s", findings.body)
	}
}
