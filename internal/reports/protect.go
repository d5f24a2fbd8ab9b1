package reports

import (
	"fmt"
	"slices"

	"sintra/internal/disclosure"
)

// book is a set of reports protected together: a year's quarters and the
// year itself, so that no quarter can be subtracted from the year to
// reveal a suppressed cell.
type book struct {
	annual   *Report
	quarters []*Report
}

// cellRef locates one figure of one report.
type cellRef struct {
	report *Report
	table  int
	row    int
	col    int
}

// protect suppresses, across the whole book, every cell in 1…k−1 and the
// complementary cells that keep them hidden, and marks them "<k".
func (b book) protect(k int) {
	var refs []cellRef
	var values []int
	index := map[string]int{}
	key := func(r *Report, t, row, col int) string {
		return fmt.Sprintf("%s|%s|%s|%d", r.Period.ID, r.Tables[t].ID, r.Tables[t].Rows[row].Key, col)
	}
	reports := append([]*Report{}, b.quarters...)
	if b.annual != nil {
		reports = append(reports, b.annual)
	}
	for _, r := range reports {
		for t, table := range r.Tables {
			for row, rw := range table.Rows {
				for col, c := range rw.Cells {
					if c.Mark == "" {
						index[key(r, t, row, col)] = len(values)
						refs = append(refs, cellRef{r, t, row, col})
						values = append(values, c.Value)
					}
				}
			}
		}
	}
	var sums []disclosure.Sum
	for _, r := range reports {
		sums = append(sums, tableSums(r, index, key)...)
	}
	if b.annual != nil && len(b.quarters) > 0 {
		sums = append(sums, yearSums(b, index, key)...)
	}
	hidden := disclosure.Protect(values, sums, k)
	mark := fmt.Sprintf("<%d", k)
	for i, h := range hidden {
		if h {
			ref := refs[i]
			ref.report.Tables[ref.table].Rows[ref.row].Cells[ref.col] = Cell{Mark: mark}
		}
	}
	for _, r := range reports {
		r.Protection = fmt.Sprintf("celdas de 1 a %d suprimidas (k = %d)", k-1, k)
	}
}

// tableSums are the sums each table of a report shows: total rows, total
// columns, and personas = mujeres + hombres where the split is complete.
func tableSums(r *Report, index map[string]int, key func(*Report, int, int, int) string) []disclosure.Sum {
	var sums []disclosure.Sum
	cell := func(t, row, col int) (int, bool) {
		i, ok := index[key(r, t, row, col)]
		return i, ok
	}
	// add ties a total cell to its part cells; marked cells are in no sum.
	add := func(t int, total [2]int, parts [][2]int) {
		s := disclosure.Sum{Total: -1}
		if i, ok := cell(t, total[0], total[1]); ok {
			s.Total = i
		}
		for _, p := range parts {
			if i, ok := cell(t, p[0], p[1]); ok {
				s.Parts = append(s.Parts, i)
			}
		}
		if s.Total >= 0 {
			sums = append(sums, s)
		}
	}
	for t, table := range r.Tables {
		last, lastCol := len(table.Rows)-1, len(table.Columns)-1
		if table.TotalRow && last > 0 {
			for col := range table.Columns {
				var parts [][2]int
				for row := range last {
					parts = append(parts, [2]int{row, col})
				}
				add(t, [2]int{last, col}, parts)
			}
		}
		if table.TotalCol {
			for row := range table.Rows {
				var parts [][2]int
				for col := range lastCol {
					parts = append(parts, [2]int{row, col})
				}
				add(t, [2]int{row, lastCol}, parts)
			}
		}
		for row, rw := range table.Rows {
			if !slices.Contains(table.SplitRows, rw.Key) {
				continue
			}
			_, ok1 := cell(t, row, 1)
			_, ok2 := cell(t, row, 2)
			_, ok3 := cell(t, row, 3)
			if ok1 && ok2 && ok3 {
				add(t, [2]int{row, 1}, [][2]int{{row, 2}, {row, 3}})
			}
		}
	}
	return sums
}

// yearSums tie each annual cell to the same cell of every quarter.
func yearSums(b book, index map[string]int, key func(*Report, int, int, int) string) []disclosure.Sum {
	var sums []disclosure.Sum
	for t, table := range b.annual.Tables {
		for row, rw := range table.Rows {
			for col := range rw.Cells {
				total, ok := index[key(b.annual, t, row, col)]
				if !ok {
					continue
				}
				s := disclosure.Sum{Total: total}
				for _, q := range b.quarters {
					if qt, qr, found := locate(q, table.ID, rw.Key); found {
						if i, ok := index[key(q, qt, qr, col)]; ok {
							s.Parts = append(s.Parts, i)
						}
					}
				}
				sums = append(sums, s)
			}
		}
	}
	return sums
}

// locate finds a table and row of a report by id and key.
func locate(r *Report, table, row string) (int, int, bool) {
	for t := range r.Tables {
		if r.Tables[t].ID != table {
			continue
		}
		for i, rw := range r.Tables[t].Rows {
			if rw.Key == row {
				return t, i, true
			}
		}
	}
	return 0, 0, false
}
