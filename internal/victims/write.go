package victims

import (
	"context"
	"fmt"
	"sintra/internal/domain"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/store"
)

// writable finds a víctima the caller may change (perm on víctimas):
// registered by the caller's institution in one of the caller's municipios.
func (s *Service) writable(ctx context.Context, tx *store.Store, p *authz.Principal, id uuid.UUID, perm authz.Permission) (domain.VictimRecord, error) {
	scope := s.authz.Scope(p, perm)
	if !scope.Allowed() {
		return domain.VictimRecord{}, errNotFound
	}
	rec, err := tx.Victim(ctx, id, scope.InStore(true))
	if apperr.CodeOf(err) == apperr.NotFound {
		return rec, errNotFound
	}
	return rec, err
}

// Update replaces a víctima's attributes and personal data when the
// caller's copy is current (expectedVersion, from the ETag), and records
// the previous value of each changed field, personal ones still sealed.
func (s *Service) Update(ctx context.Context, p *authz.Principal, id uuid.UUID, expectedVersion int, a Attributes, personal Personal) (Victim, error) {
	keepIdentified := a.IdentifiedOn.IsZero()
	if err := s.normalize(ctx, &a, &personal); err != nil {
		return Victim{}, err
	}
	var out Victim
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		rec, err := s.writable(ctx, tx, p, id, authz.VictimasUpdate)
		if err != nil {
			return err
		}
		if rec.ErasedAt != nil {
			return apperr.New(apperr.Conflict, "Los datos personales de esta víctima fueron suprimidos; no se pueden editar.")
		}
		if rec.Version != expectedVersion {
			return apperr.New(apperr.PreconditionFailed, "El registro cambió desde que lo leyó; vuelva a consultarlo y repita el cambio.")
		}
		if keepIdentified {
			a.IdentifiedOn = rec.Stats.IdentifiedOn
		} else if earliest, err := tx.EarliestVictimEvent(ctx, id); err != nil {
			return err
		} else if a.IdentifiedOn.After(earliest) {
			return apperr.Validation(apperr.FieldError{Field: "attributes.identified_on", Message: "La identificación no puede ser posterior " +
				"a los servicios, canalizaciones o consentimientos ya registrados (el primero es del " + earliest.Format("02/01/2006") + ")."})
		}
		old, key, err := s.decrypt(rec)
		if err != nil {
			return err
		}
		changes := changedFields(rec, a, old, personal)
		if len(changes) == 0 {
			out, err = s.open(ctx, tx, rec)
			return err
		}
		next := rec
		next.Stats = a
		next.CurpIndex, next.NameDOBIndex = s.indexes(personal)
		if err := s.seal(&next, personal, key); err != nil {
			return err
		}
		if err := tx.UpdateVictim(ctx, next, expectedVersion); err != nil {
			return err
		}
		if err := recordChanges(ctx, tx, p, rec, changes); err != nil {
			return err
		}
		names := make([]string, len(changes))
		for i, c := range changes {
			names[i] = c.Field
		}
		if err := s.audit.Record(ctx, tx, actor(p), audit.Event{Action: "victima.actualizar", RecordType: "victima",
			RecordID: id.String(), Municipio: rec.Municipio, Detail: strings.Join(names, " ")}); err != nil {
			return err
		}
		next.Version = rec.Version + 1
		out, err = s.open(ctx, tx, next)
		return err
	})
	return out, err
}

// changedFields lists each field whose value differs, with its previous
// value: in clear for attributes, as the stored ciphertext for personal data.
func changedFields(rec domain.VictimRecord, a Attributes, old, next Personal) []domain.VictimChange {
	var out []domain.VictimChange
	for col, value := range next.fields() {
		if *old.fields()[col] != *value {
			out = append(out, domain.VictimChange{Field: col, PreviousEnc: rec.Sealed[col]})
		}
	}
	for name, pair := range attributePairs(rec.Stats, a) {
		if pair[0] != pair[1] {
			previous := pair[0]
			out = append(out, domain.VictimChange{Field: name, PreviousClear: &previous})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}

// attributePairs renders each attribute before and after, for comparison and history.
func attributePairs(before, after Attributes) map[string][2]string {
	show := func(v any) string {
		switch x := v.(type) {
		case *int32:
			if x != nil {
				return fmt.Sprint(*x)
			}
		case *string:
			if x != nil {
				return *x
			}
		case *bool:
			if x != nil {
				return fmt.Sprint(*x)
			}
		case time.Time:
			return x.Format(time.DateOnly)
		case string:
			return x
		}
		return ""
	}
	return map[string][2]string{
		"identified_on":       {show(before.IdentifiedOn), show(after.IdentifiedOn)},
		"sex":                 {show(before.Sex), show(after.Sex)},
		"age":                 {show(before.Age), show(after.Age)},
		"nationality":         {show(before.Nationality), show(after.Nationality)},
		"estado_civil":        {show(before.EstadoCivil), show(after.EstadoCivil)},
		"calidad_migratoria":  {show(before.CalidadMigratoria), show(after.CalidadMigratoria)},
		"indigenous_language": {show(before.IndigenousLanguage), show(after.IndigenousLanguage)},
		"disability":          {show(before.Disability), show(after.Disability)},
		"minor_at_time":       {show(before.MinorAtTime), show(after.MinorAtTime)},
		"denuncia_filed":      {show(before.DenunciaFiled), show(after.DenunciaFiled)},
	}
}

func recordChanges(ctx context.Context, tx *store.Store, p *authz.Principal, rec domain.VictimRecord, changes []domain.VictimChange) error {
	for _, c := range changes {
		c.Version = rec.Version
		if err := tx.InsertVictimChange(ctx, rec.ID, p.UserID, c); err != nil {
			return err
		}
	}
	return nil
}

// RecordConsent records a consent given or withdrawn.
func (s *Service) RecordConsent(ctx context.Context, p *authz.Principal, id uuid.UUID, c domain.Consent) error {
	checked := []domain.Consent{c}
	if err := s.checkConsents(checked); err != nil {
		return err
	}
	c = checked[0]
	return s.store.Tx(ctx, func(tx *store.Store) error {
		rec, err := s.writable(ctx, tx, p, id, authz.VictimasUpdate)
		if err != nil {
			return err
		}
		if c.GivenOn.Before(rec.Stats.IdentifiedOn) {
			return consentBeforeIdentification(rec.Stats.IdentifiedOn)
		}
		if err := tx.InsertConsent(ctx, id, p.UserID, c); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, actor(p), audit.Event{Action: "victima.consentimiento", RecordType: "victima",
			RecordID: id.String(), Municipio: rec.Municipio, Detail: fmt.Sprintf("%s=%v", c.Kind, c.Granted)})
	})
}

// Erase makes a víctima's personal data unrecoverable (ARCO cancelación):
// its data key, ciphertexts, indexes and sealed history are destroyed; the
// statistical attributes stay and keep counting in reports.
func (s *Service) Erase(ctx context.Context, p *authz.Principal, id uuid.UUID, reason audit.Reason) error {
	if err := CheckReason(reason); err != nil {
		return err
	}
	return s.store.Tx(ctx, func(tx *store.Store) error {
		rec, err := s.writable(ctx, tx, p, id, authz.VictimasErase)
		if err != nil {
			return err
		}
		if rec.ErasedAt != nil {
			return apperr.New(apperr.Conflict, "Los datos personales de esta víctima ya fueron suprimidos.")
		}
		if err := eraseIn(ctx, tx, id); err != nil {
			return err
		}
		if err := s.audit.Record(ctx, tx, actor(p), audit.Event{Action: "victima.suprimir", RecordType: "victima",
			RecordID: id.String(), Municipio: rec.Municipio, Reason: sealedReason(reason, id)}); err != nil {
			return err
		}
		return s.recordErasure(id)
	})
}

// Change is one field's change as its reader sees it.
type Change struct {
	domain.VictimChange
	// Previous is the value before the change, opened if it was sealed.
	Previous string
}

// History returns who changed which field when, with previous values, for
// a stated reason; it is a read of personal data and is audited.
func (s *Service) History(ctx context.Context, p *authz.Principal, id uuid.UUID, reason audit.Reason) ([]Change, error) {
	if err := CheckReason(reason); err != nil {
		return nil, err
	}
	var out []Change
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		rec, err := s.Readable(ctx, tx, p, id)
		if err != nil {
			return err
		}
		changes, err := tx.VictimChanges(ctx, id)
		if err != nil {
			return err
		}
		key, err := s.dataKey(rec)
		if err != nil {
			return err
		}
		for _, c := range changes {
			ch := Change{VictimChange: c}
			if ch.Previous, err = previous(key, id, c); err != nil {
				return err
			}
			ch.PreviousEnc = nil
			out = append(out, ch)
		}
		return s.audit.Record(ctx, tx, actor(p), audit.Event{Action: "victima.historial", RecordType: "victima",
			RecordID: id.String(), Municipio: rec.Municipio, Reason: sealedReason(reason, id)})
	})
	return out, err
}
