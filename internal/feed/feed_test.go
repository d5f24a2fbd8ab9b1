package feed_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"sintra/internal/app"
	"sintra/internal/audit"
	"sintra/internal/clock"
	"sintra/internal/corrections"
	"sintra/internal/demo"
	"sintra/internal/domain"
	"sintra/internal/feed"
	"sintra/internal/reports"
	"sintra/internal/services"
	"sintra/internal/store"
	"sintra/internal/testapp"
	"sintra/internal/testdb"
	"sintra/internal/victims"
)

func TestMain(m *testing.M) { testdb.Main(m) }

var now = clock.Fixed(time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC))

// newState is a state instance of Quintana Roo holding the demo dataset.
func newState(t *testing.T, opts ...testapp.Option) *testapp.Env {
	t.Helper()
	e := testapp.New(t, append([]testapp.Option{testapp.WithClock(now)}, opts...)...)
	ctx := context.Background()
	if err := demo.EnsureAccounts(ctx, e.Users); err != nil {
		t.Fatal(err)
	}
	if err := demo.EnsureDataset(ctx, e.App); err != nil {
		t.Fatal(err)
	}
	return e
}

// newNational is a national instance with the Comisión's periods of the
// dataset's year, as its Secretaría Técnica defines them.
func newNational(t *testing.T, opts ...testapp.Option) *testapp.Env {
	t.Helper()
	e := testapp.New(t, append([]testapp.Option{testapp.WithClock(now)}, opts...)...)
	secretaria := e.Principal(t, "SEGOB", "secretaria_tecnica", "*")
	for _, p := range reports.ComisionYear(demo.DatasetYear) {
		if _, err := e.Reports.CreatePeriod(context.Background(), secretaria, p); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

func trust(t *testing.T, states map[string]*testapp.Env) feed.Keys {
	t.Helper()
	keys := feed.Keys{}
	for entidad, e := range states {
		pub, err := e.Keys.FeedPublicKey()
		if err != nil {
			t.Fatal(err)
		}
		keys[entidad] = pub
	}
	return keys
}

func export(t *testing.T, e *testapp.Env, since int64) ([]byte, feed.Header) {
	t.Helper()
	var b bytes.Buffer
	h, err := e.Feed.Export(context.Background(), audit.CommandLine, since, &b, nil)
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), h
}

func importBatch(t *testing.T, e *testapp.Env, batch []byte, keys feed.Keys) (feed.Imported, error) {
	t.Helper()
	return asOwner(t, e).Import(context.Background(), audit.CommandLine, bytes.NewReader(batch), keys, nil)
}

// asOwner is the national instance's feed importing as the owner role, as
// sintra feed import does.
func asOwner(t *testing.T, e *testapp.Env) *feed.Service {
	t.Helper()
	return e.Feed.WithOwner(store.New(e.Owner(t)))
}

// figures are a report's figures by table, row and column, the Grupo de
// Trabajo's acuerdos aside: they are the state's alone.
func figures(t *testing.T, e *testapp.Env, period domain.Period) map[string]int {
	t.Helper()
	r, err := e.Reports.Build(context.Background(), period, 0)
	if err != nil {
		t.Fatal(err)
	}
	return reportFigures(r)
}

func reportFigures(r reports.Report) map[string]int {
	out := map[string]int{}
	for _, tb := range r.Tables {
		// The Grupo de Trabajo's acuerdos are the state's alone; the listing
		// of activities by name is the state's too: the feed counts them
		// without their names. The reparación del daño counts what each
		// instance recorded (its note says so): the feed carries no amounts
		// nor payments. Nor does it carry the reportes ciudadanos yet, which
		// the demo dataset has: a national report counts none of them.
		if strings.Contains(tb.ID, "acuerdo") || strings.HasPrefix(tb.ID, "listado") || tb.ID == "reparacion" ||
			strings.HasPrefix(tb.ID, "reportes_") {
			continue
		}
		for _, row := range tb.Rows {
			key := row.Key
			for i, c := range row.Cells {
				out[fmt.Sprintf("%s|%s|%s", tb.ID, key, tb.Columns[i])] += c.Value
			}
		}
	}
	return out
}

// entidadFigures are figures' of one entidad's report.
func entidadFigures(t *testing.T, e *testapp.Env, period domain.Period, entidad string) map[string]int {
	t.Helper()
	r, err := e.Reports.ForOperator(context.Background(), period, entidad, false)
	if err != nil {
		t.Fatal(err)
	}
	return reportFigures(r)
}

// seenAs counts the rows of table the application's role sees in a
// transaction whose setting sintra.municipios is setting.
func seenAs(t *testing.T, e *testapp.Env, setting, table string) int {
	t.Helper()
	ctx := context.Background()
	tx, err := e.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	var n int
	if _, err := tx.Exec(ctx, "SELECT set_config('sintra.municipios', $1, true)", setting); err != nil {
		t.Fatal(err)
	}
	if err := tx.QueryRow(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func sameFigures(t *testing.T, what string, got, want map[string]int) {
	t.Helper()
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: %s = %d, want %d", what, k, got[k], w)
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok && g != 0 {
			t.Errorf("%s: %s = %d, want none", what, k, g)
		}
	}
}

func count(t *testing.T, e *testapp.Env, table string) int {
	t.Helper()
	var n int
	if err := e.Owner(t).QueryRow(context.Background(), "SELECT count(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func year(t *testing.T, e *testapp.Env) domain.Period {
	t.Helper()
	p, err := e.Reports.AnnualPeriod(context.Background(), demo.DatasetYear)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

var feedTables = []string{"feed_victims", "feed_casos", "feed_services", "feed_canalizaciones", "feed_carpetas", "feed_activities"}

func feedCounts(t *testing.T, e *testapp.Env) []int {
	var out []int
	for _, tb := range feedTables {
		out = append(out, count(t, e, tb))
	}
	return out
}

// Not parallel: an export's watermark is the oldest transaction still
// running in the whole cluster, so another test's open transaction would
// make the second export send again records it need not, and the count of
// the changed records below would not hold.
func TestFeed_NationalReportEqualsTheStatesAndFollowsItIncrementally(t *testing.T) {
	ctx := context.Background()
	state, national := newState(t), newNational(t)
	keys := trust(t, map[string]*testapp.Env{"23": state})
	period := year(t, state)

	batch, h := export(t, state, 0)
	if h.Records == 0 || h.Entidad != "23" || h.Dates == nil || !strings.HasPrefix(h.Dates.From, "2024") {
		t.Fatalf("first batch: %+v", h)
	}
	first, err := importBatch(t, national, batch, keys)
	if err != nil || first.Applied != h.Records {
		t.Fatalf("first import: %+v %v, want all %d records applied", first, err, h.Records)
	}
	counts := feedCounts(t, national)
	again, err := importBatch(t, national, batch, keys)
	if err != nil || !again.AlreadyImported || again.Applied != 0 {
		t.Fatalf("the same batch again: %+v %v, want it recognized", again, err)
	}
	reexported, _ := export(t, state, 0)
	if got, err := importBatch(t, national, reexported, keys); err != nil || got.Applied != 0 {
		t.Fatalf("a new export of the same records: %+v %v, want nothing applied", got, err)
	}
	if got := feedCounts(t, national); fmt.Sprint(got) != fmt.Sprint(counts) {
		t.Fatalf("records after importing twice: %v, want %v", got, counts)
	}
	if n := count(t, national, "feed_victims"); n != demo.DatasetVictims {
		t.Errorf("national víctimas: %d, want %d", n, demo.DatasetVictims)
	}
	sameFigures(t, "first import", figures(t, national, period), figures(t, state, period))

	// Changes: a new víctima with a service, a corrected service, a voided canalización.
	caseworker := state.Principal(t, "CEAVEQROO", "capturista", "23005")
	v, err := state.Victims.Register(ctx, caseworker, victims.Registration{Municipio: "23005",
		Attributes: victims.Attributes{Sex: "hombre", IdentifiedOn: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)},
		Personal:   victims.Personal{GivenNames: "Nueva", FirstSurname: "Persona"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := state.Services.Record(ctx, caseworker, v.ID, services.Input{Type: "alimentos", ProvidedOn: time.Date(2024, 6, 2, 0, 0, 0, 0, time.UTC), Quantity: 9}); err != nil {
		t.Fatal(err)
	}
	owner := state.Owner(t)
	var svc, canal uuid.UUID
	var svcVersion, canalVersion int
	if err := owner.QueryRow(ctx, "SELECT id, version FROM services WHERE service_type = 'alimentos' AND victim_id <> $1 ORDER BY id LIMIT 1", v.ID).Scan(&svc, &svcVersion); err != nil {
		t.Fatal(err)
	}
	if err := owner.QueryRow(ctx, "SELECT id, version FROM canalizaciones WHERE status = 'enviada' ORDER BY id LIMIT 1").Scan(&canal, &canalVersion); err != nil {
		t.Fatal(err)
	}
	old, err := state.Store.Nationwide().Service(ctx, svc, domain.Scope{AllMunicipios: true, AnyInstitution: true})
	if err != nil {
		t.Fatal(err)
	}
	why := corrections.Reason{Code: "error_captura"}
	if _, err := state.Services.Correct(ctx, caseworker, svc, svcVersion, services.Correction{Reason: why,
		Input: services.Input{Type: old.Type, ProvidedOn: old.ProvidedOn, Quantity: old.Quantity + 40}}); err != nil {
		t.Fatal(err)
	}
	if err := state.Canalizaciones.Void(ctx, caseworker, canal, canalVersion, why); err != nil {
		t.Fatal(err)
	}
	before := figures(t, national, period)
	second, h2 := export(t, state, mustInt(t, h.Watermark))
	if h2.Records != 4 {
		t.Errorf("the second export holds %d records, want the 4 changed", h2.Records)
	}
	if !bytes.Contains(second, []byte(`"retracted":true`)) {
		t.Error("the voided canalización is not retracted")
	}
	if _, err := importBatch(t, national, second, keys); err != nil {
		t.Fatal(err)
	}
	after := figures(t, national, period)
	sameFigures(t, "after the second import", after, figures(t, state, period))
	if after["canalizaciones|total|Total"] != before["canalizaciones|total|Total"]-1 {
		t.Errorf("national canalizaciones %d after voiding one of %d", after["canalizaciones|total|Total"], before["canalizaciones|total|Total"])
	}
	// An older batch imported late changes nothing back.
	if got, err := importBatch(t, national, reexported, keys); err != nil || got.Applied != 0 {
		t.Fatalf("an older batch: %+v %v, want nothing applied", got, err)
	}
	sameFigures(t, "after an older batch", figures(t, national, period), after)
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	var n int64
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestFeed_TwoStatesAddUpInTheNationalReport registers records in a second
// entidad, Yucatán (31), whose municipio the catalog is widened to hold
// here as the catalog of entidades will.
func TestFeed_TwoStatesAddUpInTheNationalReport(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	qroo := newState(t)
	yucatan := newNational(t, func(c *app.Config) { c.Entidad = "31" })
	if _, err := yucatan.Owner(t).Exec(ctx, `ALTER TABLE municipios DROP CONSTRAINT municipios_code_check,
		ADD CONSTRAINT municipios_code_check CHECK (code ~ '^[0-9]{5}$');
		INSERT INTO municipios (code, name, position) VALUES ('31050', 'Mérida', 12)`); err != nil {
		t.Fatal(err)
	}
	caseworker := yucatan.Principal(t, "CEAVEQROO", "capturista", "31050")
	for i, sex := range []string{"mujer", "mujer", "hombre"} {
		v, err := yucatan.Victims.Register(ctx, caseworker, victims.Registration{Municipio: "31050",
			Attributes: victims.Attributes{Sex: sex, IdentifiedOn: time.Date(2024, 3, 1+i, 0, 0, 0, 0, time.UTC)},
			Personal:   victims.Personal{GivenNames: fmt.Sprintf("Yucateca %d", i)}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := yucatan.Services.Record(ctx, caseworker, v.ID, services.Input{Type: "atencion_psicologica",
			ProvidedOn: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC), Quantity: 1 + i}); err != nil {
			t.Fatal(err)
		}
	}
	national := newNational(t)
	keys := trust(t, map[string]*testapp.Env{"23": qroo, "31": yucatan})
	period := year(t, qroo)
	for _, state := range []*testapp.Env{qroo, yucatan} {
		batch, _ := export(t, state, 0)
		if _, err := importBatch(t, national, batch, keys); err != nil {
			t.Fatal(err)
		}
	}
	want := figures(t, qroo, period)
	for k, v := range figures(t, yucatan, period) {
		want[k] += v
	}
	got := figures(t, national, period)
	// Each entidad's report at the national instance is that state's own.
	sameFigures(t, "Quintana Roo at the national instance", entidadFigures(t, national, period, "23"), figures(t, qroo, period))
	sameFigures(t, "Yucatán at the national instance", entidadFigures(t, national, period, "31"), figures(t, yucatan, period))
	// Row-level security: the application's role sees an entidad's imported
	// records only when its transaction names that entidad or a municipio of it.
	for _, c := range []struct {
		setting string
		want    int
	}{{"*", demo.DatasetVictims + 3}, {"31", 3}, {"31050", 3}, {"23", demo.DatasetVictims}, {"05", 0}, {"", 0}} {
		if n := seenAs(t, national, c.setting, "feed_victims"); n != c.want {
			t.Errorf("feed_victims seen with sintra.municipios = %q: %d, want %d", c.setting, n, c.want)
		}
	}
	for _, prefix := range []string{"victimas_sexo|mujer|", "victimas_sexo|hombre|", "servicios|atencion_psicologica|"} {
		found := false
		for k := range want {
			found = found || strings.HasPrefix(k, prefix)
		}
		if !found {
			t.Errorf("the report has no figure %s…", prefix)
		}
	}
	for k, w := range want {
		if strings.HasPrefix(k, "victimas_") || strings.HasPrefix(k, "servicios|") || strings.HasPrefix(k, "canalizaciones|") {
			if got[k] != w {
				t.Errorf("national %s = %d, want the sum of both states %d", k, got[k], w)
			}
		}
	}
}
