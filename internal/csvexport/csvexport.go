// Package csvexport writes the CSV files SINTRA hands out (report figures,
// the audit trail) so that a spreadsheet opening them reads every cell as
// data. A text that a spreadsheet would run as a formula (a period named
// =HYPERLINK(…), say) is written with a leading single quote, as OWASP
// recommends against CSV injection; numbers are written as they are.
package csvexport

import (
	"encoding/csv"
	"io"
	"regexp"
	"strings"
)

// Writer writes CSV records with every cell defused.
type Writer struct {
	csv *csv.Writer
}

// NewWriter returns a Writer to w.
func NewWriter(w io.Writer) *Writer {
	return &Writer{csv: csv.NewWriter(w)}
}

// Write writes one record, each cell passed through Cell.
func (w *Writer) Write(record []string) error {
	out := make([]string, len(record))
	for i, v := range record {
		out[i] = Cell(v)
	}
	return w.csv.Write(out)
}

// Flush writes what is buffered and returns the first error of any write.
func (w *Writer) Flush() error {
	w.csv.Flush()
	return w.csv.Error()
}

// formulaStart are the first characters that make a spreadsheet read a
// cell as a formula, or run one (OWASP's list).
const formulaStart = "=+-@\t\r"

var number = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// Cell returns v so that a spreadsheet reads it as text when it would
// otherwise take it for a formula: prefixed with a single quote. Numbers,
// negative ones included, stay numbers.
func Cell(v string) string {
	if v == "" || !strings.ContainsRune(formulaStart, rune(v[0])) || number.MatchString(v) {
		return v
	}
	return "'" + v
}
