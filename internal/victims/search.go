package victims

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"sintra/internal/crypto"
	"sintra/internal/domain"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/store"
)

// Kinds of search, as the audit trail names them.
const (
	searchByFolio    = "folio"
	searchByCURP     = "curp"
	searchByNameDOB  = "nombre_fecha_nacimiento"
	searchByFragment = "fragmento_nombre"
)

// Terms are what a search looks for: an exact folio, CURP, or name and
// birth date, or fragments of a name.
type Terms struct {
	Folio    string
	Personal Personal
	// Fragment holds parts of a víctima's names or alias ("mar lop"), each
	// of at least minFragment letters.
	Fragment string
}

// A search by fragments answers at most mostByFragment víctimas, each
// with her name: a wider one would show the names of many at once, so it
// asks for more letters instead.
const (
	minFragment    = 3
	mostByFragment = 20
)

// errMinimalSearch refuses a minimal-view search by CURP or by name: it
// would tell a Grupo de Trabajo member whether any person is registered
// by any institution of the municipio.
var errMinimalSearch = apperr.New(apperr.Forbidden,
	"Con la vista mínima del Grupo de Trabajo solo puede buscar víctimas por folio.")

var errTooManyByFragment = apperr.Validation(apperr.FieldError{Field: "nombre", Message: fmt.Sprintf(
	"Más de %d víctimas de su ámbito coinciden; escriba más letras o más partes del nombre.", mostByFragment)})

// Search finds víctimas in scope by exact folio, CURP, or name and birth
// date (through the blind indexes), or by fragments of a name (opening the
// names in scope); the minimal view searches by folio only. Summaries carry
// no personal data, except the name of each víctima found by fragments.
// The kind of search and the víctimas found are audited, never its terms.
func (s *Service) Search(ctx context.Context, p *authz.Principal, terms Terms) ([]Summary, error) {
	sc, minimal, ok := s.listScope(p)
	if !ok {
		return nil, apperr.New(apperr.Forbidden, "No tiene permiso para esta acción.")
	}
	kind, words, err := s.searchKind(&terms)
	if err != nil {
		return nil, err
	}
	if minimal && kind != searchByFolio {
		s.recordRefusal(ctx, p, audit.Event{Action: "victima.buscar", RecordType: "victima", Municipio: onlyMunicipio(sc), Detail: kind})
		return nil, errMinimalSearch
	}
	var found []domain.VictimSummary
	var names []string
	err = s.store.Tx(ctx, func(tx *store.Store) error {
		switch kind {
		case searchByFolio:
			var v domain.VictimSummary
			if v, err = tx.VictimByFolio(ctx, terms.Folio, sc); err == nil {
				found = []domain.VictimSummary{v}
			} else if apperr.CodeOf(err) == apperr.NotFound {
				err = nil
			}
		case searchByFragment:
			found, names, err = s.searchByFragment(ctx, tx, sc, words)
		default:
			found, err = s.searchByIndex(ctx, tx, sc, terms.Personal)
		}
		if err != nil {
			return err
		}
		events := []audit.Event{searchEvent(kind, sc, found)}
		// Each víctima whose name was shown is audited under her own
		// record, as a reading of her is.
		for _, v := range found[:len(names)] {
			events = append(events, audit.Event{Action: "victima.nombre_mostrado", RecordType: "victima",
				RecordID: v.ID.String(), Municipio: v.Municipio, Detail: searchByFragment})
		}
		return s.audit.RecordMany(ctx, tx, actor(p), events)
	})
	if errors.Is(err, errTooManyByFragment) {
		s.recordRefusal(ctx, p, audit.Event{Action: "victima.buscar", RecordType: "victima", Municipio: onlyMunicipio(sc),
			Detail: fmt.Sprintf("%s: más de %d", searchByFragment, mostByFragment)})
	}
	if err != nil {
		return nil, err
	}
	out := Summaries(found, minimal)
	for i := range names {
		out[i].Name = names[i]
	}
	return out, nil
}

func (s *Service) searchKind(t *Terms) (kind string, words []string, err error) {
	switch {
	case t.Folio != "":
		return searchByFolio, nil, nil
	case t.Personal.CURP != "":
		t.Personal.CURP = NormalizeCURP(t.Personal.CURP)
		return searchByCURP, nil, nil
	case t.Personal.GivenNames != "" && t.Personal.BirthDate != "":
		return searchByNameDOB, nil, nil
	case strings.TrimSpace(t.Fragment) != "":
		words = strings.Fields(crypto.Normalize(t.Fragment))
		for _, w := range words {
			if utf8.RuneCountInString(w) < minFragment {
				return "", nil, apperr.Validation(apperr.FieldError{Field: "nombre", Message: fmt.Sprintf(
					"Escriba al menos %d letras de cada parte del nombre que busca.", minFragment)})
			}
		}
		if len(words) > 0 {
			return searchByFragment, words, nil
		}
	}
	return "", nil, apperr.Validation(apperr.FieldError{Field: "",
		Message: "Busque por folio, por CURP, por nombre completo y fecha de nacimiento, o por partes del nombre."})
}

// searchByFragment finds the víctimas in sc whose names hold every word,
// newest first, with their names; more than mostByFragment is refused.
func (s *Service) searchByFragment(ctx context.Context, tx *store.Store, sc domain.Scope, words []string) ([]domain.VictimSummary, []string, error) {
	matches, err := s.namesMatching(ctx, tx, sc, words, mostByFragment)
	if err != nil {
		return nil, nil, err
	}
	if len(matches) > mostByFragment {
		return nil, nil, errTooManyByFragment
	}
	slices.SortFunc(matches, func(a, b named) int {
		return cmp.Or(b.rec.CreatedAt.Compare(a.rec.CreatedAt), cmp.Compare(a.rec.ID.String(), b.rec.ID.String()))
	})
	found, names := make([]domain.VictimSummary, len(matches)), make([]string, len(matches))
	for i, m := range matches {
		found[i] = domain.VictimSummary{ID: m.rec.ID, Folio: m.rec.Folio, Institution: m.rec.Institution,
			Municipio: m.rec.Municipio, Stats: m.rec.Stats, CreatedAt: m.rec.CreatedAt}
		names[i] = m.name
	}
	return found, names, nil
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
	if sc.AllMunicipios || len(sc.Entidades) > 0 || len(sc.Municipios) != 1 {
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
