package render

import (
	"bytes"
	"fmt"
	"time"

	"github.com/xuri/excelize/v2"

	"sintra/internal/apperr"
)

// xlsxLimits bound what an uploaded XLSX may unpack to. Excelize trusts the
// sizes the zip headers declare (its default limit is 16 GB), so a small
// hostile file could otherwise make it allocate gigabytes.
var xlsxLimits = excelize.Options{RawCellValue: true, UnzipSizeLimit: 64 << 20, UnzipXMLSizeLimit: 16 << 20}

// maxColumns bounds how far right an uploaded sheet's cells may stand:
// excelize fills a row up to its last cell, so one cell in column XFD
// would cost 16,384 strings, and many such rows gigabytes.
const maxColumns = 256

// XLSXRows reads the first sheet of an uploaded XLSX file as rows of
// cells, raw as stored (a date is its serial number), refusing a file that
// would unpack to more than a few megabytes or has cells past column 256.
func XLSXRows(data []byte) ([][]string, error) {
	f, err := openXLSX(data)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, _, err := readSheet(f, f.GetSheetName(0), 0)
	return rows, err
}

// SheetRows is one sheet of an uploaded workbook: its name and its rows
// of cells, raw as stored.
type SheetRows struct {
	Name string
	Rows [][]string
	// More says that rows past the limit asked for were left unread.
	More bool
}

// XLSXSheets reads the sheets of an uploaded XLSX file whose names want
// takes, in order, as XLSXRows reads the first, up to limit rows with
// data in each.
func XLSXSheets(data []byte, want func(name string) bool, limit int) ([]SheetRows, error) {
	f, err := openXLSX(data)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []SheetRows
	for _, name := range f.GetSheetList() {
		if !want(name) {
			continue
		}
		rows, more, err := readSheet(f, name, limit)
		if err != nil {
			return nil, err
		}
		out = append(out, SheetRows{Name: name, Rows: rows, More: more})
	}
	return out, nil
}

// readSheet reads a sheet's rows up to its last with data, the rows
// between them empty, stopping once limit rows had data (0 reads them all);
// more says whether it stopped before the end.
func readSheet(f *excelize.File, name string, limit int) (rows [][]string, more bool, err error) {
	it, err := f.Rows(name)
	if err != nil {
		return nil, false, apperr.Wrap(apperr.Invalid, "No se pudo leer una hoja del archivo.", err)
	}
	defer it.Close()
	last, filled := 0, 0
	for it.Next() {
		cells, err := it.Columns(excelize.Options{RawCellValue: true})
		switch {
		case err != nil:
			return nil, false, apperr.Wrap(apperr.Invalid, "No se pudo leer una hoja del archivo.", err)
		case len(cells) > maxColumns:
			return nil, false, apperr.New(apperr.Invalid, fmt.Sprintf("El archivo tiene datos más allá de la columna %d; use la plantilla.", maxColumns))
		case len(cells) == 0:
			rows = append(rows, nil)
		case limit > 0 && filled == limit:
			return rows[:last], true, nil
		default:
			rows = append(rows, cells)
			last, filled = len(rows), filled+1
		}
	}
	return rows[:last], false, it.Error()
}

// openXLSX opens an uploaded XLSX file within xlsxLimits.
func openXLSX(data []byte) (*excelize.File, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), xlsxLimits)
	if err != nil {
		return nil, apperr.Wrap(apperr.Invalid, "El archivo no es un XLSX válido.", err)
	}
	return f, nil
}

// ExcelDate returns the calendar date of a spreadsheet's date serial number.
func ExcelDate(serial float64) (time.Time, error) {
	d, err := excelize.ExcelDateToTime(serial, false)
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC), err
}
