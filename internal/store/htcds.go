package store

import (
	"context"
	"time"

	"github.com/google/uuid"

	"sintra/internal/domain"
	"sintra/internal/store/internal/db"
)

// MicrodataVictims returns what the anonymized microdata export knows of
// each víctima identified from one day to another in the Store's entidad
// (every one's, for the nation), erased ones included.
func (s *Store) MicrodataVictims(ctx context.Context, from, to time.Time) ([]domain.MicrodataVictim, error) {
	rows, err := s.q.HTCDSVictims(ctx, db.HTCDSVictimsParams{StartsOn: from, EndsOn: to, Entidad: s.entidad})
	if err != nil {
		return nil, mapError("microdata victims", err)
	}
	out := make([]domain.MicrodataVictim, len(rows))
	for i, r := range rows {
		out[i] = domain.MicrodataVictim{Sex: r.Sex, Age: r.AgeAtIdentification, Nationality: r.Nationality, MinorAtTime: r.MinorAtTime,
			Modalidades: r.Modalidades, RecruitmentForms: r.RecruitmentForms, MediosComisivos: r.Medios}
	}
	return out, nil
}

// HTCDSRelease returns the microdata of a year as first released for the
// Store's entidad (the nation's, for the nation), or NotFound.
func (s *Store) HTCDSRelease(ctx context.Context, year int) (domain.HTCDSRelease, error) {
	r, err := s.q.GetHTCDSRelease(ctx, db.GetHTCDSReleaseParams{Entidad: s.entidad, Year: int32(year)})
	if err != nil {
		return domain.HTCDSRelease{}, mapError("htcds release", err)
	}
	return domain.HTCDSRelease{Entidad: r.Entidad, Year: int(r.Year), K: int(r.K), CSV: r.Csv, CSVSHA256: r.CsvSha256,
		JSON: r.Json, JSONSHA256: r.JsonSha256, ReleasedBy: r.ReleasedBy.UUID, ReleasedAt: r.ReleasedAt}, nil
}

// InsertHTCDSRelease freezes the microdata of a year for the Store's
// entidad, unless another request froze it first: then that one stands,
// and HTCDSRelease reads it.
func (s *Store) InsertHTCDSRelease(ctx context.Context, r domain.HTCDSRelease) error {
	_, err := s.q.InsertHTCDSRelease(ctx, db.InsertHTCDSReleaseParams{Entidad: s.entidad, Year: int32(r.Year), K: int32(r.K),
		Csv: r.CSV, CsvSha256: r.CSVSHA256, Json: r.JSON, JsonSha256: r.JSONSHA256,
		ReleasedBy: uuid.NullUUID{UUID: r.ReleasedBy, Valid: r.ReleasedBy != uuid.Nil}, ReleasedAt: s.stamp(r.ReleasedAt)})
	return mapError("insert htcds release", err)
}

// FedMicrodata returns an entidad's released rows of a year (a JSON array
// of rows) and their k as its feed brought them, or false before it sent
// them.
func (s *Store) FedMicrodata(ctx context.Context, entidad string, year int) (rows []byte, k int, ok bool, err error) {
	found, err := s.q.FedMicrodata(ctx, db.FedMicrodataParams{Entidad: entidad, Year: int32(year)})
	if err != nil || len(found) == 0 {
		return nil, 0, false, mapError("fed microdata", err)
	}
	return found[0].Rows, int(found[0].K), true, nil
}

// FedEntidades lists the entidades this instance imports the feed of.
func (s *Store) FedEntidades(ctx context.Context) ([]string, error) {
	out, err := s.q.FedEntidades(ctx)
	return out, mapError("fed entidades", err)
}
