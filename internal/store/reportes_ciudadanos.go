package store

import (
	"context"
	"time"

	"github.com/google/uuid"

	"sintra/internal/domain"
	"sintra/internal/store/internal/db"
)

func reporteFromRow(r db.ReportesCiudadano) domain.Reporte {
	out := domain.Reporte{ID: r.ID, Folio: r.Folio, Institution: r.InstitutionCode, Municipio: r.MunicipioCode,
		HechosMunicipio: r.HechosMunicipioCode, ReceivedAt: r.ReceivedAt, Channel: r.Channel, Reporter: r.Reporter,
		Classification: r.Classification, Status: r.Status, CanalizadoA: r.CanalizadoA, CasoID: r.CasoID, ClosedOn: r.ClosedOn,
		Version: int(r.Version), CreatedAt: r.CreatedAt, NarrativeEnc: r.NarrativeEnc, ContactEnc: r.ContactEnc,
		ClosingReasonEnc: r.ClosingReasonEnc, WrappedKey: r.DekWrapped, ErasedAt: r.ErasedAt}
	if r.DekVersion != nil {
		out.KeyVersion = int(*r.DekVersion)
	}
	return out
}

// InsertReporte stores a new reporte ciudadano.
func (s *Store) InsertReporte(ctx context.Context, r domain.Reporte, createdBy uuid.UUID) error {
	return mapError("insert reporte", s.q.InsertReporteCiudadano(ctx, db.InsertReporteCiudadanoParams{ID: r.ID, Folio: r.Folio,
		InstitutionCode: r.Institution, MunicipioCode: r.Municipio, HechosMunicipioCode: r.HechosMunicipio, ReceivedAt: r.ReceivedAt,
		Channel: r.Channel, Reporter: r.Reporter, Classification: r.Classification, NarrativeEnc: r.NarrativeEnc,
		ContactEnc: r.ContactEnc, DekWrapped: r.WrappedKey, DekVersion: int32p(r.KeyVersion),
		CreatedBy: uuid.NullUUID{UUID: createdBy, Valid: createdBy != uuid.Nil}, CreatedAt: s.now(), UpdatedAt: s.now()}))
}

// Reporte returns a reporte of the scope's institution within its
// municipios; outside them, NotFound.
func (s *Store) Reporte(ctx context.Context, id uuid.UUID, sc domain.Scope) (domain.Reporte, error) {
	r, err := s.q.GetReporteCiudadanoScoped(ctx, db.GetReporteCiudadanoScopedParams{ID: id, AllMunicipios: sc.AllMunicipios,
		Domains: sc.Domains(), Institution: sc.Institution})
	return reporteFromRow(r), mapError("get reporte", err)
}

// Reportes returns a page of the scope's reportes, newest first, and the total.
func (s *Store) Reportes(ctx context.Context, sc domain.Scope, f domain.ReporteFilter, limit, offset int) ([]domain.Reporte, int, error) {
	rows, err := s.q.ListReportesCiudadanosScoped(ctx, db.ListReportesCiudadanosScopedParams{AllMunicipios: sc.AllMunicipios,
		Domains: sc.Domains(), Institution: sc.Institution, Since: f.Since, Before: f.Before, Status: f.Status,
		Classification: f.Classification, MaxRows: int32(limit), Skip: int32(offset)})
	if err != nil {
		return nil, 0, mapError("list reportes", err)
	}
	total, err := s.q.CountReportesCiudadanosScoped(ctx, db.CountReportesCiudadanosScopedParams{AllMunicipios: sc.AllMunicipios,
		Domains: sc.Domains(), Institution: sc.Institution, Since: f.Since, Before: f.Before, Status: f.Status,
		Classification: f.Classification})
	if err != nil {
		return nil, 0, mapError("count reportes", err)
	}
	out := make([]domain.Reporte, len(rows))
	for i, r := range rows {
		out[i] = domain.Reporte{ID: r.ID, Folio: r.Folio, Institution: r.InstitutionCode, Municipio: r.MunicipioCode,
			HechosMunicipio: r.HechosMunicipioCode, ReceivedAt: r.ReceivedAt, Channel: r.Channel, Reporter: r.Reporter,
			Classification: r.Classification, Status: r.Status, CasoID: r.CasoID, Version: int(r.Version)}
	}
	return out, int(total), nil
}

// UpdateReporte writes an open reporte's classification, status and sealed
// texts if the stored version is still expected.
func (s *Store) UpdateReporte(ctx context.Context, r domain.Reporte, expected int) error {
	n, err := s.q.UpdateReporteCiudadano(ctx, db.UpdateReporteCiudadanoParams{Now: s.now(), ID: r.ID,
		HechosMunicipioCode: r.HechosMunicipio, Channel: r.Channel, Reporter: r.Reporter, Classification: r.Classification,
		Status: r.Status, NarrativeEnc: r.NarrativeEnc, ContactEnc: r.ContactEnc, ExpectedVersion: int32(expected)})
	return staleOr("update reporte", n, err)
}

// CloseReporte closes a reporte if the stored version is still expected.
func (s *Store) CloseReporte(ctx context.Context, id uuid.UUID, c domain.ReporteClosing, expected int) error {
	on := c.ClosedOn
	n, err := s.q.CloseReporteCiudadano(ctx, db.CloseReporteCiudadanoParams{Now: s.now(), ID: id, Status: c.Status,
		CanalizadoA: c.CanalizadoA, CasoID: c.CasoID, ClosingReasonEnc: c.ClosingReasonEnc, ClosedOn: &on,
		ExpectedVersion: int32(expected)})
	return staleOr("close reporte", n, err)
}

// EraseReporte destroys a reporte's data key and sealed texts, returning
// its municipio; NotFound when there is no such reporte the transaction
// may write, or it was already erased.
func (s *Store) EraseReporte(ctx context.Context, id uuid.UUID) (string, error) {
	municipio, err := s.q.EraseReporteCiudadano(ctx, db.EraseReporteCiudadanoParams{ID: id, Now: s.now()})
	return municipio, mapError("erase reporte", err)
}

// ReporteOfCaso returns the id and folio of the reporte ciudadano a caso
// was opened from, when the scope reaches it; NotFound otherwise.
func (s *Store) ReporteOfCaso(ctx context.Context, casoID uuid.UUID, sc domain.Scope) (uuid.UUID, string, error) {
	r, err := s.q.GetReporteOfCaso(ctx, db.GetReporteOfCasoParams{CasoID: uuid.NullUUID{UUID: casoID, Valid: true},
		AllMunicipios: sc.AllMunicipios, Domains: sc.Domains(), Institution: sc.Institution})
	return r.ID, r.Folio, mapError("get reporte of caso", err)
}

// SetReporteModalidades replaces a reporte's modalidades.
func (s *Store) SetReporteModalidades(ctx context.Context, id uuid.UUID, modalidades []string) error {
	if err := s.q.DeleteReporteModalidades(ctx, id); err != nil {
		return mapError("delete reporte modalidades", err)
	}
	for _, m := range modalidades {
		if err := s.q.InsertReporteModalidad(ctx, db.InsertReporteModalidadParams{ReporteID: id, Modalidad: m}); err != nil {
			return mapError("insert reporte modalidad", err)
		}
	}
	return nil
}

// ReporteModalidades returns a reporte's modalidades.
func (s *Store) ReporteModalidades(ctx context.Context, id uuid.UUID) ([]string, error) {
	m, err := s.q.ListReporteModalidades(ctx, id)
	return m, mapError("list reporte modalidades", err)
}

func (s *Store) reporteFacts(ctx context.Context, f *domain.Facts, from, to time.Time) error {
	rows, err := s.q.ReleaseReportesCiudadanos(ctx, db.ReleaseReportesCiudadanosParams{StartsOn: from, EndsOn: to, Entidad: s.entidad})
	if err != nil {
		return mapError("release reportes", err)
	}
	for _, r := range rows {
		caso := "no"
		if r.Status == "convertido_en_caso" {
			caso = "si"
		}
		f.Units["reportes"] = append(f.Units["reportes"], domain.UnitFact{On: r.ReceivedOn,
			Values: map[string][]string{"mes": {r.ReceivedOn.Format("2006-01")}, "canal": {r.Channel}, "denunciante": {r.Reporter}, "clasificacion": {r.Classification}, "modalidad": r.Modalidades,
				"municipio": {r.Municipio}, "convertido_caso": {caso}}})
	}
	return nil
}
