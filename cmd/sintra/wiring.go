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

// newHandler wires the services over pool into the HTTP server. In demo
// mode it also makes sure the demo accounts and dataset exist.
func newHandler(ctx context.Context, cfg *config.Config, log *slog.Logger, pool *pgxpool.Pool, schema *migrate.Schema) (http.Handler, error) {
	st := store.New(pool)
	authCfg := auth.DefaultConfig()
	authCfg.RequireMFA = cfg.RequireMFA
	keys, err := loadKeyring(cfg, log)
	if err != nil {
		return nil, err
	}
	if !cfg.RequireMFA {
		log.Warn("second factor NOT required (SINTRA_REQUIRE_MFA=false): use only for a demo")
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
	userService := users.NewService(st, recorder, authCfg.Argon2)
	victimService := victims.NewService(st, keys, authorizer, recorder, nil)
	deps := demo.Services{
		Store:          st,
		Victims:        victimService,
		Casos:          casos.NewService(st, authorizer, recorder, nil),
		Atenciones:     atenciones.NewService(st, authorizer, recorder, victimService, nil),
		Canalizaciones: canalizaciones.NewService(st, authorizer, recorder, victimService, nil),
		Carpetas:       carpetas.NewService(st, keys, authorizer, recorder, nil),
		Grupo:          grupotrabajo.NewService(st, authorizer, recorder, victimService, nil),
		Actividades:    actividades.NewService(st, authorizer, recorder, nil),
		Reports:        reports.NewService(st, authorizer, recorder, cfg.AnalystK, cfg.PublicK, nil),
	}
	if cfg.Demo {
		if err := demo.EnsureAccounts(ctx, userService); err != nil {
			return nil, err
		}
		if err := demo.EnsureDataset(ctx, deps, time.Now()); err != nil {
			return nil, err
		}
	}
	return httpapi.New(httpapi.Deps{
		Log:            log,
		Catalogs:       catalog.NewService(st),
		Auth:           authService,
		Authz:          authorizer,
		Users:          userService,
		Audit:          audit.NewService(st, authorizer, recorder),
		Victims:        victimService,
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
