package feed_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"sintra/internal/apperr"
	"sintra/internal/demo"
	"sintra/internal/htcds"
	"sintra/internal/testapp"
)

// microdata exports a year's CTDC file of an entidad ("" the nation) as
// the Secretaría Técnica, and returns its data rows sorted.
func microdata(t *testing.T, e *testapp.Env, entidad string) ([]string, error) {
	t.Helper()
	secretaria := e.Principal(t, "SEGOB", "secretaria_tecnica", "*")
	f, err := e.HTCDS.For(context.Background(), secretaria, htcds.Request{Year: demo.DatasetYear, Entidad: entidad, Format: "csv"})
	if err != nil {
		return nil, err
	}
	var rows []string
	for _, line := range strings.Split(strings.TrimPrefix(string(f.Body), "\uFEFF"), "\n") {
		if line != "" && !strings.HasPrefix(line, "#") && !strings.HasPrefix(line, "yearOfRegistration") {
			rows = append(rows, line)
		}
	}
	slices.Sort(rows)
	return rows, nil
}

// TestFeed_TheNationsCTDCFileHoldsTheStatesReleaseAsReleased: a national
// instance makes the nation's CTDC microdata of a fed entidad's year of the
// rows the state released, brought by its feed, and of nothing else: made
// again from the fed records, on another day, they could be set against
// the state's own file. Until they come, the nation's file waits.
func TestFeed_TheNationsCTDCFileHoldsTheStatesReleaseAsReleased(t *testing.T) {
	t.Parallel()
	state, national := newState(t), newNational(t)
	keys := trust(t, map[string]*testapp.Env{"23": state})
	first, h := export(t, state, 0)
	if _, err := importBatch(t, national, first, keys); err != nil {
		t.Fatal(err)
	}
	if _, err := microdata(t, national, ""); apperr.CodeOf(err) != apperr.Conflict || !strings.Contains(err.Error(), "aún no envía") {
		t.Fatalf("the nation's file before the state released its year: %v, want 409 waiting for it", err)
	}
	if _, err := microdata(t, national, "23"); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("the fed entidad's own file at the national instance: %v, want 409 (the state publishes it)", err)
	}

	released, err := microdata(t, state, "23")
	if err != nil || len(released) == 0 {
		t.Fatalf("the state's release: %d rows, %v", len(released), err)
	}
	second, _ := export(t, state, mustInt(t, h.Watermark))
	if n := strings.Count(string(second), `"kind":"microdatos"`); n != 1 {
		t.Fatalf("the batch after the release holds %d microdata records, want 1", n)
	}
	if _, err := importBatch(t, national, second, keys); err != nil {
		t.Fatal(err)
	}
	nation, err := microdata(t, national, "")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(nation, released) {
		t.Errorf("the nation's file has %d rows, want the %d the state released, as released", len(nation), len(released))
	}
}
