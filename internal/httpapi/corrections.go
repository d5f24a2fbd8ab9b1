package httpapi

import (
	"maps"
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"sintra/api"
	"sintra/internal/actividades"
	"sintra/internal/canalizaciones"
	"sintra/internal/carpetas"
	"sintra/internal/corrections"
	"sintra/internal/grupotrabajo"
	"sintra/internal/services"
)

// CorrectService corrects a service when the caller's copy is current.
func (h *handlers) CorrectService(c echo.Context, id api.RecordID, params api.CorrectServiceParams) error {
	version, err := ifMatch(deref(params.IfMatch))
	if err != nil {
		return err
	}
	var req api.ServiceCorrection
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	in := services.Correction{Input: services.Input{Type: req.Type, ProvidedOn: req.ProvidedOn.Time, Quantity: req.Quantity,
		Notes: deref(req.Notes)}, NewNotes: req.Notes != nil, Reason: reasonFor(req.ReasonCode, req.ReasonText)}
	sv, err := h.deps.Services.Correct(c.Request().Context(), principalOf(c), id, version, in)
	if err != nil {
		return err
	}
	setETag(c, sv.Version)
	return c.JSON(http.StatusOK, serviceDTO(sv))
}

// VoidService voids a service when the caller's copy is current.
func (h *handlers) VoidService(c echo.Context, id api.RecordID, params api.VoidServiceParams) error {
	version, reason, err := voiding(c, params.IfMatch)
	if err != nil {
		return err
	}
	if err := h.deps.Services.Void(c.Request().Context(), principalOf(c), id, version, reason); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// GetServiceHistory lists a service's corrections and voiding for a stated reason.
func (h *handlers) GetServiceHistory(c echo.Context, id api.RecordID, params api.GetServiceHistoryParams) error {
	changes, err := h.deps.Services.History(c.Request().Context(), principalOf(c), id, reasonOf(params.XMotivoConsulta, params.XMotivoDetalle))
	return respondHistory(c, changes, err)
}

// CorrectActividad corrects an activity when the caller's copy is current.
func (h *handlers) CorrectActividad(c echo.Context, id api.RecordID, params api.CorrectActividadParams) error {
	version, err := ifMatch(deref(params.IfMatch))
	if err != nil {
		return err
	}
	var req api.ActividadCorrection
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	in := actividades.Input{Type: req.Type, Name: req.Name, HeldOn: req.HeldOn.Time,
		AllMunicipios: req.AllMunicipios != nil && *req.AllMunicipios, Actions: req.Actions, People: req.PeopleTotal,
		Women: int32p(req.Women), Men: int32p(req.Men), Material: deref(req.Material), MaterialUnits: int32p(req.MaterialUnits),
		Objective: deref(req.Objective)}
	if req.Tema != nil {
		in.Tema = string(*req.Tema)
	}
	if req.Municipios != nil {
		in.Municipios = *req.Municipios
	}
	a, err := h.deps.Actividades.Correct(c.Request().Context(), principalOf(c), id, version, in, reasonFor(req.ReasonCode, req.ReasonText))
	if err != nil {
		return err
	}
	setETag(c, a.Version)
	return c.JSON(http.StatusOK, actividadDTO(a))
}

// VoidActividad voids an activity when the caller's copy is current.
func (h *handlers) VoidActividad(c echo.Context, id api.RecordID, params api.VoidActividadParams) error {
	version, reason, err := voiding(c, params.IfMatch)
	if err != nil {
		return err
	}
	if err := h.deps.Actividades.Void(c.Request().Context(), principalOf(c), id, version, reason); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// GetActividadHistory lists an activity's corrections and voiding for a stated reason.
func (h *handlers) GetActividadHistory(c echo.Context, id api.RecordID, params api.GetActividadHistoryParams) error {
	changes, err := h.deps.Actividades.History(c.Request().Context(), principalOf(c), id, reasonOf(params.XMotivoConsulta, params.XMotivoDetalle))
	return respondHistory(c, changes, err)
}

// CorrectAcuerdo corrects an acuerdo when the caller's copy is current.
func (h *handlers) CorrectAcuerdo(c echo.Context, id api.RecordID, params api.CorrectAcuerdoParams) error {
	version, err := ifMatch(deref(params.IfMatch))
	if err != nil {
		return err
	}
	var req api.AcuerdoCorrection
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	in := grupotrabajo.AcuerdoInput{Text: req.Text, Responsible: req.Responsible, DueOn: req.DueOn.Time}
	a, err := h.deps.Grupo.CorrectAcuerdo(c.Request().Context(), principalOf(c), id, version, in, reasonFor(req.ReasonCode, req.ReasonText))
	if err != nil {
		return err
	}
	setETag(c, a.Version)
	return c.JSON(http.StatusOK, acuerdoDTO(a))
}

// VoidAcuerdo voids an acuerdo when the caller's copy is current.
func (h *handlers) VoidAcuerdo(c echo.Context, id api.RecordID, params api.VoidAcuerdoParams) error {
	version, reason, err := voiding(c, params.IfMatch)
	if err != nil {
		return err
	}
	if err := h.deps.Grupo.VoidAcuerdo(c.Request().Context(), principalOf(c), id, version, reason); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// GetAcuerdoHistory lists an acuerdo's corrections and voiding for a stated reason.
func (h *handlers) GetAcuerdoHistory(c echo.Context, id api.RecordID, params api.GetAcuerdoHistoryParams) error {
	changes, err := h.deps.Grupo.AcuerdoHistory(c.Request().Context(), principalOf(c), id, reasonOf(params.XMotivoConsulta, params.XMotivoDetalle))
	return respondHistory(c, changes, err)
}

// CorrectImputado corrects an imputado when the caller's copy is current.
func (h *handlers) CorrectImputado(c echo.Context, id api.RecordID, imputado api.ImputadoID, params api.CorrectImputadoParams) error {
	version, err := ifMatch(deref(params.IfMatch))
	if err != nil {
		return err
	}
	var req api.ImputadoCorrection
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	in := carpetas.ImputadoInput{Sex: string(req.Sex), Age: int32p(req.Age), Nationality: req.Nationality, Names: deref(req.Names)}
	im, err := h.deps.Carpetas.CorrectImputado(c.Request().Context(), principalOf(c), id, imputado, version, in, reasonFor(req.ReasonCode, req.ReasonText))
	if err != nil {
		return err
	}
	setETag(c, im.Version)
	out := imputadoDTO(im.Imputado)
	out.Names = &im.Names
	return c.JSON(http.StatusOK, out)
}

// VoidImputado voids an imputado when the caller's copy is current.
func (h *handlers) VoidImputado(c echo.Context, id api.RecordID, imputado api.ImputadoID, params api.VoidImputadoParams) error {
	version, reason, err := voiding(c, params.IfMatch)
	if err != nil {
		return err
	}
	if err := h.deps.Carpetas.VoidImputado(c.Request().Context(), principalOf(c), id, imputado, version, reason); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// GetImputadoHistory lists an imputado's corrections and voiding for a stated reason.
func (h *handlers) GetImputadoHistory(c echo.Context, id api.RecordID, imputado api.ImputadoID, params api.GetImputadoHistoryParams) error {
	changes, err := h.deps.Carpetas.ImputadoHistory(c.Request().Context(), principalOf(c), id, imputado,
		reasonOf(params.XMotivoConsulta, params.XMotivoDetalle))
	return respondHistory(c, changes, err)
}

// CorrectCanalizacion corrects a canalización nobody has answered, when the caller's copy is current.
func (h *handlers) CorrectCanalizacion(c echo.Context, id api.RecordID, params api.CorrectCanalizacionParams) error {
	version, err := ifMatch(deref(params.IfMatch))
	if err != nil {
		return err
	}
	var req api.CanalizacionCorrection
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	in := canalizaciones.Correction{ServiceType: req.ServiceType, SentOn: req.SentOn.Time, Notes: deref(req.Notes),
		NewNotes: req.Notes != nil, Reason: reasonFor(req.ReasonCode, req.ReasonText)}
	k, err := h.deps.Canalizaciones.Correct(c.Request().Context(), principalOf(c), id, version, in)
	if err != nil {
		return err
	}
	setETag(c, k.Version)
	return c.JSON(http.StatusOK, canalizacionDTO(k))
}

// VoidCanalizacion voids a canalización nobody has answered, when the caller's copy is current.
func (h *handlers) VoidCanalizacion(c echo.Context, id api.RecordID, params api.VoidCanalizacionParams) error {
	version, reason, err := voiding(c, params.IfMatch)
	if err != nil {
		return err
	}
	if err := h.deps.Canalizaciones.Void(c.Request().Context(), principalOf(c), id, version, reason); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// GetCanalizacionHistory lists a canalización's corrections and voiding for a stated reason.
func (h *handlers) GetCanalizacionHistory(c echo.Context, id api.RecordID, params api.GetCanalizacionHistoryParams) error {
	changes, err := h.deps.Canalizaciones.History(c.Request().Context(), principalOf(c), id, reasonOf(params.XMotivoConsulta, params.XMotivoDetalle))
	return respondHistory(c, changes, err)
}

// voiding reads a voiding request: the version in If-Match and the reason.
func voiding(c echo.Context, header *api.IfMatch) (int, corrections.Reason, error) {
	version, err := ifMatch(deref(header))
	if err != nil {
		return 0, corrections.Reason{}, err
	}
	var req api.Voiding
	if err := bindJSON(c, &req); err != nil {
		return 0, corrections.Reason{}, err
	}
	return version, reasonFor(req.ReasonCode, req.ReasonText), nil
}

func reasonFor(code api.CorrectionReasonCode, text *string) corrections.Reason {
	return corrections.Reason{Code: string(code), Text: deref(text)}
}

func respondHistory(c echo.Context, changes []corrections.Change, err error) error {
	if err != nil {
		return err
	}
	out := api.CorrectionHistory{Items: make([]api.CorrectionEntry, len(changes))}
	for i, ch := range changes {
		by := ch.ByUser
		out.Items[i] = api.CorrectionEntry{Kind: api.CorrectionEntryKind(ch.Kind), Version: ch.Version,
			ReasonCode: api.CorrectionReasonCode(ch.ReasonCode), ReasonText: ch.ReasonText, Previous: previousValues(ch.Previous),
			ByUser: &by, ByInstitution: ch.ByInstitution, At: ch.At.UTC()}
	}
	return c.JSON(http.StatusOK, out)
}

func utcOrNil(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// previousValues lists a change's previous values in field order.
func previousValues(previous map[string]string) []api.PreviousValue {
	out := make([]api.PreviousValue, 0, len(previous))
	for _, field := range slices.Sorted(maps.Keys(previous)) {
		out = append(out, api.PreviousValue{Field: field, Value: previous[field]})
	}
	return out
}
