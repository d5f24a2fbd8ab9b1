package reports_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"sintra/internal/apperr"
	"sintra/internal/carpetas"
	"sintra/internal/disclosure"
	"sintra/internal/domain"
	"sintra/internal/reports"
	"sintra/internal/services"
	"sintra/internal/victims"
)

// The reader's attack on a protected release: everything an analyst (or
// the public) can obtain about a Comisión year, the reports of the year
// and its quarters and every statistics table of each, read as one linear
// program over the records behind them (readerlp_test.go), which must
// leave every hidden count of 1 to k−1 free to be 0 or k.
//
// The program knows only the figures' values. What else a table tells,
// which rows it has at all, is outside it.

// attackView is a protected view, by its audience.
type attackView struct {
	name   string
	public bool
	k      int
}

var (
	analysts = attackView{"analistas", false, reports.AnalystK}
	public   = attackView{"público", true, reports.PublicK}
)

// attackScenario is a random Comisión year registered through the domain
// services.
type attackScenario struct {
	w    *world
	year domain.Period
	rng  *rand.Rand
}

// newAttackScenario registers, in a calendar year and its four quarters,
// víctimas served in random quarters (more in the first), three
// activities and a carpeta judicializada with its víctimas rescued and an
// imputado. Common víctimas share a municipio, two age groups and mostly
// one nationality and service: large counts beside a few small ones;
// otherwise they vary more, and nearly every count is small.
func newAttackScenario(t *testing.T, seed uint64, victimCount int, common bool) attackScenario {
	t.Helper()
	w := newWorld(t)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(seed, 17))
	sc := attackScenario{w: w, year: w.period(t, "2025", "anual", "2025-01-01", "2025-12-31"), rng: rng}
	starts := []string{"2025-01-01", "2025-04-01", "2025-07-01", "2025-10-01"}
	ends := []string{"2025-03-31", "2025-06-30", "2025-09-30", "2025-12-31"}
	for q := range starts {
		w.period(t, fmt.Sprintf("2025 T%d", q+1), "trimestral", starts[q], ends[q])
	}
	municipios, ages := []string{"23005", "23005", "23005", "23004"}, []int{20, 20, 20, 33, 15, 50}
	nationalities := []string{"MX", "MX", "MX", "MX", "CO", "VE", "GT"}
	kinds := []string{"atencion_psicologica", "atencion_psicologica", "asesoria_juridica", "alimentos"}
	if common {
		municipios, ages = []string{"23005"}, []int{20, 20, 20, 33}
		nationalities = []string{"MX", "MX", "MX", "MX", "MX", "MX", "CO", "VE"}
		kinds = kinds[:3]
	}
	pick := func(list []string) string { return list[rng.IntN(len(list))] }
	for i := range victimCount {
		nat := pick(nationalities)
		v, err := w.victims.Register(ctx, w.ceav, victims.Registration{Municipio: pick(municipios),
			Attributes: victims.Attributes{Sex: pick([]string{"mujer", "mujer", "mujer", "hombre"}), Age: n32(ages[rng.IntN(len(ages))]),
				Nationality: &nat, IdentifiedOn: day("2024-12-02")},
			Personal: victims.Personal{GivenNames: fmt.Sprintf("Persona %d", i)}})
		if err != nil {
			t.Fatal(err)
		}
		for range 1 + rng.IntN(2) {
			q := []int{0, 0, 0, 1, 1, 2, 3}[rng.IntN(7)]
			in := services.Input{Type: pick(kinds), ProvidedOn: day(starts[q]).AddDate(0, 0, rng.IntN(85)), Quantity: 1 + rng.IntN(2)}
			if _, err := w.services.Record(ctx, w.ceav, v.ID, in); err != nil {
				t.Fatal(err)
			}
		}
	}
	for range 3 {
		on := day(starts[rng.IntN(4)]).AddDate(0, 0, rng.IntN(85)).Format("2006-01-02")
		w.activity(t, pick([]string{"CEPSDPC", "IQM"}), "", pick([]string{"capacitacion", "sensibilizacion"}), on, []string{"23005"},
			1+rng.IntN(3), 20+rng.IntN(40), 10, 10)
	}
	sc.carpeta(t, day(starts[rng.IntN(4)]).AddDate(0, 0, 20))
	return sc
}

// carpeta registers a carpeta judicializada on a day, with two víctimas
// rescued and one imputado.
func (sc attackScenario) carpeta(t *testing.T, on time.Time) {
	t.Helper()
	w, ctx := sc.w, context.Background()
	var refs []carpetas.VictimRef
	for i := range 2 {
		v, err := w.victims.Register(ctx, w.ceav, victims.Registration{Municipio: "23005",
			Attributes: victims.Attributes{Sex: "mujer", IdentifiedOn: day("2024-12-02")},
			Personal:   victims.Personal{GivenNames: fmt.Sprintf("Rescatada %d", i)}})
		if err != nil {
			t.Fatal(err)
		}
		refs = append(refs, carpetas.VictimRef{Folio: v.Folio})
	}
	k, err := w.carpetas.Create(ctx, w.fge, carpetas.Input{Number: "FGE/FETP/001/2025", FiscaliaUnit: "Fiscalía Especializada en Trata de Personas",
		StartedOn: day("2025-01-02"), Municipio: "23005", Modalidad: "explotacion_sexual", Victims: refs})
	if err != nil {
		t.Fatal(err)
	}
	district := "CANCUN"
	if _, err := w.carpetas.Advance(ctx, w.fge, k.ID, "judicializada", on, &district); err != nil {
		t.Fatal(err)
	}
	if _, err := w.carpetas.AddImputado(ctx, w.fge, k.ID, carpetas.ImputadoInput{Sex: "hombre", Age: n32(40)}); err != nil {
		t.Fatal(err)
	}
}

// read obtains what a reader of a view holds of the year's release: every
// report of the year and its quarters and, for analysts, every statistics
// table of each. They are computed once, through the functions ReportFor
// and Statistic serve them with (a call of either protects the whole year
// again, a second or more each); the year's report, which shows each
// quarter's one-column tables, and a statistic, asked of the services
// themselves, must be the same.
func (sc attackScenario) read(t *testing.T, rel disclosure.Release, periods []domain.Period, v attackView) *reading {
	t.Helper()
	ctx := context.Background()
	served, statistic, err := sc.w.reports.ProtectedView(ctx, sc.year.ID, v.public)
	if err != nil {
		t.Fatal(err)
	}
	rd := newReading(t, rel)
	for i, r := range served {
		rd.report(r, i, periods)
	}
	year := len(periods) - 1
	r, err := sc.w.reports.ReportFor(ctx, sc.w.analista, periods[year].ID, v.public)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r.Tables, served[year].Tables) {
		t.Errorf("%s view: ReportFor serves the year otherwise than the release read", v.name)
	}
	if v.public {
		return rd
	}
	rd.statistics(statistic, periods)
	measures := reports.Measures()
	p, m := periods[sc.rng.IntN(len(periods))], measures[sc.rng.IntN(len(measures))]
	dim := m.Dimensions[sc.rng.IntN(len(m.Dimensions))]
	d1, d2 := dim.Code, ""
	if len(dim.Crosses) > 0 {
		d2 = dim.Crosses[sc.rng.IntN(len(dim.Crosses))]
	}
	measure := m.Code
	tb, err := sc.w.reports.Statistic(ctx, sc.w.analista, p.ID, measure, d1, d2)
	if err != nil {
		t.Fatal(err)
	}
	tb.DataAsOf = time.Time{} // when the data was read, not what it says
	if want, _ := statistic(p, measure, d1, d2); !reflect.DeepEqual(tb, want) {
		t.Errorf("Statistic serves %s by %s and %s of %s otherwise than the release read", measure, d1, d2, p.Name)
	}
	for c, s := range rd.state {
		if s == unseen {
			t.Errorf("analysts cannot obtain the release's figure %v", rel.Cells[c])
		}
	}
	return rd
}

// attack runs the reader's linear program on a reading and returns the
// hidden counts it narrows (with first, the first one).
func attack(t *testing.T, rel disclosure.Release, state []int, k int, first bool) []narrowing {
	t.Helper()
	types := recordTypes(rel, k)
	p := presolve(t, rel, state, types, k)
	found := p.narrowings(t, k, first)
	held := 0
	for _, s := range state {
		if s == shown {
			held++
		}
	}
	t.Logf("k = %d: %d figures, %d shown; %d record types, %d of the true dataset; program %d × %d over %d hidden counts",
		k, len(rel.Cells), held, len(types), len(rel.Records), len(p.a), len(p.truth), len(p.targets))
	return found
}

// describe names a hidden count the reader narrows, and how far.
func describe(rel disclosure.Release, periods []domain.Period, n narrowing) string {
	c := rel.Cells[n.cell]
	name := c.Period
	if i, err := strconv.Atoi(c.Period); err == nil && i < len(periods) {
		name = periods[i].Name
	}
	return fmt.Sprintf("%s, %s, row %s, column %s, of %d: the reader bounds it to [%.2f, %.2f]", c.Table, name, c.Row, c.Col, c.Value, n.lo, n.hi)
}

func TestReaderLinearProgram_NarrowsNoHiddenCount(t *testing.T) {
	t.Parallel()
	// The sizes are what makes the program say something at a modest
	// cost. A year of two dozen varied víctimas shows hardly a figure
	// about them but zeros: some seven hundred hidden counts, a program
	// of a few rows. Seventy or eighty common víctimas leave a few
	// hundred figures shown, a program of tens of rows over about a
	// thousand groups of record types. Each year costs seconds to
	// register, to protect (twice for the public's view, which is read of
	// one year only) and to list its record types; the programs
	// themselves take well under a second.
	for _, tc := range []struct {
		name    string
		seed    uint64
		victims int
		common  bool
		views   []attackView
	}{
		{"24 víctimas, varied", 3, 24, false, []attackView{analysts}},
		{"80 víctimas, common", 5, 80, true, []attackView{analysts, public}},
		{"70 víctimas, common", 8, 70, true, []attackView{analysts}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sc := newAttackScenario(t, tc.seed, tc.victims, tc.common)
			rel, periods, err := sc.w.reports.ExactRelease(context.Background(), sc.year.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range tc.views {
				rd := sc.read(t, rel, periods, v)
				for _, n := range attack(t, rel, rd.state, v.k, false) {
					t.Errorf("%s view: %s", v.name, describe(rel, periods, n))
				}
			}
		})
	}
}

func TestReaderLinearProgram_NarrowsCountsHiddenAlone(t *testing.T) {
	t.Parallel()
	// The same attack on the release with only its counts of 1 to k−1
	// hidden, as a publisher without complementary suppression would:
	// totals and neighbours give them away, and the program must say so.
	sc := newAttackScenario(t, 2, 16, false)
	rel, periods, err := sc.w.reports.ExactRelease(context.Background(), sc.year.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The reports alone suffice, and keep the program small.
	state := make([]int, len(rel.Cells))
	for c, cell := range rel.Cells {
		switch {
		case strings.HasPrefix(cell.Table, "estadistica:"):
			state[c] = unseen
		case !cell.Public && cell.Value > 0 && cell.Value < reports.AnalystK:
			state[c] = withheld
		default:
			state[c] = shown
		}
	}
	found := attack(t, rel, state, reports.AnalystK, true)
	if len(found) == 0 || !found[0].solved {
		t.Fatalf("the reader's program narrows no count hidden alone (found %v): it is no attack", found)
	}
	t.Logf("as it should: %s", describe(rel, periods, found[0]))
}

func TestProtectedView_RefusesPeriodsOverlappingTheYearsQuarters(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	w.period(t, "2025", "anual", "2025-01-01", "2025-12-31")
	for q, start := range []string{"2025-01-01", "2025-04-01", "2025-07-01", "2025-10-01"} {
		w.period(t, fmt.Sprintf("2025 T%d", q+1), "trimestral", start, day(start).AddDate(0, 3, -1).Format("2006-01-02"))
	}
	for _, p := range []domain.Period{
		w.period(t, "2025 T2 Comisión", "trimestral", "2025-03-15", "2025-06-15"),
		w.period(t, "2025-04", "mensual", "2025-04-01", "2025-04-30"),
	} {
		for _, public := range []bool{false, true} {
			if _, err := w.reports.ReportFor(ctx, w.analista, p.ID, public); apperr.CodeOf(err) != apperr.Conflict {
				t.Errorf("the protected report of %s (public %v): %v, want a conflict", p.Name, public, err)
			}
		}
		if _, err := w.reports.Statistic(ctx, w.analista, p.ID, "victimas", "sexo", "nacionalidad"); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("the protected statistics of %s: %v, want a conflict", p.Name, err)
		}
	}
}
