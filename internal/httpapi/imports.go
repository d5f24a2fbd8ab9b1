package httpapi

import (
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"sintra/api"
	"sintra/internal/apperr"
)

// GetVictimasTemplate downloads the XLSX template of víctimas, casos and services.
func (h *handlers) GetVictimasTemplate(c echo.Context) error {
	xlsx, err := h.deps.Imports.Template(c.Request().Context(), principalOf(c))
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="plantilla-victimas.xlsx"`)
	return c.Blob(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx)
}

// ImportVictimas imports a spreadsheet of víctimas, casos and services, all rows or none.
func (h *handlers) ImportVictimas(c echo.Context) error {
	data, err := io.ReadAll(http.MaxBytesReader(c.Response(), c.Request().Body, maxImportBytes))
	if err != nil {
		return apperr.Wrap(apperr.PayloadTooLarge, "El archivo supera los 10 MB; divídalo.", err)
	}
	res, err := h.deps.Imports.Import(c.Request().Context(), principalOf(c), data)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, api.VictimImportResult{ImportId: res.ImportID, Victims: res.Victims, Casos: res.Casos,
		Services: res.Services, AlreadyImported: res.AlreadyImported, ImportedAt: res.ImportedAt.UTC()})
}
