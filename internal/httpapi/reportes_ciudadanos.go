package httpapi

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"sintra/api"
	"sintra/internal/audit"
	"sintra/internal/intake"
)

// ListReportesCiudadanos lists the reportes the caller's institution received, without personal data.
func (h *handlers) ListReportesCiudadanos(c echo.Context, params api.ListReportesCiudadanosParams) error {
	limit, offset, err := offsetPage(params.Limit, params.Cursor)
	if err != nil {
		return err
	}
	f := intake.Filter{Status: (*string)(params.Estado), Classification: (*string)(params.Clasificacion)}
	if params.Mes != nil {
		// The contract's pattern leaves only valid months.
		month, err := time.Parse("2006-01", *params.Mes)
		if err != nil {
			return err
		}
		f.Month = &month
	}
	items, total, err := h.deps.Intake.List(c.Request().Context(), principalOf(c), f, limit, offset)
	if err != nil {
		return err
	}
	out := api.ReporteCiudadanoPage{Items: make([]api.ReporteCiudadanoSummary, len(items)), Total: total, Limit: limit,
		Next: nextOffset(limit, offset, len(items), total)}
	for i, r := range items {
		out.Items[i] = api.ReporteCiudadanoSummary{Id: r.ID, Folio: r.Folio, Municipio: r.Municipio, HechosMunicipio: r.HechosMunicipio,
			ReceivedAt: r.ReceivedAt.UTC(), Channel: api.ReporteCiudadanoChannel(r.Channel), Reporter: api.ReporteCiudadanoReporter(r.Reporter),
			Classification: api.ReporteCiudadanoClassification(r.Classification), Status: api.ReporteCiudadanoStatus(r.Status),
			CasoId: nullUUID(r.CasoID)}
	}
	return c.JSON(http.StatusOK, out)
}

// CreateReporteCiudadano records a reporte.
func (h *handlers) CreateReporteCiudadano(c echo.Context) error {
	var req api.NewReporteCiudadano
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	in := intake.Input{Municipio: req.Municipio, HechosMunicipio: req.HechosMunicipio, Channel: string(req.Channel),
		Reporter: string(req.Reporter), Classification: string(derefAs(req.Classification)), Narrative: deref(req.Narrative),
		Contact: deref(req.Contact)}
	if req.ReceivedAt != nil {
		in.ReceivedAt = *req.ReceivedAt
	}
	if req.Modalidades != nil {
		in.Modalidades = *req.Modalidades
	}
	r, err := h.deps.Intake.Create(c.Request().Context(), principalOf(c), in)
	return respondReporte(c, http.StatusCreated, r, err)
}

// GetReporteCiudadano returns a reporte with its sealed texts opened.
func (h *handlers) GetReporteCiudadano(c echo.Context, id api.RecordID) error {
	r, err := h.deps.Intake.Get(c.Request().Context(), principalOf(c), id)
	return respondReporte(c, http.StatusOK, r, err)
}

// UpdateReporteCiudadano classifies, moves or closes an open reporte.
func (h *handlers) UpdateReporteCiudadano(c echo.Context, id api.RecordID, params api.UpdateReporteCiudadanoParams) error {
	version, err := ifMatch(deref(params.IfMatch))
	if err != nil {
		return err
	}
	var req api.ReporteCiudadanoChange
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	ch := intake.Change{HechosMunicipio: req.HechosMunicipio, Channel: (*string)(req.Channel), Reporter: (*string)(req.Reporter),
		Classification: (*string)(req.Classification), Status: (*string)(req.Status), Modalidades: req.Modalidades,
		Narrative: req.Narrative, Contact: req.Contact, CanalizadoA: req.CanalizadoA, ClosingReason: req.ClosingReason}
	r, err := h.deps.Intake.Update(c.Request().Context(), principalOf(c), id, version, ch)
	return respondReporte(c, http.StatusOK, r, err)
}

// ConvertReporteCiudadano turns a reporte of posible trata into a caso.
func (h *handlers) ConvertReporteCiudadano(c echo.Context, id api.RecordID, params api.ConvertReporteCiudadanoParams) error {
	version, err := ifMatch(deref(params.IfMatch))
	if err != nil {
		return err
	}
	r, err := h.deps.Intake.ToCaso(c.Request().Context(), principalOf(c), id, version)
	return respondReporte(c, http.StatusCreated, r, err)
}

// EraseReporteCiudadano destroys a reporte's sealed texts with its data key.
func (h *handlers) EraseReporteCiudadano(c echo.Context, id api.RecordID) error {
	var req api.Erasure
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	reason := audit.Reason{Code: string(req.ReasonCode), Text: deref(req.ReasonText)}
	if err := h.deps.Intake.Erase(c.Request().Context(), principalOf(c), id, reason); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func respondReporte(c echo.Context, status int, r intake.Reporte, err error) error {
	if err != nil {
		return err
	}
	setETag(c, r.Version)
	out := api.ReporteCiudadano{Id: r.ID, Folio: r.Folio, Institution: r.Institution, Municipio: r.Municipio,
		HechosMunicipio: r.HechosMunicipio, ReceivedAt: r.ReceivedAt.UTC(), Channel: api.ReporteCiudadanoChannel(r.Channel),
		Reporter: api.ReporteCiudadanoReporter(r.Reporter), Classification: api.ReporteCiudadanoClassification(r.Classification),
		Status: api.ReporteCiudadanoStatus(r.Status), Modalidades: nonNil(r.Modalidades), CanalizadoA: r.CanalizadoA,
		CasoId: nullUUID(r.CasoID), Narrative: r.Narrative, Contact: r.Contact, ClosingReason: r.ClosingReason,
		Erased: r.ErasedAt != nil, Version: r.Version}
	if r.ClosedOn != nil {
		out.ClosedOn = &openapi_types.Date{Time: *r.ClosedOn}
	}
	return c.JSON(status, out)
}
