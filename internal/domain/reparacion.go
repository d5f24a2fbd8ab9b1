package domain

import (
	"time"

	"github.com/google/uuid"
)

// Payers are who may pay a reparación del daño: the person sentenced, the
// Fondo de Ayuda, Asistencia y Reparación Integral of CEAVEQROO, an
// insurer or bond (aseguradora o fianza), or another.
var Payers = []string{"persona_sentenciada", "fondo_ceaveqroo", "aseguradora_fianza", "otro"}

// ReparationPayment is an amount paid against a resolución judicial that
// ordered the reparación del daño, as stored.
type ReparationPayment struct {
	ID           uuid.UUID
	ResolucionID uuid.UUID
	CarpetaID    uuid.UUID
	// VictimID is the víctima of the carpeta who received it, when known.
	VictimID    uuid.NullUUID
	PaidOn      time.Time
	AmountCents int64
	Payer       string
	// Institution recorded the payment.
	Institution string
	Version     int
	VoidedAt    *time.Time
	// VoidReasonCode and VoidReasonEnc (sealed with the carpeta's data key)
	// say why a voided payment was voided; VoidedBy and
	// VoidedByInstitution, by whom.
	VoidReasonCode      *string
	VoidReasonEnc       []byte
	VoidedBy            uuid.NullUUID
	VoidedByInstitution *string
	CreatedAt           time.Time
	CreatedBy           uuid.UUID
}

// ReparationFigures are the reparación del daño of a period, amounts in
// centavos: the resoluciones resolved in it that ordered reparación and the
// amount ordered; the resoluciones paid against in it and the amount paid;
// and, at its end, the resoluciones with a balance and the balance.
type ReparationFigures struct {
	OrderedResoluciones, PaidResoluciones, PendingResoluciones int
	OrderedCents, PaidCents, PendingCents                      int64
}

// ReparationAmountChange is a correction of the amount of reparación a
// resolución ordered: its version and amount before, why (the text sealed
// with the carpeta's data key), who and when.
type ReparationAmountChange struct {
	ResolucionID, CarpetaID uuid.UUID
	Version                 int
	PreviousCents           *int64
	ReasonCode              string
	ReasonEnc               []byte
	ByUser                  uuid.UUID
	ByInstitution           string
	At                      time.Time
}
