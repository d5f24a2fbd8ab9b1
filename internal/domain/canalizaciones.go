package domain

import (
	"time"

	"github.com/google/uuid"
)

// Canalizacion is a referral of a víctima from one institution to another.
type Canalizacion struct {
	ID              uuid.UUID
	VictimID        uuid.UUID
	Folio           string
	From, To        string
	Municipio       string
	ServiceType     string
	Status          string
	NotesEnc        []byte
	ConsentOverride bool
	// OverrideReasonEnc is sealed with the víctima's data key.
	OverrideReasonEnc []byte
	// SentOn is the date it was sent; RecordedAt when it was entered.
	SentOn     time.Time
	RecordedAt time.Time
	SentBy     uuid.UUID
	// Version counts its corrections; VoidedAt is set once it is voided.
	Version  int
	VoidedAt *time.Time
}

// SharesVictimWith reports whether institution's side of c may see the
// víctima's contact card and the notes about her: the sender always; the
// receiver while the canalización is open or was attended, not once it was
// rejected or cancelled, nor once the sender voided it (sent by mistake).
func (c Canalizacion) SharesVictimWith(institution string) bool {
	switch institution {
	case c.From:
		return true
	case c.To:
		return c.Status != "rechazada" && c.Status != "cancelada" && c.VoidedAt == nil
	}
	return false
}

// CanalizacionFilter picks an institution's inbox, outbox or both.
type CanalizacionFilter struct {
	Received, Sent bool
	Status         *string
	VictimID       uuid.NullUUID
	// SentOnOrBefore, when set, keeps those sent on that date or earlier.
	SentOnOrBefore *time.Time
	// WithVoided lists voided canalizaciones too.
	WithVoided bool
}

// Transition is one step of a canalización's workflow.
type Transition struct {
	CanalizacionID uuid.UUID
	From, To       string
	// ReasonEnc is sealed with the víctima's data key.
	ReasonEnc     []byte
	ByUser        uuid.UUID
	ByInstitution string
	// On is the date the step was taken; RecordedAt when it was entered.
	On         time.Time
	RecordedAt time.Time
	// Set in a víctima's timeline only.
	FromInstitution, ToInstitution, ServiceType string
}
