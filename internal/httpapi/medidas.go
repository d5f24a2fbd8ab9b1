package httpapi

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/oapi-codegen/nullable"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"sintra/api"
	"sintra/internal/domain"
	"sintra/internal/medidas"
)

// ListVictimMedidas lists a víctima's medidas de protección.
func (h *handlers) ListVictimMedidas(c echo.Context, id api.RecordID) error {
	found, err := h.deps.Medidas.OfVictim(c.Request().Context(), principalOf(c), id)
	if err != nil {
		return err
	}
	out := api.MedidaList{Items: make([]api.MedidaRecord, len(found))}
	for i, m := range found {
		out.Items[i] = medidaDTO(m)
	}
	return c.JSON(http.StatusOK, out)
}

// CreateMedida records a medida de protección asked for a víctima.
func (h *handlers) CreateMedida(c echo.Context, id api.RecordID) error {
	var req api.NewMedida
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	m, err := h.deps.Medidas.Create(c.Request().Context(), principalOf(c), id, medidas.Input{Type: string(req.Type),
		Beneficiary: string(req.Beneficiary), RequestedBy: req.RequestedBy, RequestedOn: req.RequestedOn.Time,
		Observations: deref(req.Observations), Family: deref(req.Family)})
	if err != nil {
		return err
	}
	setETag(c, m.Version)
	return c.JSON(http.StatusCreated, medidaDTO(m))
}

// GetMedida reads a medida de protección for a stated reason.
func (h *handlers) GetMedida(c echo.Context, id api.RecordID, params api.GetMedidaParams) error {
	d, err := h.deps.Medidas.Get(c.Request().Context(), principalOf(c), id, reasonOf(params.XMotivoConsulta, params.XMotivoDetalle))
	if err != nil {
		return err
	}
	out := api.MedidaDetail{Medida: medidaDTO(d.MedidaProteccion), Observations: &d.Observations, Family: &d.Family,
		Evaluations: make([]api.MedidaEvaluacion, len(d.Evaluations))}
	if d.VoidedAt != nil {
		out.VoidReasonText = &d.VoidReason
	}
	out.History = make([]struct {
		ChangedAt time.Time          `json:"changed_at"`
		ChangedBy string             `json:"changed_by"`
		On        openapi_types.Date `json:"on"`
		Status    api.MedidaStatus   `json:"status"`
	}, len(d.History))
	for i, e := range d.History {
		out.History[i].ChangedAt, out.History[i].ChangedBy = e.ChangedAt.UTC(), e.ChangedByName
		out.History[i].On, out.History[i].Status = openapi_types.Date{Time: e.OccurredOn}, api.MedidaStatus(e.Status)
	}
	for i, e := range d.Evaluations {
		out.Evaluations[i] = evaluacionDTO(e.MedidaEvaluacion)
		notes := e.Notes
		out.Evaluations[i].Notes = &notes
	}
	setETag(c, d.Version)
	return c.JSON(http.StatusOK, out)
}

// UpdateMedida changes a medida de protección when the caller's copy is current.
func (h *handlers) UpdateMedida(c echo.Context, id api.RecordID, params api.UpdateMedidaParams) error {
	version, err := ifMatch(deref(params.IfMatch))
	if err != nil {
		return err
	}
	var req api.MedidaChange
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	ch := medidas.Change{Status: (*string)(req.Status), On: dateOrNil(req.On), Observations: req.Observations, Family: req.Family}
	ch.GrantingAuthority = orClear(req.GrantingAuthority, "granting_authority", &ch.Clear)
	ch.GrantedOn = dateOrNil(orClear(req.GrantedOn, "granted_on", &ch.Clear))
	ch.StartsOn = dateOrNil(orClear(req.StartsOn, "starts_on", &ch.Clear))
	ch.EndsOn = dateOrNil(orClear(req.EndsOn, "ends_on", &ch.Clear))
	m, err := h.deps.Medidas.Update(c.Request().Context(), principalOf(c), id, version, ch)
	if err != nil {
		return err
	}
	setETag(c, m.Version)
	return c.JSON(http.StatusOK, medidaDTO(m))
}

// orClear is a field a change may give or empty: its value when given;
// when sent as null, nil and its name added to cleared; nil when left out.
func orClear[T any](v nullable.Nullable[T], name string, cleared *[]string) *T {
	if v.IsNull() {
		*cleared = append(*cleared, name)
		return nil
	}
	if got, err := v.Get(); err == nil {
		return &got
	}
	return nil
}

// VoidMedida voids a medida de protección recorded by mistake, for a reason.
func (h *handlers) VoidMedida(c echo.Context, id api.RecordID, params api.VoidMedidaParams) error {
	version, reason, err := voiding(c, params.IfMatch)
	if err != nil {
		return err
	}
	if err := h.deps.Medidas.Void(c.Request().Context(), principalOf(c), id, version, reason); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// EvaluateMedida records a risk assessment of a medida de protección.
func (h *handlers) EvaluateMedida(c echo.Context, id api.RecordID) error {
	var req api.NewMedidaEvaluacion
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	e, err := h.deps.Medidas.Evaluate(c.Request().Context(), principalOf(c), id, medidas.Assessment{RiskLevel: string(req.RiskLevel),
		AssessedOn: req.AssessedOn.Time, NextReviewOn: req.NextReviewOn.Time, Notes: deref(req.Notes)})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, evaluacionDTO(e))
}

func medidaDTO(m domain.MedidaProteccion) api.MedidaRecord {
	return api.MedidaRecord{Id: m.ID, VictimId: m.VictimID, Type: api.MedidaType(m.Type), Beneficiary: m.Beneficiary,
		RequestedBy: m.RequestedBy, RequestedOn: openapi_types.Date{Time: m.RequestedOn},
		GrantingAuthority: (*api.GrantingAuthority)(m.GrantingAuthority), GrantedOn: apiDate(m.GrantedOn), StartsOn: apiDate(m.StartsOn),
		EndsOn: apiDate(m.EndsOn), Status: api.MedidaStatus(m.Status), RiskLevel: (*api.RiskLevel)(m.RiskLevel),
		AssessedOn: apiDate(m.AssessedOn), NextReviewOn: apiDate(m.NextReviewOn), Institution: m.Institution, Municipio: m.Municipio,
		Version: m.Version, VoidedAt: utcOrNil(m.VoidedAt), VoidedByInstitution: m.VoidedByInstitution,
		VoidReasonCode: (*api.CorrectionReasonCode)(m.VoidReasonCode)}
}

func evaluacionDTO(e domain.MedidaEvaluacion) api.MedidaEvaluacion {
	return api.MedidaEvaluacion{Id: e.ID, RiskLevel: api.RiskLevel(e.RiskLevel), AssessedOn: openapi_types.Date{Time: e.AssessedOn},
		NextReviewOn: openapi_types.Date{Time: e.NextReviewOn}, AssessedBy: e.AssessedByName, RecordedAt: e.CreatedAt.UTC()}
}

// apiDate is an optional day of a record.
func apiDate(d *time.Time) *openapi_types.Date {
	if d == nil {
		return nil
	}
	return &openapi_types.Date{Time: *d}
}

// ListMedidasDueForReview lists the medidas whose risk review is due.
func (h *handlers) ListMedidasDueForReview(c echo.Context, params api.ListMedidasDueForReviewParams) error {
	limit, offset, err := offsetPage(params.Limit, params.Cursor)
	if err != nil {
		return err
	}
	dueOn := h.deps.Clock.Today()
	if params.Hasta != nil {
		dueOn = params.Hasta.Time
	}
	found, total, err := h.deps.Medidas.DueForReview(c.Request().Context(), principalOf(c), dueOn, limit, offset)
	if err != nil {
		return err
	}
	out := api.MedidaDuePage{Items: make([]api.MedidaDue, len(found)), Total: total, Limit: limit,
		Next: nextOffset(limit, offset, len(found), total)}
	for i, m := range found {
		out.Items[i] = api.MedidaDue{Id: m.ID, VictimId: m.VictimID, Folio: m.VictimFolio, Type: api.MedidaType(m.Type),
			Municipio: m.Municipio, RiskLevel: (*api.RiskLevel)(m.RiskLevel), NextReviewOn: openapi_types.Date{Time: *m.NextReviewOn}}
	}
	return c.JSON(http.StatusOK, out)
}
