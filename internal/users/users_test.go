package users_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/auth"
	"sintra/internal/authz"
	"sintra/internal/clock"
	"sintra/internal/domain"
	"sintra/internal/testapp"
	"sintra/internal/testdb"
	"sintra/internal/users"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// password is the password of the accounts the operator creates here.
const password = "granizo-violeta-tetera-41"

func role(r, where string) domain.Assignment { return domain.Assignment{Role: r, Domain: where} }

// world is the application with two administrators, signed in.
type world struct {
	*testapp.Env
	admin, second *authz.Principal
}

func newWorld(t *testing.T, opts ...testapp.Option) *world {
	t.Helper()
	w := &world{Env: testapp.New(t, opts...)}
	w.account(t, "admin.uno", role("admin", "*"))
	w.account(t, "admin.dos", role("admin", "*"))
	w.admin, w.second = w.as(t, w.signIn(t, "admin.uno", password)), w.as(t, w.signIn(t, "admin.dos", password))
	return w
}

// account opens an account from the command line, with password.
func (w *world) account(t *testing.T, username string, roles ...domain.Assignment) users.Account {
	t.Helper()
	acc, err := w.Users.CreateWithPassword(context.Background(), users.NewAccount{Username: username,
		DisplayName: "Persona " + username, Institution: "SEGOB", Roles: roles}, password)
	if err != nil {
		t.Fatal(err)
	}
	return acc
}

func (w *world) login(username, password string) (auth.Tokens, error) {
	return w.Auth.Login(context.Background(), auth.LoginInput{Username: username, Password: password, ClientAddr: "192.0.2.10"})
}

func (w *world) signIn(t *testing.T, username, password string) auth.Tokens {
	t.Helper()
	tokens, err := w.login(username, password)
	if err != nil {
		t.Fatalf("%s cannot sign in: %v", username, err)
	}
	return tokens
}

// as returns who the access token of tokens acts for, as the server reads
// it at each request.
func (w *world) as(t *testing.T, tokens auth.Tokens) *authz.Principal {
	t.Helper()
	p, err := w.Auth.Authenticate(context.Background(), tokens.AccessToken)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRemoveRole_TakesEffectAtTheUsersNextRequest(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newWorld(t)
	acc := w.account(t, "ana.enlace", role("enlace", "23005"), role("enlace", "23008"))
	tokens := w.signIn(t, "ana.enlace", password)
	if !w.Authorizer.Scope(w.as(t, tokens), authz.ActividadesCreate).Covers("23008") {
		t.Fatal("the liaison cannot register activities in Solidaridad before losing the role")
	}

	got, err := w.Users.RemoveRole(ctx, w.admin, acc.ID, role("enlace", "23008"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Assignments, []domain.Assignment{role("enlace", "23005")}) {
		t.Errorf("roles after removal: %v", got.Assignments)
	}
	p := w.as(t, tokens)
	if scope := w.Authorizer.Scope(p, authz.ActividadesCreate); scope.Covers("23008") || !scope.Covers("23005") {
		t.Errorf("the same session after the removal holds %v, want enlace in Benito Juárez only", p.Assignments)
	}

	if _, err := w.Users.RemoveRole(ctx, w.admin, w.admin.UserID, role("admin", "*")); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("an administrator removing its own admin role: %v, want a conflict", err)
	}
	if !slices.Contains(w.as(t, w.signIn(t, "admin.uno", password)).Assignments, role("admin", "*")) {
		t.Error("the administrator lost its own admin role")
	}
}

func TestSetDisabled_ADisabledAccountCannotSignInAndItsSessionsEnd(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newWorld(t)
	acc := w.account(t, "beto.analista", role("analista", "*"))
	tokens := w.signIn(t, "beto.analista", password)

	if _, err := w.Users.SetDisabled(ctx, w.admin, acc.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Auth.Authenticate(ctx, tokens.AccessToken); apperr.CodeOf(err) != apperr.Unauthenticated {
		t.Errorf("the session of a disabled account still acts: %v", err)
	}
	if _, err := w.Auth.Refresh(ctx, tokens.RefreshToken); apperr.CodeOf(err) != apperr.Unauthenticated {
		t.Errorf("the session of a disabled account is refreshed: %v", err)
	}
	_, err := w.login("beto.analista", password)
	if e, _ := apperr.As(err); e == nil || e.Code != apperr.Unauthenticated || e.Message != "Usuario o contraseña incorrectos." {
		t.Errorf("a disabled account signing in with its password: %v, want the answer a wrong password gets", err)
	}

	if _, err := w.Users.SetDisabled(ctx, w.admin, acc.ID, false); err != nil {
		t.Fatal(err)
	}
	w.signIn(t, "beto.analista", password)

	if _, err := w.Users.SetDisabled(ctx, w.admin, w.admin.UserID, true); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("an administrator disabling itself: %v, want a conflict", err)
	}
}

func TestCreate_UsernamesAreUniqueWhateverTheirCase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newWorld(t)
	res, err := w.Users.Create(ctx, w.admin, users.NewAccount{Username: "Luz.Marina", DisplayName: "Luz Marina",
		Institution: "SSC", Roles: []domain.Assignment{role("enlace", "23005")}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Pending() || res.Account.Username != "luz.marina" || len(res.Password) != 16 {
		t.Fatalf("a liaison's account: %+v, want it made at once, named in lower case, with its whole temporary password", res)
	}

	again := []func() error{
		func() error {
			_, err := w.Users.Create(ctx, w.admin, users.NewAccount{Username: "LUZ.MARINA", DisplayName: "Otra Luz", Institution: "SSC"})
			return err
		},
		func() error { // a sensitive role makes a request instead: it is refused too
			_, err := w.Users.Create(ctx, w.admin, users.NewAccount{Username: " luz.MARINA ", DisplayName: "Otra Luz",
				Institution: "CEAVEQROO", Roles: []domain.Assignment{role("capturista", "23005")}})
			return err
		},
		func() error {
			_, err := w.Users.CreateWithPassword(ctx, users.NewAccount{Username: "Luz.marina", DisplayName: "Otra Luz", Institution: "SSC"}, password)
			return err
		},
	}
	for i, create := range again {
		if err := create(); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("attempt %d at the same username in other capitals: %v, want a conflict", i+1, err)
		}
	}
	pending, err := w.Users.Requests(ctx, w.admin, users.Pending, 50, 0)
	if err != nil || pending.Total != 0 {
		t.Errorf("requests left by the refused attempts: %+v %v", pending, err)
	}

	tokens := w.signIn(t, "LUZ.MARINA", res.Password)
	if tokens.Restriction != string(apperr.PasswordChange) {
		t.Errorf("the first sign-in with a temporary password: restriction %q, want a password change", tokens.Restriction)
	}
}

func TestSensitiveAccounts_TakeASecondAdministratorAndNeitherHoldsThePassword(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newWorld(t)
	asked, err := w.Users.Create(ctx, w.admin, users.NewAccount{Username: "rosa.capturista", DisplayName: "Rosa",
		Institution: "CEAVEQROO", Roles: []domain.Assignment{role("capturista", "23005")}})
	if err != nil {
		t.Fatal(err)
	}
	if !asked.Pending() || asked.Password != "" || len(asked.Half) != 8 {
		t.Fatalf("a caseworker's account: %+v, want a pending request and the first half of a password", asked)
	}
	if _, err := w.login("rosa.capturista", asked.Half); err == nil {
		t.Error("an account waiting for approval can sign in")
	}
	var row string
	var sealed []byte
	err = w.Owner(t).QueryRow(ctx, `SELECT r::text, first_half_enc FROM account_requests r WHERE id = $1`, asked.Request.ID).Scan(&row, &sealed)
	if err != nil {
		t.Fatal(err)
	}
	if len(sealed) == 0 || bytes.Contains(sealed, []byte(asked.Half)) || strings.Contains(row, asked.Half) {
		t.Error("the requester's half is not sealed in the database")
	}

	if _, err := w.Users.Approve(ctx, w.admin, asked.Request.ID); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("the requester approving its own request: %v, want forbidden", err)
	}
	approved, err := w.Users.Approve(ctx, w.second, asked.Request.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(approved.Account.Assignments, []domain.Assignment{role("capturista", "23005")}) || len(approved.Half) != 8 {
		t.Fatalf("approved: %+v", approved)
	}
	for _, wrong := range []string{asked.Half, approved.Half, approved.Half + asked.Half} {
		if _, err := w.login("rosa.capturista", wrong); apperr.CodeOf(err) != apperr.Unauthenticated {
			t.Errorf("signing in with %d characters of the halves: %v", len(wrong), err)
		}
	}
	w.signIn(t, "rosa.capturista", asked.Half+approved.Half)
	if _, err := w.Users.Approve(ctx, w.second, asked.Request.ID); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("approving a request twice: %v, want a conflict", err)
	}
}

// Granting a sensitive role waits for a second administrator; to an
// account that held none, it also gives new credentials, since an
// administrator may have known the old ones.
func TestAddRole_ASensitiveRoleWaitsForASecondAdministrator(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newWorld(t)
	acc := w.account(t, "mario.enlace", role("enlace", "23005"))
	tokens := w.signIn(t, "mario.enlace", password)

	granted, err := w.Users.AddRole(ctx, w.admin, acc.ID, role("analista", "*"))
	if err != nil || granted.Pending() || !slices.Contains(granted.Account.Assignments, role("analista", "*")) {
		t.Fatalf("granting analista: %+v %v, want it granted at once", granted, err)
	}

	asked, err := w.Users.AddRole(ctx, w.admin, acc.ID, role("fiscalia", "*"))
	if err != nil || !asked.Pending() {
		t.Fatalf("granting fiscalia: %+v %v, want a pending request", asked, err)
	}
	if slices.Contains(w.as(t, tokens).Assignments, role("fiscalia", "*")) {
		t.Fatal("a sensitive role took effect before its approval")
	}
	approved, err := w.Users.Approve(ctx, w.second, asked.Request.ID)
	if err != nil || !slices.Contains(approved.Account.Assignments, role("fiscalia", "*")) {
		t.Fatalf("approving fiscalia: %+v %v", approved, err)
	}
	if _, err := w.Auth.Authenticate(ctx, tokens.AccessToken); apperr.CodeOf(err) != apperr.Unauthenticated {
		t.Errorf("the session opened with the old credentials still acts: %v", err)
	}
	if _, err := w.login("mario.enlace", password); apperr.CodeOf(err) != apperr.Unauthenticated {
		t.Errorf("the old password still signs in: %v", err)
	}
	p := w.as(t, w.signIn(t, "mario.enlace", asked.Half+approved.Half))
	if !slices.Contains(p.Assignments, role("fiscalia", "*")) {
		t.Errorf("roles after approval: %v", p.Assignments)
	}

	if _, err := w.Users.AddRole(ctx, w.admin, w.admin.UserID, role("auditor", "*")); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("an administrator granting itself a role: %v, want forbidden", err)
	}
	if _, err := w.Users.ResetPassword(ctx, w.admin, w.admin.UserID); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("an administrator resetting its own password: %v, want forbidden", err)
	}
}

func TestRequests_ExpireUnapprovedAfterSevenDays(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var mu sync.Mutex
	now := time.Date(2025, 3, 3, 15, 0, 0, 0, time.UTC)
	later := func(d time.Duration) {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(d)
	}
	w := newWorld(t, testapp.WithClock(clock.Func(func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		return now
	})))
	acc := w.account(t, "sara.auditora", role("auditor", "*"))
	ask := func() uuid.UUID {
		t.Helper()
		asked, err := w.Users.ResetSecondFactor(ctx, w.admin, acc.ID)
		if err != nil || !asked.Pending() {
			t.Fatalf("resetting an auditor's second factor: %+v %v, want a pending request", asked, err)
		}
		return asked.Request.ID
	}
	first := ask()
	later(users.RequestTTL - time.Minute)
	if list, err := w.Users.Requests(ctx, w.admin, users.Pending, 10, 0); err != nil || list.Total != 1 {
		t.Fatalf("pending a minute before expiry: %+v %v", list, err)
	}
	later(2 * time.Minute)
	if _, err := w.Users.Approve(ctx, w.second, first); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("approving an expired request: %v, want a conflict", err)
	}
	expired, err := w.Users.Requests(ctx, w.admin, users.Expired, 10, 0)
	if err != nil || expired.Total != 1 || expired.Requests[0].ID != first {
		t.Errorf("expired requests: %+v %v", expired, err)
	}
	// Made again, it can be approved within its week.
	again := ask()
	later(users.RequestTTL - time.Minute)
	if _, err := w.Users.Approve(ctx, w.second, again); err != nil {
		t.Errorf("approving a request on its seventh day: %v", err)
	}
}

// The national feed's liaison carries an entidad's records out of it: the
// role waits for a second administrator, and is held in a whole entidad or
// nationally, never in a municipio.
func TestAddRole_TheNationalLiaisonIsSensitiveAndHeldInAWholeEntidad(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newWorld(t)
	acc := w.account(t, "lucia.enlace", role("enlace", "23005"))
	if _, err := w.Users.AddRole(ctx, w.admin, acc.ID, role("enlace_nacional", "23005")); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("enlace_nacional in a municipio: %v, want it refused", err)
	}
	for _, where := range []string{"23", "*"} {
		asked, err := w.Users.AddRole(ctx, w.admin, acc.ID, role("enlace_nacional", where))
		if err != nil || !asked.Pending() {
			t.Errorf("enlace_nacional in %s: %+v %v, want a request for a second administrator", where, asked, err)
		}
	}
}
