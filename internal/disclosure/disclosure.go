// Package disclosure protects published counts from revealing small
// groups of people: statistical disclosure control by cell suppression.
// A cell counting 1 to k−1 is suppressed (primary suppression), and more
// cells are suppressed where needed (complementary suppression) so that no
// suppressed cell can be worked out by subtracting the visible cells of any
// sum it takes part in: row and column totals, a split by sex, or the
// quarters of a year against the annual figure.
package disclosure

import "sort"

// Sum says that the cell Total equals the sum of the cells Parts. Cells are
// indexes into the values given to Protect.
type Sum struct {
	Total int
	Parts []int
}

// Protect returns which of values must be suppressed so that no visible
// cell lies in 1…k−1 and no sum has exactly one suppressed cell (which the
// others would give away). Zero cells are never suppressed: a zero reveals
// no one, and hiding it would not protect a neighbour.
func Protect(values []int, sums []Sum, k int) []bool {
	hidden := make([]bool, len(values))
	for i, v := range values {
		hidden[i] = v > 0 && v < k
	}
	for changed := true; changed; {
		changed = false
		for _, s := range sums {
			if protectSum(values, hidden, s) {
				changed = true
			}
		}
	}
	return hidden
}

// protectSum suppresses one more cell of s if exactly one of its cells is
// hidden; it reports whether it did.
func protectSum(values []int, hidden []bool, s Sum) bool {
	cells := append([]int{s.Total}, s.Parts...)
	count := 0
	for _, c := range cells {
		if hidden[c] {
			count++
		}
	}
	if count != 1 {
		return false
	}
	// Hide the smallest visible non-zero part; if there is none, the total.
	candidates := make([]int, 0, len(s.Parts))
	for _, c := range s.Parts {
		if !hidden[c] && values[c] > 0 {
			candidates = append(candidates, c)
		}
	}
	if len(candidates) == 0 {
		if hidden[s.Total] || values[s.Total] == 0 {
			// The hidden part is the only non-zero one, or the total is
			// zero: only hiding every part keeps it unknown.
			for _, c := range s.Parts {
				if !hidden[c] && values[c] > 0 {
					hidden[c] = true
					return true
				}
			}
			return false
		}
		hidden[s.Total] = true
		return true
	}
	sort.SliceStable(candidates, func(i, j int) bool { return values[candidates[i]] < values[candidates[j]] })
	hidden[candidates[0]] = true
	return true
}

// Derivable reports a cell that a reader could work out: a suppressed cell
// that is the only suppressed cell of some sum. It returns -1 when none is.
func Derivable(hidden []bool, sums []Sum) int {
	for _, s := range sums {
		only, count := -1, 0
		for _, c := range append([]int{s.Total}, s.Parts...) {
			if hidden[c] {
				only, count = c, count+1
			}
		}
		if count == 1 {
			return only
		}
	}
	return -1
}
