package main_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestServe_ReappliesTheErasureLedgerAfterARestoreFromBeforeTheErasure(t *testing.T) {
	dataDir := newDataDir(t)
	pgdata, backup := filepath.Join(dataDir, "pgdata"), filepath.Join(dataDir, "pgdata.backup")

	first := startServeWith(t, dataDir, "--require-mfa=false")
	token := demoLogin(t, first.url, "demo.capturista")
	status, _, b := api(t, "POST", first.url+"/api/v1/victimas", token,
		`{"municipio":"23005","attributes":{"sex":"mujer"},"personal":{"given_names":"Borrada Ficticia"}}`)
	var victim struct{ ID string }
	if json.Unmarshal(b, &victim); status != 201 {
		t.Fatalf("register: %d %s", status, b)
	}
	first.stop(t, syscall.SIGTERM)
	// A cold backup: the stopped cluster's directory, as it was.
	if out, err := exec.Command("cp", "-a", pgdata, backup).CombinedOutput(); err != nil {
		t.Fatalf("backup: %v %s", err, out)
	}

	second := startServeWith(t, dataDir, "--require-mfa=false")
	token = demoLogin(t, second.url, "demo.capturista")
	if status, _, b := api(t, "POST", second.url+"/api/v1/victimas/"+victim.ID+"/supresion", token, `{"reason_code":"solicitud_arco"}`); status != 204 {
		t.Fatalf("erase: %d %s", status, b)
	}
	second.stop(t, syscall.SIGTERM)
	ledger, err := os.ReadFile(filepath.Join(dataDir, "erasures.ledger"))
	if err != nil || !strings.Contains(string(ledger), victim.ID) || strings.Contains(string(ledger), "Borrada") {
		t.Fatalf("the ledger %q (%v) does not name the víctima erased by id alone", ledger, err)
	}

	// The database is restored from the backup taken before the erasure.
	if err := os.RemoveAll(pgdata); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(backup, pgdata); err != nil {
		t.Fatal(err)
	}
	third := startServeWith(t, dataDir, "--require-mfa=false")
	defer third.stop(t, syscall.SIGTERM)
	if !strings.Contains(third.stderr.String(), "erased again") {
		t.Errorf("the start does not say it erased again:\n%s", third.stderr)
	}
	token = demoLogin(t, third.url, "demo.capturista")
	req := `/api/v1/victimas/` + victim.ID
	status, _, b = apiWithReason(t, third.url+req, token)
	var view struct {
		Victim struct {
			Erased   bool
			Personal struct {
				GivenNames string `json:"given_names"`
			}
		}
	}
	if json.Unmarshal(b, &view); status != 200 || !view.Victim.Erased || view.Victim.Personal.GivenNames != "" {
		t.Errorf("after the restore the víctima reads %d %s; want her erased", status, b)
	}
}
