// Package metrics counts what an operator watches, in Prometheus's format:
// HTTP requests by route template, method and status with their latency,
// the database connection pool, audit events appended by action, failed
// sign-ins by reason and locks by what was locked. No label ever holds an
// id, a name, a path as typed or anything else a user wrote: routes are
// the templates the server registered (/api/v1/victimas/:id).
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"sintra/internal/store"
)

// Metrics holds the collectors of one server, in a registry of its own.
type Metrics struct {
	registry       *prometheus.Registry
	requests       *prometheus.CounterVec
	latency        *prometheus.HistogramVec
	audit          *prometheus.CounterVec
	signInFailures *prometheus.CounterVec
	signInLocks    *prometheus.CounterVec
}

// latencyBuckets reach a minute: a national report may take that long.
var latencyBuckets = []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60}

// New returns the collectors, with the Go runtime's and the process's.
func New() *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sintra_http_requests_total",
			Help: "HTTP requests answered, by route template, method and status.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "sintra_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route template and method.",
			Buckets: latencyBuckets,
		}, []string{"route", "method"}),
		audit: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sintra_audit_events_appended_total",
			Help: "Audit events appended to the trail and committed, by action.",
		}, []string{"action"}),
		signInFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sintra_signin_failures_total",
			Help: "Failed sign-ins and password checks, by reason (bad_password, unknown_user, disabled_account, bad_second_factor, wrong_current_password).",
		}, []string{"reason"}),
		signInLocks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sintra_signin_locks_total",
			Help: "Sign-in locks imposed after repeated failures, on an account or a client address.",
		}, []string{"locked"}),
	}
	m.registry.MustRegister(m.requests, m.latency, m.audit, m.signInFailures, m.signInLocks,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

// knownMethods are the methods counted by name; any other is "other", so
// a client cannot invent label values.
var knownMethods = map[string]bool{
	http.MethodGet: true, http.MethodHead: true, http.MethodPost: true, http.MethodPut: true,
	http.MethodPatch: true, http.MethodDelete: true, http.MethodOptions: true,
}

// ObserveRequest counts an answered request under its route template: the
// one the router matched, never the path as sent. A request no route
// matched counts as "unmatched".
func (m *Metrics) ObserveRequest(method, route string, status int, elapsed time.Duration) {
	if route == "" {
		route = "unmatched"
	}
	if !knownMethods[method] {
		method = "other"
	}
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route, method).Observe(elapsed.Seconds())
}

// AuditAppended counts an audit event appended and committed.
func (m *Metrics) AuditAppended(action string) { m.audit.WithLabelValues(action).Inc() }

// SignInFailed counts a failed sign-in or password check.
func (m *Metrics) SignInFailed(reason string) { m.signInFailures.WithLabelValues(reason).Inc() }

// SignInLocked counts a lock on an account or a client address.
func (m *Metrics) SignInLocked(what string) { m.signInLocks.WithLabelValues(what).Inc() }

// WatchPool reports the connection pool's figures at every scrape.
func (m *Metrics) WatchPool(stats func() store.PoolStats) {
	gauge := func(name, help string, value func(store.PoolStats) float64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help},
			func() float64 { return value(stats()) })
	}
	counter := func(name, help string, value func(store.PoolStats) float64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help},
			func() float64 { return value(stats()) })
	}
	m.registry.MustRegister(
		gauge("sintra_db_pool_acquired_connections", "Connections of the pool in use now.",
			func(s store.PoolStats) float64 { return float64(s.Acquired) }),
		gauge("sintra_db_pool_idle_connections", "Connections of the pool idle now.",
			func(s store.PoolStats) float64 { return float64(s.Idle) }),
		gauge("sintra_db_pool_total_connections", "Connections of the pool open now.",
			func(s store.PoolStats) float64 { return float64(s.Total) }),
		gauge("sintra_db_pool_max_connections", "The most connections the pool may open.",
			func(s store.PoolStats) float64 { return float64(s.Max) }),
		counter("sintra_db_pool_acquires_total", "Connections handed out by the pool.",
			func(s store.PoolStats) float64 { return float64(s.Acquires) }),
		counter("sintra_db_pool_empty_acquires_total", "Connections that had to be waited for, the pool having none idle.",
			func(s store.PoolStats) float64 { return float64(s.EmptyAcquires) }),
		counter("sintra_db_pool_canceled_acquires_total", "Waits for a connection given up.",
			func(s store.PoolStats) float64 { return float64(s.CanceledAcquires) }),
		counter("sintra_db_pool_acquire_wait_seconds_total", "Time spent waiting for connections of the pool.",
			func(s store.PoolStats) float64 { return s.AcquireWait.Seconds() }),
	)
}
