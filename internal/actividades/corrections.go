package actividades

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/corrections"
	"sintra/internal/crypto"
	"sintra/internal/domain"
	"sintra/internal/sealed"
	"sintra/internal/store"
	"sintra/internal/victims"
)

// recordType names activities in the history of corrections and the audit trail.
const recordType = "actividad"

var errNotFound = apperr.New(apperr.NotFound, "La actividad no existe o no es de su institución.")

// changeable loads an activity the caller may change: one of the caller's
// institution, or, for the Secretaría Técnica, of any institution of her
// entidades.
func (s *Service) changeable(ctx context.Context, tx *store.Store, p *authz.Principal, id uuid.UUID) (domain.Activity, error) {
	a, err := tx.Activity(ctx, id)
	if apperr.CodeOf(err) == apperr.NotFound {
		return a, errNotFound
	} else if err != nil {
		return a, err
	}
	if !s.authz.Scope(p, authz.ActividadesCreateAny).Allowed() && !s.authz.Scope(p, authz.ActividadesCreate).Allowed() {
		return a, apperr.New(apperr.Forbidden, "No tiene permiso para esta acción.")
	}
	ok, err := s.mayReach(ctx, tx, p, authz.ActividadesCreateAny, a.Institution)
	if err == nil && !ok {
		err = errNotFound
	}
	return a, err
}

// Correct replaces an activity's values (its institution stays) when the
// caller's copy is current, keeping the previous values, who and why in its
// history; the corrected figures count from then on.
func (s *Service) Correct(ctx context.Context, p *authz.Principal, id uuid.UUID, expectedVersion int, in Input, reason corrections.Reason) (domain.Activity, error) {
	if err := corrections.Check(&reason); err != nil {
		return domain.Activity{}, err
	}
	cat, err := s.loadCatalogs(ctx)
	if err != nil {
		return domain.Activity{}, err
	}
	var out domain.Activity
	err = s.store.Tx(ctx, func(tx *store.Store) error {
		a, err := s.changeable(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if err := corrections.Current(a.Version, a.VoidedAt, expectedVersion); err != nil {
			return err
		}
		in.Institution = a.Institution
		if problems := s.check(&in, cat); len(problems) > 0 {
			fields := make([]apperr.FieldError, len(problems))
			for i, pr := range problems {
				fields[i] = apperr.FieldError{Field: pr.column, Message: pr.message}
			}
			return apperr.Validation(fields...)
		}
		next := activityOf(in)
		next.ID, next.Version, next.ImportID, next.CreatedAt = a.ID, a.Version, a.ImportID, a.CreatedAt
		previous := differences(a, next)
		if len(previous) == 0 {
			return corrections.ErrUnchanged
		}
		if err := tx.CorrectActivity(ctx, next); err != nil {
			return err
		}
		entry := corrections.Entry{RecordType: recordType, RecordID: id, Kind: domain.Corrected, Version: a.Version,
			Reason: reason, Previous: previous}
		if err := corrections.Keep(ctx, tx, s.sealer(tx, id), p, s.clock.Now(), entry); err != nil {
			return err
		}
		out = next
		out.Version++
		return s.audit.Record(ctx, tx, audit.ActorOf(p), audit.Event{Action: "actividad.corregir", RecordType: recordType,
			RecordID: id.String(), Detail: fieldNames(previous)})
	})
	return out, err
}

// Void marks an activity voided when the caller's copy is current: it
// stays, with its history, and no longer counts in lists, totals, reports
// or statistics.
func (s *Service) Void(ctx context.Context, p *authz.Principal, id uuid.UUID, expectedVersion int, reason corrections.Reason) error {
	if err := corrections.Check(&reason); err != nil {
		return err
	}
	return s.store.Tx(ctx, func(tx *store.Store) error {
		a, err := s.changeable(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if err := corrections.Current(a.Version, a.VoidedAt, expectedVersion); err != nil {
			return err
		}
		if err := tx.VoidActivity(ctx, id, a.Version); err != nil {
			return err
		}
		entry := corrections.Entry{RecordType: recordType, RecordID: id, Kind: domain.Voided, Version: a.Version, Reason: reason}
		if err := corrections.Keep(ctx, tx, s.sealer(tx, id), p, s.clock.Now(), entry); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.ActorOf(p), audit.Event{Action: "actividad.anular", RecordType: recordType,
			RecordID: id.String(), Detail: a.Institution + " motivo " + reason.Code})
	})
}

// History returns an activity's corrections and voiding to those who may
// read it, for a stated reason: the reasons are free text, so the read is
// audited.
func (s *Service) History(ctx context.Context, p *authz.Principal, id uuid.UUID, reason audit.Reason) ([]corrections.Change, error) {
	if err := victims.CheckReason(reason); err != nil {
		return nil, err
	}
	var out []corrections.Change
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		a, err := tx.Activity(ctx, id)
		if apperr.CodeOf(err) == apperr.NotFound {
			return errNotFound
		} else if err != nil {
			return err
		}
		if ok, err := s.mayReach(ctx, tx, p, authz.ActividadesReadAll, a.Institution); err != nil {
			return err
		} else if !ok {
			return errNotFound
		}
		open := func(ctx context.Context, at crypto.Place, column string, enc []byte) (string, error) {
			return s.texts.Open(ctx, tx, sealed.Activity(id), at, column, enc)
		}
		if out, err = corrections.History(ctx, tx, open, recordType, id, crypto.Place{Table: "activities", RecordID: id.String()}); err != nil {
			return err
		}
		reason.Of = sealed.Activity(id)
		return s.audit.Record(ctx, tx, audit.ActorOf(p), audit.Event{Action: "actividad.historial", RecordType: recordType,
			RecordID: id.String(), Reason: reason})
	})
	return out, err
}

// sealer seals a correction's reason with the activity's own key.
func (s *Service) sealer(tx *store.Store, id uuid.UUID) corrections.Sealer {
	return func(ctx context.Context, at crypto.Place, column, text string) ([]byte, error) {
		return s.texts.Seal(ctx, tx, sealed.Activity(id), at, column, text)
	}
}

// differences returns the previous value of each field of a that next changes.
func differences(a, next domain.Activity) map[string]string {
	show := func(v *int32) string {
		if v == nil {
			return ""
		}
		return fmt.Sprint(*v)
	}
	places := func(x domain.Activity) string {
		if x.AllMunicipios {
			return "todos"
		}
		return strings.Join(x.Municipios, ";")
	}
	out := map[string]string{}
	corrections.Diff(out, "tema", a.Tema, next.Tema)
	corrections.Diff(out, "type", a.Type, next.Type)
	corrections.Diff(out, "name", a.Name, next.Name)
	corrections.Diff(out, "held_on", a.HeldOn.Format(time.DateOnly), next.HeldOn.Format(time.DateOnly))
	corrections.Diff(out, "municipios", places(a), places(next))
	corrections.Diff(out, "actions", fmt.Sprint(a.Actions), fmt.Sprint(next.Actions))
	corrections.Diff(out, "people_total", fmt.Sprint(a.People), fmt.Sprint(next.People))
	corrections.Diff(out, "women", show(a.Women), show(next.Women))
	corrections.Diff(out, "men", show(a.Men), show(next.Men))
	corrections.Diff(out, "material", a.Material, next.Material)
	corrections.Diff(out, "material_units", show(a.MaterialUnits), show(next.MaterialUnits))
	corrections.Diff(out, "objective", a.Objective, next.Objective)
	return out
}

// fieldNames names the fields a correction changed, in a stable order, for the audit trail.
func fieldNames(previous map[string]string) string {
	var names []string
	for _, f := range []string{"tema", "type", "name", "held_on", "municipios", "actions", "people_total", "women", "men",
		"material", "material_units", "objective"} {
		if _, ok := previous[f]; ok {
			names = append(names, f)
		}
	}
	return strings.Join(names, " ")
}
