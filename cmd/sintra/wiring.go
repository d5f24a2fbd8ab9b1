package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"

	"sintra/internal/app"
	"sintra/internal/config"
	"sintra/internal/demo"
	"sintra/internal/erasures"
	"sintra/internal/httpapi"
	"sintra/internal/metrics"
	"sintra/internal/reports"
)

// newApp wires every service over the connection's store (and replica)
// with the configuration's keys, clock and policies; observer, when not
// nil, learns what the metrics count.
func newApp(cfg *config.Config, log *slog.Logger, conn *appConn, observer app.Observer) (*app.App, error) {
	keys, err := loadKeyring(cfg, log)
	if err != nil {
		return nil, err
	}
	c := app.DefaultConfig(keys)
	c.Clock = cfg.Clock()
	c.Auth.RequireMFA = cfg.RequireMFA
	c.AuditRules.MaxRecordsPerHour = cfg.AlertReadsPerHour
	c.AuditRules.MaxDuplicateHitsPerHour = cfg.AlertDuplicatesPerHour
	c.CanalizacionDays = cfg.AlertCanalizacionDays
	c.AnalystK, c.PublicK = cfg.AnalystK, cfg.PublicK
	c.Entidad = cfg.Entidad
	c.FeedRecipient = cfg.FeedRecipient
	if cfg.ReportLetterhead != "" {
		if c.ReportIssuer, err = reports.LoadIssuer(cfg.ReportLetterhead); err != nil {
			return nil, err
		}
	}
	c.Log = log
	c.Observer = observer
	c.Replica = conn.replica
	ledger, err := erasures.Open(cfg.ErasureLedgerPath())
	if err != nil {
		return nil, err
	}
	c.ErasureLedger = ledger
	return app.New(conn.store, c)
}

// withApp opens the database as the command line does (applying pending
// migrations when migrate), wires every service over it with the
// configuration, runs fn and closes the database.
func withApp(ctx context.Context, cfg *config.Config, stderr io.Writer, migrate bool, fn func(*app.App) error) error {
	log := newLogger(cfg, stderr)
	sess, err := openSession(ctx, cfg, log, migrate)
	if err != nil {
		return err
	}
	defer sess.Close()
	a, err := newApp(cfg, log, sess.conn, nil)
	if err != nil {
		return err
	}
	return fn(a)
}

// newHandler wires the services over the store into the HTTP server,
// counting into m. In demo mode it also makes sure the demo accounts and
// dataset exist.
func newHandler(ctx context.Context, cfg *config.Config, log *slog.Logger, conn *appConn, m *metrics.Metrics) (http.Handler, error) {
	st, schema := conn.store, conn.schema
	m.WatchPool(st.PoolStats)
	a, err := newApp(cfg, log, conn, m)
	if err != nil {
		return nil, err
	}
	if n, err := a.Victims.ReapplyErasures(ctx); err != nil {
		return nil, err
	} else if n > 0 {
		log.Warn("erased again the víctimas the erasure ledger names whose data the database held: it was restored from before their erasure",
			"victims", n, "ledger", cfg.ErasureLedgerPath())
	}
	if n, err := a.Intake.ReapplyErasures(ctx); err != nil {
		return nil, err
	} else if n > 0 {
		log.Warn("erased again the reportes ciudadanos the erasure ledger names whose data the database held: it was restored from before their erasure",
			"reportes", n, "ledger", cfg.ErasureLedgerPath())
	}
	if n, err := a.Texts.SealLegacy(ctx, a.Store); err != nil {
		return nil, err
	} else if n > 0 {
		log.Info("sealed free text written in clear before it was sealed", "rows", n)
	}
	// Sessions are kept in memory while the server hears of every change
	// to them; the goroutine ends with ctx.
	go a.Auth.KeepSessions(ctx)
	if !cfg.RequireMFA {
		log.Warn("second factor NOT required (SINTRA_REQUIRE_MFA=false): use only for a demo")
	}
	if cfg.Demo {
		if !cfg.DemoClock.IsZero() {
			log.Warn("DEMO MODE: the clock starts at a chosen instant", "at", cfg.DemoClock)
		}
		if err := demo.EnsureAccounts(ctx, a.Users); err != nil {
			return nil, err
		}
		if err := demo.EnsureDataset(ctx, a); err != nil {
			return nil, err
		}
	}
	return httpapi.New(httpapi.Deps{
		Log: log,
		App: a,
		Ready: func(ctx context.Context) error {
			if err := st.Ping(ctx); err != nil {
				return err
			}
			return schema.CheckCurrent(ctx)
		},
		MaxBodyBytes:       cfg.MaxBodyBytes,
		ExpensivePerMinute: cfg.ExpensivePerMinute,
		TrustedProxies:     cfg.TrustedProxies,
		ObserveRequest:     m.ObserveRequest,
	})
}
