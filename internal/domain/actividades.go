package domain

import (
	"time"

	"github.com/google/uuid"
)

// Activity is a política pública activity an institution reports.
type Activity struct {
	ID            uuid.UUID
	Institution   string
	Tema          string
	Type          string
	Name          string
	HeldOn        time.Time
	AllMunicipios bool
	Municipios    []string
	Actions       int
	People        int
	Women, Men    *int32
	Material      string
	MaterialUnits *int32
	Objective     string
	ImportID      uuid.NullUUID
	CreatedAt     time.Time
	// Version counts its corrections; VoidedAt is set once it is voided.
	Version  int
	VoidedAt *time.Time
}

// ActivityImport is an imported spreadsheet.
type ActivityImport struct {
	ID         uuid.UUID
	SHA256     []byte
	Filename   string
	Rows       int
	ImportedAt time.Time
}

// ActivityFilter narrows activities; a nil Institution means every institution.
type ActivityFilter struct {
	Institution, Tema, Type *string
	// Entidades, when not nil, keeps the activities of their institutions.
	Entidades    []string
	Since, Until *time.Time
	// WithVoided lists voided activities too; totals never count them.
	WithVoided bool
}

// ActivityTotals are the sums of a filtered set of activities.
type ActivityTotals struct {
	Activities, Actions, People, Women, Men int
}
