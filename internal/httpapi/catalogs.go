package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"sintra/api"
)

// GetCatalog returns the active entries of one catalog.
func (h *handlers) GetCatalog(c echo.Context, name string) error {
	entries, err := h.deps.Catalogs.List(c.Request().Context(), name)
	if err != nil {
		return err
	}
	out := api.Catalog{Name: name, Entries: make([]api.CatalogEntry, len(entries))}
	for i, e := range entries {
		out.Entries[i] = api.CatalogEntry{Code: e.Code, Name: e.Name}
	}
	return c.JSON(http.StatusOK, out)
}
