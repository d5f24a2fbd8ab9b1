package domain

import (
	"time"

	"github.com/google/uuid"
)

// Kinds of correction.
const (
	// Corrected is a correction of a record's values.
	Corrected = "correccion"
	// Voided is the voiding of a record: it stays, marked, and stops counting.
	Voided = "anulacion"
)

// Correction is one correction or voiding of a service, activity,
// acuerdo, imputado or canalización, with the values it had before.
type Correction struct {
	RecordType string
	RecordID   uuid.UUID
	Kind       string
	// Version is the record's version that was corrected or voided.
	Version    int
	ReasonCode string
	// ReasonEnc is the reason's free text, sealed under the data key of
	// the record's owner.
	ReasonEnc []byte
	// Previous are the previous values of the changed fields that hold no
	// personal data; PreviousEnc, sealed like ReasonEnc, those that may.
	Previous      map[string]string
	PreviousEnc   []byte
	ByUser        uuid.UUID
	ByInstitution string
	At            time.Time
}
