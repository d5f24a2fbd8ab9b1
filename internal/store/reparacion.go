package store

import (
	"context"
	"time"

	"github.com/google/uuid"

	"sintra/internal/domain"
	"sintra/internal/store/internal/db"
)

// LockResolucion locks a resolución of a carpeta until the transaction
// ends and returns it (without its sentence); NotFound when it is not of
// the carpeta.
func (s *Store) LockResolucion(ctx context.Context, carpetaID, id uuid.UUID) (domain.Resolucion, error) {
	r, err := s.q.LockResolucion(ctx, db.LockResolucionParams{ID: id, CarpetaID: carpetaID})
	return domain.Resolucion{ID: r.ID, CarpetaID: carpetaID, ResolvedOn: r.ResolvedOn, ReparationOrdered: r.ReparationOrdered, ReparationCents: r.ReparationCents,
		Version: int(r.Version)}, mapError("lock resolucion", err)
}

// ReparationPaid sums the payments against a resolución, voided ones left out.
func (s *Store) ReparationPaid(ctx context.Context, resolucionID uuid.UUID) (int64, error) {
	n, err := s.q.SumReparationPaid(ctx, resolucionID)
	return n, mapError("sum reparation paid", err)
}

// InsertReparationPayment stores a payment.
func (s *Store) InsertReparationPayment(ctx context.Context, p domain.ReparationPayment) error {
	return mapError("insert reparation payment", s.q.InsertReparationPayment(ctx, db.InsertReparationPaymentParams{ID: p.ID,
		ResolucionID: p.ResolucionID, CarpetaID: p.CarpetaID, VictimID: p.VictimID, PaidOn: p.PaidOn, AmountCents: p.AmountCents,
		Payer: p.Payer, InstitutionCode: p.Institution, CreatedAt: s.stamp(p.CreatedAt), CreatedBy: p.CreatedBy}))
}

func paymentFromRow(r db.ReparationPayment) domain.ReparationPayment {
	return domain.ReparationPayment{ID: r.ID, ResolucionID: r.ResolucionID, CarpetaID: r.CarpetaID, VictimID: r.VictimID,
		PaidOn: r.PaidOn, AmountCents: r.AmountCents, Payer: r.Payer, Institution: r.InstitutionCode, Version: int(r.Version),
		VoidedAt: r.VoidedAt, VoidReasonCode: r.VoidReasonCode, VoidReasonEnc: r.VoidReasonEnc, VoidedBy: r.VoidedBy,
		VoidedByInstitution: r.VoidedByInstitution, CreatedAt: r.CreatedAt, CreatedBy: r.CreatedBy}
}

// ReparationPayments returns a carpeta's payments, voided ones included.
func (s *Store) ReparationPayments(ctx context.Context, carpetaID uuid.UUID) ([]domain.ReparationPayment, error) {
	rows, err := s.q.ListCarpetaReparationPayments(ctx, carpetaID)
	if err != nil {
		return nil, mapError("list reparation payments", err)
	}
	out := make([]domain.ReparationPayment, len(rows))
	for i, r := range rows {
		out[i] = paymentFromRow(r)
	}
	return out, nil
}

// LockReparationPayment locks a payment of a carpeta until the transaction
// ends and returns it; NotFound when it is not of the carpeta.
func (s *Store) LockReparationPayment(ctx context.Context, carpetaID, id uuid.UUID) (domain.ReparationPayment, error) {
	r, err := s.q.GetReparationPayment(ctx, db.GetReparationPaymentParams{ID: id, CarpetaID: carpetaID})
	return paymentFromRow(r), mapError("get reparation payment", err)
}

// VoidReparationPayment marks a payment voided, if still at its version,
// with why (sealed) and by whom.
func (s *Store) VoidReparationPayment(ctx context.Context, p domain.ReparationPayment) error {
	n, err := s.q.VoidReparationPayment(ctx, db.VoidReparationPaymentParams{ID: p.ID, CarpetaID: p.CarpetaID, Version: int32(p.Version),
		VoidedAt: ptr(s.now()), VoidReasonCode: p.VoidReasonCode, VoidReasonEnc: p.VoidReasonEnc, VoidedBy: p.VoidedBy,
		VoidedByInstitution: p.VoidedByInstitution})
	return staleOr("void reparation payment", n, err)
}

// ReportReparacion returns the reparación del daño figures of a period.
func (s *Store) ReportReparacion(ctx context.Context, from, to time.Time) (domain.ReparationFigures, error) {
	r, err := s.q.ReportReparacion(ctx, db.ReportReparacionParams{StartsOn: from, EndsOn: to, Entidad: s.entidad})
	return domain.ReparationFigures{OrderedResoluciones: int(r.OrderedResoluciones), OrderedCents: r.OrderedCents,
		PaidResoluciones: int(r.PaidResoluciones), PaidCents: r.PaidCents,
		PendingResoluciones: int(r.PendingResoluciones), PendingCents: r.PendingCents}, mapError("report reparacion", err)
}

// CorrectReparationAmount sets the amount a resolución that ordered
// reparación ordered, if it is still at version, and keeps the change.
func (s *Store) CorrectReparationAmount(ctx context.Context, cents int64, c domain.ReparationAmountChange) error {
	n, err := s.q.CorrectReparationAmount(ctx, db.CorrectReparationAmountParams{ReparationCents: &cents, ID: c.ResolucionID,
		CarpetaID: c.CarpetaID, Version: int32(c.Version)})
	if err := staleOr("correct reparation amount", n, err); err != nil {
		return err
	}
	return mapError("insert reparation amount change", s.q.InsertReparationAmountChange(ctx, db.InsertReparationAmountChangeParams{
		ResolucionID: c.ResolucionID, CarpetaID: c.CarpetaID, Version: int32(c.Version), PreviousCents: c.PreviousCents,
		ReasonCode: c.ReasonCode, ReasonEnc: c.ReasonEnc, ByUser: c.ByUser, ByInstitution: c.ByInstitution, At: s.stamp(c.At)}))
}
