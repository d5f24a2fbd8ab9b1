package main_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"sintra/internal/pgembed"
)

// asPostgres runs one of PostgreSQL's programs as the account the private
// cluster runs as: postgres when the tests run as root.
func asPostgres(t *testing.T, program string, args ...string) {
	t.Helper()
	bin, err := pgembed.FindBinDir(os.Getenv("PATH"), pgembed.DefaultLibGlob)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(filepath.Join(bin, program), args...)
	if os.Geteuid() == 0 {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", filepath.Join(bin, program)}, args...)...)
	}
	cmd.Dir = os.TempDir()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v\n%s", program, args, err, out)
	}
}

// postgresDir makes an empty directory the cluster's account owns.
func postgresDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(newDataDir(t), "d")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 {
		if out, err := exec.Command("chown", "postgres:postgres", dir).CombinedOutput(); err != nil {
			t.Fatalf("chown: %v %s", err, out)
		}
	}
	return dir
}

// startReplica clones the private cluster of dataDir with pg_basebackup -R
// and starts it as a streaming replica on a socket of its own; it returns
// the replica's socket directory. The replica stops with the test.
func startReplica(t *testing.T, dataDir string) string {
	t.Helper()
	socket, _ := startStandby(t, dataDir)
	return socket
}

// startStandby is startReplica, returning the replica's directory too.
func startStandby(t *testing.T, dataDir string) (socket, dir string) {
	t.Helper()
	pid, _ := os.ReadFile(filepath.Join(dataDir, "pgdata", "postmaster.pid"))
	primarySocket := strings.Split(string(pid), "\n")[4]
	replica, socket := postgresDir(t), postgresDir(t)
	asPostgres(t, "pg_basebackup", "-D", replica, "-R", "-X", "stream", "-c", "fast",
		"-h", primarySocket, "-p", "5432", "-U", pgembed.Superuser)
	asPostgres(t, "pg_ctl", "start", "-D", replica, "-l", filepath.Join(replica, "server.log"), "-w",
		"-o", fmt.Sprintf("-c listen_addresses='' -c unix_socket_directories='%s' -p 5433 -c hot_standby_feedback=on", socket))
	t.Cleanup(func() { asPostgres(t, "pg_ctl", "stop", "-D", replica, "-m", "immediate", "-w") })
	return socket, replica
}

// psqlReplica runs sql on the replica as the superuser.
func psqlReplica(t *testing.T, socket, sql string) {
	t.Helper()
	out, err := exec.Command("psql", "-h", socket, "-p", "5433", "-U", pgembed.Superuser, "-d", "postgres",
		"-v", "ON_ERROR_STOP=1", "-qAtc", sql).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v %s", sql, err, out)
	}
}

// api calls the API with a token and returns the status, the X-Data-As-Of
// header and the body.
func api(t *testing.T, method, url, token, body string) (int, time.Time, []byte) {
	t.Helper()
	return apiWith(t, method, url, token, body, nil)
}

// apiWithReason reads a record with a motivo de consulta.
func apiWithReason(t *testing.T, url, token string) (int, time.Time, []byte) {
	t.Helper()
	return apiWith(t, "GET", url, token, "", map[string]string{"X-Motivo-Consulta": "seguimiento_caso"})
}

func apiWith(t *testing.T, method, url, token, body string, headers map[string]string) (int, time.Time, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var asOf time.Time
	if h := res.Header.Get("X-Data-As-Of"); h != "" {
		if asOf, err = time.Parse(time.RFC3339Nano, h); err != nil {
			t.Fatalf("X-Data-As-Of %q: %v", h, err)
		}
	}
	return res.StatusCode, asOf, b
}

func TestServe_WithAReplicaComputesStatisticsThereAndSaysHowFreshTheyAre(t *testing.T) {
	dataDir := newDataDir(t)
	primary := startServeWith(t, dataDir, "--require-mfa=false")
	defer primary.stop(t, syscall.SIGTERM)
	socket := startReplica(t, dataDir)
	replicaURL := "postgres://sintra_app@/sintra?host=" + socket + "&port=5433&sslmode=disable"
	reading := startServeWith(t, dataDir, "--require-mfa=false", "--replica-url", replicaURL)
	defer reading.stop(t, syscall.SIGTERM)

	secretaria := demoLogin(t, reading.url, "demo.secretaria")
	var today struct{ Today string }
	_, _, b := api(t, "GET", reading.url+"/api/v1/fecha", secretaria, "")
	json.Unmarshal(b, &today)
	status, _, b := api(t, "POST", reading.url+"/api/v1/periodos", secretaria,
		`{"name":"Réplica","kind":"personalizado","starts_on":"`+today.Today+`","ends_on":"`+today.Today+`"}`)
	var period struct{ ID string }
	if json.Unmarshal(b, &period); status != 201 {
		t.Fatalf("period: %d %s", status, b)
	}
	statistic := func(server *server) (time.Time, []byte) {
		t.Helper()
		status, asOf, b := api(t, "GET", server.url+"/api/v1/estadisticas?medida=servicios&dim1=tipo_servicio&periodo="+period.ID, secretaria, "")
		if status != 200 || asOf.IsZero() {
			t.Fatalf("statistic: %d, X-Data-As-Of %v: %s", status, asOf, b)
		}
		return asOf, b
	}
	// until the replica has replayed the period and everything before it
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(30 * time.Second); !ok(); time.Sleep(100 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("the replica never caught up: %s", what)
			}
		}
	}
	defined := time.Now()
	var before []byte
	waitFor("the period", func() bool {
		var asOf time.Time
		asOf, before = statistic(reading)
		return !asOf.Before(defined)
	})

	psqlReplica(t, socket, "SELECT pg_wal_replay_pause()")
	capturista := demoLogin(t, primary.url, "demo.capturista")
	status, _, b = api(t, "POST", primary.url+"/api/v1/victimas", capturista,
		`{"municipio":"23005","attributes":{"sex":"mujer"},"personal":{"given_names":"Réplica Ficticia"}}`)
	var victim struct{ ID string }
	if json.Unmarshal(b, &victim); status != 201 {
		t.Fatalf("register: %d %s", status, b)
	}
	status, _, b = api(t, "POST", primary.url+"/api/v1/victimas/"+victim.ID+"/servicios", capturista,
		`{"type":"asesoria_juridica","provided_on":"`+today.Today+`","quantity":3}`)
	if status != 201 {
		t.Fatalf("service: %d %s", status, b)
	}
	given := time.Now()

	_, fresh := statistic(primary)
	if bytes.Equal(fresh, before) {
		t.Fatalf("the primary does not count the new service:\n%s", fresh)
	}
	asOf, stale := statistic(reading)
	if !bytes.Equal(stale, before) {
		t.Errorf("with replay paused the replica's statistic changed, so it was not computed there:\n%s", stale)
	}
	if !asOf.Before(given) {
		t.Errorf("with replay paused X-Data-As-Of is %v, not before the service given at %v", asOf, given)
	}

	psqlReplica(t, socket, "SELECT pg_wal_replay_resume()")
	waitFor("the service", func() bool {
		asOf, b := statistic(reading)
		return bytes.Equal(b, fresh) && !asOf.Before(given)
	})
	status, asOf, _ = api(t, "GET", reading.url+"/api/v1/reportes/trimestral?periodo=2024%20T2", secretaria, "")
	if status != 200 || asOf.IsZero() || time.Since(asOf) > time.Minute {
		t.Errorf("report from the replica: %d, X-Data-As-Of %v", status, asOf)
	}
	// The analysts' view counts the year's periods at once, each on a
	// connection reading a snapshot the replica exported.
	analista := demoLogin(t, reading.url, "demo.analista")
	status, _, b = api(t, "GET", reading.url+"/api/v1/reportes/trimestral?periodo=2024%20T2", analista, "")
	if status != 200 || !bytes.Contains(b, []byte(`protegida (k = 5)`)) {
		t.Errorf("protected report from the replica: %d %.300s", status, b)
	}
}
