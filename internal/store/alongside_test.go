package store_test

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/clock"
	"sintra/internal/domain"
	"sintra/internal/store"
	"sintra/internal/testapp"
	"sintra/internal/testdb"
)

// TestAlongside_ReadsTheSnapshotAndRowsOfItsTransaction: the parts a
// report counts at once, each on its own connection, see what the
// report's transaction sees: not a víctima registered after its snapshot
// was taken, and not one of a municipio its rows are not limited to, even
// through a query that asks for every municipio.
func TestAlongside_ReadsTheSnapshotAndRowsOfItsTransaction(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	}
	given := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	e := testapp.New(t, testapp.WithClock(clock.Fixed(time.Date(2025, 7, 1, 17, 0, 0, 0, time.UTC))))
	recordsIn(t, e, given, "23005")
	otherVictim, _, _ := recordsIn(t, e, given, "23004")
	benitoJuarez := domain.WithRows(context.Background(), domain.Rows{Municipios: []string{"23005"}})
	warm(t, e.Store, benitoJuarez)

	var started sync.WaitGroup
	started.Add(2)
	seen := make([]int, 2)
	err := e.Store.Snapshot(benitoJuarez, func(tx *store.Store) error {
		if _, err := tx.Victims(benitoJuarez, everywhere, domain.VictimFilter{}, 100, uuid.NullUUID{}); err != nil {
			return err
		}
		recordsIn(t, e, given, "23005") // committed after the snapshot
		part := func(i int) store.Work {
			return func(ctx context.Context, tx *store.Store) error {
				started.Done()
				if !waitFor(&started, 10*time.Second) {
					return errors.New("the parts did not run at once")
				}
				if _, err := tx.Victim(ctx, otherVictim, everywhere); apperr.CodeOf(err) != apperr.NotFound {
					return errors.New("a part reads a víctima of Othón P. Blanco")
				}
				page, err := tx.Victims(ctx, everywhere, domain.VictimFilter{}, 100, uuid.NullUUID{})
				seen[i] = len(page.Items)
				return err
			}
		}
		return tx.Alongside(benitoJuarez, part(0), part(1))
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range seen {
		if n != 1 {
			t.Errorf("part %d sees %d víctimas of Benito Juárez, want the 1 of its snapshot", i, n)
		}
	}
}

// TestAlongside_FinishesWhenThePoolIsTaken: reports that hold every
// connection of the pool count their parts on their own connections
// rather than wait for one another.
func TestAlongside_FinishesWhenThePoolIsTaken(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	st := store.New(testdb.Pool(t, db.AppURL+"&pool_max_conns=4"))
	ctx, cancel := context.WithTimeout(domain.WithRows(context.Background(), domain.Rows{All: true}), time.Minute)
	defer cancel()
	together(t, st, ctx, 4, func(tx *store.Store) error {
		var parts atomic.Int32
		count := func(ctx context.Context, tx *store.Store) error {
			parts.Add(1)
			_, err := tx.Victims(ctx, everywhere, domain.VictimFilter{}, 1, uuid.NullUUID{})
			return err
		}
		if err := tx.Alongside(ctx, count, count, count); err != nil {
			return err
		}
		if parts.Load() != 3 {
			return errors.New("a part was left out")
		}
		return nil
	})
}

// warm opens two connections of st's pool, so that a part need not wait
// for one to be made.
func warm(t *testing.T, st *store.Store, ctx context.Context) {
	together(t, st, ctx, 2, func(*store.Store) error { return nil })
}

// together runs n snapshot transactions on st at once, each holding a
// connection of the pool, and then, while they all hold one, then in each.
func together(t *testing.T, st *store.Store, ctx context.Context, n int, then func(tx *store.Store) error) {
	t.Helper()
	var holding sync.WaitGroup
	holding.Add(n)
	errs := make(chan error, n)
	for range n {
		go func() {
			errs <- st.Snapshot(ctx, func(tx *store.Store) error {
				if _, err := tx.Victims(ctx, everywhere, domain.VictimFilter{}, 1, uuid.NullUUID{}); err != nil {
					return err
				}
				holding.Done()
				holding.Wait()
				return then(tx)
			})
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}

// waitFor reports whether wg is done within d.
func waitFor(wg *sync.WaitGroup, d time.Duration) bool {
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}
