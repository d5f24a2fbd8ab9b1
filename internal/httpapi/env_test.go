package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/labstack/echo/v4"

	"sintra/internal/app"
	"sintra/internal/canalizaciones"
	"sintra/internal/carpetas"
	"sintra/internal/casos"
	"sintra/internal/domain"
	"sintra/internal/grupotrabajo"
	"sintra/internal/httpapi"
	"sintra/internal/migrate"
	"sintra/internal/reports"
	"sintra/internal/store"
	"sintra/internal/testapp"
	"sintra/internal/testdb"
	"sintra/internal/users"
	"sintra/internal/victims"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// testPassword satisfies the password policy.
const testPassword = "granizo-violeta-tetera-41"

type env struct {
	*testapp.Env
	keyFile        string
	pool           *pgxpool.Pool
	srv            *httptest.Server
	echo           *echo.Echo
	store          *store.Store
	users          *users.Service
	victims        *victims.Service
	casos          *casos.Service
	canalizaciones *canalizaciones.Service
	carpetas       *carpetas.Service
	grupo          *grupotrabajo.Service
	reports        *reports.Service
	log            *bytes.Buffer
}

type envOption = testapp.Option

func requireMFA(c *app.Config) { c.Auth.RequireMFA = true }

// lenientAddresses lets many failed logins come from one address, for
// tests that fail on purpose more often than a person would.
func lenientAddresses(c *app.Config) { c.Auth.Throttle.AddressFailures = 10000 }

// longTokens lets an access token last for a test that signs in once and
// runs, on a busy machine, longer than a token's 15 minutes.
func longTokens(c *app.Config) { c.Auth.AccessTTL = 3 * time.Hour }

// newEnv returns the server over a fresh database, as the application role,
// wired as `sintra serve` wires it. The second factor is off unless asked for.
func newEnv(t *testing.T, opts ...envOption) *env {
	t.Helper()
	return newEnvServing(t, nil, opts...)
}

// newEnvServing is newEnv with the server's own settings adjusted by serving.
func newEnvServing(t *testing.T, serving func(*httpapi.Deps), opts ...envOption) *env {
	t.Helper()
	logs := &bytes.Buffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	opts = append([]envOption{func(c *app.Config) { c.Log = log; c.FeedRecipient = nationalRecipient }}, opts...)
	te := testapp.New(t, opts...)
	schema, err := migrate.Open(te.Pool)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { schema.Close() })
	deps := httpapi.Deps{Log: log, App: te.App, Ready: schema.CheckCurrent, MaxBodyBytes: 4096}
	if serving != nil {
		serving(&deps)
	}
	e, err := httpapi.New(deps)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(testapp.ContractChecked(t, e))
	t.Cleanup(srv.Close)
	return &env{Env: te, keyFile: te.KeyFile, pool: te.Pool, srv: srv, echo: e, store: te.Store, users: te.Users, victims: te.Victims,
		casos: te.Casos, canalizaciones: te.Canalizaciones, carpetas: te.Carpetas, grupo: te.Grupo, reports: te.Reports, log: logs}
}

// addUser creates an account with testPassword and the given roles.
func (e *env) addUser(t *testing.T, username, institution string, roles ...domain.Assignment) users.Account {
	t.Helper()
	acc, err := e.users.CreateWithPassword(context.Background(),
		users.NewAccount{Username: username, DisplayName: "Persona " + username, Institution: institution, Roles: roles}, testPassword)
	if err != nil {
		t.Fatalf("add user %s: %v", username, err)
	}
	return acc
}

func role(r, where string) domain.Assignment { return domain.Assignment{Role: r, Domain: where} }

type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// do sends a request with an optional bearer token and JSON body.
func (e *env) do(t *testing.T, method, path, token string, body any) response {
	t.Helper()
	return e.doWith(t, method, path, token, body, nil)
}

// doWith is do with extra headers.
func (e *env) doWith(t *testing.T, method, path, token string, body any, headers map[string]string) response {
	t.Helper()
	var reader io.Reader
	contentType := "application/json"
	switch b := body.(type) {
	case nil:
	case []byte:
		reader, contentType = bytes.NewReader(b), "application/octet-stream"
	default:
		encoded, _ := json.Marshal(b)
		reader = bytes.NewReader(encoded)
	}
	req, _ := http.NewRequest(method, e.srv.URL+path, reader)
	if body != nil {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	// No answer ever carries a zero date or instant: every date shown is
	// one that was recorded.
	if bytes.Contains(b, []byte("0001-01-01")) {
		t.Errorf("%s %s answered a zero date: %s", method, path, b)
	}
	return response{status: res.StatusCode, header: res.Header, body: b}
}

type tokens struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	ExpiresIn    int    `json:"expires_in"`
	Restriction  string `json:"restriction"`
}

// login signs in and fails the test unless it succeeds.
func (e *env) login(t *testing.T, username, password string, extra ...map[string]string) tokens {
	t.Helper()
	body := map[string]string{"username": username, "password": password}
	for _, m := range extra {
		for k, v := range m {
			body[k] = v
		}
	}
	res := e.do(t, "POST", "/api/v1/auth/login", "", body)
	if res.status != 200 {
		t.Fatalf("login %s: %d %s", username, res.status, res.body)
	}
	var tk tokens
	res.json(t, &tk)
	return tk
}

// trailEvent is one event of the audit trail.
type trailEvent struct {
	Username, RecordID, Municipio, Outcome, Detail string
}

// trail returns the events of an action, oldest first.
func (e *env) trail(t *testing.T, action string) []trailEvent {
	t.Helper()
	rows, err := e.pool.Query(context.Background(),
		"SELECT username, record_id, municipio, outcome, detail FROM audit_events WHERE action = $1 ORDER BY id", action)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []trailEvent
	for rows.Next() {
		var ev trailEvent
		if err := rows.Scan(&ev.Username, &ev.RecordID, &ev.Municipio, &ev.Outcome, &ev.Detail); err != nil {
			t.Fatal(err)
		}
		out = append(out, ev)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
