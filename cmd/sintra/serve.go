package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"sintra/internal/config"
	"sintra/internal/demo"
	"sintra/internal/metrics"
)

func newServeCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "run the web application and API (starts a private PostgreSQL unless SINTRA_DATABASE_URL is set)",
		Long: "Runs the web application and the JSON API. Without SINTRA_DATABASE_URL it starts a\n" +
			"private PostgreSQL in the data directory (reused on the next start) and stops it\n" +
			"on Ctrl-C or SIGTERM. Pending migrations are applied first unless --migrate=false.",
		Args: cobra.NoArgs,
	}
	cfg := bindConfig(cmd, true)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		return runServe(cmd.Context(), cfg, cmd.OutOrStdout(), cmd.ErrOrStderr())
	}
	return cmd
}

func runServe(ctx context.Context, cfg *config.Config, stdout, stderr io.Writer) error {
	if err := validate(cfg); err != nil {
		return err
	}
	if err := cfg.NeedsOwnerURL(cfg.MigrateOnStart); err != nil {
		return err
	}
	if _, err := cfg.KeyFile(); err != nil {
		return err
	}
	log := newLogger(cfg, stderr)

	sess, err := openSession(ctx, cfg, log, cfg.MigrateOnStart)
	if err != nil {
		return err
	}
	defer sess.Close()
	return serveHTTP(ctx, cfg, log, stdout, sess.conn)
}

// serveHTTP runs the HTTP server, and the metrics' when configured, until
// ctx ends, then lets in-flight requests finish.
func serveHTTP(ctx context.Context, cfg *config.Config, log *slog.Logger, stdout io.Writer, conn *appConn) error {
	m := metrics.New()
	handler, err := newHandler(ctx, cfg, log, conn, m)
	if err != nil {
		return err
	}
	listener, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	servers := []*http.Server{newHTTPServer(handler, log)}
	listeners := []net.Listener{listener}
	if cfg.MetricsAddr != "" {
		metricsListener, err := net.Listen("tcp", cfg.MetricsAddr)
		if err != nil {
			listener.Close()
			return fmt.Errorf("listen for the metrics on %s: %w", cfg.MetricsAddr, err)
		}
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", m.Handler())
		servers = append(servers, newHTTPServer(mux, log))
		listeners = append(listeners, metricsListener)
	}
	if cfg.Demo {
		demo.PrintLogins(stdout, "http://"+listener.Addr().String())
	}
	if len(listeners) > 1 {
		fmt.Fprintf(stdout, "Metrics for Prometheus at http://%s/metrics\n", listeners[1].Addr())
	}
	fmt.Fprintf(stdout, "SINTRA Quintana Roo is listening on http://%s (API reference at /api/docs/). Stop with Ctrl-C.\n", listener.Addr())

	served := make(chan error, len(servers))
	for i, server := range servers {
		go func() { served <- server.Serve(listeners[i]) }()
	}
	var serveErr error
	select {
	case serveErr = <-served:
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	for _, server := range servers {
		if err := server.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) && serveErr == nil {
			serveErr = err
		}
	}
	return serveErr
}

// newHTTPServer returns a server of handler with the time limits of the
// public one.
func newHTTPServer(handler http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}
