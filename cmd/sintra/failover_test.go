package main_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"sintra/internal/pgembed"
)

func TestFailover_APrimaryKilledUnderLoadLosesNoAcknowledgedRegistration(t *testing.T) {
	dataDir := newDataDir(t)
	startServeWith(t, dataDir, "--require-mfa=false") // runs the primary; killed with the test
	pgdata := filepath.Join(dataDir, "pgdata")
	pidFile, _ := os.ReadFile(filepath.Join(pgdata, "postmaster.pid"))
	primarySocket := strings.Split(string(pidFile), "\n")[4]
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
	// register posts a víctima and returns the status and her id; a
	// connection refused while the database fails over is status 0.
	register := func(name string) (int, string) {
		req, _ := http.NewRequest("POST", srv.url+"/api/v1/victimas", strings.NewReader(
			`{"municipio":"23005","attributes":{"sex":"mujer"},"personal":{"given_names":"`+name+`"}}`))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, ""
		}
		defer res.Body.Close()
		var v struct{ ID string }
		json.NewDecoder(res.Body).Decode(&v)
		return res.StatusCode, v.ID
	}
	// Four clients register without pause; the primary is killed (kill -9)
	// under that load and the standby promoted, as the README says.
	var (
		mu    sync.Mutex
		acked []string
		wg    sync.WaitGroup
	)
	stop := make(chan struct{})
	for w := range 4 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if status, id := register(fmt.Sprintf("Carga %d %d Ficticia", w, i)); status == 201 {
					mu.Lock()
					acked = append(acked, id)
					mu.Unlock()
				}
			}
		})
	}
	time.Sleep(2 * time.Second)
	pid, err := strconv.Atoi(strings.Split(string(pidFile), "\n")[0])
	if err != nil {
		t.Fatal(err)
	}
	killed := time.Now()
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	asPostgres(t, "pg_ctl", "promote", "-D", standby, "-w")
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		if status, _ := register("Promovida Ficticia"); status == 201 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no write succeeded on the promoted standby")
		}
	}
	recovered := time.Since(killed)
	close(stop)
	wg.Wait()
	t.Logf("serving again %v after the primary was killed; %d registrations acknowledged", recovered.Round(time.Millisecond), len(acked))
	if len(acked) < 4 {
		t.Fatalf("only %d registrations before the failover: no load to lose", len(acked))
	}
	for _, id := range acked {
		if status, _, b := apiWithReason(t, srv.url+"/api/v1/victimas/"+id, token); status != 200 {
			t.Errorf("acknowledged registration %s after the failover: %d %s", id, status, b)
		}
	}
	if status, _ := get(t, srv.url+"/readyz"); status != 200 {
		t.Errorf("readyz after the failover: %d", status)
	}
	if out, err := sintra(t, environ("SINTRA_DATA_DIR="+dataDir), "audit", "verify", "--demo", "--database-url", url); err != nil ||
		!strings.Contains(out, "audit trail intact") {
		t.Errorf("audit trail after the failover: %v\n%s", err, out)
	}
}
