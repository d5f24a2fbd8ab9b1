package httpapi

import (
	"math"
	"net/http"
	"sintra/internal/domain"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"sintra/api"
	"sintra/internal/carpetas"
)

// CreateCarpeta registers a carpeta de investigación.
func (h *handlers) CreateCarpeta(c echo.Context) error {
	var req api.NewCarpeta
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	in := carpetas.Input{Number: req.Number, FiscaliaUnit: req.FiscaliaUnit, StartedOn: req.StartedOn.Time,
		Municipio: req.Municipio, CasoFolio: deref(req.CasoFolio), Modalidad: req.Modalidad}
	if req.MediosComisivos != nil {
		in.MediosComisivos = *req.MediosComisivos
	}
	if req.Victims != nil {
		in.Victims = victimRefs(*req.Victims)
	}
	k, err := h.deps.Carpetas.Create(c.Request().Context(), principalOf(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, carpetaDTO(k))
}

// ListCarpetas lists the caller's carpetas with totals.
func (h *handlers) ListCarpetas(c echo.Context, params api.ListCarpetasParams) error {
	limit, offset, err := offsetPage(params.Limit, params.Cursor)
	if err != nil {
		return err
	}
	f := domain.CarpetaFilter{Modalidad: params.Modalidad, District: params.Distrito,
		JudicializedFrom: dateOrNil(params.JudicializadaDesde), JudicializedTo: dateOrNil(params.JudicializadaHasta)}
	if params.Estado != nil {
		s := string(*params.Estado)
		f.Status = &s
	}
	items, totals, err := h.deps.Carpetas.List(c.Request().Context(), principalOf(c), f, limit, offset)
	if err != nil {
		return err
	}
	out := api.CarpetaPage{Items: make([]api.CarpetaSummary, len(items)), Total: totals.Carpetas, Imputados: totals.ImputadosTotal,
		Imputadas: totals.Imputadas, ImputadosHombres: totals.Imputados, Limit: limit, Next: nextOffset(limit, offset, len(items), totals.Carpetas)}
	for i, k := range items {
		out.Items[i] = carpetaDTO(k.Carpeta)
		out.Items[i].Number = &k.Number
	}
	return c.JSON(http.StatusOK, out)
}

// FindCarpeta finds a carpeta by its exact number.
func (h *handlers) FindCarpeta(c echo.Context) error {
	var req api.CarpetaSearch
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	k, err := h.deps.Carpetas.FindByNumber(c.Request().Context(), principalOf(c), req.Number, deref(req.Municipio))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, carpetaDTO(k))
}

// GetCarpeta reads a carpeta for a stated reason.
func (h *handlers) GetCarpeta(c echo.Context, id api.RecordID, params api.GetCarpetaParams) error {
	d, err := h.deps.Carpetas.Get(c.Request().Context(), principalOf(c), id, reasonOf(params.XMotivoConsulta, params.XMotivoDetalle))
	if err != nil {
		return err
	}
	out := api.CarpetaDetail{Carpeta: carpetaDTO(d.Carpeta), Number: d.Number, MediosComisivos: append([]string{}, d.MediosComisivos...), Events: make([]api.CarpetaEvent, len(d.Events)),
		Victims: make([]api.VictimSummary, len(d.Victims)), Imputados: make([]api.ImputadoRecord, len(d.Imputados)),
		Resoluciones: make([]api.Resolucion, len(d.Resoluciones))}
	for i, e := range d.Events {
		out.Events[i] = api.CarpetaEvent{Status: e.Status, Date: openapi_types.Date{Time: e.OccurredOn}, JudicialDistrict: e.JudicialDistrict}
	}
	for i, v := range d.Victims {
		out.Victims[i] = victimSummaryDTO(v)
	}
	for i, im := range d.Imputados {
		names := im.Names
		out.Imputados[i] = imputadoDTO(im.Imputado)
		out.Imputados[i].Names = &names
	}
	for i, r := range d.Resoluciones {
		out.Resoluciones[i] = resolucionDTO(r)
	}
	reparacion := make([]api.ReparationBalance, len(d.Balances))
	for i, b := range d.Balances {
		reparacion[i] = balanceDTO(b)
	}
	totals := reparationTotals(d.Balances)
	out.Reparacion, out.ReparacionTotal = &reparacion, &totals
	return c.JSON(http.StatusOK, out)
}

// AdvanceCarpeta moves a carpeta along its procedural timeline.
func (h *handlers) AdvanceCarpeta(c echo.Context, id api.RecordID) error {
	var req api.CarpetaStep
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	k, err := h.deps.Carpetas.Advance(c.Request().Context(), principalOf(c), id, string(req.Status), req.Date.Time, req.JudicialDistrict)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, carpetaDTO(k))
}

// LinkCarpetaVictims links víctimas to a carpeta.
func (h *handlers) LinkCarpetaVictims(c echo.Context, id api.RecordID) error {
	var req api.CarpetaVictims
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if err := h.deps.Carpetas.AddVictims(c.Request().Context(), principalOf(c), id, victimRefs(req.Victims)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// AddImputado adds a person charged.
func (h *handlers) AddImputado(c echo.Context, id api.RecordID) error {
	var req api.NewImputado
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	var age *int32
	if req.Age != nil {
		a := int32(*req.Age)
		age = &a
	}
	in := carpetas.ImputadoInput{Sex: string(req.Sex), Age: age, Nationality: req.Nationality, Names: deref(req.Names)}
	if req.DetainedOn != nil {
		in.DetainedOn = &req.DetainedOn.Time
	}
	im, err := h.deps.Carpetas.AddImputado(c.Request().Context(), principalOf(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, imputadoDTO(im))
}

// SetMediosComisivos replaces the medios comisivos of a carpeta.
func (h *handlers) SetMediosComisivos(c echo.Context, id api.RecordID) error {
	var req api.MediosComisivos
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if err := h.deps.Carpetas.SetMedios(c.Request().Context(), principalOf(c), id, req.MediosComisivos); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// RecordDetention dates the detención of an imputado.
func (h *handlers) RecordDetention(c echo.Context, id api.RecordID) error {
	var req api.Detention
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if err := h.deps.Carpetas.RecordDetention(c.Request().Context(), principalOf(c), id, req.ImputadoId, req.Date.Time); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// AddResolucion records a judicial resolution.
func (h *handlers) AddResolucion(c echo.Context, id api.RecordID) error {
	var req api.Resolucion
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	r := carpetas.ResolucionInput{Resolucion: domain.Resolucion{Kind: string(req.Kind), ResolvedOn: req.ResolvedOn.Time,
		ReparationOrdered: req.ReparationOrdered != nil && *req.ReparationOrdered}, Sentence: deref(req.Sentence)}
	if req.ImputadoId != nil {
		r.ImputadoID = uuid.NullUUID{UUID: *req.ImputadoId, Valid: true}
	}
	if req.ReparationAmount != nil {
		cents := int64(math.Round(*req.ReparationAmount * 100))
		r.ReparationCents = &cents
	}
	added, err := h.deps.Carpetas.AddResolucion(c.Request().Context(), principalOf(c), id, r)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, resolucionDTO(added))
}

func victimRefs(in []api.VictimRef) []carpetas.VictimRef {
	out := make([]carpetas.VictimRef, len(in))
	for i, r := range in {
		out[i] = carpetas.VictimRef{Folio: deref(r.Folio), CURP: deref(r.Curp)}
	}
	return out
}

func carpetaDTO(k domain.Carpeta) api.CarpetaSummary {
	return api.CarpetaSummary{Id: k.ID, FiscaliaUnit: k.FiscaliaUnit, Municipio: k.Municipio,
		StartedOn: openapi_types.Date{Time: k.StartedOn}, CasoId: nullUUID(k.CasoID), Modalidad: k.Modalidad,
		Status: api.CarpetaStatus(k.Status), JudicializedOn: dateOut(k.JudicializedOn), JudicialDistrict: k.JudicialDistrict,
		Version: k.Version, CreatedAt: k.CreatedAt.UTC()}
}

func imputadoDTO(im domain.Imputado) api.ImputadoRecord {
	out := api.ImputadoRecord{Id: im.ID, Sex: api.Sex(im.Sex), Nationality: im.Nationality, DetainedOn: dateOut(im.DetainedOn),
		Version: im.Version, VoidedAt: utcOrNil(im.VoidedAt)}
	if im.Age != nil {
		a := int(*im.Age)
		out.Age = &a
	}
	return out
}

func resolucionDTO(r carpetas.Resolucion) api.Resolucion {
	id := r.ID
	out := api.Resolucion{Id: &id, ImputadoId: nullUUID(r.ImputadoID), Kind: api.ResolucionKind(r.Kind),
		ResolvedOn: openapi_types.Date{Time: r.ResolvedOn}, Sentence: &r.Sentence, ReparationOrdered: &r.ReparationOrdered}
	if r.ReparationCents != nil {
		amount := float64(*r.ReparationCents) / 100
		out.ReparationAmount = &amount
	}
	return out
}
