package feed_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"sintra/internal/apperr"
	"sintra/internal/audit"
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

// altered is a batch with the first old of its records replaced by new,
// signed again by e's key: a batch the state could sign, crafted.
func altered(t *testing.T, e *testapp.Env, batch []byte, old, new string) []byte {
	t.Helper()
	lines := bytes.SplitAfter(batch, []byte("\n"))
	body := bytes.Join(lines[:len(lines)-2], nil)
	if !bytes.Contains(body, []byte(old)) {
		t.Fatalf("the batch has no %s", old)
	}
	return resign(t, e.Keys, bytes.Replace(body, []byte(old), []byte(new), 1))
}

// TestFeed_TheNationsCTDCFileTakesOnlyCodebookRowsKAnonymousOnTheirOwn:
// rows a state's feed brings are the codebook's values, never free text,
// and each entidad's part is k-anonymous on its own (rows carry no entidad:
// a small group would hide among other parts, and show once those parts'
// own files are set against the nation's). A full batch keeps them; an
// operator may leave out an entidad that will not send its year, and the
// file says so.
func TestFeed_TheNationsCTDCFileTakesOnlyCodebookRowsKAnonymousOnTheirOwn(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	state := newState(t)
	keys := trust(t, map[string]*testapp.Env{"23": state})
	before, _ := export(t, state, 0)
	if _, err := microdata(t, state, "23"); err != nil {
		t.Fatal(err)
	}
	released, _ := export(t, state, 0)
	imported := func(e *testapp.Env, batches ...[]byte) error {
		t.Helper()
		for _, b := range batches {
			if _, err := importBatch(t, e, b, keys); err != nil {
				return err
			}
		}
		return nil
	}

	forged := newNational(t)
	if err := imported(forged, before, altered(t, state, released, `"Case Management"`, `"Maria Lopez Pat"`)); err == nil {
		t.Error("a microdata row holding free text was imported")
	}
	lone := newNational(t)
	if err := imported(lone, before, altered(t, state, released, `"-99","MX"`, `"AR","MX"`)); err != nil {
		t.Fatal(err)
	}
	if _, err := microdata(t, lone, ""); apperr.CodeOf(err) != apperr.Conflict || !strings.Contains(err.Error(), "anónimo") {
		t.Errorf("the nation's file of a part with a group of one: %v, want 409", err)
	}

	kept := newNational(t)
	var full bytes.Buffer
	if err := imported(kept, before, released); err != nil {
		t.Fatal(err)
	}
	if _, err := state.Feed.ExportFull(ctx, audit.CommandLine, &full, nil); err != nil {
		t.Fatal(err)
	}
	if err := imported(kept, full.Bytes()); err != nil {
		t.Fatal(err)
	}
	if n := count(t, kept, "feed_microdata"); n != 1 {
		t.Errorf("the fed microdata after a full batch: %d years, want the one received", n)
	}
	if _, err := kept.HTCDS.ForOperator(ctx, htcds.Request{Year: demo.DatasetYear, Format: "csv", Without: []string{"23"}}); err == nil {
		t.Error("an entidad that sent its year was left out of the nation's")
	}

	waiting := newNational(t)
	if err := imported(waiting, before); err != nil {
		t.Fatal(err)
	}
	if _, err := waiting.HTCDS.ForOperator(ctx, htcds.Request{Year: demo.DatasetYear, Format: "csv", Without: []string{"31"}}); err == nil {
		t.Error("leaving out an entidad that is not fed was allowed")
	}
	f, err := waiting.HTCDS.ForOperator(ctx, htcds.Request{Year: demo.DatasetYear, Format: "csv", Without: []string{"23"}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(f.Body), "Entidades sin microdatos (no incluidas),23") {
		t.Errorf("the nation's file leaving out 23 does not say so:\n%s", f.Body)
	}
	if _, err := waiting.HTCDS.ForOperator(ctx, htcds.Request{Year: demo.DatasetYear, Format: "csv", Without: []string{"23"}}); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("leaving an entidad out of a year released: %v, want 409", err)
	}
}
