package httpapi

import (
	"encoding/hex"
	"math"
	"net/http"
	"sintra/internal/domain"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"sintra/api"
	"sintra/internal/audit"
)

// SearchAudit lists audit events.
func (h *handlers) SearchAudit(c echo.Context, params api.SearchAuditParams) error {
	f := auditFilter(api.ExportAuditParams{Usuario: params.Usuario, TipoRegistro: params.TipoRegistro, Registro: params.Registro,
		Accion: params.Accion, Municipio: params.Municipio, Desde: params.Desde, Hasta: params.Hasta})
	if params.Cursor != nil {
		before, err := decodeCursor(beforeID, params.Cursor, math.MaxInt64)
		if err != nil {
			return err
		}
		f.BeforeID = &before
	}
	limit := limitOf(params.Limit)
	events, err := h.deps.Audit.Search(c.Request().Context(), principalOf(c), f, limit)
	if err != nil {
		return err
	}
	out := api.AuditPage{Items: make([]api.AuditEvent, len(events)), Limit: limit}
	for i, e := range events {
		out.Items[i] = auditEventDTO(e)
	}
	if len(events) == limit {
		out.Next = encodeCursor(beforeID, events[len(events)-1].ID)
	}
	return c.JSON(http.StatusOK, out)
}

// ExportAudit streams matching events as CSV.
func (h *handlers) ExportAudit(c echo.Context, params api.ExportAuditParams) error {
	c.Response().Header().Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="auditoria.csv"`)
	c.Response().WriteHeader(http.StatusOK)
	return h.deps.Audit.Export(c.Request().Context(), principalOf(c), auditFilter(params), c.Response())
}

// ListAuditFindings lists the alert findings.
func (h *handlers) ListAuditFindings(c echo.Context, params api.ListAuditFindingsParams) error {
	limit, offset, err := offsetPage(params.Limit, params.Cursor)
	if err != nil {
		return err
	}
	findings, err := h.deps.Audit.Findings(c.Request().Context(), principalOf(c), limit, offset)
	if err != nil {
		return err
	}
	out := api.FindingPage{Items: make([]api.Finding, len(findings)), Limit: limit, Next: nextOffset(limit, offset, len(findings), -1)}
	for i, f := range findings {
		out.Items[i] = api.Finding{Id: f.ID, DetectedAt: f.DetectedAt.UTC(), Rule: f.Rule, UserId: nullUUID(f.UserID),
			Username: f.Username, WindowStart: f.WindowStart.UTC(), WindowEnd: f.WindowEnd.UTC(), Count: f.Count, Detail: f.Detail}
	}
	return c.JSON(http.StatusOK, out)
}

func auditFilter(p api.ExportAuditParams) audit.Filter {
	f := audit.Filter{RecordType: p.TipoRegistro, RecordID: p.Registro, Action: p.Accion, Municipio: p.Municipio, Since: p.Desde, Until: p.Hasta}
	if p.Usuario != nil {
		f.UserID = uuid.NullUUID{UUID: *p.Usuario, Valid: true}
	}
	return f
}

func auditEventDTO(e domain.AuditEvent) api.AuditEvent {
	return api.AuditEvent{
		Id: e.ID, OccurredAt: e.OccurredAt.UTC(), UserId: nullUUID(e.UserID), Username: e.Username, Institution: e.Institution,
		Roles: nonNil(e.Roles), ClientAddr: e.ClientAddr, RequestId: e.RequestID, Action: e.Action, RecordType: e.RecordType,
		RecordId: e.RecordID, Municipio: e.Municipio, Outcome: api.AuditEventOutcome(e.Outcome), ReasonCode: e.ReasonCode,
		ReasonText: e.ReasonText, Detail: e.Detail, Chain: e.Chain, Seq: e.Seq, Hash: hex.EncodeToString(e.Hash),
	}
}

func nullUUID(u uuid.NullUUID) *uuid.UUID {
	if !u.Valid {
		return nil
	}
	return &u.UUID
}
