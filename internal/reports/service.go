package reports

import (
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/clock"
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
	clock    clock.Clock
}

// NewService returns a Service with the suppression thresholds for
// analysts and public exports; clk tells the time.
func NewService(st *store.Store, a *authz.Authorizer, rec *audit.Recorder, analystK, publicK int, clk clock.Clock) *Service {
	return &Service{store: st, authz: a, audit: rec, analystK: analystK, publicK: publicK, clock: clk}
}
