package store

import (
	"context"
	"time"

	"github.com/google/uuid"

	"sintra/internal/domain"
	"sintra/internal/store/internal/db"
)

// FeedWatermark returns the watermark of the transaction's snapshot: every
// change made by a transaction before it is visible in the snapshot.
func (s *Store) FeedWatermark(ctx context.Context) (int64, error) {
	w, err := s.q.FeedWatermark(ctx)
	return w, mapError("feed watermark", err)
}

// FeedChanges returns up to n records changed by transactions from since
// on, after the change after (by transaction, kind and id).
func (s *Store) FeedChanges(ctx context.Context, since int64, after domain.FeedChange, n int) ([]domain.FeedChange, error) {
	rows, err := s.q.FeedChanges(ctx, db.FeedChangesParams{Since: since, AfterTxid: after.TxID, AfterType: after.Kind,
		AfterID: after.ID, Batch: int32(n)})
	if err != nil {
		return nil, mapError("feed changes", err)
	}
	out := make([]domain.FeedChange, len(rows))
	for i, r := range rows {
		out[i] = domain.FeedChange{Kind: r.RecordType, ID: r.RecordID, Version: r.Version, TxID: r.Txid}
	}
	return out, nil
}

// FeedVictims returns what the feed sends of the víctimas ids.
func (s *Store) FeedVictims(ctx context.Context, ids []uuid.UUID) ([]domain.FeedVictim, error) {
	rows, err := s.q.FeedVictims(ctx, ids)
	out := make([]domain.FeedVictim, len(rows))
	for i, r := range rows {
		out[i] = domain.FeedVictim{ID: r.ID, Municipio: r.MunicipioCode, Sex: r.Sex, Age: r.AgeAtIdentification,
			Nationality: r.Nationality, EstadoCivil: r.EstadoCivil, CalidadMigratoria: r.CalidadMigratoria,
			IndigenousLanguage: r.IndigenousLanguage, Disability: r.Disability, MinorAtTime: r.MinorAtTime, DenunciaFiled: r.DenunciaFiled}
	}
	return out, mapError("feed victims", err)
}

func feedSteps(statuses []string, dates []time.Time) []domain.FeedStep {
	out := make([]domain.FeedStep, len(statuses))
	for i := range statuses {
		out[i] = domain.FeedStep{Status: statuses[i], On: dates[i]}
	}
	return out
}

// FeedCasos returns what the feed sends of the casos ids.
func (s *Store) FeedCasos(ctx context.Context, ids []uuid.UUID) ([]domain.FeedCaso, error) {
	rows, err := s.q.FeedCasos(ctx, ids)
	out := make([]domain.FeedCaso, len(rows))
	for i, r := range rows {
		out[i] = domain.FeedCaso{ID: r.ID, Municipio: r.MunicipioCode, OccurredOn: r.OccurredOn, ReportedOn: r.ReportedOn,
			RegisteredOn: r.RegisteredOn, RecruitmentForm: r.RecruitmentForm, TransportMean: r.TransportMean, PlaceType: r.PlaceType,
			OriginCountry: r.OriginCountry, DestinationCountry: r.DestinationCountry, Status: r.Status, Modalidades: r.Modalidades,
			VictimIDs: r.VictimIds, StatusChanges: feedSteps(r.Steps, r.StepDates)}
	}
	return out, mapError("feed casos", err)
}

// FeedServices returns what the feed sends of the services ids.
func (s *Store) FeedServices(ctx context.Context, ids []uuid.UUID) ([]domain.FeedService, error) {
	rows, err := s.q.FeedServices(ctx, ids)
	out := make([]domain.FeedService, len(rows))
	for i, r := range rows {
		out[i] = domain.FeedService{ID: r.ID, VictimID: r.VictimID, Type: r.ServiceType, ProvidedOn: r.ProvidedOn, Quantity: r.Quantity,
			Institution: r.InstitutionCode, Municipio: r.MunicipioCode, Voided: r.VoidedAt != nil}
	}
	return out, mapError("feed services", err)
}

// FeedCanalizaciones returns what the feed sends of the canalizaciones ids.
func (s *Store) FeedCanalizaciones(ctx context.Context, ids []uuid.UUID) ([]domain.FeedCanalizacion, error) {
	rows, err := s.q.FeedCanalizaciones(ctx, ids)
	out := make([]domain.FeedCanalizacion, len(rows))
	for i, r := range rows {
		out[i] = domain.FeedCanalizacion{ID: r.ID, From: r.FromInstitution, To: r.ToInstitution, Municipio: r.MunicipioCode,
			ServiceType: r.ServiceType, SentOn: r.SentOn, Status: r.Status, Steps: feedSteps(r.Steps, r.StepDates), Voided: r.VoidedAt != nil}
	}
	return out, mapError("feed canalizaciones", err)
}

// FeedCarpetas returns what the feed sends of the carpetas ids, with their
// imputados (those voided left out) and resoluciones.
func (s *Store) FeedCarpetas(ctx context.Context, ids []uuid.UUID) ([]domain.FeedCarpeta, error) {
	rows, err := s.q.FeedCarpetas(ctx, ids)
	if err != nil {
		return nil, mapError("feed carpetas", err)
	}
	imputados, err := s.q.FeedImputados(ctx, ids)
	if err != nil {
		return nil, mapError("feed imputados", err)
	}
	resoluciones, err := s.q.FeedResoluciones(ctx, ids)
	if err != nil {
		return nil, mapError("feed resoluciones", err)
	}
	byCarpeta := map[uuid.UUID]*domain.FeedCarpeta{}
	out := make([]domain.FeedCarpeta, len(rows))
	for i, r := range rows {
		out[i] = domain.FeedCarpeta{ID: r.ID, Municipio: r.MunicipioCode, StartedOn: r.StartedOn, Modalidad: r.Modalidad, Status: r.Status,
			JudicializedOn: r.JudicializedOn, JudicialDistrict: r.JudicialDistrict, Medios: r.Medios, VictimIDs: r.VictimIds,
			Steps: feedSteps(r.Steps, r.StepDates), Imputados: []domain.FeedImputado{}, Resoluciones: []domain.FeedResolucion{}}
		byCarpeta[r.ID] = &out[i]
	}
	for _, r := range imputados {
		c := byCarpeta[r.CarpetaID]
		c.Imputados = append(c.Imputados, domain.FeedImputado{ID: r.ID, Sex: r.Sex, Age: r.Age, Nationality: r.Nationality, DetainedOn: r.DetainedOn})
	}
	for _, r := range resoluciones {
		c := byCarpeta[r.CarpetaID]
		c.Resoluciones = append(c.Resoluciones, domain.FeedResolucion{ID: r.ID, Kind: r.Kind, ResolvedOn: r.ResolvedOn,
			ReparationOrdered: r.ReparationOrdered, ImputadoID: r.ImputadoID})
	}
	return out, nil
}

// FeedActivities returns what the feed sends of the activities ids.
func (s *Store) FeedActivities(ctx context.Context, ids []uuid.UUID) ([]domain.FeedActivity, error) {
	rows, err := s.q.FeedActivities(ctx, ids)
	out := make([]domain.FeedActivity, len(rows))
	for i, r := range rows {
		out[i] = domain.FeedActivity{ID: r.ID, Entidad: r.Entidad, Institution: r.InstitutionCode, Tema: r.Tema, Type: r.ActivityType,
			HeldOn: r.HeldOn, AllMunicipios: r.AllMunicipios, Municipios: r.Municipios, Actions: r.Actions, People: r.PeopleTotal,
			Women: r.Women, Men: r.Men, MaterialUnits: r.MaterialUnits, Voided: r.VoidedAt != nil}
	}
	return out, mapError("feed activities", err)
}

// FeedMicrodata returns the entidad's CTDC releases among ids, each with
// the JSON it was released as.
func (s *Store) FeedMicrodata(ctx context.Context, entidad string, ids []uuid.UUID) ([]domain.FeedMicrodata, error) {
	rows, err := s.q.FeedMicrodata(ctx, db.FeedMicrodataParams{Entidad: entidad, Ids: ids})
	out := make([]domain.FeedMicrodata, len(rows))
	for i, r := range rows {
		out[i] = domain.FeedMicrodata{ID: r.ID, Year: int(r.Year), K: int(r.K), Rows: r.Json}
	}
	return out, mapError("feed microdata", err)
}
