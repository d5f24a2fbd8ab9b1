package domain

import (
	"time"

	"github.com/google/uuid"
)

// The kinds of record the national feed carries.
const (
	KindVictima      = "victima"
	KindCaso         = "caso"
	KindServicio     = "servicio"
	KindCanalizacion = "canalizacion"
	KindCarpeta      = "carpeta"
	KindActividad    = "actividad"
	// KindMicrodatos is a year's CTDC microdata as the state released them.
	KindMicrodatos = "microdatos"
)

// FeedChange is a record the feed has to send: its kind, id and version.
type FeedChange struct {
	Kind    string
	ID      uuid.UUID
	Version int64
	// TxID is the transaction that last changed it, for paging.
	TxID int64
}

// FeedStep is a status reached on a date.
type FeedStep struct {
	Status string
	On     time.Time
}

// FeedVictim is what the feed sends of a víctima: her statistical
// attributes and municipio, nothing that names her.
type FeedVictim struct {
	ID                 uuid.UUID
	Municipio          string
	Sex                string
	Age                *int32
	Nationality        *string
	EstadoCivil        string
	CalidadMigratoria  string
	IndigenousLanguage *string
	Disability         *bool
	MinorAtTime        *bool
	DenunciaFiled      *bool
}

// FeedCaso is what the feed sends of a caso.
type FeedCaso struct {
	ID                                uuid.UUID
	Municipio                         string
	OccurredOn, ReportedOn            *time.Time
	RegisteredOn                      time.Time
	RecruitmentForm, TransportMean    *string
	PlaceType                         *string
	OriginCountry, DestinationCountry *string
	Status                            string
	Modalidades                       []string
	VictimIDs                         []uuid.UUID
	StatusChanges                     []FeedStep
}

// FeedService is what the feed sends of a service.
type FeedService struct {
	ID          uuid.UUID
	VictimID    uuid.UUID
	Type        string
	ProvidedOn  time.Time
	Quantity    int32
	Institution string
	Municipio   string
	Voided      bool
}

// FeedCanalizacion is what the feed sends of a canalización.
type FeedCanalizacion struct {
	ID          uuid.UUID
	From, To    string
	Municipio   string
	ServiceType string
	SentOn      time.Time
	Status      string
	Steps       []FeedStep
	Voided      bool
}

// FeedImputado is an imputado of a carpeta the feed sends: sex, age,
// nationality and detention date.
type FeedImputado struct {
	ID          uuid.UUID
	Sex         string
	Age         *int32
	Nationality *string
	DetainedOn  *time.Time
}

// FeedResolucion is a resolución of a carpeta the feed sends.
type FeedResolucion struct {
	ID                uuid.UUID
	Kind              string
	ResolvedOn        time.Time
	ReparationOrdered bool
	ImputadoID        uuid.NullUUID
}

// FeedCarpeta is what the feed sends of a carpeta de investigación.
type FeedCarpeta struct {
	ID               uuid.UUID
	Municipio        string
	StartedOn        time.Time
	Modalidad        string
	Status           string
	JudicializedOn   *time.Time
	JudicialDistrict *string
	Medios           []string
	VictimIDs        []uuid.UUID
	Steps            []FeedStep
	Imputados        []FeedImputado
	Resoluciones     []FeedResolucion
}

// FeedActivity is what the feed sends of an actividad: a public act, as
// the reports list it.
type FeedActivity struct {
	ID uuid.UUID
	// Entidad is the entidad of its institution.
	Entidad       string
	Institution   string
	Tema          string
	Type          string
	HeldOn        time.Time
	AllMunicipios bool
	Municipios    []string
	Actions       int32
	People        int32
	Women, Men    *int32
	MaterialUnits *int32
	Voided        bool
}

// FeedKey names an imported record: its entidad, its pseudonym, the id
// the national instance derives from both, and its version.
type FeedKey struct {
	ID        uuid.UUID
	Entidad   string
	Pseudonym string
	Version   int64
}

// FeedImport is a batch imported by the national instance.
type FeedImport struct {
	SHA256     []byte
	Entidad    string
	Generation string
	Full       bool
	// GeneratedAt is when the state made the batch.
	GeneratedAt time.Time
	Sequence    int64
	Previous    []byte
	Since       int64
	Watermark   int64
	Records     int
	Applied     int
	ImportedAt  time.Time
}

// FeedLink is a batch's place in its entidad's series: its number and the
// SHA-256 of its bytes. The zero FeedLink stands before the first.
type FeedLink struct {
	// Generation names the series: a restored state starts a new one with
	// a full batch; "" is the series of batches before generations.
	Generation string
	Sequence   int64
	SHA256     []byte
	// MadeAt, of the last batch imported from an entidad, is the latest
	// instant any of its batches was made at.
	MadeAt time.Time
}

// FeedMicrodata is a year's CTDC microdata of an entidad as released: its
// k and its rows (JSON: an array of arrays of the codebook's values).
type FeedMicrodata struct {
	ID   uuid.UUID
	Year int
	K    int
	// Rows is, at the state, the whole release as written (JSON with its
	// metadata); at the national instance, the array of rows alone.
	Rows []byte
}
