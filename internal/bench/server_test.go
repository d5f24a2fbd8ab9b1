package bench

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"sintra/internal/app"
	"sintra/internal/crypto"
	"sintra/internal/httpapi"
	"sintra/internal/metrics"
	"sintra/internal/store"
	"sintra/internal/testdb"
)

// The benchmark binary runs again as the server, in a process of its own,
// when serverEnv names the database to serve (as the application's role)
// and serverKeysEnv its key file. Its resident memory is then the
// server's alone, apart from the load generator's.
const (
	serverEnv     = "SINTRA_BENCH_SERVER_DATABASE_URL"
	serverKeysEnv = "SINTRA_BENCH_SERVER_KEY_FILE"
)

// configureServer is the server's configuration: as `sintra serve`'s, with
// the sign-in throttle lifted, since one address signs in many times.
func configureServer(c *app.Config) {
	c.Auth.Throttle.AddressFailures = 1 << 30
	c.Auth.RequireMFA = false
	c.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
}

// serve runs the HTTP server as `sintra serve` wires it (every service,
// the sessions kept in memory, the metrics observing each request) on a
// loopback port, and beside it, on another, the count of its round trips
// to PostgreSQL and its profiles. It prints both addresses on a line and
// serves until SIGTERM.
func serve(databaseURL, keyFile string) error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	keys, err := crypto.LoadKeyring(keyFile)
	if err != nil {
		return err
	}
	cfg, err := pgxpool.ParseConfig(databaseURL)
	if err != nil {
		return err
	}
	counted := &testdb.RoundTrips{}
	cfg.ConnConfig.Tracer = counted
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	st := store.New(pool)
	m := metrics.New()
	m.WatchPool(st.PoolStats)
	c := app.DefaultConfig(keys)
	configureServer(&c)
	c.Observer = m
	a, err := app.New(st, c)
	if err != nil {
		return err
	}
	go a.Auth.KeepSessions(ctx)
	// One user drives the load: the per-user limit of searches is lifted.
	handler, err := httpapi.New(httpapi.Deps{Log: c.Log, App: a, Ready: func(context.Context) error { return nil }, MaxBodyBytes: 1 << 20,
		ExpensivePerMinute: 1 << 30, ObserveRequest: m.ObserveRequest})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	side, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /roundtrips", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, counted.Count()) })
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	api, debug := &http.Server{Handler: handler}, &http.Server{Handler: mux}
	go api.Serve(ln)
	go debug.Serve(side)
	fmt.Printf("%s %s\n", ln.Addr(), side.Addr())
	<-ctx.Done()
	debug.Close()
	return api.Close()
}

// server is the server's process, seen from the benchmark.
type server struct {
	cmd *exec.Cmd
	// url is the API's; debug the round trips' and profiles'.
	url, debug string
}

// startServer runs the benchmark binary again as the server of the
// database the application's role reaches at databaseURL, and stops it
// when b ends.
func startServer(b testing.TB, databaseURL, keyFile string) *server {
	b.Helper()
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), serverEnv+"="+databaseURL, serverKeysEnv+"="+keyFile)
	cmd.Stderr = os.Stderr
	// The server dies with the benchmark.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	})
	line, err := bufio.NewReader(out).ReadString('\n')
	addrs := strings.Fields(line)
	if err != nil || len(addrs) != 2 {
		b.Fatalf("the server did not start: %q %v", line, err)
	}
	go io.Copy(io.Discard, out)
	return &server{cmd: cmd, url: "http://" + addrs[0], debug: "http://" + addrs[1]}
}

// roundTrips is how many round trips to PostgreSQL the server made so far.
func (s *server) roundTrips(b testing.TB) int64 {
	b.Helper()
	res, err := http.Get(s.debug + "/roundtrips")
	if err != nil {
		b.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	n, err := strconv.ParseInt(string(data), 10, 64)
	if err != nil {
		b.Fatalf("round trips: %q", data)
	}
	return n
}

// memoryMB is the server process's resident memory now (VmRSS) and at its
// peak so far (VmHWM), in MiB.
func (s *server) memoryMB(b testing.TB) (now, peak float64) {
	b.Helper()
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		name, value, _ := strings.Cut(line, ":")
		var kb float64
		fmt.Sscanf(strings.TrimSpace(value), "%f", &kb)
		switch name {
		case "VmRSS":
			now = kb / 1024
		case "VmHWM":
			peak = kb / 1024
		}
	}
	return now, peak
}

// resetPeak makes the server's peak resident memory (VmHWM) its resident
// memory now, so that the next peak read is of what follows.
func (s *server) resetPeak(b testing.TB) {
	b.Helper()
	if err := os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", s.cmd.Process.Pid), []byte("5"), 0); err != nil {
		b.Fatal(err)
	}
}

// cpu is the processor time the server process has used so far, in
// seconds.
func (s *server) cpu(b testing.TB) float64 {
	b.Helper()
	seconds, _, ok := processCPU(s.cmd.Process.Pid)
	if !ok {
		b.Fatal("cannot read the server's processor time")
	}
	return seconds
}

// processCPU is the processor time (user and system) a process has used
// so far, in seconds, and its parent's id.
func processCPU(pid int) (seconds float64, parent int, ok bool) {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, 0, false
	}
	// The fields after the command's name, which ends with ")": state is
	// the first, the parent's id the second, utime the 12th and stime the
	// 13th, in clock ticks.
	fields := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
	parent, _ = strconv.Atoi(fields[1])
	utime, _ := strconv.ParseFloat(fields[11], 64)
	stime, _ := strconv.ParseFloat(fields[12], 64)
	return (utime + stime) / clockTicks, parent, true
}

// postgresCPU is the processor time the PostgreSQL server of the
// connection pool has used so far, in seconds: its postmaster's and every
// process the postmaster started that is still running (the pools'
// connections last the whole benchmark).
func postgresCPU(b testing.TB, pool *pgxpool.Pool) float64 {
	b.Helper()
	var backend int
	if err := pool.QueryRow(context.Background(), "SELECT pg_backend_pid()").Scan(&backend); err != nil {
		b.Fatal(err)
	}
	_, postmaster, ok := processCPU(backend)
	if !ok {
		b.Fatal("cannot read PostgreSQL's processor time")
	}
	total, _, _ := processCPU(postmaster)
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if seconds, parent, ok := processCPU(pid); ok && parent == postmaster {
			total += seconds
		}
	}
	return total
}

// profileEnv names a directory where BenchmarkAPI writes the server's CPU
// profile of each operation's step at concurrency 16 (OPERATION-16.pprof),
// for `go tool pprof -top`.
const profileEnv = "SINTRA_BENCH_PROFILE"

// profile writes the server's CPU profile while load runs to path.
func (s *server) profile(b testing.TB, path string, load func()) {
	b.Helper()
	got := make(chan error, 1)
	go func() {
		res, err := http.Get(fmt.Sprintf("%s/debug/pprof/profile?seconds=%d", s.debug, int(loadFor.Seconds())))
		if err != nil {
			got <- err
			return
		}
		defer res.Body.Close()
		data, err := io.ReadAll(res.Body)
		if err == nil && res.StatusCode != http.StatusOK {
			err = fmt.Errorf("profile: %d %s", res.StatusCode, data)
		}
		if err == nil {
			err = os.WriteFile(path, data, 0o644)
		}
		got <- err
	}()
	load()
	if err := <-got; err != nil {
		b.Fatal(err)
	}
}

// clockTicks is Linux's USER_HZ, the unit of /proc/PID/stat's times.
const clockTicks = 100
