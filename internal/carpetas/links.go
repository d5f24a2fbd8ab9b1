package carpetas

import (
	"context"
	"strings"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/authz"
	"sintra/internal/domain"
	"sintra/internal/store"
	"sintra/internal/victims"
)

// VictimRef names a víctima by exact folio or CURP.
type VictimRef struct {
	Folio string
	CURP  string
}

// AddVictims links more víctimas to a carpeta.
func (s *Service) AddVictims(ctx context.Context, p *authz.Principal, id uuid.UUID, refs []VictimRef) error {
	return s.store.Tx(ctx, func(tx *store.Store) error {
		c, err := s.scoped(ctx, tx, p, id, authz.CarpetasUpdate)
		if err != nil {
			return err
		}
		ids, err := s.resolve(ctx, tx, refs, s.authz.Scope(p, authz.CarpetasUpdate).InStore(false))
		if err != nil {
			return err
		}
		if err := addVictims(ctx, tx, id, ids); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "carpeta.vincular_victimas", c, victimsDetail(ids))
	})
}

// resolve finds the víctimas named by folio or CURP. A reference resolves
// only within sc, the municipios of the caller's Fiscalía (any
// institution's víctimas): one outside them answers exactly as one that
// does not exist.
func (s *Service) resolve(ctx context.Context, tx *store.Store, refs []VictimRef, sc domain.Scope) ([]uuid.UUID, error) {
	ids := make([]uuid.UUID, 0, len(refs))
	for _, r := range refs {
		id, err := s.resolveOne(ctx, tx, r, sc)
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func (s *Service) resolveOne(ctx context.Context, tx *store.Store, r VictimRef, sc domain.Scope) (uuid.UUID, error) {
	unknown := apperr.Validation(apperr.FieldError{Field: "victims", Message: "No hay una víctima con ese folio o CURP en los municipios de su ámbito."})
	switch {
	case r.Folio != "":
		m, err := tx.VictimByFolio(ctx, r.Folio, sc)
		if apperr.CodeOf(err) == apperr.NotFound {
			return uuid.Nil, unknown
		}
		return m.ID, err
	case r.CURP != "":
		matches, err := tx.VictimsByCurp(ctx, s.keys.BlindIndex("curp", victims.NormalizeCURP(r.CURP)), sc)
		if err != nil {
			return uuid.Nil, err
		}
		switch len(matches) {
		case 0:
			return uuid.Nil, unknown
		case 1:
			return matches[0].ID, nil
		}
		return uuid.Nil, apperr.Validation(apperr.FieldError{Field: "victims", Message: "La CURP corresponde a más de una víctima de su ámbito; use el folio."})
	}
	return uuid.Nil, apperr.Validation(apperr.FieldError{Field: "victims", Message: "Indique el folio o la CURP de cada víctima."})
}

// addVictims links víctimas already resolved to a carpeta.
func addVictims(ctx context.Context, tx *store.Store, carpetaID uuid.UUID, ids []uuid.UUID) error {
	for _, id := range ids {
		if err := tx.AddCarpetaVictim(ctx, carpetaID, id); err != nil {
			return err
		}
	}
	return nil
}

// victimsDetail names the víctimas linked, by id only, for the audit trail:
// a link opens each one's full record to the Fiscalía.
func victimsDetail(ids []uuid.UUID) string {
	if len(ids) == 0 {
		return ""
	}
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = id.String()
	}
	return "víctimas: " + strings.Join(names, ", ")
}
