package httpapi_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"sintra/internal/app"
)

// probeDuplicates registers, as CEAVEQROO, a víctima with a CURP and
// returns a way for a caseworker of DIF ("dif") to register someone else
// under the same CURP, each registration a probe of whether she exists.
func probeDuplicates(t *testing.T, e *env) func(name string) response {
	t.Helper()
	e.addUser(t, "ceav", "CEAVEQROO", role("capturista", "23005"))
	e.addUser(t, "dif", "DIF", role("capturista", "23005"))
	ceav, dif := e.login(t, "ceav", testPassword).AccessToken, e.login(t, "dif", testPassword).AccessToken
	curp := curpEnding(t, "HEGG560427MVZRRL0")
	register := func(token, name string) response {
		return e.do(t, "POST", "/api/v1/victimas", token, map[string]any{"municipio": "23005",
			"attributes": map[string]any{"sex": "mujer"}, "personal": map[string]any{"given_names": name, "curp": curp}})
	}
	if res := register(ceav, "Carla"); res.status != 201 {
		t.Fatalf("first registration: %d %s", res.status, res.body)
	}
	return func(name string) response { return register(dif, name) }
}

// Each registration that matches an existing víctima tells the caller that
// the person is registered, and by which institution: every such match is
// audited, and a caller who keeps matching is refused and flagged.
func TestDuplicateWarnings_AreAuditedAndThrottled(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *app.Config) { c.AuditRules.MaxDuplicateHitsPerHour = 3 })
	probe := probeDuplicates(t, e)
	e.addUser(t, "auditora", "SEGOB", role("auditor", "*"))
	auditor := e.login(t, "auditora", testPassword).AccessToken
	for i := range 3 {
		if res := probe(fmt.Sprintf("Intento %d", i)); res.status != 409 {
			t.Fatalf("probe %d: %d %s, want the duplicate warning", i, res.status, res.body)
		}
	}
	res := probe("Intento 4")
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

// Registrations sent in parallel are counted one after another: however
// many arrive at once, no more of them than the hourly limit learn that
// the person is registered, and by whom.
func TestDuplicateWarnings_ParallelRegistrationsRevealNoMoreThanTheLimit(t *testing.T) {
	t.Parallel()
	const limit, parallel = 3, 40
	e := newEnv(t, func(c *app.Config) { c.AuditRules.MaxDuplicateHitsPerHour = limit })
	probe := probeDuplicates(t, e)
	answers := make([]response, parallel)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range answers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			answers[i] = probe(fmt.Sprintf("Intento %d", i))
		}()
	}
	close(start)
	wg.Wait()
	revealed := 0
	for _, res := range answers {
		switch {
		case res.status == 409 && strings.Contains(string(res.body), "CEAVEQROO"):
			revealed++
		case res.status != 429:
			t.Errorf("a parallel registration got %d %s", res.status, res.body)
		}
	}
	if revealed > limit {
		t.Errorf("%d of %d parallel registrations learnt where the person is registered, limit %d an hour", revealed, parallel, limit)
	}
	if hits := len(e.trail(t, "victima.posible_duplicado")); hits != revealed {
		t.Errorf("%d duplicate matches in the trail, %d answered", hits, revealed)
	}
}
