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
	var f domain.Facts
	victims, err := s.q.ReleaseVictims(ctx, db.ReleaseVictimsParams{StartsOn: from, EndsOn: to})
	if err != nil {
		return f, mapError("release victims", err)
	}
	services, err := s.q.ReleaseServices(ctx, db.ReleaseServicesParams{StartsOn: from, EndsOn: to})
	if err != nil {
		return f, mapError("release services", err)
	}
	byVictim := map[uuid.UUID][]domain.ServiceFact{}
	for _, sv := range services {
		byVictim[sv.VictimID] = append(byVictim[sv.VictimID], domain.ServiceFact{Type: sv.ServiceType, Institution: sv.InstitutionCode,
			Municipio: sv.MunicipioCode, On: sv.ProvidedOn, Quantity: int(sv.Quantity)})
	}
	for _, v := range victims {
		f.Victims = append(f.Victims, domain.VictimFact{ID: v.ID, Sex: v.Sex, Age: v.AgeAtIdentification, Nationality: v.Nationality,
			Modalidades: v.Modalidades, Services: byVictim[v.ID]})
	}
	activities, err := s.q.ReleaseActivities(ctx, db.ReleaseActivitiesParams{StartsOn: from, EndsOn: to})
	if err != nil {
		return f, mapError("release activities", err)
	}
	for _, a := range activities {
		f.Activities = append(f.Activities, domain.ActivityFact{Institution: a.InstitutionCode, Tema: a.Tema, Type: a.ActivityType,
			On: a.HeldOn, Actions: int(a.Actions), People: int(a.PeopleTotal), Women: int(a.Women), Men: int(a.Men)})
	}
	carpetas, err := s.q.ReleaseCarpetas(ctx, db.ReleaseCarpetasParams{StartsOn: from, EndsOn: to})
	if err != nil {
		return f, mapError("release carpetas", err)
	}
	for _, c := range carpetas {
		f.Carpetas = append(f.Carpetas, domain.CarpetaFact{Modalidad: c.Modalidad, District: c.JudicialDistrict, On: c.JudicializedOn,
			Imputados: c.Imputados})
	}
	rescued, err := s.q.ReleaseRescued(ctx, db.ReleaseRescuedParams{StartsOn: from, EndsOn: to})
	if err != nil {
		return f, mapError("release rescued", err)
	}
	for _, r := range rescued {
		f.Rescued = append(f.Rescued, domain.RescuedFact{Sex: r.Sex, Days: r.Judicialized})
	}
	sent, err := s.q.ReleaseCanalizaciones(ctx, db.ReleaseCanalizacionesParams{StartsOn: from, EndsOn: to})
	if err != nil {
		return f, mapError("release canalizaciones", err)
	}
	for _, c := range sent {
		f.Canalizaciones = append(f.Canalizaciones, domain.CanalizacionFact{To: c.ToInstitution, SentOn: c.SentOn, Steps: c.Steps,
			StepsDays: c.StepDates})
	}
	acuerdos, err := s.q.ReleaseAcuerdos(ctx, db.ReleaseAcuerdosParams{StartsOn: from, EndsOn: to})
	if err != nil {
		return f, mapError("release acuerdos", err)
	}
	for _, a := range acuerdos {
		f.Acuerdos = append(f.Acuerdos, domain.AcuerdoFact{HeldOn: a.HeldOn, DueOn: a.DueOn, Updates: a.Updates, UpdatesDays: a.UpdateDates})
	}
	return f, nil
}
