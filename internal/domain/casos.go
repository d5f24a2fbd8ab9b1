package domain

import (
	"time"

	"github.com/google/uuid"
)

// CasoFacts are what a caso records of the trafficking event.
type CasoFacts struct {
	OccurredOn      *time.Time
	ReportedOn      *time.Time
	RecruitmentForm *string
	TransportMean   *string
	PlaceType       *string
	// Places of origin and destination, by catalog: country, and within
	// Mexico the entidad and, where its municipios are loaded, the municipio.
	Origin, Destination Place
}

// Place is where a trafficking event started or led to, by catalog codes.
type Place struct {
	Country   *string
	Entidad   *string
	Municipio *string
}

// Caso is an expediente as stored.
type Caso struct {
	ID          uuid.UUID
	Folio       string
	Institution string
	Municipio   string
	Facts       CasoFacts
	Status      string
	Version     int
	CreatedAt   time.Time
	// WrappedKey is the caso's data key, which seals its status reasons;
	// nil for a caso recorded before casos had keys, until it gets one.
	WrappedKey []byte
	KeyVersion int
}

// StatusChange is one change of a caso's status.
type StatusChange struct {
	From, To string
	// ReasonEnc is sealed with the caso's data key.
	ReasonEnc []byte
	// ChangedOn is the date of the change; ChangedAt when it was entered.
	ChangedOn time.Time
	ChangedAt time.Time
	ChangedBy uuid.NullUUID
}
