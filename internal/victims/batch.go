package victims

import (
	"context"
	"maps"
	"slices"

	"github.com/google/uuid"

	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/domain"
	"sintra/internal/store"
)

// RegisterMany registers several víctimas in one transaction, each checked,
// sealed and audited as Register does, in a few round trips: for bulk
// loads. Any invalid registration, or an unconfirmed possible duplicate,
// refuses them all. Duplicates are looked for among the stored víctimas,
// not within the batch.
func (s *Service) RegisterMany(ctx context.Context, p *authz.Principal, regs []Registration) ([]Victim, error) {
	for i := range regs {
		if err := s.Check(ctx, p, &regs[i]); err != nil {
			return nil, err
		}
	}
	b, err := s.SealMany(p, regs)
	if err != nil {
		return nil, err
	}
	var out []Victim
	err = s.store.Tx(ctx, func(tx *store.Store) error {
		matches, err := s.MatchBatch(ctx, tx, p, b)
		if err != nil {
			return err
		}
		for i, r := range b.regs {
			if err := unconfirmed(r, matches[i]); err != nil {
				// The matches found stay audited.
				return store.CommitThenFail(err)
			}
		}
		out, err = s.StoreBatch(ctx, tx, p, b)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Batch is registrations checked and sealed by SealMany, ready for
// MatchBatch and StoreBatch.
type Batch struct {
	regs   []Registration
	recs   []domain.VictimRecord
	events []audit.Event
}

// SealMany seals registrations that Check checked, storing nothing.
func (s *Service) SealMany(p *authz.Principal, regs []Registration) (Batch, error) {
	b := Batch{regs: regs, recs: make([]domain.VictimRecord, len(regs)), events: make([]audit.Event, len(regs))}
	for i := range regs {
		var err error
		if b.recs[i], b.events[i], err = s.sealNew(p, regs[i]); err != nil {
			return Batch{}, err
		}
	}
	return b, nil
}

// Lock holds, until tx ends, the blind indexes of b's registrations, as
// MatchBatch does first: for a caller that reads something another
// registration of the same people may be writing before it looks them up.
func (s *Service) Lock(ctx context.Context, tx *store.Store, b Batch) error {
	var indexes [][]byte
	for _, rec := range b.recs {
		indexes = append(indexes, rec.CurpIndex, rec.NameDOBIndex)
	}
	return tx.LockVictimIndexes(ctx, indexes)
}

// MatchBatch looks up, within tx, the possible duplicates of each
// registration of b as Matches does (holding their blind indexes until tx
// ends, auditing and counting every match), and notes in the audit event
// of each registration that confirmed hers that it did. matches[i] are the
// possible duplicates of the i-th registration; those it did not confirm
// are for the caller to refuse, committing tx (store.CommitThenFail) so
// that the matches stay audited.
func (s *Service) MatchBatch(ctx context.Context, tx *store.Store, p *authz.Principal, b Batch) (matches [][]Duplicate, err error) {
	if matches, err = s.Matches(ctx, tx, p, b.regs); err != nil {
		return nil, err
	}
	for i := range matches {
		if len(matches[i]) > 0 && b.regs[i].ConfirmDuplicate {
			b.events[i].Detail = confirmedDuplicate
		}
	}
	return matches, nil
}

// StoreBatch stores a prepared batch within tx under consecutive new
// folios, with its consents and one audit event per víctima, and returns
// the víctimas as registered.
func (s *Service) StoreBatch(ctx context.Context, tx *store.Store, p *authz.Principal, b Batch) ([]Victim, error) {
	if len(b.recs) == 0 {
		return nil, nil
	}
	if err := s.audit.RecordMany(ctx, tx, actor(p), b.events); err != nil {
		return nil, err
	}
	if err := numberBatch(ctx, tx, b.recs, s.clock.Year()); err != nil {
		return nil, err
	}
	consents := map[uuid.UUID][]domain.Consent{}
	for i := range b.recs {
		consents[b.recs[i].ID] = b.regs[i].Consents
	}
	if err := tx.InsertVictims(ctx, b.recs, p.UserID); err != nil {
		return nil, err
	}
	if err := tx.InsertConsents(ctx, consents, p.UserID); err != nil {
		return nil, err
	}
	out := make([]Victim, len(b.recs))
	for i := range b.recs {
		out[i] = s.registered(b.recs[i], b.regs[i])
	}
	return out, nil
}

// numberBatch gives the víctimas of a batch consecutive folios of their
// entidad's series, in the batch's order. The series are drawn in the
// order of their entidades, so that two batches never wait on each other.
func numberBatch(ctx context.Context, tx *store.Store, recs []domain.VictimRecord, year int) error {
	byEntidad := map[string][]int{}
	for i, r := range recs {
		byEntidad[r.Municipio[:2]] = append(byEntidad[r.Municipio[:2]], i)
	}
	for _, e := range slices.Sorted(maps.Keys(byEntidad)) {
		in := byEntidad[e]
		prefix, last, err := tx.NextFolios(ctx, "victima", recs[in[0]].Municipio, year, len(in))
		if err != nil {
			return err
		}
		for j, i := range in {
			recs[i].Folio = folio(prefix, year, last-len(in)+1+j)
		}
	}
	return nil
}
