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

	// A synchronous standby: the primary acknowledges a commit only once
	// the standby has applied it, so no acknowledged write is lost.
	psql := func(socket, port, sql string) string {
		out, err := exec.Command("psql", "-h", socket, "-p", port, "-U", pgembed.Superuser, "-d", "sintra", "-qAtc", sql).CombinedOutput()
		if err != nil {
			t.Fatalf("psql %s: %v: %s", sql, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	psql(primarySocket, "5432", "ALTER SYSTEM SET synchronous_standby_names = '*'")
	psql(primarySocket, "5432", "ALTER SYSTEM SET synchronous_commit = 'remote_apply'")
	psql(primarySocket, "5432", "SELECT pg_reload_conf()")
	for deadline := time.Now().Add(30 * time.Second); psql(primarySocket, "5432", "SELECT string_agg(sync_state, ',') FROM pg_stat_replication") != "sync"; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the standby never became synchronous")
		}
	}
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
	// Acknowledged, so already applied on the standby: no waiting.
	if got := psql(standbySocket, "5433", "SELECT count(*) FROM victims WHERE id = '"+first+"'"); got != "1" {
		t.Fatalf("the standby does not hold the registration the primary acknowledged: %s", got)
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
