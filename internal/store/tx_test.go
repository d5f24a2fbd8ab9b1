package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"sintra/internal/apperr"
	"sintra/internal/domain"
	"sintra/internal/store"
	"sintra/internal/testdb"
)

// oneConnection is a store on a pool of one connection, so that every
// transaction runs on the connection the one before left, with its round
// trips counted.
func oneConnection(t *testing.T) (*store.Store, *pgxpool.Pool, *testdb.RoundTrips) {
	t.Helper()
	db := testdb.New(t)
	pool, counted := testdb.CountedPool(t, db.AppURL+"&pool_max_conns=1")
	return store.New(pool), testdb.Pool(t, db.OwnerURL), counted
}

var finding = domain.Finding{Rule: "lecturas_excesivas", Username: "ana.lopez", Count: 31, Detail: "prueba",
	WindowStart: time.Date(2025, 6, 1, 10, 0, 0, 0, time.UTC), WindowEnd: time.Date(2025, 6, 1, 11, 0, 0, 0, time.UTC)}

func findings(t *testing.T, owner *pgxpool.Pool) int {
	t.Helper()
	var n int
	if err := owner.QueryRow(context.Background(), "SELECT count(*) FROM audit_findings").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestTx_BeginsWithItsFirstStatement: a transaction's BEGIN travels with
// its first statement, so a transaction of n statements takes n + 1 round
// trips (its COMMIT the last), one that sends nothing takes none, and a
// statement outside a transaction takes one, its BEGIN and COMMIT with it.
func TestTx_BeginsWithItsFirstStatement(t *testing.T) {
	t.Parallel()
	st, owner, trips := oneConnection(t)
	ctx := domain.WithRows(context.Background(), domain.Rows{All: true})
	st.Victims(ctx, everywhere, domain.VictimFilter{}, 10, uuid.NullUUID{}) // prepares the statements
	for _, c := range []struct {
		name string
		run  func() error
		want int64
	}{
		{"two statements", func() error {
			return st.Tx(ctx, func(tx *store.Store) error {
				if err := tx.InsertFinding(ctx, finding); err != nil {
					return err
				}
				_, err := tx.Victims(ctx, everywhere, domain.VictimFilter{}, 10, uuid.NullUUID{})
				return err
			})
		}, 3},
		{"nothing sent", func() error { return st.Tx(ctx, func(*store.Store) error { return nil }) }, 0},
		{"a statement alone", func() error {
			_, err := st.Victims(ctx, everywhere, domain.VictimFilter{}, 10, uuid.NullUUID{})
			return err
		}, 1},
	} {
		before := trips.Count()
		if err := c.run(); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := trips.Count() - before; got != c.want {
			t.Errorf("%s: %d round trips, want %d", c.name, got, c.want)
		}
	}
	if n := findings(t, owner); n != 1 {
		t.Errorf("%d findings committed, want the one", n)
	}
}

// TestTx_AFailedStatementUndoesTheWholeTransaction: a transaction whose
// statement failed commits nothing, even when the code ignored the error,
// and leaves its connection clean for the next: no open transaction, no
// rows setting.
func TestTx_AFailedStatementUndoesTheWholeTransaction(t *testing.T) {
	t.Parallel()
	st, owner, _ := oneConnection(t)
	all := domain.WithRows(context.Background(), domain.Rows{All: true})
	for _, first := range []bool{true, false} {
		err := st.Tx(all, func(tx *store.Store) error {
			if !first {
				if err := tx.InsertFinding(all, finding); err != nil {
					return err
				}
			}
			// No such session: a foreign key violation, ignored.
			tx.InsertRefreshToken(all, []byte("hash"), uuid.New(), time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
			return nil
		})
		if err == nil {
			t.Errorf("failed statement first %v: the transaction reported no error", first)
		}
	}
	if n := findings(t, owner); n != 0 {
		t.Errorf("%d findings committed by failed transactions", n)
	}
	func() {
		defer func() { recover() }()
		st.Tx(all, func(tx *store.Store) error {
			tx.InsertFinding(all, finding)
			panic("a bug")
		})
	}()
	// The one connection, used by all of the above, answers: no aborted
	// transaction stayed open on it.
	if page, err := st.Victims(context.Background(), everywhere, domain.VictimFilter{}, 10, uuid.NullUUID{}); err != nil || page.Total != 0 {
		t.Errorf("after failed transactions: %v, %d víctimas", err, page.Total)
	}
	if err := st.Tx(all, func(tx *store.Store) error { return tx.InsertFinding(all, finding) }); err != nil {
		t.Fatal(err)
	}
	if n := findings(t, owner); n != 1 {
		t.Errorf("%d findings, want the one committed after the failures", n)
	}
}

// TestTx_CommitThenFailKeepsWhatWasDoneAndReportsTheError: a transaction
// that refuses with CommitThenFail commits what it did (the record of a
// refusal must stand) and still answers its error, unwrapped; any other
// error commits nothing.
func TestTx_CommitThenFailKeepsWhatWasDoneAndReportsTheError(t *testing.T) {
	t.Parallel()
	st, owner, _ := oneConnection(t)
	all := domain.WithRows(context.Background(), domain.Rows{All: true})
	refusal := apperr.New(apperr.TooManyRequests, "Demasiadas coincidencias.")
	for _, c := range []struct {
		name      string
		fail      error
		committed int
	}{{"commit then fail", store.CommitThenFail(refusal), 1}, {"fail", refusal, 0}} {
		before := findings(t, owner)
		err := st.Tx(all, func(tx *store.Store) error {
			if err := tx.InsertFinding(all, finding); err != nil {
				return err
			}
			return fmt.Errorf("wrapped: %w", c.fail)
		})
		if e, ok := apperr.As(err); !ok || e != refusal {
			t.Errorf("%s: the transaction answered %v, want the refusal", c.name, err)
		}
		if n := findings(t, owner) - before; n != c.committed {
			t.Errorf("%s: %d findings committed, want %d", c.name, n, c.committed)
		}
	}
}

// TestTx_WritesAtReadCommittedWhateverTheServersDefault: a write counted
// by the reports commits while another committed after its first
// statement, even where the server begins transactions at REPEATABLE READ,
// where the counted data version's row would make it fail.
func TestTx_WritesAtReadCommittedWhateverTheServersDefault(t *testing.T) {
	t.Parallel()
	ctx := domain.WithRows(context.Background(), domain.Rows{All: true})
	db := testdb.New(t)
	if _, err := testdb.Pool(t, db.SuperuserURL).Exec(ctx, "ALTER DATABASE "+db.Name+" SET default_transaction_isolation = 'repeatable read'"); err != nil {
		t.Fatal(err)
	}
	st, owner := store.New(testdb.Pool(t, db.AppURL)), testdb.Pool(t, db.OwnerURL)
	p := domain.Period{ID: uuid.New(), Name: "2030", Kind: "anual", StartsOn: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC),
		EndsOn: time.Date(2030, 12, 31, 0, 0, 0, 0, time.UTC)}
	err := st.Tx(ctx, func(tx *store.Store) error {
		if err := tx.InsertPeriod(ctx, p, uuid.Nil); err != nil {
			return err
		}
		_, err := owner.Exec(ctx, "UPDATE countries SET name = name WHERE code = 'MX'")
		return err
	})
	if err != nil {
		t.Fatalf("the write failed: %v", err)
	}
	if _, err := st.Period(ctx, p.ID); err != nil {
		t.Errorf("the period written is not there: %v", err)
	}
}
