package victims_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"sintra/internal/authz"
	"sintra/internal/clock"
	"sintra/internal/store"
	"sintra/internal/testapp"
	"sintra/internal/victims"
)

// statementCounter counts the statements a pool sends to PostgreSQL.
type statementCounter struct{ n atomic.Int64 }

func (c *statementCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.n.Add(1)
	return ctx
}

func (c *statementCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// A search by CURP that matches víctimas outside the caller's scope must
// not take longer than one that matches nobody, or its time would tell
// that the person is registered. Both answer the same and send the same
// statements to the database: the scope is applied in the look-up itself.
func TestSearch_AMatchOutOfScopeDoesTheWorkOfNoMatch(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	cfg, err := pgxpool.ParseConfig(f.db.AppURL)
	if err != nil {
		t.Fatal(err)
	}
	var statements statementCounter
	cfg.ConnConfig.Tracer = &statements
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	traced := testapp.Wire(t, store.New(pool), f.keys, testapp.WithClock(clock.Fixed(now))).Victims

	registering := f.principal(t, "CEAVEQROO", "capturista", "23005")
	other := f.principal(t, "DIF", "capturista", "23005")
	registered, nobodys := curp(1), curp(2)
	for _, name := range []string{"Carla", "Carla María", "Carla M."} {
		r := registration(name, "Pérez", "", registered, "")
		r.ConfirmDuplicate = true
		if _, err := f.svc.Register(ctx, registering, r); err != nil {
			t.Fatal(err)
		}
	}
	search := func(p *authz.Principal, curp string) ([]victims.Summary, int64) {
		t.Helper()
		before := statements.n.Load()
		found, err := traced.Search(ctx, p, "", victims.Personal{CURP: curp})
		if err != nil {
			t.Fatal(err)
		}
		return found, statements.n.Load() - before
	}
	outOfScope, outOfScopeStatements := search(other, registered)
	none, noneStatements := search(other, nobodys)
	if len(outOfScope) != 0 || len(none) != 0 {
		t.Errorf("another institution found %v and %v, want nothing", outOfScope, none)
	}
	if outOfScopeStatements != noneStatements {
		t.Errorf("a match out of scope took %d statements, no match %d", outOfScopeStatements, noneStatements)
	}
	if own, _ := search(registering, registered); len(own) != 3 {
		t.Errorf("the registering institution found %d, want 3", len(own))
	}
}
