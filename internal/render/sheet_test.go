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
	base := workbookOf(t, func(*excelize.File) {})
	in, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range in.File {
		w, _ := zw.Create(f.Name)
		if f.Name == "xl/worksheets/sheet1.xml" {
			io.WriteString(w, sheetXML)
			continue
		}
		r, _ := f.Open()
		io.Copy(w, r)
		r.Close()
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// Rows whose cells lie far right would each unpack to thousands of
// strings, a hundred thousand of them to gigabytes: the file is refused
// at the first.
func TestXLSXRows_RefusesCellsPastColumn256WithoutUnpackingThem(t *testing.T) {
	var rows strings.Builder
	for r := 1; r <= 100000; r++ {
		fmt.Fprintf(&rows, `<row r="%d"><c r="XFD%d"><v>1</v></c></row>`, r, r)
	}
	data := withSheetXML(t, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`+rows.String()+`</sheetData></worksheet>`)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := XLSXRows(data)
	runtime.ReadMemStats(&after)
	if apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("XLSXRows = %v, want an invalid-file error", err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
		t.Errorf("reading a %d-byte file allocated %d MB", len(data), grew>>20)
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
