package victims

import (
	"context"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/crypto"
	"sintra/internal/store"
)

// Other domain packages keep notes about a víctima (a service's, a
// canalización's) sealed with her own data key, so that her erasure
// destroys them too. These helpers are the only way they touch it.

// Tables whose notes are sealed with a víctima's key.
const (
	ServicesTable       = "services"
	CanalizacionesTable = "canalizaciones"
)

// NotePlace binds a note sealed with a víctima's key to its own record.
func NotePlace(table string, id uuid.UUID) crypto.Place {
	return crypto.Place{Table: table, RecordID: id.String()}
}

// dataKey opens the data key of a víctima; an erased víctima has none.
func (s *Service) dataKey(ctx context.Context, tx *store.Store, victimID uuid.UUID) (crypto.DataKey, error) {
	rec, err := tx.Victim(ctx, victimID, store.Scope{AllMunicipios: true, AnyInstitution: true})
	if err != nil {
		return nil, err
	}
	if rec.ErasedAt != nil {
		return nil, apperr.New(apperr.Conflict, "Los datos personales de esta víctima fueron suprimidos.")
	}
	return s.keys.UnwrapKey(rec.WrappedKey, place(victimID))
}

// SealNote seals text about a víctima with her data key, bound to the
// note's own table and record.
func (s *Service) SealNote(ctx context.Context, tx *store.Store, victimID uuid.UUID, at crypto.Place, text string) ([]byte, error) {
	if text == "" {
		return nil, nil
	}
	key, err := s.dataKey(ctx, tx, victimID)
	if err != nil {
		return nil, err
	}
	return crypto.Seal(key, at, "notes", text)
}

// OpenNote opens a note sealed by SealNote; an erased víctima's notes read empty.
func (s *Service) OpenNote(ctx context.Context, tx *store.Store, victimID uuid.UUID, at crypto.Place, sealed []byte) (string, error) {
	if sealed == nil {
		return "", nil
	}
	key, err := s.dataKey(ctx, tx, victimID)
	if apperr.CodeOf(err) == apperr.Conflict {
		return "", nil
	} else if err != nil {
		return "", err
	}
	return crypto.Open(key, at, "notes", sealed)
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
	rec, err := tx.Victim(ctx, victimID, store.Scope{AllMunicipios: true, AnyInstitution: true})
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
	rec, err := tx.Victim(ctx, victimID, store.Scope{AllMunicipios: true, AnyInstitution: true})
	if err != nil {
		return Minimal{}, err
	}
	return s.minimal(ctx, tx, rec)
}
