package medidas

import (
	"context"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/corrections"
	"sintra/internal/domain"
	"sintra/internal/store"
	"sintra/internal/victims"
)

// Detail is a medida with its text opened, its status history and its
// risk assessments with their notes.
type Detail struct {
	domain.MedidaProteccion
	Observations string
	Family       string
	// VoidReason is why it was voided, in words, if it was.
	VoidReason  string
	History     []domain.MedidaEstado
	Evaluations []Evaluation
}

// Evaluation is a risk assessment with its notes opened.
type Evaluation struct {
	domain.MedidaEvaluacion
	Notes string
}

// Get reads a medida for a stated reason, for a caller who may read the
// full record of its víctima (her registering institution's caseworkers,
// the Fiscalía with a carpeta she is in); otherwise NotFound. The opening
// of her data and the reading of the medida are audited.
func (s *Service) Get(ctx context.Context, p *authz.Principal, id uuid.UUID, reason audit.Reason) (Detail, error) {
	if err := victims.CheckReason(reason); err != nil {
		return Detail{}, err
	}
	var d Detail
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		m, err := tx.MedidaProteccion(ctx, id, everywhere)
		if err != nil {
			return notFound(err)
		}
		if _, err := s.victims.Readable(ctx, tx, p, m.VictimID); err != nil {
			return notFound(err)
		}
		if d, err = s.detail(ctx, tx, p, m, reason); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.ActorOf(p), event("medida_proteccion.consultar", m, "victima "+m.VictimID.String()))
	})
	if apperr.CodeOf(err) == apperr.NotFound {
		s.recordRefusal(ctx, p, audit.Event{Action: "medida_proteccion.consultar", RecordType: "medida_proteccion",
			RecordID: id.String(), Reason: reason})
	}
	return d, err
}

// recordRefusal audits, in a transaction of its own, a reading the caller
// was refused: the refusal rolled back the transaction it happened in.
func (s *Service) recordRefusal(ctx context.Context, p *authz.Principal, ev audit.Event) {
	ev.Outcome = audit.Denied
	s.store.Tx(ctx, func(tx *store.Store) error {
		return s.audit.Record(ctx, tx, audit.ActorOf(p), ev)
	})
}

// detail opens a medida's text through the door of its víctima's data.
func (s *Service) detail(ctx context.Context, tx *store.Store, p *authz.Principal, m domain.MedidaProteccion, reason audit.Reason) (Detail, error) {
	o, err := s.victims.Reveal(ctx, tx, p, m.VictimID, victims.HerRecord, reason)
	if err != nil {
		return Detail{}, notFound(err)
	}
	if o.Full == nil {
		return Detail{}, errNotFound
	}
	d := Detail{MedidaProteccion: m}
	at := victims.NotePlace(victims.MedidasTable, m.ID)
	if d.Observations, err = o.Note(ctx, at, "observations", m.ObservationsEnc); err != nil {
		return d, err
	}
	if d.Family, err = o.Note(ctx, at, "family", m.FamilyEnc); err != nil {
		return d, err
	}
	if d.VoidReason, err = o.Note(ctx, at, "void_reason", m.VoidReasonEnc); err != nil {
		return d, err
	}
	if d.History, err = tx.MedidaEstados(ctx, m.ID); err != nil {
		return d, err
	}
	evs, err := tx.MedidaEvaluaciones(ctx, m.ID)
	if err != nil {
		return d, err
	}
	for _, e := range evs {
		notes, err := o.Note(ctx, victims.NotePlace(victims.EvaluacionesTable, e.ID), "notes", e.NotesEnc)
		if err != nil {
			return d, err
		}
		e.NotesEnc = nil
		d.Evaluations = append(d.Evaluations, Evaluation{MedidaEvaluacion: e, Notes: notes})
	}
	d.ObservationsEnc, d.FamilyEnc, d.VoidReasonEnc = nil, nil, nil
	return d, nil
}

// writable finds a medida the caller may change, in tx: one of a víctima
// the caller's institution registered in the caller's municipios, not
// erased, not voided, still at version; otherwise NotFound, Conflict or
// PreconditionFailed.
func (s *Service) writable(ctx context.Context, tx *store.Store, p *authz.Principal, id uuid.UUID, version int) (domain.MedidaProteccion, error) {
	if !s.authz.Scope(p, authz.VictimasUpdate).Allowed() {
		return domain.MedidaProteccion{}, apperr.New(apperr.Forbidden, "No tiene permiso para esta acción.")
	}
	m, err := tx.MedidaProteccion(ctx, id, everywhere)
	if err != nil {
		return m, notFound(err)
	}
	rec, err := s.victims.Writable(ctx, tx, p, m.VictimID)
	switch {
	case err != nil:
		return m, notFound(err)
	case rec.ErasedAt != nil:
		return m, errErased
	case m.VoidedAt != nil:
		return m, errVoided
	case m.Version != version:
		return m, corrections.ErrStale
	}
	return m, nil
}
