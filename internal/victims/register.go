package victims

import (
	"context"
	"fmt"
	"sintra/internal/domain"
	"slices"
	"time"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/clock"
	"sintra/internal/crypto"
	"sintra/internal/store"
)

// Registration is a new víctima.
type Registration struct {
	// Municipio is where the víctima is registered; it must be one the
	// caseworker holds the role in.
	Municipio  string
	Attributes Attributes
	Personal   Personal
	// Consents recorded with the registration, if any.
	Consents []domain.Consent
	// ConfirmDuplicate registers even when a possible duplicate exists.
	ConfirmDuplicate bool
}

// Duplicate is a possible duplicate found at registration. One the caller
// may not see carries only the institution that registered it.
type Duplicate struct {
	VictimID    *uuid.UUID `json:"victim_id,omitempty"`
	Folio       string     `json:"folio,omitempty"`
	Institution string     `json:"institution"`
}

// Register checks the record, seals its personal data, warns of possible
// duplicates (a Conflict listing them, unless ConfirmDuplicate), then
// stores it under a new gap-free folio and audits it. The look-up of
// duplicates and the storing share one transaction, holding her blind
// indexes, so that two registrations of one person at once are told of
// each other.
func (s *Service) Register(ctx context.Context, p *authz.Principal, r Registration) (Victim, error) {
	if err := s.Check(ctx, p, &r); err != nil {
		return Victim{}, err
	}
	rec, event, err := s.sealNew(p, r)
	if err != nil {
		return Victim{}, err
	}
	err = s.store.Tx(ctx, func(tx *store.Store) error {
		matches, err := s.Matches(ctx, tx, p, []Registration{r})
		if err != nil {
			return err
		}
		if err := unconfirmed(r, matches[0]); err != nil {
			// The matches found stay audited.
			return store.CommitThenFail(err)
		}
		if len(matches[0]) > 0 {
			event.Detail = confirmedDuplicate
		}
		if err := s.audit.Record(ctx, tx, actor(p), event); err != nil {
			return err
		}
		// Every registration of the entidad's year shares its folio
		// counter, locked until commit: draw the number last, so it is
		// held the least.
		year := s.clock.Year()
		prefix, n, err := tx.NextFolios(ctx, "victima", rec.Municipio, year, 1)
		if err != nil {
			return err
		}
		rec.Folio = folio(prefix, year, n)
		if err := tx.InsertVictim(ctx, rec, p.UserID); err != nil {
			return err
		}
		for _, c := range r.Consents {
			if err := tx.InsertConsent(ctx, rec.ID, p.UserID, c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Victim{}, err
	}
	return s.registered(rec, r), nil
}

// confirmedDuplicate is the detail of the audit event of a registration
// that confirmed its possible duplicates.
const confirmedDuplicate = "posible duplicado confirmado"

// Check checks a registration as Register does, tidying it in place: the
// caller's municipio, every field, the catalogs and the consents. It looks
// for no duplicate and stores nothing. A wrong registration is a Validation
// error naming each bad field; no message repeats a value.
func (s *Service) Check(ctx context.Context, p *authz.Principal, r *Registration) error {
	var fields []apperr.FieldError
	if !s.authz.Scope(p, authz.VictimasCreate).Covers(r.Municipio) {
		fields = append(fields, apperr.FieldError{Field: "municipio", Message: "Solo puede registrar víctimas en los municipios de su ámbito."})
	}
	if err := apperr.WithFields(fields, s.normalize(ctx, &r.Attributes, &r.Personal)); err != nil {
		return err
	}
	if err := s.checkConsents(r.Consents); err != nil {
		return err
	}
	for _, c := range r.Consents {
		if c.GivenOn.Before(r.Attributes.IdentifiedOn) {
			return consentBeforeIdentification(r.Attributes.IdentifiedOn)
		}
	}
	return nil
}

// sealNew is the record of a checked registration, with a new id and its
// personal data sealed, and its audit event.
func (s *Service) sealNew(p *authz.Principal, r Registration) (domain.VictimRecord, audit.Event, error) {
	curpIndex, nameIndex := s.indexes(r.Personal)
	rec := domain.VictimRecord{ID: uuid.New(), Institution: p.Institution, Municipio: r.Municipio, Stats: r.Attributes,
		CurpIndex: curpIndex, NameDOBIndex: nameIndex, CreatedAt: s.clock.Now()}
	if err := s.seal(&rec, r.Personal, nil); err != nil {
		return domain.VictimRecord{}, audit.Event{}, err
	}
	return rec, audit.Event{Action: "victima.registrar", RecordType: "victima", RecordID: rec.ID.String(), Municipio: rec.Municipio}, nil
}

// folio is the n-th víctima folio of a year in the series of an entidad,
// named by its prefix.
func folio(prefix string, year, n int) string { return fmt.Sprintf("%s-%d-%06d", prefix, year, n) }

// registered is what a registration returns: the stored record with the
// personal data as given.
func (s *Service) registered(rec domain.VictimRecord, r Registration) Victim {
	return Victim{ID: rec.ID, Folio: rec.Folio, Institution: rec.Institution, Municipio: rec.Municipio,
		Attributes: rec.Stats, Personal: r.Personal, Version: 1, CreatedAt: rec.CreatedAt, Consents: r.Consents}
}

// seal gives rec a new data key (or keeps key, when re-sealing) and
// encrypts every personal field with it.
func (s *Service) seal(rec *domain.VictimRecord, p Personal, key crypto.DataKey) error {
	if key == nil {
		key = crypto.NewDataKey()
		wrapped, version, err := s.keys.WrapKey(key, place(rec.ID))
		if err != nil {
			return err
		}
		rec.WrappedKey, rec.KeyVersion = wrapped, version
	}
	rec.Sealed = map[string][]byte{}
	for col, value := range p.fields() {
		sealed, err := crypto.Seal(key, place(rec.ID), col, *value)
		if err != nil {
			return err
		}
		rec.Sealed[col] = sealed
	}
	return nil
}

var consentKinds = []string{"tratamiento_datos", domain.SharingConsent}

func consentBeforeIdentification(identified time.Time) error {
	return apperr.Validation(apperr.FieldError{Field: "consents.given_on", Message: "El consentimiento no puede ser anterior a la identificación de la víctima (" +
		identified.Format("02/01/2006") + ")."})
}

// checkConsents validates consents about to be recorded, and stamps them
// with the instant they are recorded.
func (s *Service) checkConsents(consents []domain.Consent) error {
	for i, c := range consents {
		if !slices.Contains(consentKinds, c.Kind) {
			return apperr.Validation(apperr.FieldError{Field: "consents.kind", Message: "El tipo de consentimiento no existe."})
		}
		if c.GivenOn.IsZero() || s.clock.IsFuture(c.GivenOn) {
			return apperr.Validation(apperr.FieldError{Field: "consents.given_on", Message: "Indique la fecha del consentimiento; no puede ser futura."})
		}
		consents[i].GivenOn = clock.Date(c.GivenOn)
		consents[i].RecordedAt = s.clock.Now()
	}
	return nil
}
