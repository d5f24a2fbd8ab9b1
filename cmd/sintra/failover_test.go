package main_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sintra/internal/pgembed"
)

func TestServe_OnAMultiHostURLWritesToTheStandbyPromotedWhenThePrimaryDies(t *testing.T) {
	dataDir := newDataDir(t)
	startServeWith(t, dataDir, "--require-mfa=false") // runs the primary; killed with the test
	pgdata := filepath.Join(dataDir, "pgdata")
	pid, _ := os.ReadFile(filepath.Join(pgdata, "postmaster.pid"))
	primarySocket := strings.Split(string(pid), "\n")[4]
	standbySocket, standby := startStandby(t, dataDir)
	url := "postgres://sintra_app@/sintra?host=" + primarySocket + "," + standbySocket +
		"&port=5432,5433&target_session_attrs=read-write&sslmode=disable"
	srv := startServeWith(t, dataDir, "--require-mfa=false", "--migrate=false", "--database-url", url)

	token := demoLogin(t, srv.url, "demo.capturista")
	register := func(name string) (int, string) {
		status, _, b := api(t, "POST", srv.url+"/api/v1/victimas", token,
			`{"municipio":"23005","attributes":{"sex":"mujer"},"personal":{"given_names":"`+name+`"}}`)
		var v struct{ ID string }
		json.Unmarshal(b, &v)
		return status, v.ID
	}
	status, first := register("Primaria Ficticia")
	if status != 201 {
		t.Fatalf("register on the primary: %d", status)
	}
	// Asynchronous replication: wait until the standby holds it.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		out, _ := exec.Command("psql", "-h", standbySocket, "-p", "5433", "-U", pgembed.Superuser, "-d", "sintra",
			"-qAtc", "SELECT count(*) FROM victims WHERE id = '"+first+"'").CombinedOutput()
		if strings.TrimSpace(string(out)) == "1" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the standby never received the registration: %s", out)
		}
	}

	asPostgres(t, "pg_ctl", "stop", "-D", pgdata, "-m", "immediate", "-w") // the primary dies
	asPostgres(t, "pg_ctl", "promote", "-D", standby, "-w")                // the documented promotion

	var second string
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		if status, second = register("Promovida Ficticia"); status == 201 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no write succeeded on the promoted standby: last status %d", status)
		}
	}
	for _, id := range []string{first, second} {
		if status, _, b := apiWithReason(t, srv.url+"/api/v1/victimas/"+id, token); status != 200 {
			t.Errorf("read %s after the failover: %d %s", id, status, b)
		}
	}
	if status, _ := get(t, srv.url+"/readyz"); status != 200 {
		t.Errorf("readyz after the failover: %d", status)
	}
}
