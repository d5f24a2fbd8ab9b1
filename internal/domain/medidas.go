package domain

import (
	"time"

	"github.com/google/uuid"
)

// MedidaProteccion is a protection measure asked for a víctima or her
// family (law Art. 14 IV and V, 15 X, 17). Its free text is sealed with the
// víctima's data key.
type MedidaProteccion struct {
	ID       uuid.UUID
	VictimID uuid.UUID
	// VictimFolio is her folio, in lists that name her by it.
	VictimFolio       string
	Institution       string
	Municipio         string
	Type              string
	Beneficiary       string
	RequestedBy       string
	RequestedOn       time.Time
	GrantingAuthority *string
	GrantedOn         *time.Time
	StartsOn          *time.Time
	EndsOn            *time.Time
	Status            string
	// RiskLevel, AssessedOn and NextReviewOn are those of the latest risk
	// assessment, if any.
	RiskLevel       *string
	AssessedOn      *time.Time
	NextReviewOn    *time.Time
	ObservationsEnc []byte
	FamilyEnc       []byte
	CreatedBy       uuid.UUID
	CreatedAt       time.Time
	Version         int
	// VoidedAt, VoidReasonCode, VoidedBy and VoidedByInstitution say when,
	// why, by whom and from which institution a medida recorded by mistake
	// was voided; VoidReasonEnc is the reason's text, sealed with the
	// víctima's key.
	VoidedAt            *time.Time
	VoidReasonCode      *string
	VoidReasonEnc       []byte
	VoidedBy            *uuid.UUID
	VoidedByInstitution *string
}

// MedidaEstado is one change of a medida's status.
type MedidaEstado struct {
	Status     string
	OccurredOn time.Time
	ChangedBy  uuid.UUID
	// ChangedByName is the display name of the user who changed it.
	ChangedByName string
	ChangedAt     time.Time
}

// MedidaEvaluacion is one risk assessment of a medida.
type MedidaEvaluacion struct {
	ID           uuid.UUID
	MedidaID     uuid.UUID
	RiskLevel    string
	AssessedOn   time.Time
	NextReviewOn time.Time
	NotesEnc     []byte
	AssessedBy   uuid.UUID
	// AssessedByName is the display name of the user who recorded it.
	AssessedByName string
	CreatedAt      time.Time
}
