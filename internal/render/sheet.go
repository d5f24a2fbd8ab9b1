package render

import (
	"bytes"
	"time"

	"github.com/xuri/excelize/v2"

	"sintra/internal/apperr"
)

// xlsxLimits bound what an uploaded XLSX may unpack to. Excelize trusts the
// sizes the zip headers declare (its default limit is 16 GB), so a small
// hostile file could otherwise make it allocate gigabytes.
var xlsxLimits = excelize.Options{RawCellValue: true, UnzipSizeLimit: 64 << 20, UnzipXMLSizeLimit: 16 << 20}

// XLSXRows reads the first sheet of an uploaded XLSX file as rows of
// cells, raw as stored (a date is its serial number), refusing a file that
// would unpack to more than a few megabytes.
func XLSXRows(data []byte) ([][]string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), xlsxLimits)
	if err != nil {
		return nil, apperr.Wrap(apperr.Invalid, "El archivo no es un XLSX válido.", err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0), excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, apperr.Wrap(apperr.Invalid, "No se pudo leer la primera hoja del archivo.", err)
	}
	return rows, nil
}

// ExcelDate returns the calendar date of a spreadsheet's date serial number.
func ExcelDate(serial float64) (time.Time, error) {
	d, err := excelize.ExcelDateToTime(serial, false)
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC), err
}
