package httpapi

import (
	"cmp"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"sintra/api"
	"sintra/internal/htcds"
	"sintra/internal/render"
)

// GetHTCDSExport answers a closed year's k-anonymous microdata, as it was
// first released, with its digest.
func (h *handlers) GetHTCDSExport(c echo.Context, params api.GetHTCDSExportParams) error {
	req := htcds.Request{Year: params.Anio, Entidad: string(derefAs(params.Entidad)), Format: cmp.Or(string(derefAs(params.Formato)), "json")}
	f, err := h.deps.HTCDS.For(c.Request().Context(), principalOf(c), req)
	if err != nil {
		return err
	}
	if f.Format == "csv" {
		name := fmt.Sprintf("htcds-%d.csv", f.Year)
		if f.Entidad != "" {
			name = fmt.Sprintf("htcds-%s-%d.csv", f.Entidad, f.Year)
		}
		c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s"`, name))
	}
	c.Response().Header().Set("ETag", `"`+hex.EncodeToString(f.SHA256)+`"`)
	c.Response().Header().Set("Repr-Digest", "sha-256=:"+base64.StdEncoding.EncodeToString(f.SHA256)+":")
	return c.Blob(http.StatusOK, render.Formats[f.Format], f.Body)
}
