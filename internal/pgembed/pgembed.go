// Package pgembed runs a private PostgreSQL cluster from the system's own
// binaries: initdb on first use, pg_ctl to start and stop it, listening only
// on a unix socket in a private directory. When the process runs as root the
// cluster runs as an unprivileged user, since PostgreSQL refuses root.
package pgembed

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Superuser is the name of the cluster's bootstrap superuser.
const Superuser = "postgres"

// port is the number in the socket file's name; nothing listens on TCP.
const port = 5432

// Options configures a private cluster.
type Options struct {
	// DataDir is the cluster's directory; initdb creates it on first start.
	DataDir string
	// BinDir holds initdb and pg_ctl; empty means discover them.
	BinDir string
	// Logger receives progress messages; nil means slog.Default().
	Logger *slog.Logger
	// PlaceDir is where a cluster goes when PostgreSQL's account cannot
	// reach DataDir's folder; empty means DefaultPlaceDir.
	PlaceDir string
	// WALArchive, when set, is the folder the server copies each completed
	// write-ahead log segment to, for point-in-time recovery from a backup.
	WALArchive string
}

// Cluster is a running private PostgreSQL cluster.
type Cluster struct {
	dataDir   string
	binDir    string
	socketDir string
	runAs     *syscall.Credential
	runAsName string
	// walArchive is the folder of archived WAL segments, or empty.
	walArchive string
	log        *slog.Logger
	// lock is held while this process owns the server; nil when attached
	// to a server another live process owns.
	lock *os.File
}

// Start initializes the cluster in opts.DataDir if it does not exist yet,
// then starts it and waits until it accepts connections. When another live
// process already runs the cluster (a server, while an operator runs
// `sintra migrate status`), Start attaches to it instead, and Stop leaves it
// running. A server left behind by a process that died is restarted.
func Start(ctx context.Context, opts Options) (*Cluster, error) {
	c, err := prepare(opts)
	if err != nil {
		return nil, err
	}
	owned, err := c.tryLock()
	if err != nil {
		return nil, err
	}
	if !owned {
		return c, c.attach()
	}
	if err := c.initIfNeeded(ctx); err != nil {
		c.unlock()
		return nil, err
	}
	if err := c.stopLeftover(ctx); err != nil {
		c.unlock()
		return nil, err
	}
	// A restore leaves recovery.signal, which the server removes once it
	// has replayed the archive to the target: only then is it announced.
	_, statErr := os.Stat(filepath.Join(c.dataDir, "recovery.signal"))
	recovering := statErr == nil
	if err := c.start(ctx); err != nil {
		c.unlock()
		return nil, err
	}
	if err := c.awaitRecovery(ctx, recovering); err != nil {
		c.Stop()
		return nil, err
	}
	return c, nil
}

// prepare finds the programs, the account and the directory a cluster of
// opts runs with.
func prepare(opts Options) (*Cluster, error) {
	if opts.DataDir == "" {
		return nil, errors.New("pgembed: no data directory given")
	}
	binDir := opts.BinDir
	if binDir == "" {
		found, err := FindBinDir(os.Getenv("PATH"), DefaultLibGlob)
		if err != nil {
			return nil, err
		}
		binDir = found
	} else if err := checkBinDir(binDir); err != nil {
		return nil, err
	}
	dataDir, err := filepath.Abs(opts.DataDir)
	if err != nil {
		return nil, fmt.Errorf("pgembed: %w", err)
	}
	runAs, runAsName, err := unprivilegedCredential()
	if err != nil {
		return nil, err
	}
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	c := &Cluster{binDir: binDir, runAs: runAs, runAsName: runAsName, log: log}
	if c.walArchive, err = c.prepareArchive(opts.WALArchive); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(dataDir), 0o755); err != nil {
		return nil, fmt.Errorf("pgembed: create parent of data directory: %w", err)
	}
	placeDir := opts.PlaceDir
	if placeDir == "" {
		placeDir = DefaultPlaceDir
	}
	if c.dataDir, err = c.place(dataDir, placeDir); err != nil {
		return nil, err
	}
	return c, nil
}

// tryLock takes the lock that marks this process as the cluster's owner.
// The kernel drops it when the process dies, however it dies.
func (c *Cluster) tryLock() (bool, error) {
	f, err := os.OpenFile(c.dataDir+".lock", os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return false, fmt.Errorf("pgembed: open lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return false, nil
		}
		return false, fmt.Errorf("pgembed: lock data directory: %w", err)
	}
	c.lock = f
	return true, nil
}

func (c *Cluster) unlock() {
	if c.lock != nil {
		c.lock.Close()
		c.lock = nil
	}
}

// attach finds the socket of the server another process owns.
func (c *Cluster) attach() error {
	content, err := os.ReadFile(filepath.Join(c.dataDir, "postmaster.pid"))
	lines := strings.Split(string(content), "\n")
	if err != nil || len(lines) < 5 || lines[4] == "" {
		return fmt.Errorf("pgembed: another process holds %s but its server is not running", c.dataDir)
	}
	c.socketDir = lines[4]
	c.log.Info("using the private PostgreSQL another process runs", "dir", c.dataDir)
	return nil
}

// DataDir returns the cluster's directory: the one PostgreSQL runs on,
// which the data directory given may link to.
func (c *Cluster) DataDir() string { return c.dataDir }

// URL returns a connection URL for the given role and database over the
// cluster's unix socket.
func (c *Cluster) URL(role, database string) string {
	q := url.Values{"host": {c.socketDir}, "port": {strconv.Itoa(port)}, "sslmode": {"disable"}}
	u := url.URL{Scheme: "postgres", User: url.User(role), Path: "/" + database, RawQuery: q.Encode()}
	return u.String()
}

// Stop shuts the cluster down (fast mode: open sessions are rolled back) and
// removes its socket directory. An attached cluster is left running.
func (c *Cluster) Stop() error {
	if c.lock == nil {
		return nil
	}
	defer c.unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	err := c.pgctl(ctx, "stop", "-D", c.dataDir, "-m", "fast", "-w")
	if rmErr := os.RemoveAll(c.socketDir); err == nil {
		err = rmErr
	}
	if err == nil {
		c.log.Info("private PostgreSQL stopped", "dir", c.dataDir)
	}
	return err
}

// Owned reports whether this process started the server (and Stop stops it).
func (c *Cluster) Owned() bool { return c.lock != nil }

// Running reports whether a server is running on the cluster's directory.
func (c *Cluster) Running(ctx context.Context) bool {
	return c.pgctl(ctx, "status", "-D", c.dataDir) == nil
}

func (c *Cluster) initIfNeeded(ctx context.Context) error {
	if _, err := os.Stat(filepath.Join(c.dataDir, "PG_VERSION")); err == nil {
		return nil
	}
	c.log.Info("initializing private PostgreSQL cluster", "dir", c.dataDir)
	if err := os.Mkdir(c.dataDir, 0o700); err != nil && !os.IsExist(err) {
		return fmt.Errorf("pgembed: create data directory: %w", err)
	}
	if err := c.giveToRunAs(c.dataDir); err != nil {
		return err
	}
	err := c.run(ctx, "initdb", "-D", c.dataDir, "-U", Superuser, "--auth=trust",
		"--encoding=UTF8", "--locale=C.UTF-8", "--no-instructions")
	if err != nil {
		// Leave nothing half-made behind, so the next start tries afresh.
		os.RemoveAll(c.dataDir)
		return fmt.Errorf("pgembed: initdb in %s: %w", c.dataDir, err)
	}
	return nil
}

// stopLeftover stops a server an earlier process left running on this
// directory (for example after it was killed), so that this start owns it.
func (c *Cluster) stopLeftover(ctx context.Context) error {
	pidFile := filepath.Join(c.dataDir, "postmaster.pid")
	content, err := os.ReadFile(pidFile)
	if err != nil {
		return nil
	}
	if !c.Running(ctx) {
		return nil
	}
	c.log.Warn("stopping a PostgreSQL server left running on the data directory", "dir", c.dataDir)
	if err := c.pgctl(ctx, "stop", "-D", c.dataDir, "-m", "fast", "-w"); err != nil {
		return fmt.Errorf("pgembed: stop leftover server: %w", err)
	}
	// Line 5 of postmaster.pid names the socket directory it used.
	if lines := strings.Split(string(content), "\n"); len(lines) > 4 && isOurSocketDir(lines[4]) {
		os.RemoveAll(lines[4])
	}
	return nil
}

func (c *Cluster) start(ctx context.Context) error {
	socketDir, err := os.MkdirTemp("", socketDirPrefix)
	if err != nil {
		return fmt.Errorf("pgembed: create socket directory: %w", err)
	}
	if err := c.giveToRunAs(socketDir); err != nil {
		os.RemoveAll(socketDir)
		return err
	}
	c.socketDir = socketDir
	options := fmt.Sprintf("-c listen_addresses='' -c unix_socket_directories='%s' "+
		"-c unix_socket_permissions=0700 -p %d", socketDir, port) + c.archiveOptions()
	logFile := filepath.Join(c.dataDir, "server.log")
	err = c.pgctl(ctx, "start", "-D", c.dataDir, "-l", logFile, "-w", "-t", "120", "-o", options)
	if err != nil {
		os.RemoveAll(socketDir)
		return fmt.Errorf("pgembed: start server (its log is %s): %w", logFile, err)
	}
	c.log.Info("private PostgreSQL started", "dir", c.dataDir)
	return nil
}

const socketDirPrefix = "sintra-pg-"

func isOurSocketDir(dir string) bool {
	return strings.HasPrefix(filepath.Base(dir), socketDirPrefix) && filepath.Dir(dir) == filepath.Clean(os.TempDir())
}

func (c *Cluster) pgctl(ctx context.Context, args ...string) error {
	return c.run(ctx, "pg_ctl", args...)
}

// run executes one of the cluster's binaries as the unprivileged user and
// returns its output inside the error when it fails.
func (c *Cluster) run(ctx context.Context, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, filepath.Join(c.binDir, name), args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.Dir = os.TempDir()
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8", "PGTZ=UTC")
	if c.runAs != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.runAs}
	}
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s: %w: %s", name, args[0], err, strings.TrimSpace(out.String()))
	}
	return nil
}

func (c *Cluster) giveToRunAs(path string) error {
	if c.runAs == nil {
		return nil
	}
	if err := os.Chown(path, int(c.runAs.Uid), int(c.runAs.Gid)); err != nil {
		return fmt.Errorf("pgembed: give %s to the database user: %w", path, err)
	}
	return nil
}

// unprivilegedCredential returns the user to run PostgreSQL as, and its
// name, when this process is root: the system's postgres account if there
// is one, else nobody.
func unprivilegedCredential() (*syscall.Credential, string, error) {
	if os.Geteuid() != 0 {
		return nil, "this process's user", nil
	}
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, _ := strconv.ParseUint(u.Uid, 10, 32)
		gid, _ := strconv.ParseUint(u.Gid, 10, 32)
		return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, name, nil
	}
	return nil, "", errors.New("pgembed: running as root and found no unprivileged user (postgres or nobody) to run PostgreSQL as")
}
