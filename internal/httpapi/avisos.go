package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"sintra/api"
)

// ListAvisos counts what needs the caller.
func (h *handlers) ListAvisos(c echo.Context) error {
	list, err := h.deps.Avisos.For(c.Request().Context(), principalOf(c))
	if err != nil {
		return err
	}
	out := api.AvisoList{Items: make([]api.Aviso, len(list))}
	for i, a := range list {
		item := api.Aviso{Kind: api.AvisoKind(a.Kind), Count: a.Count}
		if a.Days > 0 {
			item.Days = &a.Days
		}
		if !a.SentOnOrBefore.IsZero() {
			item.SentOnOrBefore = &openapi_types.Date{Time: a.SentOnOrBefore}
		}
		if !a.Month.IsZero() {
			month := a.Month.Format("2006-01")
			item.Month, item.Municipios = &month, &list[i].Municipios
		}
		out.Items[i] = item
	}
	return c.JSON(http.StatusOK, out)
}
