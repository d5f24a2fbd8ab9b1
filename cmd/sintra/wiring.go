package main

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"sintra/internal/actividades"
	"sintra/internal/atenciones"
	"sintra/internal/audit"
	"sintra/internal/auth"
	"sintra/internal/authz"
	"sintra/internal/canalizaciones"
	"sintra/internal/carpetas"
	"sintra/internal/casos"
	"sintra/internal/catalog"
	"sintra/internal/config"
	"sintra/internal/demo"
	"sintra/internal/grupotrabajo"
	"sintra/internal/httpapi"
	"sintra/internal/migrate"
	"sintra/internal/reports"
	"sintra/internal/store"
	"sintra/internal/users"
	"sintra/internal/victims"
)

// app is every service, wired over one store.
type app struct {
	auth       *auth.Service
	authorizer *authz.Authorizer
	recorder   *audit.Recorder
	users      *users.Service
	domain     demo.Services
}

// newApp wires the services over the store with the configuration's keys.
func newApp(cfg *config.Config, log *slog.Logger, st *store.Store) (*app, error) {
	authCfg := auth.DefaultConfig()
	authCfg.RequireMFA = cfg.RequireMFA
	keys, err := loadKeyring(cfg, log)
	if err != nil {
		return nil, err
	}
	authCfg.TokenKey = keys.TokenKey()
	rules := audit.DefaultRules()
	rules.MaxRecordsPerHour = cfg.AlertReadsPerHour
	recorder := audit.NewRecorder(rules, nil)
	authService, err := auth.NewService(st, recorder, authCfg, log, nil)
	if err != nil {
		return nil, err
	}
	authorizer, err := authz.New()
	if err != nil {
		return nil, err
	}
	victimService := victims.NewService(st, keys, authorizer, recorder, nil)
	return &app{auth: authService, authorizer: authorizer, recorder: recorder, users: users.NewService(st, recorder, authCfg.Argon2),
		domain: demo.Services{
			Store:          st,
			Victims:        victimService,
			Casos:          casos.NewService(st, authorizer, recorder, nil),
			Atenciones:     atenciones.NewService(st, authorizer, recorder, victimService, nil),
			Canalizaciones: canalizaciones.NewService(st, authorizer, recorder, victimService, nil),
			Carpetas:       carpetas.NewService(st, keys, authorizer, recorder, nil),
			Grupo:          grupotrabajo.NewService(st, authorizer, recorder, victimService, nil),
			Actividades:    actividades.NewService(st, authorizer, recorder, nil),
			Reports:        reports.NewService(st, authorizer, recorder, cfg.AnalystK, cfg.PublicK, nil),
		}}, nil
}

// newHandler wires the services over pool into the HTTP server. In demo
// mode it also makes sure the demo accounts and dataset exist.
func newHandler(ctx context.Context, cfg *config.Config, log *slog.Logger, pool *pgxpool.Pool, schema *migrate.Schema) (http.Handler, error) {
	st := store.New(pool)
	a, err := newApp(cfg, log, st)
	if err != nil {
		return nil, err
	}
	if !cfg.RequireMFA {
		log.Warn("second factor NOT required (SINTRA_REQUIRE_MFA=false): use only for a demo")
	}
	deps := a.domain
	if cfg.Demo {
		if err := demo.EnsureAccounts(ctx, a.users); err != nil {
			return nil, err
		}
		if err := demo.EnsureDataset(ctx, deps, time.Now()); err != nil {
			return nil, err
		}
	}
	return httpapi.New(httpapi.Deps{
		Log:            log,
		Catalogs:       catalog.NewService(st),
		Auth:           a.auth,
		Authz:          a.authorizer,
		Users:          a.users,
		Audit:          audit.NewService(st, a.authorizer, a.recorder),
		Victims:        deps.Victims,
		Casos:          deps.Casos,
		Atenciones:     deps.Atenciones,
		Canalizaciones: deps.Canalizaciones,
		Carpetas:       deps.Carpetas,
		GrupoTrabajo:   deps.Grupo,
		Actividades:    deps.Actividades,
		Reports:        deps.Reports,
		Ready: func(ctx context.Context) error {
			if err := st.Ping(ctx); err != nil {
				return err
			}
			return schema.CheckCurrent(ctx)
		},
		MaxBodyBytes: cfg.MaxBodyBytes,
	})
}
