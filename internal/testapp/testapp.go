// Package testapp is the tests' composition root: the application wired by
// app.New, as the server wires it, over a fresh test database connected as
// the application role, with a fresh key file.
package testapp

import (
	"context"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"sintra/internal/app"
	"sintra/internal/auth"
	"sintra/internal/authz"
	"sintra/internal/clock"
	"sintra/internal/crypto"
	"sintra/internal/domain"
	"sintra/internal/store"
	"sintra/internal/testdb"
)

// CheapArgon2 keeps the suites fast; the production cost is tested in auth.
var CheapArgon2 = auth.Argon2Params{MemoryKiB: 1024, Iterations: 1, Parallelism: 1}

// Env is the application over one test's database.
type Env struct {
	*app.App
	DB *testdb.DB
	// Pool connects as the application role, as the server does.
	Pool    *pgxpool.Pool
	Keys    *crypto.Keyring
	KeyFile string
}

// Option adjusts the configuration before the services are wired.
type Option func(*app.Config)

// WithClock runs every service on c.
func WithClock(c clock.Clock) Option { return func(cfg *app.Config) { cfg.Clock = c } }

// New wires the application over a fresh database. The second factor is
// off and passwords are hashed cheaply unless an option says otherwise.
func New(t testing.TB, opts ...Option) *Env {
	t.Helper()
	db := testdb.New(t)
	pool := testdb.Pool(t, db.AppURL)
	keyFile := filepath.Join(t.TempDir(), "keys.json")
	keys, err := crypto.GenerateKeyring(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	a := Wire(t, store.New(pool), keys, opts...)
	return &Env{App: a, DB: db, Pool: pool, Keys: keys, KeyFile: keyFile}
}

// Wire builds the application over st with keys, as New does: for a test
// that reopens the same database, with a reloaded key file say.
func Wire(t testing.TB, st *store.Store, keys *crypto.Keyring, opts ...Option) *app.App {
	t.Helper()
	cfg := app.DefaultConfig(keys)
	cfg.Auth.Argon2, cfg.Auth.RequireMFA = CheapArgon2, false
	for _, o := range opts {
		o(&cfg)
	}
	a, err := app.New(st, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// Owner returns a pool connected as the tables' owner, which row-level
// security does not limit: for a test to see what the database holds.
func (e *Env) Owner(t testing.TB) *pgxpool.Pool {
	t.Helper()
	return testdb.Pool(t, e.DB.OwnerURL)
}

var accounts atomic.Int64

// Principal creates an account of institution holding role in where (a
// municipio, or * statewide) and
// returns it as a signed-in user.
func (e *Env) Principal(t testing.TB, institution, role, where string) *authz.Principal {
	t.Helper()
	name := fmt.Sprintf("usuario-%d", accounts.Add(1))
	u, err := e.Store.CreateUser(context.Background(), domain.NewUser{Username: name, DisplayName: name, Institution: institution, PasswordHash: "x"})
	if err != nil {
		t.Fatal(err)
	}
	return &authz.Principal{UserID: u.ID, Username: name, Institution: institution,
		Assignments: []authz.Assignment{{Role: role, Domain: where}}}
}
