package httpapi_test

import (
	"context"
	"encoding/hex"
	"sintra/internal/domain"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"sintra/internal/authz"
	"sintra/internal/crypto"
	"sintra/internal/keyrotation"
)

func TestLogin_TokensOpenTheAccount(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "ana.lopez", "CEAVEQROO", role("capturista", "23005"))
	tk := e.login(t, "Ana.Lopez", testPassword)
	if tk.ExpiresIn < 14*60 || tk.ExpiresIn > 15*60 || tk.RefreshToken == "" || tk.Restriction != "" {
		t.Errorf("tokens: %+v", tk)
	}
	res := e.do(t, "GET", "/api/v1/me", tk.AccessToken, nil)
	if res.status != 200 || !strings.Contains(string(res.body), `"username":"ana.lopez"`) ||
		!strings.Contains(string(res.body), `{"domain":"23005","role":"capturista"}`) {
		t.Errorf("me: %d %s", res.status, res.body)
	}
	if strings.Contains(e.log.String(), testPassword) {
		t.Error("the password reached the log")
	}
}

func TestLogin_UnknownUserAndWrongPasswordAnswerAlike(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "ana.lopez", "CEAVEQROO")
	wrong := e.do(t, "POST", "/api/v1/auth/login", "", map[string]string{"username": "ana.lopez", "password": "no es la contraseña"})
	unknown := e.do(t, "POST", "/api/v1/auth/login", "", map[string]string{"username": "nadie", "password": "no es la contraseña"})
	strip := func(b []byte) string { return strings.Split(string(b), `"request_id"`)[0] }
	if wrong.status != 401 || unknown.status != 401 || strip(wrong.body) != strip(unknown.body) {
		t.Errorf("wrong password %d %s; unknown user %d %s", wrong.status, wrong.body, unknown.status, unknown.body)
	}
}

func TestRefresh_RotatesAndAReusedTokenRevokesTheSession(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "ana.lopez", "CEAVEQROO")
	first := e.login(t, "ana.lopez", testPassword)

	res := e.do(t, "POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": first.RefreshToken})
	if res.status != 200 {
		t.Fatalf("refresh: %d %s", res.status, res.body)
	}
	var second tokens
	res.json(t, &second)
	if second.RefreshToken == first.RefreshToken || second.AccessToken == first.AccessToken {
		t.Fatal("refresh did not rotate the tokens")
	}
	if e.do(t, "GET", "/api/v1/me", second.AccessToken, nil).status != 200 {
		t.Fatal("the new access token does not work")
	}

	// Someone replays the first refresh token: the session ends for everybody.
	if res := e.do(t, "POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": first.RefreshToken}); res.status != 401 {
		t.Fatalf("reused refresh token: %d %s", res.status, res.body)
	}
	if res := e.do(t, "GET", "/api/v1/me", second.AccessToken, nil); res.status != 401 {
		t.Errorf("access token of a revoked session: %d", res.status)
	}
	if res := e.do(t, "POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": second.RefreshToken}); res.status != 401 {
		t.Errorf("latest refresh token of a revoked session: %d", res.status)
	}
}

func TestLogout_EndsTheSession(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "ana.lopez", "CEAVEQROO")
	tk := e.login(t, "ana.lopez", testPassword)
	if res := e.do(t, "POST", "/api/v1/auth/logout", tk.AccessToken, nil); res.status != 204 {
		t.Fatalf("logout: %d %s", res.status, res.body)
	}
	if e.do(t, "GET", "/api/v1/me", tk.AccessToken, nil).status != 401 {
		t.Error("access token still works after logout")
	}
	if e.do(t, "POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": tk.RefreshToken}).status != 401 {
		t.Error("refresh token still works after logout")
	}
}

func TestDisabledUser_IsRefusedOnTheNextRequest(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "admin", "SEGOB", role("admin", "*"))
	ana := e.addUser(t, "ana.lopez", "CEAVEQROO", role("capturista", "23005"))
	admin := e.login(t, "admin", testPassword)
	user := e.login(t, "ana.lopez", testPassword)

	if res := e.do(t, "POST", "/api/v1/admin/usuarios/"+ana.ID.String()+"/deshabilitar", admin.AccessToken, nil); res.status != 200 {
		t.Fatalf("disable: %d %s", res.status, res.body)
	}
	if res := e.do(t, "GET", "/api/v1/me", user.AccessToken, nil); res.status != 401 {
		t.Errorf("disabled user's next request: %d", res.status)
	}
	if res := e.do(t, "POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": user.RefreshToken}); res.status != 401 {
		t.Errorf("disabled user's refresh: %d", res.status)
	}
	if res := e.do(t, "POST", "/api/v1/auth/login", "", map[string]string{"username": "ana.lopez", "password": testPassword}); res.status != 401 {
		t.Errorf("disabled user's login: %d", res.status)
	}
	e.do(t, "POST", "/api/v1/admin/usuarios/"+ana.ID.String()+"/habilitar", admin.AccessToken, nil)
	e.login(t, "ana.lopez", testPassword)
}

func TestRemovedRole_CountsOnTheNextRequest(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "admin", "SEGOB", role("admin", "*"))
	second := e.addUser(t, "admin2", "SEGOB", role("admin", "*"))
	admin := e.login(t, "admin", testPassword)
	other := e.login(t, "admin2", testPassword)
	if res := e.do(t, "GET", "/api/v1/admin/usuarios", other.AccessToken, nil); res.status != 200 {
		t.Fatalf("before removal: %d", res.status)
	}
	if res := e.do(t, "DELETE", "/api/v1/admin/usuarios/"+second.ID.String()+"/roles/admin/*", admin.AccessToken, nil); res.status != 200 {
		t.Fatalf("remove role: %d %s", res.status, res.body)
	}
	if res := e.do(t, "GET", "/api/v1/admin/usuarios", other.AccessToken, nil); res.status != 403 {
		t.Errorf("after removal: %d, want 403", res.status)
	}
}

func TestThrottling_LocksAnAccountAfterFiveFailures(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "ana.lopez", "CEAVEQROO")
	bad := map[string]string{"username": "ana.lopez", "password": "adivinanza equivocada"}
	for i := 1; i <= 5; i++ {
		if res := e.do(t, "POST", "/api/v1/auth/login", "", bad); res.status != 401 {
			t.Fatalf("failure %d: %d", i, res.status)
		}
	}
	res := e.do(t, "POST", "/api/v1/auth/login", "", map[string]string{"username": "ana.lopez", "password": testPassword})
	if res.status != 429 || res.header.Get("Retry-After") == "" {
		t.Fatalf("after 5 failures the right password got %d (Retry-After %q)", res.status, res.header.Get("Retry-After"))
	}
	if strings.Count(e.log.String(), "login failed") != 5 || strings.Contains(e.log.String(), "adivinanza") {
		t.Errorf("each failure must be logged once, without the password:\n%s", e.log)
	}
}

func TestThrottling_LocksAClientAddressAfterTwentyFailures(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "ana.lopez", "CEAVEQROO")
	for i := range 20 {
		// Different accounts, so that no single account locks.
		e.do(t, "POST", "/api/v1/auth/login", "", map[string]string{"username": "cuenta" + string(rune('a'+i)), "password": "x"})
	}
	res := e.do(t, "POST", "/api/v1/auth/login", "", map[string]string{"username": "ana.lopez", "password": testPassword})
	if res.status != 429 {
		t.Fatalf("21st attempt from the same address: %d, want 429", res.status)
	}
}

func TestSecondFactor_RequiredOfEveryRole(t *testing.T) {
	t.Parallel()
	e := newEnv(t, requireMFA)
	for _, r := range authz.Roles {
		e.addUser(t, "cuenta."+r, "SEGOB", role(r, "*"))
		if tk := e.login(t, "cuenta."+r, testPassword); tk.Restriction != "mfa_enrollment_required" {
			t.Errorf("%s without a second factor: restriction %q", r, tk.Restriction)
		}
	}
}

func TestSecondFactor_EnrolmentThenCodesOrRecoveryCodesAtSignIn(t *testing.T) {
	t.Parallel()
	e := newEnv(t, requireMFA)
	e.addUser(t, "admin", "SEGOB", role("admin", "*"))

	admin := e.login(t, "admin", testPassword)
	if admin.Restriction != "mfa_enrollment_required" {
		t.Fatalf("admin without a second factor: restriction %q", admin.Restriction)
	}
	if res := e.do(t, "GET", "/api/v1/admin/usuarios", admin.AccessToken, nil); res.status != 403 ||
		!strings.Contains(string(res.body), `"code":"mfa_enrollment_required"`) {
		t.Fatalf("admin before enrolling: %d %s", res.status, res.body)
	}

	// Enrol: take the secret, answer with a code, keep the recovery codes.
	res := e.do(t, "POST", "/api/v1/auth/totp", admin.AccessToken, nil)
	var enrolment struct{ Secret string }
	res.json(t, &enrolment)
	code, _ := totp.GenerateCode(enrolment.Secret, time.Now())
	res = e.do(t, "POST", "/api/v1/auth/totp/confirmacion", admin.AccessToken, map[string]string{"code": code})
	var recovery struct {
		RecoveryCodes []string `json:"recovery_codes"`
	}
	res.json(t, &recovery)
	if res.status != 200 || len(recovery.RecoveryCodes) != 10 {
		t.Fatalf("confirm: %d %s", res.status, res.body)
	}
	if res := e.do(t, "GET", "/api/v1/admin/usuarios", admin.AccessToken, nil); res.status != 200 {
		t.Fatalf("after enrolling, same session: %d %s", res.status, res.body)
	}

	// From now on the password alone is not enough.
	res = e.do(t, "POST", "/api/v1/auth/login", "", map[string]string{"username": "admin", "password": testPassword})
	if res.status != 401 || !strings.Contains(string(res.body), `"code":"mfa_required"`) {
		t.Fatalf("login without code: %d %s", res.status, res.body)
	}
	// The code that confirmed enrolment cannot be replayed.
	res = e.do(t, "POST", "/api/v1/auth/login", "", map[string]string{"username": "admin", "password": testPassword, "totp_code": code})
	if res.status != 401 {
		t.Fatalf("replayed TOTP code: %d %s", res.status, res.body)
	}
	withRecovery := map[string]string{"recovery_code": strings.ToLower(recovery.RecoveryCodes[0])}
	if tk := e.login(t, "admin", testPassword, withRecovery); tk.Restriction != "" {
		t.Errorf("recovery code login restricted: %q", tk.Restriction)
	}
	res = e.do(t, "POST", "/api/v1/auth/login", "", map[string]string{"username": "admin", "password": testPassword, "recovery_code": recovery.RecoveryCodes[0]})
	if res.status != 401 {
		t.Errorf("spent recovery code: %d", res.status)
	}
}

func TestAdminCreatedAccount_MustChangeThePasswordFirst(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.addUser(t, "admin", "SEGOB", role("admin", "*"))
	admin := e.login(t, "admin", testPassword)
	// An enlace: one administrator creates the account and hands over its password.
	res := e.do(t, "POST", "/api/v1/admin/usuarios", admin.AccessToken, map[string]any{
		"username": "Luis.Enlace", "display_name": "Luis Enlace", "institution": "FGE",
		"roles": []map[string]string{{"role": "enlace", "domain": "*"}},
	})
	if res.status != 201 {
		t.Fatalf("create: %d %s", res.status, res.body)
	}
	var created struct {
		User struct {
			Username           string
			MustChangePassword bool `json:"must_change_password"`
		}
		TemporaryPassword string `json:"temporary_password"`
	}
	res.json(t, &created)
	if created.User.Username != "luis.enlace" || !created.User.MustChangePassword || len(created.TemporaryPassword) < 12 {
		t.Fatalf("created: %s", res.body)
	}
	tk := e.login(t, "luis.enlace", created.TemporaryPassword)
	if tk.Restriction != "password_change_required" {
		t.Fatalf("restriction %q", tk.Restriction)
	}
	if res := e.do(t, "GET", "/api/v1/admin/usuarios", tk.AccessToken, nil); !strings.Contains(string(res.body), "password_change_required") {
		t.Errorf("restricted session reached a protected route: %d %s", res.status, res.body)
	}
	weak := e.do(t, "POST", "/api/v1/auth/password", tk.AccessToken, map[string]string{"current_password": created.TemporaryPassword, "new_password": "password1234"})
	if weak.status != 400 || !strings.Contains(string(weak.body), "demasiado común") {
		t.Errorf("weak new password: %d %s", weak.status, weak.body)
	}
	ok := e.do(t, "POST", "/api/v1/auth/password", tk.AccessToken, map[string]string{"current_password": created.TemporaryPassword, "new_password": "ornitorrinco-azul-cuaderno"})
	if ok.status != 204 {
		t.Fatalf("change password: %d %s", ok.status, ok.body)
	}
	if after := e.login(t, "luis.enlace", "ornitorrinco-azul-cuaderno"); after.Restriction != "" {
		t.Errorf("still restricted after changing the password: %q", after.Restriction)
	}
	dup := e.do(t, "POST", "/api/v1/admin/usuarios", admin.AccessToken, map[string]any{"username": "luis.enlace", "display_name": "Otro", "institution": "FGE"})
	if dup.status != 409 {
		t.Errorf("duplicate username: %d %s", dup.status, dup.body)
	}
	invalid := e.do(t, "POST", "/api/v1/admin/usuarios", admin.AccessToken, map[string]any{"username": "x y", "display_name": "Otro", "institution": "NOEXISTE"})
	if invalid.status != 400 || !strings.Contains(string(invalid.body), `"field":"username"`) || !strings.Contains(string(invalid.body), `"field":"institution"`) {
		t.Errorf("invalid account: %d %s", invalid.status, invalid.body)
	}
}

func TestSecondFactor_SecretIsSealedAndOpensAfterAMasterKeyRotation(t *testing.T) {
	t.Parallel()
	e := newEnv(t, requireMFA)
	e.addUser(t, "admin", "SEGOB", role("admin", "*"))
	admin := e.login(t, "admin", testPassword)
	res := e.do(t, "POST", "/api/v1/auth/totp", admin.AccessToken, nil)
	var enrolment struct{ Secret string }
	res.json(t, &enrolment)
	code, _ := totp.GenerateCode(enrolment.Secret, time.Now())
	if res = e.do(t, "POST", "/api/v1/auth/totp/confirmacion", admin.AccessToken, map[string]string{"code": code}); res.status != 200 {
		t.Fatalf("confirm: %d %s", res.status, res.body)
	}

	// The stored account holds the secret in no readable form.
	ctx := context.Background()
	var row string
	if err := e.pool.QueryRow(ctx, "SELECT row_to_json(u)::text FROM users u WHERE username = 'admin'").Scan(&row); err != nil {
		t.Fatal(err)
	}
	for _, form := range []string{enrolment.Secret, hex.EncodeToString([]byte(enrolment.Secret))} {
		if strings.Contains(strings.ToUpper(row), strings.ToUpper(form)) {
			t.Fatalf("the users row holds the TOTP secret: %s", row)
		}
	}

	// Rotate the master key, then remove the old version from the key file:
	// the secret was re-wrapped, so sign-in with a code still works.
	if _, err := crypto.AddMasterVersion(e.keyFile); err != nil {
		t.Fatal(err)
	}
	keys, err := crypto.LoadKeyring(e.keyFile)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := keyrotation.RewrapKeys(ctx, e.store, keys, nil); err != nil {
		t.Fatal(err)
	}
	if left, _ := e.store.CountKeysBelow(ctx, domain.UserKeys, keys.CurrentVersion()); left != 0 {
		t.Fatalf("%d TOTP keys left on the old master key", left)
	}
	if retired, err := crypto.RetireOldMasterKeys(e.keyFile); err != nil || len(retired) != 1 {
		t.Fatalf("retire: %v %v", retired, err)
	}
	time.Sleep(1100 * time.Millisecond) // the server notices the file within a second
	next, _ := totp.GenerateCode(enrolment.Secret, time.Now().Add(30*time.Second))
	if tk := e.login(t, "admin", testPassword, map[string]string{"totp_code": next}); tk.Restriction != "" {
		t.Errorf("sign-in after the rotation restricted: %q", tk.Restriction)
	}
}
