package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"sintra/api"
	"sintra/internal/apperr"
)

// GetHealthz answers while the process is up.
func (h *handlers) GetHealthz(c echo.Context) error {
	return c.JSON(http.StatusOK, api.Health{Status: "ok"})
}

// GetReadyz answers 200 when the database is reachable and its schema current.
func (h *handlers) GetReadyz(c echo.Context) error {
	if err := h.deps.Ready(c.Request().Context()); err != nil {
		return apperr.Wrap(apperr.Unavailable, "La base de datos no está disponible o su esquema no está al día.", err)
	}
	return c.JSON(http.StatusOK, api.Health{Status: "ok"})
}
