package feed_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"

	"sintra/internal/audit"
	"sintra/internal/testapp"
)

// reheaded is batch with its header's old text replaced by new, signed
// anew with the state's key: a batch the state could have signed.
func reheaded(t *testing.T, e *testapp.Env, batch []byte, old, new string) []byte {
	t.Helper()
	lines := bytes.SplitAfter(batch, []byte("\n"))
	if !bytes.Contains(lines[0], []byte(old)) {
		t.Fatalf("the header has no %s", old)
	}
	lines[0] = bytes.Replace(lines[0], []byte(old), []byte(new), 1)
	return resign(t, e.Keys, bytes.Join(lines[:len(lines)-2], nil))
}

func TestFeed_TheImporterRefusesAGapOrAForkAndResumesOnlyWhenAsked(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	state, national := newState(t), newNational(t)
	keys := trust(t, map[string]*testapp.Env{"23": state})
	var batches [][]byte
	for range 5 {
		b, h := export(t, state, 0)
		if n := len(batches); h.Sequence != int64(n+1) || (n > 0) != (h.Previous != "") {
			t.Fatalf("batch %d: sequence %d, previous %q", n+1, h.Sequence, h.Previous)
		}
		if n := len(batches); n > 0 {
			sum := sha256.Sum256(batches[n-1])
			if want := hex.EncodeToString(sum[:]); !bytes.Contains(b, []byte(`"previous":"`+want+`"`)) {
				t.Fatalf("batch %d does not name the hash of batch %d", n+1, n)
			}
		}
		batches = append(batches, b)
	}
	refusedFor := func(what string, batch []byte, after int64, says string) {
		t.Helper()
		_, err := asOwner(t, national).ImportAfter(ctx, audit.CommandLine, bytes.NewReader(batch), keys, after, nil)
		if err == nil || !strings.Contains(err.Error(), says) {
			t.Errorf("%s: %v, want it refused (%q)", what, err, says)
		}
	}
	imported := func(what string, batch []byte, after int64) {
		t.Helper()
		if _, err := asOwner(t, national).ImportAfter(ctx, audit.CommandLine, bytes.NewReader(batch), keys, after, nil); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	refusedFor("batch 2 first", batches[1], -1, "faltan los lotes 1 a 1")
	imported("batch 1", batches[0], -1)
	refusedFor("batch 3 after 1", batches[2], -1, "faltan los lotes 2 a 2")
	first := sha256.Sum256(batches[0])
	forged := reheaded(t, state, batches[1], `"previous":"`+hex.EncodeToString(first[:]), `"previous":"`+strings.Repeat("0", 64))
	refusedFor("a batch 2 that follows another batch 1", forged, -1, "bifurcación")
	imported("batch 2", batches[1], -1)
	imported("batch 3", batches[2], -1)
	other := reheaded(t, state, batches[2], `"generated_at":"2026-11-22T12:00:00Z"`, `"generated_at":"2026-11-22T12:00:01Z"`)
	refusedFor("another batch 3", other, -1, "bifurcación")
	// Batch 4 is lost for good: the operator resumes after it, deliberately.
	refusedFor("batch 5 after 3", batches[4], -1, "--tras 4")
	refusedFor("batch 5 resuming after 3", batches[4], 3, "reanudar tras el lote 3")
	imported("batch 5 resuming after 4", batches[4], 4)
	refusedFor("batch 4 late", batches[3], -1, "bifurcación")
	refusedFor("resuming backwards", batches[3], 3, "no se reanuda hacia atrás")
	if again, err := importBatch(t, national, batches[2], keys); err != nil || !again.AlreadyImported {
		t.Errorf("batch 3 again: %+v %v, want it recognized and nothing changed", again, err)
	}
}

// A batch exported from past the watermark the national instance reached
// would skip, for good, the changes between: it is refused, resuming after
// a lost batch included, and one exported from what was reached is taken.
func TestFeed_TheImporterRefusesABatchThatWouldSkipChanges(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	state, national := newState(t), newNational(t)
	keys := trust(t, map[string]*testapp.Env{"23": state})
	first, h1 := export(t, state, 0)
	if _, err := importBatch(t, national, first, keys); err != nil {
		t.Fatal(err)
	}
	reached, err := strconv.ParseInt(h1.Watermark, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	ahead, h2 := export(t, state, reached+1)
	for _, after := range []int64{-1, h1.Sequence} {
		_, err := asOwner(t, national).ImportAfter(ctx, audit.CommandLine, bytes.NewReader(ahead), keys, after, nil)
		if err == nil || !strings.Contains(err.Error(), "faltarían los cambios") {
			t.Errorf("a batch from past the watermark reached (after %d): %v, want it refused", after, err)
		}
	}
	// Batch 2 is lost: batch 3, from what the nation reached, resumes.
	resumed, _ := export(t, state, reached)
	if _, err := asOwner(t, national).ImportAfter(ctx, audit.CommandLine, bytes.NewReader(resumed), keys, h2.Sequence, nil); err != nil {
		t.Errorf("a batch from the watermark reached, resuming after the lost one: %v", err)
	}
}

// An instance that registers an entidad's records itself refuses that
// entidad's feed, which would count them a second time.
func TestFeed_AnInstanceRefusesTheFeedOfAnEntidadItRegisters(t *testing.T) {
	t.Parallel()
	state := newState(t)
	keys := trust(t, map[string]*testapp.Env{"23": state})
	batch, _ := export(t, state, 0)
	if _, err := importBatch(t, state, batch, keys); err == nil || !strings.Contains(err.Error(), "contaría dos veces") {
		t.Errorf("Quintana Roo's feed imported where its records are registered: %v, want it refused", err)
	}
}
