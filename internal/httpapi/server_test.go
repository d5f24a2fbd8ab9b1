package httpapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"sintra/internal/app"
	"sintra/internal/catalog"
	"sintra/internal/httpapi"
	"sintra/internal/testapp"
)

type scenario struct {
	name           string
	method, path   string
	body           string
	expectedStatus int
	expectedType   string
	expectedBody   []string
}

func TestServer_Scenarios(t *testing.T) {
	t.Parallel()
	srv := newEnv(t).srv
	scenarios := []scenario{
		{name: "health", method: "GET", path: "/healthz", expectedStatus: 200, expectedBody: []string{`"status":"ok"`}},
		{name: "ready", method: "GET", path: "/readyz", expectedStatus: 200, expectedBody: []string{`"status":"ok"`}},
		{name: "municipios", method: "GET", path: "/api/v1/catalogos/municipios", expectedStatus: 200,
			expectedBody: []string{`{"code":"23005","entidad":"23","name":"Benito Juárez"}`, `{"code":"23011","entidad":"23","name":"Puerto Morelos"}`}},
		{name: "entidades, for places of origin and destination", method: "GET", path: "/api/v1/catalogos/entidades", expectedStatus: 200,
			expectedBody: []string{`{"code":"23","name":"Quintana Roo"}`}},
		{name: "unknown catalog", method: "GET", path: "/api/v1/catalogos/recetas", expectedStatus: 404,
			expectedType: "application/problem+json", expectedBody: []string{`"code":"not_found"`, `"title":"El catálogo solicitado no existe."`}},
		{name: "catalog name off the contract", method: "GET", path: "/api/v1/catalogos/DROP%20TABLE", expectedStatus: 400,
			expectedType: "application/problem+json", expectedBody: []string{`"code":"invalid"`, `"field":"nombre"`, `"message":"El valor no tiene el formato esperado."`}},
		{name: "wrong method", method: "DELETE", path: "/api/v1/catalogos/municipios", expectedStatus: 405,
			expectedType: "application/problem+json", expectedBody: []string{`"code":"method_not_allowed"`}},
		{name: "unknown path", method: "GET", path: "/api/v1/nada", expectedStatus: 404,
			expectedType: "application/problem+json", expectedBody: []string{`"title":"El recurso solicitado no existe."`}},
		{name: "oversized body", method: "POST", path: "/api/v1/catalogos/municipios", body: strings.Repeat("x", 10000),
			expectedStatus: 413, expectedType: "application/problem+json", expectedBody: []string{`"code":"payload_too_large"`}},
		{name: "contract", method: "GET", path: "/api/openapi.yaml", expectedStatus: 200, expectedBody: []string{"openapi: 3.0.3"}},
		{name: "docs page", method: "GET", path: "/api/docs/", expectedStatus: 200,
			expectedBody: []string{`<div id="swagger-ui">`, `src="/api/docs/assets/swagger-ui-bundle.js"`}},
		{name: "docs script", method: "GET", path: "/api/docs/docs.js", expectedStatus: 200, expectedBody: []string{"SwaggerUIBundle"}},
		{name: "home page in Spanish", method: "GET", path: "/", expectedStatus: 200, expectedBody: []string{`lang="es-MX"`, "SINTRA Quintana Roo"}},
		{name: "stylesheet", method: "GET", path: "/static/sintra.css", expectedStatus: 200},
		{name: "docs bundle embedded", method: "GET", path: "/api/docs/assets/swagger-ui-bundle.js", expectedStatus: 200},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			req, _ := http.NewRequest(sc.method, srv.URL+sc.path, strings.NewReader(sc.body))
			if sc.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != sc.expectedStatus {
				t.Fatalf("status %d, want %d; body %s", res.StatusCode, sc.expectedStatus, body)
			}
			if sc.expectedType != "" && res.Header.Get("Content-Type") != sc.expectedType {
				t.Errorf("Content-Type %q, want %q", res.Header.Get("Content-Type"), sc.expectedType)
			}
			for _, want := range sc.expectedBody {
				if !strings.Contains(string(body), want) {
					t.Errorf("body lacks %s:\n%s", want, body)
				}
			}
		})
	}
}

func TestCatalogs_EveryCatalogHasEntries(t *testing.T) {
	t.Parallel()
	srv := newEnv(t).srv
	minimum := map[string]int{"municipios": 11, "instituciones": 38, "nacionalidades": 249, "modalidades": 9,
		"tipos-servicio": 10, "distritos-judiciales": 3}
	for _, name := range catalog.Names {
		res, err := http.Get(srv.URL + "/api/v1/catalogos/" + name)
		if err != nil {
			t.Fatal(err)
		}
		var got struct {
			Name    string
			Entries []struct{ Code, Name string }
		}
		err = json.NewDecoder(res.Body).Decode(&got)
		res.Body.Close()
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("%s: status %d, %v", name, res.StatusCode, err)
		}
		if len(got.Entries) == 0 || len(got.Entries) < minimum[name] {
			t.Errorf("%s has %d entries, want at least max(1, %d)", name, len(got.Entries), minimum[name])
		}
		if name == "nacionalidades" && got.Entries[0].Name != "México" {
			t.Errorf("nacionalidades start with %q, want México", got.Entries[0].Name)
		}
	}
}

func TestResponses_CarrySecurityHeadersAndARequestID(t *testing.T) {
	t.Parallel()
	srv := newEnv(t).srv
	res, err := http.Get(srv.URL + "/api/v1/catalogos/modalidades")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	csp := res.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self';") || !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("CSP allows more than our own scripts: %q", csp)
	}
	for header, want := range map[string]string{
		"X-Content-Type-Options": "nosniff",
		"X-Frame-Options":        "DENY",
		"Referrer-Policy":        "no-referrer",
		"Cache-Control":          "no-store",
	} {
		if got := res.Header.Get(header); got != want {
			t.Errorf("%s = %q, want %q", header, got, want)
		}
	}
	if res.Header.Get("X-Request-Id") == "" {
		t.Error("no X-Request-Id")
	}
}

func TestReadyz_AnswersUnavailableWhenTheDatabaseIsNotReady(t *testing.T) {
	t.Parallel()
	handler, err := httpapi.New(httpapi.Deps{
		Log:          slog.New(slog.NewTextHandler(io.Discard, nil)),
		App:          &app.App{},
		Ready:        func(context.Context) error { return errors.New("schema at version 1, binary needs 2") },
		MaxBodyBytes: 4096,
	})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	testapp.ContractChecked(t, handler).ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
	if rec.Code != 503 || !strings.Contains(rec.Body.String(), `"code":"unavailable"`) {
		t.Fatalf("status %d body %s", rec.Code, rec.Body)
	}
	if strings.Contains(rec.Body.String(), "version") {
		t.Errorf("internal detail leaked to the client: %s", rec.Body)
	}
}

func TestWebApplication_AllowsNoInlineScriptOrStyle(t *testing.T) {
	t.Parallel()
	srv := newEnv(t).srv
	for _, path := range []string{"/", "/static/app/main.js"} {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		csp := res.Header.Get("Content-Security-Policy")
		if res.StatusCode != 200 || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "style-src 'self';") {
			t.Errorf("%s: %d, CSP %q", path, res.StatusCode, csp)
		}
	}
	res, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if got := res.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("the application's page may be cached: %q", got)
	}
}
