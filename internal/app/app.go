// Package app is the composition root: the one place that knows how
// SINTRA's services depend on each other. The server, every command, the
// tests and the benchmarks build their services here.
package app

import (
	"log/slog"

	"sintra/internal/actividades"
	"sintra/internal/adjuntos"
	"sintra/internal/audit"
	"sintra/internal/auth"
	"sintra/internal/authz"
	"sintra/internal/avisos"
	"sintra/internal/canalizaciones"
	"sintra/internal/carpetas"
	"sintra/internal/casos"
	"sintra/internal/catalog"
	"sintra/internal/clock"
	"sintra/internal/crypto"
	"sintra/internal/feed"
	"sintra/internal/grupotrabajo"
	"sintra/internal/htcds"
	"sintra/internal/intake"
	"sintra/internal/medidas"
	"sintra/internal/reports"
	"sintra/internal/sealed"
	"sintra/internal/services"
	"sintra/internal/sheetimport"
	"sintra/internal/store"
	"sintra/internal/users"
	"sintra/internal/victims"
)

// Config is what the services are built from, besides the store.
type Config struct {
	// Keys seal personal data, compute blind indexes and sign tokens.
	Keys *crypto.Keyring
	// Clock tells every service the time; the zero Clock is the wall clock.
	Clock clock.Clock
	// Auth sets sign-in, sessions and password hashing; its Keys are
	// taken from Keys.
	Auth auth.Config
	// AuditRules set the alert rules of the audit trail.
	AuditRules audit.Rules
	// CanalizacionDays is how many days a canalización may wait for an
	// answer before it is an aviso; zero is avisos.DefaultDays.
	CanalizacionDays int
	// AnalystK and PublicK are the reports' suppression thresholds.
	AnalystK, PublicK int
	// ReportIssuer is the reports' letterhead and signatory; empty is
	// reports.DefaultIssuer.
	ReportIssuer reports.Issuer
	Log          *slog.Logger
	// Observer, when set, learns what the metrics count: audit events
	// appended, failed sign-ins and locks.
	Observer Observer
	// Replica, when set, is a streaming replica of the store's database on
	// which reports and statistics are computed.
	Replica *store.Store
	// ErasureLedger, when set, records every erasure of a víctima apart
	// from the database, to be re-applied after a restore.
	ErasureLedger victims.ErasureLedger
	// Entidad is the INEGI code of the entidad whose records the national
	// feed exports; empty is Quintana Roo's.
	Entidad string
	// FeedRecipient is the national instance's age recipient, to which
	// the feed's batches are encrypted before they leave.
	FeedRecipient string
}

// Observer learns what the metrics count, never about whom.
type Observer interface {
	audit.Observer
	auth.Observer
}

// DefaultConfig returns the production settings over keys.
func DefaultConfig(keys *crypto.Keyring) Config {
	return Config{Keys: keys, Auth: auth.DefaultConfig(), AuditRules: audit.DefaultRules(),
		AnalystK: reports.AnalystK, PublicK: reports.PublicK, Log: slog.Default()}
}

// App holds every service, wired over one store.
type App struct {
	Store      *store.Store
	Clock      clock.Clock
	Authorizer *authz.Authorizer
	Recorder   *audit.Recorder
	Auth       *auth.Service
	Users      *users.Service
	Audit      *audit.Service
	Catalogs   *catalog.Service
	// Texts seal free text under the data key of its record.
	Texts sealed.Texts
	// Feed exports the national feed and imports other instances'.
	Feed *feed.Service
	// Avisos counts what needs each user.
	Avisos *avisos.Service
	// Domain records and reports on víctimas, casos, follow-up, the
	// Grupo de Trabajo and activities.
	Domain
}

// New wires every service over st.
func New(st *store.Store, cfg Config) (*App, error) {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	st = st.WithClock(cfg.Clock)
	authorizer, err := authz.New()
	if err != nil {
		return nil, err
	}
	texts := sealed.New(cfg.Keys)
	recorder := audit.NewRecorder(cfg.AuditRules, cfg.Clock, texts)
	authCfg := cfg.Auth
	authCfg.Keys = cfg.Keys
	if cfg.Observer != nil {
		recorder = recorder.Observe(cfg.Observer)
		authCfg.Observer = cfg.Observer
	}
	authService, err := auth.NewService(st, recorder, authCfg, cfg.Log, cfg.Clock)
	if err != nil {
		return nil, err
	}
	parts := parts{keys: cfg.Keys, texts: texts, authz: authorizer, audit: recorder, analystK: cfg.AnalystK, publicK: cfg.PublicK,
		issuer: cfg.ReportIssuer, replica: cfg.Replica, ledger: cfg.ErasureLedger}
	auditService := audit.NewService(st, authorizer, recorder)
	domainServices := wire(st, parts, cfg.Clock)
	return &App{
		Store:      st,
		Clock:      cfg.Clock,
		Authorizer: authorizer,
		Recorder:   recorder,
		Auth:       authService,
		Users:      users.NewService(st, authorizer, recorder, authCfg.Argon2, cfg.Keys, cfg.Clock),
		Audit:      auditService,
		Catalogs:   catalog.NewService(st, authorizer, recorder),
		Texts:      texts,
		Feed:       feed.NewService(st, cfg.Keys, authorizer, recorder, cfg.Clock, cfg.Entidad).WithRecipient(cfg.FeedRecipient),
		Avisos:     avisos.NewService(domainServices.Canalizaciones, domainServices.Medidas, domainServices.Grupo, auditService, cfg.Clock, cfg.CanalizacionDays),
		Domain:     domainServices,
	}, nil
}

// Domain holds the services that record and report on víctimas, casos,
// follow-up, the Grupo de Trabajo and activities.
type Domain struct {
	Victims        *victims.Service
	Casos          *casos.Service
	Services       *services.Service
	Canalizaciones *canalizaciones.Service
	Carpetas       *carpetas.Service
	// Intake records the reportes ciudadanos: calls to the hotline, denuncias.
	Intake      *intake.Service
	Grupo       *grupotrabajo.Service
	Actividades *actividades.Service
	Reports     *reports.Service
	// HTCDS exports the víctimas of a year as anonymized microdata.
	HTCDS *htcds.Service
	// Imports brings víctimas, casos and services from spreadsheets.
	Imports *sheetimport.Service
	// Medidas records the medidas de protección of víctimas.
	Medidas *medidas.Service
	// Adjuntos keeps the documents attached to víctimas, casos, carpetas
	// and Grupo de Trabajo sessions.
	Adjuntos *adjuntos.Service

	store *store.Store
	parts parts
}

// parts are what the domain services are wired from, besides the store and clock.
type parts struct {
	keys              *crypto.Keyring
	texts             sealed.Texts
	authz             *authz.Authorizer
	audit             *audit.Recorder
	analystK, publicK int
	issuer            reports.Issuer
	replica           *store.Store
	ledger            victims.ErasureLedger
}

// AsOf returns the same domain services on another clock: the demo
// generator back-dates a decade of records with it. Audit events keep the
// application's clock.
func (d Domain) AsOf(c clock.Clock) Domain {
	return wire(d.store.WithClock(c), d.parts, c)
}

func wire(st *store.Store, p parts, c clock.Clock) Domain {
	v := victims.NewService(st, p.keys, p.texts, p.authz, p.audit, c)
	if p.ledger != nil {
		v = v.KeepErasuresIn(p.ledger)
	}
	reportService := reports.NewService(st.Nationwide(), p.authz, p.audit,
		reports.Settings{AnalystK: p.analystK, PublicK: p.publicK, Issuer: p.issuer, Keys: p.keys}, c)
	if p.replica != nil {
		reportService = reportService.ReadingFrom(p.replica.WithClock(c).Nationwide())
	}
	casoService := casos.NewService(st, p.texts, p.authz, p.audit, c)
	serviceService := services.NewService(st, p.authz, p.audit, v, c)
	intakeService := intake.NewService(st, p.texts, p.authz, p.audit, casoService, c)
	if p.ledger != nil {
		intakeService = intakeService.KeepErasuresIn(p.ledger)
	}
	carpetaService := carpetas.NewService(st, p.keys, p.texts, p.authz, p.audit, c)
	grupoService := grupotrabajo.NewService(st, p.texts, p.authz, p.audit, v, c)
	return Domain{
		Victims:        v,
		Casos:          casoService,
		Services:       serviceService,
		Canalizaciones: canalizaciones.NewService(st, p.authz, p.audit, v, c),
		Carpetas:       carpetaService,
		Intake:         intakeService,
		Grupo:          grupoService,
		Actividades:    actividades.NewService(st, p.texts, p.authz, p.audit, c),
		Reports:        reportService,
		HTCDS:          htcds.NewService(st.Nationwide(), p.authz, p.audit, p.publicK, c),
		Imports:        sheetimport.NewService(st, p.authz, p.audit, v, casoService, serviceService, c),
		Medidas:        medidas.NewService(st, p.authz, p.audit, v, c),
		Adjuntos: adjuntos.NewService(st, p.audit, p.texts,
			adjuntos.Records{Victims: v, Casos: casoService, Carpetas: carpetaService, Grupo: grupoService}, c),
		store: st,
		parts: p,
	}
}
