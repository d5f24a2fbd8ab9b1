package httpapi

import (
	"github.com/labstack/echo/v4"

	"sintra/api"
)

// ExportFeed answers a signed batch of the national feed, encrypted with
// age to the national instance. Nothing is
// written until the batch is ready and its pull audited, so a refusal is
// still a problem answer.
func (h *handlers) ExportFeed(c echo.Context, params api.ExportFeedParams) error {
	c.Response().Header().Set(echo.HeaderContentType, "application/octet-stream")
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="carga-nacional.jsonl.age"`)
	full := params.Completo != nil && *params.Completo
	_, err := h.deps.Feed.ExportFor(c.Request().Context(), principalOf(c), params.Desde, full, c.Response())
	return err
}
