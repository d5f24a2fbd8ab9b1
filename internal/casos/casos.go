// Package casos holds the expedientes: the trafficking event, where and
// how it happened, its modalidades, its víctimas, and its status from
// abierto to concluido, with every close and reopening recorded. A caso
// holds no personal data; its víctimas appear by folio.
package casos

import (
	"context"
	"fmt"
	"sintra/internal/domain"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/clock"
	"sintra/internal/crypto"
	"sintra/internal/sealed"
	"sintra/internal/store"
	"sintra/internal/victims"
)

// Statuses of a caso, in their usual order.
var Statuses = []string{"abierto", "en_seguimiento", "concluido"}

// Caso is an expediente with what hangs from it.
type Caso struct {
	domain.Caso
	Modalidades []string
	// Victims are in the minimal form for a reader of any institution.
	Victims []victims.Summary
	History []Change
	// Reporte is the reporte ciudadano the caso was opened from, when the
	// reader may read that reporte; nil otherwise.
	Reporte *Origin
}

// Origin names the reporte ciudadano a caso was opened from.
type Origin struct {
	ID    uuid.UUID
	Folio string
}

// Change is a change of a caso's status, with its reason opened for the
// caso's own institution (and left out for the Grupo de Trabajo).
type Change struct {
	domain.StatusChange
	Reason string
}

// Input is what creating or editing a caso takes.
type Input struct {
	Municipio   string
	Facts       domain.CasoFacts
	Modalidades []string
	VictimIDs   []uuid.UUID
}

// Service runs the expedientes.
type Service struct {
	store *store.Store
	texts sealed.Texts
	authz *authz.Authorizer
	audit *audit.Recorder
	clock clock.Clock
}

// NewService returns a Service; clk tells the time.
func NewService(st *store.Store, texts sealed.Texts, a *authz.Authorizer, rec *audit.Recorder, clk clock.Clock) *Service {
	return &Service{store: st, texts: texts, authz: a, audit: rec, clock: clk}
}

var errNotFound = apperr.New(apperr.NotFound, "El expediente no existe o no está en su ámbito.")

// Create opens a caso in one of the caller's municipios, with víctimas the
// caller's institution registered.
func (s *Service) Create(ctx context.Context, p *authz.Principal, in Input) (Caso, error) {
	c, err := s.Prepare(ctx, p, &in)
	if err != nil {
		return Caso{}, err
	}
	var out Caso
	err = s.store.Tx(ctx, func(tx *store.Store) error {
		if c, err = s.OpenIn(ctx, tx, p, c, in); err != nil {
			return err
		}
		out, err = s.load(ctx, tx, c.ID, s.authz.Scope(p, authz.CasosCreate).InStore(true))
		return err
	})
	return out, err
}

// Check checks a caso to open as Create does, tidying it in place: the
// caller's municipio, the facts and the catalogs. It stores nothing. A
// wrong caso is a Validation error naming each bad field.
func (s *Service) Check(ctx context.Context, p *authz.Principal, in *Input) error {
	var fields []apperr.FieldError
	if !s.authz.Scope(p, authz.CasosCreate).Covers(in.Municipio) {
		fields = append(fields, apperr.FieldError{Field: "municipio", Message: "Solo puede abrir expedientes en los municipios de su ámbito."})
	}
	return apperr.WithFields(fields, s.validate(ctx, in))
}

// Prepare checks a caso to open and gives it an id and a data key of its
// own, for OpenIn.
func (s *Service) Prepare(ctx context.Context, p *authz.Principal, in *Input) (domain.Caso, error) {
	if err := s.Check(ctx, p, in); err != nil {
		return domain.Caso{}, err
	}
	c := domain.Caso{ID: uuid.New(), Institution: p.Institution, Municipio: in.Municipio, Facts: in.Facts, Status: "abierto", Version: 1}
	var err error
	_, c.WrappedKey, c.KeyVersion, err = s.texts.NewKey(sealed.Caso(c.ID))
	return c, err
}

// OpenIn opens a prepared caso within tx under a new folio, with its
// modalidades and víctimas (which the caller's institution registered and
// may read), and audits it; it returns the caso with its folio.
func (s *Service) OpenIn(ctx context.Context, tx *store.Store, p *authz.Principal, c domain.Caso, in Input) (domain.Caso, error) {
	year := s.clock.Year()
	prefix, n, err := tx.NextFolios(ctx, "caso", c.Municipio, year, 1)
	if err != nil {
		return c, err
	}
	c.Folio = fmt.Sprintf("EXP-%s-%d-%06d", prefix, year, n)
	if err := tx.InsertCaso(ctx, c, p.UserID); err != nil {
		return c, err
	}
	if err := tx.SetCasoModalidades(ctx, c.ID, in.Modalidades); err != nil {
		return c, err
	}
	if err := s.linkVictims(ctx, tx, p, c.ID, in.VictimIDs); err != nil {
		return c, err
	}
	return c, s.record(ctx, tx, p, "caso.abrir", c, "")
}

func (s *Service) record(ctx context.Context, tx *store.Store, p *authz.Principal, action string, c domain.Caso, detail string) error {
	return s.audit.Record(ctx, tx, audit.ActorOf(p), audit.Event{Action: action, RecordType: "caso", RecordID: c.ID.String(),
		Municipio: c.Municipio, Detail: detail})
}

// linkVictims adds víctimas the caller's institution registered (and may
// read) to a caso; any other answers as not found.
func (s *Service) linkVictims(ctx context.Context, tx *store.Store, p *authz.Principal, casoID uuid.UUID, ids []uuid.UUID) error {
	readable := s.authz.Scope(p, authz.VictimasRead)
	for _, id := range ids {
		if _, err := tx.Victim(ctx, id, readable.InStore(true)); err != nil {
			if apperr.CodeOf(err) == apperr.NotFound {
				return apperr.Validation(apperr.FieldError{Field: "victim_ids", Message: "Una de las víctimas no existe o no está en su ámbito."})
			}
			return err
		}
		if err := tx.AddCasoVictim(ctx, casoID, id); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) validate(ctx context.Context, in *Input) error {
	var fields []apperr.FieldError
	add := func(f, m string) { fields = append(fields, apperr.FieldError{Field: f, Message: m}) }
	f := &in.Facts
	for name, d := range map[string]*time.Time{"occurred_on": f.OccurredOn, "reported_on": f.ReportedOn} {
		if d != nil && s.clock.IsFuture(*d) {
			add(name, "La fecha no puede ser futura.")
		}
	}
	if f.OccurredOn != nil && f.ReportedOn != nil && f.ReportedOn.Before(*f.OccurredOn) {
		add("reported_on", "La denuncia no puede ser anterior a los hechos.")
	}
	for name, pl := range map[string]domain.Place{"origin": f.Origin, "destination": f.Destination} {
		if msg := placeProblem(pl); msg != "" {
			add(name, msg)
		}
	}
	checks := []struct {
		catalog, field string
		code           *string
	}{
		{"formas-enganche", "recruitment_form", f.RecruitmentForm}, {"medios-transporte", "transport_mean", f.TransportMean},
		{"tipos-lugar", "place_type", f.PlaceType},
		{"nacionalidades", "origin.country", f.Origin.Country}, {"entidades", "origin.entidad", f.Origin.Entidad},
		{"municipios", "origin.municipio", f.Origin.Municipio},
		{"nacionalidades", "destination.country", f.Destination.Country}, {"entidades", "destination.entidad", f.Destination.Entidad},
		{"municipios", "destination.municipio", f.Destination.Municipio},
	}
	for _, c := range checks {
		if c.code == nil {
			continue
		}
		if ok, err := s.store.CatalogHas(ctx, c.catalog, *c.code); err != nil {
			return err
		} else if !ok {
			add(c.field, "El valor no está en el catálogo.")
		}
	}
	if len(in.Modalidades) == 0 {
		add("modalidades", "Indique al menos una modalidad (o «sin definir»).")
	}
	slices.Sort(in.Modalidades)
	in.Modalidades = slices.Compact(in.Modalidades)
	for _, m := range in.Modalidades {
		if ok, err := s.store.CatalogHas(ctx, "modalidades", m); err != nil {
			return err
		} else if !ok {
			add("modalidades", "Una modalidad no está en el catálogo.")
		}
	}
	if len(fields) > 0 {
		return apperr.Validation(fields...)
	}
	return nil
}

// load reads a caso and what hangs from it; a scope of any institution
// (the Grupo de Trabajo's) sees its víctimas in the minimal form.
func (s *Service) load(ctx context.Context, tx *store.Store, id uuid.UUID, sc domain.Scope) (Caso, error) {
	c, err := tx.Caso(ctx, id, sc)
	if apperr.CodeOf(err) == apperr.NotFound {
		return Caso{}, errNotFound
	} else if err != nil {
		return Caso{}, err
	}
	out := Caso{Caso: c}
	if out.Modalidades, err = tx.CasoModalidades(ctx, id); err != nil {
		return out, err
	}
	members, err := tx.CasoVictims(ctx, id)
	if err != nil {
		return out, err
	}
	out.Victims = victims.Summaries(members, sc.AnyInstitution)
	changes, err := tx.CasoStatusChanges(ctx, id)
	if err != nil {
		return out, err
	}
	for _, ch := range changes {
		change := Change{StatusChange: ch}
		if !sc.AnyInstitution {
			if change.Reason, err = s.texts.Open(ctx, tx, sealed.Caso(id), reasonPlace(id), "reason", ch.ReasonEnc); err != nil {
				return out, err
			}
		}
		change.ReasonEnc = nil
		out.History = append(out.History, change)
	}
	return out, nil
}

// reasonPlace binds the sealed reasons of a caso's status changes.
func reasonPlace(id uuid.UUID) crypto.Place {
	return crypto.Place{Table: "caso_status_changes", RecordID: id.String()}
}

// placeProblem says what is wrong with a place of origin or destination:
// an entidad only within Mexico, a municipio only within its entidad.
func placeProblem(p domain.Place) string {
	switch {
	case p.Entidad != nil && (p.Country == nil || *p.Country != "MX"):
		return "La entidad federativa solo va con el país México (MX)."
	case p.Municipio != nil && (p.Entidad == nil || !strings.HasPrefix(*p.Municipio, *p.Entidad)):
		return "El municipio debe ser de la entidad indicada."
	}
	return ""
}

// readScope is where the caller may read casos: the own institution's for
// caseworkers, every institution's in the municipio for the Grupo de Trabajo.
func (s *Service) readScope(p *authz.Principal) (domain.Scope, bool) {
	if scope := s.authz.Scope(p, authz.CasosRead); scope.Allowed() {
		return scope.InStore(true), true
	}
	if scope := s.authz.Scope(p, authz.CasosReadAnyInstitution); scope.Allowed() {
		return scope.InStore(false), true
	}
	return domain.Scope{}, false
}

// Get returns a caso in the caller's scope. Its status reasons may name a
// person, so a read that opens any is audited.
func (s *Service) Get(ctx context.Context, p *authz.Principal, id uuid.UUID) (Caso, error) {
	sc, ok := s.readScope(p)
	if !ok {
		return Caso{}, errNotFound
	}
	var out Caso
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		var err error
		if out, err = s.load(ctx, tx, id, sc); err != nil {
			return err
		}
		if out.Reporte, err = s.origin(ctx, tx, p, id); err != nil || !out.showsReasons() {
			return err
		}
		return s.record(ctx, tx, p, "caso.consultar", out.Caso, "motivos de cambio de estado")
	})
	return out, err
}

// origin returns the reporte ciudadano a caso was opened from, when the
// caller's institution received it in the caller's municipios.
func (s *Service) origin(ctx context.Context, tx *store.Store, p *authz.Principal, id uuid.UUID) (*Origin, error) {
	sc := s.authz.Scope(p, authz.ReportesCiudadanosRead)
	if !sc.Allowed() {
		return nil, nil
	}
	reporte, folio, err := tx.ReporteOfCaso(ctx, id, sc.InStore(true))
	if apperr.CodeOf(err) == apperr.NotFound {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	return &Origin{ID: reporte, Folio: folio}, nil
}

// showsReasons reports whether any status change of c shows its reason.
func (c Caso) showsReasons() bool {
	return slices.ContainsFunc(c.History, func(ch Change) bool { return ch.Reason != "" })
}

// List returns a page of casos in the caller's scope.
func (s *Service) List(ctx context.Context, p *authz.Principal, status, municipio *string, limit, offset int) ([]domain.Caso, int, error) {
	sc, ok := s.readScope(p)
	if !ok {
		return nil, 0, apperr.New(apperr.Forbidden, "No tiene permiso para esta acción.")
	}
	return s.store.Casos(ctx, sc, status, municipio, limit, offset)
}
