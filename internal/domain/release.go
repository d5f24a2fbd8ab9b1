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
	Victims    []VictimFact
	Activities []ActivityFact
	Rescued    []RescuedFact
	Acuerdos   []AcuerdoFact
	// Units are the units the other statistics count, by measure: casos,
	// canalizaciones, carpetas judicializadas, their imputados,
	// detenciones and resoluciones.
	Units map[string][]UnitFact
}

// UnitFact is one unit a statistic counts, dated, with the value of each
// dimension (several for a caso's modalidades or a carpeta's medios
// comisivos); a dimension whose value changes over time, such as a
// status, has its timeline instead.
type UnitFact struct {
	On        time.Time
	Values    map[string][]string
	Timelines map[string]Timeline
}

// Timeline is a value from a unit's day, and each later value from its day.
type Timeline struct {
	Start string
	Steps []string
	Days  []time.Time
}

// At is the timeline's value at the end of day end.
func (t Timeline) At(end time.Time) string {
	v := t.Start
	for i, d := range t.Days {
		if !d.After(end) {
			v = t.Steps[i]
		}
	}
	return v
}

// VictimFact is a víctima attended in the span, with her services in it.
type VictimFact struct {
	ID          uuid.UUID
	Sex         string
	Age         *int32
	Nationality string
	// EstadoCivil, CalidadMigratoria and LenguaIndigena are catalog
	// codes; Discapacidad, Menor and Denuncia are si, no or sin_dato.
	EstadoCivil, CalidadMigratoria, LenguaIndigena string
	Discapacidad, Menor, Denuncia                  string
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
	ID                          uuid.UUID
	Institution, Tema, Type     string
	Name                        string
	On                          time.Time
	AllMunicipios               bool
	Municipios                  []string
	Actions, People, Women, Men int
	// Material is what was distributed, MaterialUnits how many; Objective
	// the Programa Estatal's objective the activity serves.
	Material, Objective string
	MaterialUnits       int
}

// RescuedFact is a víctima of carpetas judicializadas, with the days they were.
type RescuedFact struct {
	Sex  string
	Days []time.Time
}

// AcuerdoFact is an acuerdo taken in a session, with its follow-ups in order.
type AcuerdoFact struct {
	HeldOn, DueOn time.Time
	Updates       []string
	UpdatesDays   []time.Time
}

// AgeGroup is the age group an age is counted in.
func AgeGroup(age *int32) string {
	switch {
	case age == nil:
		return "sin_dato"
	case *age < 12:
		return "0-11"
	case *age < 18:
		return "12-17"
	case *age < 30:
		return "18-29"
	case *age < 45:
		return "30-44"
	case *age < 60:
		return "45-59"
	}
	return "60+"
}
