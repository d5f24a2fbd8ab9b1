// Package services records the services given to víctimas (asesoría
// jurídica, atención psicológica, atención médica, alimentos,
// alojamiento…: the atenciones), counted in units, by the institution that
// gave them. Notes are sealed with the víctima's own key.
package services

import (
	"context"
	"sintra/internal/domain"
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

// Service records and lists the services given to víctimas.
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

// Input is a service given.
type Input struct {
	Type       string
	ProvidedOn time.Time
	Quantity   int
	Notes      string
}

// Record adds a service the caller's institution gave a víctima it may
// read (its own registration, or one canalizada to it and accepted).
func (s *Service) Record(ctx context.Context, p *authz.Principal, victimID uuid.UUID, in Input) (domain.Service, error) {
	if !s.authz.Scope(p, authz.AtencionesCreate).Allowed() {
		return domain.Service{}, apperr.New(apperr.Forbidden, "No tiene permiso para esta acción.")
	}
	if err := s.validate(ctx, &in); err != nil {
		return domain.Service{}, err
	}
	var sv domain.Service
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		att, err := s.attendable(ctx, tx, p, victimID)
		if err != nil {
			return err
		}
		if sv, err = s.service(ctx, tx, p, victimID, att, in); err != nil {
			return err
		}
		if err := tx.InsertService(ctx, sv); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.ActorOf(p), recorded(sv))
	})
	return sv, err
}

// Planned is a service to record for a víctima.
type Planned struct {
	VictimID uuid.UUID
	Input    Input
}

// RecordMany records several services, for one or many víctimas, in one
// transaction, each checked and audited as Record does, in a few round
// trips: for bulk loads. Any invalid service refuses them all.
func (s *Service) RecordMany(ctx context.Context, p *authz.Principal, planned []Planned) ([]domain.Service, error) {
	if !s.authz.Scope(p, authz.AtencionesCreate).Allowed() {
		return nil, apperr.New(apperr.Forbidden, "No tiene permiso para esta acción.")
	}
	ins := make([]*Input, len(planned))
	for i := range planned {
		ins[i] = &planned[i].Input
	}
	errs, err := s.CheckMany(ctx, ins)
	if err != nil {
		return nil, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	var out []domain.Service
	err = s.store.Tx(ctx, func(tx *store.Store) error {
		out, err = s.RecordIn(ctx, tx, p, planned)
		return err
	})
	return out, err
}

// CheckMany checks services as Record does, tidying each in place, and
// says what is wrong with each: nil, or a Validation error naming every
// bad field. The error returned is the store's.
func (s *Service) CheckMany(ctx context.Context, ins []*Input) ([]error, error) {
	known := map[string]bool{}
	out := make([]error, len(ins))
	for i, in := range ins {
		if _, seen := known[in.Type]; !seen {
			ok, err := s.store.CatalogHas(ctx, "tipos-servicio", in.Type)
			if err != nil {
				return nil, err
			}
			known[in.Type] = ok
		}
		out[i] = s.check(in, known[in.Type])
	}
	return out, nil
}

// RecordIn records services checked by CheckMany within tx, the
// transaction of a bulk load, each audited as Record does. The caller's
// institution must attend each víctima: her registration, or a
// canalización of her it accepted.
func (s *Service) RecordIn(ctx context.Context, tx *store.Store, p *authz.Principal, planned []Planned) ([]domain.Service, error) {
	if !s.authz.Scope(p, authz.AtencionesCreate).Allowed() {
		return nil, apperr.New(apperr.Forbidden, "No tiene permiso para esta acción.")
	}
	out := make([]domain.Service, len(planned))
	attendables := map[uuid.UUID]attendance{}
	events := make([]audit.Event, len(planned))
	for i, pl := range planned {
		att, found := attendables[pl.VictimID]
		if !found {
			var err error
			if att, err = s.attendable(ctx, tx, p, pl.VictimID); err != nil {
				return nil, err
			}
			attendables[pl.VictimID] = att
		}
		sv, err := s.service(ctx, tx, p, pl.VictimID, att, pl.Input)
		if err != nil {
			return nil, err
		}
		out[i], events[i] = sv, recorded(sv)
	}
	if err := tx.InsertServices(ctx, out); err != nil {
		return nil, err
	}
	return out, s.audit.RecordMany(ctx, tx, audit.ActorOf(p), events)
}

// service is the record of a service the caller's institution gave, with
// its notes sealed with the víctima's key. It may not be dated before the
// institution could attend her.
func (s *Service) service(ctx context.Context, tx *store.Store, p *authz.Principal, victimID uuid.UUID, att attendance, in Input) (domain.Service, error) {
	if in.ProvidedOn.Before(att.since) {
		return domain.Service{}, apperr.Validation(apperr.FieldError{Field: "provided_on", Message: att.sinceWhat + " (" +
			att.since.Format("02/01/2006") + ")."})
	}
	sv := domain.Service{ID: uuid.New(), VictimID: victimID, Type: in.Type, ProvidedOn: in.ProvidedOn, Quantity: in.Quantity,
		Institution: p.Institution, Caseworker: p.UserID, Municipio: att.municipio, CreatedAt: s.clock.Now(), Version: 1}
	var err error
	sv.NotesEnc, err = s.victims.Seal(ctx, tx, victimID, victims.NotePlace(victims.ServicesTable, sv.ID), "notes", in.Notes)
	return sv, err
}

// recorded is the audit event of a recorded service.
func recorded(sv domain.Service) audit.Event {
	return audit.Event{Action: "servicio.registrar", RecordType: "servicio", RecordID: sv.ID.String(), Municipio: sv.Municipio,
		Detail: "victima " + sv.VictimID.String() + " " + sv.Type}
}

// BeforeIdentification says why a service may not be dated before the
// identification of the víctima her registering institution attends.
const BeforeIdentification = "El servicio no puede ser anterior a la identificación de la víctima"

// attendance is what the caller's institution may do for a víctima: in
// which municipio she is attended, and since when.
type attendance struct {
	municipio string
	since     time.Time
	// sinceWhat says why no service may be dated before since.
	sinceWhat string
	// via is the canalización through which the institution attends her,
	// when it did not register her.
	via uuid.UUID
}

// attendable says where and since when the caller's institution may attend
// a víctima: its own registration, since her identification, or one
// canalizada to it, since the canalización was accepted.
func (s *Service) attendable(ctx context.Context, tx *store.Store, p *authz.Principal, victimID uuid.UUID) (attendance, error) {
	if rec, err := s.victims.Readable(ctx, tx, p, victimID); err == nil {
		return attendance{municipio: rec.Municipio, since: rec.Stats.IdentifiedOn, sinceWhat: BeforeIdentification}, nil
	} else if apperr.CodeOf(err) != apperr.NotFound {
		return attendance{}, err
	}
	scope := s.authz.Scope(p, authz.AtencionesCreate)
	received, _, err := tx.Canalizaciones(ctx, scope.InStore(true), domain.CanalizacionFilter{Received: true,
		VictimID: uuid.NullUUID{UUID: victimID, Valid: true}}, 100, 0)
	if err != nil {
		return attendance{}, err
	}
	for _, c := range received {
		if c.Status != "aceptada" && c.Status != "atendida" {
			continue
		}
		steps, err := tx.CanalizacionTransitions(ctx, c.ID)
		if err != nil {
			return attendance{}, err
		}
		for _, st := range steps {
			if st.To == "aceptada" {
				return attendance{municipio: c.Municipio, since: st.On, via: c.ID,
					sinceWhat: "El servicio no puede ser anterior a la aceptación de la canalización"}, nil
			}
		}
	}
	return attendance{}, apperr.New(apperr.NotFound, "La víctima no existe o no está en su ámbito.")
}

func (s *Service) validate(ctx context.Context, in *Input) error {
	known, err := s.store.CatalogHas(ctx, "tipos-servicio", in.Type)
	if err != nil {
		return err
	}
	return s.check(in, known)
}

// check validates a service; known says whether its type is in the catalog.
func (s *Service) check(in *Input, known bool) error {
	var fields []apperr.FieldError
	if !known {
		fields = append(fields, apperr.FieldError{Field: "type", Message: "El tipo de servicio no está en el catálogo."})
	}
	if in.ProvidedOn.IsZero() || s.clock.IsFuture(in.ProvidedOn) {
		fields = append(fields, apperr.FieldError{Field: "provided_on", Message: "Indique la fecha del servicio; no puede ser futura."})
	}
	in.ProvidedOn = clock.Date(in.ProvidedOn)
	if in.Quantity <= 0 || in.Quantity > 10000 {
		fields = append(fields, apperr.FieldError{Field: "quantity", Message: "La cantidad debe ser mayor que cero (unidades del servicio)."})
	}
	in.Notes = strings.TrimSpace(in.Notes)
	if len([]rune(in.Notes)) > 2000 {
		fields = append(fields, apperr.FieldError{Field: "notes", Message: "Las notas son demasiado largas (2000 caracteres como máximo)."})
	}
	if len(fields) > 0 {
		return apperr.Validation(fields...)
	}
	return nil
}

// OfVictim lists a víctima's services (without notes): all of them for a
// caller who may read her; for an institution that accepted a canalización
// of her and has not finished it, only the services it gave, so that it
// sees what it recorded and nothing of the others' attention.
// Voided services are listed only withVoided.
func (s *Service) OfVictim(ctx context.Context, p *authz.Principal, victimID uuid.UUID, withVoided bool) ([]domain.Service, error) {
	var out []domain.Service
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		readable, err := s.readableOrAttended(ctx, tx, p, victimID)
		if err != nil {
			return err
		}
		all, err := tx.VictimServices(ctx, victimID, withVoided)
		for _, sv := range all {
			if readable || sv.Institution == p.Institution {
				out = append(out, sv)
			}
		}
		return err
	})
	for i := range out {
		out[i].NotesEnc = nil
	}
	return out, err
}

// readableOrAttended says whether the caller may read the víctima's record;
// when not, whether its institution attends her through a canalización it
// accepted and has not finished (false, nil), or neither (NotFound).
func (s *Service) readableOrAttended(ctx context.Context, tx *store.Store, p *authz.Principal, victimID uuid.UUID) (bool, error) {
	_, err := s.victims.Readable(ctx, tx, p, victimID)
	if err == nil || apperr.CodeOf(err) != apperr.NotFound || !s.authz.Scope(p, authz.AtencionesCreate).Allowed() {
		return err == nil, err
	}
	_, err = s.attendable(ctx, tx, p, victimID)
	return false, err
}

// OfInstitution lists the services the caller's institution gave in its
// municipios, with the totals (services, units, víctimas) of the filter.
func (s *Service) OfInstitution(ctx context.Context, p *authz.Principal, f domain.ServiceFilter, limit, offset int) ([]domain.Service, domain.ServiceTotals, error) {
	scope := s.authz.Scope(p, authz.AtencionesRead)
	if !scope.Allowed() {
		return nil, domain.ServiceTotals{}, apperr.New(apperr.Forbidden, "No tiene permiso para esta acción.")
	}
	return s.store.InstitutionServices(ctx, scope.InStore(true), f, limit, offset)
}
