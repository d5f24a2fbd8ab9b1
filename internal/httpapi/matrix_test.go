package httpapi_test

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"sintra/internal/authz"
)

// matrixRow says what every caller gets from one route.
type matrixRow struct {
	// request returns the concrete path and body; target is a fresh
	// account holding capturista in 23005, for routes about accounts.
	request func(target string) (path string, body any)
	anon    int
	// byRole is the status for each role; roles not listed get otherwise.
	byRole    map[string]int
	otherwise int
}

func everyRole(status int) map[string]int {
	m := map[string]int{}
	for _, r := range authz.Roles {
		m[r] = status
	}
	return m
}

func only(roles []string, status int) map[string]int {
	m := map[string]int{}
	for _, r := range roles {
		m[r] = status
	}
	return m
}

func fixed(path string, body any) func(string) (string, any) {
	return func(string) (string, any) { return path, body }
}

func onUser(suffix string, body any) func(string) (string, any) {
	return func(target string) (string, any) { return "/api/v1/admin/usuarios/" + target + suffix, body }
}

// matrix has a row for every route under /api/v1, keyed by method and
// Echo's route pattern. A route without a row fails the test.
var matrix = map[string]matrixRow{
	"GET /api/v1/catalogos/:nombre": {request: fixed("/api/v1/catalogos/municipios", nil), anon: 200, otherwise: 200},
	"POST /api/v1/auth/login": {request: func(target string) (string, any) {
		// A different unknown account each time, so that no account locks.
		return "/api/v1/auth/login", map[string]string{"username": "nadie-" + target[:8], "password": "x"}
	}, anon: 401, otherwise: 401},
	"POST /api/v1/auth/refresh": {request: fixed("/api/v1/auth/refresh", map[string]string{"refresh_token": "no-existe"}),
		anon: 401, otherwise: 401},
	"POST /api/v1/auth/logout": {request: fixed("/api/v1/auth/logout", nil), anon: 401, byRole: everyRole(204)},
	"POST /api/v1/auth/password": {request: fixed("/api/v1/auth/password", map[string]string{"current_password": "incorrecta", "new_password": "x"}),
		anon: 401, byRole: everyRole(400)},
	"POST /api/v1/auth/totp":              {request: fixed("/api/v1/auth/totp", nil), anon: 401, byRole: everyRole(200)},
	"POST /api/v1/auth/totp/confirmacion": {request: fixed("/api/v1/auth/totp/confirmacion", map[string]string{"code": "123456"}), anon: 401, byRole: everyRole(409)},
	"GET /api/v1/me":                      {request: fixed("/api/v1/me", nil), anon: 401, byRole: everyRole(200)},
	"GET /api/v1/admin/usuarios":          {request: fixed("/api/v1/admin/usuarios", nil), anon: 401, byRole: only([]string{"admin"}, 200), otherwise: 403},
	"POST /api/v1/admin/usuarios": {request: func(target string) (string, any) {
		return "/api/v1/admin/usuarios", map[string]any{"username": "nueva-" + target[:8], "display_name": "Nueva", "institution": "IQM"}
	}, anon: 401, byRole: only([]string{"admin"}, 201), otherwise: 403},
	"GET /api/v1/admin/usuarios/:id":                             {request: onUser("", nil), anon: 401, byRole: only([]string{"admin"}, 200), otherwise: 403},
	"POST /api/v1/admin/usuarios/:id/deshabilitar":               {request: onUser("/deshabilitar", nil), anon: 401, byRole: only([]string{"admin"}, 200), otherwise: 403},
	"POST /api/v1/admin/usuarios/:id/habilitar":                  {request: onUser("/habilitar", nil), anon: 401, byRole: only([]string{"admin"}, 200), otherwise: 403},
	"POST /api/v1/admin/usuarios/:id/roles":                      {request: onUser("/roles", map[string]string{"role": "analista", "domain": "*"}), anon: 401, byRole: only([]string{"admin"}, 200), otherwise: 403},
	"DELETE /api/v1/admin/usuarios/:id/roles/:role/:domain":      {request: onUser("/roles/capturista/23005", nil), anon: 401, byRole: only([]string{"admin"}, 200), otherwise: 403},
	"POST /api/v1/admin/usuarios/:id/restablecer-contrasena":     {request: onUser("/restablecer-contrasena", nil), anon: 401, byRole: only([]string{"admin"}, 200), otherwise: 403},
	"POST /api/v1/admin/usuarios/:id/restablecer-segundo-factor": {request: onUser("/restablecer-segundo-factor", nil), anon: 401, byRole: only([]string{"admin"}, 204), otherwise: 403},
	"GET /api/v1/auditoria":                                      {request: fixed("/api/v1/auditoria", nil), anon: 401, byRole: only([]string{"auditor"}, 200), otherwise: 403},
	"GET /api/v1/auditoria/exportacion":                          {request: fixed("/api/v1/auditoria/exportacion", nil), anon: 401, byRole: only([]string{"auditor"}, 200), otherwise: 403},
	"GET /api/v1/auditoria/hallazgos":                            {request: fixed("/api/v1/auditoria/hallazgos", nil), anon: 401, byRole: only([]string{"auditor"}, 200), otherwise: 403},
}

// callers are the principals of the matrix: each role held in its own
// municipio (23005) and in another one (23004), and nobody.
type caller struct {
	name, role, domain string
}

func callers() []caller {
	out := []caller{{name: "anonymous"}}
	for _, r := range authz.Roles {
		out = append(out, caller{name: r + "@own", role: r, domain: "23005"}, caller{name: r + "@other", role: r, domain: "23004"})
	}
	return out
}

func TestAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var routes []string
	for _, r := range e.echo.Routes() {
		if strings.HasPrefix(r.Path, "/api/v1/") {
			routes = append(routes, r.Method+" "+r.Path)
		}
	}
	sort.Strings(routes)
	routes = slices.Compact(routes)
	for key := range matrix {
		if !slices.Contains(routes, key) {
			t.Errorf("matrix row %q names no route", key)
		}
	}
	n := 0
	for _, key := range routes {
		row, ok := matrix[key]
		if !ok {
			t.Errorf("route %q has no row in the authorization matrix", key)
			continue
		}
		method := strings.SplitN(key, " ", 2)[0]
		for _, c := range callers() {
			n++
			target := e.addUser(t, fmt.Sprintf("objetivo%d", n), "CEAVEQROO", role("capturista", "23005"))
			token, want := "", row.anon
			if c.role != "" {
				username := fmt.Sprintf("usuario%d", n)
				e.addUser(t, username, "SEGOB", role(c.role, c.domain))
				token = e.login(t, username, testPassword).AccessToken
				want = row.otherwise
				if s, ok := row.byRole[c.role]; ok {
					want = s
				}
			}
			path, body := row.request(target.ID.String())
			if got := e.do(t, method, path, token, body); got.status != want {
				t.Errorf("%s as %s: %d, want %d (%s)", key, c.name, got.status, want, got.body)
			}
		}
	}
}
