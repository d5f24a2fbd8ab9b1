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

// Register checks the record, warns of possible duplicates (a Conflict
// listing them, unless ConfirmDuplicate), then stores it under a new
// gap-free folio with its personal data sealed, and audits it.
func (s *Service) Register(ctx context.Context, p *authz.Principal, r Registration) (Victim, error) {
	rec, event, err := s.prepare(ctx, p, &r)
	if err != nil {
		return Victim{}, err
	}
	err = s.store.Tx(ctx, func(tx *store.Store) error {
		if err := s.audit.Record(ctx, tx, actor(p), event); err != nil {
			return err
		}
		// Every registration of the year shares the folio counter, locked
		// until commit: draw the number last, so it is held the least.
		year := s.clock.Year()
		n, err := tx.NextFolio(ctx, "victima", year)
		if err != nil {
			return err
		}
		rec.Folio = folio(year, n)
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

// RegisterMany registers several víctimas in one transaction, each checked,
// sealed and audited as Register does, in a few round trips: for bulk
// loads. Any invalid registration, or an unconfirmed possible duplicate,
// refuses them all. Duplicates are looked for among the stored víctimas,
// not within the batch.
func (s *Service) RegisterMany(ctx context.Context, p *authz.Principal, regs []Registration) ([]Victim, error) {
	recs := make([]domain.VictimRecord, len(regs))
	events := make([]audit.Event, len(regs))
	consents := map[uuid.UUID][]domain.Consent{}
	for i := range regs {
		var err error
		if recs[i], events[i], err = s.prepare(ctx, p, &regs[i]); err != nil {
			return nil, err
		}
		consents[recs[i].ID] = regs[i].Consents
	}
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		if err := s.audit.RecordMany(ctx, tx, actor(p), events); err != nil {
			return err
		}
		year := s.clock.Year()
		last, err := tx.NextFolios(ctx, "victima", year, len(recs))
		if err != nil {
			return err
		}
		for i := range recs {
			recs[i].Folio = folio(year, last-len(recs)+1+i)
		}
		if err := tx.InsertVictims(ctx, recs, p.UserID); err != nil {
			return err
		}
		return tx.InsertConsents(ctx, consents, p.UserID)
	})
	if err != nil {
		return nil, err
	}
	out := make([]Victim, len(recs))
	for i := range recs {
		out[i] = s.registered(recs[i], regs[i])
	}
	return out, nil
}

// prepare checks a registration, looks for possible duplicates (a
// Conflict listing them, unless confirmed) and seals its personal data; it
// returns the record to store, without its folio, and its audit event.
func (s *Service) prepare(ctx context.Context, p *authz.Principal, r *Registration) (domain.VictimRecord, audit.Event, error) {
	scope := s.authz.Scope(p, authz.VictimasCreate)
	if !scope.Covers(r.Municipio) {
		return domain.VictimRecord{}, audit.Event{}, apperr.Validation(apperr.FieldError{Field: "municipio", Message: "Solo puede registrar víctimas en los municipios de su ámbito."})
	}
	if err := s.normalize(ctx, &r.Attributes, &r.Personal); err != nil {
		return domain.VictimRecord{}, audit.Event{}, err
	}
	if err := s.checkConsents(r.Consents); err != nil {
		return domain.VictimRecord{}, audit.Event{}, err
	}
	for _, c := range r.Consents {
		if c.GivenOn.Before(r.Attributes.IdentifiedOn) {
			return domain.VictimRecord{}, audit.Event{}, consentBeforeIdentification(r.Attributes.IdentifiedOn)
		}
	}
	curpIndex, nameIndex := s.indexes(r.Personal)
	duplicates, err := s.duplicates(ctx, p, curpIndex, nameIndex)
	if err != nil {
		return domain.VictimRecord{}, audit.Event{}, err
	}
	if len(duplicates) > 0 && !r.ConfirmDuplicate {
		e := apperr.New(apperr.Conflict, "Existe un posible duplicado. Revise los registros indicados o confirme el registro.")
		e.Extensions = map[string]any{"duplicates": duplicates}
		return domain.VictimRecord{}, audit.Event{}, e
	}
	rec := domain.VictimRecord{ID: uuid.New(), Institution: p.Institution, Municipio: r.Municipio, Stats: r.Attributes,
		CurpIndex: curpIndex, NameDOBIndex: nameIndex, CreatedAt: s.clock.Now()}
	if err := s.seal(&rec, r.Personal, nil); err != nil {
		return domain.VictimRecord{}, audit.Event{}, err
	}
	event := audit.Event{Action: "victima.registrar", RecordType: "victima", RecordID: rec.ID.String(), Municipio: rec.Municipio}
	if len(duplicates) > 0 {
		event.Detail = "posible duplicado confirmado"
	}
	return rec, event, nil
}

func folio(year, n int) string { return fmt.Sprintf("QROO-%d-%06d", year, n) }

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

// duplicates finds víctimas with the same CURP, or the same name and birth
// date, in any institution. Those the caller may read come with their folio;
// the others name only the registering institution, so institutions can
// coordinate without anyone learning personal data. Each match tells the
// caller that a person is registered, so every match is audited, and a
// caller who matches too often within an hour is refused and flagged. The
// check, the look-up and the audit of a match share one transaction, under
// the caller's lock, so that registrations sent at once are counted one by
// one.
func (s *Service) duplicates(ctx context.Context, p *authz.Principal, curpIndex, nameIndex []byte) ([]Duplicate, error) {
	if curpIndex == nil && nameIndex == nil {
		return nil, nil
	}
	var matches []domain.VictimMatch
	var exceeded bool
	// A person registered in any municipio is a duplicate: the look-up
	// reaches past the caller's rows and answers with institutions only.
	statewide := domain.WithRows(ctx, domain.Rows{All: true})
	err := s.store.Tx(statewide, func(tx *store.Store) error {
		var err error
		if exceeded, err = s.audit.DuplicateHitsExceeded(ctx, tx, actor(p)); err != nil || exceeded {
			return err
		}
		if matches, err = tx.FindVictimsByIndex(ctx, curpIndex, nameIndex); err != nil || len(matches) == 0 {
			return err
		}
		return s.audit.Record(ctx, tx, actor(p), audit.Event{Action: audit.ActionDuplicateHit, RecordType: "victima",
			Detail: fmt.Sprintf("%d coincidencia(s)", len(matches))})
	})
	if err != nil {
		return nil, err
	}
	if exceeded {
		return nil, apperr.New(apperr.TooManyRequests, "Sus registros coincidieron demasiadas veces con víctimas ya registradas en la última hora. "+
			"Espere una hora o consulte a su supervisión; el caso quedó registrado para auditoría.")
	}
	return s.described(p, matches), nil
}

// described lists matches as the caller may learn of them: with folio when
// the caller may read her, by the registering institution alone otherwise.
func (s *Service) described(p *authz.Principal, matches []domain.VictimMatch) []Duplicate {
	readable := s.authz.Scope(p, authz.VictimasRead)
	out := make([]Duplicate, 0, len(matches))
	for _, m := range matches {
		if m.Institution == p.Institution && readable.Covers(m.Municipio) {
			id := m.ID
			out = append(out, Duplicate{VictimID: &id, Folio: m.Folio, Institution: m.Institution})
			continue
		}
		out = append(out, Duplicate{Institution: m.Institution})
	}
	return out
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
