package domain

import (
	"time"

	"github.com/google/uuid"
)

// Scope limits a query to records the caller may see: those of some
// entidades and municipios (or all of them) and of the caller's
// institution (unless any will do).
type Scope struct {
	AllMunicipios  bool
	Entidades      []string
	Municipios     []string
	AnyInstitution bool
	Institution    string
}

// Domains are the entidades' and municipios' codes of the scope together,
// as the queries take them: every municipio of each entidad is in it.
func (s Scope) Domains() []string {
	return append(append(make([]string, 0, len(s.Entidades)+len(s.Municipios)), s.Entidades...), s.Municipios...)
}

// VictimStats are a víctima's statistical attributes, kept in clear.
type VictimStats struct {
	IdentifiedOn       time.Time
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

// PersonalColumns are the encrypted columns, by the name the ciphertexts
// are bound to.
var PersonalColumns = []string{"given_names", "first_surname", "second_surname", "alias", "curp",
	"birth_date", "address", "phone", "contacts", "notes"}

// VictimRecord is a víctima as stored: attributes in clear, personal data
// as ciphertexts by column, and blind indexes.
type VictimRecord struct {
	ID           uuid.UUID
	Folio        string
	Institution  string
	Municipio    string
	Stats        VictimStats
	WrappedKey   []byte
	KeyVersion   int
	Sealed       map[string][]byte
	CurpIndex    []byte
	NameDOBIndex []byte
	Version      int
	CreatedAt    time.Time
	ErasedAt     *time.Time
}

// VictimSummary is a víctima in a list: no personal data.
type VictimSummary struct {
	ID          uuid.UUID
	Folio       string
	Institution string
	Municipio   string
	Stats       VictimStats
	Erased      bool
	CreatedAt   time.Time
}

// VictimFilter narrows a list of víctimas by clear attributes.
type VictimFilter struct {
	Sex, Nationality, Municipio  *string
	Minor                        *bool
	IdentifiedFrom, IdentifiedTo *time.Time
}

// VictimMatch is a víctima found through a blind index, in any institution.
type VictimMatch struct {
	ID          uuid.UUID
	Folio       string
	Institution string
	Municipio   string
	// Her blind indexes, to tell which look-up she matched.
	CurpIndex, NameDOBIndex []byte
}

// VictimImport is a spreadsheet of víctimas, expedientes and services an
// institution imported, known by its file's SHA-256.
type VictimImport struct {
	ID                       uuid.UUID
	Institution              string
	SHA256                   []byte
	Victims, Casos, Services int
	ImportedAt               time.Time
}

// VictimChange is one field's change in a víctima's history.
type VictimChange struct {
	Version       int
	ChangedAt     time.Time
	ChangedBy     uuid.NullUUID
	Field         string
	PreviousClear *string
	PreviousEnc   []byte
}
