package domain

import (
	"time"

	"github.com/google/uuid"
)

// Consent is a víctima's informed consent of one kind, as recorded.
type Consent struct {
	Kind       string
	Granted    bool
	GivenOn    time.Time
	RecordedAt time.Time
	RecordedBy uuid.NullUUID
}

// SharingConsent is the consent kind that lets a víctima's data reach
// another institution.
const SharingConsent = "compartir_instituciones"

// SharingGranted says whether consents, those in force on a date, let her
// data reach other institutions.
func SharingGranted(consents []Consent) bool {
	for _, c := range consents {
		if c.Kind == SharingConsent {
			return c.Granted
		}
	}
	return false
}

// CasoRef names a caso and its status.
type CasoRef struct {
	ID     uuid.UUID
	Folio  string
	Status string
}
