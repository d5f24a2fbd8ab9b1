package httpapi

import (
	"encoding/hex"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"sintra/api"
	"sintra/internal/apperr"
	"sintra/internal/domain"
	"sintra/internal/render"
	"sintra/internal/reports"
)

// ListPeriodos lists reporting periods.
func (h *handlers) ListPeriodos(c echo.Context) error {
	periods, err := h.deps.Reports.Periods(c.Request().Context())
	if err != nil {
		return err
	}
	out := api.PeriodList{Items: make([]api.Period, len(periods))}
	for i, p := range periods {
		out.Items[i] = periodDTO(p)
	}
	return c.JSON(http.StatusOK, out)
}

// CreatePeriodo defines a reporting period.
func (h *handlers) CreatePeriodo(c echo.Context) error {
	var req api.NewPeriod
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	p, err := h.deps.Reports.CreatePeriod(c.Request().Context(), principalOf(c), reports.PeriodInput{Name: req.Name,
		Kind: string(req.Kind), StartsOn: req.StartsOn.Time, EndsOn: req.EndsOn.Time})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, periodDTO(p))
}

// GetQuarterlyReport renders the report of a period.
func (h *handlers) GetQuarterlyReport(c echo.Context, params api.GetQuarterlyReportParams) error {
	period, err := h.deps.Reports.PeriodByName(c.Request().Context(), params.Periodo)
	if apperr.CodeOf(err) == apperr.NotFound {
		return apperr.New(apperr.NotFound, "El periodo no existe.")
	} else if err != nil {
		return err
	}
	return h.renderReport(c, period.ID, derefAs(params.Entidad), string(derefAs(params.Formato)), params.Publico)
}

// GetAnnualReport renders the annual report of a year.
func (h *handlers) GetAnnualReport(c echo.Context, params api.GetAnnualReportParams) error {
	period, err := h.deps.Reports.AnnualPeriod(c.Request().Context(), params.Anio)
	if err != nil {
		return err
	}
	return h.renderReport(c, period.ID, derefAs(params.Entidad), string(derefAs(params.Formato)), params.Publico)
}

func (h *handlers) renderReport(c echo.Context, periodID uuid.UUID, entidad, format string, public *bool) error {
	r, err := h.deps.Reports.ReportOf(c.Request().Context(), principalOf(c), periodID, entidad, public != nil && *public)
	if err != nil {
		return err
	}
	setDataAsOf(c, r.DataAsOf)
	return sendReport(c, r, format)
}

// HeaderDataAsOf names the instant up to which a report or statistic
// counts every committed record: with a replica, how fresh its data is.
const HeaderDataAsOf = "X-Data-As-Of"

func setDataAsOf(c echo.Context, at time.Time) {
	if !at.IsZero() {
		c.Response().Header().Set(HeaderDataAsOf, at.UTC().Format(time.RFC3339Nano))
	}
}

// sendReport writes a report in the asked format.
func sendReport(c echo.Context, r reports.Report, format string) error {
	if format == "" {
		format = "json"
	}
	body, err := render.Report(r, format)
	if err != nil {
		return err
	}
	if format != "json" {
		c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="informe.`+format+`"`)
	}
	return c.Blob(http.StatusOK, render.Formats[format], body)
}

// IssueReport freezes a period's report.
func (h *handlers) IssueReport(c echo.Context) error {
	var req api.IssueRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	issued, err := h.deps.Reports.IssueOf(c.Request().Context(), principalOf(c), req.Periodo, deref(req.Entidad))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, issuedDTO(issued.IssuedReport))
}

// ListIssuedReports lists issued reports.
func (h *handlers) ListIssuedReports(c echo.Context, params api.ListIssuedReportsParams) error {
	var period uuid.NullUUID
	if params.Periodo != nil {
		period = uuid.NullUUID{UUID: *params.Periodo, Valid: true}
	}
	list, err := h.deps.Reports.ListIssued(c.Request().Context(), principalOf(c), period)
	if err != nil {
		return err
	}
	out := api.IssuedReportList{Items: make([]api.IssuedReport, len(list))}
	for i, r := range list {
		out.Items[i] = issuedDTO(r)
	}
	return c.JSON(http.StatusOK, out)
}

// GetIssuedReport renders an issued report as issued.
func (h *handlers) GetIssuedReport(c echo.Context, id api.RecordID, params api.GetIssuedReportParams) error {
	issued, err := h.deps.Reports.GetIssued(c.Request().Context(), principalOf(c), id)
	if err != nil {
		return err
	}
	return sendReport(c, issued.Report, string(derefAs(params.Formato)))
}

// GetIssuedReportChanges lists what changed since a report was issued.
func (h *handlers) GetIssuedReportChanges(c echo.Context, id api.RecordID) error {
	changes, err := h.deps.Reports.Changes(c.Request().Context(), principalOf(c), id)
	if err != nil {
		return err
	}
	if changes == nil {
		changes = []reports.Change{}
	}
	return c.JSON(http.StatusOK, struct {
		Items []reports.Change `json:"items"`
	}{changes})
}

// GetStatistic returns a protected statistic.
func (h *handlers) GetStatistic(c echo.Context, params api.GetStatisticParams) error {
	dim2 := ""
	if params.Dim2 != nil {
		dim2 = string(*params.Dim2)
	}
	t, err := h.deps.Reports.StatisticOf(c.Request().Context(), principalOf(c), params.Periodo, derefAs(params.Entidad),
		string(params.Medida), string(params.Dim1), dim2)
	if err != nil {
		return err
	}
	setDataAsOf(c, t.DataAsOf)
	format := string(derefAs(params.Formato))
	if format == "" || format == "json" {
		return c.JSON(http.StatusOK, t)
	}
	body, err := render.Table(t, format)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="estadistica.`+format+`"`)
	return c.Blob(http.StatusOK, render.Formats[format], body)
}

// ListStatisticDimensions lists the statistics' measures and dimensions.
func (h *handlers) ListStatisticDimensions(c echo.Context) error {
	measures := reports.Measures()
	out := make([]api.StatisticMeasure, len(measures))
	for i, m := range measures {
		out[i] = api.StatisticMeasure{Code: m.Code, Name: m.Name, Dimensions: make([]api.StatisticDimension, len(m.Dimensions))}
		for j, d := range m.Dimensions {
			out[i].Dimensions[j] = api.StatisticDimension{Code: d.Code, Name: d.Name, Crosses: nonNil(d.Crosses)}
		}
	}
	return c.JSON(http.StatusOK, api.StatisticMeasureList{Items: out})
}

func periodDTO(p domain.Period) api.Period {
	return api.Period{Id: p.ID, Name: p.Name, Kind: api.PeriodKind(p.Kind), StartsOn: openapi_types.Date{Time: p.StartsOn},
		EndsOn: openapi_types.Date{Time: p.EndsOn}}
}

func issuedDTO(r domain.IssuedReport) api.IssuedReport {
	out := api.IssuedReport{Id: r.ID, PeriodId: r.PeriodID, QueryVersion: r.QueryVersion, DataVersion: r.DataVersion,
		Sha256: hex.EncodeToString(r.SHA256), IssuedAt: r.IssuedAt.UTC()}
	if r.Entidad != "" {
		out.Entidad = &r.Entidad
	}
	return out
}
