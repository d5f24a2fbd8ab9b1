package httpapi_test

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"sintra/internal/clock"
	"sintra/internal/testapp"
	"sintra/internal/users"
)

// requestResult is the answer of a change that became a request, or of an
// approval.
type requestResult struct {
	Request struct {
		ID             string
		Kind           string
		State          string
		Reason         string
		NewCredentials bool                       `json:"new_credentials"`
		RequestedBy    struct{ Username string }  `json:"requested_by"`
		DecidedBy      *struct{ Username string } `json:"decided_by"`
	}
	User *struct {
		ID                 string
		Roles              []struct{ Role, Domain string }
		MustChangePassword bool `json:"must_change_password"`
	}
	FirstHalf  string `json:"password_first_half"`
	SecondHalf string `json:"password_second_half"`
}

// twoAdmins creates and signs in two administrators, admin.a and admin.b.
func twoAdmins(t *testing.T, e *env) (a, b string) {
	t.Helper()
	e.addUser(t, "admin.a", "SEGOB", role("admin", "*"))
	e.addUser(t, "admin.b", "SEGOB", role("admin", "*"))
	return e.login(t, "admin.a", testPassword).AccessToken, e.login(t, "admin.b", testPassword).AccessToken
}

// requested decodes a 202 answer: a change waiting for a second administrator.
func requested(t *testing.T, res response) requestResult {
	t.Helper()
	if res.status != 202 {
		t.Fatalf("a change under the two-person rule answered %d %s, want 202", res.status, res.body)
	}
	var out requestResult
	res.json(t, &out)
	if out.Request.State != "pendiente" {
		t.Fatalf("request state %q, want pendiente", out.Request.State)
	}
	return out
}

// approved approves request id as token's administrator, failing unless it succeeds.
func (e *env) approved(t *testing.T, token, id string) requestResult {
	t.Helper()
	res := e.do(t, "POST", "/api/v1/admin/solicitudes/"+id+"/aprobacion", token, nil)
	if res.status != 200 {
		t.Fatalf("approve: %d %s", res.status, res.body)
	}
	var out requestResult
	res.json(t, &out)
	return out
}

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
	// Nothing was granted, nor requested.
	if res := e.do(t, "GET", "/api/v1/me", a, nil); strings.Count(string(res.body), `"role"`) != 1 {
		t.Errorf("own roles after the refusals: %s", res.body)
	}
	if res := e.do(t, "GET", "/api/v1/auditoria", a, nil); res.status != 403 {
		t.Errorf("the audit trail after a refused self-grant: %d", res.status)
	}
	if res := e.do(t, "GET", "/api/v1/admin/solicitudes", a, nil); !strings.Contains(string(res.body), `"total":0`) {
		t.Errorf("requests after the refusals: %s", res.body)
	}
}

func TestSensitiveGrant_IsPendingAndNotEffectiveUntilASecondAdminApproves(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a, b := twoAdmins(t, e)
	ana := e.addUser(t, "ana.lopez", "CEAVEQROO", role("capturista", "23005"))
	user := e.login(t, "ana.lopez", testPassword).AccessToken

	req := requested(t, e.do(t, "POST", grantPath(ana.ID.String()), a, map[string]string{"role": "auditor", "domain": "*"}))
	if req.Request.Kind != "asignar_rol" || req.Request.NewCredentials || req.FirstHalf != "" {
		t.Errorf("a grant to an account that already holds a sensitive role: %+v", req)
	}
	if res := e.do(t, "GET", "/api/v1/auditoria", user, nil); res.status != 403 {
		t.Fatalf("the role counted before approval: %d", res.status)
	}
	if res := e.do(t, "GET", "/api/v1/admin/usuarios/"+ana.ID.String(), b, nil); strings.Contains(string(res.body), "auditor") {
		t.Fatalf("the account holds the role before approval: %s", res.body)
	}
	res := e.do(t, "GET", "/api/v1/admin/solicitudes", b, nil)
	if !strings.Contains(string(res.body), req.Request.ID) || !strings.Contains(string(res.body), `"username":"admin.a"`) {
		t.Errorf("the second administrator's pending list: %s", res.body)
	}

	done := e.approved(t, b, req.Request.ID)
	if done.Request.State != "aprobada" || done.Request.DecidedBy == nil || done.Request.DecidedBy.Username != "admin.b" ||
		done.Request.RequestedBy.Username != "admin.a" || done.FirstHalf != "" || done.SecondHalf != "" {
		t.Errorf("approved: %+v", done)
	}
	if res := e.do(t, "GET", "/api/v1/auditoria", user, nil); res.status != 200 {
		t.Errorf("the role after approval, same session: %d", res.status)
	}
}

func TestRequest_IsApprovedNeitherByItsRequesterNorByTheAccountItConcerns(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a, b := twoAdmins(t, e)
	ana := e.addUser(t, "ana.lopez", "CEAVEQROO", role("capturista", "23005"))
	req := requested(t, e.do(t, "POST", grantPath(ana.ID.String()), a, map[string]string{"role": "fiscalia", "domain": "23005"}))
	res := e.do(t, "POST", "/api/v1/admin/solicitudes/"+req.Request.ID+"/aprobacion", a, nil)
	if res.status != 403 || !strings.Contains(string(res.body), "No puede aprobar su propia solicitud") {
		t.Errorf("the requester approving: %d %s, want 403", res.status, res.body)
	}
	if res := e.do(t, "GET", "/api/v1/admin/usuarios/"+ana.ID.String(), a, nil); strings.Contains(string(res.body), "fiscalia") {
		t.Errorf("granted by its requester: %s", res.body)
	}

	// B asks for A to become auditor: A may not approve it either.
	me := e.do(t, "GET", "/api/v1/me", a, nil)
	var self struct{ User struct{ ID string } }
	me.json(t, &self)
	about := requested(t, e.do(t, "POST", grantPath(self.User.ID), b, map[string]string{"role": "auditor", "domain": "*"}))
	res = e.do(t, "POST", "/api/v1/admin/solicitudes/"+about.Request.ID+"/aprobacion", a, nil)
	if res.status != 403 || !strings.Contains(string(res.body), "su propia cuenta") {
		t.Errorf("approving a grant to oneself: %d %s, want 403", res.status, res.body)
	}
	if res := e.do(t, "GET", "/api/v1/auditoria", a, nil); res.status != 403 {
		t.Errorf("the self-approved role counts: %d", res.status)
	}
}

func TestRefusedRequest_GrantsNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a, b := twoAdmins(t, e)
	ana := e.addUser(t, "ana.lopez", "CEAVEQROO", role("capturista", "23005"))
	req := requested(t, e.do(t, "POST", grantPath(ana.ID.String()), a, map[string]string{"role": "auditor", "domain": "*"}))
	refuse := "/api/v1/admin/solicitudes/" + req.Request.ID + "/rechazo"
	if res := e.do(t, "POST", refuse, b, map[string]string{"reason": " "}); res.status != 400 {
		t.Errorf("a refusal without a reason: %d %s", res.status, res.body)
	}
	res := e.do(t, "POST", refuse, b, map[string]string{"reason": "La persona no trabaja en control interno."})
	var refused struct {
		State, Reason string
		DecidedBy     struct{ Username string } `json:"decided_by"`
	}
	res.json(t, &refused)
	if res.status != 200 || refused.State != "rechazada" || refused.DecidedBy.Username != "admin.b" || refused.Reason == "" {
		t.Fatalf("refuse: %d %s", res.status, res.body)
	}
	if res := e.do(t, "POST", "/api/v1/admin/solicitudes/"+req.Request.ID+"/aprobacion", b, nil); res.status != 409 {
		t.Errorf("approving a refused request: %d %s, want 409", res.status, res.body)
	}
	user := e.login(t, "ana.lopez", testPassword).AccessToken
	if res := e.do(t, "GET", "/api/v1/auditoria", user, nil); res.status != 403 {
		t.Errorf("a refused role counts: %d", res.status)
	}
}

func TestExpiredRequest_GrantsNothing(t *testing.T) {
	t.Parallel()
	var elapsed atomic.Int64
	start := time.Date(2026, 3, 2, 4, 30, 0, 0, time.UTC)
	e := newEnv(t, testapp.WithClock(clock.Func(func() time.Time { return start.Add(time.Duration(elapsed.Load())) })))
	a, _ := twoAdmins(t, e)
	ana := e.addUser(t, "ana.lopez", "CEAVEQROO", role("capturista", "23005"))
	req := requested(t, e.do(t, "POST", grantPath(ana.ID.String()), a, map[string]string{"role": "auditor", "domain": "*"}))

	// A minute before its expiry the request still waits; a minute after, it has expired.
	elapsed.Store(int64(users.RequestTTL - time.Minute))
	b := e.login(t, "admin.b", testPassword).AccessToken
	if res := e.do(t, "GET", "/api/v1/admin/solicitudes", b, nil); !strings.Contains(string(res.body), req.Request.ID) {
		t.Fatalf("pending a minute before expiry: %s", res.body)
	}
	elapsed.Store(int64(users.RequestTTL + time.Minute))
	b = e.login(t, "admin.b", testPassword).AccessToken
	res := e.do(t, "POST", "/api/v1/admin/solicitudes/"+req.Request.ID+"/aprobacion", b, nil)
	if res.status != 409 || !strings.Contains(string(res.body), "venció") {
		t.Errorf("approving an expired request: %d %s, want 409", res.status, res.body)
	}
	if res := e.do(t, "GET", "/api/v1/admin/solicitudes", b, nil); strings.Contains(string(res.body), req.Request.ID) {
		t.Errorf("an expired request is still listed as pending: %s", res.body)
	}
	if res := e.do(t, "GET", "/api/v1/admin/solicitudes?estado=vencida", b, nil); !strings.Contains(string(res.body), req.Request.ID) {
		t.Errorf("the expired requests: %s", res.body)
	}
	user := e.login(t, "ana.lopez", testPassword).AccessToken
	if res := e.do(t, "GET", "/api/v1/auditoria", user, nil); res.status != 403 {
		t.Errorf("an expired request's role counts: %d", res.status)
	}
}
