package store

import (
	"context"
	"time"

	"sintra/internal/domain"
	"sintra/internal/store/internal/db"
)

// OverdueAcuerdos counts the acuerdos in scope past their due date and not
// fulfilled.
func (s *Store) OverdueAcuerdos(ctx context.Context, sc domain.Scope, today time.Time) (int, error) {
	n, err := s.q.CountOverdueAcuerdos(ctx, db.CountOverdueAcuerdosParams{AllMunicipios: sc.AllMunicipios, Domains: sc.Domains(), Today: today})
	return int(n), mapError("count overdue acuerdos", err)
}

// MunicipiosWithoutSession lists the municipios in scope with casos under
// review registered before registeredBefore that held no session on a date
// from from until until (excluded).
func (s *Store) MunicipiosWithoutSession(ctx context.Context, sc domain.Scope, registeredBefore, from, until time.Time) ([]string, error) {
	codes, err := s.q.MunicipiosWithoutSession(ctx, db.MunicipiosWithoutSessionParams{AllMunicipios: sc.AllMunicipios, Domains: sc.Domains(),
		RegisteredBefore: registeredBefore, FromOn: from, UntilOn: until})
	return codes, mapError("municipios without session", err)
}

// FindingsSince counts the findings in scope detected since an instant.
func (s *Store) FindingsSince(ctx context.Context, sc domain.Scope, since time.Time) (int, error) {
	n, err := s.q.CountAuditFindingsSince(ctx, db.CountAuditFindingsSinceParams{Since: since, AllMunicipios: sc.AllMunicipios, Domains: sc.Domains()})
	return int(n), mapError("count findings", err)
}
