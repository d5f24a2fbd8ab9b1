package domain

import (
	"time"

	"github.com/google/uuid"
)

// Reporte is a reporte ciudadano as stored: the first contact of a call, a
// denuncia en línea, a letter or a visit. Its narrative, contact and
// closing reason are sealed under its data key.
type Reporte struct {
	ID          uuid.UUID
	Folio       string
	Institution string
	// Municipio is that of the receiving office: the reporte's scope.
	Municipio string
	// HechosMunicipio is where the facts happened; nil when unknown.
	HechosMunicipio *string
	ReceivedAt      time.Time
	Channel         string
	Reporter        string
	Classification  string
	Status          string
	CanalizadoA     *string
	CasoID          uuid.NullUUID
	ClosedOn        *time.Time
	Version         int
	CreatedAt       time.Time

	NarrativeEnc, ContactEnc, ClosingReasonEnc []byte
	WrappedKey                                 []byte
	KeyVersion                                 int
	// ErasedAt is when its sealed texts were destroyed with its data key.
	ErasedAt *time.Time
}

// ReporteFilter narrows a list of reportes: received within [Since,
// Before) when set, of a status and a classification when set.
type ReporteFilter struct {
	Since, Before          *time.Time
	Status, Classification *string
}

// ReporteClosing is how a reporte is closed.
type ReporteClosing struct {
	Status           string
	CanalizadoA      *string
	CasoID           uuid.NullUUID
	ClosingReasonEnc []byte
	ClosedOn         time.Time
}
