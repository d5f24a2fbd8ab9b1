package httpapi

import (
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"sintra/api"
	"sintra/internal/apperr"
	"sintra/internal/domain"
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
		if e.Entidad != "" {
			out.Entries[i].Entidad = &e.Entidad
		}
	}
	return c.JSON(http.StatusOK, out)
}

// maxCatalogBytes bounds a loaded catalog file.
const maxCatalogBytes = 1 << 20

// LoadMunicipios loads an entidad's municipios from a CSV file.
func (h *handlers) LoadMunicipios(c echo.Context, entidad string) error {
	data, err := io.ReadAll(http.MaxBytesReader(c.Response(), c.Request().Body, maxCatalogBytes))
	if err != nil {
		return apperr.Wrap(apperr.PayloadTooLarge, "El archivo supera 1 MB.", err)
	}
	res, err := h.deps.Catalogs.LoadMunicipios(c.Request().Context(), principalOf(c), entidad, data)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, api.MunicipiosLoad{Entidad: res.Entidad, Added: res.Added, Renamed: res.Renamed, Unchanged: res.Unchanged})
}

// AddInstitution adds an institution to the catalog.
func (h *handlers) AddInstitution(c echo.Context) error {
	var req api.Institution
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	in := domain.Institution{Code: req.Code, Name: req.Name, Entidad: req.Entidad, Membership: string(req.Membership), UsesSystem: true}
	if req.UsesSystem != nil {
		in.UsesSystem = *req.UsesSystem
	}
	added, err := h.deps.Catalogs.AddInstitution(c.Request().Context(), principalOf(c), in)
	if err != nil {
		return err
	}
	usesSystem := added.UsesSystem
	return c.JSON(http.StatusCreated, api.Institution{Code: added.Code, Name: added.Name, Entidad: added.Entidad,
		Membership: api.InstitutionMembership(added.Membership), UsesSystem: &usesSystem})
}
