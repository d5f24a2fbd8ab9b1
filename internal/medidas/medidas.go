package medidas

import (
	"context"
	"time"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/clock"
	"sintra/internal/domain"
	"sintra/internal/store"
	"sintra/internal/victims"
)

// Service records and reads medidas de protección.
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

// errNotFound answers a medida, or a víctima, the caller may not reach as
// missing, in the same words whichever it was.
var errNotFound = apperr.New(apperr.NotFound, "La medida de protección no existe o no está en su ámbito.")

// errErased refuses to change the medidas of a víctima whose data was erased.
var errErased = apperr.New(apperr.Conflict, "Los datos personales de esta víctima fueron suprimidos; sus medidas no se pueden modificar.")

// notFound answers any record not found as errNotFound.
func notFound(err error) error { return apperr.NotFoundAs(errNotFound, err) }

// everywhere finds a medida by its id alone; the víctima's check decides
// whether the caller reaches it.
var everywhere = domain.Scope{AllMunicipios: true, AnyInstitution: true}

// Input is a medida asked for.
type Input struct {
	Type         string
	Beneficiary  string
	RequestedBy  string
	RequestedOn  time.Time
	Observations string
	// Family details the family members protected.
	Family string
}

// Create records a medida asked for a víctima whose record the caller's
// institution keeps, as solicitada.
func (s *Service) Create(ctx context.Context, p *authz.Principal, victimID uuid.UUID, in Input) (domain.MedidaProteccion, error) {
	if !s.authz.Scope(p, authz.VictimasUpdate).Allowed() {
		return domain.MedidaProteccion{}, apperr.New(apperr.Forbidden, "No tiene permiso para esta acción.")
	}
	if err := s.check(ctx, &in); err != nil {
		return domain.MedidaProteccion{}, err
	}
	var m domain.MedidaProteccion
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		rec, err := s.victims.Writable(ctx, tx, p, victimID)
		if err != nil {
			return notFound(err)
		}
		if rec.ErasedAt != nil {
			return errErased
		}
		if in.RequestedOn.Before(rec.Stats.IdentifiedOn) {
			return apperr.Validation(apperr.FieldError{Field: "requested_on",
				Message: "La solicitud no puede ser anterior a la identificación de la víctima (" + day(rec.Stats.IdentifiedOn) + ")."})
		}
		m = domain.MedidaProteccion{ID: uuid.New(), VictimID: victimID, Institution: rec.Institution, Municipio: rec.Municipio,
			Type: in.Type, Beneficiary: in.Beneficiary, RequestedBy: in.RequestedBy, RequestedOn: in.RequestedOn, Status: "solicitada",
			CreatedBy: p.UserID, CreatedAt: s.clock.Now(), Version: 1}
		if err := s.seal(ctx, tx, &m, &in.Observations, &in.Family); err != nil {
			return err
		}
		if err := tx.InsertMedidaProteccion(ctx, m); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.ActorOf(p), event("medida_proteccion.registrar", m, "victima "+victimID.String()+" "+m.Type))
	})
	return m, err
}

// check validates a medida asked for.
func (s *Service) check(ctx context.Context, in *Input) error {
	var f fields
	f.oneOf("type", in.Type, Types, "Elija un tipo de medida de la lista.")
	f.oneOf("beneficiary", in.Beneficiary, Beneficiaries, "Indique a quién protege la medida: la víctima, sus familiares o ambas.")
	known, err := s.store.CatalogHas(ctx, "instituciones", in.RequestedBy)
	if err != nil {
		return err
	}
	if !known {
		f.add("requested_by", "La institución que solicita no está en el catálogo.")
	}
	f.pastDate(s.clock, "requested_on", &in.RequestedOn, "la fecha de la solicitud")
	f.text("observations", &in.Observations, "Las observaciones")
	f.text("family", &in.Family, "Los datos de los familiares")
	return f.err()
}

// seal seals a medida's text with the víctima's key; nil leaves it as is.
func (s *Service) seal(ctx context.Context, tx *store.Store, m *domain.MedidaProteccion, observations, family *string) error {
	at := victims.NotePlace(victims.MedidasTable, m.ID)
	var err error
	if observations != nil {
		if m.ObservationsEnc, err = s.victims.Seal(ctx, tx, m.VictimID, at, "observations", *observations); err != nil {
			return err
		}
	}
	if family != nil {
		m.FamilyEnc, err = s.victims.Seal(ctx, tx, m.VictimID, at, "family", *family)
	}
	return err
}

// event is the audit event of something done to a medida.
func event(action string, m domain.MedidaProteccion, detail string) audit.Event {
	return audit.Event{Action: action, RecordType: "medida_proteccion", RecordID: m.ID.String(), Municipio: m.Municipio, Detail: detail}
}

// OfVictim lists a víctima's medidas, without their text, for a caller who
// may read her record; the reading is audited.
func (s *Service) OfVictim(ctx context.Context, p *authz.Principal, victimID uuid.UUID) ([]domain.MedidaProteccion, error) {
	var out []domain.MedidaProteccion
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		rec, err := s.victims.Readable(ctx, tx, p, victimID)
		if err != nil {
			return notFound(err)
		}
		if out, err = tx.VictimMedidasProteccion(ctx, victimID); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.ActorOf(p), audit.Event{Action: "medida_proteccion.listar", RecordType: "victima",
			RecordID: victimID.String(), Municipio: rec.Municipio})
	})
	for i := range out {
		out[i].ObservationsEnc, out[i].FamilyEnc, out[i].VoidReasonEnc = nil, nil, nil
	}
	return out, err
}

// DueForReview returns a page of the medidas still asked for or in force
// of the víctimas the caller's institution registered in the caller's
// municipios, whose next risk review falls on or before dueOn, without
// their text; and how many there are.
func (s *Service) DueForReview(ctx context.Context, p *authz.Principal, dueOn time.Time, limit, offset int) ([]domain.MedidaProteccion, int, error) {
	scope := s.authz.Scope(p, authz.VictimasUpdate)
	if !scope.Allowed() {
		return nil, 0, apperr.New(apperr.Forbidden, "No tiene permiso para esta acción.")
	}
	return s.store.MedidasDueForReview(ctx, scope.InStore(true), clock.Date(dueOn), limit, offset)
}

// CountDueForReview counts the medidas DueForReview lists as of today; none
// for a caller who records no víctimas.
func (s *Service) CountDueForReview(ctx context.Context, p *authz.Principal) (int, error) {
	if !s.authz.Scope(p, authz.VictimasUpdate).Allowed() {
		return 0, nil
	}
	_, n, err := s.DueForReview(ctx, p, s.clock.Today(), 0, 0)
	return n, err
}
