package domain

import (
	"time"

	"github.com/google/uuid"
)

// MicrodataVictim is what the anonymized microdata export knows of one
// víctima: her statistical attributes and the codes her expedientes and
// carpetas record of her exploitation. It holds no personal data, no folio,
// no id and no date, so nothing that identifies her can leave through it.
type MicrodataVictim struct {
	// Sex is a code of the víctima's sex; Age her age when identified.
	Sex string
	Age *int32
	// Nationality is an ISO 3166-1 alpha-2 code, empty when not recorded.
	Nationality string
	// MinorAtTime is whether she was a minor when the events happened.
	MinorAtTime *bool
	// Modalidades are those of her casos; RecruitmentForms their formas
	// de enganche; MediosComisivos those of her carpetas.
	Modalidades, RecruitmentForms, MediosComisivos []string
}

// HTCDSRelease is the anonymized microdata of a year as first released for
// an entidad ("" the nation): the bytes of each format and their SHA-256,
// frozen so that a later export of the year answers the same files.
type HTCDSRelease struct {
	Entidad string
	Year, K int
	// CSV and JSON are the files as released; CSVSHA256 and JSONSHA256
	// their digests.
	CSV, CSVSHA256, JSON, JSONSHA256 []byte
	// ReleasedBy is the user who released it, uuid.Nil for an operator at
	// the command line.
	ReleasedBy uuid.UUID
	ReleasedAt time.Time
}
