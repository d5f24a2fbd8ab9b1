package domain

import (
	"time"

	"github.com/google/uuid"
)

// Carpeta is a carpeta de investigación as stored.
type Carpeta struct {
	ID               uuid.UUID
	WrappedKey       []byte
	KeyVersion       int
	NumberEnc        []byte
	NumberIndex      []byte
	Institution      string
	Municipio        string
	FiscaliaUnit     string
	StartedOn        time.Time
	CasoID           uuid.NullUUID
	Modalidad        string
	Status           string
	JudicializedOn   *time.Time
	JudicialDistrict *string
	// MediosComisivos are the means by which the víctimas were subdued.
	MediosComisivos []string
	Version         int
	CreatedAt       time.Time
}

// CarpetaFilter narrows a list of carpetas.
type CarpetaFilter struct {
	Status, Modalidad, District      *string
	JudicializedFrom, JudicializedTo *time.Time
}

// CarpetaTotals are the counts of a filtered set of carpetas.
type CarpetaTotals struct {
	Carpetas, Imputadas, Imputados, ImputadosTotal int
}

// CarpetaEvent is a step of a carpeta's procedural timeline.
type CarpetaEvent struct {
	CarpetaID        uuid.UUID
	Status           string
	OccurredOn       time.Time
	JudicialDistrict *string
	RecordedBy       uuid.UUID
	RecordedAt       time.Time
	Modalidad        string
}

// Imputado is a person charged in a carpeta.
type Imputado struct {
	ID          uuid.UUID
	CarpetaID   uuid.UUID
	Sex         string
	Age         *int32
	Nationality *string
	NamesEnc    []byte
	// DetainedOn is the day of the imputado's detención, if detained.
	DetainedOn *time.Time
	CreatedAt  time.Time
	// Version counts its corrections; VoidedAt is set once it is voided.
	Version  int
	VoidedAt *time.Time
}

// Resolucion is a judicial resolution in a carpeta.
type Resolucion struct {
	ID         uuid.UUID
	CarpetaID  uuid.UUID
	ImputadoID uuid.NullUUID
	Kind       string
	ResolvedOn time.Time
	// SentenceEnc is sealed with the carpeta's data key.
	SentenceEnc       []byte
	ReparationOrdered bool
	ReparationCents   *int64
	// Version goes up with each correction of the amount ordered.
	Version int
}
