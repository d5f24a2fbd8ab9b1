package victims

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/domain"
	"sintra/internal/store"
)

// ErasureLedger keeps the ids of the víctimas erased apart from the
// database and its backups, so that an erasure outlives the restore of a
// backup taken before it.
type ErasureLedger interface {
	// Append records durably that the víctima id was erased at. It runs
	// within the erasure's transaction, which fails when it fails.
	Append(id uuid.UUID, at time.Time) error
	// Erased returns every id recorded.
	Erased() ([]uuid.UUID, error)
}

// KeepErasuresIn returns the same Service recording every erasure in l.
func (s *Service) KeepErasuresIn(l ErasureLedger) *Service {
	out := *s
	out.ledger = l
	return &out
}

// eraseIn destroys a víctima's personal data within tx.
func eraseIn(ctx context.Context, tx *store.Store, id uuid.UUID) error {
	if err := tx.EraseVictim(ctx, id); err != nil {
		return err
	}
	if err := tx.EraseVictimMedidasText(ctx, id); err != nil {
		return err
	}
	// Her adjuntos' bytes, names and descriptions were sealed with her key.
	if err := tx.EraseRecordAdjuntos(ctx, "victima", id); err != nil {
		return err
	}
	return tx.EraseVictimNotes(ctx, id)
}

// recordErasure writes an erasure to the ledger, last in its transaction:
// an erasure the ledger lacks never commits.
func (s *Service) recordErasure(id uuid.UUID) error {
	if s.ledger == nil {
		return nil
	}
	if err := s.ledger.Append(id, s.clock.Now()); err != nil {
		return apperr.Wrap(apperr.Internal, "No se pudo registrar la supresión; no se realizó.", err)
	}
	return nil
}

// everywhere is the scope of the ledger's re-application: the whole state.
var everywhere = domain.Scope{AllMunicipios: true, AnyInstitution: true}

// ReapplyErasures erases again every víctima the ledger names whose
// personal data the database holds, as it does after the restore of a
// backup taken before her erasure, and returns how many it erased. A
// víctima the database does not hold (the backup predates her) is skipped.
func (s *Service) ReapplyErasures(ctx context.Context) (int, error) {
	if s.ledger == nil {
		return 0, nil
	}
	return ReapplyEach(s.ledger, func(id uuid.UUID) error {
		return s.store.Tx(ctx, func(tx *store.Store) error {
			rec, err := tx.Victim(ctx, id, everywhere)
			if apperr.CodeOf(err) == apperr.NotFound || (err == nil && rec.ErasedAt != nil) {
				return errNothingToErase
			}
			if err != nil {
				return err
			}
			if err := eraseIn(ctx, tx, id); err != nil {
				return err
			}
			return s.audit.Record(ctx, tx, audit.CommandLine, audit.Event{Action: "victima.suprimir", RecordType: "victima",
				RecordID: id.String(), Municipio: rec.Municipio, Detail: "reaplicada desde el registro de supresiones"})
		})
	})
}

// ReapplyEach calls erase with each id the ledger names, in order, and
// returns how many it erased: an erase that answers NotFound (a record of
// another kind, one the database does not hold, or one already erased) is
// skipped; any other error stops it.
func ReapplyEach(l ErasureLedger, erase func(uuid.UUID) error) (int, error) {
	ids, err := l.Erased()
	if err != nil {
		return 0, err
	}
	erased := 0
	for _, id := range ids {
		switch err := erase(id); {
		case apperr.CodeOf(err) == apperr.NotFound:
		case err != nil:
			return erased, fmt.Errorf("re-apply the erasure of %s: %w", id, err)
		default:
			erased++
		}
	}
	return erased, nil
}

// errNothingToErase rolls back the re-application of an erasure already
// in force, or of a víctima the database does not hold.
var errNothingToErase = apperr.New(apperr.NotFound, "nada que suprimir")
