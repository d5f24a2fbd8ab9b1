package httpapi

import (
	"net/http"
	"sintra/internal/domain"

	"github.com/labstack/echo/v4"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"sintra/api"
	"sintra/internal/canalizaciones"
)

// SendCanalizacion refers a víctima to another institution.
func (h *handlers) SendCanalizacion(c echo.Context) error {
	var req api.NewCanalizacion
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	k, err := h.deps.Canalizaciones.Send(c.Request().Context(), principalOf(c), canalizaciones.SendInput{
		VictimID: req.VictimId, To: req.To, ServiceType: req.ServiceType, SentOn: dateOrZero(req.SentOn), Notes: deref(req.Notes),
		Override: req.Override != nil && *req.Override, OverrideReason: deref(req.OverrideReason)})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, canalizacionDTO(k))
}

// ListCanalizaciones lists the institution's inbox and outbox.
func (h *handlers) ListCanalizaciones(c echo.Context, params api.ListCanalizacionesParams) error {
	limit, offset, err := offsetPage(params.Limit, params.Cursor)
	if err != nil {
		return err
	}
	f := canalizaciones.Filter{Box: "todas", WithVoided: params.Anuladas != nil && *params.Anuladas}
	if params.Bandeja != nil {
		f.Box = string(*params.Bandeja)
	}
	if params.Estado != nil {
		s := string(*params.Estado)
		f.Status = &s
	}
	if params.EnviadaHasta != nil {
		f.SentOnOrBefore = &params.EnviadaHasta.Time
	}
	items, total, err := h.deps.Canalizaciones.List(c.Request().Context(), principalOf(c), f, limit, offset)
	if err != nil {
		return err
	}
	out := api.CanalizacionPage{Items: make([]api.CanalizacionSummary, len(items)), Total: total, Limit: limit,
		Next: nextOffset(limit, offset, len(items), total)}
	for i, k := range items {
		out.Items[i] = canalizacionDTO(k)
	}
	return c.JSON(http.StatusOK, out)
}

// GetCanalizacion reads a canalización for a stated reason.
func (h *handlers) GetCanalizacion(c echo.Context, id api.RecordID, params api.GetCanalizacionParams) error {
	d, err := h.deps.Canalizaciones.Get(c.Request().Context(), principalOf(c), id, reasonOf(params.XMotivoConsulta, params.XMotivoDetalle))
	if err != nil {
		return err
	}
	v := d.Victim
	out := api.CanalizacionDetail{Canalizacion: canalizacionDTO(d.Canalizacion), Notes: d.Notes, OverrideReason: d.OverrideReason,
		Victim: api.VictimContact{Folio: v.Folio, Name: v.Name, Sex: v.Sex, Nationality: v.Nationality,
			IndigenousLanguage: v.IndigenousLanguage, Phone: v.Phone},
		Steps: make([]api.CanalizacionStep, len(d.Transitions))}
	if v.Age != nil {
		age := int(*v.Age)
		out.Victim.Age = &age
	}
	for i, t := range d.Transitions {
		by := t.ByUser
		out.Steps[i] = api.CanalizacionStep{From: t.From, To: t.To, Reason: t.Reason, ByUser: &by, ByInstitution: t.ByInstitution,
			On: openapi_types.Date{Time: t.On}, RecordedAt: t.RecordedAt.UTC()}
	}
	return c.JSON(http.StatusOK, out)
}

// MoveCanalizacion takes the next step of a canalización.
func (h *handlers) MoveCanalizacion(c echo.Context, id api.RecordID) error {
	var req api.CanalizacionMove
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	k, err := h.deps.Canalizaciones.Move(c.Request().Context(), principalOf(c), id, string(req.Status), deref(req.Reason), dateOrZero(req.On))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, canalizacionDTO(k))
}

// GetCanalizacionDocument prints a canalización for delivery.
func (h *handlers) GetCanalizacionDocument(c echo.Context, id api.RecordID, params api.GetCanalizacionDocumentParams) error {
	pdf, err := h.deps.Canalizaciones.Document(c.Request().Context(), principalOf(c), id, reasonOf(params.XMotivoConsulta, params.XMotivoDetalle))
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="canalizacion.pdf"`)
	return c.Blob(http.StatusOK, "application/pdf", pdf)
}

func canalizacionDTO(k domain.Canalizacion) api.CanalizacionSummary {
	out := api.CanalizacionSummary{Id: k.ID, VictimId: k.VictimID, From: k.From, To: k.To, Municipio: k.Municipio,
		ServiceType: k.ServiceType, Status: api.CanalizacionStatus(k.Status), ConsentOverride: k.ConsentOverride,
		SentOn: openapi_types.Date{Time: k.SentOn}, RecordedAt: k.RecordedAt.UTC(), Version: k.Version, VoidedAt: utcOrNil(k.VoidedAt)}
	if k.Folio != "" {
		f := k.Folio
		out.Folio = &f
	}
	return out
}
