package reports

import (
	"time"

	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/store"
)

// Default k of the suppression, by audience.
const (
	AnalystK = 5
	PublicK  = 10
)

// Service produces reports and statistics.
type Service struct {
	store    *store.Store
	authz    *authz.Authorizer
	audit    *audit.Recorder
	analystK int
	publicK  int
	now      func() time.Time
}

// NewService returns a Service with the suppression thresholds for
// analysts and public exports; now may be nil for the wall clock.
func NewService(st *store.Store, a *authz.Authorizer, rec *audit.Recorder, analystK, publicK int, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: st, authz: a, audit: rec, analystK: analystK, publicK: publicK, now: now}
}
