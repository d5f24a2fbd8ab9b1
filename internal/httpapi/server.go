// Package httpapi is the HTTP face of SINTRA: the Echo server, its
// middleware, the handlers of the API contract and the error mapping.
// Handlers parse, call one service and translate errors; rules live in the
// domain packages.
package httpapi

import (
	"context"
	"log/slog"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"sintra/api"
	"sintra/internal/catalog"
)

// Deps are what the server needs from the rest of the program.
type Deps struct {
	Log      *slog.Logger
	Catalogs *catalog.Service
	// Ready reports whether the database is reachable and current.
	Ready        func(ctx context.Context) error
	MaxBodyBytes int64
}

// handlers implements api.ServerInterface.
type handlers struct {
	deps Deps
}

var _ api.ServerInterface = (*handlers)(nil)

// New returns the configured Echo server with every route registered.
func New(deps Deps) (*echo.Echo, error) {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = errorHandler(deps.Log)

	validator, err := contractValidator()
	if err != nil {
		return nil, err
	}
	e.Use(
		middleware.RequestID(),
		requestLogger(deps.Log),
		middleware.Recover(),
		securityHeaders,
		bodyLimit(deps.MaxBodyBytes),
		validator,
	)
	registerRoutes(e, &handlers{deps: deps})
	return e, nil
}

// registerRoutes is the one place where routes are registered.
func registerRoutes(e *echo.Echo, h *handlers) {
	api.RegisterHandlers(e, h)
	registerDocs(e)
	registerWeb(e)
}
