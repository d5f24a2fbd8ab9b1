package main_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"sintra/internal/crypto"
	"sintra/internal/pgembed"
)

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sintra-bin-")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "sintra")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		panic(string(out))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// environ is the test's environment without any SINTRA_* setting.
func environ(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "SINTRA_") {
			env = append(env, kv)
		}
	}
	return append(env, extra...)
}

func newDataDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "sintra-data-")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o755)
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

type server struct {
	cmd    *exec.Cmd
	url    string
	stderr *strings.Builder
	// banner is what the server printed before it listened.
	banner string
}

// startServe runs `sintra serve` on a free port and waits for its URL.
func startServe(t *testing.T, dataDir string) *server {
	t.Helper()
	return startServeWith(t, dataDir)
}

// startServeWith is startServe with more flags.
func startServeWith(t *testing.T, dataDir string, flags ...string) *server {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"serve", "--demo", "--data-dir", dataDir, "--addr", "127.0.0.1:0"}, flags...)...)
	cmd.Env = environ()
	stderr := &strings.Builder{}
	cmd.Stderr = stderr
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	found := make(chan [2]string, 1)
	go func() {
		listening := regexp.MustCompile(`listening on (http://\S+)`)
		scanner := bufio.NewScanner(stdout)
		var banner strings.Builder
		for scanner.Scan() {
			banner.WriteString(scanner.Text() + "\n")
			if m := listening.FindStringSubmatch(scanner.Text()); m != nil {
				found <- [2]string{m[1], banner.String()}
			}
		}
	}()
	select {
	case got := <-found:
		return &server{cmd: cmd, url: got[0], banner: got[1], stderr: stderr}
	case <-time.After(60 * time.Second):
		t.Fatalf("server did not start; stderr:\n%s", stderr)
	}
	return nil
}

// stop sends sig and waits for a clean exit.
func (s *server) stop(t *testing.T, sig syscall.Signal) {
	t.Helper()
	s.cmd.Process.Signal(sig)
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after %v: %v; stderr:\n%s", sig, err, s.stderr)
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("no exit after %v", sig)
	}
}

func get(t *testing.T, url string) (int, []byte) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body strings.Builder
	bufio.NewReader(res.Body).WriteTo(&body)
	return res.StatusCode, []byte(body.String())
}

func TestServe_RunsWithAPrivatePostgreSQLThatStopsAndIsReused(t *testing.T) {
	dataDir := newDataDir(t)
	pidFile := filepath.Join(dataDir, "pgdata", "postmaster.pid")

	first := startServe(t, dataDir)
	for _, path := range []string{"/healthz", "/readyz", "/api/docs/"} {
		if status, body := get(t, first.url+path); status != 200 {
			t.Errorf("GET %s = %d %s", path, status, body)
		}
	}
	status, body := get(t, first.url+"/api/v1/catalogos/municipios")
	var municipios struct{ Entries []struct{ Code, Name string } }
	if err := json.Unmarshal(body, &municipios); status != 200 || err != nil || len(municipios.Entries) != 11 {
		t.Fatalf("municipios: status %d, %d entries, %v", status, len(municipios.Entries), err)
	}
	if _, err := os.Stat(pidFile); err != nil {
		t.Fatalf("PostgreSQL not running while serving: %v", err)
	}
	if !strings.Contains(first.banner, "demo.capturista") || !strings.Contains(first.banner, "laguna-bacalar-demostracion") {
		t.Errorf("demo logins not printed:\n%s", first.banner)
	}
	res, err := http.Post(first.url+"/api/v1/auth/login", "application/json",
		strings.NewReader(`{"username":"demo.capturista","password":"laguna-bacalar-demostracion"}`))
	if err != nil || res.StatusCode != 200 {
		t.Errorf("demo login: %v %v", res, err)
	}
	first.stop(t, syscall.SIGINT)
	if _, err := os.Stat(pidFile); !os.IsNotExist(err) {
		t.Fatal("PostgreSQL still running after Ctrl-C")
	}

	second := startServe(t, dataDir)
	if status, _ := get(t, second.url+"/readyz"); status != 200 {
		t.Errorf("readyz after restart = %d", status)
	}
	second.stop(t, syscall.SIGTERM)
	if strings.Contains(second.stderr.String(), "initializing") {
		t.Errorf("second start initialized a new cluster instead of reusing it:\n%s", second.stderr)
	}
	if _, err := os.Stat(pidFile); !os.IsNotExist(err) {
		t.Fatal("PostgreSQL still running after SIGTERM")
	}
}

func sintra(t *testing.T, env []string, args ...string) (string, error) {
	t.Helper()
	return sintraWithInput(t, env, "", args...)
}

func sintraWithInput(t *testing.T, env []string, stdin string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = env
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// keyFile makes a key file with `sintra keys generate` and returns the
// variable that names it.
func keyFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sintra-keys.json")
	if out, err := sintra(t, environ(), "keys", "generate", "--file", path); err != nil {
		t.Fatalf("keys generate: %v\n%s", err, out)
	}
	return "SINTRA_MASTER_KEY_FILE=" + path
}

func TestUserAdd_CreatesTheFirstAdministratorWhoCanSignIn(t *testing.T) {
	dataDir := newDataDir(t)
	const password = "cuaderno-marfil-trompeta-58"
	out, err := sintraWithInput(t, environ("SINTRA_DATA_DIR="+dataDir), password+"\n", "user", "add", "--username", "admin",
		"--name", "Administración SINTRA", "--institution", "SEGOB", "--role", "admin")
	if err == nil || !strings.Contains(out, "SINTRA_MASTER_KEY_FILE") {
		t.Fatalf("user add without the key file: %v\n%s", err, out)
	}
	env := environ("SINTRA_DATA_DIR="+dataDir, keyFile(t))
	out, err = sintraWithInput(t, env, password+"\n", "user", "add", "--username", "admin",
		"--name", "Administración SINTRA", "--institution", "SEGOB", "--role", "admin")
	if err != nil || !strings.Contains(out, "created user admin") {
		t.Fatalf("user add: %v\n%s", err, out)
	}
	if strings.Contains(out, password) {
		t.Error("the password was echoed")
	}
	for password, refusal := range map[string]string{
		"password1234":                "demasiado común",
		"laguna-bacalar-demostracion": "contraseña pública de la demostración",
		"Chetumal-Bacalar-2026":       "nombres de lugares de Quintana Roo",
	} {
		out, err = sintraWithInput(t, env, password+"\n", "user", "add", "--username", "otro", "--name", "Otro", "--institution", "SEGOB")
		if err == nil || !strings.Contains(out, refusal) {
			t.Errorf("%q was accepted: %v\n%s", password, err, out)
		}
	}

	srv := startServe(t, dataDir)
	defer srv.stop(t, syscall.SIGTERM)
	res, err := http.Post(srv.url+"/api/v1/auth/login", "application/json",
		strings.NewReader(`{"username":"admin","password":"`+password+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var tokens struct {
		AccessToken string `json:"access_token"`
		Restriction string
	}
	json.NewDecoder(res.Body).Decode(&tokens)
	if res.StatusCode != 200 || tokens.AccessToken == "" || tokens.Restriction != "mfa_enrollment_required" {
		t.Errorf("admin login: %d %+v (an admin must enrol a second factor first)", res.StatusCode, tokens)
	}
}

func TestCatalogMunicipios_LoadsAnEntidadOnceAndNothingOfAWrongFile(t *testing.T) {
	dataDir := newDataDir(t)
	env := environ("SINTRA_DATA_DIR="+dataDir, keyFile(t))
	file := filepath.Join(t.TempDir(), "yucatan.csv")
	load := func(content string) (string, error) {
		t.Helper()
		if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return sintra(t, env, "catalog", "municipios", "--entidad", "31", "--file", file)
	}
	if out, err := load("clave,nombre\n31050,Mérida\n31059,Progreso\n"); err != nil || !strings.Contains(out, "2 municipios added, 0 renamed, 0 unchanged") {
		t.Fatalf("first load: %v\n%s", err, out)
	}
	if out, err := load("\ufeffCVE_ENT;NOM_ENT;CVE_MUN;NOM_MUN\n31;Yucatán;050;Mérida\n31;Yucatán;059;Progreso\n"); err != nil ||
		!strings.Contains(out, "0 municipios added, 0 renamed, 2 unchanged") {
		t.Fatalf("the same municipios in INEGI's columns: %v\n%s", err, out)
	}
	out, err := load("clave,nombre\n31050,Mérida\n23005,Benito Juárez\n31101,\n")
	if err == nil || !strings.Contains(out, "row 3, clave: La clave es de un municipio de otra entidad.") ||
		!strings.Contains(out, "row 4, nombre:") {
		t.Fatalf("a file with a municipio of Quintana Roo and one without a name: %v\n%s", err, out)
	}
}

func TestMigrate_UpDownStatus(t *testing.T) {
	dataDir := newDataDir(t)
	env := environ("SINTRA_DATA_DIR=" + dataDir)
	steps := []struct {
		args []string
		want string
	}{
		{[]string{"migrate", "up"}, "migration(s)"},
		{[]string{"migrate", "status"}, "00001_catalogs.sql"},
		{[]string{"migrate", "down"}, ""},
		{[]string{"migrate", "status"}, "pending"},
		{[]string{"migrate", "up"}, "applied 1 migration(s)"},
	}
	for _, step := range steps {
		out, err := sintra(t, env, step.args...)
		if err != nil || !strings.Contains(out, step.want) {
			t.Fatalf("sintra %v: %v\n%s", step.args, err, out)
		}
	}
}

func TestCommands_FailClearly(t *testing.T) {
	tests := []struct {
		name string
		env  []string
		args []string
		want string
	}{
		{"missing PostgreSQL binaries", environ(), []string{"serve", "--demo", "--data-dir", newDataDir(t), "--pg-bin", "/nonexistent"}, "apt-get install postgresql"},
		{"invalid listen address", environ("SINTRA_ADDR=nowhere"), []string{"serve"}, "must be host:port"},
		{"no master key outside demo mode", environ(), []string{"serve", "--data-dir", newDataDir(t)}, "SINTRA_MASTER_KEY_FILE"},
		{"weak master key", environ("SINTRA_MASTER_KEY_FILE=" + weakKeyFile(t)), []string{"serve", "--data-dir", newDataDir(t)}, "weak"},
		{"external database without owner URL", environ("SINTRA_DATABASE_URL=postgres://app@127.0.0.1:1/x"), []string{"migrate", "up"}, "SINTRA_OWNER_DATABASE_URL"},
		{"unknown command", environ(), []string{"fly"}, `unknown command "fly"`},
		{"unknown migrate action", environ(), []string{"migrate", "sideways"}, "use up, down or status"},
		{"no action", environ(), []string{"keys"}, "keys needs one of these actions: generate, rotate, retire"},
		{"unknown flag", environ(), []string{"serve", "--adress", "127.0.0.1:1"}, "Run `sintra serve --help` for the flags"},
		{"no command", environ(), nil, "no command given"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := sintra(t, tt.env, tt.args...)
			if err == nil || !strings.Contains(out, tt.want) {
				t.Errorf("err %v, output lacks %q:\n%s", err, tt.want, out)
			}
		})
	}
}

// weakKeyFile writes a key file whose keys are all zero bytes.
func weakKeyFile(t *testing.T) string {
	path := filepath.Join(t.TempDir(), "keys.json")
	zero := "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
	content := `{"master_keys":{"1":"` + zero + `"},"current":1,"index_key":"` + zero + `","token_key":"` + zero + `"}`
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestHelp_DescribesEveryCommand(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"serve", "--help"}, {"migrate", "--help"}, {"user", "add", "--help"},
		{"audit", "verify", "--help"}, {"audit", "checkpoint", "--help"}, {"audit", "signing-key", "--help"}, {"keys", "generate", "--help"}, {"keys", "rotate", "--help"}, {"keys", "retire", "--help"}, {"report", "--help"}, {"htcds", "--help"}, {"demo", "generate", "--help"}, {"backup", "--help"}, {"restore", "--help"}, {"catalog", "municipios", "--help"}} {
		out, err := sintra(t, environ(), args...)
		if err != nil || !strings.Contains(out, "Usage: sintra") {
			t.Errorf("sintra %v: %v\n%s", args, err, out)
		}
	}
}

// auditedSignIns makes a first administrator who then signs in once and
// fails once on a running server, so that the audit trail holds events;
// the server stops with the test.
func auditedSignIns(t *testing.T) (dataDir string, env []string) {
	t.Helper()
	dataDir = newDataDir(t)
	env = environ("SINTRA_DATA_DIR="+dataDir, keyFile(t))
	if out, err := sintraWithInput(t, env, "cuaderno-marfil-trompeta-58\n", "user", "add", "--username", "admin",
		"--name", "Admin", "--institution", "SEGOB", "--role", "admin"); err != nil {
		t.Fatalf("user add: %v\n%s", err, out)
	}
	srv := startServe(t, dataDir)
	t.Cleanup(func() { srv.stop(t, syscall.SIGTERM) })
	for _, password := range []string{"cuaderno-marfil-trompeta-58", "equivocada"} {
		res, err := http.Post(srv.url+"/api/v1/auth/login", "application/json",
			strings.NewReader(`{"username":"admin","password":"`+password+`"}`))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}
	return dataDir, env
}

func TestAuditVerify_ReportsTheAlteredEventAndFails(t *testing.T) {
	dataDir, env := auditedSignIns(t)
	out, err := sintra(t, env, "audit", "verify")
	if err != nil || !strings.Contains(out, "audit trail intact: ") {
		t.Fatalf("verify intact trail: %v\n%s", err, out)
	}

	// Alter the admin's sign-in event as the schema owner.
	tamper := exec.Command("psql", ownerURL(dataDir), "-v", "ON_ERROR_STOP=1", "-qAt", "-c",
		"ALTER TABLE audit_events DISABLE TRIGGER USER; "+
			"UPDATE audit_events SET outcome = 'failed' WHERE id = (SELECT id FROM audit_events WHERE action = 'sesion.iniciar' AND username = 'admin') RETURNING id; "+
			"ALTER TABLE audit_events ENABLE TRIGGER USER;")
	b, err := tamper.CombinedOutput()
	altered := strings.TrimSpace(string(b))
	if err != nil || altered == "" {
		t.Fatalf("tamper: %v %s", err, b)
	}
	out, err = sintra(t, env, "audit", "verify")
	if err == nil || !strings.Contains(out, "BROKEN: event "+altered+" ") {
		t.Fatalf("verify after tampering: %v\n%s", err, out)
	}
}

func TestAuditCheckpoint_CatchesATrailCutBackThatTheWalkAccepts(t *testing.T) {
	dataDir, env := auditedSignIns(t)

	dir := t.TempDir()
	key, checkpoint := filepath.Join(dir, "auditoria.key"), filepath.Join(dir, "checkpoint.json")
	if out, err := sintra(t, env, "audit", "signing-key", "--file", key); err != nil || !strings.Contains(out, "auditoria.key.pub") {
		t.Fatalf("signing-key: %v\n%s", err, out)
	}
	cmd := exec.Command(binary, "audit", "checkpoint", "--signing-key", key)
	cmd.Env = env
	signed, err := cmd.Output()
	if err != nil {
		t.Fatalf("checkpoint: %v", err)
	}
	if err := os.WriteFile(checkpoint, signed, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := sintra(t, env, "audit", "verify", "--checkpoint", checkpoint, "--public-key", key+".pub")
	if err != nil || !strings.Contains(out, "the trail holds the ") {
		t.Fatalf("verify against the checkpoint: %v\n%s", err, out)
	}

	// Someone with full control of the database removes the failed sign-in
	// and moves its chain's head back, so every remaining link is valid.
	tamper := exec.Command("psql", ownerURL(dataDir), "-v", "ON_ERROR_STOP=1", "-qAt", "-c",
		"ALTER TABLE audit_events DISABLE TRIGGER USER; "+
			"DELETE FROM audit_events WHERE id = (SELECT max(id) FROM audit_events) RETURNING chain; "+
			"UPDATE audit_chain_heads h SET seq = coalesce(e.seq, 0), hash = coalesce(e.hash, decode(repeat('00', 32), 'hex')) "+
			"FROM audit_chain_heads h2 LEFT JOIN LATERAL (SELECT seq, hash FROM audit_events WHERE chain = h2.chain ORDER BY seq DESC LIMIT 1) e ON true "+
			"WHERE h.chain = h2.chain; "+
			"ALTER TABLE audit_events ENABLE TRIGGER USER;")
	if b, err := tamper.CombinedOutput(); err != nil {
		t.Fatalf("tamper: %v %s", err, b)
	}
	if out, err := sintra(t, env, "audit", "verify"); err != nil || !strings.Contains(out, "audit trail intact") {
		t.Fatalf("the walk alone should not see a clean cut: %v\n%s", err, out)
	}
	out, err = sintra(t, env, "audit", "verify", "--checkpoint", checkpoint, "--public-key", key+".pub")
	if err == nil || !strings.Contains(out, "BROKEN: ") || !strings.Contains(out, "the chain was cut back") {
		t.Fatalf("verify against the checkpoint after the cut: %v\n%s", err, out)
	}
}

func TestKeys_GenerateNeverOverwritesRotateAddsAVersionAndRetireWaitsForTheRewrap(t *testing.T) {
	dataDir := newDataDir(t)
	keyFile := filepath.Join(dataDir, "keys.json")
	env := environ("SINTRA_DATA_DIR="+dataDir, "SINTRA_MASTER_KEY_FILE="+keyFile)
	if out, err := sintra(t, env, "keys", "generate"); err != nil {
		t.Fatalf("generate: %v\n%s", err, out)
	}
	info, err := os.Stat(keyFile)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", info, err)
	}
	if out, err := sintra(t, env, "keys", "generate"); err == nil || !strings.Contains(out, "never overwritten") {
		t.Errorf("second generate: %v\n%s", err, out)
	}
	if out, err := sintra(t, env, "migrate", "up"); err != nil {
		t.Fatalf("migrate: %v\n%s", err, out)
	}
	if out, err := sintra(t, env, "demo", "generate", "--demo", "--victimas", "12", "--actividades", "1", "--anio", "2024"); err != nil {
		t.Fatalf("demo records: %v\n%s", err, out)
	}
	out, err := sintra(t, env, "keys", "rotate")
	if err != nil || !strings.Contains(out, "added master key version 2") || !strings.Contains(out, "wrapped with master key version 2") {
		t.Errorf("rotate: %v\n%s", err, out)
	}

	// A version made current without re-wrapping (as by an interrupted
	// rotate) blocks retirement until rotate finishes.
	if _, err := crypto.AddMasterVersion(keyFile); err != nil {
		t.Fatal(err)
	}
	if out, err := sintra(t, env, "keys", "retire"); err == nil || !strings.Contains(out, "still need an older master key") {
		t.Errorf("retire before re-wrapping: %v\n%s", err, out)
	}
	if out, err := sintra(t, env, "keys", "rotate"); err != nil || !strings.Contains(out, "resuming: ") {
		t.Errorf("resumed rotate: %v\n%s", err, out)
	}
	if out, err := sintra(t, env, "keys", "retire"); err != nil || !strings.Contains(out, "retired master key versions [1 2]; version 3 remains") {
		t.Errorf("retire: %v\n%s", err, out)
	}
	if out, err := sintra(t, env, "keys", "retire"); err != nil || !strings.Contains(out, "nothing to retire") {
		t.Errorf("retire again: %v\n%s", err, out)
	}
}

// The README's example runs on the demo data: its 2024 T2 follows the
// Comisión's bounds.
func TestReport_WritesThePeriodsReportToAFile(t *testing.T) {
	dataDir := newDataDir(t)
	env := environ("SINTRA_DATA_DIR=" + dataDir)
	srv := startServe(t, dataDir)
	defer srv.stop(t, syscall.SIGTERM)
	output := filepath.Join(t.TempDir(), "informe.csv")
	out, err := sintra(t, env, "report", "--demo", "--periodo", "2024 T2", "--formato", "csv", "--salida", output)
	if err != nil || !strings.Contains(out, "wrote "+output) {
		t.Fatalf("report: %v\n%s", err, out)
	}
	body, err := os.ReadFile(output)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(body), `"Resultados: Prevención, Combate y Sanción","Prevención — Capacitación`) ||
		!strings.Contains(string(body), "#,Periodo,2024 T2,15/03/2024,15/06/2024") {
		t.Errorf("the report of the demo's 2024 T2 lacks its summary or its bounds:\n%s", body)
	}
	out, err = sintra(t, env, "report", "--demo", "--periodo", "2031 T9", "--salida", output)
	if err == nil || !strings.Contains(out, "2031 T9") {
		t.Errorf("an unknown period: %v\n%s", err, out)
	}
	// The same demo year as k-anonymous microdata for the CTDC.
	output = filepath.Join(t.TempDir(), "htcds.csv")
	out, err = sintra(t, env, "htcds", "--demo", "--anio", "2024", "--formato", "csv", "--salida", output)
	if err != nil || !strings.Contains(out, "wrote "+output+": the microdata of 2024 released ") || !strings.Contains(out, ", k 10, sha-256 ") {
		t.Fatalf("htcds: %v\n%s", err, out)
	}
	body, err = os.ReadFile(output)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(body), "\n#,k,10\n") || !strings.Contains(string(body), "\nyearOfRegistration,Datasource,gender,ageBroad,") ||
		strings.Contains(string(body), "Persona Demo") {
		t.Errorf("the microdata of the demo's 2024:\n%s", body)
	}
	// A second export writes the same bytes; k is not the caller's to choose.
	again := filepath.Join(t.TempDir(), "htcds-de-nuevo.csv")
	if out, err = sintra(t, env, "htcds", "--demo", "--anio", "2024", "--formato", "csv", "--salida", again); err != nil {
		t.Fatalf("htcds again: %v\n%s", err, out)
	}
	if second, _ := os.ReadFile(again); !bytes.Equal(second, body) {
		t.Errorf("the second export of 2024 differs from the first")
	}
	out, err = sintra(t, env, "htcds", "--demo", "--anio", "2024", "--k", "30", "--salida", output)
	if err == nil || !strings.Contains(out, "unknown flag: --k") {
		t.Errorf("--k: %v\n%s", err, out)
	}
}

// ownerURL reaches the running private cluster's database as the schema
// owner, through the socket its postmaster.pid names.
func ownerURL(dataDir string) string {
	pid, _ := os.ReadFile(filepath.Join(dataDir, "pgdata", "postmaster.pid"))
	lines := strings.Split(string(pid), "\n")
	if len(lines) < 5 {
		return ""
	}
	return "postgres://sintra_owner@/sintra?host=" + lines[4] + "&port=" + lines[3]
}

// pgctl runs pg_ctl on the private cluster as its owner: as root, the
// postgres user, as SINTRA does.
func pgctl(t *testing.T, args ...string) {
	t.Helper()
	bin, err := pgembed.FindBinDir(os.Getenv("PATH"), "/usr/lib/postgresql/*/bin")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(filepath.Join(bin, "pg_ctl"), args...)
	if os.Geteuid() == 0 {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", filepath.Join(bin, "pg_ctl")}, args...)...)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pg_ctl %v: %v\n%s", args, err, out)
	}
}

func TestServe_AnswersUnavailableWhilePostgreSQLIsDownAndRecoversByItself(t *testing.T) {
	dataDir := newDataDir(t)
	srv := startServeWith(t, dataDir, "--require-mfa=false")
	defer srv.stop(t, syscall.SIGTERM)
	token := demoLogin(t, srv.url, "demo.capturista")
	list := func() (int, string) {
		req, _ := http.NewRequest("GET", srv.url+"/api/v1/victimas?limit=1", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var body strings.Builder
		bufio.NewReader(res.Body).WriteTo(&body)
		return res.StatusCode, body.String()
	}
	if status, body := list(); status != 200 {
		t.Fatalf("before: %d %s", status, body)
	}
	pgdata := filepath.Join(dataDir, "pgdata")
	pid, _ := os.ReadFile(filepath.Join(pgdata, "postmaster.pid"))
	socketDir := strings.Split(string(pid), "\n")[4]
	pgctl(t, "stop", "-D", pgdata, "-m", "immediate", "-w")
	for range 3 {
		if status, body := list(); status != 503 || !strings.Contains(body, `"code":"unavailable"`) || strings.Contains(body, "goroutine") {
			t.Errorf("while PostgreSQL is down: %d %s", status, body)
		}
	}
	pgctl(t, "start", "-D", pgdata, "-l", filepath.Join(pgdata, "server.log"), "-w",
		"-o", fmt.Sprintf("-c listen_addresses='' -c unix_socket_directories='%s' -c unix_socket_permissions=0700 -p 5432", socketDir))
	back := time.Now()
	for {
		status, body := list()
		if status == 200 {
			break
		}
		if time.Since(back) > 10*time.Second {
			t.Fatalf("not recovered 10 s after PostgreSQL returned: %d %s", status, body)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// demoLogin signs in as a demo account and returns the access token.
func demoLogin(t *testing.T, url, username string) string {
	t.Helper()
	res, err := http.Post(url+"/api/v1/auth/login", "application/json",
		strings.NewReader(`{"username":"`+username+`","password":"laguna-bacalar-demostracion"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var tokens struct {
		AccessToken string `json:"access_token"`
	}
	json.NewDecoder(res.Body).Decode(&tokens)
	if res.StatusCode != 200 || tokens.AccessToken == "" {
		t.Fatalf("login %s: %d", username, res.StatusCode)
	}
	return tokens.AccessToken
}

func TestServe_KilledDuringRegistrationsLosesNoAnsweredOne(t *testing.T) {
	dataDir := newDataDir(t)
	env := environ("SINTRA_DATA_DIR=" + dataDir)
	srv := startServeWith(t, dataDir, "--require-mfa=false")
	token := demoLogin(t, srv.url, "demo.capturista")
	register := func(n int) (string, bool) {
		body := fmt.Sprintf(`{"municipio":"23005","attributes":{"sex":"mujer"},"personal":{"given_names":"Carga %d"}}`, n)
		req, _ := http.NewRequest("POST", srv.url+"/api/v1/victimas", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return "", false // the server died under this request
		}
		defer res.Body.Close()
		var v struct{ ID string }
		json.NewDecoder(res.Body).Decode(&v)
		return v.ID, res.StatusCode == 201
	}
	answered := make(chan [2]string, 10000)
	stop := make(chan struct{})
	done := make(chan struct{})
	for w := range 8 {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				n := w*100000 + i
				if id, ok := register(n); ok {
					answered <- [2]string{id, fmt.Sprintf("Carga %d", n)}
				}
			}
		}()
	}
	time.Sleep(1500 * time.Millisecond)
	srv.cmd.Process.Kill() // SIGKILL: no clean shutdown
	srv.cmd.Wait()
	close(stop)
	for range 8 {
		<-done
	}
	close(answered)
	if len(answered) == 0 {
		t.Fatal("no registration was answered before the kill")
	}

	again := startServeWith(t, dataDir, "--require-mfa=false")
	token = demoLogin(t, again.url, "demo.capturista")
	checked := 0
	for a := range answered {
		req, _ := http.NewRequest("GET", again.url+"/api/v1/victimas/"+a[0], nil)
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("X-Motivo-Consulta", "seguimiento_caso")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var view struct {
			Victim struct {
				Personal struct {
					GivenNames string `json:"given_names"`
				}
			}
		}
		json.NewDecoder(res.Body).Decode(&view)
		res.Body.Close()
		if res.StatusCode != 200 || view.Victim.Personal.GivenNames != a[1] {
			t.Errorf("answered registration %s: %d, name %q, want %q", a[0], res.StatusCode, view.Victim.Personal.GivenNames, a[1])
		}
		checked++
	}
	again.stop(t, syscall.SIGTERM)
	out, err := sintra(t, env, "audit", "verify")
	if err != nil || !strings.Contains(out, "audit trail intact") {
		t.Errorf("audit trail after the kill: %v\n%s", err, out)
	}
	t.Logf("%d answered registrations present and readable after kill -9", checked)
}

func TestDemoGenerate_AddsRecordsInDemoModeOnly(t *testing.T) {
	dataDir := newDataDir(t)
	env := environ("SINTRA_DATA_DIR=" + dataDir)
	out, err := sintra(t, env, "demo", "generate", "--escala", "demo")
	if err == nil || !strings.Contains(out, "only in demo mode") {
		t.Fatalf("outside demo mode: %v\n%s", err, out)
	}
	out, err = sintra(t, env, "demo", "generate", "--demo", "--victimas", "120", "--actividades", "15", "--anio", "2024")
	if err != nil || !strings.Contains(out, "víctimas: 120 of 120") || !strings.Contains(out, "generated 120 víctimas and 15 activities of 2024") {
		t.Fatalf("generate: %v\n%s", err, out)
	}
	out, err = sintra(t, env, "demo", "generate", "--demo", "--victimas", "30", "--actividades", "4", "--anio", "2023", "--anios", "2")
	if err != nil || !strings.Contains(out, "2022 víctimas: 15 of 15") || !strings.Contains(out, "generated 30 víctimas and 4 activities of 2022–2023") {
		t.Fatalf("generate two years: %v\n%s", err, out)
	}
	if out, err := sintra(t, env, "demo", "generate", "--demo", "--anios", "-1"); err == nil || !strings.Contains(out, "zero or more") {
		t.Fatalf("a negative count: %v\n%s", err, out)
	}
	output := filepath.Join(t.TempDir(), "informe.json")
	if out, err := sintra(t, env, "report", "--demo", "--periodo", "2024", "--formato", "json", "--salida", output); err != nil {
		t.Fatalf("report of the generated year: %v\n%s", err, out)
	}
	body, _ := os.ReadFile(output)
	var r struct {
		Tables []struct {
			ID   string
			Rows []struct {
				Key   string
				Cells []json.RawMessage
			}
		}
	}
	json.Unmarshal(body, &r)
	attended := ""
	for _, tb := range r.Tables {
		for _, row := range tb.Rows {
			if tb.ID == "victimas_sexo" && row.Key == "total" {
				attended = string(row.Cells[len(row.Cells)-1])
			}
		}
	}
	if attended != "120" {
		t.Errorf("the year's report counts %q víctimas attended, want 120", attended)
	}
}

func TestFlags_WorkAfterACommandsArgumentsAndInGoStyle(t *testing.T) {
	dataDir := newDataDir(t)
	out, err := sintra(t, environ(), "migrate", "up", "--data-dir", dataDir, "--log-level=warn")
	if err != nil || !strings.Contains(out, "migration(s)") {
		t.Fatalf("migrate up --data-dir: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(dataDir, "pgdata", "PG_VERSION")); err != nil {
		t.Fatalf("the flag after the argument was not taken: no cluster in %s", dataDir)
	}
	// Go's flag package accepted one dash before a long name; scripts may still.
	out, err = sintra(t, environ(), "migrate", "-data-dir", dataDir, "status", "-log-level=warn")
	if err != nil || !strings.Contains(out, "00001_catalogs.sql") || strings.Contains(out, "pending") {
		t.Fatalf("migrate -data-dir DIR status: %v\n%s", err, out)
	}
}

func TestVersion_PrintsTheVersionSetAtBuildTimeOrTheToolchains(t *testing.T) {
	out, err := sintra(t, environ(), "--version")
	if err != nil || !regexp.MustCompile(`^sintra \S+\n$`).MatchString(out) {
		t.Errorf("sintra --version: %v %q", err, out)
	}
	stamped := filepath.Join(t.TempDir(), "sintra")
	build := exec.Command("go", "build", "-ldflags", "-X main.version=v1.2.3-4-gabcdef0", "-o", stamped, ".")
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, b)
	}
	b, err := exec.Command(stamped, "--version").CombinedOutput()
	if err != nil || string(b) != "sintra v1.2.3-4-gabcdef0\n" {
		t.Errorf("stamped --version: %v %q", err, b)
	}
}

func TestServe_MetricsOnTheirOwnAddressCountByRouteTemplateWithoutIdsOrNames(t *testing.T) {
	dataDir := newDataDir(t)
	srv := startServeWith(t, dataDir, "--require-mfa=false", "--metrics-addr", "127.0.0.1:0")
	defer srv.stop(t, syscall.SIGTERM)
	m := regexp.MustCompile(`Metrics for Prometheus at (http://\S+)`).FindStringSubmatch(srv.banner)
	if m == nil {
		t.Fatalf("the metrics address was not printed:\n%s", srv.banner)
	}
	metricsURL := m[1]

	for range 5 {
		res, err := http.Post(srv.url+"/api/v1/auth/login", "application/json",
			strings.NewReader(`{"username":"demo.analista","password":"equivocada"}`))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}
	token := demoLogin(t, srv.url, "demo.capturista")
	call := func(path string, status int) []byte {
		req, _ := http.NewRequest("GET", srv.url+path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("X-Motivo-Consulta", "seguimiento_caso")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var body strings.Builder
		bufio.NewReader(res.Body).WriteTo(&body)
		if res.StatusCode != status {
			t.Fatalf("GET %s = %d, want %d: %s", path, res.StatusCode, status, body.String())
		}
		return []byte(body.String())
	}
	var list struct{ Items []struct{ ID, Folio string } }
	if err := json.Unmarshal(call("/api/v1/victimas?limit=1", 200), &list); err != nil || len(list.Items) == 0 {
		t.Fatalf("list: %v %+v", err, list)
	}
	victim := list.Items[0]
	call("/api/v1/victimas/"+victim.ID, 200)

	if status, _ := get(t, srv.url+"/metrics"); status != 404 {
		t.Errorf("the public listener answers /metrics with %d, want 404", status)
	}
	if status, _ := get(t, metricsURL[:len(metricsURL)-len("/metrics")]+"/api/v1/catalogos/municipios"); status != 404 {
		t.Errorf("the metrics listener serves the API: %d", status)
	}
	status, body := get(t, metricsURL)
	scrape := string(body)
	if status != 200 {
		t.Fatalf("scrape: %d %s", status, scrape)
	}
	for _, want := range []string{
		`sintra_http_requests_total{method="GET",route="/api/v1/victimas/:id",status="200"} 1`,
		`sintra_http_requests_total{method="POST",route="/api/v1/auth/login",status="401"} 5`,
		`sintra_http_request_duration_seconds_count{method="GET",route="/api/v1/victimas/:id"} 1`,
		`sintra_audit_events_appended_total{action="victima.consultar"} 1`,
		`sintra_signin_failures_total{reason="bad_password"} 5`,
		`sintra_signin_locks_total{locked="account"} 1`,
		`sintra_db_pool_max_connections `,
		`sintra_db_pool_acquires_total `,
	} {
		if !strings.Contains(scrape, want) {
			t.Errorf("the scrape lacks %s", want)
		}
	}
	uuid := regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
	for _, secret := range []string{victim.ID, victim.Folio, "demo.analista", "demo.capturista", "Persona Demo", "127.0.0.1"} {
		if strings.Contains(scrape, secret) {
			t.Errorf("the scrape holds %q", secret)
		}
	}
	if id := uuid.FindString(scrape); id != "" {
		t.Errorf("the scrape holds an id: %s", id)
	}
}
