package httpapi

import (
	"net/http"
	"sintra/internal/domain"
	"time"

	"github.com/labstack/echo/v4"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"sintra/api"
	"sintra/internal/casos"
)

// ListCasos lists expedientes in scope.
func (h *handlers) ListCasos(c echo.Context, params api.ListCasosParams) error {
	limit, offset, err := offsetPage(params.Limit, params.Cursor)
	if err != nil {
		return err
	}
	var status *string
	if params.Estado != nil {
		s := string(*params.Estado)
		status = &s
	}
	items, total, err := h.deps.Casos.List(c.Request().Context(), principalOf(c), status, params.Municipio, limit, offset)
	if err != nil {
		return err
	}
	out := api.CasoPage{Items: make([]api.CasoSummary, len(items)), Total: total, Limit: limit, Next: nextOffset(limit, offset, len(items), total)}
	for i, k := range items {
		out.Items[i] = api.CasoSummary{Id: k.ID, Folio: k.Folio, Institution: k.Institution, Municipio: k.Municipio,
			Status: api.CasoStatus(k.Status), CreatedAt: k.CreatedAt.UTC()}
	}
	return c.JSON(http.StatusOK, out)
}

// CreateCaso opens an expediente.
func (h *handlers) CreateCaso(c echo.Context) error {
	var req api.NewCaso
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	in := casoInput(api.CasoFacts{OccurredOn: req.OccurredOn, ReportedOn: req.ReportedOn, RecruitmentForm: req.RecruitmentForm,
		TransportMean: req.TransportMean, PlaceType: req.PlaceType, OriginCountry: req.OriginCountry, OriginEntidad: req.OriginEntidad,
		OriginMunicipio: req.OriginMunicipio, DestinationCountry: req.DestinationCountry, DestinationEntidad: req.DestinationEntidad,
		DestinationMunicipio: req.DestinationMunicipio, Modalidades: req.Modalidades, VictimIds: req.VictimIds})
	in.Municipio = req.Municipio
	k, err := h.deps.Casos.Create(c.Request().Context(), principalOf(c), in)
	return respondCaso(c, http.StatusCreated, k, err)
}

// GetCaso returns an expediente.
func (h *handlers) GetCaso(c echo.Context, id api.RecordID) error {
	k, err := h.deps.Casos.Get(c.Request().Context(), principalOf(c), id)
	return respondCaso(c, http.StatusOK, k, err)
}

// UpdateCaso replaces an expediente's facts when the caller's copy is current.
func (h *handlers) UpdateCaso(c echo.Context, id api.RecordID, params api.UpdateCasoParams) error {
	version, err := ifMatch(deref(params.IfMatch))
	if err != nil {
		return err
	}
	var req api.CasoFacts
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	k, err := h.deps.Casos.Update(c.Request().Context(), principalOf(c), id, version, casoInput(req))
	return respondCaso(c, http.StatusOK, k, err)
}

// ChangeCasoStatus moves an expediente to another status.
func (h *handlers) ChangeCasoStatus(c echo.Context, id api.RecordID, params api.ChangeCasoStatusParams) error {
	version, err := ifMatch(deref(params.IfMatch))
	if err != nil {
		return err
	}
	var req api.CasoStatusChange
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	k, err := h.deps.Casos.ChangeStatus(c.Request().Context(), principalOf(c), id, version, string(req.Status), deref(req.Reason), dateOrZero(req.On))
	return respondCaso(c, http.StatusOK, k, err)
}

func casoInput(f api.CasoFacts) casos.Input {
	in := casos.Input{Modalidades: f.Modalidades, Facts: domain.CasoFacts{
		OccurredOn: dateOrNil(f.OccurredOn), ReportedOn: dateOrNil(f.ReportedOn), RecruitmentForm: f.RecruitmentForm,
		TransportMean: f.TransportMean, PlaceType: f.PlaceType,
		Origin:      domain.Place{Country: f.OriginCountry, Entidad: f.OriginEntidad, Municipio: f.OriginMunicipio},
		Destination: domain.Place{Country: f.DestinationCountry, Entidad: f.DestinationEntidad, Municipio: f.DestinationMunicipio}}}
	if f.VictimIds != nil {
		in.VictimIDs = *f.VictimIds
	}
	return in
}

func respondCaso(c echo.Context, status int, k casos.Caso, err error) error {
	if err != nil {
		return err
	}
	setETag(c, k.Version)
	f := k.Facts
	out := api.Caso{Id: k.ID, Folio: k.Folio, Institution: k.Institution, Municipio: k.Municipio,
		Status: api.CasoStatus(k.Status), Version: k.Version, CreatedAt: k.CreatedAt.UTC(),
		Facts: api.CasoFacts{OccurredOn: dateOut(f.OccurredOn), ReportedOn: dateOut(f.ReportedOn), RecruitmentForm: f.RecruitmentForm,
			TransportMean: f.TransportMean, PlaceType: f.PlaceType, OriginCountry: f.Origin.Country, OriginEntidad: f.Origin.Entidad,
			OriginMunicipio: f.Origin.Municipio, DestinationCountry: f.Destination.Country, DestinationEntidad: f.Destination.Entidad,
			DestinationMunicipio: f.Destination.Municipio, Modalidades: nonNil(k.Modalidades)},
		Victims: make([]api.VictimSummary, len(k.Victims)), History: make([]api.CasoStatusEntry, len(k.History))}
	for i, v := range k.Victims {
		out.Victims[i] = victimSummaryDTO(v)
	}
	for i, h := range k.History {
		out.History[i] = api.CasoStatusEntry{From: h.From, To: h.To, Reason: h.Reason, ChangedOn: openapi_types.Date{Time: h.ChangedOn},
			ChangedAt: h.ChangedAt.UTC(), ChangedBy: nullUUID(h.ChangedBy)}
	}
	if k.Reporte != nil {
		out.Reporte = &struct {
			Folio string             `json:"folio"`
			Id    openapi_types.UUID `json:"id"`
		}{Folio: k.Reporte.Folio, Id: k.Reporte.ID}
	}
	return c.JSON(status, out)
}

func dateOut(t *time.Time) *openapi_types.Date {
	if t == nil {
		return nil
	}
	return &openapi_types.Date{Time: *t}
}
