package feed

import (
	"bytes"
	"fmt"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"sintra/api"
)

// Schema names the format of a batch; a later, incompatible format gets
// another name, and an importer refuses the names it does not know.
const Schema = "sintra-feed/3"

// readSchemas are the formats an import reads: sintra-feed/2 is
// sintra-feed/3 without generations, so a national instance upgraded
// before its states goes on importing their batches.
var readSchemas = []string{"sintra-feed/2", Schema}

// Header is a batch's first line.
type Header struct {
	Schema  string `json:"schema"`
	Entidad string `json:"entidad"`
	// Sequence numbers the entidad's batches from 1; Previous is the
	// SHA-256, in hex, of the batch before it ("" for the first), so that
	// the importer sees a batch missing or two series forked.
	Sequence int64  `json:"sequence"`
	Previous string `json:"previous"`
	// Generation names the series the batch is numbered in: a state
	// restored from a backup starts a new one with a Full batch, which
	// holds every record it has and replaces what the national instance
	// imported from it. Absent ("") for the series before generations.
	Generation string `json:"generation,omitempty"`
	Full       bool   `json:"full,omitempty"`
	// Since and Watermark bound the changes the batch holds: every record
	// changed since Since, to be followed by an export from Watermark.
	Since       string `json:"since"`
	Watermark   string `json:"watermark"`
	GeneratedAt string `json:"generated_at"`
	Records     int    `json:"records"`
	Dates       *Dates `json:"dates"`
}

// Dates are the earliest and latest event dates of a batch's records.
type Dates struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Signature is a batch's last line: Ed25519ph over the SHA-512 of every
// byte before it, and the public key that made it.
type Signature struct {
	Signature string `json:"signature"`
	PublicKey string `json:"public_key"`
}

// Record is one record line: its kind, pseudonym and version, and either
// its data or, once voided, retracted.
type Record struct {
	Kind         string        `json:"kind"`
	Pseudonym    string        `json:"pseudonym"`
	Version      int64         `json:"version"`
	Retracted    bool          `json:"retracted,omitempty"`
	Victima      *Victima      `json:"victima,omitempty"`
	Caso         *Caso         `json:"caso,omitempty"`
	Servicio     *Servicio     `json:"servicio,omitempty"`
	Canalizacion *Canalizacion `json:"canalizacion,omitempty"`
	Carpeta      *Carpeta      `json:"carpeta,omitempty"`
	Actividad    *Actividad    `json:"actividad,omitempty"`
	Microdatos   *Microdatos   `json:"microdatos,omitempty"`
}

// Victima is a víctima's statistical attributes.
type Victima struct {
	Municipio          string  `json:"municipio"`
	Sex                string  `json:"sex"`
	Age                *int32  `json:"age_at_identification"`
	Nationality        *string `json:"nationality"`
	EstadoCivil        string  `json:"estado_civil"`
	CalidadMigratoria  string  `json:"calidad_migratoria"`
	IndigenousLanguage *string `json:"indigenous_language"`
	Disability         *bool   `json:"disability"`
	MinorAtTime        *bool   `json:"minor_at_time"`
	DenunciaFiled      *bool   `json:"denuncia_filed"`
}

// Step is a status reached on a date.
type Step struct {
	Status string `json:"status"`
	On     string `json:"on"`
}

// Caso is a caso's facts and the pseudonyms of its víctimas.
type Caso struct {
	Municipio          string   `json:"municipio"`
	OccurredOn         *string  `json:"occurred_on"`
	ReportedOn         *string  `json:"reported_on"`
	RegisteredOn       string   `json:"registered_on"`
	RecruitmentForm    *string  `json:"recruitment_form"`
	TransportMean      *string  `json:"transport_mean"`
	PlaceType          *string  `json:"place_type"`
	OriginCountry      *string  `json:"origin_country"`
	DestinationCountry *string  `json:"destination_country"`
	Status             string   `json:"status"`
	Modalidades        []string `json:"modalidades"`
	Victimas           []string `json:"victimas"`
	StatusChanges      []Step   `json:"status_changes"`
}

// Servicio is a service given to a víctima, named by her pseudonym.
type Servicio struct {
	Victima     string `json:"victima"`
	ServiceType string `json:"service_type"`
	ProvidedOn  string `json:"provided_on"`
	Quantity    int32  `json:"quantity"`
	Institution string `json:"institution"`
	Municipio   string `json:"municipio"`
}

// Canalizacion is a referral between institutions and its steps.
type Canalizacion struct {
	From        string `json:"from_institution"`
	To          string `json:"to_institution"`
	Municipio   string `json:"municipio"`
	ServiceType string `json:"service_type"`
	SentOn      string `json:"sent_on"`
	Status      string `json:"status"`
	Steps       []Step `json:"steps"`
}

// Imputado is a carpeta's imputado: sex, age, nationality, detention.
type Imputado struct {
	Pseudonym   string  `json:"pseudonym"`
	Sex         string  `json:"sex"`
	Age         *int32  `json:"age"`
	Nationality *string `json:"nationality"`
	DetainedOn  *string `json:"detained_on"`
}

// Resolucion is a judicial resolution of a carpeta.
type Resolucion struct {
	Pseudonym         string  `json:"pseudonym"`
	Kind              string  `json:"kind"`
	ResolvedOn        string  `json:"resolved_on"`
	ReparationOrdered bool    `json:"reparation_ordered"`
	Imputado          *string `json:"imputado"`
}

// Carpeta is a carpeta de investigación without its number or unit.
type Carpeta struct {
	Municipio        string       `json:"municipio"`
	StartedOn        string       `json:"started_on"`
	Modalidad        string       `json:"modalidad"`
	Status           string       `json:"status"`
	JudicializedOn   *string      `json:"judicialized_on"`
	JudicialDistrict *string      `json:"judicial_district"`
	Medios           []string     `json:"medios_comisivos"`
	Victimas         []string     `json:"victimas"`
	Steps            []Step       `json:"steps"`
	Imputados        []Imputado   `json:"imputados"`
	Resoluciones     []Resolucion `json:"resoluciones"`
}

// Microdatos are a year's CTDC microdata as the state released them, k
// anonymous for k: the national instance makes the nation's file of them,
// not of the fed records again.
type Microdatos struct {
	Year int        `json:"year"`
	K    int        `json:"k"`
	Rows [][]string `json:"rows"`
}

// Actividad is a public act, counted: its name, material and objective,
// free text, stay in the state.
type Actividad struct {
	Institution   string   `json:"institution"`
	Tema          string   `json:"tema"`
	Type          string   `json:"activity_type"`
	HeldOn        string   `json:"held_on"`
	AllMunicipios bool     `json:"all_municipios"`
	Municipios    []string `json:"municipios"`
	Actions       int32    `json:"actions"`
	People        int32    `json:"people_total"`
	Women         *int32   `json:"women"`
	Men           *int32   `json:"men"`
	MaterialUnits *int32   `json:"material_units"`
}

// lineSchemas are the compiled schemas of the three kinds of line.
type lineSchemas struct{ header, record, signature *jsonschema.Schema }

var (
	schemasOnce sync.Once
	schemas     lineSchemas
	schemasErr  error
)

func compiledSchemas() (lineSchemas, error) {
	schemasOnce.Do(func() {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(api.FeedSchema))
		if err != nil {
			schemasErr = fmt.Errorf("feed: schema: %w", err)
			return
		}
		c := jsonschema.NewCompiler()
		const url = "feed.schema.json"
		if err := c.AddResource(url, doc); err != nil {
			schemasErr = fmt.Errorf("feed: schema: %w", err)
			return
		}
		for _, s := range []struct {
			def string
			to  **jsonschema.Schema
		}{{"header", &schemas.header}, {"record", &schemas.record}, {"signature", &schemas.signature}} {
			if *s.to, err = c.Compile(url + "#/$defs/" + s.def); err != nil {
				schemasErr = fmt.Errorf("feed: schema: %w", err)
				return
			}
		}
	})
	return schemas, schemasErr
}

// validLine checks one line against a schema.
func validLine(s *jsonschema.Schema, line []byte) error {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(line))
	if err != nil {
		return err
	}
	return s.Validate(v)
}
