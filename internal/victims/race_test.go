package victims_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"sintra/internal/apperr"
	"sintra/internal/domain"
	"sintra/internal/store"
	"sintra/internal/victims"
)

// A registration of a person whose registration (single, in a batch or an
// import) is under way in another transaction waits for it to end, then is
// warned of her: two registrations of one person never both pass the
// duplicate check.
func TestRegister_WaitsForARegistrationOfTheSamePersonUnderWay(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	first := f.principal(t, "CEAVEQROO", "capturista", "23005")
	second := f.principal(t, "DIF", "capturista", "23005")
	ctx := domain.WithRows(context.Background(), first.Rows())
	r := registration("Simultánea", "Prueba", "", curp(7), "")
	if err := f.svc.Check(ctx, first, &r); err != nil {
		t.Fatal(err)
	}
	b, err := f.svc.SealMany(first, []victims.Registration{r})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	err = f.store.Tx(ctx, func(tx *store.Store) error {
		if _, err := f.svc.MatchBatch(ctx, tx, first, b); err != nil {
			return err
		}
		go func() {
			_, err := f.svc.Register(domain.WithRows(context.Background(), second.Rows()), second, r)
			done <- err
		}()
		select {
		case err := <-done:
			return fmt.Errorf("a second registration of her ended while the first was under way: %v", err)
		case <-time.After(time.Second):
		}
		_, err := f.svc.StoreBatch(ctx, tx, first, b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := <-done; apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("the second registration, once the first stored her: %v, want a duplicate warning", err)
	}
}
