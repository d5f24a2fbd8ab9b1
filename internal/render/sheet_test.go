package render

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"sintra/internal/apperr"
)

func workbookOf(t *testing.T, fill func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	fill(f)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// withSheetXML is a workbook whose first sheet is the XML given, as a
// hostile file would write it.
func withSheetXML(t *testing.T, sheetXML string) []byte {
	t.Helper()
	return withPart(t, workbookOf(t, func(*excelize.File) {}), "xl/worksheets/sheet1.xml", sheetXML)
}

// withPart is a workbook with one part of its zip replaced.
func withPart(t *testing.T, base []byte, name, content string) []byte {
	t.Helper()
	in, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range in.File {
		if f.Name == name {
			continue
		}
		w, _ := zw.Create(f.Name)
		r, _ := f.Open()
		io.Copy(w, r)
		r.Close()
	}
	w, _ := zw.Create(name)
	io.WriteString(w, content)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// allocated is what read allocates, in bytes.
func allocated(read func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	read()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

const sheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
	`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`

// Rows whose cells lie far right would each unpack to thousands of
// strings, a hundred thousand of them to gigabytes: the file is refused
// at the first.
func TestXLSXRows_RefusesCellsPastColumn256WithoutUnpackingThem(t *testing.T) {
	var rows strings.Builder
	for r := 1; r <= 100000; r++ {
		fmt.Fprintf(&rows, `<row r="%d"><c r="XFD%d"><v>1</v></c></row>`, r, r)
	}
	data := withSheetXML(t, sheetHead+rows.String()+`</sheetData></worksheet>`)
	var err error
	if grew := allocated(func() { _, err = XLSXRows(data, 0) }); grew > 64<<20 {
		t.Errorf("reading a %d-byte file allocated %d MB", len(data), grew>>20)
	}
	if apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("XLSXRows = %v, want an invalid-file error", err)
	}
}

// cellsPointingToOneString is a workbook of 5,000 rows of 20 cells, all
// pointing to one shared string of the length given: a few kilobytes.
func cellsPointingToOneString(t *testing.T, length int) []byte {
	t.Helper()
	var rows strings.Builder
	for r := 1; r <= 5000; r++ {
		fmt.Fprintf(&rows, `<row r="%d">`, r)
		for c := 0; c < 20; c++ {
			fmt.Fprintf(&rows, `<c r="%c%d" t="s"><v>0</v></c>`, 'A'+c, r)
		}
		rows.WriteString(`</row>`)
	}
	data := withSheetXML(t, sheetHead+rows.String()+`</sheetData></worksheet>`)
	return withPart(t, data, "xl/sharedStrings.xml", `<?xml version="1.0" encoding="UTF-8"?>`+
		`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>`+
		strings.Repeat("a", length)+`</t></si></sst>`)
}

// Excelize copies a shared string for each cell pointing to it: a few
// kilobytes of cells pointing to a megabyte-long string would cost a
// hundred gigabytes. Such a string does not fit in a cell and is refused
// before any cell is read.
func TestXLSXRows_RefusesASharedStringLongerThanACell(t *testing.T) {
	data := cellsPointingToOneString(t, 1<<20)
	var err error
	if grew := allocated(func() { _, err = XLSXRows(data, 0) }); grew > 64<<20 {
		t.Errorf("reading a %d-byte file allocated %d MB", len(data), grew>>20)
	}
	if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(err.Error(), "32767") {
		t.Fatalf("XLSXRows = %v, want the cell-length error", err)
	}
}

// Strings that each fit in a cell, pointed to by many cells, still add up:
// reading stops once the file's text passes its allowance.
func TestXLSXRows_StopsAtTheFilesAllowanceOfText(t *testing.T) {
	data := cellsPointingToOneString(t, maxCellRunes)
	var err error
	if grew := allocated(func() { _, err = XLSXRows(data, 0) }); grew > 2*maxUploadText+64<<20 {
		t.Errorf("reading a %d-byte file allocated %d MB", len(data), grew>>20)
	}
	if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(err.Error(), "MB de texto") {
		t.Fatalf("XLSXRows = %v, want the text-allowance error", err)
	}
}

func TestXLSXSheets_ReadsTheSheetsAskedForUpToTheLimitAndSaysWhenThereIsMore(t *testing.T) {
	data := workbookOf(t, func(f *excelize.File) {
		f.SetSheetName("Sheet1", "Notas")
		f.NewSheet("Datos")
		for r := 1; r <= 10; r++ {
			f.SetCellValue("Datos", fmt.Sprintf("A%d", 2*r), r)
		}
		// Formatted but empty rows after the data, as spreadsheets leave them.
		f.SetRowHeight("Datos", 40, 30)
	})
	want := func(name string) bool { return name == "Datos" }
	for _, c := range []struct {
		limit, rows int
		more        bool
	}{{0, 20, false}, {10, 20, false}, {11, 20, false}, {5, 10, true}} {
		sheets, err := XLSXSheets(data, want, c.limit)
		if err != nil || len(sheets) != 1 || sheets[0].Name != "Datos" {
			t.Fatalf("limit %d: %+v %v", c.limit, sheets, err)
		}
		if got := sheets[0]; len(got.Rows) != c.rows || got.More != c.more || got.Rows[len(got.Rows)-1][0] == "" {
			t.Errorf("limit %d: %d rows, more %v; want %d, %v", c.limit, len(got.Rows), got.More, c.rows, c.more)
		}
	}
}

func TestCSVRows_KeepsRowNumbersAndStopsAtTheLimit(t *testing.T) {
	data := []byte("\xef\xbb\xbfa;b\n1;2\n;\n\n3;4\n;;\n")
	for _, c := range []struct {
		limit, rows int
		more        bool
	}{{0, 4, false}, {3, 4, false}, {2, 2, true}} {
		got, err := CSVRows(data, c.limit)
		if err != nil {
			t.Fatal(err)
		}
		// The empty line is skipped as a spreadsheet would not number it;
		// the row of empty cells is kept, so row 4 is "3;4".
		if len(got.Rows) != c.rows || got.More != c.more || got.Rows[0][0] != "a" || got.Rows[1][1] != "2" {
			t.Errorf("limit %d: %q, more %v; want %d rows, more %v", c.limit, got.Rows, got.More, c.rows, c.more)
		}
		if c.rows == 4 && (got.Rows[2] != nil || got.Rows[3][0] != "3") {
			t.Errorf("limit %d: %q", c.limit, got.Rows)
		}
	}
}

// Ten megabytes of empty rows cost what they weigh and are refused past
// the rows a sheet may have; no row with data comes back.
func TestCSVRows_ManyEmptyRowsCostWhatTheyWeigh(t *testing.T) {
	data := []byte(strings.Repeat(",\n", 5<<20))
	var err error
	if grew := allocated(func() { _, err = CSVRows(data, 5001) }); grew > 256<<20 {
		t.Errorf("reading %d MB of empty rows allocated %d MB", len(data)>>20, grew>>20)
	}
	if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(err.Error(), "vacías") {
		t.Fatalf("CSVRows = %v, want the too-many-rows error", err)
	}
}
