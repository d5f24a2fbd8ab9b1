package httpapi

import (
	"net/http"
	"sintra/internal/domain"

	"github.com/labstack/echo/v4"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"sintra/api"
	"sintra/internal/services"
)

// RecordService records a service given to a víctima.
func (h *handlers) RecordService(c echo.Context, id api.RecordID) error {
	var req api.NewService
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	sv, err := h.deps.Services.Record(c.Request().Context(), principalOf(c), id,
		services.Input{Type: req.Type, ProvidedOn: req.ProvidedOn.Time, Quantity: req.Quantity, Notes: deref(req.Notes)})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, serviceDTO(sv))
}

// ListVictimServices lists a víctima's services.
func (h *handlers) ListVictimServices(c echo.Context, id api.RecordID, params api.ListVictimServicesParams) error {
	given, err := h.deps.Services.OfVictim(c.Request().Context(), principalOf(c), id, params.Anuladas != nil && *params.Anuladas)
	if err != nil {
		return err
	}
	out := api.ServiceList{Items: make([]api.ServiceRecord, len(given))}
	for i, sv := range given {
		out.Items[i] = serviceDTO(sv)
	}
	return c.JSON(http.StatusOK, out)
}

// ListInstitutionServices lists the services the caller's institution gave, with totals.
func (h *handlers) ListInstitutionServices(c echo.Context, params api.ListInstitutionServicesParams) error {
	limit, offset, err := offsetPage(params.Limit, params.Cursor)
	if err != nil {
		return err
	}
	f := domain.ServiceFilter{Type: params.Tipo, Since: dateOrNil(params.Desde), Until: dateOrNil(params.Hasta),
		WithVoided: params.Anuladas != nil && *params.Anuladas}
	given, totals, err := h.deps.Services.OfInstitution(c.Request().Context(), principalOf(c), f, limit, offset)
	if err != nil {
		return err
	}
	out := api.ServicePage{Items: make([]api.ServiceRecord, len(given)), Total: totals.Services, Units: totals.Units,
		Victims: totals.Victims, Limit: limit, Next: nextOffset(limit, offset, len(given), totals.Services)}
	for i, sv := range given {
		out.Items[i] = serviceDTO(sv)
	}
	return c.JSON(http.StatusOK, out)
}

// GetVictimTimeline returns a víctima's timeline for a stated reason.
func (h *handlers) GetVictimTimeline(c echo.Context, id api.RecordID, params api.GetVictimTimelineParams) error {
	events, err := h.deps.Victims.Timeline(c.Request().Context(), principalOf(c), id, reasonOf(params.XMotivoConsulta, params.XMotivoDetalle))
	if err != nil {
		return err
	}
	out := api.Timeline{Items: make([]api.TimelineEvent, len(events))}
	for i, e := range events {
		out.Items[i] = api.TimelineEvent{On: openapi_types.Date{Time: e.On}, Kind: api.TimelineEventKind(e.Kind), What: e.What, Institution: e.Institution}
		if e.Quantity > 0 {
			q := e.Quantity
			out.Items[i].Quantity = &q
		}
		if e.Notes != "" {
			n := e.Notes
			out.Items[i].Notes = &n
		}
	}
	return c.JSON(http.StatusOK, out)
}

func serviceDTO(sv domain.Service) api.ServiceRecord {
	out := api.ServiceRecord{Id: sv.ID, VictimId: sv.VictimID, Type: sv.Type, ProvidedOn: openapi_types.Date{Time: sv.ProvidedOn},
		Quantity: sv.Quantity, Institution: sv.Institution, Municipio: sv.Municipio, Version: sv.Version, VoidedAt: utcOrNil(sv.VoidedAt)}
	if sv.Folio != "" {
		f := sv.Folio
		out.Folio = &f
	}
	return out
}
