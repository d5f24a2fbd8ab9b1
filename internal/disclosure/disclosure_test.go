package disclosure_test

import (
	"math/rand/v2"
	"testing"

	"sintra/internal/disclosure"
)

// grid builds a rows×cols table with a total row, a total column, and a
// grand total, and the sums that tie them.
func grid(inner [][]int) ([]int, []disclosure.Sum) {
	rows, cols := len(inner), len(inner[0])
	at := func(r, c int) int { return r*(cols+1) + c }
	values := make([]int, (rows+1)*(cols+1))
	for r := range rows {
		for c := range cols {
			values[at(r, c)] = inner[r][c]
			values[at(r, cols)] += inner[r][c]
			values[at(rows, c)] += inner[r][c]
			values[at(rows, cols)] += inner[r][c]
		}
	}
	var sums []disclosure.Sum
	for r := 0; r <= rows; r++ {
		s := disclosure.Sum{Total: at(r, cols)}
		for c := range cols {
			s.Parts = append(s.Parts, at(r, c))
		}
		sums = append(sums, s)
	}
	for c := 0; c <= cols; c++ {
		s := disclosure.Sum{Total: at(rows, c)}
		for r := range rows {
			s.Parts = append(s.Parts, at(r, c))
		}
		sums = append(sums, s)
	}
	return values, sums
}

func TestProtect_SuppressesSmallCellsAndTheirComplements(t *testing.T) {
	t.Parallel()
	values, sums := grid([][]int{{12, 3, 20}, {8, 15, 9}})
	hidden := disclosure.Protect(values, sums, 5)
	if !hidden[1] {
		t.Fatal("the cell of 3 is visible")
	}
	if d := disclosure.Derivable(hidden, sums); d >= 0 {
		t.Fatalf("cell %d can be worked out from a total", d)
	}
	shown := 0
	for _, h := range hidden {
		if !h {
			shown++
		}
	}
	if shown < len(values)/2 {
		t.Errorf("only %d of %d cells left visible", shown, len(values))
	}
}

// A property test: for random tables, random k, and a year of four
// quarters beside the annual table, no visible cell is in 1…k−1 and no
// suppressed cell is the only hidden cell of a row, a column, or the
// quarters-to-year sum.
func TestProtect_RandomTablesAndYears(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(7, 11))
	for trial := range 2000 {
		k := 3 + r.IntN(8)
		rows, cols := 1+r.IntN(5), 1+r.IntN(4)
		var values []int
		var sums []disclosure.Sum
		var quarters [][]int // index of each quarter's cells, per quarter
		var shape []disclosure.Sum
		for q := 0; q < 4; q++ {
			inner := make([][]int, rows)
			for i := range inner {
				inner[i] = make([]int, cols)
				for j := range inner[i] {
					if r.IntN(3) > 0 {
						inner[i][j] = r.IntN(3 * k)
					}
				}
			}
			v, s := grid(inner)
			shape = s
			base := len(values)
			idx := make([]int, len(v))
			for i := range v {
				idx[i] = base + i
			}
			for _, x := range s {
				shifted := disclosure.Sum{Total: x.Total + base}
				for _, p := range x.Parts {
					shifted.Parts = append(shifted.Parts, p+base)
				}
				sums = append(sums, shifted)
			}
			values = append(values, v...)
			quarters = append(quarters, idx)
		}
		// The annual table is the cell-by-cell sum of the quarters.
		base := len(values)
		per := len(quarters[0])
		for i := range per {
			total := 0
			s := disclosure.Sum{Total: base + i}
			for q := range quarters {
				total += values[quarters[q][i]]
				s.Parts = append(s.Parts, quarters[q][i])
			}
			values = append(values, total)
			sums = append(sums, s)
		}
		// And it has its own totals, like each quarter.
		for _, x := range shape {
			shifted := disclosure.Sum{Total: x.Total + base}
			for _, p := range x.Parts {
				shifted.Parts = append(shifted.Parts, p+base)
			}
			sums = append(sums, shifted)
		}
		hidden := disclosure.Protect(values, sums, k)
		for i, v := range values {
			if !hidden[i] && v > 0 && v < k {
				t.Fatalf("trial %d: visible cell %d = %d with k = %d", trial, i, v, k)
			}
		}
		if d := disclosure.Derivable(hidden, sums); d >= 0 {
			t.Fatalf("trial %d: suppressed cell %d can be worked out", trial, d)
		}
	}
}
