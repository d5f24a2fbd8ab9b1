package victims

import (
	"context"

	"github.com/google/uuid"

	"sintra/internal/authz"
	"sintra/internal/domain"
	"sintra/internal/store"
)

// Tables of the medidas de protección whose text is sealed with a
// víctima's key.
const (
	MedidasTable      = "medidas_proteccion"
	EvaluacionesTable = "medida_proteccion_evaluaciones"
)

// Writable returns a víctima whose record the caller may change: one the
// caller's institution registered in the caller's municipios, for a role
// that updates víctimas. Any other is NotFound.
func (s *Service) Writable(ctx context.Context, tx *store.Store, p *authz.Principal, id uuid.UUID) (domain.VictimRecord, error) {
	return s.writable(ctx, tx, p, id, authz.VictimasUpdate)
}
