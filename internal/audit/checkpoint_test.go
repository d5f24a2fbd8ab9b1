package audit_test

import (
	"context"
	"crypto/ed25519"
	"errors"
	"path/filepath"
	"sintra/internal/domain"
	"strings"
	"testing"
	"time"

	"sintra/internal/audit"
)

func signingKey(t *testing.T) (ed25519.PrivateKey, ed25519.PublicKey) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "checkpoint.key")
	if err := audit.GenerateSigningKey(path); err != nil {
		t.Fatal(err)
	}
	if err := audit.GenerateSigningKey(path); err == nil {
		t.Fatal("a second key was written over the first")
	}
	priv, err := audit.LoadSigningKey(path)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := audit.LoadPublicKey(path + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	return priv, pub
}

// asSuperuser runs sql as the schema owner with the audit triggers off, as
// someone with full control of the database could.
func (f *fixture) asSuperuser(t *testing.T, sql string, args ...any) {
	t.Helper()
	ctx := context.Background()
	if _, err := f.owner.Exec(ctx, "ALTER TABLE audit_events DISABLE TRIGGER USER"); err != nil {
		t.Fatal(err)
	}
	defer f.owner.Exec(ctx, "ALTER TABLE audit_events ENABLE TRIGGER USER")
	if _, err := f.owner.Exec(ctx, sql, args...); err != nil {
		t.Fatal(err)
	}
}

// chainOf returns the events of the one chain a single-connection fixture writes to.
func (f *fixture) chainOf(t *testing.T) []domain.AuditEvent {
	t.Helper()
	var chain int
	if err := f.app.QueryRow(context.Background(), "SELECT chain FROM audit_events LIMIT 1").Scan(&chain); err != nil {
		t.Fatal(err)
	}
	events, err := f.store.AuditChain(context.Background(), chain, 1, 1000)
	if err != nil {
		t.Fatal(err)
	}
	return events
}

func TestCheckpoint_CatchesATrailRewrittenWithValidHashesThatTheWalkAccepts(t *testing.T) {
	t.Parallel()
	priv, pub := signingKey(t)
	tests := []struct {
		name string
		// rewrite leaves a chain that verifies link by link.
		rewrite func(t *testing.T, f *fixture, events []domain.AuditEvent)
		problem string
	}{
		{"cut back, head moved to the new end", func(t *testing.T, f *fixture, events []domain.AuditEvent) {
			last := events[9]
			f.asSuperuser(t, "DELETE FROM audit_events WHERE chain = $1 AND seq > $2", last.Chain, last.Seq)
			f.asSuperuser(t, "UPDATE audit_chain_heads SET seq = $2, hash = $3 WHERE chain = $1", last.Chain, last.Seq, last.Hash)
		}, "which is gone: the chain was cut back"},
		{"an event altered and every later hash recomputed", func(t *testing.T, f *fixture, events []domain.AuditEvent) {
			prev := events[11]
			for i, e := range events[12:] {
				if i == 0 {
					e.RecordID = "otro"
				}
				e.PrevHash = prev.Hash
				e.Hash = audit.Hash(e)
				f.asSuperuser(t, "UPDATE audit_events SET record_id = $2, prev_hash = $3, hash = $4 WHERE id = $1",
					e.ID, e.RecordID, e.PrevHash, e.Hash)
				prev = e
			}
			f.asSuperuser(t, "UPDATE audit_chain_heads SET hash = $2 WHERE chain = $1", prev.Chain, prev.Hash)
		}, "with another hash: the chain was rewritten"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, audit.DefaultRules(), 1)
			ctx := context.Background()
			f.record(t, 15)
			c, brk, err := audit.MakeCheckpoint(ctx, f.store, priv, time.Now(), nil)
			if err != nil || brk != nil {
				t.Fatalf("checkpoint of an intact trail: %v %v", brk, err)
			}
			if c.Events() != 15 {
				t.Errorf("the checkpoint covers %d events, want 15", c.Events())
			}
			f.record(t, 5)
			if brk, err := audit.VerifyCheckpoint(ctx, f.store, c, pub); err != nil || brk != nil {
				t.Fatalf("a trail grown after the checkpoint: %v %v", brk, err)
			}

			events := f.chainOf(t)
			tt.rewrite(t, f, events)
			if _, brk, err := audit.Verify(ctx, f.store, nil); err != nil || brk != nil {
				t.Fatalf("the rewrite should pass the walk (that is what the checkpoint is for): %v %v", brk, err)
			}
			brk, err = audit.VerifyCheckpoint(ctx, f.store, c, pub)
			if err != nil {
				t.Fatal(err)
			}
			if brk == nil || brk.Chain != events[14].Chain || brk.Seq != 15 || !strings.Contains(brk.Problem, tt.problem) {
				t.Fatalf("break = %+v, want chain %d seq 15: %s", brk, events[14].Chain, tt.problem)
			}
		})
	}
}

func TestCheckpoint_IsRefusedWhenAlteredOrSignedByAnotherKey(t *testing.T) {
	t.Parallel()
	priv, pub := signingKey(t)
	otherPriv, _ := signingKey(t)
	f := newFixture(t, audit.DefaultRules(), 1)
	ctx := context.Background()
	f.record(t, 3)
	c, _, err := audit.MakeCheckpoint(ctx, f.store, priv, time.Now(), nil)
	if err != nil {
		t.Fatal(err)
	}

	altered := c
	altered.Chains = append([]audit.CheckpointHead(nil), c.Chains...)
	for i := range altered.Chains {
		if altered.Chains[i].Seq > 0 {
			altered.Chains[i].Seq--
		}
	}
	if _, err := audit.VerifyCheckpoint(ctx, f.store, altered, pub); !errors.Is(err, audit.ErrCheckpointSignature) {
		t.Errorf("altered checkpoint: %v", err)
	}
	forged, _, err := audit.MakeCheckpoint(ctx, f.store, otherPriv, time.Now(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := audit.VerifyCheckpoint(ctx, f.store, forged, pub); !errors.Is(err, audit.ErrCheckpointSignature) {
		t.Errorf("checkpoint signed by another key: %v", err)
	}
}

func TestMakeCheckpoint_RefusesToSignABrokenTrail(t *testing.T) {
	t.Parallel()
	priv, _ := signingKey(t)
	f := newFixture(t, audit.DefaultRules(), 1)
	f.record(t, 5)
	events := f.chainOf(t)
	f.asSuperuser(t, "UPDATE audit_events SET action = 'x' WHERE id = $1", events[2].ID)
	c, brk, err := audit.MakeCheckpoint(context.Background(), f.store, priv, time.Now(), nil)
	if err != nil || brk == nil || brk.EventID != events[2].ID || c.Signature != nil {
		t.Fatalf("checkpoint of a broken trail: %+v %v, signed %t", brk, err, c.Signature != nil)
	}
}
