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

// CasoRef names a caso and its status.
type CasoRef struct {
	ID     uuid.UUID
	Folio  string
	Status string
}
