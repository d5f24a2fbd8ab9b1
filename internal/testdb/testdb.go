// Package testdb gives each test a fresh, migrated PostgreSQL database on a
// real server: a private cluster started once per test binary (or the
// server named by SINTRA_TEST_DATABASE_URL), with every test database cloned
// from a migrated template so that a new one costs milliseconds.
package testdb

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"sintra/internal/migrate"
	"sintra/internal/pgembed"
)

// SuperuserURLEnv names a superuser connection to an existing server to use
// instead of a private cluster.
const SuperuserURLEnv = "SINTRA_TEST_DATABASE_URL"

// templateName is per test binary, since several binaries may share a server.
var templateName = fmt.Sprintf("sintra_test_template_%d", os.Getpid())

var (
	once      sync.Once
	server    *testServer
	serverErr error
	counter   atomic.Int64
)

type testServer struct {
	cluster *pgembed.Cluster // nil when using SINTRA_TEST_DATABASE_URL
	tmpDir  string
	// urlFor returns a connection URL for a role and database.
	urlFor func(role, database string) string
}

// Main runs the package's tests and then stops the private cluster. Call it
// from TestMain in every package that uses New.
func Main(m *testing.M) { os.Exit(Run(m)) }

// Run is Main for a TestMain with more to do after the tests: it runs them,
// stops the private cluster and returns the exit code.
func Run(m *testing.M) int {
	code := m.Run()
	if server != nil {
		server.dropTemplate()
		if server.cluster != nil {
			server.cluster.Stop()
			os.RemoveAll(server.tmpDir)
		}
	}
	return code
}

// DB is one test's database.
type DB struct {
	Name string
	// OwnerURL connects as the role that owns the schema (migrations).
	OwnerURL string
	// AppURL connects as the application's role, as the server does.
	AppURL string
	// SuperuserURL connects to the maintenance database as a superuser.
	SuperuserURL string
	// AdminURL connects to this database as a superuser (for pg_dump).
	AdminURL string
}

// New returns a fresh migrated database, dropped when the test ends.
func New(t testing.TB) *DB {
	t.Helper()
	s := start(t)
	ctx := context.Background()
	name := fmt.Sprintf("sintra_test_%d_%d", os.Getpid(), counter.Add(1))
	superURL := s.urlFor(pgembed.Superuser, "postgres")
	exec(t, superURL, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s OWNER %s", name, templateName, migrate.OwnerRole))
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, superURL)
		if err != nil {
			return
		}
		defer conn.Close(ctx)
		conn.Exec(ctx, fmt.Sprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", name))
	})
	return &DB{
		Name:         name,
		OwnerURL:     s.urlFor(migrate.OwnerRole, name),
		AppURL:       s.urlFor(migrate.AppRole, name),
		SuperuserURL: superURL,
		AdminURL:     s.urlFor(pgembed.Superuser, name),
	}
}

// Empty returns a database with the roles in place and no migration applied.
func Empty(t testing.TB) *DB {
	t.Helper()
	s := start(t)
	name := fmt.Sprintf("sintra_test_empty_%d_%d", os.Getpid(), counter.Add(1))
	superURL := s.urlFor(pgembed.Superuser, "postgres")
	if err := migrate.Provision(context.Background(), superURL, name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { exec(t, superURL, fmt.Sprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", name)) })
	return &DB{Name: name, OwnerURL: s.urlFor(migrate.OwnerRole, name), AppURL: s.urlFor(migrate.AppRole, name),
		SuperuserURL: superURL, AdminURL: s.urlFor(pgembed.Superuser, name)}
}

// Pool opens a pool on url, closed when the test ends.
func Pool(t testing.TB, url string) *pgxpool.Pool {
	t.Helper()
	pool, err := pgxpool.New(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool
}

func start(t testing.TB) *testServer {
	t.Helper()
	once.Do(func() { server, serverErr = startServer() })
	if serverErr != nil {
		t.Fatalf("testdb: %v", serverErr)
	}
	return server
}

func startServer() (*testServer, error) {
	ctx := context.Background()
	s := &testServer{}
	if url := os.Getenv(SuperuserURLEnv); url != "" {
		cfg, err := pgx.ParseConfig(url)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", SuperuserURLEnv, err)
		}
		s.urlFor = func(role, database string) string {
			c := cfg.Copy()
			return fmt.Sprintf("postgres://%s@%s:%d/%s?sslmode=disable", role, c.Host, c.Port, database)
		}
	} else {
		tmp, err := os.MkdirTemp("", "sintra-testdb-")
		if err != nil {
			return nil, err
		}
		// The cluster may run as another user, who must reach its directory.
		if err := os.Chmod(tmp, 0o755); err != nil {
			return nil, err
		}
		quiet := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
		cluster, err := pgembed.Start(ctx, pgembed.Options{DataDir: filepath.Join(tmp, "pgdata"), Logger: quiet})
		if err != nil {
			os.RemoveAll(tmp)
			return nil, err
		}
		s.cluster, s.tmpDir, s.urlFor = cluster, tmp, cluster.URL
	}
	if err := s.buildTemplate(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// buildTemplate creates and migrates the template database.
func (s *testServer) buildTemplate(ctx context.Context) error {
	if err := migrate.Provision(ctx, s.urlFor(pgembed.Superuser, "postgres"), templateName); err != nil {
		return err
	}
	pool, err := pgxpool.New(ctx, s.urlFor(migrate.OwnerRole, templateName))
	if err != nil {
		return err
	}
	defer pool.Close()
	schema, err := migrate.Open(pool)
	if err != nil {
		return err
	}
	defer schema.Close()
	_, err = schema.Up(ctx)
	return err
}

func (s *testServer) dropTemplate() {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, s.urlFor(pgembed.Superuser, "postgres"))
	if err != nil {
		return
	}
	defer conn.Close(ctx)
	conn.Exec(ctx, "DROP DATABASE IF EXISTS "+templateName+" WITH (FORCE)")
}

func exec(t testing.TB, url, sql string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}
