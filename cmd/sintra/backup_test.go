package main_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"sintra/internal/pgembed"
)

func TestBackupAndRestore_ToAnInstantKeepWhatCameBeforeAndEraseAgainWhomTheLedgerNames(t *testing.T) {
	dataDir := newDataDir(t)
	archive, backup := filepath.Join(dataDir, "wal"), filepath.Join(dataDir, "backup")
	env := environ("SINTRA_DATA_DIR="+dataDir, "SINTRA_WAL_ARCHIVE="+archive)
	srv := startServeWith(t, dataDir, "--require-mfa=false", "--wal-archive", archive)
	token := demoLogin(t, srv.url, "demo.capturista")
	register := func(name string) string {
		t.Helper()
		status, _, b := api(t, "POST", srv.url+"/api/v1/victimas", token,
			`{"municipio":"23005","attributes":{"sex":"mujer"},"personal":{"given_names":"`+name+`"}}`)
		var v struct{ ID string }
		if json.Unmarshal(b, &v); status != 201 {
			t.Fatalf("register %s: %d %s", name, status, b)
		}
		return v.ID
	}
	before := register("Antes Ficticia")
	if out, err := sintra(t, env, "backup", "--salida", backup); err != nil || !strings.Contains(out, "wrote a backup") {
		t.Fatalf("backup: %v\n%s", err, out)
	}
	kept := register("Durante Ficticia")
	time.Sleep(500 * time.Millisecond)
	target := time.Now()
	time.Sleep(500 * time.Millisecond)
	after := register("Despues Ficticia")
	if status, _, b := api(t, "POST", srv.url+"/api/v1/victimas/"+before+"/supresion", token, `{"reason_code":"solicitud_arco"}`); status != 204 {
		t.Fatalf("erase: %d %s", status, b)
	}
	// Close the write-ahead log's current segment, so that the archive
	// holds what came after the target; a quiet server does it within a
	// minute by itself.
	pid, _ := os.ReadFile(filepath.Join(dataDir, "pgdata", "postmaster.pid"))
	if out, err := exec.Command("psql", "-h", strings.Split(string(pid), "\n")[4], "-U", pgembed.Superuser, "-d", "postgres",
		"-qAtc", "SELECT pg_switch_wal()").CombinedOutput(); err != nil {
		t.Fatalf("switch wal: %v %s", err, out)
	}
	srv.stop(t, syscall.SIGTERM)

	if out, err := sintra(t, env, "restore", "--desde", backup, "--hasta", target.Format(time.RFC3339Nano)); err != nil ||
		!strings.Contains(out, "restored "+backup) || !strings.Contains(out, "before-restore-") {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	restored := startServeWith(t, dataDir, "--require-mfa=false", "--wal-archive", archive)
	defer restored.stop(t, syscall.SIGTERM)
	for _, said := range []string{"point-in-time recovery finished", "erased again"} {
		if !strings.Contains(restored.stderr.String(), said) {
			t.Errorf("the restored start does not say %q:\n%s", said, restored.stderr)
		}
	}
	token = demoLogin(t, restored.url, "demo.capturista")
	read := func(id string) (int, bool, string) {
		status, _, b := apiWithReason(t, restored.url+"/api/v1/victimas/"+id, token)
		var view struct {
			Victim struct {
				Erased   bool
				Personal struct {
					GivenNames string `json:"given_names"`
				}
			}
		}
		json.Unmarshal(b, &view)
		return status, view.Victim.Erased, view.Victim.Personal.GivenNames
	}
	if status, erased, name := read(kept); status != 200 || erased || name != "Durante Ficticia" {
		t.Errorf("registered before the target: %d erased=%v %q", status, erased, name)
	}
	if status, _, _ := read(after); status != 404 {
		t.Errorf("registered after the target: %d, want 404", status)
	}
	if status, erased, name := read(before); status != 200 || !erased || name != "" {
		t.Errorf("erased after the target: %d erased=%v %q; the ledger must erase her again", status, erased, name)
	}
	if out, err := sintra(t, env, "audit", "verify"); err != nil || !strings.Contains(out, "audit trail intact") {
		t.Errorf("audit trail after the restore: %v\n%s", err, out)
	}
}
