// Package actividades records the política pública activities the
// Comisión's institutions report (SINTRA module 3): capacitación,
// sensibilización, difusión, operativos… with the people reached by sex
// and the municipios covered, one by one or from a spreadsheet.
package actividades

import (
	"context"
	"sintra/internal/domain"
	"slices"
	"time"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/clock"
	"sintra/internal/crypto"
	"sintra/internal/sealed"
	"sintra/internal/store"
)

// Temas are the report's three chapters.
var Temas = []string{"prevencion", "combate", "sancion"}

// withoutSexSplit are the types whose reach may be given without a split by sex.
var withoutSexSplit = []string{"difusion_intangible", "difusion_tangible"}

// Service records and lists activities.
type Service struct {
	store *store.Store
	texts sealed.Texts
	authz *authz.Authorizer
	audit *audit.Recorder
	clock clock.Clock
}

// NewService returns a Service; texts seal what is written about an
// activity's corrections, and clk tells the time.
func NewService(st *store.Store, texts sealed.Texts, a *authz.Authorizer, rec *audit.Recorder, clk clock.Clock) *Service {
	return &Service{store: st, texts: texts, authz: a, audit: rec, clock: clk}
}

// Input is an activity as reported.
type Input struct {
	Institution string
	Tema        string
	Type        string
	Name        string
	HeldOn      time.Time
	// Municipios are INEGI codes; AllMunicipios covers the whole state.
	Municipios    []string
	AllMunicipios bool
	Actions       int
	People        int
	Women, Men    *int32
	Material      string
	MaterialUnits *int32
	Objective     string
}

// Create records one activity for the caller's institution (any
// institution for the Secretaría Técnica).
func (s *Service) Create(ctx context.Context, p *authz.Principal, in Input) (domain.Activity, error) {
	cat, err := s.loadCatalogs(ctx)
	if err != nil {
		return domain.Activity{}, err
	}
	if err := s.mayReportFor(p, in.Institution, cat); err != nil {
		return domain.Activity{}, err
	}
	if problems := s.check(&in, cat); len(problems) > 0 {
		fields := make([]apperr.FieldError, len(problems))
		for i, pr := range problems {
			fields[i] = apperr.FieldError{Field: pr.column, Message: pr.message}
		}
		return domain.Activity{}, apperr.Validation(fields...)
	}
	a := activityOf(in)
	err = s.store.Tx(ctx, func(tx *store.Store) error {
		if err := tx.InsertActivity(ctx, a, p.UserID); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.ActorOf(p), audit.Event{Action: "actividad.registrar", RecordType: "actividad",
			RecordID: a.ID.String(), Detail: a.Institution + " " + a.Type})
	})
	return a, err
}

// mayReportFor checks that the caller reports for their own institution,
// unless their role reports for any institution of the entidades where it
// is held. An institution not in the catalog is left to check.
func (s *Service) mayReportFor(p *authz.Principal, institution string, cat catalogs) error {
	code := cat.institutions[crypto.Normalize(institution)]
	if scope := s.authz.Scope(p, authz.ActividadesCreateAny); scope.Allowed() {
		if code != "" && !scope.Reaches(cat.entidades[code]) {
			return apperr.Validation(apperr.FieldError{Field: "institucion", Message: "Solo puede registrar actividades de las instituciones de su entidad."})
		}
		return nil
	}
	if !s.authz.Scope(p, authz.ActividadesCreate).Allowed() {
		return apperr.New(apperr.Forbidden, "No tiene permiso para esta acción.")
	}
	if code != p.Institution {
		return apperr.Validation(apperr.FieldError{Field: "institucion", Message: "Solo puede registrar actividades de su propia institución."})
	}
	return nil
}

// mayReach reports whether the caller may see and change an activity of
// institution: their own, or, for a role over any institution, one of the
// entidades where it is held.
func (s *Service) mayReach(ctx context.Context, tx *store.Store, p *authz.Principal, perm authz.Permission, institution string) (bool, error) {
	scope := s.authz.Scope(p, perm)
	switch {
	case scope.All:
		return true, nil
	case !scope.Allowed():
		return institution == p.Institution, nil
	}
	entidad, err := tx.InstitutionEntidad(ctx, institution)
	return scope.Reaches(entidad), err
}

func activityOf(in Input) domain.Activity {
	return domain.Activity{ID: uuid.New(), Institution: in.Institution, Tema: in.Tema, Type: in.Type, Name: in.Name,
		HeldOn: in.HeldOn, AllMunicipios: in.AllMunicipios, Municipios: in.Municipios, Actions: in.Actions, People: in.People,
		Women: in.Women, Men: in.Men, Material: in.Material, MaterialUnits: in.MaterialUnits, Objective: in.Objective, Version: 1}
}

// problem is one invalid value, named by its spreadsheet column.
type problem struct {
	column, message string
}

// catalogs holds the codes an activity refers to, with names normalized
// so a spreadsheet may use either.
type catalogs struct {
	institutions, types, municipios map[string]string
	temas                           map[string]string // type code → default tema
	entidades                       map[string]string // institution or municipio code → its entidad
}

func (s *Service) loadCatalogs(ctx context.Context) (catalogs, error) {
	c := catalogs{entidades: map[string]string{}}
	var err error
	if c.institutions, err = s.codes(ctx, "instituciones", c.entidades); err != nil {
		return c, err
	}
	if c.types, err = s.codes(ctx, "tipos-actividad", c.entidades); err != nil {
		return c, err
	}
	if c.municipios, err = s.codes(ctx, "municipios", c.entidades); err != nil {
		return c, err
	}
	c.temas, err = s.store.ActivityTypeTemas(ctx)
	return c, err
}

// codes maps each entry's code, and its normalized name, to its code, and
// notes in entidades the entidad of each entry that has one.
func (s *Service) codes(ctx context.Context, catalog string, entidades map[string]string) (map[string]string, error) {
	entries, err := s.store.CatalogEntries(ctx, catalog)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, 2*len(entries))
	for _, e := range entries {
		out[crypto.Normalize(e.Code)] = e.Code
		// A name two entidades share (a municipio's) stays with the first.
		if _, taken := out[crypto.Normalize(e.Name)]; !taken {
			out[crypto.Normalize(e.Name)] = e.Code
		}
		if e.Entidad != "" {
			entidades[e.Code] = e.Entidad
		}
	}
	return out, nil
}

// check validates an activity against the rules and the catalogs, and
// fills in the defaults. Messages never repeat the value.
func (s *Service) check(in *Input, cat catalogs) []problem {
	var out []problem
	add := func(col, msg string) { out = append(out, problem{col, msg}) }
	if code, ok := cat.institutions[crypto.Normalize(in.Institution)]; ok {
		in.Institution = code
	} else {
		add("institucion", "La institución no está en el catálogo.")
	}
	if code, ok := cat.types[crypto.Normalize(in.Type)]; ok {
		in.Type = code
	} else {
		add("tipo_accion", "El tipo de acción no está en el catálogo.")
	}
	if in.Tema == "" {
		in.Tema = cat.temas[in.Type]
	}
	if !slices.Contains(Temas, in.Tema) {
		add("tema", "El tema debe ser prevencion, combate o sancion.")
	}
	if n := len([]rune(in.Name)); n < 1 || n > 300 {
		add("nombre", "Escriba el nombre de la actividad (hasta 300 caracteres).")
	}
	if in.HeldOn.IsZero() || s.clock.IsFuture(in.HeldOn) {
		add("fecha", "La fecha debe tener el formato AAAA-MM-DD y no puede ser futura.")
	}
	if !in.AllMunicipios && len(in.Municipios) == 0 {
		add("municipios", "Indique las claves INEGI de los municipios (separadas por ;) o «todos».")
	}
	for i, m := range in.Municipios {
		code, ok := cat.municipios[crypto.Normalize(m)]
		switch {
		case !ok:
			add("municipios", "Un municipio no está en el catálogo.")
		case cat.entidades[code] != cat.entidades[in.Institution]:
			add("municipios", "Un municipio no es de la entidad de la institución.")
		default:
			in.Municipios[i] = code
		}
	}
	slices.Sort(in.Municipios)
	in.Municipios = slices.Compact(in.Municipios)
	out = append(out, checkReach(in)...)
	return out
}

// checkReach checks the counts: at least one action, people by sex unless
// the type is difusión, and the parts not above the total.
func checkReach(in *Input) []problem {
	var out []problem
	if in.Actions < 1 {
		out = append(out, problem{"numero_acciones", "El número de acciones debe ser 1 o más."})
	}
	if in.People < 0 {
		out = append(out, problem{"personas_total", "El total de personas no puede ser negativo."})
	}
	if (in.Women == nil || in.Men == nil) && !slices.Contains(withoutSexSplit, in.Type) {
		out = append(out, problem{"mujeres", "Indique mujeres y hombres alcanzados (solo la difusión puede omitirlos)."})
	}
	if (in.Women != nil && *in.Women < 0) || (in.Men != nil && *in.Men < 0) {
		out = append(out, problem{"mujeres", "Mujeres y hombres no pueden ser negativos."})
	}
	if sum := deref(in.Women) + deref(in.Men); int(sum) > in.People {
		out = append(out, problem{"hombres", "Mujeres más hombres no pueden superar el total de personas."})
	}
	if in.MaterialUnits != nil && *in.MaterialUnits < 0 {
		out = append(out, problem{"unidades_material", "Las unidades de material no pueden ser negativas."})
	}
	return out
}

func deref(v *int32) int32 {
	if v == nil {
		return 0
	}
	return *v
}

// List returns activities in the caller's scope — their institution's, or
// those of every institution of her entidades for the Secretaría Técnica —
// with the totals.
func (s *Service) List(ctx context.Context, p *authz.Principal, f domain.ActivityFilter, limit, offset int) ([]domain.Activity, domain.ActivityTotals, error) {
	switch all := s.authz.Scope(p, authz.ActividadesReadAll); {
	case all.All:
	case all.Allowed():
		f.Entidades = append([]string{}, all.EntidadesReached()...)
	case s.authz.Scope(p, authz.ActividadesRead).Allowed():
		own := p.Institution
		f.Institution = &own
	default:
		return nil, domain.ActivityTotals{}, apperr.New(apperr.Forbidden, "No tiene permiso para esta acción.")
	}
	return s.store.Activities(ctx, f, limit, offset)
}
