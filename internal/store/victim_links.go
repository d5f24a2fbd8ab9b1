package store

import (
	"context"
	"time"

	"github.com/google/uuid"

	"sintra/internal/domain"
	"sintra/internal/store/internal/db"
)

// InsertConsent records a consent given or withdrawn.
func (s *Store) InsertConsent(ctx context.Context, victimID, by uuid.UUID, c domain.Consent) error {
	return mapError("insert consent", s.q.InsertConsent(ctx, db.InsertConsentParams{RecordedAt: s.stamp(c.RecordedAt),
		VictimID: victimID, Kind: c.Kind, Granted: c.Granted, GivenOn: c.GivenOn,
		RecordedBy: uuid.NullUUID{UUID: by, Valid: by != uuid.Nil},
	}))
}

// InsertConsents stores the consents given at registration, by víctima.
func (s *Store) InsertConsents(ctx context.Context, consents map[uuid.UUID][]domain.Consent, by uuid.UUID) error {
	var rows []db.InsertConsentsBatchParams
	for victimID, cs := range consents {
		for _, c := range cs {
			rows = append(rows, db.InsertConsentsBatchParams{RecordedAt: s.stamp(c.RecordedAt), VictimID: victimID, Kind: c.Kind, Granted: c.Granted, GivenOn: c.GivenOn,
				RecordedBy: uuid.NullUUID{UUID: by, Valid: by != uuid.Nil}})
		}
	}
	return mapError("insert consents", runBatch(s.q.InsertConsentsBatch(ctx, rows)))
}

// LatestConsents returns the consent of each kind in force on a date.
func (s *Store) LatestConsents(ctx context.Context, victimID uuid.UUID, asOf time.Time) ([]domain.Consent, error) {
	rows, err := s.q.ListLatestConsents(ctx, db.ListLatestConsentsParams{VictimID: victimID, AsOf: asOf})
	if err != nil {
		return nil, mapError("list consents", err)
	}
	out := make([]domain.Consent, len(rows))
	for i, r := range rows {
		out[i] = domain.Consent{Kind: r.Kind, Granted: r.Granted, GivenOn: r.GivenOn, RecordedAt: r.RecordedAt, RecordedBy: r.RecordedBy}
	}
	return out, nil
}

// EarliestVictimEvent returns the first date of a víctima's services,
// canalizaciones and consents, or 9999-12-31 when she has none.
func (s *Store) EarliestVictimEvent(ctx context.Context, victimID uuid.UUID) (time.Time, error) {
	d, err := s.q.EarliestVictimEvent(ctx, victimID)
	return d, mapError("earliest victim event", err)
}

// VictimModalidades returns the modalidades of the casos a víctima is in.
func (s *Store) VictimModalidades(ctx context.Context, victimID uuid.UUID) ([]string, error) {
	m, err := s.q.ListVictimModalidades(ctx, victimID)
	return m, mapError("list victim modalidades", err)
}

// VictimCasos returns the casos a víctima is in, oldest first.
func (s *Store) VictimCasos(ctx context.Context, victimID uuid.UUID) ([]domain.CasoRef, error) {
	rows, err := s.q.ListVictimCasos(ctx, victimID)
	if err != nil {
		return nil, mapError("list victim casos", err)
	}
	out := make([]domain.CasoRef, len(rows))
	for i, r := range rows {
		out[i] = domain.CasoRef{ID: r.ID, Folio: r.Folio, Status: r.Status}
	}
	return out, nil
}

func int32p(v int) *int32 {
	n := int32(v)
	return &n
}
