package canalizaciones

import (
	"context"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/domain"
	"sintra/internal/render"
	"sintra/internal/sealed"
	"sintra/internal/store"
	"sintra/internal/victims"
)

// Detail is a canalización as its sender or receiver reads it: the
// víctima's contact card, the notes and the reason for an override, and
// every step taken with its reason.
type Detail struct {
	domain.Canalizacion
	Victim         victims.Contact
	Notes          string
	OverrideReason string
	Transitions    []Step
}

// Step is a step taken, with its reason opened.
type Step struct {
	domain.Transition
	Reason string
}

// Get reads a canalización of the caller's institution for a stated
// reason; it holds personal data, so the read is audited.
func (s *Service) Get(ctx context.Context, p *authz.Principal, id uuid.UUID, reason audit.Reason) (Detail, error) {
	return s.read(ctx, p, id, reason, "canalizacion.consultar")
}

func (s *Service) read(ctx context.Context, p *authz.Principal, id uuid.UUID, reason audit.Reason, action string) (Detail, error) {
	if err := victims.CheckReason(reason); err != nil {
		return Detail{}, err
	}
	var d Detail
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		c, err := s.load(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if action == "canalizacion.exportar" {
			if err := s.printable(ctx, tx, p, c); err != nil {
				return err
			}
		}
		d.Canalizacion = c
		shares, err := s.victims.SharedThrough(ctx, tx, c, p.Institution)
		if err != nil {
			return err
		}
		if err := s.open(ctx, tx, p, &d, shares, reason); err != nil {
			return err
		}
		if shares {
			reason.Of = sealed.Victim(c.VictimID)
		}
		return s.audit.Record(ctx, tx, audit.ActorOf(p), audit.Event{Action: action, RecordType: "canalizacion",
			RecordID: id.String(), Municipio: c.Municipio, Reason: reason})
	})
	d.NotesEnc, d.OverrideReasonEnc = nil, nil
	return d, err
}

// open fills d with the víctima's contact card and the opened notes and
// reasons, when the caller's side still shares her; otherwise only with
// her folio and the steps taken.
func (s *Service) open(ctx context.Context, tx *store.Store, p *authz.Principal, d *Detail, shares bool, reason audit.Reason) error {
	c := d.Canalizacion
	steps, err := tx.CanalizacionTransitions(ctx, c.ID)
	if err != nil {
		return err
	}
	if !shares {
		// The receiver's access to her ended with the referral, or
		// with her consent.
		d.Victim = victims.Contact{Folio: c.Folio}
		for _, st := range steps {
			d.Transitions = append(d.Transitions, Step{Transition: st})
		}
		return nil
	}
	her, err := s.victims.Reveal(ctx, tx, p, c.VictimID, victims.ACanalizacion(c.ID), reason)
	if err != nil {
		return err
	}
	d.Victim = *her.Contact
	at := victims.NotePlace(victims.CanalizacionesTable, c.ID)
	if d.Notes, err = her.Note(ctx, at, "notes", c.NotesEnc); err != nil {
		return err
	}
	if d.OverrideReason, err = her.Note(ctx, at, "override_reason", c.OverrideReasonEnc); err != nil {
		return err
	}
	for _, st := range steps {
		reason, err := her.Note(ctx, victims.NotePlace(victims.TransitionsTable, c.ID), "reason", st.ReasonEnc)
		if err != nil {
			return err
		}
		st.ReasonEnc = nil
		d.Transitions = append(d.Transitions, Step{Transition: st, Reason: reason})
	}
	return nil
}

// Document renders a canalización as a PDF for delivery to an institution
// that does not work in SINTRA. Only the sender may print it; the export
// is audited as a read of personal data.
func (s *Service) Document(ctx context.Context, p *authz.Principal, id uuid.UUID, reason audit.Reason) ([]byte, error) {
	d, err := s.read(ctx, p, id, reason, "canalizacion.exportar")
	if err != nil {
		return nil, err
	}
	names, err := s.institutionNames(ctx)
	if err != nil {
		return nil, err
	}
	return render.CanalizacionPDF(render.Canalizacion{Folio: d.Victim.Folio, From: names[d.From], To: names[d.To],
		ServiceType: d.ServiceType, SentOn: d.SentOn, Status: d.Status, Name: d.Victim.Name, Sex: d.Victim.Sex,
		Age: d.Victim.Age, Nationality: d.Victim.Nationality, IndigenousLanguage: d.Victim.IndigenousLanguage,
		Phone: d.Victim.Phone, Notes: d.Notes}, s.clock.Now())
}

// printable checks that the caller's institution sent c to one that does
// not work in SINTRA.
func (s *Service) printable(ctx context.Context, tx *store.Store, p *authz.Principal, c domain.Canalizacion) error {
	if c.From != p.Institution {
		return apperr.New(apperr.Forbidden, "Solo la institución emisora puede imprimir la canalización.")
	}
	uses, err := tx.InstitutionUsesSystem(ctx, c.To)
	if err != nil {
		return err
	}
	if uses {
		return apperr.New(apperr.Conflict, "La institución receptora trabaja en SINTRA: la canalización ya está en su bandeja.")
	}
	return nil
}

func (s *Service) institutionNames(ctx context.Context) (map[string]string, error) {
	entries, err := s.store.CatalogEntries(ctx, "instituciones")
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(entries))
	for _, e := range entries {
		names[e.Code] = e.Name
	}
	return names, nil
}
