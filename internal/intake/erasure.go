package intake

import (
	"context"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/sealed"
	"sintra/internal/store"
	"sintra/internal/victims"
)

// KeepErasuresIn returns the same Service recording every erasure of a
// reporte in l, the ledger of the víctimas erased: a backup restored from
// before an erasure still holds the reporte's data key, and the server
// erases it again from the ledger when it starts.
func (s *Service) KeepErasuresIn(l victims.ErasureLedger) *Service {
	out := *s
	out.ledger = l
	return &out
}

var errErased = apperr.New(apperr.Conflict, "Los datos personales de este reporte fueron suprimidos; no se puede modificar.")

// Erase makes a reporte's narrative, contact data and closing reason
// unrecoverable (ARCO cancelación of a person it names) by destroying its
// data key, for a stated reason. What the statistics count of it stays and
// keeps counting. The receiving institution erases it, whatever its status.
func (s *Service) Erase(ctx context.Context, p *authz.Principal, id uuid.UUID, reason audit.Reason) error {
	if err := victims.CheckReason(reason); err != nil {
		return err
	}
	sc := s.authz.Scope(p, authz.ReportesCiudadanosErase)
	if !sc.Allowed() {
		return errNotFound
	}
	return s.store.Tx(ctx, func(tx *store.Store) error {
		r, err := s.load(ctx, tx, id, sc.InStore(true), false)
		if err != nil {
			return err
		}
		if r.ErasedAt != nil {
			return apperr.New(apperr.Conflict, "Los datos personales de este reporte ya fueron suprimidos.")
		}
		if _, err := tx.EraseReporte(ctx, id); err != nil {
			return err
		}
		// The reason's detail would be sealed under the key just destroyed:
		// only its code stays, as for a víctima.
		reason.Of = sealed.Reporte(id)
		if err := s.audit.Record(ctx, tx, audit.ActorOf(p), audit.Event{Action: "reporte_ciudadano.suprimir",
			RecordType: "reporte_ciudadano", RecordID: id.String(), Municipio: r.Municipio, Reason: reason}); err != nil {
			return err
		}
		if s.ledger == nil {
			return nil
		}
		if err := s.ledger.Append(id, s.clock.Now()); err != nil {
			return apperr.Wrap(apperr.Internal, "No se pudo registrar la supresión; no se realizó.", err)
		}
		return nil
	})
}

// ReapplyErasures erases again every reporte the ledger names whose data
// key the database holds, as after the restore of a backup taken before
// its erasure, and returns how many it erased. The ledger's other ids
// (víctimas, or reportes the database does not hold) are skipped.
func (s *Service) ReapplyErasures(ctx context.Context) (int, error) {
	if s.ledger == nil {
		return 0, nil
	}
	return victims.ReapplyEach(s.ledger, func(id uuid.UUID) error {
		return s.store.Nationwide().Tx(ctx, func(tx *store.Store) error {
			municipio, err := tx.EraseReporte(ctx, id)
			if err != nil {
				return err
			}
			return s.audit.Record(ctx, tx, audit.CommandLine, audit.Event{Action: "reporte_ciudadano.suprimir",
				RecordType: "reporte_ciudadano", RecordID: id.String(), Municipio: municipio,
				Detail: "reaplicada desde el registro de supresiones"})
		})
	})
}
