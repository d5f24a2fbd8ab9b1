package domain

import (
	"time"

	"github.com/google/uuid"
)

// Facts are the records behind what the protected reports and statistics
// of a span publish, one by one and without personal data: disclosure
// control needs them to find the datasets a reader cannot tell from the
// true one.
type Facts struct {
	Victims        []VictimFact
	Activities     []ActivityFact
	Carpetas       []CarpetaFact
	Rescued        []RescuedFact
	Canalizaciones []CanalizacionFact
	Acuerdos       []AcuerdoFact
}

// VictimFact is a víctima attended in the span, with her services in it.
type VictimFact struct {
	ID          uuid.UUID
	Sex         string
	Age         *int32
	Nationality string
	// Modalidades are those of her casos; "sin_expediente" without one.
	Modalidades []string
	Services    []ServiceFact
}

// ServiceFact is one service given.
type ServiceFact struct {
	Type, Institution, Municipio string
	On                           time.Time
	Quantity                     int
}

// ActivityFact is one activity reported.
type ActivityFact struct {
	Institution, Tema, Type     string
	On                          time.Time
	Actions, People, Women, Men int
}

// CarpetaFact is a carpeta judicializada, with its imputados' sexes.
type CarpetaFact struct {
	Modalidad, District string
	On                  time.Time
	Imputados           []string
}

// RescuedFact is a víctima of carpetas judicializadas, with the days they were.
type RescuedFact struct {
	Sex  string
	Days []time.Time
}

// CanalizacionFact is a canalización sent, with its steps in order.
type CanalizacionFact struct {
	To        string
	SentOn    time.Time
	Steps     []string
	StepsDays []time.Time
}

// AcuerdoFact is an acuerdo taken in a session, with its follow-ups in order.
type AcuerdoFact struct {
	HeldOn, DueOn time.Time
	Updates       []string
	UpdatesDays   []time.Time
}
