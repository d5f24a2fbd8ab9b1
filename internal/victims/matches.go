package victims

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/domain"
	"sintra/internal/store"
)

// Matches finds, within tx, for each checked registration, the stored
// víctimas with the same CURP, or the same names and birth date, in any
// municipio and institution of her municipio's entidad (another entidad's
// records are never told of). Those the caller may read come with their
// folio; the others name only the registering institution, so institutions
// can coordinate without anyone learning personal data.
//
// Each registration that matches tells the caller that a person is
// registered, so each is audited as a duplicate hit, counted against the
// caller's hourly allowance: a caller with none left, or whose
// registrations match more often than it has left, is refused whole
// (TooManyRequests) and flagged. That refusal, returned from tx's function
// as it is or wrapped, commits tx (store.CommitThenFail): the hits and the
// flag stand, so that trying again does not reset the count.
//
// First it locks the registrations' blind indexes until tx ends, so that
// another registration of the same person waits for tx and then finds
// hers; the caller stores the registrations in tx.
func (s *Service) Matches(ctx context.Context, tx *store.Store, p *authz.Principal, regs []Registration) ([][]Duplicate, error) {
	out := make([][]Duplicate, len(regs))
	curps, names := make([][]byte, len(regs)), make([][]byte, len(regs))
	var curpList, nameList [][]byte
	for i, r := range regs {
		curps[i], names[i] = s.indexes(r.Personal)
		if curps[i] != nil {
			curpList = append(curpList, curps[i])
		}
		if names[i] != nil {
			nameList = append(nameList, names[i])
		}
	}
	if curpList == nil && nameList == nil {
		return out, nil
	}
	// The indexes first, the caller's count second, in every transaction
	// that takes both: none waits for the other in a cycle.
	if err := tx.LockVictimIndexes(ctx, append(slices.Clone(curpList), nameList...)); err != nil {
		return nil, err
	}
	if exceeded, err := s.audit.DuplicateHitsExceeded(ctx, tx, actor(p), 1); err != nil || exceeded {
		return nil, refusedHits(err)
	}
	var entidades []string
	for _, r := range regs {
		if e := authz.EntidadOf(r.Municipio); !slices.Contains(entidades, e) {
			entidades = append(entidades, e)
		}
	}
	found, err := tx.FindVictimsByIndexes(ctx, curpList, nameList, entidades, 50*len(regs))
	if err != nil || len(found) == 0 {
		return out, err
	}
	var events []audit.Event
	for i, r := range regs {
		var mine []domain.VictimMatch
		for _, m := range found {
			if authz.EntidadOf(m.Municipio) != authz.EntidadOf(r.Municipio) {
				continue
			}
			if (curps[i] != nil && bytes.Equal(m.CurpIndex, curps[i])) || (names[i] != nil && bytes.Equal(m.NameDOBIndex, names[i])) {
				mine = append(mine, m)
			}
		}
		if len(mine) > 0 {
			out[i] = s.described(p, mine)
			events = append(events, audit.Event{Action: audit.ActionDuplicateHit, RecordType: "victima",
				Detail: fmt.Sprintf("%d coincidencia(s)", len(mine))})
		}
	}
	if err := s.audit.RecordMany(ctx, tx, actor(p), events); err != nil {
		return nil, err
	}
	if exceeded, err := s.audit.DuplicateHitsExceeded(ctx, tx, actor(p), 0); err != nil || exceeded {
		return nil, refusedHits(err)
	}
	return out, nil
}

// refusedHits is the refusal of registrations whose matches exceed the
// caller's allowance, to be committed with what its transaction recorded;
// err, when set, is a failure to tell.
func refusedHits(err error) error {
	if err != nil {
		return err
	}
	return store.CommitThenFail(apperr.New(apperr.TooManyRequests, "Sus registros coincidieron con víctimas ya registradas más veces de las "+
		"permitidas en una hora, así que no se registró ninguno. Espere una hora y, si registra varios a la vez (una importación), "+
		"divídalos en partes más pequeñas, o consulte a su supervisión; el caso quedó registrado para auditoría."))
}

// unconfirmed is the Conflict of a registration with possible duplicates
// it did not confirm, listing them; nil when there is none.
func unconfirmed(r Registration, duplicates []Duplicate) error {
	if len(duplicates) == 0 || r.ConfirmDuplicate {
		return nil
	}
	e := apperr.New(apperr.Conflict, "Existe un posible duplicado. Revise los registros indicados o confirme el registro.")
	e.Extensions = map[string]any{"duplicates": duplicates}
	return e
}

// Repeats says, for each checked registration, the index of an earlier one
// of the same person (same CURP, or same names and birth date), or -1: the
// duplicates within a batch, which Matches does not see.
func (s *Service) Repeats(regs []Registration) []int {
	out := make([]int, len(regs))
	seen := map[string]int{}
	for i, r := range regs {
		out[i] = -1
		curp, name := s.indexes(r.Personal)
		for _, key := range []string{"c" + string(curp), "n" + string(name)} {
			if len(key) == 1 {
				continue
			}
			if first, ok := seen[key]; ok && out[i] < 0 {
				out[i] = first
			} else if !ok {
				seen[key] = i
			}
		}
	}
	return out
}

// described lists matches as the caller may learn of them: with folio when
// the caller may read her, by the registering institution alone otherwise.
func (s *Service) described(p *authz.Principal, matches []domain.VictimMatch) []Duplicate {
	readable := s.authz.Scope(p, authz.VictimasRead)
	out := make([]Duplicate, 0, len(matches))
	for _, m := range matches {
		if m.Institution == p.Institution && readable.Covers(m.Municipio) {
			id := m.ID
			out = append(out, Duplicate{VictimID: &id, Folio: m.Folio, Institution: m.Institution})
			continue
		}
		out = append(out, Duplicate{Institution: m.Institution})
	}
	return out
}
