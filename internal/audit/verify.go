package audit

import (
	"bytes"
	"context"
	"fmt"
	"sintra/internal/domain"

	"sintra/internal/store"
)

// Break is the first broken link of a chain.
type Break struct {
	Chain   int
	Seq     int64
	EventID int64
	Problem string
}

func (b *Break) Error() string {
	return fmt.Sprintf("audit chain %d broken at event %d (seq %d): %s", b.Chain, b.EventID, b.Seq, b.Problem)
}

const verifyBatch = 5000

// Verify walks every chain from its first event, recomputing each hash and
// checking that sequence numbers, previous hashes and ids follow on, and
// that each chain ends where its head says. It returns the number of events
// checked and the first break, if any. progress, when not nil, is called
// after each batch with the events checked so far and the total.
func Verify(ctx context.Context, st *store.Store, progress func(done, total int64)) (int64, *Break, error) {
	total, err := st.CountAuditEvents(ctx)
	if err != nil {
		return 0, nil, err
	}
	heads, err := st.AuditChainHeads(ctx)
	if err != nil {
		return 0, nil, err
	}
	var done int64
	for _, head := range heads {
		n, brk, err := verifyChain(ctx, st, head, func(batch int64) {
			done += batch
			if progress != nil {
				progress(done, total)
			}
		})
		if err != nil || brk != nil {
			return done + n, brk, err
		}
	}
	return done, nil, nil
}

// verifyChain checks one chain; n counts events of a batch not yet reported.
func verifyChain(ctx context.Context, st *store.Store, head domain.ChainHead, reported func(int64)) (n int64, brk *Break, err error) {
	prev := domain.AuditEvent{Chain: head.Chain, Hash: make([]byte, 32)}
	for {
		events, err := st.AuditChain(ctx, head.Chain, prev.Seq+1, verifyBatch)
		if err != nil {
			return 0, nil, err
		}
		for _, e := range events {
			if problem := checkLink(prev, e); problem != "" {
				return n, &Break{Chain: e.Chain, Seq: e.Seq, EventID: e.ID, Problem: problem}, nil
			}
			prev = e
			n++
		}
		reported(n)
		n = 0
		if len(events) < verifyBatch {
			break
		}
	}
	if prev.Seq != head.Seq || !bytes.Equal(prev.Hash, head.Hash) {
		return 0, &Break{Chain: head.Chain, Seq: prev.Seq, EventID: prev.ID,
			Problem: fmt.Sprintf("the chain ends at seq %d but its head records seq %d: events after this one were removed", prev.Seq, head.Seq)}, nil
	}
	return 0, nil, nil
}

// checkLink says what is wrong with e following prev, or "".
func checkLink(prev, e domain.AuditEvent) string {
	switch {
	case e.Seq != prev.Seq+1:
		return fmt.Sprintf("expected seq %d: events before this one were removed", prev.Seq+1)
	case !bytes.Equal(e.PrevHash, prev.Hash):
		return "its previous-hash does not match the event before it: events were removed or reordered"
	case prev.ID != 0 && e.ID <= prev.ID:
		return "its id is not after the previous event's: events were reordered"
	case !bytes.Equal(Hash(e), e.Hash):
		return "its content does not match its hash: the event was altered"
	}
	return ""
}
