// Package httpapi is the HTTP face of SINTRA: the Echo server, its
// middleware, the handlers of the API contract and the error mapping.
// Handlers parse, call one service and translate errors; rules live in the
// domain packages.
package httpapi

import (
	"context"
	"log/slog"
	"net"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"sintra/api"
	"sintra/internal/app"
)

// Deps are what the server needs from the rest of the program.
type Deps struct {
	Log *slog.Logger
	// The services, wired by app.New.
	*app.App
	// Ready reports whether the database is reachable and current.
	Ready        func(ctx context.Context) error
	MaxBodyBytes int64
	// ExpensivePerMinute is how many expensive operations (x-expensive in
	// the contract) one user may run per minute; zero means
	// DefaultExpensivePerMinute.
	ExpensivePerMinute int
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client; empty trusts none.
	TrustedProxies []*net.IPNet
	// ObserveRequest, when set, is told of every request answered, by its
	// route template (empty when no route matched), for the metrics.
	ObserveRequest func(method, route string, status int, elapsed time.Duration)
}

// handlers implements api.ServerInterface.
type handlers struct {
	deps Deps
}

func (h *handlers) now() time.Time { return h.deps.Clock.Now() }

var _ api.ServerInterface = (*handlers)(nil)

// New returns the configured Echo server with every route registered.
func New(deps Deps) (*echo.Echo, error) {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = errorHandler(deps.Log)
	e.IPExtractor = clientAddress(deps.TrustedProxies)

	ct, err := newContract()
	if err != nil {
		return nil, err
	}
	e.Use(
		limitRows,
		saneRequestID,
		middleware.RequestID(),
		auditMeta,
		requestLogger(deps.Log, deps.ObserveRequest),
		middleware.Recover(),
		securityHeaders,
		bodyLimit(deps.MaxBodyBytes, "/api/v1/actividades/importacion", "/api/v1/victimas/importacion"),
		ct.middleware(&guard{auth: deps.Auth, authz: deps.Authorizer, expensive: newUserLimiter(deps.ExpensivePerMinute, deps.Clock)}),
	)
	registerRoutes(e, &handlers{deps: deps})
	return e, nil
}

// clientAddress reads the client's address, which the audit trail records
// and the sign-in lock counts by: the peer's own, unless the peer is one of
// the trusted proxies, and then the nearest address in X-Forwarded-For
// that is not one of them. Echo's own defaults, which trust every private
// network, are turned off: only the ranges given are trusted.
func clientAddress(proxies []*net.IPNet) echo.IPExtractor {
	if len(proxies) == 0 {
		return echo.ExtractIPDirect()
	}
	trust := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, p := range proxies {
		trust = append(trust, echo.TrustIPRange(p))
	}
	return echo.ExtractIPFromXFFHeader(trust...)
}

// registerRoutes is the one place where routes are registered.
func registerRoutes(e *echo.Echo, h *handlers) {
	api.RegisterHandlers(e, h)
	registerDocs(e)
	registerWeb(e)
}
