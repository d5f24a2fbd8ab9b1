package httpapi

import (
	"log/slog"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"sintra/internal/audit"
)

// contentSecurityPolicy allows nothing from outside and nothing inline:
// no CDN, no inline script or style.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; " +
	"frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

// docsPolicy is the API reference's: its viewer sets inline styles.
const docsPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; " +
	"frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

// securityHeaders sets the headers every response carries. API responses
// are never cached, since they may hold personal data.
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		if strings.HasPrefix(c.Request().URL.Path, "/api/docs") {
			h.Set("Content-Security-Policy", docsPolicy)
		} else {
			h.Set("Content-Security-Policy", contentSecurityPolicy)
		}
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if strings.HasPrefix(c.Request().URL.Path, "/api/v1/") || c.Request().URL.Path == "/" {
			h.Set(echo.HeaderCacheControl, "no-store")
		}
		return next(c)
	}
}

// requestLogger logs one line per request with ids only: the route pattern
// rather than the raw path, and never the query string or the body. It
// tells observe, when set, of the same request, for the metrics.
func requestLogger(log *slog.Logger, observe func(method, route string, status int, elapsed time.Duration)) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			err := next(c)
			if err != nil {
				c.Error(err)
			}
			elapsed := time.Since(start)
			if observe != nil {
				observe(c.Request().Method, c.Path(), c.Response().Status, elapsed)
			}
			route := c.Path()
			if route == "" {
				route = "(no route)"
			}
			log.Info("request",
				"request_id", c.Response().Header().Get(echo.HeaderXRequestID),
				"method", c.Request().Method,
				"route", route,
				"status", c.Response().Status,
				"bytes", strconv.FormatInt(c.Response().Size, 10),
				"duration_ms", elapsed.Milliseconds(),
			)
			return nil
		}
	}
}

// bodyLimit rejects request bodies larger than max bytes with 413, except
// on the paths given and the uploads of documents, whose handlers set
// their own bound.
func bodyLimit(max int64, except ...string) echo.MiddlewareFunc {
	return middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{
		Limit: strconv.FormatInt(max, 10) + "B",
		Skipper: func(c echo.Context) bool {
			path := c.Request().URL.Path
			return slices.Contains(except, path) || c.Request().Method == http.MethodPost && uploadPath(path)
		},
	})
}

// requestIDPattern is a sane request id: what proxies and tracing
// systems send (a UUID, a hex or base64url token), nothing longer.
var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// saneRequestID drops a client's X-Request-ID unless it matches
// requestIDPattern, so that the next middleware gives the request a fresh
// one: the id is logged and written into the audit trail.
func saneRequestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Request().Header
		if id := h.Get(echo.HeaderXRequestID); id != "" && !requestIDPattern.MatchString(id) {
			h.Del(echo.HeaderXRequestID)
		}
		return next(c)
	}
}

// auditMeta hands the request id and client address to the audit trail
// through the request's context.
func auditMeta(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		ctx := audit.WithMeta(req.Context(), audit.Meta{
			RequestID: c.Response().Header().Get(echo.HeaderXRequestID), ClientAddr: c.RealIP(),
		})
		c.SetRequest(req.WithContext(ctx))
		return next(c)
	}
}
