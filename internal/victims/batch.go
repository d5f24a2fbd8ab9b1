package victims

import (
	"context"

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
	b, err := s.PrepareMany(ctx, p, regs)
	if err != nil {
		return nil, err
	}
	var out []Victim
	err = s.store.Tx(ctx, func(tx *store.Store) error {
		out, err = s.StoreBatch(ctx, tx, p, b)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Batch is registrations checked, looked up for duplicates and sealed by
// PrepareMany, ready for StoreBatch.
type Batch struct {
	regs   []Registration
	recs   []domain.VictimRecord
	events []audit.Event
}

// PrepareMany checks registrations as Register does, looks for possible
// duplicates of them all at once (a Conflict listing the first one's,
// unless confirmed) and seals their personal data, storing nothing.
func (s *Service) PrepareMany(ctx context.Context, p *authz.Principal, regs []Registration) (Batch, error) {
	for i := range regs {
		if err := s.Check(ctx, p, &regs[i]); err != nil {
			return Batch{}, err
		}
	}
	matches, err := s.Matches(ctx, p, regs)
	if err != nil {
		return Batch{}, err
	}
	return s.SealMany(p, regs, matches)
}

// SealMany seals registrations that Check checked and Matches looked up,
// matches[i] being the possible duplicates of regs[i] (a Conflict listing
// the first unconfirmed ones), storing nothing: PrepareMany's last step,
// for a caller that checked and looked them up itself.
func (s *Service) SealMany(p *authz.Principal, regs []Registration, matches [][]Duplicate) (Batch, error) {
	b := Batch{regs: regs, recs: make([]domain.VictimRecord, len(regs)), events: make([]audit.Event, len(regs))}
	for i := range regs {
		var err error
		if b.recs[i], b.events[i], err = s.sealNew(p, regs[i], matches[i]); err != nil {
			return Batch{}, err
		}
	}
	return b, nil
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
	year := s.clock.Year()
	last, err := tx.NextFolios(ctx, "victima", year, len(b.recs))
	if err != nil {
		return nil, err
	}
	consents := map[uuid.UUID][]domain.Consent{}
	for i := range b.recs {
		b.recs[i].Folio = folio(year, last-len(b.recs)+1+i)
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
