package httpapi_test

import (
	"strings"
	"testing"
)

func grantPath(id string) string { return "/api/v1/admin/usuarios/" + id + "/roles" }

func TestAdmin_CannotGrantItselfAnyRoleNorResetItsOwnCredentials(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	me := e.addUser(t, "admin.a", "SEGOB", role("admin", "*"))
	a := e.login(t, "admin.a", testPassword).AccessToken
	for _, r := range []map[string]string{{"role": "auditor", "domain": "*"}, {"role": "capturista", "domain": "23005"},
		{"role": "analista", "domain": "*"}, {"role": "admin", "domain": "23005"}} {
		res := e.do(t, "POST", grantPath(me.ID.String()), a, r)
		if res.status != 403 || !strings.Contains(string(res.body), "No puede asignarse funciones") {
			t.Errorf("granting itself %s: %d %s, want 403", r["role"], res.status, res.body)
		}
	}
	for _, reset := range []string{"restablecer-contrasena", "restablecer-segundo-factor"} {
		if res := e.do(t, "POST", "/api/v1/admin/usuarios/"+me.ID.String()+"/"+reset, a, nil); res.status != 403 {
			t.Errorf("%s of its own account: %d %s, want 403", reset, res.status, res.body)
		}
	}
	// Nothing was granted.
	if res := e.do(t, "GET", "/api/v1/me", a, nil); strings.Count(string(res.body), `"role"`) != 1 {
		t.Errorf("own roles after the refusals: %s", res.body)
	}
	if res := e.do(t, "GET", "/api/v1/auditoria", a, nil); res.status != 403 {
		t.Errorf("the audit trail after a refused self-grant: %d", res.status)
	}
}
