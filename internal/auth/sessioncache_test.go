package auth_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"sintra/internal/app"
	"sintra/internal/auth"
	"sintra/internal/authz"
	"sintra/internal/domain"
	"sintra/internal/store"
	"sintra/internal/testapp"
	"sintra/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// statements counts the statements a pool sends.
type statements struct{ n atomic.Int64 }

func (c *statements) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.n.Add(1)
	return ctx
}

func (c *statements) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// keeping starts a's session keeping until the test ends and waits until
// it listens.
func keeping(t *testing.T, a *app.App) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { a.Auth.KeepSessions(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	eventually(t, "the server listens to account changes", a.Auth.KeepsSessions)
}

// eventually waits up to five seconds for cond.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not after five seconds", what)
		}
	}
}

// Two servers over one database keep sessions in memory: a request costs
// no statement once its session is kept, and a revocation, a removed role
// or a disabled account committed by either server, or by anyone in the
// database, counts on the other's next requests; the server that commits
// it sees it on its very next request.
func TestSessions_KeptInMemoryAndForgottenOnEveryChange(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	one := testapp.New(t)
	cfg, err := pgxpool.ParseConfig(one.DB.AppURL)
	if err != nil {
		t.Fatal(err)
	}
	var counted statements
	cfg.ConnConfig.Tracer = &counted
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	other := testapp.Wire(t, store.New(pool), one.Keys)
	keeping(t, one.App)
	keeping(t, other)

	const password = "granizo-violeta-tetera-41"
	u, err := one.Store.CreateUser(ctx, domain.NewUser{Username: "caso.uno", DisplayName: "Caso Uno", Institution: "CEAVEQROO",
		PasswordHash: mustHash(t, password)})
	if err != nil {
		t.Fatal(err)
	}
	capturista := domain.Assignment{Role: "capturista", Domain: "23005"}
	if err := one.Store.AddAssignment(ctx, u.ID, capturista, uuid.NullUUID{}); err != nil {
		t.Fatal(err)
	}
	signIn := func() string {
		tk, err := one.Auth.Login(ctx, auth.LoginInput{Username: "caso.uno", Password: password})
		if err != nil {
			t.Fatal(err)
		}
		return tk.AccessToken
	}
	roles := func(a *app.App, token string) (int, error) {
		p, err := a.Auth.Authenticate(ctx, token)
		if err != nil {
			return 0, err
		}
		return len(p.Assignments), nil
	}

	token := signIn()
	if n, err := roles(other, token); err != nil || n != 1 {
		t.Fatalf("the other server authenticated %d roles, %v", n, err)
	}
	before := counted.n.Load()
	for range 10 {
		if _, err := roles(other, token); err != nil {
			t.Fatal(err)
		}
	}
	if sent := counted.n.Load() - before; sent != 0 {
		t.Errorf("ten requests with a kept session sent %d statements, want none", sent)
	}

	// A role removed on one server.
	admin := &authz.Principal{UserID: u.ID, Assignments: []authz.Assignment{{Role: "admin", Domain: "*"}}}
	if _, err := one.Users.RemoveRole(ctx, admin, u.ID, capturista); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the other server forgets the removed role", func() bool { n, _ := roles(other, token); return n == 0 })

	// A logout on one server: at once there, and on the other's next requests.
	roles(one.App, token)
	p, err := one.Auth.Authenticate(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	if err := one.Auth.Logout(ctx, p); err != nil {
		t.Fatal(err)
	}
	if _, err := one.Auth.Authenticate(ctx, token); err == nil {
		t.Error("the server that closed the session still let it in")
	}
	eventually(t, "the other server refuses the closed session", func() bool { _, err := roles(other, token); return err != nil })

	// An account disabled in the database by hand.
	token = signIn()
	if _, err := roles(other, token); err != nil {
		t.Fatal(err)
	}
	if _, err := one.Owner(t).Exec(ctx, "UPDATE users SET disabled_at = now() WHERE id = $1", u.ID); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the other server refuses the disabled account", func() bool { _, err := roles(other, token); return err != nil })
}

// While the server does not listen, it keeps no session: a change it could
// not hear of counts on the next request.
func TestSessions_NotKeptWhileNotListening(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := testapp.New(t)
	keeping(t, e.App)
	owner := e.Owner(t)
	u, err := e.Store.CreateUser(ctx, domain.NewUser{Username: "caso.dos", DisplayName: "Caso Dos", Institution: "CEAVEQROO",
		PasswordHash: mustHash(t, "granizo-violeta-tetera-42")})
	if err != nil {
		t.Fatal(err)
	}
	tk, err := e.Auth.Login(ctx, auth.LoginInput{Username: "caso.dos", Password: "granizo-violeta-tetera-42"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Auth.Authenticate(ctx, tk.AccessToken); err != nil {
		t.Fatal(err)
	}
	// The listening connection dies; until it is back, nothing is kept.
	admin := testdb.Pool(t, e.DB.AdminURL)
	if _, err := admin.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND query LIKE 'LISTEN%'`); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the server stops keeping sessions", func() bool { return !e.Auth.KeepsSessions() })
	// Disabled without announcing it.
	if _, err := owner.Exec(ctx, "ALTER TABLE users DISABLE TRIGGER users_announce"); err != nil {
		t.Fatal(err)
	}
	if _, err := owner.Exec(ctx, "UPDATE users SET disabled_at = now() WHERE id = $1", u.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Auth.Authenticate(ctx, tk.AccessToken); err == nil {
		t.Error("a disabled account was let in with a session kept from before listening stopped")
	}
	eventually(t, "the server listens again", e.Auth.KeepsSessions)
}

func mustHash(t *testing.T, password string) string {
	t.Helper()
	hash, err := auth.HashPassword(password, testapp.CheapArgon2)
	if err != nil {
		t.Fatal(err)
	}
	return hash
}
