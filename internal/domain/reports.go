package domain

import (
	"time"

	"github.com/google/uuid"
)

// Period is a named reporting period.
type Period struct {
	ID       uuid.UUID
	Name     string
	Kind     string
	StartsOn time.Time
	EndsOn   time.Time
}

// IssuedReport is a report as issued.
type IssuedReport struct {
	ID           uuid.UUID
	PeriodID     uuid.UUID
	QueryVersion int
	DataVersion  int64
	Content      []byte
	SHA256       []byte
	IssuedAt     time.Time
	IssuedBy     uuid.UUID
}

// Tally is one aggregate of a report query: up to two keys and up to four counts.
type Tally struct {
	Dim, K1, K2 string
	N           [4]int
}
