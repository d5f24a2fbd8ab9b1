package feed

import (
	"github.com/google/uuid"

	"sintra/internal/domain"
)

func casoOf(c *Caso, id func(kind, pseudonym string) uuid.UUID) (domain.FeedCaso, error) {
	registered, err := parseDay(c.RegisteredOn)
	if err != nil {
		return domain.FeedCaso{}, err
	}
	occurred, err1 := parseOptDay(c.OccurredOn)
	reported, err2 := parseOptDay(c.ReportedOn)
	steps, err3 := stepsOf(c.StatusChanges)
	for _, e := range []error{err1, err2, err3} {
		if e != nil {
			return domain.FeedCaso{}, e
		}
	}
	return domain.FeedCaso{Municipio: c.Municipio, OccurredOn: occurred, ReportedOn: reported, RegisteredOn: registered,
		RecruitmentForm: c.RecruitmentForm, TransportMean: c.TransportMean, PlaceType: c.PlaceType, OriginCountry: c.OriginCountry,
		DestinationCountry: c.DestinationCountry, Status: c.Status, Modalidades: c.Modalidades,
		VictimIDs: idsOf(domain.KindVictima, c.Victimas, id), StatusChanges: steps}, nil
}

func canalizacionOf(c *Canalizacion) (domain.FeedCanalizacion, error) {
	sent, err := parseDay(c.SentOn)
	if err != nil {
		return domain.FeedCanalizacion{}, err
	}
	steps, err := stepsOf(c.Steps)
	return domain.FeedCanalizacion{From: c.From, To: c.To, Municipio: c.Municipio, ServiceType: c.ServiceType, SentOn: sent,
		Status: c.Status, Steps: steps}, err
}

func carpetaOf(c *Carpeta, id func(kind, pseudonym string) uuid.UUID) (domain.FeedCarpeta, error) {
	started, err := parseDay(c.StartedOn)
	if err != nil {
		return domain.FeedCarpeta{}, err
	}
	judicialized, err1 := parseOptDay(c.JudicializedOn)
	steps, err2 := stepsOf(c.Steps)
	if err1 != nil || err2 != nil {
		return domain.FeedCarpeta{}, refused("una fecha de la carpeta no existe.", nil)
	}
	out := domain.FeedCarpeta{Municipio: c.Municipio, StartedOn: started, Modalidad: c.Modalidad, Status: c.Status,
		JudicializedOn: judicialized, JudicialDistrict: c.JudicialDistrict, Medios: c.Medios,
		VictimIDs: idsOf(domain.KindVictima, c.Victimas, id), Steps: steps,
		Imputados: make([]domain.FeedImputado, len(c.Imputados)), Resoluciones: make([]domain.FeedResolucion, len(c.Resoluciones))}
	for i, im := range c.Imputados {
		detained, err := parseOptDay(im.DetainedOn)
		if err != nil {
			return out, err
		}
		out.Imputados[i] = domain.FeedImputado{ID: id(kindImputado, im.Pseudonym), Sex: im.Sex, Age: im.Age, Nationality: im.Nationality,
			DetainedOn: detained}
	}
	for i, r := range c.Resoluciones {
		resolved, err := parseDay(r.ResolvedOn)
		if err != nil {
			return out, err
		}
		out.Resoluciones[i] = domain.FeedResolucion{ID: id(kindResolucion, r.Pseudonym), Kind: r.Kind, ResolvedOn: resolved,
			ReparationOrdered: r.ReparationOrdered}
		if r.Imputado != nil {
			out.Resoluciones[i].ImputadoID = uuid.NullUUID{UUID: id(kindImputado, *r.Imputado), Valid: true}
		}
	}
	return out, nil
}

func actividadOf(a *Actividad) (domain.FeedActivity, error) {
	held, err := parseDay(a.HeldOn)
	return domain.FeedActivity{Institution: a.Institution, Tema: a.Tema, Type: a.Type, HeldOn: held,
		AllMunicipios: a.AllMunicipios, Municipios: a.Municipios, Actions: a.Actions, People: a.People, Women: a.Women, Men: a.Men,
		MaterialUnits: a.MaterialUnits}, err
}
