package main

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"sintra/internal/app"
	"sintra/internal/audit"
	"sintra/internal/auth"
	"sintra/internal/authz"
	"sintra/internal/catalog"
	"sintra/internal/config"
	"sintra/internal/demo"
	"sintra/internal/httpapi"
	"sintra/internal/migrate"
	"sintra/internal/store"
	"sintra/internal/users"
)

// services holds every service, wired over one store.
type services struct {
	auth       *auth.Service
	authorizer *authz.Authorizer
	recorder   *audit.Recorder
	users      *users.Service
	domain     app.Domain
}

// newServices wires the services over the store with the configuration's keys.
func newServices(cfg *config.Config, log *slog.Logger, st *store.Store) (*services, error) {
	authCfg := auth.DefaultConfig()
	authCfg.RequireMFA = cfg.RequireMFA
	keys, err := loadKeyring(cfg, log)
	if err != nil {
		return nil, err
	}
	authCfg.Keys = keys
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
	return &services{auth: authService, authorizer: authorizer, recorder: recorder, users: users.NewService(st, recorder, authCfg.Argon2),
		domain: app.NewDomain(st, keys, authorizer, recorder, cfg.AnalystK, cfg.PublicK)}, nil
}

// newHandler wires the services over pool into the HTTP server. In demo
// mode it also makes sure the demo accounts and dataset exist.
func newHandler(ctx context.Context, cfg *config.Config, log *slog.Logger, pool *pgxpool.Pool, schema *migrate.Schema) (http.Handler, error) {
	st := store.New(pool)
	a, err := newServices(cfg, log, st)
	if err != nil {
		return nil, err
	}
	if !cfg.RequireMFA {
		log.Warn("second factor NOT required (SINTRA_REQUIRE_MFA=false): use only for a demo")
	}
	if cfg.Demo {
		if err := demo.EnsureAccounts(ctx, a.users); err != nil {
			return nil, err
		}
		if err := demo.EnsureDataset(ctx, a.domain, time.Now()); err != nil {
			return nil, err
		}
	}
	return httpapi.New(httpapi.Deps{
		Log:      log,
		Catalogs: catalog.NewService(st),
		Auth:     a.auth,
		Authz:    a.authorizer,
		Users:    a.users,
		Audit:    audit.NewService(st, a.authorizer, a.recorder),
		Domain:   a.domain,
		Ready: func(ctx context.Context) error {
			if err := st.Ping(ctx); err != nil {
				return err
			}
			return schema.CheckCurrent(ctx)
		},
		MaxBodyBytes: cfg.MaxBodyBytes,
	})
}
