package main

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/jackc/pgx/v5/pgxpool"

	"sintra/internal/audit"
	"sintra/internal/auth"
	"sintra/internal/authz"
	"sintra/internal/catalog"
	"sintra/internal/config"
	"sintra/internal/httpapi"
	"sintra/internal/migrate"
	"sintra/internal/store"
	"sintra/internal/users"
)

// newHandler wires the services over pool into the HTTP server.
func newHandler(cfg *config.Config, log *slog.Logger, pool *pgxpool.Pool, schema *migrate.Schema) (http.Handler, error) {
	st := store.New(pool)
	authCfg := auth.DefaultConfig()
	authCfg.RequireMFA = cfg.RequireMFA
	key, created, err := auth.LoadOrCreateTokenKey(cfg.TokenKeyFile, cfg.DataDir)
	if err != nil {
		return nil, err
	}
	if created {
		log.Warn("generated an access-token signing key in the data directory; every server of one deployment must share it (SINTRA_TOKEN_KEY_FILE)")
	}
	if !cfg.RequireMFA {
		log.Warn("second factor NOT required (SINTRA_REQUIRE_MFA=false): use only for a demo")
	}
	authCfg.TokenKey = key
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
	return httpapi.New(httpapi.Deps{
		Log:      log,
		Catalogs: catalog.NewService(st),
		Auth:     authService,
		Authz:    authorizer,
		Users:    users.NewService(st, recorder, authCfg.Argon2),
		Audit:    audit.NewService(st, authorizer, recorder),
		Ready: func(ctx context.Context) error {
			if err := st.Ping(ctx); err != nil {
				return err
			}
			return schema.CheckCurrent(ctx)
		},
		MaxBodyBytes: cfg.MaxBodyBytes,
	})
}
