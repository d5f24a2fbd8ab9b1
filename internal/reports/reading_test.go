package reports_test

import (
	"slices"
	"strconv"
	"testing"

	"sintra/internal/disclosure"
	"sintra/internal/domain"
	"sintra/internal/reports"
)

// figure names a figure of a release as disclosure control does.
type figure struct{ table, period, row, col string }

// Whether a reader holds a figure.
const (
	unseen = iota
	shown
	withheld
)

// reading is what a reader holds of a release: for each of its figures,
// whether it was published, and hidden or shown.
type reading struct {
	t     *testing.T
	rel   disclosure.Release
	index map[figure]int
	state []int
}

func newReading(t *testing.T, rel disclosure.Release) *reading {
	rd := &reading{t: t, rel: rel, index: map[figure]int{}, state: make([]int, len(rel.Cells))}
	for i, c := range rel.Cells {
		rd.index[figure{c.Table, c.Period, c.Row, c.Col}] = i
	}
	return rd
}

// note records a published figure, checking that it is the release's.
func (rd *reading) note(where string, f figure, c reports.Cell) {
	rd.t.Helper()
	i, ok := rd.index[f]
	switch {
	case !ok && (c.Mark != "" || c.Value != 0):
		rd.t.Errorf("%s: %v is %s, a figure the release does not have", where, f, c)
	case !ok:
	case c.Mark == reports.Hidden:
		if rd.state[i] == shown {
			rd.t.Errorf("%s: %v is hidden here and shown elsewhere", where, f)
		}
		rd.state[i] = withheld
	case c.Mark != "":
		rd.t.Errorf("%s: %v is marked %q", where, f, c.Mark)
	case c.Value != rd.rel.Cells[i].Value:
		rd.t.Errorf("%s: %v shows %d, the release counts %d", where, f, c.Value, rd.rel.Cells[i].Value)
	case rd.state[i] == withheld:
		rd.t.Errorf("%s: %v is shown here and hidden elsewhere", where, f)
	default:
		rd.state[i] = shown
	}
}

// report reads a report of the release's period i, its columns named by
// position. A year's report shows its quarters' one-column tables, and the
// summary's people, as one column per period, named by the period.
func (rd *reading) report(r reports.Report, i int, periods []domain.Period) {
	for _, tb := range r.Tables {
		spread := r.Period.Kind == "anual" && len(tb.Columns) == len(periods)
		for j, name := range tb.Columns {
			spread = spread && periods[j].Name == name
		}
		if reports.Unprotected(tb.ID) {
			continue // activities listed one by one: published as they are
		}
		for _, rw := range tb.Rows {
			for c, cell := range rw.Cells {
				if cell.Mark == "N/A" {
					continue
				}
				f := figure{tb.ID, strconv.Itoa(i), rw.Key, strconv.Itoa(c)}
				switch {
				case spread && tb.ID == "resumen_trimestres":
					f = figure{"resumen", strconv.Itoa(c), rw.Key, "1"}
				case spread:
					f = figure{tb.ID, strconv.Itoa(c), rw.Key, "0"}
				}
				rd.note(r.Period.Name+" "+tb.ID, f, cell)
			}
		}
	}
}

// statistics reads every statistics table of every period, each
// dimension alone and each pair in both orders. A table's columns are
// named by labels: their codes are the rows of the table turned.
func (rd *reading) statistics(stat func(domain.Period, string, string, string) (reports.Table, error), periods []domain.Period) {
	rd.t.Helper()
	for _, m := range reports.Measures() {
		measure, dims := m.Code, reports.Dimensions[m.Code]
		crosses := map[string][]string{}
		for _, d := range m.Dimensions {
			crosses[d.Code] = d.Crosses
		}
		for i, p := range periods {
			tables := map[[2]string]reports.Table{}
			for _, d1 := range dims {
				for _, d2 := range append([]string{""}, dims...) {
					if d2 == d1 || d2 != "" && !slices.Contains(crosses[d1], d2) {
						continue
					}
					tb, err := stat(p, measure, d1, d2)
					if err != nil {
						rd.t.Fatal(err)
					}
					tables[[2]string{d1, d2}] = tb
				}
			}
			for pair, tb := range tables {
				d1, d2 := pair[0], pair[1]
				turned := tables[[2]string{d2, d1}]
				for _, rw := range tb.Rows {
					for c, cell := range rw.Cells {
						f := figure{"estadistica:" + measure + ":" + d1 + ":", strconv.Itoa(i), rw.Key, ""}
						if d2 != "" {
							if c >= len(turned.Rows) {
								rd.t.Fatalf("%s by %s and %s has more columns than turned rows", measure, d1, d2)
							}
							f = figure{"estadistica:" + measure + ":" + d1 + ":" + d2, strconv.Itoa(i), rw.Key, turned.Rows[c].Key}
							if slices.Index(dims, d1) > slices.Index(dims, d2) {
								f = figure{"estadistica:" + measure + ":" + d2 + ":" + d1, strconv.Itoa(i), turned.Rows[c].Key, rw.Key}
							}
						}
						rd.note(p.Name+" "+tb.ID, f, cell)
					}
				}
			}
		}
	}
}
