package victims

import (
	"context"
	"sintra/internal/domain"
	"strings"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/store"
)

// Kinds of search, as the audit trail names them.
const (
	searchByFolio   = "folio"
	searchByCURP    = "curp"
	searchByNameDOB = "nombre_fecha_nacimiento"
)

// errMinimalSearch refuses a minimal-view search by CURP or by name: it
// would tell a Grupo de Trabajo member whether any person is registered
// by any institution of the municipio.
var errMinimalSearch = apperr.New(apperr.Forbidden,
	"Con la vista mínima del Grupo de Trabajo solo puede buscar víctimas por folio.")

// Search finds víctimas in scope by exact folio, CURP, or name and birth
// date (through the blind indexes); the minimal view searches by folio
// only. It returns summaries without personal data and audits the kind of
// search and the víctimas it found, never its terms.
func (s *Service) Search(ctx context.Context, p *authz.Principal, folio string, personal Personal) ([]Summary, error) {
	sc, minimal, ok := s.listScope(p)
	if !ok {
		return nil, apperr.New(apperr.Forbidden, "No tiene permiso para esta acción.")
	}
	kind, err := s.searchKind(folio, &personal)
	if err != nil {
		return nil, err
	}
	if minimal && kind != searchByFolio {
		s.recordRefusal(ctx, p, audit.Event{Action: "victima.buscar", RecordType: "victima", Municipio: onlyMunicipio(sc), Detail: kind})
		return nil, errMinimalSearch
	}
	var found []domain.VictimSummary
	err = s.store.Tx(ctx, func(tx *store.Store) error {
		if kind == searchByFolio {
			f := folio
			found, _, err = tx.Victims(ctx, sc, domain.VictimFilter{Folio: &f}, 10, 0)
		} else {
			found, err = s.searchByIndex(ctx, tx, sc, personal)
		}
		if err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, actor(p), searchEvent(kind, sc, found))
	})
	return Summaries(found, minimal), err
}

func (s *Service) searchKind(folio string, p *Personal) (string, error) {
	switch {
	case folio != "":
		return searchByFolio, nil
	case p.CURP != "":
		p.CURP = NormalizeCURP(p.CURP)
		return searchByCURP, nil
	case p.GivenNames != "" && p.BirthDate != "":
		return searchByNameDOB, nil
	}
	return "", apperr.Validation(apperr.FieldError{Field: "", Message: "Busque por folio, por CURP, o por nombre completo y fecha de nacimiento."})
}

// searchByIndex finds víctimas in sc by CURP, or else by name and birth
// date, in one scoped query: a match outside sc costs what no match costs,
// so the time of the answer does not tell that she exists.
func (s *Service) searchByIndex(ctx context.Context, tx *store.Store, sc domain.Scope, p Personal) ([]domain.VictimSummary, error) {
	curp, nameDOB := s.indexes(p)
	if p.CURP != "" {
		nameDOB = nil
	}
	return tx.VictimsByIndex(ctx, curp, nameDOB, sc)
}

// searchEvent audits a search by its kind and the ids of the víctimas it
// found ("curp: <id>, <id>" or "curp: ninguna"), in the municipio whose
// auditor should see it: the one the víctimas found share, or else the
// caller's, when the caller searched a single one.
func searchEvent(kind string, sc domain.Scope, found []domain.VictimSummary) audit.Event {
	ids := make([]string, len(found))
	for i, v := range found {
		ids[i] = v.ID.String()
	}
	municipio := sharedMunicipio(found)
	if municipio == "" {
		municipio = onlyMunicipio(sc)
	}
	detail := kind + ": ninguna"
	if len(ids) > 0 {
		detail = kind + ": " + strings.Join(ids, ", ")
	}
	return audit.Event{Action: "victima.buscar", RecordType: "victima", Municipio: municipio, Detail: detail}
}

// onlyMunicipio is the one municipio of a scope, or "" for a scope of
// several or of all.
func onlyMunicipio(sc domain.Scope) string {
	if sc.AllMunicipios || len(sc.Municipios) != 1 {
		return ""
	}
	return sc.Municipios[0]
}

// sharedMunicipio is the municipio of every víctima found, or "" when they
// are of several, or none was found.
func sharedMunicipio(found []domain.VictimSummary) string {
	if len(found) == 0 {
		return ""
	}
	for _, v := range found {
		if v.Municipio != found[0].Municipio {
			return ""
		}
	}
	return found[0].Municipio
}
