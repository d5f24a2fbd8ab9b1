package httpapi

import (
	"io"
	"net/http"
	"sintra/internal/domain"

	"github.com/labstack/echo/v4"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"sintra/api"
	"sintra/internal/actividades"
	"sintra/internal/apperr"
)

// maxImportBytes bounds an imported spreadsheet.
const maxImportBytes = 10 << 20

// ListActividades lists activities with totals.
func (h *handlers) ListActividades(c echo.Context, params api.ListActividadesParams) error {
	limit, offset, err := offsetPage(params.Limit, params.Cursor)
	if err != nil {
		return err
	}
	f := domain.ActivityFilter{Institution: params.Institucion, Type: params.Tipo, Since: dateOrNil(params.Desde), Until: dateOrNil(params.Hasta),
		WithVoided: params.Anuladas != nil && *params.Anuladas}
	if params.Tema != nil {
		t := string(*params.Tema)
		f.Tema = &t
	}
	list, totals, err := h.deps.Actividades.List(c.Request().Context(), principalOf(c), f, limit, offset)
	if err != nil {
		return err
	}
	out := api.ActividadPage{Items: make([]api.Actividad, len(list)), Total: totals.Activities, Actions: totals.Actions,
		People: totals.People, Women: totals.Women, Men: totals.Men, Limit: limit, Next: nextOffset(limit, offset, len(list), totals.Activities)}
	for i, a := range list {
		out.Items[i] = actividadDTO(a)
	}
	return c.JSON(http.StatusOK, out)
}

// CreateActividad records one activity.
func (h *handlers) CreateActividad(c echo.Context) error {
	var req api.NewActividad
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	in := actividades.Input{Institution: req.Institution, Type: req.Type, Name: req.Name, HeldOn: req.HeldOn.Time,
		AllMunicipios: req.AllMunicipios != nil && *req.AllMunicipios, Actions: req.Actions, People: req.PeopleTotal,
		Women: int32p(req.Women), Men: int32p(req.Men), Material: deref(req.Material), MaterialUnits: int32p(req.MaterialUnits),
		Objective: deref(req.Objective)}
	if req.Tema != nil {
		in.Tema = string(*req.Tema)
	}
	if req.Municipios != nil {
		in.Municipios = *req.Municipios
	}
	a, err := h.deps.Actividades.Create(c.Request().Context(), principalOf(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, actividadDTO(a))
}

// GetActividadesTemplate downloads the XLSX template.
func (h *handlers) GetActividadesTemplate(c echo.Context) error {
	xlsx, err := h.deps.Actividades.Template(c.Request().Context())
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="plantilla-actividades.xlsx"`)
	return c.Blob(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx)
}

// ImportActividades imports a filled template, all rows or none.
func (h *handlers) ImportActividades(c echo.Context, params api.ImportActividadesParams) error {
	data, err := io.ReadAll(http.MaxBytesReader(c.Response(), c.Request().Body, maxImportBytes))
	if err != nil {
		return apperr.Wrap(apperr.PayloadTooLarge, "El archivo supera los 10 MB; divídalo.", err)
	}
	res, err := h.deps.Actividades.Import(c.Request().Context(), principalOf(c), deref(params.Archivo), data)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, api.ImportResult{ImportId: res.ImportID, Rows: res.Rows, AlreadyImported: res.AlreadyImported,
		ImportedAt: res.ImportedAt.UTC()})
}

func actividadDTO(a domain.Activity) api.Actividad {
	out := api.Actividad{Id: a.ID, Institution: a.Institution, Tema: a.Tema, Type: a.Type, Name: a.Name,
		HeldOn: openapi_types.Date{Time: a.HeldOn}, AllMunicipios: a.AllMunicipios, Municipios: nonNil(a.Municipios),
		Actions: a.Actions, PeopleTotal: a.People, Women: intp(a.Women), Men: intp(a.Men), MaterialUnits: intp(a.MaterialUnits),
		Version: a.Version, VoidedAt: utcOrNil(a.VoidedAt)}
	if a.Material != "" {
		out.Material = &a.Material
	}
	if a.Objective != "" {
		out.Objective = &a.Objective
	}
	return out
}

func int32p(v *int) *int32 {
	if v == nil {
		return nil
	}
	n := int32(*v)
	return &n
}

func intp(v *int32) *int {
	if v == nil {
		return nil
	}
	n := int(*v)
	return &n
}
