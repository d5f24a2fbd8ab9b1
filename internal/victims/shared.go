package victims

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/crypto"
	"sintra/internal/sealed"
	"sintra/internal/store"
)

// Other domain packages keep text about a víctima (a service's notes, a
// canalización's notes and reasons) sealed with her own data key, so that
// her erasure destroys it too. They seal it with Seal and open it only
// through the door (Reveal).

// Tables whose text is sealed with a víctima's key.
const (
	ServicesTable       = "services"
	CanalizacionesTable = "canalizaciones"
	TransitionsTable    = "canalizacion_transitions"
)

// NotePlace binds text sealed with a víctima's key to its own record.
func NotePlace(table string, id any) crypto.Place {
	return crypto.Place{Table: table, RecordID: fmt.Sprint(id)}
}

// errErased refuses to seal new text about a víctima whose data was erased.
var errErased = apperr.New(apperr.Conflict, "Los datos personales de esta víctima fueron suprimidos.")

// Seal seals text about a víctima with her data key, bound to the column of
// the record at that holds it.
func (s *Service) Seal(ctx context.Context, tx *store.Store, victimID uuid.UUID, at crypto.Place, column, text string) ([]byte, error) {
	out, err := s.texts.Seal(ctx, tx, sealed.Victim(victimID), at, column, text)
	if errors.Is(err, sealed.ErrShredded) {
		return nil, errErased
	}
	return out, err
}
