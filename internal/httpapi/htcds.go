package httpapi

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"sintra/api"
	"sintra/internal/htcds"
	"sintra/internal/render"
)

// GetHTCDSExport exports the víctimas of a year as k-anonymous microdata.
func (h *handlers) GetHTCDSExport(c echo.Context, params api.GetHTCDSExportParams) error {
	req := htcds.Request{Year: params.Anio}
	if params.K != nil {
		req.K = *params.K
	}
	e, err := h.deps.HTCDS.For(c.Request().Context(), principalOf(c), req)
	if err != nil {
		return err
	}
	format := string(derefAs(params.Formato))
	if format == "" {
		format = "json"
	}
	var body bytes.Buffer
	write := htcds.WriteJSON
	if format == "csv" {
		write = htcds.WriteCSV
		c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="htcds-%d.csv"`, e.Year))
	}
	if err := write(&body, e); err != nil {
		return err
	}
	return c.Blob(http.StatusOK, render.Formats[format], body.Bytes())
}
