package httpapi

import (
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"sintra/api"
	"sintra/internal/carpetas"
)

// GetReparationPayments reads a resolución's reparación del daño, balance
// and payments, for a stated reason.
func (h *handlers) GetReparationPayments(c echo.Context, id api.RecordID, resolucion api.ResolucionID, params api.GetReparationPaymentsParams) error {
	b, err := h.deps.Carpetas.Payments(c.Request().Context(), principalOf(c), id, resolucion,
		reasonOf(params.XMotivoConsulta, params.XMotivoDetalle))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, balanceDTO(b))
}

// RecordReparationPayment records a payment against a resolución.
func (h *handlers) RecordReparationPayment(c echo.Context, id api.RecordID, resolucion api.ResolucionID) error {
	var req api.NewReparationPayment
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	in := carpetas.PaymentInput{PaidOn: req.PaidOn.Time, AmountCents: req.AmountCentavos, Payer: string(req.Payer)}
	if req.VictimId != nil {
		in.VictimID = uuid.NullUUID{UUID: *req.VictimId, Valid: true}
	}
	p, err := h.deps.Carpetas.RecordPayment(c.Request().Context(), principalOf(c), id, resolucion, in)
	if err != nil {
		return err
	}
	setETag(c, p.Version)
	return c.JSON(http.StatusCreated, paymentDTO(p))
}

// CorrectOrderedReparation corrects the amount a resolución ordered when the caller's copy is current.
func (h *handlers) CorrectOrderedReparation(c echo.Context, id api.RecordID, resolucion api.ResolucionID, params api.CorrectOrderedReparationParams) error {
	version, err := ifMatch(deref(params.IfMatch))
	if err != nil {
		return err
	}
	var req api.ReparationAmountCorrection
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	next, err := h.deps.Carpetas.CorrectOrderedAmount(c.Request().Context(), principalOf(c), id, resolucion, version, req.OrderedCentavos,
		reasonFor(req.ReasonCode, req.ReasonText))
	if err != nil {
		return err
	}
	setETag(c, next)
	return c.NoContent(http.StatusNoContent)
}

// VoidReparationPayment voids a payment when the caller's copy is current.
func (h *handlers) VoidReparationPayment(c echo.Context, id api.RecordID, resolucion api.ResolucionID, pago api.PagoID, params api.VoidReparationPaymentParams) error {
	version, reason, err := voiding(c, params.IfMatch)
	if err != nil {
		return err
	}
	if err := h.deps.Carpetas.VoidPayment(c.Request().Context(), principalOf(c), id, resolucion, pago, version, reason); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func paymentDTO(p carpetas.Payment) api.ReparationPayment {
	out := api.ReparationPayment{Id: p.ID, ResolucionId: p.ResolucionID, PaidOn: openapi_types.Date{Time: p.PaidOn},
		AmountCentavos: p.AmountCents, Payer: api.ReparationPayer(p.Payer), VictimId: nullUUID(p.VictimID),
		Institution: p.Institution, Version: p.Version, CreatedAt: p.CreatedAt.UTC(), VoidedAt: utcOrNil(p.VoidedAt),
		VoidedByInstitution: p.VoidedByInstitution}
	if p.VoidReasonCode != nil {
		code, text := api.CorrectionReasonCode(*p.VoidReasonCode), p.VoidReasonText
		out.VoidReasonCode, out.VoidReasonText = &code, &text
	}
	return out
}

func balanceDTO(b carpetas.Balance) api.ReparationBalance {
	out := api.ReparationBalance{ResolucionId: b.ResolucionID, ReparationOrdered: b.ReparationOrdered, Version: b.Version,
		OrderedCentavos: b.Ordered, PaidCentavos: b.Paid, PendingCentavos: b.Pending(),
		Payments: make([]api.ReparationPayment, len(b.Payments))}
	for i, p := range b.Payments {
		out.Payments[i] = paymentDTO(p)
	}
	return out
}

// reparationTotals sums the balances of a carpeta's resoluciones.
func reparationTotals(balances []carpetas.Balance) api.ReparationTotals {
	var t api.ReparationTotals
	for _, b := range balances {
		if b.Ordered != nil {
			t.OrderedCentavos += *b.Ordered
		}
		t.PaidCentavos += b.Paid
		t.PendingCentavos += b.Pending()
	}
	return t
}
