package metrics_test

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"sintra/internal/metrics"
	"sintra/internal/store"
)

func scrape(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	return string(body)
}

func TestObserveRequest_LabelsOnlyRouteTemplatesAndKnownMethods(t *testing.T) {
	t.Parallel()
	m := metrics.New()
	m.ObserveRequest("GET", "/api/v1/victimas/:id", 200, 3*time.Millisecond)
	m.ObserveRequest("BREW", "", 404, time.Millisecond)
	m.WatchPool(func() store.PoolStats {
		return store.PoolStats{Acquired: 2, Max: 8, AcquireWait: 1500 * time.Millisecond}
	})
	got := scrape(t, m)
	for _, want := range []string{
		`sintra_http_requests_total{method="GET",route="/api/v1/victimas/:id",status="200"} 1`,
		`sintra_http_requests_total{method="other",route="unmatched",status="404"} 1`,
		`sintra_http_request_duration_seconds_bucket{method="GET",route="/api/v1/victimas/:id",le="0.005"} 1`,
		"sintra_db_pool_acquired_connections 2",
		"sintra_db_pool_max_connections 8",
		"sintra_db_pool_acquire_wait_seconds_total 1.5",
		"go_goroutines ",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("scrape lacks %s", want)
		}
	}
	if strings.Contains(got, "BREW") {
		t.Error("a method a client invented became a label")
	}
}
