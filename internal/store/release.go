package store

import (
	"context"
	"time"

	"github.com/google/uuid"

	"sintra/internal/domain"
	"sintra/internal/store/internal/db"
)

// Facts returns the records behind what the protected reports and
// statistics of a span publish.
func (s *Store) Facts(ctx context.Context, from, to time.Time) (domain.Facts, error) {
	f := domain.Facts{Units: map[string][]domain.UnitFact{}}
	if err := s.victimFacts(ctx, &f, from, to); err != nil {
		return f, err
	}
	var err error
	if f.Activities, err = s.ActivityFacts(ctx, from, to); err != nil {
		return f, err
	}
	rescued, err := s.q.ReleaseRescued(ctx, db.ReleaseRescuedParams{StartsOn: from, EndsOn: to, Entidad: s.entidad})
	if err != nil {
		return f, mapError("release rescued", err)
	}
	for _, r := range rescued {
		f.Rescued = append(f.Rescued, domain.RescuedFact{Sex: r.Sex, Days: r.Judicialized})
	}
	acuerdos, err := s.q.ReleaseAcuerdos(ctx, db.ReleaseAcuerdosParams{StartsOn: from, EndsOn: to, Entidad: s.entidad})
	if err != nil {
		return f, mapError("release acuerdos", err)
	}
	for _, a := range acuerdos {
		f.Acuerdos = append(f.Acuerdos, domain.AcuerdoFact{HeldOn: a.HeldOn, DueOn: a.DueOn, Updates: a.Updates, UpdatesDays: a.UpdateDates})
	}
	for _, load := range []func(context.Context, *domain.Facts, time.Time, time.Time) error{
		s.casoFacts, s.canalizacionFacts, s.carpetaFacts, s.detencionFacts, s.resolucionFacts, s.medidaFacts, s.reporteFacts,
	} {
		if err := load(ctx, &f, from, to); err != nil {
			return f, err
		}
	}
	return f, nil
}

// ReportedEntidades lists, in order, the entidades holding records the
// reports count.
func (s *Store) ReportedEntidades(ctx context.Context) ([]string, error) {
	out, err := s.q.ReportedEntidades(ctx)
	return out, mapError("reported entidades", err)
}

// CountedDataVersion is the version of the data the reports count: it
// moves with every committed change of a table they read, and only then,
// drawing a random stamp each time.
func (s *Store) CountedDataVersion(ctx context.Context) (version int64, stamp uuid.UUID, err error) {
	v, err := s.q.CountedDataVersion(ctx)
	return v.Version, v.Stamp, mapError("counted data version", err)
}

// ActivityFacts returns the activities of a span one by one.
func (s *Store) ActivityFacts(ctx context.Context, from, to time.Time) ([]domain.ActivityFact, error) {
	rows, err := s.q.ReleaseActivities(ctx, db.ReleaseActivitiesParams{StartsOn: from, EndsOn: to, Entidad: s.entidad})
	if err != nil {
		return nil, mapError("release activities", err)
	}
	out := make([]domain.ActivityFact, len(rows))
	for i, a := range rows {
		out[i] = domain.ActivityFact{ID: a.ID, Institution: a.InstitutionCode, Tema: a.Tema, Type: a.ActivityType, Name: a.Name,
			On: a.HeldOn, AllMunicipios: a.AllMunicipios, Municipios: a.Municipios, Actions: int(a.Actions), People: int(a.PeopleTotal),
			Women: int(a.Women), Men: int(a.Men), Material: a.Material, MaterialUnits: int(a.MaterialUnits), Objective: a.Objective}
	}
	return out, nil
}

func (s *Store) victimFacts(ctx context.Context, f *domain.Facts, from, to time.Time) error {
	victims, err := s.q.ReleaseVictims(ctx, db.ReleaseVictimsParams{StartsOn: from, EndsOn: to, Entidad: s.entidad})
	if err != nil {
		return mapError("release victims", err)
	}
	services, err := s.q.ReleaseServices(ctx, db.ReleaseServicesParams{StartsOn: from, EndsOn: to, Entidad: s.entidad})
	if err != nil {
		return mapError("release services", err)
	}
	byVictim := map[uuid.UUID][]domain.ServiceFact{}
	for _, sv := range services {
		byVictim[sv.VictimID] = append(byVictim[sv.VictimID], domain.ServiceFact{Type: sv.ServiceType, Institution: sv.InstitutionCode,
			Municipio: sv.MunicipioCode, On: sv.ProvidedOn, Quantity: int(sv.Quantity)})
	}
	for _, v := range victims {
		f.Victims = append(f.Victims, domain.VictimFact{ID: v.ID, Sex: v.Sex, Age: v.AgeAtIdentification, Nationality: v.Nationality,
			EstadoCivil: v.EstadoCivil, CalidadMigratoria: v.CalidadMigratoria, LenguaIndigena: v.IndigenousLanguage,
			Discapacidad: yesNo(v.Disability), Menor: yesNo(v.MinorAtTime), Denuncia: yesNo(v.DenunciaFiled),
			Modalidades: v.Modalidades, Services: byVictim[v.ID]})
	}
	return nil
}

// yesNo names an answer that may be missing.
func yesNo(b *bool) string {
	switch {
	case b == nil:
		return "sin_dato"
	case *b:
		return "si"
	}
	return "no"
}

func (s *Store) casoFacts(ctx context.Context, f *domain.Facts, from, to time.Time) error {
	rows, err := s.q.ReleaseCasos(ctx, db.ReleaseCasosParams{StartsOn: from, EndsOn: to, Entidad: s.entidad})
	if err != nil {
		return mapError("release casos", err)
	}
	for _, k := range rows {
		f.Units["casos"] = append(f.Units["casos"], domain.UnitFact{On: k.DatedOn,
			Values: map[string][]string{"municipio": {k.MunicipioCode}, "modalidad": k.Modalidades,
				"forma_enganche": {k.RecruitmentForm}, "medio_transporte": {k.TransportMean}, "tipo_lugar": {k.PlaceType},
				"pais_origen": {k.OriginCountry}, "pais_destino": {k.DestinationCountry}},
			Timelines: map[string]domain.Timeline{"estado": {Start: "abierto", Steps: k.Steps, Days: k.StepDates}}})
	}
	return nil
}

func (s *Store) canalizacionFacts(ctx context.Context, f *domain.Facts, from, to time.Time) error {
	rows, err := s.q.ReleaseCanalizaciones(ctx, db.ReleaseCanalizacionesParams{StartsOn: from, EndsOn: to, Entidad: s.entidad})
	if err != nil {
		return mapError("release canalizaciones", err)
	}
	for _, c := range rows {
		f.Units["canalizaciones"] = append(f.Units["canalizaciones"], domain.UnitFact{On: c.SentOn,
			Values: map[string][]string{"institucion_receptora": {c.ToInstitution}, "institucion_emisora": {c.FromInstitution},
				"tipo_servicio": {c.ServiceType}, "municipio": {c.MunicipioCode}},
			Timelines: map[string]domain.Timeline{"estado": {Start: "enviada", Steps: c.Steps, Days: c.StepDates}}})
	}
	return nil
}

// carpetaFacts are the carpetas judicializadas in the span and their imputados.
func (s *Store) carpetaFacts(ctx context.Context, f *domain.Facts, from, to time.Time) error {
	rows, err := s.q.ReleaseCarpetas(ctx, db.ReleaseCarpetasParams{StartsOn: from, EndsOn: to, Entidad: s.entidad})
	if err != nil {
		return mapError("release carpetas", err)
	}
	for _, c := range rows {
		f.Units["carpetas"] = append(f.Units["carpetas"], domain.UnitFact{On: c.JudicializedOn,
			Values: map[string][]string{"municipio": {c.MunicipioCode}, "modalidad": {c.Modalidad},
				"distrito": {c.JudicialDistrict}, "medio_comisivo": c.Medios},
			Timelines: map[string]domain.Timeline{"etapa": {Start: "en_investigacion", Steps: c.Steps, Days: c.StepDates}}})
		for j, sex := range c.ImputadoSexes {
			var age *int32
			if a := c.ImputadoAges[j]; a >= 0 {
				age = &a
			}
			f.Units["imputados"] = append(f.Units["imputados"], domain.UnitFact{On: c.JudicializedOn,
				Values: map[string][]string{"sexo": {sex}, "grupo_edad": {domain.AgeGroup(age)}, "nacionalidad": {c.ImputadoNationalities[j]},
					"modalidad": {c.Modalidad}, "municipio": {c.MunicipioCode}}})
		}
	}
	return nil
}

func (s *Store) detencionFacts(ctx context.Context, f *domain.Facts, from, to time.Time) error {
	rows, err := s.q.ReleaseDetenciones(ctx, db.ReleaseDetencionesParams{StartsOn: from, EndsOn: to, Entidad: s.entidad})
	if err != nil {
		return mapError("release detenciones", err)
	}
	for _, d := range rows {
		f.Units["detenciones"] = append(f.Units["detenciones"], domain.UnitFact{On: d.DetainedOn,
			Values: map[string][]string{"sexo": {d.Sex}, "grupo_edad": {domain.AgeGroup(d.Age)}, "nacionalidad": {d.Nationality},
				"modalidad": {d.Modalidad}, "municipio": {d.MunicipioCode}}})
	}
	return nil
}

func (s *Store) resolucionFacts(ctx context.Context, f *domain.Facts, from, to time.Time) error {
	rows, err := s.q.ReleaseResoluciones(ctx, db.ReleaseResolucionesParams{StartsOn: from, EndsOn: to, Entidad: s.entidad})
	if err != nil {
		return mapError("release resoluciones", err)
	}
	for _, r := range rows {
		reparacion := "no"
		if r.ReparationOrdered {
			reparacion = "si"
		}
		f.Units["resoluciones"] = append(f.Units["resoluciones"], domain.UnitFact{On: r.ResolvedOn,
			Values: map[string][]string{"tipo_resolucion": {r.Kind}, "modalidad": {r.Modalidad}, "reparacion": {reparacion},
				"sexo": {r.ImputadoSex}, "municipio": {r.MunicipioCode}}})
	}
	return nil
}
