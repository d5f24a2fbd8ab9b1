package medidas

import (
	"context"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/corrections"
	"sintra/internal/store"
	"sintra/internal/victims"
)

// errVoided refuses any change to a voided medida.
var errVoided = apperr.New(apperr.Conflict, "La medida de protección fue anulada; ya no se puede modificar, evaluar ni anular.")

// Void voids a medida recorded by mistake, when the caller's copy is
// current (version, from the ETag), for a reason: it stays, marked, with
// who voided it, from which institution, when and why (the reason's text
// sealed with the víctima's key), and counts no more in the statistics nor
// among the reviews due.
func (s *Service) Void(ctx context.Context, p *authz.Principal, id uuid.UUID, version int, reason corrections.Reason) error {
	return s.store.Tx(ctx, func(tx *store.Store) error {
		m, err := s.writable(ctx, tx, p, id, version)
		if err != nil {
			return err
		}
		if err := corrections.Check(&reason); err != nil {
			return err
		}
		now := s.clock.Now()
		m.VoidedAt, m.VoidReasonCode, m.VoidedBy, m.VoidedByInstitution = &now, &reason.Code, &p.UserID, &p.Institution
		at := victims.NotePlace(victims.MedidasTable, m.ID)
		if m.VoidReasonEnc, err = s.victims.Seal(ctx, tx, m.VictimID, at, "void_reason", reason.Text); err != nil {
			return err
		}
		if err := tx.VoidMedidaProteccion(ctx, m); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.ActorOf(p), event("medida_proteccion.anular", m, "victima "+m.VictimID.String()+" motivo "+reason.Code))
	})
}
