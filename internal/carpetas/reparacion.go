package carpetas

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/clock"
	"sintra/internal/corrections"
	"sintra/internal/crypto"
	"sintra/internal/domain"
	"sintra/internal/sealed"
	"sintra/internal/store"
	"sintra/internal/victims"
)

// MaxPaymentCents is the largest payment recorded at once: a thousand
// million pesos, beyond any reparación ordered in the state.
const MaxPaymentCents = 100_000_000_000

// Payment is a payment of a reparación del daño, the reason of its
// voiding opened.
type Payment struct {
	domain.ReparationPayment
	VoidReasonText string
}

// Balance is what a resolución ordered as reparación del daño, what has
// been paid against it (voided payments left out) and what remains, in
// centavos; Ordered is nil when the resolución gave no amount.
type Balance struct {
	ResolucionID      uuid.UUID
	ReparationOrdered bool
	// Version is the resolución's, for correcting the amount ordered.
	Version  int
	Ordered  *int64
	Paid     int64
	Payments []Payment
}

// Pending is what remains to be paid: never below zero, zero when no
// amount was given.
func (b Balance) Pending() int64 {
	if b.Ordered == nil || *b.Ordered < b.Paid {
		return 0
	}
	return *b.Ordered - b.Paid
}

// PaymentInput is a payment to record against a resolución.
type PaymentInput struct {
	PaidOn      time.Time
	AmountCents int64
	Payer       string
	VictimID    uuid.NullUUID
}

func paymentPlace(id uuid.UUID) crypto.Place {
	return crypto.Place{Table: "reparation_payments", RecordID: id.String()}
}

var (
	errResolucionNotFound = apperr.New(apperr.NotFound, "La resolución no existe en esta carpeta.")
	errPaymentNotFound    = apperr.New(apperr.NotFound, "El pago no existe en esta carpeta.")
	errNoReparation       = apperr.New(apperr.Unprocessable,
		"La resolución no ordenó la reparación del daño; no se pueden registrar pagos sobre ella.")
	errNoAmount = apperr.New(apperr.Unprocessable,
		"La resolución no indica el monto de la reparación del daño; indíquelo (corregir el monto ordenado) antes de registrar pagos.")
)

// RecordPayment records a payment against a resolución of a carpeta that
// ordered the reparación del daño. A payment that would take what has
// been paid beyond the amount ordered is refused: the amount ordered must
// be corrected first. The resolución is locked, so two payments recorded
// at once are checked one after the other.
func (s *Service) RecordPayment(ctx context.Context, p *authz.Principal, id, resolucionID uuid.UUID, in PaymentInput) (Payment, error) {
	pay := domain.ReparationPayment{PaidOn: in.PaidOn, AmountCents: in.AmountCents, Payer: in.Payer, VictimID: in.VictimID}
	pay.ID, pay.CarpetaID, pay.ResolucionID, pay.Institution, pay.Version = uuid.New(), id, resolucionID, p.Institution, 1
	pay.CreatedBy, pay.CreatedAt = p.UserID, s.clock.Now()
	pay.PaidOn = clock.Date(pay.PaidOn)
	var fields []apperr.FieldError
	if pay.PaidOn.IsZero() || s.future(pay.PaidOn) {
		fields = append(fields, apperr.FieldError{Field: "paid_on", Message: "Indique la fecha del pago; no puede ser futura."})
	}
	if !validAmount(pay.AmountCents) {
		fields = append(fields, amountError("amount_centavos"))
	}
	if !slices.Contains(domain.Payers, pay.Payer) {
		fields = append(fields, apperr.FieldError{Field: "payer", Message: "Elija quién pagó: la persona sentenciada, el Fondo (CEAVEQROO), una aseguradora o fianza, u otro."})
	}
	if len(fields) > 0 {
		return Payment{}, apperr.Validation(fields...)
	}
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		c, err := s.scoped(ctx, tx, p, id, authz.CarpetasUpdate)
		if err != nil {
			return err
		}
		r, err := lockOrdered(ctx, tx, id, resolucionID)
		if err != nil {
			return err
		}
		if r.ReparationCents == nil {
			return errNoAmount
		}
		if pay.PaidOn.Before(r.ResolvedOn) {
			return apperr.Validation(apperr.FieldError{Field: "paid_on", Message: "El pago no puede ser anterior a la resolución."})
		}
		if pay.VictimID.Valid {
			linked, err := tx.CarpetaVictims(ctx, id)
			if err != nil {
				return err
			}
			if !slices.ContainsFunc(linked, func(v domain.VictimSummary) bool { return v.ID == pay.VictimID.UUID }) {
				return apperr.Validation(apperr.FieldError{Field: "victim_id", Message: "La víctima no está vinculada a esta carpeta."})
			}
		}
		paid, err := tx.ReparationPaid(ctx, resolucionID)
		if err != nil {
			return err
		}
		if paid+pay.AmountCents > *r.ReparationCents {
			return apperr.New(apperr.Unprocessable, fmt.Sprintf("El pago excede el saldo pendiente de la reparación del daño: quedan %s por pagar de %s ordenados. "+
				"Si el monto ordenado cambió, corríjalo antes de registrar el pago.", Pesos(*r.ReparationCents-paid), Pesos(*r.ReparationCents)))
		}
		if err := tx.InsertReparationPayment(ctx, pay); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "carpeta.registrar_pago_reparacion", c, "resolucion "+resolucionID.String()+" pago "+pay.ID.String())
	})
	return Payment{ReparationPayment: pay}, err
}

// VoidPayment marks a payment recorded by mistake voided, when the
// caller's copy is current, keeping who, when and why (the reason's text
// sealed with the carpeta's key). It stays, marked, and stops counting in
// balances and reports.
func (s *Service) VoidPayment(ctx context.Context, p *authz.Principal, id, resolucionID, paymentID uuid.UUID, expectedVersion int, reason corrections.Reason) error {
	if err := corrections.Check(&reason); err != nil {
		return err
	}
	return s.store.Tx(ctx, func(tx *store.Store) error {
		c, err := s.scoped(ctx, tx, p, id, authz.CarpetasUpdate)
		if err != nil {
			return err
		}
		pay, err := tx.LockReparationPayment(ctx, id, paymentID)
		if apperr.CodeOf(err) == apperr.NotFound || err == nil && pay.ResolucionID != resolucionID {
			return errPaymentNotFound
		} else if err != nil {
			return err
		}
		if err := corrections.Current(pay.Version, pay.VoidedAt, expectedVersion); err != nil {
			return err
		}
		key, err := s.keys.UnwrapKey(c.WrappedKey, place(id))
		if err != nil {
			return err
		}
		if pay.VoidReasonEnc, err = sealed.Seal(key, paymentPlace(pay.ID), "void_reason", reason.Text); err != nil {
			return err
		}
		pay.VoidReasonCode, pay.VoidedByInstitution = &reason.Code, &p.Institution
		pay.VoidedBy = uuid.NullUUID{UUID: p.UserID, Valid: true}
		if err := tx.VoidReparationPayment(ctx, pay); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "carpeta.anular_pago_reparacion", c, "pago "+paymentID.String()+" motivo "+reason.Code)
	})
}

// CorrectOrderedAmount sets the amount of reparación a resolución that
// ordered it ordered (or gives it, when it gave none), when the caller's
// copy is current; never below what has been paid. The amount before, who,
// when and why are kept (the reason's text sealed with the carpeta's key).
// It returns the resolución's new version.
func (s *Service) CorrectOrderedAmount(ctx context.Context, p *authz.Principal, id, resolucionID uuid.UUID, expectedVersion int, cents int64, reason corrections.Reason) (int, error) {
	if err := corrections.Check(&reason); err != nil {
		return 0, err
	}
	if !validAmount(cents) {
		return 0, apperr.Validation(amountError("ordered_centavos"))
	}
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		c, err := s.scoped(ctx, tx, p, id, authz.CarpetasUpdate)
		if err != nil {
			return err
		}
		r, err := lockOrdered(ctx, tx, id, resolucionID)
		if err != nil {
			return err
		}
		if err := corrections.Current(r.Version, nil, expectedVersion); err != nil {
			return err
		}
		if r.ReparationCents != nil && *r.ReparationCents == cents {
			return corrections.ErrUnchanged
		}
		paid, err := tx.ReparationPaid(ctx, resolucionID)
		if err != nil {
			return err
		}
		if cents < paid {
			return apperr.New(apperr.Unprocessable, fmt.Sprintf("El monto ordenado no puede ser menor que lo ya pagado (%s); "+
				"anule antes los pagos que no correspondan.", Pesos(paid)))
		}
		key, err := s.keys.UnwrapKey(c.WrappedKey, place(id))
		if err != nil {
			return err
		}
		change := domain.ReparationAmountChange{ResolucionID: resolucionID, CarpetaID: id, Version: r.Version, PreviousCents: r.ReparationCents,
			ReasonCode: reason.Code, ByUser: p.UserID, ByInstitution: p.Institution, At: s.clock.Now()}
		if change.ReasonEnc, err = sealed.Seal(key, amountChangePlace(resolucionID), "reason", reason.Text); err != nil {
			return err
		}
		if err := tx.CorrectReparationAmount(ctx, cents, change); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "carpeta.corregir_monto_reparacion", c, "resolucion "+resolucionID.String()+" motivo "+reason.Code)
	})
	return expectedVersion + 1, err
}

// lockOrdered locks a resolución of the carpeta that ordered reparación,
// for the length of the transaction.
func lockOrdered(ctx context.Context, tx *store.Store, carpetaID, resolucionID uuid.UUID) (domain.Resolucion, error) {
	r, err := tx.LockResolucion(ctx, carpetaID, resolucionID)
	switch {
	case apperr.CodeOf(err) == apperr.NotFound:
		return r, errResolucionNotFound
	case err != nil:
		return r, err
	case !r.ReparationOrdered:
		return r, errNoReparation
	}
	return r, nil
}

// validAmount reports whether an amount of money, in centavos, is one a
// payment or an order may hold.
func validAmount(cents int64) bool { return cents > 0 && cents <= MaxPaymentCents }

func amountError(field string) apperr.FieldError {
	return apperr.FieldError{Field: field, Message: "El monto debe ser mayor que cero y de mil millones de pesos como máximo."}
}

func amountChangePlace(resolucionID uuid.UUID) crypto.Place {
	return crypto.Place{Table: "reparation_amount_changes", RecordID: resolucionID.String()}
}

// Payments reads the balance of a resolución of a carpeta with its
// payments, voided ones included with their reasons opened, for a stated
// reason; the read is audited.
func (s *Service) Payments(ctx context.Context, p *authz.Principal, id, resolucionID uuid.UUID, reason audit.Reason) (Balance, error) {
	if err := victims.CheckReason(reason); err != nil {
		return Balance{}, err
	}
	var out Balance
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		c, err := s.scoped(ctx, tx, p, id, authz.CarpetasRead)
		if err != nil {
			return err
		}
		key, err := s.keys.UnwrapKey(c.WrappedKey, place(id))
		if err != nil {
			return err
		}
		balances, err := s.balances(ctx, tx, key, id)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(balances, func(b Balance) bool { return b.ResolucionID == resolucionID })
		if i < 0 {
			return errResolucionNotFound
		}
		out = balances[i]
		return s.audit.Record(ctx, tx, audit.ActorOf(p), audit.Event{Action: "carpeta.consultar_pagos_reparacion", RecordType: "carpeta",
			RecordID: id.String(), Municipio: c.Municipio, Detail: "resolucion " + resolucionID.String(),
			Reason: audit.Reason{Code: reason.Code, Text: reason.Text, Of: sealed.Carpeta(id)}})
	})
	return out, err
}

// balances are the balances of each resolución of a carpeta, in the order
// of its resoluciones, with their payments.
func (s *Service) balances(ctx context.Context, tx *store.Store, key crypto.DataKey, id uuid.UUID) ([]Balance, error) {
	resoluciones, err := tx.Resoluciones(ctx, id)
	if err != nil {
		return nil, err
	}
	payments, err := tx.ReparationPayments(ctx, id)
	if err != nil {
		return nil, err
	}
	out := make([]Balance, len(resoluciones))
	for i, r := range resoluciones {
		out[i] = Balance{ResolucionID: r.ID, ReparationOrdered: r.ReparationOrdered, Version: r.Version, Ordered: r.ReparationCents,
			Payments: []Payment{}}
		if !r.ReparationOrdered {
			out[i].Ordered = nil
		}
		for _, pay := range payments {
			if pay.ResolucionID != r.ID {
				continue
			}
			text, err := sealed.Open(key, paymentPlace(pay.ID), "void_reason", pay.VoidReasonEnc)
			if err != nil {
				return nil, err
			}
			pay.VoidReasonEnc = nil
			out[i].Payments = append(out[i].Payments, Payment{ReparationPayment: pay, VoidReasonText: text})
			if pay.VoidedAt == nil {
				out[i].Paid += pay.AmountCents
			}
		}
	}
	return out, nil
}

// Pesos writes an amount in centavos as Mexican pesos: $1,234,567.89.
func Pesos(cents int64) string { return domain.Pesos(cents) }
