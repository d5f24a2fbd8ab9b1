package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/google/uuid"

	"sintra/internal/domain"
	"sintra/internal/store/internal/db"
)

// The imported records' parts, as feed_* hold them and the counted_* views
// read them.
type (
	feedStepJSON struct {
		Status string `json:"status"`
		On     string `json:"on"`
	}
	feedImputadoJSON struct {
		ID          uuid.UUID `json:"id"`
		Sex         string    `json:"sex"`
		Age         *int32    `json:"age"`
		Nationality *string   `json:"nationality"`
		DetainedOn  *string   `json:"detained_on"`
	}
	feedResolucionJSON struct {
		ID                uuid.UUID  `json:"id"`
		Kind              string     `json:"kind"`
		ResolvedOn        string     `json:"resolved_on"`
		ReparationOrdered bool       `json:"reparation_ordered"`
		ImputadoID        *uuid.UUID `json:"imputado_id"`
	}
)

const isoDate = "2006-01-02"

func dateText(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := t.Format(isoDate)
	return &s
}

func stepsJSON(steps []domain.FeedStep) []byte {
	out := make([]feedStepJSON, len(steps))
	for i, s := range steps {
		out[i] = feedStepJSON{Status: s.Status, On: s.On.Format(isoDate)}
	}
	b, _ := json.Marshal(out)
	return b
}

// UpsertFeedVictim stores an imported víctima unless a version as new is
// held; it reports whether it stored it.
func (s *Store) UpsertFeedVictim(ctx context.Context, k domain.FeedKey, v domain.FeedVictim) (bool, error) {
	n, err := s.q.UpsertFeedVictim(ctx, db.UpsertFeedVictimParams{ID: k.ID, Entidad: k.Entidad, Pseudonym: k.Pseudonym, Version: k.Version,
		MunicipioCode: v.Municipio, Sex: v.Sex, AgeAtIdentification: v.Age, Nationality: v.Nationality, EstadoCivil: v.EstadoCivil,
		CalidadMigratoria: v.CalidadMigratoria, IndigenousLanguage: v.IndigenousLanguage, Disability: v.Disability,
		MinorAtTime: v.MinorAtTime, DenunciaFiled: v.DenunciaFiled, ImportedAt: s.now()})
	return n > 0, mapError("upsert feed victim", err)
}

// UpsertFeedCaso stores an imported caso unless a version as new is held.
func (s *Store) UpsertFeedCaso(ctx context.Context, k domain.FeedKey, c domain.FeedCaso) (bool, error) {
	n, err := s.q.UpsertFeedCaso(ctx, db.UpsertFeedCasoParams{ID: k.ID, Entidad: k.Entidad, Pseudonym: k.Pseudonym, Version: k.Version,
		MunicipioCode: c.Municipio, OccurredOn: c.OccurredOn, ReportedOn: c.ReportedOn, RegisteredOn: c.RegisteredOn,
		RecruitmentForm: c.RecruitmentForm, TransportMean: c.TransportMean, PlaceType: c.PlaceType, OriginCountry: c.OriginCountry,
		DestinationCountry: c.DestinationCountry, Status: c.Status, Modalidades: c.Modalidades, VictimIds: c.VictimIDs,
		StatusChanges: stepsJSON(c.StatusChanges), ImportedAt: s.now()})
	return n > 0, mapError("upsert feed caso", err)
}

// UpsertFeedService stores an imported service, or its retraction when
// voided, unless a version as new is held.
func (s *Store) UpsertFeedService(ctx context.Context, k domain.FeedKey, sv domain.FeedService) (bool, error) {
	p := db.UpsertFeedServiceParams{ID: k.ID, Entidad: k.Entidad, Pseudonym: k.Pseudonym, Version: k.Version, ImportedAt: s.now()}
	if sv.Voided {
		p.VoidedAt = &p.ImportedAt
	} else {
		p.VictimID = uuid.NullUUID{UUID: sv.VictimID, Valid: true}
		p.ServiceType, p.ProvidedOn, p.Quantity = &sv.Type, &sv.ProvidedOn, &sv.Quantity
		p.InstitutionCode, p.MunicipioCode = &sv.Institution, &sv.Municipio
	}
	n, err := s.q.UpsertFeedService(ctx, p)
	return n > 0, mapError("upsert feed service", err)
}

// UpsertFeedCanalizacion stores an imported canalización, or its
// retraction, unless a version as new is held.
func (s *Store) UpsertFeedCanalizacion(ctx context.Context, k domain.FeedKey, c domain.FeedCanalizacion) (bool, error) {
	p := db.UpsertFeedCanalizacionParams{ID: k.ID, Entidad: k.Entidad, Pseudonym: k.Pseudonym, Version: k.Version, ImportedAt: s.now()}
	if c.Voided {
		p.VoidedAt = &p.ImportedAt
	} else {
		p.FromInstitution, p.ToInstitution, p.MunicipioCode, p.ServiceType = &c.From, &c.To, &c.Municipio, &c.ServiceType
		p.SentOn, p.Status, p.Steps = &c.SentOn, &c.Status, stepsJSON(c.Steps)
	}
	n, err := s.q.UpsertFeedCanalizacion(ctx, p)
	return n > 0, mapError("upsert feed canalizacion", err)
}

// UpsertFeedCarpeta stores an imported carpeta unless a version as new is
// held.
func (s *Store) UpsertFeedCarpeta(ctx context.Context, k domain.FeedKey, c domain.FeedCarpeta) (bool, error) {
	imputados := make([]feedImputadoJSON, len(c.Imputados))
	for i, im := range c.Imputados {
		imputados[i] = feedImputadoJSON{ID: im.ID, Sex: im.Sex, Age: im.Age, Nationality: im.Nationality, DetainedOn: dateText(im.DetainedOn)}
	}
	resoluciones := make([]feedResolucionJSON, len(c.Resoluciones))
	for i, r := range c.Resoluciones {
		resoluciones[i] = feedResolucionJSON{ID: r.ID, Kind: r.Kind, ResolvedOn: r.ResolvedOn.Format(isoDate), ReparationOrdered: r.ReparationOrdered}
		if r.ImputadoID.Valid {
			resoluciones[i].ImputadoID = &r.ImputadoID.UUID
		}
	}
	imputadosJSON, _ := json.Marshal(imputados)
	resolucionesJSON, _ := json.Marshal(resoluciones)
	n, err := s.q.UpsertFeedCarpeta(ctx, db.UpsertFeedCarpetaParams{ID: k.ID, Entidad: k.Entidad, Pseudonym: k.Pseudonym, Version: k.Version,
		MunicipioCode: c.Municipio, StartedOn: c.StartedOn, Modalidad: c.Modalidad, Status: c.Status, JudicializedOn: c.JudicializedOn,
		JudicialDistrict: c.JudicialDistrict, Medios: c.Medios, VictimIds: c.VictimIDs, Steps: stepsJSON(c.Steps),
		Imputados: imputadosJSON, Resoluciones: resolucionesJSON, ImportedAt: s.now()})
	return n > 0, mapError("upsert feed carpeta", err)
}

// UpsertFeedActivity stores an imported actividad, or its retraction,
// unless a version as new is held.
func (s *Store) UpsertFeedActivity(ctx context.Context, k domain.FeedKey, a domain.FeedActivity) (bool, error) {
	p := db.UpsertFeedActivityParams{ID: k.ID, Entidad: k.Entidad, Pseudonym: k.Pseudonym, Version: k.Version, ImportedAt: s.now()}
	if a.Voided {
		p.VoidedAt = &p.ImportedAt
	} else {
		p.InstitutionCode, p.Tema, p.ActivityType, p.HeldOn = &a.Institution, &a.Tema, &a.Type, &a.HeldOn
		p.AllMunicipios, p.Municipios, p.Actions, p.PeopleTotal = &a.AllMunicipios, a.Municipios, &a.Actions, &a.People
		p.Women, p.Men, p.MaterialUnits = a.Women, a.Men, a.MaterialUnits
	}
	n, err := s.q.UpsertFeedActivity(ctx, p)
	return n > 0, mapError("upsert feed activity", err)
}

// FeedImportedBefore reports whether a batch of these bytes was imported.
func (s *Store) FeedImportedBefore(ctx context.Context, sha256 []byte) (bool, error) {
	ok, err := s.q.FeedImportedBefore(ctx, sha256)
	return ok, mapError("feed imported before", err)
}

// InsertFeedImport records a batch imported.
func (s *Store) InsertFeedImport(ctx context.Context, im domain.FeedImport) error {
	_, err := s.q.InsertFeedImport(ctx, db.InsertFeedImportParams{Sha256: im.SHA256, Entidad: im.Entidad,
		Generation: im.Generation, FullBatch: im.Full, GeneratedAt: &im.GeneratedAt, Sequence: im.Sequence, Previous: nonNil(im.Previous), Since: im.Since,
		Watermark: im.Watermark, Records: int32(im.Records), Applied: int32(im.Applied), ImportedAt: s.stamp(im.ImportedAt)})
	return mapError("insert feed import", err)
}

// EntidadHasLocalRecords reports whether the instance holds an entidad's
// own víctimas, casos or activities.
func (s *Store) EntidadHasLocalRecords(ctx context.Context, entidad string) (bool, error) {
	ok, err := s.q.EntidadHasLocalRecords(ctx, entidad)
	return ok != nil && *ok, mapError("entidad has local records", err)
}

// LatestFeedWatermark returns the furthest watermark imported from an
// entidad, 0 before the first.
func (s *Store) LatestFeedWatermark(ctx context.Context, entidad string) (int64, error) {
	w, err := s.q.LatestFeedWatermark(ctx, entidad)
	return w, mapError("latest feed watermark", err)
}

func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

// LockFeedSeries waits, until the transaction ends, for any other export
// (series "export") or import of the same entidad (its code) to end.
func (s *Store) LockFeedSeries(ctx context.Context, series string) error {
	return mapError("lock feed series", s.q.LockFeedSeries(ctx, series))
}

// LastFeedImport returns the last batch imported from entidad, or the zero
// FeedLink before the first.
func (s *Store) LastFeedImport(ctx context.Context, entidad string) (domain.FeedLink, error) {
	rows, err := s.q.LastFeedImport(ctx, entidad)
	if err != nil || len(rows) == 0 {
		return domain.FeedLink{}, mapError("last feed import", err)
	}
	return domain.FeedLink{Generation: rows[0].Generation, Sequence: rows[0].Sequence, SHA256: rows[0].Sha256, MadeAt: rows[0].MadeAt}, nil
}

// FeedGenerationImported reports whether a batch of an entidad's
// generation was imported.
func (s *Store) FeedGenerationImported(ctx context.Context, entidad, generation string) (bool, error) {
	ok, err := s.q.FeedGenerationImported(ctx, db.FeedGenerationImportedParams{Entidad: entidad, Generation: generation})
	return ok, mapError("feed generation imported", err)
}

// DeleteFeedRecordsOf removes every record imported from an entidad.
func (s *Store) DeleteFeedRecordsOf(ctx context.Context, entidad string) error {
	return mapError("delete feed records", s.q.DeleteFeedRecordsOf(ctx, entidad))
}

// LastFeedExport returns the last batch exported, or the zero FeedLink
// before the first.
func (s *Store) LastFeedExport(ctx context.Context) (domain.FeedLink, error) {
	rows, err := s.q.LastFeedExport(ctx)
	if err != nil || len(rows) == 0 {
		return domain.FeedLink{}, mapError("last feed export", err)
	}
	return domain.FeedLink{Generation: rows[0].Generation, Sequence: rows[0].Sequence, SHA256: rows[0].Sha256}, nil
}

// InsertFeedExport records a batch exported as the next of its generation's
// series; full for the full batch that starts a generation.
func (s *Store) InsertFeedExport(ctx context.Context, l domain.FeedLink, full bool, since, watermark int64, records int) error {
	return mapError("insert feed export", s.q.InsertFeedExport(ctx, db.InsertFeedExportParams{Generation: l.Generation, FullBatch: full,
		Sequence: l.Sequence, Sha256: l.SHA256, Since: since, Watermark: watermark, Records: int32(records), ExportedAt: s.now()}))
}

// UpsertFeedMicrodata stores a year's microdata imported from an entidad
// unless the year was received before: the first received stands.
func (s *Store) UpsertFeedMicrodata(ctx context.Context, k domain.FeedKey, m domain.FeedMicrodata) (bool, error) {
	n, err := s.q.UpsertFeedMicrodata(ctx, db.UpsertFeedMicrodataParams{ID: k.ID, Entidad: k.Entidad, Pseudonym: k.Pseudonym, Version: k.Version,
		Year: int32(m.Year), K: int32(m.K), Rows: m.Rows, ImportedAt: s.now()})
	return n > 0, mapError("upsert feed microdata", err)
}
