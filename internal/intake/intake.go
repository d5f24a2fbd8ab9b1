package intake

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/casos"
	"sintra/internal/clock"
	"sintra/internal/crypto"
	"sintra/internal/domain"
	"sintra/internal/sealed"
	"sintra/internal/store"
	"sintra/internal/victims"
)

// Channels, Reporters, Classifications and Statuses are the values a
// reporte's fields take.
var (
	Channels        = []string{"linea_telefonica", "denuncia_en_linea", "correo", "presencial", "redes_sociales", "otro"}
	Reporters       = []string{"posible_victima", "familiar", "tercero", "anonimo"}
	Classifications = []string{"por_determinar", "posible_trata", "no_es_trata"}
	Statuses        = []string{"recibido", "en_analisis", "canalizado", "convertido_en_caso", "descartado"}
)

// Limits of the sealed texts, in characters.
const (
	maxNarrative = 4000
	maxContact   = 500
	maxReason    = 1000
)

// Reporte is a reporte ciudadano with its modalidades and, for a read of
// one, its sealed texts opened.
type Reporte struct {
	domain.Reporte
	Modalidades                       []string
	Narrative, Contact, ClosingReason string
}

// Input is what recording a reporte takes; only the municipio, the
// channel and who reports are required.
type Input struct {
	Municipio       string
	HechosMunicipio *string
	// ReceivedAt is when it was received; zero means now.
	ReceivedAt     time.Time
	Channel        string
	Reporter       string
	Classification string
	Modalidades    []string
	// Narrative and Contact are personal data: sealed, never logged.
	Narrative, Contact string
}

// Service records and follows the reportes ciudadanos.
type Service struct {
	store *store.Store
	texts sealed.Texts
	authz *authz.Authorizer
	audit *audit.Recorder
	casos *casos.Service
	clock clock.Clock
	// ledger, when set, records every erasure apart from the database.
	ledger victims.ErasureLedger
}

// NewService returns a Service; a reporte turns into a caso through cs.
func NewService(st *store.Store, texts sealed.Texts, a *authz.Authorizer, rec *audit.Recorder, cs *casos.Service, clk clock.Clock) *Service {
	return &Service{store: st, texts: texts, authz: a, audit: rec, casos: cs, clock: clk}
}

var errNotFound = apperr.New(apperr.NotFound, "El reporte no existe o no está en su ámbito.")

// place binds a reporte's sealed texts to it.
func place(id uuid.UUID) crypto.Place {
	return crypto.Place{Table: string(domain.ReporteKeys), RecordID: id.String()}
}

// Create records a reporte received by the caller's institution in one of
// the caller's municipios.
func (s *Service) Create(ctx context.Context, p *authz.Principal, in Input) (Reporte, error) {
	var fields []apperr.FieldError
	if !s.authz.Scope(p, authz.ReportesCiudadanosCreate).Covers(in.Municipio) {
		fields = append(fields, apperr.FieldError{Field: "municipio", Message: "Solo puede registrar reportes en los municipios de su ámbito."})
	}
	if in.ReceivedAt.IsZero() {
		in.ReceivedAt = s.clock.Now()
	}
	if in.Classification == "" {
		in.Classification = "por_determinar"
	}
	c := facts{HechosMunicipio: in.HechosMunicipio, Channel: in.Channel, Reporter: in.Reporter, Classification: in.Classification,
		Modalidades: in.Modalidades, Narrative: in.Narrative, Contact: in.Contact}
	if in.ReceivedAt.After(s.clock.Now().Add(5 * time.Minute)) {
		fields = append(fields, apperr.FieldError{Field: "received_at", Message: "La fecha de recepción no puede ser futura."})
	}
	if err := apperr.WithFields(fields, s.validate(ctx, &c)); err != nil {
		return Reporte{}, err
	}
	r := domain.Reporte{ID: uuid.New(), Institution: p.Institution, Municipio: in.Municipio, HechosMunicipio: c.HechosMunicipio,
		ReceivedAt: in.ReceivedAt.UTC(), Channel: c.Channel, Reporter: c.Reporter, Classification: c.Classification, Status: "recibido", Version: 1}
	key, wrapped, version, err := s.texts.NewKey(sealed.Reporte(r.ID))
	if err != nil {
		return Reporte{}, err
	}
	r.WrappedKey, r.KeyVersion = wrapped, version
	if r.NarrativeEnc, err = sealed.Seal(key, place(r.ID), "narrative", c.Narrative); err != nil {
		return Reporte{}, err
	}
	if r.ContactEnc, err = sealed.Seal(key, place(r.ID), "contact", c.Contact); err != nil {
		return Reporte{}, err
	}
	var out Reporte
	err = s.store.Tx(ctx, func(tx *store.Store) error {
		year := s.clock.Year()
		prefix, n, err := tx.NextFolios(ctx, "reporte", r.Municipio, year, 1)
		if err != nil {
			return err
		}
		r.Folio = fmt.Sprintf("REP-%s-%d-%06d", prefix, year, n)
		if err := tx.InsertReporte(ctx, r, p.UserID); err != nil {
			return err
		}
		if err := tx.SetReporteModalidades(ctx, r.ID, c.Modalidades); err != nil {
			return err
		}
		if err := s.record(ctx, tx, p, "reporte_ciudadano.registrar", r, sealedFields(c.Narrative, c.Contact)); err != nil {
			return err
		}
		out, err = s.load(ctx, tx, r.ID, s.authz.Scope(p, authz.ReportesCiudadanosCreate).InStore(true), true)
		return err
	})
	return out, err
}

// sealedFields names, for an audit event, the sealed texts written.
func sealedFields(narrative, contact string) string {
	var names []string
	if narrative != "" {
		names = append(names, "relato")
	}
	if contact != "" {
		names = append(names, "contacto")
	}
	return strings.Join(names, ", ")
}

func (s *Service) record(ctx context.Context, tx *store.Store, p *authz.Principal, action string, r domain.Reporte, detail string) error {
	return s.audit.Record(ctx, tx, audit.ActorOf(p), audit.Event{Action: action, RecordType: "reporte_ciudadano", RecordID: r.ID.String(),
		Municipio: r.Municipio, Detail: detail})
}

// facts are what may change of a reporte while it is open.
type facts struct {
	HechosMunicipio    *string
	Channel, Reporter  string
	Classification     string
	Modalidades        []string
	Narrative, Contact string
}

// validate checks the facts of a reporte, tidying them in place.
func (s *Service) validate(ctx context.Context, c *facts) error {
	var fields []apperr.FieldError
	add := func(f, m string) { fields = append(fields, apperr.FieldError{Field: f, Message: m}) }
	if !slices.Contains(Channels, c.Channel) {
		add("channel", "Indique el canal por el que se recibió el reporte.")
	}
	if !slices.Contains(Reporters, c.Reporter) {
		add("reporter", "Indique quién reporta (puede ser anónimo).")
	}
	if !slices.Contains(Classifications, c.Classification) {
		add("classification", "La clasificación debe ser posible_trata, no_es_trata o por_determinar.")
	}
	if c.HechosMunicipio != nil {
		if ok, err := s.store.CatalogHas(ctx, "municipios", *c.HechosMunicipio); err != nil {
			return err
		} else if !ok {
			add("hechos_municipio", "El municipio no está en el catálogo.")
		}
	}
	slices.Sort(c.Modalidades)
	c.Modalidades = slices.Compact(c.Modalidades)
	if len(c.Modalidades) > 0 && c.Classification != "posible_trata" {
		add("modalidades", "Las modalidades solo se indican en un reporte de posible trata.")
	}
	for _, m := range c.Modalidades {
		if ok, err := s.store.CatalogHas(ctx, "modalidades", m); err != nil {
			return err
		} else if !ok {
			add("modalidades", "Una modalidad no está en el catálogo.")
		}
	}
	c.Narrative, c.Contact = strings.TrimSpace(c.Narrative), strings.TrimSpace(c.Contact)
	if utf8.RuneCountInString(c.Narrative) > maxNarrative {
		add("narrative", fmt.Sprintf("El relato no puede pasar de %d caracteres.", maxNarrative))
	}
	if utf8.RuneCountInString(c.Contact) > maxContact {
		add("contact", fmt.Sprintf("Los datos de contacto no pueden pasar de %d caracteres.", maxContact))
	}
	if len(fields) > 0 {
		return apperr.Validation(fields...)
	}
	return nil
}

// load reads a reporte in scope; with open, its sealed texts too.
func (s *Service) load(ctx context.Context, tx *store.Store, id uuid.UUID, sc domain.Scope, open bool) (Reporte, error) {
	r, err := tx.Reporte(ctx, id, sc)
	if apperr.CodeOf(err) == apperr.NotFound {
		return Reporte{}, errNotFound
	} else if err != nil {
		return Reporte{}, err
	}
	out := Reporte{Reporte: r}
	if out.Modalidades, err = tx.ReporteModalidades(ctx, id); err != nil {
		return out, err
	}
	if open {
		keys := s.texts.Cache(tx)
		owner := sealed.Reporte(id)
		for _, t := range []struct {
			column string
			enc    []byte
			to     *string
		}{{"narrative", r.NarrativeEnc, &out.Narrative}, {"contact", r.ContactEnc, &out.Contact}, {"closing_reason", r.ClosingReasonEnc, &out.ClosingReason}} {
			if *t.to, err = keys.Open(ctx, owner, place(id), t.column, t.enc); err != nil {
				return out, err
			}
		}
	}
	return out, nil
}

// Get returns a reporte of the caller's institution in the caller's
// municipios, with its sealed texts; every read is audited.
func (s *Service) Get(ctx context.Context, p *authz.Principal, id uuid.UUID) (Reporte, error) {
	sc := s.authz.Scope(p, authz.ReportesCiudadanosRead)
	if !sc.Allowed() {
		return Reporte{}, errNotFound
	}
	var out Reporte
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		var err error
		if out, err = s.load(ctx, tx, id, sc.InStore(true), true); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "reporte_ciudadano.consultar", out.Reporte, sealedFields(out.Narrative, out.Contact))
	})
	return out, err
}

// Filter narrows a list of reportes: a month (its first day), a status, a
// classification.
type Filter struct {
	Month                  *time.Time
	Status, Classification *string
}

// List returns a page of the reportes of the caller's institution in the
// caller's municipios, newest first, without their sealed texts; the
// listing is audited.
func (s *Service) List(ctx context.Context, p *authz.Principal, f Filter, limit, offset int) ([]domain.Reporte, int, error) {
	sc := s.authz.Scope(p, authz.ReportesCiudadanosRead)
	if !sc.Allowed() {
		return nil, 0, apperr.New(apperr.Forbidden, "No tiene permiso para esta acción.")
	}
	filter := domain.ReporteFilter{Status: f.Status, Classification: f.Classification}
	if f.Month != nil {
		// The month's bounds in Quintana Roo's time.
		y, m, _ := f.Month.Date()
		since := time.Date(y, m, 1, 0, 0, 0, 0, clock.Zone)
		before := since.AddDate(0, 1, 0)
		filter.Since, filter.Before = &since, &before
	}
	var items []domain.Reporte
	var total int
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		var err error
		if items, total, err = tx.Reportes(ctx, sc.InStore(true), filter, limit, offset); err != nil {
			return err
		}
		// The listing names no record: the action says what was listed.
		return s.audit.Record(ctx, tx, audit.ActorOf(p), audit.Event{Action: "reporte_ciudadano.listar",
			Detail: fmt.Sprintf("%d reportes", len(items))})
	})
	return items, total, err
}
