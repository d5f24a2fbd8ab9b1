package sheetimport

import (
	"bytes"
	"math/big"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// FuzzReadBook feeds the reader of víctimas' spreadsheets any upload: it
// must answer sheets of records, problems or a Spanish error, never panic;
// each record must stand where the spreadsheet shows it, and every row must
// be readable into a víctima, a caso or a service, a count taken being the
// very number its cell shows.
func FuzzReadBook(f *testing.F) {
	f.Add([]byte(strings.Join(names(csvColumns), ",") + "\nA,C,23005,2024-03-02,Ana,,,,,,mujer,30,MX,,,,sí,no,,,,,,,23005,,,sin_definir,,,,,,,,,,alimentos,2024-03-05,78,\n"))
	f.Add([]byte("clave_victima;municipio;fecha_identificacion;sexo\nA;23005;02/03/2024;mujer\nA;;;\n"))
	f.Add([]byte("\xef\xbb\xbf\"clave_victima\",\"sexo\"\n\"a\"\"b\",\"x\ny\"\n"))
	f.Add([]byte("PK\x03\x04 not a zip"))
	wb := excelize.NewFile()
	wb.SetSheetName("Sheet1", SheetVictimas)
	wb.SetSheetRow(SheetVictimas, "A1", &[]any{"clave_victima", "municipio", "fecha_identificacion", "sexo", "edad"})
	wb.SetSheetRow(SheetVictimas, "A2", &[]any{"A", "23005", 45353, "mujer", "1,250"})
	var buf bytes.Buffer
	wb.Write(&buf)
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		b, problems, err := readBook(data)
		if err != nil {
			if !utf8.ValidString(err.Error()) || err.Error() == "" {
				t.Fatalf("error %q", err)
			}
			return
		}
		for _, p := range problems {
			if p.Row < 1 || !slices.Contains(sheetOrder, p.Sheet) || p.Message == "" || !utf8.ValidString(p.Message) {
				t.Fatalf("problem %+v", p)
			}
		}
		for _, sheet := range []struct {
			recs []record
			cols []column
		}{{b.victims, victimColumns}, {b.casos, casoColumns}, {b.services, serviceColumns}} {
			if len(sheet.recs) > maxRows {
				t.Fatalf("%d rows accepted", len(sheet.recs))
			}
			for _, rec := range sheet.recs {
				if rec.row < 2 || !slices.Contains(sheetOrder, rec.sheet) {
					t.Fatalf("record at %s row %d", rec.sheet, rec.row)
				}
				for col, v := range rec.cells {
					if !utf8.ValidString(v) || strings.ContainsRune(v, 0) || !slices.Contains(names(csvColumns), col) {
						t.Fatalf("cell %s %q", col, v)
					}
				}
				readRow(t, rec, sheet.cols, b.xlsx)
			}
		}
	})
}

// readRow reads a record as the import does, and checks that each count
// taken is the number its cell shows.
func readRow(t *testing.T, rec record, cols []column, xlsx bool) {
	c := &cells{rec: rec, cols: cols, xlsx: xlsx}
	var counts map[string]*int32
	switch cols[0].name {
	case "clave_victima":
		if cols[1].name == "clave_caso" {
			v := victimOf(c, catalogs{})
			counts = map[string]*int32{"edad": v.reg.Attributes.Age}
		} else {
			s := serviceOf(c, catalogs{})
			n := int32(s.in.Quantity)
			counts = map[string]*int32{"cantidad": &n}
		}
	default:
		casoOf(c, catalogs{})
	}
	for col, got := range counts {
		cell := rec.cell(col)
		if got == nil || cell == "" || slices.ContainsFunc(c.problems, func(p problem) bool { return p.column == col }) {
			continue
		}
		want, ok := new(big.Int).SetString(strings.ReplaceAll(strings.TrimSuffix(cell, ".0"), ",", ""), 10)
		if !ok || want.Cmp(big.NewInt(int64(*got))) != 0 {
			t.Fatalf("column %s %q taken as %d", col, cell, *got)
		}
	}
}
