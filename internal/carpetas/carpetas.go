// Package carpetas holds the Fiscalía's carpetas de investigación: the
// number (sealed, found by its blind index), the linked caso and víctimas,
// the procedural timeline from investigación to sentencia, the imputados
// (names sealed) and the resoluciones judiciales. Each carpeta has its own
// data key.
package carpetas

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
	"sintra/internal/crypto"
	"sintra/internal/sealed"
	"sintra/internal/store"
)

// next lists, for each status, the statuses that may follow it.
var next = map[string][]string{
	"en_investigacion":    {"judicializada", "no_ejercicio_archivo"},
	"judicializada":       {"vinculacion_proceso", "sentencia_condenatoria", "sentencia_absolutoria"},
	"vinculacion_proceso": {"sentencia_condenatoria", "sentencia_absolutoria"},
}

// Service runs carpetas.
type Service struct {
	store *store.Store
	keys  *crypto.Keyring
	texts sealed.Texts
	authz *authz.Authorizer
	audit *audit.Recorder
	clock clock.Clock
}

// NewService returns a Service; clk tells the time.
func NewService(st *store.Store, keys *crypto.Keyring, texts sealed.Texts, a *authz.Authorizer, rec *audit.Recorder, clk clock.Clock) *Service {
	return &Service{store: st, keys: keys, texts: texts, authz: a, audit: rec, clock: clk}
}

var errNotFound = apperr.New(apperr.NotFound, "La carpeta no existe o no está en su ámbito.")

func place(id uuid.UUID) crypto.Place { return crypto.Place{Table: "carpetas", RecordID: id.String()} }

// Input is a new carpeta.
type Input struct {
	Number       string
	FiscaliaUnit string
	StartedOn    time.Time
	Municipio    string
	CasoFolio    string
	Modalidad    string
	// MediosComisivos are codes of the medios-comisivos catalog.
	MediosComisivos []string
	Victims         []VictimRef
}

// errNumberTaken answers a number already registered in the caller's own
// municipio: numbers are unique within a municipio's Fiscalía only, so
// another municipio's carpetas never answer it.
var errNumberTaken = apperr.New(apperr.Conflict, "Ya existe una carpeta con ese número.")

// Create registers a carpeta of the caller's institution in one of the
// caller's municipios, linking the caso and víctimas named. The caso and
// víctimas are resolved before the number is stored, so a request naming
// one the caller may not reach answers alike whatever its number; a number
// already taken in the municipio is a Conflict, and audited.
func (s *Service) Create(ctx context.Context, p *authz.Principal, in Input) (domain.Carpeta, error) {
	scope := s.authz.Scope(p, authz.CarpetasCreate)
	if !scope.Covers(in.Municipio) {
		return domain.Carpeta{}, apperr.Validation(apperr.FieldError{Field: "municipio", Message: "Solo puede registrar carpetas en los municipios de su ámbito."})
	}
	if err := s.validate(ctx, &in); err != nil {
		return domain.Carpeta{}, err
	}
	c, err := s.newCarpeta(p, in)
	if err != nil {
		return c, err
	}
	refs := scope.InStore(false)
	taken := false
	err = s.store.Tx(ctx, func(tx *store.Store) error {
		casoID, err := s.casoByFolio(ctx, tx, in.CasoFolio, refs)
		if err != nil {
			return err
		}
		c.CasoID = casoID
		victimIDs, err := s.resolve(ctx, tx, in.Victims, refs)
		if err != nil {
			return err
		}
		if err := tx.InsertCarpeta(ctx, c, p.UserID); apperr.CodeOf(err) == apperr.Conflict {
			taken = true
			return errNumberTaken
		} else if err != nil {
			return err
		}
		if err := tx.InsertCarpetaEvent(ctx, domain.CarpetaEvent{CarpetaID: c.ID, Status: "en_investigacion", OccurredOn: in.StartedOn, RecordedBy: p.UserID}); err != nil {
			return err
		}
		if err := addVictims(ctx, tx, c.ID, victimIDs); err != nil {
			return err
		}
		if err := tx.SetCarpetaMedios(ctx, c.ID, c.MediosComisivos); err != nil {
			return err
		}
		detail := c.Modalidad
		if len(victimIDs) > 0 {
			detail += "; " + victimsDetail(victimIDs)
		}
		return s.record(ctx, tx, p, "carpeta.registrar", c, detail)
	})
	if taken {
		s.recordNumberTaken(ctx, p, c)
	}
	return c, err
}

// newCarpeta is the carpeta in, with a data key of its own and its number
// sealed under it.
func (s *Service) newCarpeta(p *authz.Principal, in Input) (domain.Carpeta, error) {
	c := domain.Carpeta{ID: uuid.New(), Institution: p.Institution, Municipio: in.Municipio, FiscaliaUnit: in.FiscaliaUnit,
		StartedOn: in.StartedOn, Modalidad: in.Modalidad, MediosComisivos: in.MediosComisivos, Status: "en_investigacion", Version: 1, CreatedAt: s.clock.Now(),
		NumberIndex: s.numberIndex(in.Number)}
	key := crypto.NewDataKey()
	var err error
	if c.WrappedKey, c.KeyVersion, err = s.keys.WrapKey(key, place(c.ID)); err != nil {
		return c, err
	}
	c.NumberEnc, err = crypto.Seal(key, place(c.ID), "number", in.Number)
	return c, err
}

// casoByFolio finds the caso a new carpeta names, within sc; none named is
// no caso.
func (s *Service) casoByFolio(ctx context.Context, tx *store.Store, folio string, sc domain.Scope) (uuid.NullUUID, error) {
	if folio == "" {
		return uuid.NullUUID{}, nil
	}
	id, err := tx.CasoIDByFolio(ctx, folio, sc)
	if apperr.CodeOf(err) == apperr.NotFound {
		return uuid.NullUUID{}, apperr.Validation(apperr.FieldError{Field: "caso_folio", Message: "No hay un expediente con ese folio en los municipios de su ámbito."})
	}
	return uuid.NullUUID{UUID: id, Valid: err == nil}, err
}

// recordNumberTaken audits, in a transaction of its own since the
// registration rolled back, an attempt to register a number already taken
// in the caller's municipio: each such answer tells that the number exists.
func (s *Service) recordNumberTaken(ctx context.Context, p *authz.Principal, c domain.Carpeta) {
	s.store.Tx(ctx, func(tx *store.Store) error {
		return s.audit.Record(ctx, tx, audit.ActorOf(p), audit.Event{Action: "carpeta.registrar", RecordType: "carpeta",
			Municipio: c.Municipio, Outcome: audit.Failed, Detail: "número ya registrado en el municipio"})
	})
}

// numberIndex is the blind index of a carpeta's number.
func (s *Service) numberIndex(number string) []byte {
	return s.keys.BlindIndex("carpeta", number)
}

func (s *Service) validate(ctx context.Context, in *Input) error {
	var fields []apperr.FieldError
	add := func(f, m string) { fields = append(fields, apperr.FieldError{Field: f, Message: m}) }
	in.Number, in.FiscaliaUnit = strings.TrimSpace(in.Number), strings.TrimSpace(in.FiscaliaUnit)
	if n := len([]rune(in.Number)); n < 3 || n > 100 {
		add("number", "Escriba el número de la carpeta de investigación.")
	}
	if n := len([]rune(in.FiscaliaUnit)); n < 1 || n > 200 {
		add("fiscalia_unit", "Escriba la unidad de la Fiscalía.")
	}
	if in.StartedOn.IsZero() || s.future(in.StartedOn) {
		add("started_on", "Indique la fecha de inicio; no puede ser futura.")
	}
	in.StartedOn = clock.Date(in.StartedOn)
	if ok, err := s.store.CatalogHas(ctx, "modalidades", in.Modalidad); err != nil {
		return err
	} else if !ok {
		add("modalidad", "La modalidad no está en el catálogo.")
	}
	if err := s.checkMedios(ctx, in.MediosComisivos); apperr.CodeOf(err) == apperr.Invalid {
		add("medios_comisivos", "Algún medio comisivo no está en el catálogo o está repetido.")
	} else if err != nil {
		return err
	}
	if len(fields) > 0 {
		return apperr.Validation(fields...)
	}
	return nil
}

// checkMedios refuses a medio comisivo outside the catalog, or named twice.
func (s *Service) checkMedios(ctx context.Context, medios []string) error {
	for i, m := range medios {
		ok, err := s.store.CatalogHas(ctx, "medios-comisivos", m)
		if err != nil {
			return err
		}
		if !ok || slices.Contains(medios[:i], m) {
			return apperr.Validation(apperr.FieldError{Field: "medios_comisivos", Message: "Algún medio comisivo no está en el catálogo o está repetido."})
		}
	}
	return nil
}

// SetMedios replaces the medios comisivos of a carpeta.
func (s *Service) SetMedios(ctx context.Context, p *authz.Principal, id uuid.UUID, medios []string) error {
	if err := s.checkMedios(ctx, medios); err != nil {
		return err
	}
	return s.store.Tx(ctx, func(tx *store.Store) error {
		c, err := s.scoped(ctx, tx, p, id, authz.CarpetasUpdate)
		if err != nil {
			return err
		}
		if err := tx.SetCarpetaMedios(ctx, id, medios); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "carpeta.medios_comisivos", c, strings.Join(medios, ","))
	})
}

func (s *Service) future(d time.Time) bool { return s.clock.IsFuture(d) }

func (s *Service) record(ctx context.Context, tx *store.Store, p *authz.Principal, action string, c domain.Carpeta, detail string) error {
	return s.audit.Record(ctx, tx, audit.ActorOf(p), audit.Event{Action: action, RecordType: "carpeta",
		RecordID: c.ID.String(), Municipio: c.Municipio, Detail: detail})
}

// scoped loads a carpeta the caller may act on with act.
func (s *Service) scoped(ctx context.Context, tx *store.Store, p *authz.Principal, id uuid.UUID, perm authz.Permission) (domain.Carpeta, error) {
	scope := s.authz.Scope(p, perm)
	if !scope.Allowed() {
		return domain.Carpeta{}, errNotFound
	}
	c, err := tx.Carpeta(ctx, id, scope.InStore(true))
	if apperr.CodeOf(err) == apperr.NotFound {
		return c, errNotFound
	}
	return c, err
}

// Advance moves a carpeta along its procedural timeline: only to a status
// that may follow the current one, on a date not before the last step;
// judicialización needs its distrito judicial.
func (s *Service) Advance(ctx context.Context, p *authz.Principal, id uuid.UUID, to string, on time.Time, district *string) (domain.Carpeta, error) {
	var c domain.Carpeta
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		var err error
		if c, err = s.scoped(ctx, tx, p, id, authz.CarpetasUpdate); err != nil {
			return err
		}
		if !slices.Contains(next[c.Status], to) {
			return apperr.New(apperr.Conflict, "La carpeta está "+c.Status+" y no puede pasar a "+to+".")
		}
		if err := s.checkStep(ctx, tx, c, to, on, district); err != nil {
			return err
		}
		if to != "judicializada" {
			district = nil
		}
		e := domain.CarpetaEvent{CarpetaID: id, Status: to, OccurredOn: on, JudicialDistrict: district, RecordedBy: p.UserID}
		if err := tx.AdvanceCarpeta(ctx, c.Status, e); err != nil {
			return err
		}
		from := c.Status
		c.Status = to
		if to == "judicializada" {
			c.JudicializedOn, c.JudicialDistrict = &on, district
		}
		return s.record(ctx, tx, p, "carpeta.avanzar", c, from+"→"+to)
	})
	return c, err
}

func (s *Service) checkStep(ctx context.Context, tx *store.Store, c domain.Carpeta, to string, on time.Time, district *string) error {
	if on.IsZero() || s.future(on) {
		return apperr.Validation(apperr.FieldError{Field: "date", Message: "Indique la fecha; no puede ser futura."})
	}
	events, err := tx.CarpetaEvents(ctx, c.ID)
	if err != nil {
		return err
	}
	if len(events) > 0 && on.Before(events[len(events)-1].OccurredOn) {
		return apperr.Validation(apperr.FieldError{Field: "date", Message: "La fecha no puede ser anterior a la de la etapa previa."})
	}
	if to == "judicializada" {
		if district == nil {
			return apperr.Validation(apperr.FieldError{Field: "judicial_district", Message: "La judicialización requiere el distrito judicial."})
		}
		if ok, err := tx.CatalogHas(ctx, "distritos-judiciales", *district); err != nil {
			return err
		} else if !ok {
			return apperr.Validation(apperr.FieldError{Field: "judicial_district", Message: "El distrito judicial no está en el catálogo."})
		}
	}
	return nil
}

// Listed is a carpeta in a list, its number opened.
type Listed struct {
	domain.Carpeta
	Number string
}

// List returns a page of the caller's carpetas with their numbers, without
// names, and the totals of the filter (carpetas, imputados by sex). The
// numbers are sealed, so the listing is audited as a read of the carpetas
// it shows: one event for each municipio, naming them by id.
func (s *Service) List(ctx context.Context, p *authz.Principal, f domain.CarpetaFilter, limit, offset int) ([]Listed, domain.CarpetaTotals, error) {
	scope := s.authz.Scope(p, authz.CarpetasRead)
	if !scope.Allowed() {
		return nil, domain.CarpetaTotals{}, apperr.New(apperr.Forbidden, "No tiene permiso para esta acción.")
	}
	var out []Listed
	var totals domain.CarpetaTotals
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		list, sum, err := tx.Carpetas(ctx, scope.InStore(true), f, limit, offset)
		if err != nil {
			return err
		}
		totals, out = sum, make([]Listed, len(list))
		for i, c := range list {
			key, err := s.keys.UnwrapKey(c.WrappedKey, place(c.ID))
			if err != nil {
				return err
			}
			if out[i].Number, err = crypto.Open(key, place(c.ID), "number", c.NumberEnc); err != nil {
				return err
			}
			c.NumberEnc, c.WrappedKey, c.NumberIndex = nil, nil, nil
			out[i].Carpeta = c
		}
		return s.audit.RecordMany(ctx, tx, audit.ActorOf(p), listReads(list))
	})
	return out, totals, err
}

// listReads are the audit events of a listing of carpetas: one for each
// municipio, naming by id the carpetas of it whose numbers were shown.
func listReads(list []domain.Carpeta) []audit.Event {
	var municipios []string
	ids := map[string][]string{}
	for _, c := range list {
		if _, seen := ids[c.Municipio]; !seen {
			municipios = append(municipios, c.Municipio)
		}
		ids[c.Municipio] = append(ids[c.Municipio], c.ID.String())
	}
	events := make([]audit.Event, len(municipios))
	for i, m := range municipios {
		events[i] = audit.Event{Action: "carpeta.listar", RecordType: "carpeta", Municipio: m,
			Detail: "carpetas: " + strings.Join(ids[m], ", ")}
	}
	return events
}

// FindByNumber finds the caller's carpeta with exactly that number, in
// municipio when it is not empty. A number is unique within a municipio:
// a caller of several who finds it in more than one is asked which.
func (s *Service) FindByNumber(ctx context.Context, p *authz.Principal, number, municipio string) (domain.Carpeta, error) {
	scope := s.authz.Scope(p, authz.CarpetasRead)
	if !scope.Allowed() {
		return domain.Carpeta{}, errNotFound
	}
	var c domain.Carpeta
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		found, err := tx.CarpetasByNumber(ctx, s.numberIndex(strings.TrimSpace(number)), municipio, scope.InStore(true))
		switch {
		case err != nil:
			return err
		case len(found) == 0:
			return errNotFound
		case len(found) > 1:
			return apperr.Validation(apperr.FieldError{Field: "municipio",
				Message: "Hay carpetas con ese número en varios de sus municipios; indique el municipio."})
		}
		c = found[0]
		return s.record(ctx, tx, p, "carpeta.buscar", c, "numero")
	})
	return c, err
}

// Writable loads, within tx, a carpeta the caller may change: its
// Fiscalía's in its municipio; NotFound for anyone else.
func (s *Service) Writable(ctx context.Context, tx *store.Store, p *authz.Principal, id uuid.UUID) (domain.Carpeta, error) {
	return s.scoped(ctx, tx, p, id, authz.CarpetasUpdate)
}

// Readable loads, within tx, a carpeta the caller may read; NotFound for
// anyone else.
func (s *Service) Readable(ctx context.Context, tx *store.Store, p *authz.Principal, id uuid.UUID) (domain.Carpeta, error) {
	return s.scoped(ctx, tx, p, id, authz.CarpetasRead)
}
