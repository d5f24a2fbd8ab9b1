package actividades

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzReadRows feeds the spreadsheet reader any upload: it must answer rows
// or a Spanish error, never panic, and every row must be checkable.
func FuzzReadRows(f *testing.F) {
	f.Add([]byte(strings.Join(Columns, ",") + "\nSSC,prevencion,capacitacion,Plática,2024-04-10,23005,1,10,5,5,,,\n"))
	f.Add([]byte("institucion;tema\nIQM;combate\n"))
	f.Add([]byte("\xef\xbb\xbf\"a\"\"b\",c\n"))
	f.Add([]byte("PK\x03\x04 not a zip"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := readRows(data)
		if err != nil {
			if !utf8.ValidString(err.Error()) || err.Error() == "" {
				t.Fatalf("error %q", err)
			}
			return
		}
		if len(rows) == 0 || len(rows) > maxRows+1 {
			t.Fatalf("%d rows accepted", len(rows))
		}
		for _, cells := range rows {
			in, problems := inputOf(cells)
			if len(problems) == 0 && (in.Actions < 1 || in.People < 0) {
				t.Fatalf("row %q accepted as %+v", cells, in)
			}
		}
	})
}
