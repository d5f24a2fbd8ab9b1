package httpapi

import (
	"net/http"
	"sintra/internal/domain"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"sintra/api"
	"sintra/internal/grupotrabajo"
)

// GetGTAgenda lists the casos to review at a municipio's session.
func (h *handlers) GetGTAgenda(c echo.Context, params api.GetGTAgendaParams) error {
	var date openapi_types.Date
	if params.Fecha != nil {
		date = *params.Fecha
	}
	items, since, err := h.deps.Grupo.Agenda(c.Request().Context(), principalOf(c), params.Municipio, date.Time)
	if err != nil {
		return err
	}
	out := api.Agenda{Municipio: params.Municipio, Since: openapi_types.Date{Time: since}, Items: make([]api.AgendaItem, len(items))}
	for i, it := range items {
		out.Items[i] = api.AgendaItem{CasoId: it.CasoID, Folio: it.Folio, Status: it.Status, Institution: it.Institution,
			IsNew: it.IsNew, OverdueAcuerdos: it.OverdueAcuerdos, NewServices: it.NewServices, CanalizacionSteps: it.CanalizacionSteps,
			NewCanalizaciones: it.NewCanalizaciones, CarpetaEvents: it.CarpetaEvents, StatusChanges: it.StatusChanges}
	}
	return c.JSON(http.StatusOK, out)
}

// ListGTSessions lists sessions.
func (h *handlers) ListGTSessions(c echo.Context, params api.ListGTSessionsParams) error {
	limit, offset, err := offsetPage(params.Limit, params.Cursor)
	if err != nil {
		return err
	}
	sessions, total, err := h.deps.Grupo.ListSessions(c.Request().Context(), principalOf(c), params.Municipio, limit, offset)
	if err != nil {
		return err
	}
	out := api.GTSessionPage{Items: make([]api.GTSessionSummary, len(sessions)), Total: total, Limit: limit,
		Next: nextOffset(limit, offset, len(sessions), total)}
	for i, g := range sessions {
		out.Items[i] = gtSessionDTO(g)
	}
	return c.JSON(http.StatusOK, out)
}

// CreateGTSession records a session.
func (h *handlers) CreateGTSession(c echo.Context) error {
	var req api.NewGTSession
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	in := grupotrabajo.SessionInput{Municipio: req.Municipio, HeldOn: req.HeldOn.Time, Kind: string(req.Kind), Minutes: deref(req.Minutes)}
	if req.Institutions != nil {
		in.Institutions = *req.Institutions
	}
	g, err := h.deps.Grupo.CreateSession(c.Request().Context(), principalOf(c), in)
	if err != nil {
		return err
	}
	setETag(c, g.Version)
	return c.JSON(http.StatusCreated, gtSessionDTO(g))
}

// GetGTSession reads a session for a stated reason.
func (h *handlers) GetGTSession(c echo.Context, id api.RecordID, params api.GetGTSessionParams) error {
	g, err := h.deps.Grupo.GetSession(c.Request().Context(), principalOf(c), id, reasonOf(params.XMotivoConsulta, params.XMotivoDetalle))
	if err != nil {
		return err
	}
	setETag(c, g.Version)
	out := api.GTSession{Session: gtSessionDTO(g.GTSession), Minutes: g.Minutes, Institutions: nonNil(g.Institutions),
		Reviews: make([]api.GTReview, len(g.Reviews)), Acuerdos: acuerdoDTOs(g.Acuerdos), Pending: acuerdoDTOs(g.Pending)}
	for i, r := range g.Reviews {
		out.Reviews[i] = api.GTReview{Review: reviewDTO(r.Review), Victims: make([]api.VictimMinimal, len(r.Victims))}
		for j, v := range r.Victims {
			out.Reviews[i].Victims[j] = *minimalDTO(v)
		}
	}
	return c.JSON(http.StatusOK, out)
}

// UpdateGTSessionMinutes replaces a session's minutes.
func (h *handlers) UpdateGTSessionMinutes(c echo.Context, id api.RecordID, params api.UpdateGTSessionMinutesParams) error {
	version, err := ifMatch(deref(params.IfMatch))
	if err != nil {
		return err
	}
	var req api.GTMinutes
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	g, err := h.deps.Grupo.UpdateMinutes(c.Request().Context(), principalOf(c), id, version, req.Minutes)
	if err != nil {
		return err
	}
	setETag(c, g.Version)
	return c.JSON(http.StatusOK, gtSessionDTO(g))
}

// AddGTReview records a case review.
func (h *handlers) AddGTReview(c echo.Context, id api.RecordID) error {
	var req api.NewGTReview
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	r, err := h.deps.Grupo.AddReview(c.Request().Context(), principalOf(c), id, req.CasoId, deref(req.Summary))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, reviewDTO(r))
}

// AddAcuerdo records an acuerdo.
func (h *handlers) AddAcuerdo(c echo.Context, id api.RecordID) error {
	var req api.NewAcuerdo
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	in := grupotrabajo.AcuerdoInput{Text: req.Text, Responsible: req.Responsible, DueOn: req.DueOn.Time}
	if req.CasoId != nil {
		in.CasoID = uuid.NullUUID{UUID: *req.CasoId, Valid: true}
	}
	a, err := h.deps.Grupo.AddAcuerdo(c.Request().Context(), principalOf(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, acuerdoDTO(a))
}

// GetGTSessionActa prints a session's acta.
func (h *handlers) GetGTSessionActa(c echo.Context, id api.RecordID, params api.GetGTSessionActaParams) error {
	pdf, err := h.deps.Grupo.Acta(c.Request().Context(), principalOf(c), id, reasonOf(params.XMotivoConsulta, params.XMotivoDetalle))
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="acta.pdf"`)
	return c.Blob(http.StatusOK, "application/pdf", pdf)
}

// ListAcuerdos lists acuerdos, overdue first.
func (h *handlers) ListAcuerdos(c echo.Context, params api.ListAcuerdosParams) error {
	limit, offset, err := offsetPage(params.Limit, params.Cursor)
	if err != nil {
		return err
	}
	f := domain.AcuerdoFilter{Municipio: params.Municipio, OnlyOverdue: params.Vencidos != nil && *params.Vencidos,
		WithVoided: params.Anuladas != nil && *params.Anuladas}
	if params.Estado != nil {
		s := string(*params.Estado)
		f.Status = &s
	}
	list, err := h.deps.Grupo.ListAcuerdos(c.Request().Context(), principalOf(c), f, limit, offset)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, api.AcuerdoPage{Items: acuerdoDTOs(list), Limit: limit, Next: nextOffset(limit, offset, len(list), -1)})
}

// FollowAcuerdo updates an acuerdo's status.
func (h *handlers) FollowAcuerdo(c echo.Context, id api.RecordID) error {
	var req api.AcuerdoFollowUp
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	var session uuid.NullUUID
	if req.SessionId != nil {
		session = uuid.NullUUID{UUID: *req.SessionId, Valid: true}
	}
	a, err := h.deps.Grupo.MoveAcuerdo(c.Request().Context(), principalOf(c), id, string(req.Status), deref(req.Note), session, dateOrZero(req.On))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, acuerdoDTO(a))
}

func gtSessionDTO(g domain.GTSession) api.GTSessionSummary {
	return api.GTSessionSummary{Id: g.ID, Municipio: g.Municipio, HeldOn: openapi_types.Date{Time: g.HeldOn}, Kind: g.Kind, Version: g.Version}
}

func reviewDTO(r grupotrabajo.Review) api.GTReviewSummary {
	return api.GTReviewSummary{Id: r.ID, CasoId: r.CasoID, Folio: r.Folio, CasoStatus: r.CasoStatus, Summary: r.Summary}
}

func acuerdoDTO(a grupotrabajo.Acuerdo) api.Acuerdo {
	status := a.Status
	if a.Overdue {
		status = "vencido"
	}
	return api.Acuerdo{Id: a.ID, SessionId: a.SessionID, CasoId: nullUUID(a.CasoID), Municipio: a.Municipio, Text: a.Text,
		Responsible: a.Responsible, DueOn: openapi_types.Date{Time: a.DueOn}, Status: api.AcuerdoStatus(status),
		CompletedOn: dateOut(a.CompletedOn), Version: a.Version, VoidedAt: utcOrNil(a.VoidedAt)}
}

func acuerdoDTOs(list []grupotrabajo.Acuerdo) []api.Acuerdo {
	out := make([]api.Acuerdo, len(list))
	for i, a := range list {
		out[i] = acuerdoDTO(a)
	}
	return out
}
