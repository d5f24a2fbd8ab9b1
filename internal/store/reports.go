package store

import (
	"context"
	"time"

	"github.com/google/uuid"

	"sintra/internal/domain"
	"sintra/internal/store/internal/db"
)

func periodFromRow(r db.ReportPeriod) domain.Period {
	return domain.Period{ID: r.ID, Name: r.Name, Kind: r.Kind, StartsOn: r.StartsOn, EndsOn: r.EndsOn, CreatedAt: r.CreatedAt}
}

func periodsFromRows(rows []db.ReportPeriod) []domain.Period {
	out := make([]domain.Period, len(rows))
	for i, r := range rows {
		out[i] = periodFromRow(r)
	}
	return out
}

// InsertPeriod stores a period; a name taken is a Conflict.
func (s *Store) InsertPeriod(ctx context.Context, p domain.Period, by uuid.UUID) error {
	return mapError("insert period", s.q.InsertPeriod(ctx, db.InsertPeriodParams{CreatedAt: s.now(), ID: p.ID, Name: p.Name, Kind: p.Kind,
		StartsOn: p.StartsOn, EndsOn: p.EndsOn, CreatedBy: uuid.NullUUID{UUID: by, Valid: by != uuid.Nil}}))
}

// Period returns a period by id.
func (s *Store) Period(ctx context.Context, id uuid.UUID) (domain.Period, error) {
	r, err := s.q.GetPeriod(ctx, id)
	return periodFromRow(r), mapError("get period", err)
}

// PeriodByName returns a period by name.
func (s *Store) PeriodByName(ctx context.Context, name string) (domain.Period, error) {
	r, err := s.q.GetPeriodByName(ctx, name)
	return periodFromRow(r), mapError("get period by name", err)
}

// Periods returns every period, latest first.
func (s *Store) Periods(ctx context.Context) ([]domain.Period, error) {
	rows, err := s.q.ListPeriods(ctx)
	return periodsFromRows(rows), mapError("list periods", err)
}

// PeriodsWithin returns the periods of a kind inside a date range, in order.
func (s *Store) PeriodsWithin(ctx context.Context, kind string, from, to time.Time) ([]domain.Period, error) {
	rows, err := s.q.ListPeriodsWithin(ctx, db.ListPeriodsWithinParams{Kind: kind, StartsOn: from, EndsOn: to})
	return periodsFromRows(rows), mapError("list periods within", err)
}

// AnnualPeriodsCovering returns the annual periods that contain a date range.
func (s *Store) AnnualPeriodsCovering(ctx context.Context, from, to time.Time) ([]domain.Period, error) {
	rows, err := s.q.ListAnnualPeriodsCovering(ctx, db.ListAnnualPeriodsCoveringParams{StartsOn: from, EndsOn: to})
	return periodsFromRows(rows), mapError("list annual periods", err)
}

// InsertIssuedReport stores an issued report.
func (s *Store) InsertIssuedReport(ctx context.Context, r domain.IssuedReport) error {
	return mapError("insert issued report", s.q.InsertIssuedReport(ctx, db.InsertIssuedReportParams{IssuedAt: s.stamp(r.IssuedAt), ID: r.ID, PeriodID: r.PeriodID, Entidad: r.Entidad,
		QueryVersion: int32(r.QueryVersion), DataVersion: r.DataVersion, Content: r.Content, Sha256: r.SHA256, IssuedBy: r.IssuedBy}))
}

// IssuedReport returns an issued report with its content.
func (s *Store) IssuedReport(ctx context.Context, id uuid.UUID) (domain.IssuedReport, error) {
	r, err := s.q.GetIssuedReport(ctx, id)
	return domain.IssuedReport{ID: r.ID, PeriodID: r.PeriodID, Entidad: r.Entidad, QueryVersion: int(r.QueryVersion), DataVersion: r.DataVersion,
		Content: r.Content, SHA256: r.Sha256, IssuedAt: r.IssuedAt, IssuedBy: r.IssuedBy}, mapError("get issued report", err)
}

// IssuedReports lists issued reports (without content), newest first: those
// of the entidades given ("" the nation's), or, for nil, all.
func (s *Store) IssuedReports(ctx context.Context, periodID uuid.NullUUID, entidades []string) ([]domain.IssuedReport, error) {
	rows, err := s.q.ListIssuedReports(ctx, db.ListIssuedReportsParams{PeriodID: periodID, Entidades: entidades})
	if err != nil {
		return nil, mapError("list issued reports", err)
	}
	out := make([]domain.IssuedReport, len(rows))
	for i, r := range rows {
		out[i] = domain.IssuedReport{ID: r.ID, PeriodID: r.PeriodID, Entidad: r.Entidad, QueryVersion: int(r.QueryVersion), DataVersion: r.DataVersion,
			SHA256: r.Sha256, IssuedAt: r.IssuedAt, IssuedBy: r.IssuedBy}
	}
	return out, nil
}

// CountIssuedQuarterlyWithin counts the quarterly periods inside a range
// that have an issued report of the Store's entidad.
func (s *Store) CountIssuedQuarterlyWithin(ctx context.Context, from, to time.Time) (int, error) {
	n, err := s.q.CountIssuedReportsWithin(ctx, db.CountIssuedReportsWithinParams{StartsOn: from, EndsOn: to, Entidad: s.entidad})
	return int(n), mapError("count issued reports", err)
}

// ReportActivities sums a period's activities by tema (K1) and type (K2):
// actions, people, women, men.
func (s *Store) ReportActivities(ctx context.Context, from, to time.Time) ([]domain.Tally, error) {
	rows, err := s.q.ReportActivities(ctx, db.ReportActivitiesParams{StartsOn: from, EndsOn: to, Entidad: s.entidad})
	out := make([]domain.Tally, len(rows))
	for i, r := range rows {
		out[i] = domain.Tally{K1: r.Tema, K2: r.ActivityType, N: [4]int{int(r.Actions), int(r.People), int(r.Women), int(r.Men)}}
	}
	return out, mapError("report activities", err)
}

// ReportActivitiesByInstitution sums activities by institution (K1) and type (K2).
func (s *Store) ReportActivitiesByInstitution(ctx context.Context, from, to time.Time) ([]domain.Tally, error) {
	rows, err := s.q.ReportActivitiesByInstitution(ctx, db.ReportActivitiesByInstitutionParams{StartsOn: from, EndsOn: to, Entidad: s.entidad})
	out := make([]domain.Tally, len(rows))
	for i, r := range rows {
		out[i] = domain.Tally{K1: r.InstitutionCode, K2: r.ActivityType, N: [4]int{int(r.Actions), int(r.People), int(r.Women), int(r.Men)}}
	}
	return out, mapError("report activities by institution", err)
}

// ReportServices sums services by type (K1): units, víctimas served.
func (s *Store) ReportServices(ctx context.Context, from, to time.Time) ([]domain.Tally, error) {
	rows, err := s.q.ReportServices(ctx, db.ReportServicesParams{StartsOn: from, EndsOn: to, Entidad: s.entidad})
	out := make([]domain.Tally, len(rows))
	for i, r := range rows {
		out[i] = domain.Tally{K1: r.ServiceType, N: [4]int{int(r.Units), int(r.Victims)}}
	}
	return out, mapError("report services", err)
}

// ReportCombateServices sums the victim-attention actions counted under
// Combate: units, víctimas, women, men.
func (s *Store) ReportCombateServices(ctx context.Context, from, to time.Time) (domain.Tally, error) {
	r, err := s.q.ReportCombateServices(ctx, db.ReportCombateServicesParams{StartsOn: from, EndsOn: to, Entidad: s.entidad})
	return domain.Tally{N: [4]int{int(r.Units), int(r.Victims), int(r.Women), int(r.Men)}}, mapError("report combate services", err)
}

// ReportVictimsAttended counts the víctimas attended along each dimension (Dim, K1).
func (s *Store) ReportVictimsAttended(ctx context.Context, from, to time.Time) ([]domain.Tally, error) {
	rows, err := s.q.ReportVictimsAttended(ctx, db.ReportVictimsAttendedParams{StartsOn: from, EndsOn: to, Entidad: s.entidad})
	out := make([]domain.Tally, len(rows))
	for i, r := range rows {
		out[i] = domain.Tally{Dim: r.Dimension, K1: r.Key, N: [4]int{int(r.Victims)}}
	}
	return out, mapError("report victims attended", err)
}

// ReportCanalizaciones counts canalizaciones sent by receiving institution (K1) and status (K2).
func (s *Store) ReportCanalizaciones(ctx context.Context, from, to time.Time) ([]domain.Tally, error) {
	rows, err := s.q.ReportCanalizaciones(ctx, db.ReportCanalizacionesParams{StartsOn: from, EndsOn: to, Entidad: s.entidad})
	out := make([]domain.Tally, len(rows))
	for i, r := range rows {
		out[i] = domain.Tally{K1: r.ToInstitution, K2: r.Status, N: [4]int{int(r.Canalizaciones)}}
	}
	return out, mapError("report canalizaciones", err)
}

// ReportCarpetas counts carpetas judicializadas by modalidad and distrito,
// their imputados by sex, and the víctimas rescued by sex (Dim, K1).
func (s *Store) ReportCarpetas(ctx context.Context, from, to time.Time) ([]domain.Tally, error) {
	rows, err := s.q.ReportCarpetasJudicializadas(ctx, db.ReportCarpetasJudicializadasParams{StartsOn: from, EndsOn: to, Entidad: s.entidad})
	out := make([]domain.Tally, len(rows))
	for i, r := range rows {
		out[i] = domain.Tally{Dim: r.Dimension, K1: r.Key, N: [4]int{int(r.N)}}
	}
	return out, mapError("report carpetas", err)
}

// ReportAcuerdos counts acuerdos taken in a period by status (K1).
func (s *Store) ReportAcuerdos(ctx context.Context, from, to, today time.Time) ([]domain.Tally, error) {
	rows, err := s.q.ReportAcuerdos(ctx, db.ReportAcuerdosParams{StartsOn: from, EndsOn: to, Entidad: s.entidad, Today: today})
	out := make([]domain.Tally, len(rows))
	for i, r := range rows {
		out[i] = domain.Tally{K1: r.Status, N: [4]int{int(r.Acuerdos)}}
	}
	return out, mapError("report acuerdos", err)
}

// ReportReportes counts the reportes ciudadanos received in a period along
// each dimension (Dim, K1): received, of posible trata, convertidos en caso.
func (s *Store) ReportReportes(ctx context.Context, from, to time.Time) ([]domain.Tally, error) {
	rows, err := s.q.ReportReportesCiudadanos(ctx, db.ReportReportesCiudadanosParams{StartsOn: from, EndsOn: to, Entidad: s.entidad})
	out := make([]domain.Tally, len(rows))
	for i, r := range rows {
		out[i] = domain.Tally{Dim: r.Dimension, K1: r.Key, N: [4]int{int(r.Reportes), int(r.Trata), int(r.Casos)}}
	}
	return out, mapError("report reportes ciudadanos", err)
}
