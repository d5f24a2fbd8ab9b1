package actividades

import (
	"math/big"
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
		filled := 0
		for _, cells := range rows {
			if !blank(cells) {
				filled++
			}
		}
		if filled == 0 || filled > maxRows+1 {
			t.Fatalf("%d rows with data accepted", filled)
		}
		for _, cells := range rows {
			in, problems := inputOf(cells)
			if len(problems) > 0 {
				continue
			}
			// A count taken is the very number the cell shows.
			for column, got := range map[int]*int32{6: ptr(int32(in.Actions)), 7: ptr(int32(in.People)), 8: in.Women, 9: in.Men, 11: in.MaterialUnits} {
				if got == nil {
					continue
				}
				want, ok := new(big.Int).SetString(numberText(strings.TrimSpace(cells[column])), 10)
				if !ok || want.Cmp(big.NewInt(int64(*got))) != 0 {
					t.Fatalf("column %s %q taken as %d", Columns[column], cells[column], *got)
				}
			}
		}
	})
}

func ptr(v int32) *int32 { return &v }
