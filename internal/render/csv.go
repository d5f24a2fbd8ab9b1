package render

import (
	"encoding/csv"
	"io"
	"regexp"
	"strings"
)

// CSVWriter writes the CSV files SINTRA hands out (report figures, the
// audit trail) so that a spreadsheet opening them reads every cell as data.
// A text that a spreadsheet would run as a formula (a period named
// =HYPERLINK(…), say) is written with a leading single quote, as OWASP
// recommends against CSV injection; numbers are written as they are.
type CSVWriter struct {
	csv *csv.Writer
}

// NewCSVWriter returns a CSVWriter to w.
func NewCSVWriter(w io.Writer) *CSVWriter {
	return &CSVWriter{csv: csv.NewWriter(w)}
}

// Write writes one record, each cell passed through defuse.
func (w *CSVWriter) Write(record []string) error {
	out := make([]string, len(record))
	for i, v := range record {
		out[i] = defuse(v)
	}
	return w.csv.Write(out)
}

// Flush writes what is buffered and returns the first error of any write.
func (w *CSVWriter) Flush() error {
	w.csv.Flush()
	return w.csv.Error()
}

// formulaStart are the first characters that make a spreadsheet read a
// cell as a formula, or run one (OWASP's list).
const formulaStart = "=+-@\t\r"

var number = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// defuse returns v so that a spreadsheet reads it as text when it would
// otherwise take it for a formula: prefixed with a single quote. Numbers,
// negative ones included, stay numbers.
func defuse(v string) string {
	if v == "" || !strings.ContainsRune(formulaStart, rune(v[0])) || number.MatchString(v) {
		return v
	}
	return "'" + v
}
