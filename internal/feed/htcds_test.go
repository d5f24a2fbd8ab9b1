package feed_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"sintra/internal/demo"
	"sintra/internal/htcds"
	"sintra/internal/testapp"
)

// microdataRows are the data rows of a released CTDC file, sorted: its
// lines less the metadata (#) and the header.
func microdataRows(t *testing.T, e *testapp.Env, entidad string) []string {
	t.Helper()
	secretaria := e.Principal(t, "SEGOB", "secretaria_tecnica", "*")
	f, err := e.HTCDS.For(context.Background(), secretaria, htcds.Request{Year: demo.DatasetYear, Entidad: entidad, Format: "csv"})
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for i, line := range strings.Split(strings.TrimPrefix(string(f.Body), "\uFEFF"), "\n") {
		if line != "" && !strings.HasPrefix(line, "#") && i > 0 && !strings.HasPrefix(line, "yearOfRegistration") {
			rows = append(rows, line)
		}
	}
	slices.Sort(rows)
	return rows
}

// TestFeed_TheNationsCTDCFileHoldsItsFedEntidades: a national instance
// whose víctimas all come from a state's feed releases, in the nation's
// CTDC microdata, the rows the state releases of that year.
func TestFeed_TheNationsCTDCFileHoldsItsFedEntidades(t *testing.T) {
	t.Parallel()
	state, national := newState(t), newNational(t)
	batch, _ := export(t, state, 0)
	if _, err := importBatch(t, national, batch, trust(t, map[string]*testapp.Env{"23": state})); err != nil {
		t.Fatal(err)
	}
	want := microdataRows(t, state, "23")
	if len(want) == 0 {
		t.Fatal("the state releases no rows of its demo year")
	}
	if got := microdataRows(t, national, ""); !slices.Equal(got, want) {
		t.Errorf("the nation's CTDC file has %d rows, want the %d the state releases:\n%s\nwant\n%s",
			len(got), len(want), strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
