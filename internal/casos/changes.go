package casos

import (
	"context"
	"sintra/internal/domain"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/authz"
	"sintra/internal/clock"
	"sintra/internal/sealed"
	"sintra/internal/store"
)

// writable loads a caso the caller may change.
func (s *Service) writable(ctx context.Context, tx *store.Store, p *authz.Principal, id uuid.UUID) (Caso, domain.Scope, error) {
	scope := s.authz.Scope(p, authz.CasosUpdate)
	if !scope.Allowed() {
		return Caso{}, domain.Scope{}, errNotFound
	}
	c, err := s.load(ctx, tx, id, scope.InStore(true))
	return c, scope.InStore(true), err
}

// Update replaces a caso's facts, modalidades and víctimas when the caller's
// copy is current. Víctimas are only ever added: a link is never removed.
func (s *Service) Update(ctx context.Context, p *authz.Principal, id uuid.UUID, expectedVersion int, in Input) (Caso, error) {
	var out Caso
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		c, sc, err := s.writable(ctx, tx, p, id)
		if err != nil {
			return err
		}
		in.Municipio = c.Municipio
		if err := s.validate(ctx, &in); err != nil {
			return err
		}
		if field := c.factsAfterHistory(in.Facts); field != "" {
			return apperr.Validation(apperr.FieldError{Field: field, Message: "La fecha no puede ser posterior al primer cambio de estado del expediente (" +
				c.History[0].ChangedOn.Format("02/01/2006") + ")."})
		}
		if err := tx.UpdateCaso(ctx, id, in.Facts, expectedVersion); err != nil {
			return err
		}
		if err := tx.SetCasoModalidades(ctx, id, in.Modalidades); err != nil {
			return err
		}
		if err := s.linkVictims(ctx, tx, p, id, in.VictimIDs); err != nil {
			return err
		}
		if err := s.record(ctx, tx, p, "caso.actualizar", c.Caso, ""); err != nil {
			return err
		}
		out, err = s.load(ctx, tx, id, sc)
		return err
	})
	return out, err
}

// ChangeStatus moves a caso to another status on the date on (zero means
// today). Concluding and reopening need a reason; every change is kept in
// the caso's history, dated neither in the future nor before the previous
// change or the facts.
func (s *Service) ChangeStatus(ctx context.Context, p *authz.Principal, id uuid.UUID, expectedVersion int, to, reason string, on time.Time) (Caso, error) {
	reason = strings.TrimSpace(reason)
	if !slices.Contains(Statuses, to) {
		return Caso{}, apperr.Validation(apperr.FieldError{Field: "status", Message: "El estado debe ser abierto, en_seguimiento o concluido."})
	}
	if on.IsZero() {
		on = s.clock.Today()
	} else if s.clock.IsFuture(on) {
		return Caso{}, apperr.Validation(apperr.FieldError{Field: "on", Message: "La fecha no puede ser futura."})
	}
	on = clock.Date(on)
	var out Caso
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		c, sc, err := s.writable(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if c.Status == to {
			return apperr.New(apperr.Conflict, "El expediente ya está en ese estado.")
		}
		if to == "abierto" {
			return apperr.Validation(apperr.FieldError{Field: "status", Message: "Un expediente reabierto pasa a en_seguimiento."})
		}
		if (to == "concluido" || c.Status == "concluido") && len([]rune(reason)) < 5 {
			return apperr.Validation(apperr.FieldError{Field: "reason", Message: "Explique por qué se concluye o se reabre el expediente."})
		}
		if earliest := c.earliestChange(); on.Before(earliest) {
			return apperr.Validation(apperr.FieldError{Field: "on", Message: "La fecha no puede ser anterior a la del cambio previo o a los hechos (" +
				earliest.Format("02/01/2006") + ")."})
		}
		sealedReason, err := s.texts.Seal(ctx, tx, sealed.Caso(id), reasonPlace(id), "reason", reason)
		if err != nil {
			return err
		}
		if err := tx.SetCasoStatus(ctx, c.Caso, to, sealedReason, on, p.UserID, expectedVersion); err != nil {
			return err
		}
		if err := s.record(ctx, tx, p, "caso.cambiar_estado", c.Caso, c.Status+"→"+to); err != nil {
			return err
		}
		out, err = s.load(ctx, tx, id, sc)
		return err
	})
	return out, err
}

// earliestChange is the first date a new status change may bear: that of
// the last change; with none, that of the facts, or of the earliest
// identification of its víctimas, or of the caso's opening.
func (c Caso) earliestChange() time.Time {
	if n := len(c.History); n > 0 {
		return c.History[n-1].ChangedOn
	}
	var earliest time.Time
	for _, d := range []*time.Time{c.Facts.OccurredOn, c.Facts.ReportedOn} {
		if d != nil && d.After(earliest) {
			earliest = *d
		}
	}
	if !earliest.IsZero() {
		return earliest
	}
	earliest = clock.DateOf(c.CreatedAt)
	for _, v := range c.Victims {
		if v.IdentifiedOn != nil && v.IdentifiedOn.Before(earliest) {
			earliest = *v.IdentifiedOn
		}
	}
	return earliest
}

// factsAfterHistory reports the name of a fact dated after the caso's first
// status change, which the facts cannot follow.
func (c Caso) factsAfterHistory(f domain.CasoFacts) string {
	if len(c.History) == 0 {
		return ""
	}
	first := c.History[0].ChangedOn
	for name, d := range map[string]*time.Time{"occurred_on": f.OccurredOn, "reported_on": f.ReportedOn} {
		if d != nil && d.After(first) {
			return name
		}
	}
	return ""
}

// Writable loads, within tx, a caso the caller may change: its own
// institution's caseworkers in its municipio; NotFound for anyone else.
func (s *Service) Writable(ctx context.Context, tx *store.Store, p *authz.Principal, id uuid.UUID) (domain.Caso, error) {
	c, _, err := s.writable(ctx, tx, p, id)
	return c.Caso, err
}

// Readable loads, within tx, a caso whose sealed text the caller may read:
// its own institution's readers in its municipio. The Grupo de Trabajo,
// which reads casos of any institution without their sealed text (see
// load), gets NotFound like anyone else.
func (s *Service) Readable(ctx context.Context, tx *store.Store, p *authz.Principal, id uuid.UUID) (domain.Caso, error) {
	sc, ok := s.readScope(p)
	if !ok || sc.AnyInstitution {
		return domain.Caso{}, errNotFound
	}
	c, err := tx.Caso(ctx, id, sc)
	if apperr.CodeOf(err) == apperr.NotFound {
		return c, errNotFound
	}
	return c, err
}
