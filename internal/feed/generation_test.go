package feed_test

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"sintra/internal/audit"
	"sintra/internal/clock"
	"sintra/internal/demo"
	"sintra/internal/services"
	"sintra/internal/testapp"
	"sintra/internal/victims"
)

// TestFeed_AFullBatchAfterARestoreReplacesWhatTheEntidadSent: a state
// restored from a backup goes back in time, its series and the víctima
// registered after the backup with it. Its next batch is refused as a
// fork; its full batch starts a new generation, puts what the state holds
// in place of what the national instance imported, and the series goes on
// from it.
func TestFeed_AFullBatchAfterARestoreReplacesWhatTheEntidadSent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	// The state's clock moves a minute with each batch: the importer
	// tells batches by when they were made.
	var mu sync.Mutex
	at := now.Now()
	clk := clock.Func(func() time.Time { mu.Lock(); defer mu.Unlock(); at = at.Add(time.Minute); return at })
	state, national := newState(t, testapp.WithClock(clk)), newNational(t)
	keys := trust(t, map[string]*testapp.Env{"23": state})
	period := year(t, state)
	imported := func(what string, batch []byte) {
		t.Helper()
		if _, err := importBatch(t, national, batch, keys); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	caseworker := state.Principal(t, "CEAVEQROO", "capturista", "23005")
	register := func(name string) victims.Victim {
		t.Helper()
		v, err := state.Victims.Register(ctx, caseworker, victims.Registration{Municipio: "23005",
			Attributes: victims.Attributes{Sex: "mujer", IdentifiedOn: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)},
			Personal:   victims.Personal{GivenNames: name}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := state.Services.Record(ctx, caseworker, v.ID, services.Input{Type: "alimentos",
			ProvidedOn: time.Date(2024, 6, 2, 0, 0, 0, 0, time.UTC), Quantity: 5}); err != nil {
			t.Fatal(err)
		}
		return v
	}

	first, h1 := export(t, state, 0)
	imported("batch 1", first)
	lost := register("Registrada después del respaldo")
	second, _ := export(t, state, mustInt(t, h1.Watermark))
	imported("batch 2", second)
	if n := count(t, national, "feed_victims"); n != demo.DatasetVictims+1 {
		t.Fatalf("national víctimas before the restore: %d, want %d", n, demo.DatasetVictims+1)
	}

	// The restore: the state is back to what it held after batch 1.
	owner := state.Owner(t)
	for _, sql := range []string{"DELETE FROM services WHERE victim_id = $1", "DELETE FROM victim_consents WHERE victim_id = $1",
		"DELETE FROM victims WHERE id = $1"} {
		if _, err := owner.Exec(ctx, sql, lost.ID); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := owner.Exec(ctx, "DELETE FROM feed_exports WHERE sequence = 2"); err != nil {
		t.Fatal(err)
	}
	again, _ := export(t, state, mustInt(t, h1.Watermark))
	if _, err := importBatch(t, national, again, keys); err == nil || !strings.Contains(err.Error(), "bifurcación") {
		t.Fatalf("the restored state's next batch: %v, want it refused as a fork", err)
	}

	var orphan bytes.Buffer // made, and never delivered
	if _, err := state.Feed.ExportFull(ctx, audit.CommandLine, &orphan, nil); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	full, err := state.Feed.ExportFull(ctx, audit.CommandLine, &b, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !full.Full || full.Sequence != 1 || full.Previous != "" || len(full.Generation) != 32 || full.Since != "0" {
		t.Fatalf("full batch header: %+v", full)
	}
	fullBatch := bytes.Clone(b.Bytes())
	imported("the full batch", fullBatch)
	if n := count(t, national, "feed_victims"); n != demo.DatasetVictims {
		t.Errorf("national víctimas after the full batch: %d, want the state's %d", n, demo.DatasetVictims)
	}
	sameFigures(t, "after the full batch", figures(t, national, period), figures(t, state, period))

	// The new generation's series goes on; the old one's batches are refused.
	register("Registrada tras la restauración")
	next, h := export(t, state, mustInt(t, full.Watermark))
	if h.Generation != full.Generation || h.Sequence != 2 || h.Full {
		t.Fatalf("the batch after the full one: %+v", h)
	}
	imported("batch 2 of the new generation", next)
	sameFigures(t, "after the new generation's batch 2", figures(t, national, period), figures(t, state, period))
	if _, err := importBatch(t, national, again, keys); err == nil || !strings.Contains(err.Error(), "otra generación") {
		t.Errorf("a batch of the old generation: %v, want it refused", err)
	}
	if got, err := importBatch(t, national, fullBatch, keys); err != nil || !got.AlreadyImported {
		t.Errorf("the full batch again: %+v %v, want it recognized and nothing changed", got, err)
	}
	// Another full batch of the generation imported (here the same one,
	// dated later) would take the entidad back to what it held then.
	replayed := reheaded(t, state, fullBatch, `"generated_at":"`+full.GeneratedAt, `"generated_at":"2030-01-01T00:00:00Z`)
	if _, err := importBatch(t, national, replayed, keys); err == nil || !strings.Contains(err.Error(), "ya se importó") {
		t.Errorf("a full batch of a generation imported: %v, want it refused", err)
	}
	// A full batch made before, delivered late, would take it back too.
	if _, err := importBatch(t, national, orphan.Bytes(), keys); err == nil || !strings.Contains(err.Error(), "se hizo antes") {
		t.Errorf("a full batch made before the last imported: %v, want it refused", err)
	}
	sameFigures(t, "after the refusals", figures(t, national, period), figures(t, state, period))
}

// TestFeed_AnImporterReadsTheFormatBeforeGenerations: a national instance
// upgraded before its states goes on importing their sintra-feed/2 batches.
func TestFeed_AnImporterReadsTheFormatBeforeGenerations(t *testing.T) {
	t.Parallel()
	state, national := newState(t), newNational(t)
	batch, _ := export(t, state, 0)
	older := reheaded(t, state, batch, `"schema":"sintra-feed/3"`, `"schema":"sintra-feed/2"`)
	got, err := importBatch(t, national, older, trust(t, map[string]*testapp.Env{"23": state}))
	if err != nil || got.Applied == 0 {
		t.Fatalf("a sintra-feed/2 batch: %+v %v, want it imported", got, err)
	}
	if n := count(t, national, "feed_victims"); n != demo.DatasetVictims {
		t.Errorf("national víctimas: %d, want %d", n, demo.DatasetVictims)
	}
	unknown := reheaded(t, state, batch, `"schema":"sintra-feed/3"`, `"schema":"sintra-feed/9"`)
	if _, err := importBatch(t, national, unknown, trust(t, map[string]*testapp.Env{"23": state})); err == nil ||
		!strings.Contains(err.Error(), "desconocido") {
		t.Errorf("an unknown format: %v, want it refused", err)
	}
}
