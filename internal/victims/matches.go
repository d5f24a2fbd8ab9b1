package victims

import (
	"bytes"
	"context"
	"fmt"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/domain"
	"sintra/internal/store"
)

// Matches finds, for each checked registration, the stored víctimas with
// the same CURP, or the same names and birth date, in any institution.
// Those the caller may read come with their folio; the others name only
// the registering institution, so institutions can coordinate without
// anyone learning personal data. Each registration that matches tells the
// caller that a person is registered, so each is audited, and a caller who
// matches too often within an hour is refused and flagged. The check, the
// look-up and the audit of the matches share one transaction, under the
// caller's lock, so that registrations sent at once are counted one by one.
func (s *Service) Matches(ctx context.Context, p *authz.Principal, regs []Registration) ([][]Duplicate, error) {
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
	var found []domain.VictimMatch
	var exceeded bool
	// A person registered in any municipio is a duplicate: the look-up
	// reaches past the caller's rows and answers with institutions only.
	statewide := domain.WithRows(ctx, domain.Rows{All: true})
	err := s.store.Tx(statewide, func(tx *store.Store) error {
		var err error
		if exceeded, err = s.audit.DuplicateHitsExceeded(ctx, tx, actor(p)); err != nil || exceeded {
			return err
		}
		if found, err = tx.FindVictimsByIndexes(ctx, curpList, nameList, 50*len(regs)); err != nil || len(found) == 0 {
			return err
		}
		var events []audit.Event
		for i := range regs {
			var mine []domain.VictimMatch
			for _, m := range found {
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
		return s.audit.RecordMany(ctx, tx, actor(p), events)
	})
	if err != nil {
		return nil, err
	}
	if exceeded {
		return nil, apperr.New(apperr.TooManyRequests, "Sus registros coincidieron demasiadas veces con víctimas ya registradas en la última hora. "+
			"Espere una hora o consulte a su supervisión; el caso quedó registrado para auditoría.")
	}
	return out, nil
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
