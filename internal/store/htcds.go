package store

import (
	"context"
	"time"

	"sintra/internal/domain"
	"sintra/internal/store/internal/db"
)

// MicrodataVictims returns what the anonymized microdata export knows of
// each víctima identified from one day to another, erased ones included.
func (s *Store) MicrodataVictims(ctx context.Context, from, to time.Time) ([]domain.MicrodataVictim, error) {
	rows, err := s.q.HTCDSVictims(ctx, db.HTCDSVictimsParams{StartsOn: from, EndsOn: to})
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
