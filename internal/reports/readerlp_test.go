package reports_test

import (
	"encoding/binary"
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"

	"sintra/internal/disclosure"
)

// The reader's linear program over the records of a release: its
// variables are how many records there are of each type (records that add
// the same to every figure), its rows the published figures. The types are
// those of the true dataset and every type disclosure control could turn a
// record into while building its alternatives, so the program holds at
// least the datasets Protect certifies the reader cannot tell apart.

// readerLP is the reader's linear program once what the published figures
// settle on their own is taken out: a·x = b, x ≥ 0, over groups of record
// types that no published figure and no target tells apart.
type readerLP struct {
	a [][]float64
	b []float64
	// truth is the true dataset, a feasible x.
	truth []float64
	// targets are the hidden counts of 1 to k−1.
	targets []target
}

// target is a hidden count: what each group adds to it, and what the
// types the published figures settle add.
type target struct {
	cell   int
	obj    []float64
	offset float64
}

// presolve sets up the reader's linear program: every figure shown equals
// what the record types add to it. A figure of 0, or one that a single
// type left unsettled adds to, settles the types in it; rows settled, and
// rows the same as another, go.
func presolve(t *testing.T, rel disclosure.Release, state []int, types []recordType, k int) readerLP {
	t.Helper()
	members := make([][]int, len(rel.Cells))
	for i, ty := range types {
		for _, c := range ty.adds {
			if c.n < 0 {
				// A figure of 0 would not settle the types in it.
				t.Fatalf("a record takes %d from %v", -c.n, rel.Cells[c.cell])
			}
			members[c.cell] = append(members[c.cell], i)
		}
	}
	var rows, targets []int
	for c, s := range state {
		switch v := rel.Cells[c].Value; {
		case s == shown:
			rows = append(rows, c)
		case s == withheld && v > 0 && v < k:
			targets = append(targets, c)
		}
	}
	settled := make([]bool, len(types))
	fixed := make([]float64, len(types))
	// rest is what the unsettled types add to a figure.
	rest := func(c int) (float64, []int) {
		v := float64(rel.Cells[c].Value)
		var free []int
		for _, i := range members[c] {
			if settled[i] {
				v -= fixed[i] * float64(adds(types[i].adds, c))
			} else {
				free = append(free, i)
			}
		}
		return v, free
	}
	for changed := true; changed; {
		changed = false
		for _, c := range rows {
			v, free := rest(c)
			switch {
			case len(free) == 0 && math.Abs(v) > 1e-9:
				t.Fatalf("the figures shown contradict the records at %v", rel.Cells[c])
			case len(free) > 0 && math.Abs(v) < 1e-9:
				for _, i := range free {
					settled[i], fixed[i] = true, 0
				}
				changed = true
			case len(free) == 1:
				settled[free[0]], fixed[free[0]] = true, v/float64(adds(types[free[0]].adds, c))
				changed = true
			}
		}
	}
	for i, ty := range types {
		if settled[i] && math.Abs(fixed[i]-float64(ty.count)) > 1e-9 {
			t.Fatalf("the figures shown settle %g records of a type the true dataset has %d of", fixed[i], ty.count)
		}
	}
	var p readerLP
	watched := slices.Concat(rows, targets)
	var cols [][]float64
	groups := map[string]int{}
	for i, ty := range types {
		if settled[i] {
			continue
		}
		col := make([]float64, len(watched))
		for j, c := range watched {
			col[j] = float64(adds(ty.adds, c))
		}
		if !slices.ContainsFunc(col, func(v float64) bool { return v != 0 }) {
			continue
		}
		key := sparseKey(col, 0)
		g, ok := groups[key]
		if !ok {
			g = len(cols)
			groups[key] = g
			cols = append(cols, col)
			p.truth = append(p.truth, 0)
		}
		p.truth[g] += float64(ty.count)
	}
	seen := map[string]bool{}
	for j, c := range rows {
		v, _ := rest(c)
		row := make([]float64, len(cols))
		for g, col := range cols {
			row[g] = col[j]
		}
		key := sparseKey(row, v)
		if slices.ContainsFunc(row, func(x float64) bool { return x != 0 }) && !seen[key] {
			seen[key] = true
			p.a, p.b = append(p.a, row), append(p.b, v)
		}
	}
	for j, c := range targets {
		tg := target{cell: c, obj: make([]float64, len(cols))}
		for g, col := range cols {
			tg.obj[g] = col[len(rows)+j]
		}
		v, _ := rest(c)
		tg.offset = float64(rel.Cells[c].Value) - v
		p.targets = append(p.targets, tg)
	}
	return p
}

// sparseKey tells apart vectors of whole numbers by their nonzero entries.
func sparseKey(v []float64, extra float64) string {
	b := binary.AppendVarint(nil, int64(extra))
	for j, x := range v {
		if x != 0 {
			b = binary.AppendUvarint(b, uint64(j))
			b = binary.AppendVarint(b, int64(x))
		}
	}
	return string(b)
}

// bound caps the records of the program: every variable has a row, and a
// figure nothing published holds is merely large.
const bound = 1e6

// narrowing is a hidden count the reader bounds tighter than 0…k.
type narrowing struct {
	cell   int
	lo, hi float64
	// solved says the simplex found it, not the presolve alone.
	solved bool
}

// narrowings returns the targets whose least value in the program is
// above ½ or whose most is below k − ½; with first, only the first found.
// A solution found, the true dataset's among them, that shows a target at
// most ½ (or at least k − ½) spares solving for that end.
func (p readerLP) narrowings(t *testing.T, k int, first bool) []narrowing {
	t.Helper()
	lo, hi := make([]float64, len(p.targets)), make([]float64, len(p.targets))
	for i := range p.targets {
		lo[i], hi[i] = math.Inf(1), math.Inf(-1)
	}
	witness := func(x []float64) {
		for i, tg := range p.targets {
			v := tg.offset + floats.Dot(tg.obj, x)
			lo[i], hi[i] = min(lo[i], v), max(hi[i], v)
		}
	}
	witness(p.truth)
	std, rhs := p.standard()
	// solve returns the least (sign 1) or the most (−1) obj·x.
	solve := func(obj []float64, sign float64) float64 {
		x := p.solve(t, std, rhs, obj, sign)
		witness(x)
		return floats.Dot(obj, x)
	}
	low, high := 0.5, float64(k)-0.5
	// One program empties as many targets at once as it can.
	sum := make([]float64, len(p.truth))
	for i, tg := range p.targets {
		if lo[i] > low {
			floats.Add(sum, tg.obj)
		}
	}
	if slices.ContainsFunc(sum, func(v float64) bool { return v != 0 }) {
		solve(sum, 1)
	}
	var out []narrowing
	for i, tg := range p.targets {
		if lo[i] <= low && hi[i] >= high {
			continue
		}
		if !slices.ContainsFunc(tg.obj, func(v float64) bool { return v != 0 }) {
			out = append(out, narrowing{cell: tg.cell, lo: tg.offset, hi: tg.offset})
		} else {
			if lo[i] > low {
				lo[i] = tg.offset + solve(tg.obj, 1)
			}
			if hi[i] < high {
				hi[i] = tg.offset + solve(tg.obj, -1)
			}
			if lo[i] > low || hi[i] < high {
				out = append(out, narrowing{cell: tg.cell, lo: lo[i], hi: hi[i], solved: true})
			}
		}
		if first && len(out) > 0 {
			break
		}
	}
	return out
}

// solve returns an x that minimises sign·obj·x, by gonum's simplex.
func (p readerLP) solve(t *testing.T, std *mat.Dense, rhs, obj []float64, sign float64) []float64 {
	t.Helper()
	n := len(p.truth)
	_, cols := std.Dims()
	c := make([]float64, cols)
	for j, v := range obj {
		c[j] = sign * v
	}
	_, x, err := lp.Simplex(c, std, rhs, 1e-9, nil)
	if err != nil {
		t.Fatalf("the reader's linear program (%d × %d): %v", len(rhs), cols, err)
	}
	return x[:n]
}

// standard is the program as the simplex takes it: the rows of a·x = b
// that are independent of those before them (a dependent row says nothing
// more, and the simplex wants full rank), and Σx + s = bound.
func (p readerLP) standard() (*mat.Dense, []float64) {
	n := len(p.truth)
	var rows, reduced [][]float64
	var rhs []float64
	var pivots []int
	for i, row := range p.a {
		r := slices.Clone(row)
		for j, q := range pivots {
			if f := r[q] / reduced[j][q]; f != 0 {
				floats.AddScaled(r, -f, reduced[j])
			}
		}
		q := -1
		for j, v := range r {
			if math.Abs(v) > 1e-9 && (q < 0 || math.Abs(v) > math.Abs(r[q])) {
				q = j
			}
		}
		if q < 0 {
			continue
		}
		reduced, pivots = append(reduced, r), append(pivots, q)
		rows, rhs = append(rows, append(slices.Clone(row), 0)), append(rhs, p.b[i])
	}
	sum := make([]float64, n+1)
	for j := range sum {
		sum[j] = 1
	}
	rows, rhs = append(rows, sum), append(rhs, bound)
	std := mat.NewDense(len(rows), n+1, nil)
	for i, row := range rows {
		std.SetRow(i, row)
	}
	return std, rhs
}
