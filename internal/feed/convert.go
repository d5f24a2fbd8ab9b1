package feed

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"sintra/internal/domain"
)

const isoDate = "2006-01-02"

func day(t time.Time) string { return t.Format(isoDate) }

func optDay(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := day(*t)
	return &s
}

// namer gives each exported record and reference its pseudonym.
type namer func(kind string, id [16]byte) string

func (n namer) all(kind string, ids []uuid.UUID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = n(kind, id)
	}
	return out
}

func wireSteps(steps []domain.FeedStep) []Step {
	out := make([]Step, len(steps))
	for i, s := range steps {
		out[i] = Step{Status: s.Status, On: day(s.On)}
	}
	return out
}

func wireVictima(v domain.FeedVictim) *Victima {
	return &Victima{Municipio: v.Municipio, Sex: v.Sex, Age: v.Age, Nationality: v.Nationality, EstadoCivil: v.EstadoCivil,
		CalidadMigratoria: v.CalidadMigratoria, IndigenousLanguage: v.IndigenousLanguage, Disability: v.Disability,
		MinorAtTime: v.MinorAtTime, DenunciaFiled: v.DenunciaFiled}
}

func wireCaso(c domain.FeedCaso, n namer) *Caso {
	return &Caso{Municipio: c.Municipio, OccurredOn: optDay(c.OccurredOn), ReportedOn: optDay(c.ReportedOn), RegisteredOn: day(c.RegisteredOn),
		RecruitmentForm: c.RecruitmentForm, TransportMean: c.TransportMean, PlaceType: c.PlaceType, OriginCountry: c.OriginCountry,
		DestinationCountry: c.DestinationCountry, Status: c.Status, Modalidades: c.Modalidades,
		Victimas: n.all(domain.KindVictima, c.VictimIDs), StatusChanges: wireSteps(c.StatusChanges)}
}

func wireServicio(s domain.FeedService, n namer) *Servicio {
	return &Servicio{Victima: n(domain.KindVictima, s.VictimID), ServiceType: s.Type, ProvidedOn: day(s.ProvidedOn), Quantity: s.Quantity,
		Institution: s.Institution, Municipio: s.Municipio}
}

func wireCanalizacion(c domain.FeedCanalizacion) *Canalizacion {
	return &Canalizacion{From: c.From, To: c.To, Municipio: c.Municipio, ServiceType: c.ServiceType, SentOn: day(c.SentOn),
		Status: c.Status, Steps: wireSteps(c.Steps)}
}

func wireCarpeta(c domain.FeedCarpeta, n namer) *Carpeta {
	out := &Carpeta{Municipio: c.Municipio, StartedOn: day(c.StartedOn), Modalidad: c.Modalidad, Status: c.Status,
		JudicializedOn: optDay(c.JudicializedOn), JudicialDistrict: c.JudicialDistrict, Medios: c.Medios,
		Victimas: n.all(domain.KindVictima, c.VictimIDs), Steps: wireSteps(c.Steps),
		Imputados: make([]Imputado, len(c.Imputados)), Resoluciones: make([]Resolucion, len(c.Resoluciones))}
	for i, im := range c.Imputados {
		out.Imputados[i] = Imputado{Pseudonym: n(kindImputado, im.ID), Sex: im.Sex, Age: im.Age, Nationality: im.Nationality,
			DetainedOn: optDay(im.DetainedOn)}
	}
	for i, r := range c.Resoluciones {
		out.Resoluciones[i] = Resolucion{Pseudonym: n(kindResolucion, r.ID), Kind: r.Kind, ResolvedOn: day(r.ResolvedOn),
			ReparationOrdered: r.ReparationOrdered}
		if r.ImputadoID.Valid {
			p := n(kindImputado, r.ImputadoID.UUID)
			out.Resoluciones[i].Imputado = &p
		}
	}
	return out
}

func wireActividad(a domain.FeedActivity) *Actividad {
	return &Actividad{Institution: a.Institution, Tema: a.Tema, Type: a.Type, HeldOn: day(a.HeldOn),
		AllMunicipios: a.AllMunicipios, Municipios: a.Municipios, Actions: a.Actions, People: a.People, Women: a.Women, Men: a.Men,
		MaterialUnits: a.MaterialUnits}
}

// wireMicrodatos is a release's rows as the feed sends them: those of the
// JSON it was released as.
func wireMicrodatos(m domain.FeedMicrodata) (*Microdatos, error) {
	var released struct {
		Rows [][]string `json:"rows"`
	}
	if err := json.Unmarshal(m.Rows, &released); err != nil {
		return nil, fmt.Errorf("feed: the microdata of %d: %w", m.Year, err)
	}
	if released.Rows == nil {
		released.Rows = [][]string{}
	}
	return &Microdatos{Year: m.Year, K: m.K, Rows: released.Rows}, nil
}

// The kinds of the parts of a carpeta, named by pseudonyms of their own.
const (
	kindImputado   = "imputado"
	kindResolucion = "resolucion"
)

// feedNamespace is the namespace of the ids the national instance derives
// from an entidad, a kind and a pseudonym.
var feedNamespace = uuid.MustParse("8f0b7c2e-4a61-4d3b-9c58-2e7a1d6f3b90")

// nationalID is the id the national instance gives a record of an entidad:
// the same for every import, so records refer to each other without a
// look-up, and unrelated to the state's own id.
func nationalID(entidad, kind, pseudonym string) uuid.UUID {
	return uuid.NewSHA1(feedNamespace, []byte(entidad+"/"+kind+"/"+pseudonym))
}
