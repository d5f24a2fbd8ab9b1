// Package canalizaciones refers víctimas from one institution to another
// for a service: enviada → aceptada | rechazada → atendida → cerrada, or
// cancelada by the sender. Only the institution each step belongs to may
// take it, and every step records who and when. Sharing a víctima needs
// her consent, or an override with a stated reason by a role allowed to.
package canalizaciones

import (
	"context"
	"sintra/internal/domain"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/clock"
	"sintra/internal/store"
	"sintra/internal/victims"
)

// Statuses of a canalización.
var Statuses = []string{"enviada", "aceptada", "rechazada", "atendida", "cerrada", "cancelada"}

// step is an allowed transition and the side that may take it.
type step struct {
	from, to string
	// receiver is true when the receiving institution takes the step.
	receiver bool
	// needsReason is true when the step must say why.
	needsReason bool
}

var steps = []step{
	{"enviada", "aceptada", true, false},
	{"enviada", "rechazada", true, true},
	{"enviada", "cancelada", false, true},
	{"aceptada", "atendida", true, false},
	{"aceptada", "cancelada", false, true},
	{"atendida", "cerrada", false, false},
}

// Service runs canalizaciones.
type Service struct {
	store   *store.Store
	authz   *authz.Authorizer
	audit   *audit.Recorder
	victims *victims.Service
	clock   clock.Clock
}

// NewService returns a Service; clk tells the time.
func NewService(st *store.Store, a *authz.Authorizer, rec *audit.Recorder, v *victims.Service, clk clock.Clock) *Service {
	return &Service{store: st, authz: a, audit: rec, victims: v, clock: clk}
}

var errNotFound = apperr.New(apperr.NotFound, "La canalización no existe o no es de su institución.")

// scope is where the caller works with canalizaciones: their institution,
// in the municipios where they may send or receive them.
func (s *Service) scope(p *authz.Principal) (domain.Scope, bool) {
	sc := s.authz.ScopeOfAny(p, authz.CanalizacionesSend, authz.CanalizacionesReceive)
	return sc.InStore(true), sc.Allowed()
}

// load returns a canalización in the caller's scope.
func (s *Service) load(ctx context.Context, tx *store.Store, p *authz.Principal, id uuid.UUID) (domain.Canalizacion, error) {
	sc, ok := s.scope(p)
	if !ok {
		return domain.Canalizacion{}, errNotFound
	}
	c, err := tx.Canalizacion(ctx, id, sc)
	if apperr.CodeOf(err) == apperr.NotFound {
		return c, errNotFound
	}
	return c, err
}

// SendInput is a new canalización.
type SendInput struct {
	VictimID    uuid.UUID
	To          string
	ServiceType string
	// SentOn is the date it was sent; zero means today.
	SentOn time.Time
	Notes  string
	// Override sends without the víctima's consent to share, for a stated
	// reason, by a role allowed to.
	Override       bool
	OverrideReason string
}

// Send refers a víctima the caller may read to another institution.
func (s *Service) Send(ctx context.Context, p *authz.Principal, in SendInput) (domain.Canalizacion, error) {
	if !s.authz.Scope(p, authz.CanalizacionesSend).Allowed() {
		return domain.Canalizacion{}, apperr.New(apperr.Forbidden, "No tiene permiso para esta acción.")
	}
	if err := s.validate(ctx, p, &in); err != nil {
		return domain.Canalizacion{}, err
	}
	c := domain.Canalizacion{ID: uuid.New(), VictimID: in.VictimID, From: p.Institution, To: in.To, ServiceType: in.ServiceType,
		Status: "enviada", ConsentOverride: in.Override, SentBy: p.UserID, SentOn: in.SentOn,
		RecordedAt: s.clock.Now(), Version: 1}
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		rec, err := s.victims.Readable(ctx, tx, p, in.VictimID)
		if err != nil {
			return err
		}
		if c.SentOn.Before(rec.Stats.IdentifiedOn) {
			return apperr.Validation(apperr.FieldError{Field: "sent_on", Message: "La canalización no puede ser anterior a la identificación de la víctima (" +
				rec.Stats.IdentifiedOn.Format("02/01/2006") + ")."})
		}
		if err := s.checkConsent(ctx, tx, p, in); err != nil {
			return err
		}
		c.Municipio = rec.Municipio
		at := victims.NotePlace(victims.CanalizacionesTable, c.ID)
		if c.NotesEnc, err = s.victims.Seal(ctx, tx, in.VictimID, at, "notes", in.Notes); err != nil {
			return err
		}
		if c.OverrideReasonEnc, err = s.victims.Seal(ctx, tx, in.VictimID, at, "override_reason", in.OverrideReason); err != nil {
			return err
		}
		if err := tx.InsertCanalizacion(ctx, c); err != nil {
			return err
		}
		detail := "a " + in.To + " por " + in.ServiceType
		if in.Override {
			detail += " sin consentimiento (excepción motivada)"
		}
		return s.record(ctx, tx, p, "canalizacion.enviar", c, detail, audit.Reason{})
	})
	return c, err
}

func (s *Service) validate(ctx context.Context, p *authz.Principal, in *SendInput) error {
	var fields []apperr.FieldError
	if in.To == p.Institution {
		fields = append(fields, apperr.FieldError{Field: "to", Message: "No puede canalizar a su propia institución."})
	} else if ok, err := s.store.CatalogHas(ctx, "instituciones", in.To); err != nil {
		return err
	} else if !ok {
		fields = append(fields, apperr.FieldError{Field: "to", Message: "La institución no está en el catálogo."})
	}
	if ok, err := s.store.CatalogHas(ctx, "tipos-servicio", in.ServiceType); err != nil {
		return err
	} else if !ok {
		fields = append(fields, apperr.FieldError{Field: "service_type", Message: "El tipo de servicio no está en el catálogo."})
	}
	if in.SentOn.IsZero() {
		in.SentOn = s.clock.Today()
	} else if s.clock.IsFuture(in.SentOn) {
		fields = append(fields, apperr.FieldError{Field: "sent_on", Message: "La fecha de envío no puede ser futura."})
	}
	in.SentOn = clock.Date(in.SentOn)
	in.Notes, in.OverrideReason = strings.TrimSpace(in.Notes), strings.TrimSpace(in.OverrideReason)
	if len([]rune(in.Notes)) > 2000 {
		fields = append(fields, apperr.FieldError{Field: "notes", Message: "Las notas son demasiado largas (2000 caracteres como máximo)."})
	}
	if in.Override && len([]rune(in.OverrideReason)) < 10 {
		fields = append(fields, apperr.FieldError{Field: "override_reason", Message: "Explique por qué se canaliza sin el consentimiento de la víctima."})
	}
	if len(fields) > 0 {
		return apperr.Validation(fields...)
	}
	return nil
}

// checkConsent requires the víctima's consent to share with other
// institutions in force on the date of sending, or an override by a role
// allowed to make one.
func (s *Service) checkConsent(ctx context.Context, tx *store.Store, p *authz.Principal, in SendInput) error {
	consents, err := tx.LatestConsents(ctx, in.VictimID, in.SentOn)
	if err != nil {
		return err
	}
	if domain.SharingGranted(consents) {
		return nil
	}
	if !in.Override {
		return apperr.New(apperr.Conflict, "La víctima no ha dado su consentimiento para compartir sus datos con otras instituciones. "+
			"Registre el consentimiento o, si su rol lo permite, motive la excepción.")
	}
	if !s.authz.Scope(p, authz.CanalizacionesOverride).Allowed() {
		return apperr.New(apperr.Forbidden, "Su rol no puede canalizar sin el consentimiento de la víctima.")
	}
	return nil
}

// Move takes a canalización to another status on the date on (zero means
// today), if the step exists from its current status and belongs to the
// caller's side, and the date is neither future nor before the last step.
func (s *Service) Move(ctx context.Context, p *authz.Principal, id uuid.UUID, to, reason string, on time.Time) (domain.Canalizacion, error) {
	reason = strings.TrimSpace(reason)
	if on.IsZero() {
		on = s.clock.Today()
	} else if s.clock.IsFuture(on) {
		return domain.Canalizacion{}, apperr.Validation(apperr.FieldError{Field: "on", Message: "La fecha no puede ser futura."})
	}
	on = clock.Date(on)
	var c domain.Canalizacion
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		var err error
		if c, err = s.load(ctx, tx, p, id); err != nil {
			return err
		}
		if c.VoidedAt != nil {
			return apperr.New(apperr.Conflict, "La canalización fue anulada; ya no tiene pasos.")
		}
		st, err := s.allowed(p, c, to, reason)
		if err != nil {
			return err
		}
		if err := s.notBeforeLastStep(ctx, tx, c, on); err != nil {
			return err
		}
		t := domain.Transition{CanalizacionID: id, From: c.Status, To: to, ByUser: p.UserID, ByInstitution: p.Institution,
			On: on, RecordedAt: s.clock.Now()}
		if t.ReasonEnc, err = s.victims.Seal(ctx, tx, c.VictimID, victims.NotePlace(victims.TransitionsTable, id), "reason", reason); err != nil {
			return err
		}
		if err := tx.MoveCanalizacion(ctx, t); err != nil {
			return err
		}
		c.Status, c.Version = st.to, c.Version+1
		return s.record(ctx, tx, p, "canalizacion."+to, c, st.from+"→"+st.to, audit.Reason{})
	})
	return c, err
}

// notBeforeLastStep refuses a step dated before the canalización was sent
// or before its last step.
func (s *Service) notBeforeLastStep(ctx context.Context, tx *store.Store, c domain.Canalizacion, on time.Time) error {
	last := c.SentOn
	steps, err := tx.CanalizacionTransitions(ctx, c.ID)
	if err != nil {
		return err
	}
	if len(steps) > 0 {
		last = steps[len(steps)-1].On
	}
	if on.Before(last) {
		return apperr.Validation(apperr.FieldError{Field: "on", Message: "La fecha no puede ser anterior a la del paso previo (" + last.Format("02/01/2006") + ")."})
	}
	return nil
}

// allowed finds the step from c's status to to, and checks it is the
// caller's institution's to take.
func (s *Service) allowed(p *authz.Principal, c domain.Canalizacion, to, reason string) (step, error) {
	i := slices.IndexFunc(steps, func(st step) bool { return st.from == c.Status && st.to == to })
	if i < 0 {
		return step{}, apperr.New(apperr.Conflict, "La canalización está "+c.Status+" y no puede pasar a "+to+".")
	}
	st := steps[i]
	side, perm := c.From, authz.CanalizacionesSend
	if st.receiver {
		side, perm = c.To, authz.CanalizacionesReceive
	}
	if p.Institution != side || !s.authz.Scope(p, perm).Allowed() {
		who := "emisora"
		if st.receiver {
			who = "receptora"
		}
		return st, apperr.New(apperr.Forbidden, "Solo la institución "+who+" puede pasar la canalización a "+to+".")
	}
	if st.needsReason && len([]rune(reason)) < 5 {
		return st, apperr.Validation(apperr.FieldError{Field: "reason", Message: "Indique el motivo."})
	}
	return st, nil
}

func (s *Service) record(ctx context.Context, tx *store.Store, p *authz.Principal, action string, c domain.Canalizacion, detail string, reason audit.Reason) error {
	return s.audit.Record(ctx, tx, audit.ActorOf(p), audit.Event{Action: action, RecordType: "canalizacion",
		RecordID: c.ID.String(), Municipio: c.Municipio, Detail: detail, Reason: reason})
}

// Filter picks an inbox ("recibidas") or an outbox ("enviadas").
type Filter struct {
	Box    string
	Status *string
	// SentOnOrBefore, when set, keeps those sent on that date or earlier.
	SentOnOrBefore *time.Time
	// WithVoided lists voided canalizaciones too.
	WithVoided bool
}

func (f Filter) inStore() domain.CanalizacionFilter {
	return domain.CanalizacionFilter{Received: f.Box != "enviadas", Sent: f.Box != "recibidas", Status: f.Status,
		SentOnOrBefore: f.SentOnOrBefore, WithVoided: f.WithVoided}
}

// List returns the caller's institution's canalizaciones, without personal data.
func (s *Service) List(ctx context.Context, p *authz.Principal, f Filter, limit, offset int) ([]domain.Canalizacion, int, error) {
	sc, ok := s.scope(p)
	if !ok {
		return nil, 0, apperr.New(apperr.Forbidden, "No tiene permiso para esta acción.")
	}
	return s.store.Canalizaciones(ctx, sc, f.inStore(), limit, offset)
}

// Count counts the caller's institution's canalizaciones that f keeps;
// none for a caller who neither sends nor receives them.
func (s *Service) Count(ctx context.Context, p *authz.Principal, f Filter) (int, error) {
	sc, ok := s.scope(p)
	if !ok {
		return 0, nil
	}
	return s.store.CountCanalizaciones(ctx, sc, f.inStore())
}
