package disclosure_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"

	"sintra/internal/disclosure"
)

// grid is a table of rows × cols with row totals, column totals and a
// grand total, counting records that each sit in one inner cell.
type grid struct {
	rows, cols int
	counts     [][]int
}

// cell numbers the figures: inner cells, then a total column, then the
// total row.
func (g grid) cell(r, c int) int { return r*(g.cols+1) + c }

func (g grid) release() disclosure.Release {
	var rel disclosure.Release
	for r := 0; r <= g.rows; r++ {
		for c := 0; c <= g.cols; c++ {
			rel.Cells = append(rel.Cells, disclosure.Cell{Table: "t", Period: "p", Row: fmt.Sprint(r), Col: fmt.Sprint(c),
				Total: r == g.rows || c == g.cols})
		}
	}
	for r, row := range g.counts {
		for c, n := range row {
			for range n {
				rel.Records = append(rel.Records, gridRecord{g, r, c})
			}
		}
	}
	for _, rec := range rel.Records {
		rec.Count(func(cell, n int) { rel.Cells[cell].Value += n })
	}
	return rel
}

type gridRecord struct {
	g    grid
	r, c int
}

func (x gridRecord) Count(add func(cell, n int)) {
	g := x.g
	for _, cell := range []int{g.cell(x.r, x.c), g.cell(x.r, g.cols), g.cell(g.rows, x.c), g.cell(g.rows, g.cols)} {
		add(cell, 1)
	}
}

func (x gridRecord) Steer(c disclosure.Cell, toward bool) []disclosure.Record {
	r, _ := strconv.Atoi(c.Row)
	col, _ := strconv.Atoi(c.Col)
	if toward {
		y := x
		if r < x.g.rows {
			y.r = r
		}
		if col < x.g.cols {
			y.c = col
		}
		return []disclosure.Record{y}
	}
	var out []disclosure.Record
	for other := range x.g.rows {
		if other != x.r {
			out = append(out, gridRecord{x.g, other, x.c})
		}
	}
	for other := range x.g.cols {
		if other != x.c {
			out = append(out, gridRecord{x.g, x.r, other})
		}
	}
	return out
}

// interval is the range a reader who sees the visible figures can give
// figure h, by linear programming over the inner cells (x ≥ 0).
func (g grid) interval(t *testing.T, rel disclosure.Release, hidden []bool, h int) (lo, hi float64) {
	t.Helper()
	n := g.rows * g.cols
	members := func(cell int) []float64 {
		row := make([]float64, n)
		for r := range g.rows {
			for c := range g.cols {
				for _, in := range []int{g.cell(r, c), g.cell(r, g.cols), g.cell(g.rows, c), g.cell(g.rows, g.cols)} {
					if in == cell {
						row[r*g.cols+c] = 1
					}
				}
			}
		}
		return row
	}
	var a [][]float64
	var b []float64
	for i, c := range rel.Cells {
		if !hidden[i] {
			a, b = append(a, members(i)), append(b, float64(c.Value))
		}
	}
	return solveRange(t, a, b, members(h))
}

// solveRange minimises and maximises obj·x subject to a·x = b, x ≥ 0. Each
// equality becomes two inequalities with their own slack, which keeps the
// rows independent as gonum's simplex requires; a loose bound on the sum of
// x gives every variable a row (a figure held by it alone is unbounded).
func solveRange(t *testing.T, a [][]float64, b, obj []float64) (lo, hi float64) {
	t.Helper()
	n, m := len(obj), len(a)
	rows, cols := 2*m+1, n+2*m+1
	std := mat.NewDense(rows, cols, nil)
	rhs := make([]float64, rows)
	for i, row := range a {
		for j, v := range row {
			std.Set(i, j, v)
			std.Set(m+i, j, -v)
		}
		std.Set(i, n+i, 1)
		std.Set(m+i, n+m+i, 1)
		rhs[i], rhs[m+i] = b[i], -b[i]
	}
	for j := range n {
		std.Set(2*m, j, 1)
	}
	std.Set(2*m, n+2*m, 1)
	rhs[2*m] = 1e6
	solve := func(sign float64) float64 {
		c := make([]float64, cols)
		for j, v := range obj {
			c[j] = sign * v
		}
		opt, _, err := lp.Simplex(c, std, rhs, 1e-9, nil)
		if err != nil {
			t.Fatalf("the reader's linear program: %v", err)
		}
		return sign * opt
	}
	return solve(1), solve(-1)
}

func randomGrid(rng *rand.Rand) grid {
	g := grid{rows: 2 + rng.IntN(3), cols: 2 + rng.IntN(3)}
	for range g.rows {
		var row []int
		for range g.cols {
			n := rng.IntN(4)
			if rng.IntN(3) == 0 {
				n = 5 + rng.IntN(20)
			}
			row = append(row, n)
		}
		g.counts = append(g.counts, row)
	}
	return g
}

func TestProtect_NoReaderNarrowsASmallCellBelowZeroToK(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 5))
	const k = 5
	for trial := range 60 {
		g := randomGrid(rng)
		rel := g.release()
		hidden, err := disclosure.Protect(rel, k, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range rel.Cells {
			if c.Value > 0 && c.Value < k {
				if !hidden[i] {
					t.Fatalf("trial %d: cell %s/%s shows %d", trial, c.Row, c.Col, c.Value)
				}
				if lo, hi := g.interval(t, rel, hidden, i); lo > 1e-6 || hi < k-1e-6 {
					t.Errorf("trial %d %v: cell %s/%s of %d can be told to lie in [%.2f, %.2f]", trial, g.counts, c.Row, c.Col, c.Value, lo, hi)
				}
			}
		}
	}
}

func TestProtect_ShowsWhatNeedsNoProtection(t *testing.T) {
	t.Parallel()
	g := grid{rows: 3, cols: 3, counts: [][]int{{12, 3, 20}, {8, 15, 9}, {30, 22, 17}}}
	rel := g.release()
	hidden, err := disclosure.Protect(rel, 5, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !hidden[g.cell(0, 1)] {
		t.Fatal("the cell of 3 is visible")
	}
	shown := 0
	for i, h := range hidden {
		if !h {
			shown++
		} else if rel.Cells[i].Value == 0 {
			t.Errorf("a zero was hidden")
		}
	}
	if shown < len(rel.Cells)/2 {
		t.Errorf("only %d of %d figures left visible", shown, len(rel.Cells))
	}
	if none, _ := disclosure.Protect(grid{rows: 2, cols: 2, counts: [][]int{{9, 8}, {7, 6}}}.release(), 5, nil); none != nil {
		for _, h := range none {
			if h {
				t.Error("a table without small counts had a figure hidden")
			}
		}
	}
}

func TestProtect_ALargerKHidesAtLeastWhatASmallerOneDid(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(8, 13))
	for range 20 {
		rel := randomGrid(rng).release()
		small, err := disclosure.Protect(rel, 3, nil)
		if err != nil {
			t.Fatal(err)
		}
		large, err := disclosure.Protect(rel, 10, small)
		if err != nil {
			t.Fatal(err)
		}
		for i := range small {
			if small[i] && !large[i] {
				t.Fatalf("figure %d hidden at k = 3 is shown at k = 10: holding both views would reveal it", i)
			}
		}
	}
}

func TestProtect_RefusesRecordsThatDoNotAddUp(t *testing.T) {
	t.Parallel()
	rel := grid{rows: 2, cols: 2, counts: [][]int{{1, 8}, {7, 6}}}.release()
	rel.Cells[0].Value = 2
	if _, err := disclosure.Protect(rel, 5, nil); !errors.Is(err, disclosure.ErrInconsistent) {
		t.Errorf("protecting figures the records do not make: %v", err)
	}
}

// changingRecord is a gridRecord that counts a change by the cells it
// leaves and enters alone, as disclosure.Changer lets it.
type changingRecord struct{ gridRecord }

func (x changingRecord) Steer(c disclosure.Cell, toward bool) []disclosure.Record {
	out := x.gridRecord.Steer(c, toward)
	for i, v := range out {
		out[i] = changingRecord{v.(gridRecord)}
	}
	return out
}

func (x changingRecord) CountChange(v disclosure.Record, add func(cell, n int)) {
	g, y := x.g, v.(changingRecord)
	if y.r != x.r {
		add(g.cell(x.r, g.cols), -1)
		add(g.cell(y.r, g.cols), 1)
	}
	if y.c != x.c {
		add(g.cell(g.rows, x.c), -1)
		add(g.cell(g.rows, y.c), 1)
	}
	add(g.cell(x.r, x.c), -1)
	add(g.cell(y.r, y.c), 1)
}

func TestProtect_ARecordCountingItsChangesHidesWhatCountingWholeHides(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(21, 34))
	for trial := range 60 {
		rel := randomGrid(rng).release()
		changing := disclosure.Release{Cells: rel.Cells}
		for _, r := range rel.Records {
			changing.Records = append(changing.Records, changingRecord{r.(gridRecord)})
		}
		for _, k := range []int{3, 5, 10} {
			whole, err := disclosure.Protect(rel, k, nil)
			if err != nil {
				t.Fatal(err)
			}
			fast, err := disclosure.Protect(changing, k, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(whole, fast) {
				t.Fatalf("trial %d, k = %d: counting changes hides %v, counting whole %v", trial, k, fast, whole)
			}
		}
	}
}
