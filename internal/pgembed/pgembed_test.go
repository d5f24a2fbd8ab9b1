package pgembed_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"sintra/internal/pgembed"
)

// newDataDir returns a cluster directory path whose parent the unprivileged
// database user can traverse when the tests run as root.
func newDataDir(t *testing.T) string {
	t.Helper()
	parent, err := os.MkdirTemp("", "pgembed-test-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(parent, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(parent) })
	return filepath.Join(parent, "pgdata")
}

// exec runs a statement as the superuser.
func exec(t *testing.T, c *pgembed.Cluster, sql string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, c.URL(pgembed.Superuser, "postgres"))
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// query runs sql as the superuser and returns the first column of its only row.
func query(t *testing.T, c *pgembed.Cluster, sql string) string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, c.URL(pgembed.Superuser, "postgres"))
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer conn.Close(ctx)
	var out string
	if err := conn.QueryRow(ctx, sql).Scan(&out); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return out
}

func TestStart_InitializesStopsAndReusesTheCluster(t *testing.T) {
	ctx := context.Background()
	dir := newDataDir(t)

	first, err := pgembed.Start(ctx, pgembed.Options{DataDir: dir})
	if err != nil {
		t.Fatalf("first start: %v", err)
	}
	t.Cleanup(func() { first.Stop() })
	exec(t, first, "CREATE TABLE kept AS SELECT 'still here' AS v")
	if got := query(t, first, "SHOW listen_addresses"); got != "" {
		t.Errorf("listen_addresses = %q, want none (unix socket only)", got)
	}
	if err := first.Stop(); err != nil {
		t.Fatalf("stop: %v", err)
	}
	if first.Running(ctx) {
		t.Fatal("server still running after Stop")
	}

	second, err := pgembed.Start(ctx, pgembed.Options{DataDir: dir})
	if err != nil {
		t.Fatalf("second start: %v", err)
	}
	defer second.Stop()
	if got := query(t, second, "SELECT v FROM kept"); got != "still here" {
		t.Errorf("reused cluster lost its data: got %q", got)
	}
}

func TestStart_RestartsAServerLeftBehindByADeadProcess(t *testing.T) {
	ctx := context.Background()
	dir := newDataDir(t)
	orphan, err := pgembed.Start(ctx, pgembed.Options{DataDir: dir})
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	orphan.Abandon()
	next, err := pgembed.Start(ctx, pgembed.Options{DataDir: dir})
	if err != nil {
		t.Fatalf("start over a leftover server: %v", err)
	}
	defer next.Stop()
	if !next.Owned() {
		t.Fatal("the new process did not take the leftover cluster over")
	}
	if got := query(t, next, "SELECT 'ok'"); got != "ok" {
		t.Errorf("got %q", got)
	}
	if _, err := pgx.Connect(ctx, orphan.URL(pgembed.Superuser, "postgres")); err == nil {
		t.Error("the leftover server's socket still answers")
	}
}

func TestStart_AttachesToAClusterAnotherLiveProcessRuns(t *testing.T) {
	ctx := context.Background()
	dir := newDataDir(t)
	owner, err := pgembed.Start(ctx, pgembed.Options{DataDir: dir})
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	defer owner.Stop()
	visitor, err := pgembed.Start(ctx, pgembed.Options{DataDir: dir})
	if err != nil {
		t.Fatalf("second start: %v", err)
	}
	if visitor.Owned() {
		t.Fatal("second start took ownership of a running cluster")
	}
	if got := query(t, visitor, "SELECT 'attached'"); got != "attached" {
		t.Errorf("got %q", got)
	}
	if err := visitor.Stop(); err != nil {
		t.Fatal(err)
	}
	if got := query(t, owner, "SELECT 'still up'"); got != "still up" {
		t.Errorf("owner's server after the visitor stopped: %q", got)
	}
}

func TestFindBinDir_MissingBinariesSayHowToInstall(t *testing.T) {
	empty := t.TempDir()
	_, err := pgembed.FindBinDir(empty, filepath.Join(empty, "nothing", "*", "bin"))
	var missing *pgembed.MissingBinariesError
	if !errors.As(err, &missing) {
		t.Fatalf("err = %v, want MissingBinariesError", err)
	}
	if !strings.Contains(err.Error(), "apt-get install postgresql") {
		t.Errorf("message does not say how to install: %q", err)
	}
}

func TestStart_WithABinDirLackingPrograms_Fails(t *testing.T) {
	_, err := pgembed.Start(context.Background(), pgembed.Options{DataDir: newDataDir(t), BinDir: t.TempDir()})
	var missing *pgembed.MissingBinariesError
	if !errors.As(err, &missing) {
		t.Fatalf("err = %v, want MissingBinariesError", err)
	}
}

func TestFindBinDir_ResolvesSymlinksOnPath(t *testing.T) {
	real, err := pgembed.FindBinDir("", pgembed.DefaultLibGlob)
	if err != nil {
		t.Fatalf("PostgreSQL must be installed for the test suite: %v", err)
	}
	linkDir := t.TempDir()
	if err := os.Symlink(filepath.Join(real, "pg_ctl"), filepath.Join(linkDir, "pg_ctl")); err != nil {
		t.Fatal(err)
	}
	got, err := pgembed.FindBinDir(linkDir, "")
	if err != nil || got != real {
		t.Errorf("FindBinDir via symlink = %q, %v; want %q", got, err, real)
	}
}

// privateDataDir returns a cluster directory path inside a folder of mode
// 0700 owned by root, as a clone under /root is, and the folder where
// clusters are placed for this test.
func privateDataDir(t *testing.T) (dataDir, placeDir string) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("only root runs PostgreSQL as another account")
	}
	private, err := os.MkdirTemp("", "pgembed-private-")
	if err != nil {
		t.Fatal(err)
	}
	place, err := os.MkdirTemp("", "pgembed-place-")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(place, 0o755)
	t.Cleanup(func() { os.RemoveAll(private); os.RemoveAll(place) })
	return filepath.Join(private, "clone", "var", "pgdata"), filepath.Join(place, "sintra")
}

func TestStart_AsRootWithADataDirPostgresCannotReach_PlacesTheClusterWhereItCanAndLinksIt(t *testing.T) {
	ctx := context.Background()
	dataDir, placeDir := privateDataDir(t)

	first, err := pgembed.Start(ctx, pgembed.Options{DataDir: dataDir, PlaceDir: placeDir})
	if err != nil {
		t.Fatalf("start under a private folder: %v", err)
	}
	t.Cleanup(func() { first.Stop() })
	exec(t, first, "CREATE TABLE kept AS SELECT 'still here' AS v")
	real, err := filepath.EvalSymlinks(dataDir)
	if err != nil || filepath.Dir(real) != placeDir || real != first.DataDir() {
		t.Fatalf("%s links to %q (%v); want a cluster in %s, the one running (%s)", dataDir, real, err, placeDir, first.DataDir())
	}
	if _, err := os.Stat(filepath.Join(dataDir, "postmaster.pid")); err != nil {
		t.Errorf("the running cluster is not seen through the data directory: %v", err)
	}
	if err := first.Stop(); err != nil {
		t.Fatal(err)
	}

	second, err := pgembed.Start(ctx, pgembed.Options{DataDir: dataDir, PlaceDir: placeDir})
	if err != nil {
		t.Fatalf("second start: %v", err)
	}
	defer second.Stop()
	if got := query(t, second, "SELECT v FROM kept"); got != "still here" {
		t.Errorf("the placed cluster was not reused: %q", got)
	}
}

func TestStart_AsRootWhenTheLinkToAPlacedClusterWasRemoved_SaysHowToReuseOrStartAfresh(t *testing.T) {
	ctx := context.Background()
	dataDir, placeDir := privateDataDir(t)
	c, err := pgembed.Start(ctx, pgembed.Options{DataDir: dataDir, PlaceDir: placeDir})
	if err != nil {
		t.Fatal(err)
	}
	placed := c.DataDir()
	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(dataDir); err != nil {
		t.Fatal(err)
	}
	_, err = pgembed.Start(ctx, pgembed.Options{DataDir: dataDir, PlaceDir: placeDir})
	if err == nil || !strings.Contains(err.Error(), "ln -s "+placed+" "+dataDir) || !strings.Contains(err.Error(), "rm -rf "+placed) {
		t.Fatalf("err = %v; want advice to link or remove %s", err, placed)
	}
}

func TestStart_AsRootWithAClusterPostgresCannotReach_SaysWhatToDo(t *testing.T) {
	dataDir, placeDir := privateDataDir(t)
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		t.Fatal(err)
	}
	_, err := pgembed.Start(context.Background(), pgembed.Options{DataDir: dataDir, PlaceDir: placeDir})
	var unreachable *pgembed.UnreachableError
	if !errors.As(err, &unreachable) || !strings.Contains(err.Error(), "SINTRA_DATA_DIR") || !strings.Contains(err.Error(), "ln -s") {
		t.Fatalf("err = %v; want an UnreachableError that says what to do", err)
	}
}

func TestRestore_RefusesWhileTheClusterRunsAndWithoutAnArchive(t *testing.T) {
	ctx := context.Background()
	dir := newDataDir(t)
	archive := filepath.Join(filepath.Dir(dir), "wal")
	c, err := pgembed.Start(ctx, pgembed.Options{DataDir: dir, WALArchive: archive})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Stop()
	backup := filepath.Join(filepath.Dir(dir), "backup")
	if err := c.Backup(ctx, backup); err != nil {
		t.Fatalf("backup: %v", err)
	}
	if got := query(t, c, "SHOW archive_mode"); got != "on" {
		t.Errorf("archive_mode = %q with a WAL archive", got)
	}
	if _, err := pgembed.Restore(ctx, pgembed.Options{DataDir: dir, WALArchive: archive}, backup, time.Now()); err == nil ||
		!strings.Contains(err.Error(), "stop the server") {
		t.Errorf("restore over a running cluster: %v", err)
	}
	if _, err := pgembed.Restore(ctx, pgembed.Options{DataDir: dir}, backup, time.Now()); err == nil ||
		!strings.Contains(err.Error(), "WAL archive") {
		t.Errorf("restore without an archive: %v", err)
	}
}
