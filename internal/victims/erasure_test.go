package victims_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
)

// memoryLedger is an erasure ledger in memory that can be made to fail.
type memoryLedger struct {
	ids  []uuid.UUID
	fail bool
}

func (l *memoryLedger) Append(id uuid.UUID, _ time.Time) error {
	if l.fail {
		return errors.New("disk full")
	}
	l.ids = append(l.ids, id)
	return nil
}

func (l *memoryLedger) Erased() ([]uuid.UUID, error) { return l.ids, nil }

func TestErase_WhenTheLedgerCannotRecordIt_ErasesNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	caseworker := f.principal(t, "CEAVEQROO", "capturista", "23005")
	v, err := f.svc.Register(ctx, caseworker, registration("Marta", "Uc", "", curp(11), "1991-02-03"))
	if err != nil {
		t.Fatal(err)
	}
	ledger := &memoryLedger{fail: true}
	svc := f.svc.KeepErasuresIn(ledger)
	if err := svc.Erase(ctx, caseworker, v.ID, audit.Reason{Code: "solicitud_arco"}); apperr.CodeOf(err) != apperr.Internal {
		t.Fatalf("erase with a failing ledger: %v, want an internal error", err)
	}
	view, err := svc.Get(ctx, caseworker, v.ID, why)
	if err != nil || view.Full.Erased || view.Full.Personal.GivenNames != "Marta" {
		t.Fatalf("an erasure the ledger did not record took effect: %+v %v", view.Full, err)
	}

	ledger.fail = false
	if err := svc.Erase(ctx, caseworker, v.ID, audit.Reason{Code: "solicitud_arco"}); err != nil {
		t.Fatal(err)
	}
	if len(ledger.ids) != 1 || ledger.ids[0] != v.ID {
		t.Errorf("ledger holds %v, want %s", ledger.ids, v.ID)
	}
}

func TestReapplyErasures_ErasesWhomTheDatabaseStillHoldsOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	caseworker := f.principal(t, "CEAVEQROO", "capturista", "23005")
	kept, err := f.svc.Register(ctx, caseworker, registration("Rosa", "Pech", "", curp(12), "1992-03-04"))
	if err != nil {
		t.Fatal(err)
	}
	other, err := f.svc.Register(ctx, caseworker, registration("Ana", "Poot", "", curp(13), "1993-04-05"))
	if err != nil {
		t.Fatal(err)
	}
	// The ledger names a víctima the database never held (a restore from
	// before her registration), one it still holds, and none else.
	ledger := &memoryLedger{ids: []uuid.UUID{uuid.New(), kept.ID}}
	svc := f.svc.KeepErasuresIn(ledger)
	if n, err := svc.ReapplyErasures(ctx); err != nil || n != 1 {
		t.Fatalf("ReapplyErasures = %d, %v; want 1", n, err)
	}
	if n, err := svc.ReapplyErasures(ctx); err != nil || n != 0 {
		t.Fatalf("again: %d, %v; want 0", n, err)
	}
	for id, erased := range map[uuid.UUID]bool{kept.ID: true, other.ID: false} {
		view, err := svc.Get(ctx, caseworker, id, why)
		if err != nil || view.Full.Erased != erased {
			t.Errorf("víctima %s erased = %v (%v), want %v", id, view.Full.Erased, err, erased)
		}
	}
}
