package httpapi_test

import (
	"context"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"sintra/api"
	"sintra/internal/clock"
	"sintra/internal/httpapi"
	"sintra/internal/testapp"
)

func TestExpensiveOperations_AreLimitedPerUserWithRetryAfter(t *testing.T) {
	t.Parallel()
	var elapsed atomic.Int64
	start := time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC)
	clk := clock.Func(func() time.Time { return start.Add(time.Duration(elapsed.Load())) })
	e := newEnvServing(t, func(d *httpapi.Deps) { d.ExpensivePerMinute = 3 }, testapp.WithClock(clk))
	e.addUser(t, "auditora", "SEGOB", role("auditor", "*"))
	e.addUser(t, "auditor2", "SEGOB", role("auditor", "*"))
	a := e.login(t, "auditora", testPassword).AccessToken
	b := e.login(t, "auditor2", testPassword).AccessToken

	for i := range 3 {
		if res := e.do(t, "GET", "/api/v1/auditoria", a, nil); res.status != 200 {
			t.Fatalf("search %d: %d %s", i+1, res.status, res.body)
		}
	}
	res := e.do(t, "GET", "/api/v1/auditoria", a, nil)
	if res.status != 429 || res.header.Get("Retry-After") != "20" || !strings.Contains(string(res.body), `"code":"too_many_requests"`) ||
		!strings.Contains(string(res.body), "Demasiadas solicitudes de informes, estadísticas o búsquedas; espere 20 segundo(s)") {
		t.Fatalf("fourth search within the minute: %d (Retry-After %q) %s", res.status, res.header.Get("Retry-After"), res.body)
	}
	// The export shares the budget; what is not expensive does not.
	if res := e.do(t, "GET", "/api/v1/auditoria/exportacion", a, nil); res.status != 429 {
		t.Errorf("export after the budget was spent: %d", res.status)
	}
	if res := e.do(t, "GET", "/api/v1/auditoria/hallazgos", a, nil); res.status != 200 {
		t.Errorf("findings after the budget was spent: %d", res.status)
	}
	// Each user has a budget of their own.
	if res := e.do(t, "GET", "/api/v1/auditoria", b, nil); res.status != 200 {
		t.Errorf("another auditor: %d", res.status)
	}
	// A third of a minute later, one more.
	elapsed.Store(int64(20 * time.Second))
	if res := e.do(t, "GET", "/api/v1/auditoria", a, nil); res.status != 200 {
		t.Errorf("20 s later: %d %s", res.status, res.body)
	}
	if res := e.do(t, "GET", "/api/v1/auditoria", a, nil); res.status != 429 {
		t.Errorf("20 s later, a second one: %d", res.status)
	}
}

// The operations that make the database work hard are marked in the
// contract, which is what limits them: a report or search route added
// without the mark fails here.
func TestContract_ExpensiveOperationsAreMarked(t *testing.T) {
	t.Parallel()
	doc, err := openapi3.NewLoader().LoadFromData(api.Spec)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := []string{"createAdjunto", "createCarpetaAdjunto", "createCasoAdjunto", "createSesionAdjunto", "exportAudit", "exportFeed", "findCarpeta", "getAnnualReport", "getHTCDSExport", "getIssuedReportChanges", "getQuarterlyReport",
		"getStatistic", "importActividades", "importVictimas", "issueReport", "searchAudit", "searchVictims"}
	var marked []string
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			expensive, _ := op.Extensions["x-expensive"].(bool)
			if expensive {
				marked = append(marked, op.OperationID)
				if perm, _ := op.Extensions["x-permission"].(string); !strings.Contains(perm, ":") {
					t.Errorf("%s %s is expensive but open to %q: the limit is per user", method, path, perm)
				}
				if _, ok := op.Responses.Map()["429"]; !ok {
					t.Errorf("%s %s is expensive but does not list its 429", method, path)
				}
			}
			searchOrReport := strings.HasSuffix(path, "/busqueda") || strings.HasSuffix(path, "/exportacion") || strings.HasPrefix(path, "/api/v1/exportaciones/") ||
				strings.HasSuffix(path, "/importacion") || path == "/api/v1/estadisticas" ||
				strings.HasPrefix(path, "/api/v1/reportes/trimestral") || strings.HasPrefix(path, "/api/v1/reportes/anual")
			if searchOrReport && !expensive {
				t.Errorf("%s %s searches, exports, imports or computes a report but is not marked x-expensive", method, path)
			}
		}
	}
	slices.Sort(marked)
	if !slices.Equal(marked, want) {
		t.Errorf("expensive operations %v, want %v", marked, want)
	}
}
