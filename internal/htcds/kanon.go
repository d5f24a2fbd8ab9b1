package htcds

import (
	"fmt"
	"slices"
	"strings"
)

// Step is one generalization the anonymization applies to the rows that
// do not yet belong to a group of k: what it does, in Spanish, and how.
type Step struct {
	Variables []string
	Rule      string
	apply     func(*Row)
}

// Steps are the generalizations, from the first tried to the last: each
// gives up less useful detail before more. A row is released at the first
// step (after all the ones before it) at which it joins a group of k.
var Steps = []Step{
	blanking("Se omite la forma de captación", recruitingColumns...),
	blanking("Se omiten los medios de control", meansColumns...),
	{Variables: []string{"ageBroad"}, Rule: "La edad se agrupa en bandas amplias: 0--17, 18--29, 30--47, 48+", apply: func(r *Row) {
		r[colAgeBroad] = widerAge(r[colAgeBroad])
	}},
	{Variables: []string{"citizenship"}, Rule: "La nacionalidad se sustituye por su región (M49 de la ONU)", apply: func(r *Row) {
		r[colCitizenship] = regionOf(r[colCitizenship])
	}},
	blanking("Se omite si era menor de edad durante la explotación", colMajorityAtExploit),
	blanking("Se omite el tipo de explotación", exploitColumns...),
	{Variables: []string{"ageBroad"}, Rule: "La edad se reduce a menor (0--17) o mayor de edad (18+)", apply: func(r *Row) {
		r[colAgeBroad] = adultOrMinor(r[colAgeBroad])
	}},
	blanking("Se omite la nacionalidad", colCitizenship),
	blanking("Se omite el sexo", colGender),
	blanking("Se omiten la edad y la mayoría de edad", colAgeBroad, colMajorityStatus),
}

// blanking is a step that writes Unknown in columns.
func blanking(rule string, columns ...int) Step {
	names := make([]string, len(columns))
	for i, c := range columns {
		names[i] = Columns[c]
	}
	return Step{Variables: names, Rule: rule, apply: func(r *Row) {
		for _, c := range columns {
			r[c] = Unknown
		}
	}}
}

// widerAge groups the CTDC's age bands into wider ones.
func widerAge(band string) string {
	switch band {
	case "0--8", "9--17":
		return "0--17"
	case "18--20", "21--23", "24--26", "27--29":
		return "18--29"
	case "30--38", "39--47":
		return "30--47"
	}
	return band
}

// adultOrMinor reduces an age band, narrow or wide, to 0--17 or 18+.
func adultOrMinor(band string) string {
	switch band {
	case Unknown:
		return Unknown
	case "0--8", "9--17", "0--17":
		return "0--17"
	}
	return "18+"
}

// Result is a k-anonymous set of rows and what it took to make it.
type Result struct {
	// Rows are sorted, so their order tells nothing of the records'.
	Rows []Row
	// Recoded counts the rows whose citizenship was recoded to a region
	// for being rare; Released, the rows released after each number of
	// steps (Released[0]: as derived); Dropped, the rows left out.
	Recoded  int
	Released []int
	Dropped  int
}

// Anonymize makes rows k-anonymous over every column: rare citizenships
// recoded first, then the Steps, then what is still alone left out.
func Anonymize(rows []Row, k int) Result {
	res := Result{Released: make([]int, len(Steps)+1)}
	pending := slices.Clone(rows)
	res.Recoded = recodeRare(pending, colCitizenship, k, coarserCitizenship)
	released := map[Row]int{}
	for level := 0; level <= len(Steps) && len(pending) > 0; level++ {
		if level > 0 {
			for i := range pending {
				Steps[level-1].apply(&pending[i])
			}
		}
		pending = release(pending, released, k, &res.Released[level])
	}
	res.Dropped = len(pending)
	for row, n := range released {
		for range n {
			res.Rows = append(res.Rows, row)
		}
	}
	slices.SortFunc(res.Rows, compareRows)
	return res
}

// release moves to released every pending row whose group is, or joins,
// a group of at least k, counting them, and returns the rows left.
func release(pending []Row, released map[Row]int, k int, count *int) []Row {
	groups := map[Row]int{}
	for _, r := range pending {
		groups[r]++
	}
	var left []Row
	for _, r := range pending {
		if groups[r] >= k || released[r] > 0 {
			released[r]++
			*count++
		} else {
			left = append(left, r)
		}
	}
	return left
}

// recodeRare replaces, in column col, each value fewer than k rows hold
// with coarser(value), again and again until every value is held by k
// rows or is Unknown; it returns how many rows changed.
func recodeRare(rows []Row, col, k int, coarser func(string) string) int {
	changed := make([]bool, len(rows))
	for {
		counts := map[string]int{}
		for _, r := range rows {
			counts[r[col]]++
		}
		moved := false
		for i := range rows {
			if v := rows[i][col]; v != Unknown && counts[v] < k {
				rows[i][col], changed[i], moved = coarser(v), true, true
			}
		}
		if !moved {
			break
		}
	}
	n := 0
	for _, c := range changed {
		if c {
			n++
		}
	}
	return n
}

// Check returns an error unless every row is identical to at least k−1
// others: the property the export promises, checked once more on what is
// about to leave.
func Check(rows []Row, k int) error {
	groups := map[Row]int{}
	for _, r := range rows {
		groups[r]++
	}
	for _, n := range groups {
		if n < k {
			return fmt.Errorf("htcds: a group of %d rows, fewer than k = %d", n, k)
		}
	}
	return nil
}

func compareRows(a, b Row) int {
	for i := range a {
		if c := strings.Compare(a[i], b[i]); c != 0 {
			return c
		}
	}
	return 0
}
