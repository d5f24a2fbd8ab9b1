package httpapi_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

// refused says whether signing in with password fails.
func (e *env) refused(t *testing.T, username, password string) bool {
	t.Helper()
	return e.do(t, "POST", "/api/v1/auth/login", "", map[string]string{"username": username, "password": password}).status == 401
}

func TestSensitiveAccount_GivesEachAdminHalfThePasswordAndSignsInOnlyWithBoth(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a, b := twoAdmins(t, e)
	req := requested(t, e.do(t, "POST", "/api/v1/admin/usuarios", a, map[string]any{
		"username": "ana.lopez", "display_name": "Ana López", "institution": "CEAVEQROO",
		"roles": []map[string]string{{"role": "capturista", "domain": "*"}}}))
	first := req.FirstHalf
	if req.Request.Kind != "crear_cuenta" || len(first) != 8 || req.SecondHalf != "" || req.User != nil {
		t.Fatalf("the request: %+v", req)
	}
	if !e.refused(t, "ana.lopez", first) {
		t.Fatal("the account signs in before approval")
	}
	// The database holds the requester's half only sealed.
	var row string
	if err := e.pool.QueryRow(context.Background(), "SELECT row_to_json(r)::text FROM account_requests r WHERE id = $1",
		req.Request.ID).Scan(&row); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(row, first) || !strings.Contains(row, `"first_half_enc"`) || strings.Contains(row, `"first_half_enc":null`) {
		t.Fatalf("the stored request: %s", row)
	}

	res := e.do(t, "POST", "/api/v1/admin/solicitudes/"+req.Request.ID+"/aprobacion", b, nil)
	var done requestResult
	res.json(t, &done)
	second := done.SecondHalf
	if res.status != 200 || len(second) != 8 || done.FirstHalf != "" || strings.Contains(string(res.body), first) ||
		done.User == nil || len(done.User.Roles) != 1 || done.User.Roles[0].Role != "capturista" || !done.User.MustChangePassword {
		t.Fatalf("approve: %d %s", res.status, res.body)
	}
	if !e.refused(t, "ana.lopez", first) || !e.refused(t, "ana.lopez", second) {
		t.Error("one half alone opens the account")
	}
	if tk := e.login(t, "ana.lopez", first+second); tk.Restriction != "password_change_required" {
		t.Errorf("with both halves: restriction %q", tk.Restriction)
	}
	// Once decided, the request holds no half at all.
	var forgotten bool
	if err := e.pool.QueryRow(context.Background(), "SELECT first_half_enc IS NULL AND dek_wrapped IS NULL FROM account_requests WHERE id = $1",
		req.Request.ID).Scan(&forgotten); err != nil || !forgotten {
		t.Errorf("the approved request still holds the sealed half (%v)", err)
	}
}

func TestResettingACaseworkersPassword_NeedsASecondAdmin(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a, b := twoAdmins(t, e)
	ana := e.addUser(t, "ana.lopez", "CEAVEQROO", role("capturista", "23005"))
	req := requested(t, e.do(t, "POST", "/api/v1/admin/usuarios/"+ana.ID.String()+"/restablecer-contrasena", a, nil))
	if req.Request.Kind != "restablecer_contrasena" || len(req.FirstHalf) != 8 {
		t.Fatalf("the request: %+v", req)
	}
	// Until approved nothing changes: her own password still opens her account.
	e.login(t, "ana.lopez", testPassword)

	second := e.approved(t, b, req.Request.ID).SecondHalf
	if !e.refused(t, "ana.lopez", testPassword) || !e.refused(t, "ana.lopez", req.FirstHalf) {
		t.Error("the old password or the requester's half alone still opens the account")
	}
	if tk := e.login(t, "ana.lopez", req.FirstHalf+second); tk.Restriction != "password_change_required" {
		t.Errorf("with both halves: restriction %q", tk.Restriction)
	}
}

func TestResettingACaseworkersSecondFactor_NeedsASecondAdmin(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a, b := twoAdmins(t, e)
	ana := e.addUser(t, "ana.lopez", "CEAVEQROO", role("capturista", "23005"))
	tk := e.login(t, "ana.lopez", testPassword)
	var enrolment struct{ Secret string }
	e.do(t, "POST", "/api/v1/auth/totp", tk.AccessToken, nil).json(t, &enrolment)
	code, _ := totp.GenerateCode(enrolment.Secret, time.Now())
	if res := e.do(t, "POST", "/api/v1/auth/totp/confirmacion", tk.AccessToken, map[string]string{"code": code}); res.status != 200 {
		t.Fatalf("enrol: %d %s", res.status, res.body)
	}

	req := requested(t, e.do(t, "POST", "/api/v1/admin/usuarios/"+ana.ID.String()+"/restablecer-segundo-factor", a, nil))
	if req.Request.Kind != "restablecer_segundo_factor" || req.FirstHalf != "" {
		t.Fatalf("the request: %+v", req)
	}
	res := e.do(t, "POST", "/api/v1/auth/login", "", map[string]string{"username": "ana.lopez", "password": testPassword})
	if res.status != 401 || !strings.Contains(string(res.body), "mfa_required") {
		t.Fatalf("the second factor is gone before approval: %d %s", res.status, res.body)
	}
	e.approved(t, b, req.Request.ID)
	e.login(t, "ana.lopez", testPassword)
}

func TestGrantingTheFirstSensitiveRole_GivesTheAccountNewCredentialsInTwoHalves(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a, b := twoAdmins(t, e)
	// An enlace's password may be known to the administrator who created it.
	luis := e.addUser(t, "luis.enlace", "SSC", role("enlace", "*"))
	req := requested(t, e.do(t, "POST", grantPath(luis.ID.String()), a, map[string]string{"role": "capturista", "domain": "23005"}))
	if !req.Request.NewCredentials || len(req.FirstHalf) != 8 {
		t.Fatalf("the request: %+v", req)
	}
	e.login(t, "luis.enlace", testPassword)

	done := e.approved(t, b, req.Request.ID)
	if !e.refused(t, "luis.enlace", testPassword) {
		t.Error("the password known before the grant still opens the account")
	}
	tk := e.login(t, "luis.enlace", req.FirstHalf+done.SecondHalf)
	if tk.Restriction != "password_change_required" {
		t.Errorf("with both halves: restriction %q", tk.Restriction)
	}
}

func TestNonSensitiveAccounts_KeepTheOneStepFlow(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a, _ := twoAdmins(t, e)
	luis := e.addUser(t, "luis.enlace", "SSC", role("enlace", "*"))
	res := e.do(t, "POST", "/api/v1/admin/usuarios/"+luis.ID.String()+"/restablecer-contrasena", a, nil)
	var reset struct {
		TemporaryPassword string `json:"temporary_password"`
	}
	res.json(t, &reset)
	if res.status != 200 || len(reset.TemporaryPassword) != 16 {
		t.Fatalf("reset an enlace's password: %d %s", res.status, res.body)
	}
	e.login(t, "luis.enlace", reset.TemporaryPassword)
	if res := e.do(t, "POST", "/api/v1/admin/usuarios/"+luis.ID.String()+"/restablecer-segundo-factor", a, nil); res.status != 204 {
		t.Errorf("reset an enlace's second factor: %d %s", res.status, res.body)
	}
	if res := e.do(t, "POST", grantPath(luis.ID.String()), a, map[string]string{"role": "analista", "domain": "*"}); res.status != 200 {
		t.Errorf("grant analista: %d %s", res.status, res.body)
	}
	res = e.do(t, "POST", "/api/v1/admin/usuarios", a, map[string]any{"username": "sofia.st", "display_name": "Sofía",
		"institution": "SEGOB", "roles": []map[string]string{{"role": "secretaria_tecnica", "domain": "*"}}})
	if res.status != 201 {
		t.Errorf("create a secretaria_tecnica: %d %s", res.status, res.body)
	}
}

func TestEveryStepOfARequest_IsAudited(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a, b := twoAdmins(t, e)
	e.addUser(t, "auditora", "SEGOB", role("auditor", "*"))
	ana := e.addUser(t, "ana.lopez", "CEAVEQROO", role("capturista", "23005"))
	created := requested(t, e.do(t, "POST", "/api/v1/admin/usuarios", a, map[string]any{"username": "luis.fiscal",
		"display_name": "Luis", "institution": "FGE", "roles": []map[string]string{{"role": "fiscalia", "domain": "23005"}}}))
	approved := e.approved(t, b, created.Request.ID)
	reset := requested(t, e.do(t, "POST", "/api/v1/admin/usuarios/"+ana.ID.String()+"/restablecer-contrasena", a, nil))
	if res := e.do(t, "POST", "/api/v1/admin/solicitudes/"+reset.Request.ID+"/rechazo", b,
		map[string]string{"reason": "Ella no lo pidió."}); res.status != 200 {
		t.Fatalf("refuse: %d %s", res.status, res.body)
	}

	auditor := e.login(t, "auditora", testPassword).AccessToken
	steps := func(query string) (string, auditPage) {
		res := e.do(t, "GET", "/api/v1/auditoria?"+query, auditor, nil)
		var p auditPage
		res.json(t, &p)
		var got []string
		for _, it := range p.Items {
			got = append(got, it.Action+" "+it.Username)
		}
		return strings.Join(got, ", "), p
	}
	if got, _ := steps("tipo_registro=solicitud&registro=" + created.Request.ID); got != "solicitud.aprobar admin.b, solicitud.crear admin.a" {
		t.Errorf("the creation request's steps: %s", got)
	}
	got, p := steps("accion=usuario.crear&registro=" + approved.User.ID)
	if got != "usuario.crear admin.b" || !strings.Contains(p.Items[0].Detail, "fiscalia@23005") ||
		!strings.Contains(p.Items[0].Detail, created.Request.ID) {
		t.Errorf("the account's creation: %s %+v", got, p.Items)
	}
	if got, _ := steps("tipo_registro=solicitud&registro=" + reset.Request.ID); got != "solicitud.rechazar admin.b, solicitud.crear admin.a" {
		t.Errorf("the reset request's steps: %s", got)
	}
	res := e.do(t, "GET", "/api/v1/auditoria?limit=200", auditor, nil)
	for _, half := range []string{created.FirstHalf, approved.SecondHalf, reset.FirstHalf} {
		if strings.Contains(string(res.body), half) {
			t.Errorf("a half of a temporary password reached the audit trail")
		}
	}
	// The refusal's reason is free text: it stays with the request, out of the trail.
	if strings.Contains(string(res.body), "Ella no lo pidió.") {
		t.Error("the refusal's reason reached the audit trail")
	}
}
