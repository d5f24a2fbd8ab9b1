package services

import (
	"context"
	"strconv"
	"time"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/corrections"
	"sintra/internal/crypto"
	"sintra/internal/domain"
	"sintra/internal/store"
	"sintra/internal/victims"
)

// recordType names services in the history of corrections and the audit trail.
const recordType = "servicio"

var errServiceNotFound = apperr.New(apperr.NotFound, "El servicio no existe o no es de su institución.")

// Correction is a service's corrected values and why. Without NewNotes the
// notes stay as they were.
type Correction struct {
	Input    Input
	NewNotes bool
	Reason   corrections.Reason
}

// given loads, for a change, a service the caller's institution gave in
// the caller's municipios, with what the institution may do for the víctima.
func (s *Service) given(ctx context.Context, tx *store.Store, p *authz.Principal, id uuid.UUID) (domain.Service, attendance, error) {
	scope := s.authz.Scope(p, authz.AtencionesCreate)
	if !scope.Allowed() {
		return domain.Service{}, attendance{}, errServiceNotFound
	}
	sv, err := tx.Service(ctx, id, scope.InStore(true))
	if apperr.CodeOf(err) == apperr.NotFound {
		return sv, attendance{}, errServiceNotFound
	} else if err != nil {
		return sv, attendance{}, err
	}
	att, err := s.attendable(ctx, tx, p, sv.VictimID)
	if apperr.CodeOf(err) == apperr.NotFound {
		return sv, att, errServiceNotFound
	}
	return sv, att, err
}

// Correct replaces the values of a service the caller's institution gave,
// when the caller's copy is current (expectedVersion), and keeps the
// previous values, who and why in its history; the corrected values count
// from then on.
func (s *Service) Correct(ctx context.Context, p *authz.Principal, id uuid.UUID, expectedVersion int, c Correction) (domain.Service, error) {
	if err := corrections.Check(&c.Reason); err != nil {
		return domain.Service{}, err
	}
	if err := s.validate(ctx, &c.Input); err != nil {
		return domain.Service{}, err
	}
	var out domain.Service
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		sv, att, err := s.given(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if err := corrections.Current(sv.Version, sv.VoidedAt, expectedVersion); err != nil {
			return err
		}
		in := c.Input
		if in.ProvidedOn.Before(att.since) {
			return apperr.Validation(apperr.FieldError{Field: "provided_on", Message: att.sinceWhat + " (" + att.since.Format("02/01/2006") + ")."})
		}
		previous := map[string]string{}
		corrections.Diff(previous, "type", sv.Type, in.Type)
		corrections.Diff(previous, "provided_on", sv.ProvidedOn.Format(time.DateOnly), in.ProvidedOn.Format(time.DateOnly))
		corrections.Diff(previous, "quantity", strconv.Itoa(sv.Quantity), strconv.Itoa(in.Quantity))
		next := sv
		next.Type, next.ProvidedOn, next.Quantity = in.Type, in.ProvidedOn, in.Quantity
		var sealedPrevious map[string][]byte
		if c.NewNotes && (in.Notes != "" || sv.NotesEnc != nil) {
			sealedPrevious = map[string][]byte{"notes": sv.NotesEnc}
			if next.NotesEnc, err = s.victims.Seal(ctx, tx, sv.VictimID, notesPlace(sv.ID), "notes", in.Notes); err != nil {
				return err
			}
		}
		if len(previous) == 0 && sealedPrevious == nil {
			return corrections.ErrUnchanged
		}
		if err := tx.CorrectService(ctx, next); err != nil {
			return err
		}
		entry := corrections.Entry{RecordType: recordType, RecordID: id, Kind: domain.Corrected, Version: sv.Version,
			Reason: c.Reason, Previous: previous, Sealed: sealedPrevious}
		if err := corrections.Keep(ctx, tx, s.sealer(tx, sv.VictimID), p, s.clock.Now(), entry); err != nil {
			return err
		}
		out = next
		out.Version++
		out.NotesEnc = nil
		return s.audit.Record(ctx, tx, audit.ActorOf(p), audit.Event{Action: "servicio.corregir", RecordType: recordType,
			RecordID: id.String(), Municipio: sv.Municipio, Detail: changedFields(previous, sealedPrevious)})
	})
	return out, err
}

// Void marks a service the caller's institution gave as voided, when the
// caller's copy is current: it stays, with its history, and stops counting
// in lists, the víctima's timeline, reports and statistics.
func (s *Service) Void(ctx context.Context, p *authz.Principal, id uuid.UUID, expectedVersion int, reason corrections.Reason) error {
	if err := corrections.Check(&reason); err != nil {
		return err
	}
	return s.store.Tx(ctx, func(tx *store.Store) error {
		sv, _, err := s.given(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if err := corrections.Current(sv.Version, sv.VoidedAt, expectedVersion); err != nil {
			return err
		}
		if err := tx.VoidService(ctx, id, sv.Version); err != nil {
			return err
		}
		entry := corrections.Entry{RecordType: recordType, RecordID: id, Kind: domain.Voided, Version: sv.Version, Reason: reason}
		if err := corrections.Keep(ctx, tx, s.sealer(tx, sv.VictimID), p, s.clock.Now(), entry); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.ActorOf(p), audit.Event{Action: "servicio.anular", RecordType: recordType,
			RecordID: id.String(), Municipio: sv.Municipio, Detail: "motivo " + reason.Code})
	})
}

// History returns a service's corrections and voiding, for a stated
// reason: to a caller who may read the víctima's record, and to the
// institution that gave the service while it attends her. The reasons and
// previous notes are sealed with her key, so they are opened through her
// door, which audits the read.
func (s *Service) History(ctx context.Context, p *authz.Principal, id uuid.UUID, reason audit.Reason) ([]corrections.Change, error) {
	if err := victims.CheckReason(reason); err != nil {
		return nil, err
	}
	var out []corrections.Change
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		her, err := s.reach(ctx, tx, p, id, reason)
		if err != nil {
			return err
		}
		out, err = corrections.History(ctx, tx, her.Note, recordType, id, notesPlace(id))
		return err
	})
	return out, err
}

// reach opens the víctima of service id for its history: through her
// record for a caller who may read it, through the canalización by which
// the caller's institution attends her when it gave the service.
func (s *Service) reach(ctx context.Context, tx *store.Store, p *authz.Principal, id uuid.UUID, reason audit.Reason) (victims.Opened, error) {
	sv, err := tx.Service(ctx, id, domain.Scope{AllMunicipios: true, AnyInstitution: true})
	if apperr.CodeOf(err) == apperr.NotFound {
		return victims.Opened{}, errServiceNotFound
	} else if err != nil {
		return victims.Opened{}, err
	}
	if _, err := s.victims.Readable(ctx, tx, p, sv.VictimID); err == nil {
		return s.victims.Reveal(ctx, tx, p, sv.VictimID, victims.HerRecord, reason)
	} else if apperr.CodeOf(err) != apperr.NotFound {
		return victims.Opened{}, err
	}
	if sv.Institution == p.Institution && s.authz.Scope(p, authz.AtencionesCreate).Allowed() {
		if att, err := s.attendable(ctx, tx, p, sv.VictimID); err == nil && att.via != uuid.Nil {
			return s.victims.Reveal(ctx, tx, p, sv.VictimID, victims.ACanalizacion(att.via), reason)
		}
	}
	return victims.Opened{}, errServiceNotFound
}

// sealer seals a correction's reason with the víctima's key.
func (s *Service) sealer(tx *store.Store, victimID uuid.UUID) corrections.Sealer {
	return func(ctx context.Context, at crypto.Place, column, text string) ([]byte, error) {
		return s.victims.Seal(ctx, tx, victimID, at, column, text)
	}
}

func notesPlace(id uuid.UUID) crypto.Place { return victims.NotePlace(victims.ServicesTable, id) }

// changedFields names the fields a correction changed, for the audit trail.
func changedFields(previous map[string]string, sealedPrevious map[string][]byte) string {
	out := ""
	for _, name := range []string{"type", "provided_on", "quantity", "notes"} {
		_, clear := previous[name]
		_, sealed := sealedPrevious[name]
		if clear || sealed {
			if out != "" {
				out += " "
			}
			out += name
		}
	}
	return out
}
