package victims

import (
	"context"
	"errors"
	"fmt"
	"sintra/internal/domain"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/crypto"
	"sintra/internal/sealed"
	"sintra/internal/store"
)

// Other domain packages keep text about a víctima (a service's notes, a
// canalización's notes and reasons) sealed with her own data key, so that
// her erasure destroys it too. Seal and Open are the only way they touch it.

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

// Open opens text sealed by Seal; an erased víctima's opens empty.
func (s *Service) Open(ctx context.Context, tx *store.Store, victimID uuid.UUID, at crypto.Place, column string, sealedText []byte) (string, error) {
	return s.texts.Open(ctx, tx, sealed.Victim(victimID), at, column, sealedText)
}

// Contact is the least a receiving institution needs to attend a víctima.
type Contact struct {
	Folio              string
	Name               string
	Sex                string
	Age                *int32
	Nationality        *string
	IndigenousLanguage *string
	Phone              string
}

// ContactOf opens a víctima's contact card. The caller has already checked
// that the reader may see it.
func (s *Service) ContactOf(ctx context.Context, tx *store.Store, victimID uuid.UUID) (Contact, error) {
	rec, err := tx.Victim(ctx, victimID, domain.Scope{AllMunicipios: true, AnyInstitution: true})
	if err != nil {
		return Contact{}, err
	}
	c := Contact{Folio: rec.Folio, Sex: rec.Stats.Sex, Age: rec.Stats.Age, Nationality: rec.Stats.Nationality,
		IndigenousLanguage: rec.Stats.IndigenousLanguage}
	if rec.ErasedAt != nil {
		return c, nil
	}
	p, _, err := s.decrypt(rec)
	if err != nil {
		return c, err
	}
	c.Name = fullName(p)
	c.Phone = p.Phone
	return c, nil
}

func fullName(p Personal) string {
	name := p.GivenNames
	for _, part := range []string{p.FirstSurname, p.SecondSurname} {
		if part != "" {
			name += " " + part
		}
	}
	if name == "" {
		return p.Alias
	}
	return name
}

// MinimalOf builds the Grupo de Trabajo's minimal view of a víctima. The
// caller has already checked that the reader may see it.
func (s *Service) MinimalOf(ctx context.Context, tx *store.Store, victimID uuid.UUID) (Minimal, error) {
	rec, err := tx.Victim(ctx, victimID, domain.Scope{AllMunicipios: true, AnyInstitution: true})
	if err != nil {
		return Minimal{}, err
	}
	return s.minimal(ctx, tx, rec)
}
