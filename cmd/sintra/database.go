package main

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"

	"sintra/internal/config"
	"sintra/internal/migrate"
	"sintra/internal/pgembed"
	"sintra/internal/store"
)

// databaseName is the database the private cluster holds.
const databaseName = "sintra"

// database is where the data lives: a private cluster this process runs,
// or an external server.
type database struct {
	cluster  *pgembed.Cluster
	appURL   string
	ownerURL string
}

// openDatabase starts the private PostgreSQL when no external one is
// configured, and makes sure its roles and database exist.
func openDatabase(ctx context.Context, cfg *config.Config, log *slog.Logger) (*database, error) {
	if !cfg.Embedded() {
		return &database{appURL: cfg.DatabaseURL, ownerURL: cfg.OwnerDatabaseURL}, nil
	}
	cluster, err := pgembed.Start(ctx, clusterOptions(cfg, log))
	if err != nil {
		return nil, err
	}
	if err := migrate.Provision(ctx, cluster.URL(pgembed.Superuser, "postgres"), databaseName); err != nil {
		cluster.Stop()
		return nil, err
	}
	return &database{
		cluster:  cluster,
		appURL:   cluster.URL(migrate.AppRole, databaseName),
		ownerURL: cluster.URL(migrate.OwnerRole, databaseName),
	}, nil
}

// clusterOptions are the private cluster's settings.
func clusterOptions(cfg *config.Config, log *slog.Logger) pgembed.Options {
	return pgembed.Options{DataDir: filepath.Join(cfg.DataDir, "pgdata"), BinDir: cfg.PGBin, Logger: log, WALArchive: cfg.WALArchive}
}

// Close stops the private cluster if this process started it.
func (d *database) Close() error {
	if d.cluster == nil {
		return nil
	}
	return d.cluster.Stop()
}

// migrateUp applies pending migrations as the owner role.
func (d *database) migrateUp(ctx context.Context, log *slog.Logger) error {
	return d.withSchema(ctx, d.ownerURL, func(s *migrate.Schema) error {
		applied, err := s.Up(ctx)
		if err != nil {
			return err
		}
		if applied > 0 {
			log.Info("applied migrations", "count", applied)
		}
		return nil
	})
}

// withSchema opens a short-lived connection on url for schema work.
func (d *database) withSchema(ctx context.Context, url string, fn func(*migrate.Schema) error) error {
	schema, err := migrate.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer schema.Close()
	return fn(schema)
}

// connectOwner connects a store as the owner role, for the writes the
// application's role may not make: the national feed's import.
func (d *database) connectOwner(ctx context.Context) (*store.Store, error) {
	if d.ownerURL == "" {
		return nil, errors.New("this command writes as the owner role: set SINTRA_OWNER_DATABASE_URL")
	}
	return store.Connect(ctx, d.ownerURL)
}

// appConn is the application role's store, a handle on its schema version
// and, when configured, its store on a streaming replica.
type appConn struct {
	store   *store.Store
	schema  *migrate.Schema
	replica *store.Store
}

// connectApp applies pending migrations first when migrateFirst, then
// connects as the application role and refuses a schema that is not
// current; with a replica URL, it connects to the replica too.
func (d *database) connectApp(ctx context.Context, log *slog.Logger, migrateFirst bool, replicaURL string) (*appConn, error) {
	if migrateFirst {
		if err := d.migrateUp(ctx, log); err != nil {
			return nil, err
		}
	}
	schema, err := migrate.Connect(ctx, d.appURL)
	if err != nil {
		return nil, err
	}
	if err := schema.CheckCurrent(ctx); err != nil {
		schema.Close()
		return nil, err
	}
	st, err := store.Connect(ctx, d.appURL)
	if err != nil {
		schema.Close()
		return nil, err
	}
	conn := &appConn{store: st, schema: schema}
	if replicaURL != "" {
		if conn.replica, err = store.Connect(ctx, replicaURL); err != nil {
			conn.Close()
			return nil, err
		}
		if err := conn.replica.Ping(ctx); err != nil {
			log.Warn("the replica does not answer yet: reports and statistics will fail until it does", "error", err)
		}
		log.Info("reports and statistics are computed on the replica")
	}
	return conn, nil
}

// Close releases the connections.
func (a *appConn) Close() {
	a.schema.Close()
	a.store.Close()
	if a.replica != nil {
		a.replica.Close()
	}
}

// session is a command's connection: the database (private or external)
// and the application role's pool on it.
type session struct {
	db   *database
	conn *appConn
}

// openSession opens the database and connects as the application role,
// migrating first when migrateFirst.
func openSession(ctx context.Context, cfg *config.Config, log *slog.Logger, migrateFirst bool) (*session, error) {
	db, err := openDatabase(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	conn, err := db.connectApp(ctx, log, migrateFirst, cfg.ReplicaURL)
	if err != nil {
		db.Close()
		return nil, err
	}
	return &session{db: db, conn: conn}, nil
}

// Close disconnects and stops the private cluster if this process started it.
func (s *session) Close() {
	s.conn.Close()
	s.db.Close()
}
