package domain

import (
	"time"

	"github.com/google/uuid"
)

// GTSession is a session of the Grupo de Trabajo of a municipio.
type GTSession struct {
	ID        uuid.UUID
	Municipio string
	HeldOn    time.Time
	Kind      string
	// MinutesEnc is sealed with the session's data key.
	MinutesEnc []byte
	Version    int
	CreatedAt  time.Time
	// WrappedKey is the session's data key, which seals its minutes,
	// reviews and acuerdos; nil for a session recorded before sessions had
	// keys, until it gets one.
	WrappedKey []byte
	KeyVersion int
}

// Review is what a session reviewed of a caso.
type Review struct {
	ID         uuid.UUID
	CasoID     uuid.UUID
	Folio      string
	CasoStatus string
	// SummaryEnc is sealed with the session's data key.
	SummaryEnc []byte
	CreatedAt  time.Time
}

// AgendaItem is an open caso and what changed since the last session.
type AgendaItem struct {
	CasoID                                          uuid.UUID
	Folio, Status, Institution                      string
	IsNew                                           bool
	OverdueAcuerdos, NewServices, CanalizacionSteps int
	NewCanalizaciones, CarpetaEvents, StatusChanges int
}

// Acuerdo is an agreed action with a responsible institution and a due date.
type Acuerdo struct {
	ID        uuid.UUID
	SessionID uuid.UUID
	CasoID    uuid.NullUUID
	Municipio string
	// TextEnc is sealed with the data key of the session that took it.
	TextEnc     []byte
	Responsible string
	DueOn       time.Time
	Status      string
	CompletedOn *time.Time
	Overdue     bool
	CreatedAt   time.Time
	// Version counts its corrections; VoidedAt is set once it is voided.
	Version  int
	VoidedAt *time.Time
}

// AcuerdoFilter narrows a list of acuerdos.
type AcuerdoFilter struct {
	Municipio   *string
	SessionID   uuid.NullUUID
	Status      *string
	OnlyOverdue bool
	// WithVoided lists voided acuerdos too.
	WithVoided bool
}

// AcuerdoUpdate is a step of an acuerdo's follow-up.
type AcuerdoUpdate struct {
	SessionID uuid.NullUUID
	Status    string
	// NoteEnc is sealed with the data key of the session that took the acuerdo.
	NoteEnc []byte
	ByUser  uuid.UUID
	// On is the date of the follow-up; At when it was entered.
	On time.Time
	At time.Time
}
