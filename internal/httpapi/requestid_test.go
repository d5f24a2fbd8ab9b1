package httpapi_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
)

// The request id goes into the logs and the audit trail: a client's own is
// kept only when it is a sane id, and replaced by a fresh one otherwise.
func TestRequestID_OnlyASaneClientIDIsKept(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "ana.lopez", "CEAVEQROO")
	sane := regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)
	for _, tt := range []struct {
		name, id string
		kept     bool
	}{
		{"a proxy's id", "5f0c7e1a-3b7d-4c1e-9a41-0a9e2b6f1c3d", true},
		{"a short id", "req_42.a", true},
		{"64 characters", strings.Repeat("a", 64), true},
		{"65 characters", strings.Repeat("a", 65), false},
		{"100,000 characters", strings.Repeat("x", 100000), false},
		{"spaces and quotes", `abc "def"`, false},
		{"a forged log line", "abc\\nlevel=ERROR", false},
		{"non-ASCII", "solicitud-ñ", false},
	} {
		res := e.doWith(t, "POST", "/api/v1/auth/login", "", map[string]string{"username": "ana.lopez", "password": testPassword},
			map[string]string{"X-Request-ID": tt.id})
		got := res.header.Get("X-Request-ID")
		if res.status != 200 || (got == tt.id) != tt.kept || !sane.MatchString(got) {
			t.Errorf("%s: status %d, id answered %.80q", tt.name, res.status, got)
		}
		var stored string
		err := e.pool.QueryRow(context.Background(),
			"SELECT request_id FROM audit_events WHERE action = 'sesion.iniciar' ORDER BY id DESC LIMIT 1").Scan(&stored)
		if err != nil || stored != got {
			t.Errorf("%s: audited request id %.80q, answered %.80q (%v)", tt.name, stored, got, err)
		}
	}
}
