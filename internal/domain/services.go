package domain

import (
	"time"

	"github.com/google/uuid"
)

// Service is an attention service given to a víctima.
type Service struct {
	ID          uuid.UUID
	VictimID    uuid.UUID
	Folio       string
	Type        string
	ProvidedOn  time.Time
	Quantity    int
	Institution string
	Municipio   string
	Caseworker  uuid.UUID
	NotesEnc    []byte
	CreatedAt   time.Time
	// Version counts its corrections; VoidedAt is set once it is voided.
	Version  int
	VoidedAt *time.Time
}

// ServiceFilter narrows an institution's services.
type ServiceFilter struct {
	Type         *string
	Since, Until *time.Time
	// WithVoided lists voided services too.
	WithVoided bool
}

// ServiceTotals are the counts of a filtered set of services.
type ServiceTotals struct {
	Services, Units, Victims int
}
