package canalizaciones

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/clock"
	"sintra/internal/corrections"
	"sintra/internal/crypto"
	"sintra/internal/domain"
	"sintra/internal/store"
	"sintra/internal/victims"
)

// recordType names canalizaciones in the history of corrections and the audit trail.
const recordType = "canalizacion"

// Correction is what the sender may correct of a canalización nobody has
// answered yet, and why. Without NewNotes the notes stay.
type Correction struct {
	ServiceType string
	SentOn      time.Time
	Notes       string
	NewNotes    bool
	Reason      corrections.Reason
}

// unanswered loads a canalización the caller's institution sent, that the
// receiver has not answered and is not voided, at the caller's version.
func (s *Service) unanswered(ctx context.Context, tx *store.Store, p *authz.Principal, id uuid.UUID, expectedVersion int, what string) (domain.Canalizacion, error) {
	c, err := s.load(ctx, tx, p, id)
	if err != nil {
		return c, err
	}
	if c.From != p.Institution || !s.authz.Scope(p, authz.CanalizacionesSend).Allowed() {
		return c, apperr.New(apperr.Forbidden, "Solo la institución emisora puede "+what+" la canalización.")
	}
	if err := corrections.Current(c.Version, c.VoidedAt, expectedVersion); err != nil {
		return c, err
	}
	if c.Status != "enviada" {
		return c, apperr.New(apperr.Conflict, "La canalización ya está "+c.Status+": solo se puede "+what+" mientras está enviada.")
	}
	return c, nil
}

// Correct changes the service type, the date sent or the notes of a
// canalización the caller's institution sent, while the receiver has not
// answered it, keeping the previous values, who and why in its history.
// Sending it elsewhere is voiding it and sending a new one.
func (s *Service) Correct(ctx context.Context, p *authz.Principal, id uuid.UUID, expectedVersion int, in Correction) (domain.Canalizacion, error) {
	if err := corrections.Check(&in.Reason); err != nil {
		return domain.Canalizacion{}, err
	}
	if err := s.checkCorrection(ctx, &in); err != nil {
		return domain.Canalizacion{}, err
	}
	var out domain.Canalizacion
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		c, err := s.unanswered(ctx, tx, p, id, expectedVersion, "corregir")
		if err != nil {
			return err
		}
		// Her identification date only, which holds no personal data: the
		// sender reaches her through the canalización.
		rec, err := tx.Victim(ctx, c.VictimID, domain.Scope{AllMunicipios: true, AnyInstitution: true})
		if err != nil {
			return err
		}
		if in.SentOn.Before(rec.Stats.IdentifiedOn) {
			return apperr.Validation(apperr.FieldError{Field: "sent_on", Message: "La canalización no puede ser anterior a la identificación de la víctima (" +
				rec.Stats.IdentifiedOn.Format("02/01/2006") + ")."})
		}
		if err := s.checkConsent(ctx, tx, p, SendInput{VictimID: c.VictimID, SentOn: in.SentOn, Override: c.ConsentOverride}); err != nil {
			return err
		}
		previous := map[string]string{}
		corrections.Diff(previous, "service_type", c.ServiceType, in.ServiceType)
		corrections.Diff(previous, "sent_on", c.SentOn.Format(time.DateOnly), in.SentOn.Format(time.DateOnly))
		next := c
		next.ServiceType, next.SentOn = in.ServiceType, in.SentOn
		var sealedPrevious map[string][]byte
		if in.NewNotes && (in.Notes != "" || c.NotesEnc != nil) {
			sealedPrevious = map[string][]byte{"notes": c.NotesEnc}
			if next.NotesEnc, err = s.victims.Seal(ctx, tx, c.VictimID, notesPlace(id), "notes", in.Notes); err != nil {
				return err
			}
		}
		if len(previous) == 0 && sealedPrevious == nil {
			return corrections.ErrUnchanged
		}
		if err := tx.CorrectCanalizacion(ctx, next); err != nil {
			return err
		}
		entry := corrections.Entry{RecordType: recordType, RecordID: id, Kind: domain.Corrected, Version: c.Version,
			Reason: in.Reason, Previous: previous, Sealed: sealedPrevious}
		if err := corrections.Keep(ctx, tx, s.sealer(tx, c.VictimID), p, s.clock.Now(), entry); err != nil {
			return err
		}
		out = next
		out.Version++
		out.NotesEnc, out.OverrideReasonEnc = nil, nil
		var names []string
		for _, f := range []string{"service_type", "sent_on"} {
			if _, ok := previous[f]; ok {
				names = append(names, f)
			}
		}
		if sealedPrevious != nil {
			names = append(names, "notes")
		}
		return s.record(ctx, tx, p, "canalizacion.corregir", c, strings.Join(names, " "), audit.Reason{})
	})
	return out, err
}

func (s *Service) checkCorrection(ctx context.Context, in *Correction) error {
	var fields []apperr.FieldError
	if ok, err := s.store.CatalogHas(ctx, "tipos-servicio", in.ServiceType); err != nil {
		return err
	} else if !ok {
		fields = append(fields, apperr.FieldError{Field: "service_type", Message: "El tipo de servicio no está en el catálogo."})
	}
	if in.SentOn.IsZero() || s.clock.IsFuture(in.SentOn) {
		fields = append(fields, apperr.FieldError{Field: "sent_on", Message: "Indique la fecha de envío; no puede ser futura."})
	}
	in.SentOn = clock.Date(in.SentOn)
	in.Notes = strings.TrimSpace(in.Notes)
	if len([]rune(in.Notes)) > 2000 {
		fields = append(fields, apperr.FieldError{Field: "notes", Message: "Las notas son demasiado largas (2000 caracteres como máximo)."})
	}
	if len(fields) > 0 {
		return apperr.Validation(fields...)
	}
	return nil
}

// Void marks a canalización the caller's institution sent by mistake as
// voided, while the receiver has not answered it: it leaves the receiver's
// inbox, which no longer sees the víctima through it, and counts nowhere.
// A referral withdrawn for a reason of its own is cancelada instead (Move).
func (s *Service) Void(ctx context.Context, p *authz.Principal, id uuid.UUID, expectedVersion int, reason corrections.Reason) error {
	if err := corrections.Check(&reason); err != nil {
		return err
	}
	return s.store.Tx(ctx, func(tx *store.Store) error {
		c, err := s.unanswered(ctx, tx, p, id, expectedVersion, "anular")
		if err != nil {
			return err
		}
		if err := tx.VoidCanalizacion(ctx, id, c.Version); err != nil {
			return err
		}
		entry := corrections.Entry{RecordType: recordType, RecordID: id, Kind: domain.Voided, Version: c.Version, Reason: reason}
		if err := corrections.Keep(ctx, tx, s.sealer(tx, c.VictimID), p, s.clock.Now(), entry); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "canalizacion.anular", c, "motivo "+reason.Code, audit.Reason{})
	})
}

// History returns a canalización's corrections and voiding to its sender,
// and to its receiver while it shares the víctima, for a stated reason; the
// reasons and previous notes are sealed with her key and opened through her
// door, which audits the read.
func (s *Service) History(ctx context.Context, p *authz.Principal, id uuid.UUID, reason audit.Reason) ([]corrections.Change, error) {
	if err := victims.CheckReason(reason); err != nil {
		return nil, err
	}
	var out []corrections.Change
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		c, err := s.load(ctx, tx, p, id)
		if err != nil {
			return err
		}
		shares, err := s.victims.SharedThrough(ctx, tx, c, p.Institution)
		if err != nil {
			return err
		}
		if !shares {
			return errNotFound
		}
		her, err := s.victims.Reveal(ctx, tx, p, c.VictimID, victims.ACanalizacion(id), reason)
		if err != nil {
			return err
		}
		out, err = corrections.History(ctx, tx, her.Note, recordType, id, notesPlace(id))
		return err
	})
	return out, err
}

// sealer seals a correction's reason with the víctima's key.
func (s *Service) sealer(tx *store.Store, victimID uuid.UUID) corrections.Sealer {
	return func(ctx context.Context, at crypto.Place, column, text string) ([]byte, error) {
		return s.victims.Seal(ctx, tx, victimID, at, column, text)
	}
}

func notesPlace(id uuid.UUID) crypto.Place { return victims.NotePlace(victims.CanalizacionesTable, id) }
