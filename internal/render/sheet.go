package render

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"sintra/internal/apperr"
)

// xlsxLimits bound what an uploaded XLSX may unpack to. Excelize trusts the
// sizes the zip headers declare (its default limit is 16 GB), so a small
// hostile file could otherwise make it allocate gigabytes.
var xlsxLimits = excelize.Options{RawCellValue: true, UnzipSizeLimit: 64 << 20, UnzipXMLSizeLimit: 16 << 20}

// Bounds of an uploaded sheet. Excelize copies a shared string for every
// cell that points to it, so a few kilobytes of cells pointing to one long
// string would otherwise cost gigabytes: strings are held to Excel's own
// cell limit and the text read from one file to maxUploadText.
const (
	// maxColumns bounds how far right a cell may stand: excelize fills a
	// row up to its last cell, so one cell in column XFD costs 16,384.
	maxColumns = 256
	// maxCellRunes is the most characters an Excel cell holds.
	maxCellRunes = 32767
	// maxSheetRows is the most rows, empty ones too, an Excel sheet has.
	maxSheetRows = 1 << 20
	// maxUploadText bounds the text of the cells read from one file.
	maxUploadText = 32 << 20
)

// sharedStringsPath is where excelize reads a workbook's shared strings.
const sharedStringsPath = "xl/sharedStrings.xml"

// SheetRows is one sheet of an uploaded workbook: its name and its rows
// of cells, raw as stored (a date is its serial number).
type SheetRows struct {
	Name string
	Rows [][]string
	// More says that rows past the limit asked for were left unread.
	More bool
}

// XLSXRows reads the first sheet of an uploaded XLSX file as XLSXSheets
// reads the sheets it is asked for.
func XLSXRows(data []byte, limit int) (SheetRows, error) {
	f, err := openXLSX(data)
	if err != nil {
		return SheetRows{}, err
	}
	defer f.Close()
	text := maxUploadText
	return readSheet(f, f.GetSheetName(0), limit, &text)
}

// XLSXSheets reads, in order, the sheets of an uploaded XLSX file whose
// names want takes: each up to its last row with data, the empty rows
// between them as nil, stopping once limit rows had data (0: no limit).
// It refuses a file that would unpack to more than a few megabytes, with
// cells past column 256, with a text longer than a cell holds, or with
// more text than an import takes.
func XLSXSheets(data []byte, want func(name string) bool, limit int) ([]SheetRows, error) {
	f, err := openXLSX(data)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	text := maxUploadText
	var out []SheetRows
	for _, name := range f.GetSheetList() {
		if !want(name) {
			continue
		}
		sheet, err := readSheet(f, name, limit, &text)
		if err != nil {
			return nil, err
		}
		out = append(out, sheet)
	}
	return out, nil
}

// readSheet reads one sheet for XLSXSheets, spending text from the
// file's allowance.
func readSheet(f *excelize.File, name string, limit int, text *int) (SheetRows, error) {
	sheet := SheetRows{Name: name}
	it, err := f.Rows(name)
	if err != nil {
		return sheet, apperr.Wrap(apperr.Invalid, "No se pudo leer una hoja del archivo.", err)
	}
	defer it.Close()
	last, filled := 0, 0
	for it.Next() {
		cells, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return sheet, apperr.Wrap(apperr.Invalid, "No se pudo leer una hoja del archivo.", err)
		}
		if len(cells) > maxColumns {
			return sheet, apperr.New(apperr.Invalid, fmt.Sprintf("El archivo tiene datos más allá de la columna %d; use la plantilla.", maxColumns))
		}
		if len(sheet.Rows) == maxSheetRows {
			return sheet, tooManyRows()
		}
		if len(cells) == 0 {
			sheet.Rows = append(sheet.Rows, nil)
			continue
		}
		if limit > 0 && filled == limit {
			sheet.Rows, sheet.More = sheet.Rows[:last], true
			return sheet, nil
		}
		for _, c := range cells {
			if *text -= len(c); *text < 0 {
				return sheet, tooMuchText()
			}
		}
		sheet.Rows = append(sheet.Rows, cells)
		last, filled = len(sheet.Rows), filled+1
	}
	sheet.Rows = sheet.Rows[:last]
	if err := it.Error(); err != nil {
		return sheet, apperr.Wrap(apperr.Invalid, "No se pudo leer una hoja del archivo.", err)
	}
	return sheet, nil
}

// openXLSX opens an uploaded XLSX file within xlsxLimits, once its shared
// strings are known to fit in cells.
func openXLSX(data []byte) (*excelize.File, error) {
	if err := checkSharedStrings(data); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), xlsxLimits)
	if err != nil {
		return nil, apperr.Wrap(apperr.Invalid, "El archivo no es un XLSX válido.", err)
	}
	return f, nil
}

// checkSharedStrings refuses a workbook with a shared string longer than a
// cell holds, reading its table as a stream.
func checkSharedStrings(data []byte) error {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return apperr.Wrap(apperr.Invalid, "El archivo no es un XLSX válido.", err)
	}
	for _, entry := range z.File {
		if strings.ReplaceAll(entry.Name, `\`, "/") != sharedStringsPath {
			continue
		}
		r, err := entry.Open()
		if err != nil {
			return apperr.Wrap(apperr.Invalid, "El archivo no es un XLSX válido.", err)
		}
		err = checkStringItems(io.LimitReader(r, xlsxLimits.UnzipSizeLimit))
		r.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// checkStringItems reads a shared strings table, counting the characters
// of each string item (<si>) as excelize joins them.
func checkStringItems(r io.Reader) error {
	dec := xml.NewDecoder(r)
	runes := 0
	for {
		tok, err := dec.RawToken()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return apperr.Wrap(apperr.Invalid, "El archivo no es un XLSX válido.", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "si" {
				runes = 0
			}
		case xml.CharData:
			if runes += utf8.RuneCount(t); runes > maxCellRunes {
				return apperr.New(apperr.Invalid, fmt.Sprintf("Una celda del archivo tiene más de %d caracteres, más de lo que cabe en una celda de Excel.", maxCellRunes))
			}
		}
	}
}

// CSVRows reads an uploaded CSV file as rows of cells: UTF-8, with or
// without a byte order mark, its cells separated by commas or, when its
// first line has more of them, by semicolons (as Excel es-MX saves it).
// Like XLSXSheets it stops once limit rows had data and says so.
func CSVRows(data []byte, limit int) (SheetRows, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(data))
	if first, _, _ := bytes.Cut(data, []byte("\n")); bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	var sheet SheetRows
	last, filled := 0, 0
	for {
		cells, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return sheet, apperr.Wrap(apperr.Invalid, "El archivo no es un XLSX ni un CSV válido.", err)
		}
		if len(cells) > maxColumns {
			return sheet, apperr.New(apperr.Invalid, fmt.Sprintf("El archivo tiene datos más allá de la columna %d; use la plantilla.", maxColumns))
		}
		if len(sheet.Rows) == maxSheetRows {
			return sheet, tooManyRows()
		}
		if blankRow(cells) {
			sheet.Rows = append(sheet.Rows, nil)
			continue
		}
		if limit > 0 && filled == limit {
			sheet.Rows, sheet.More = sheet.Rows[:last], true
			return sheet, nil
		}
		sheet.Rows = append(sheet.Rows, cells)
		last, filled = len(sheet.Rows), filled+1
	}
	sheet.Rows = sheet.Rows[:last]
	return sheet, nil
}

// blankRow says whether every cell of a row is empty or spaces.
func blankRow(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func tooManyRows() error {
	return apperr.New(apperr.Invalid, fmt.Sprintf("El archivo tiene más de %d filas, contando las vacías; bórrelas o divídalo.", maxSheetRows))
}

func tooMuchText() error {
	return apperr.New(apperr.Invalid, fmt.Sprintf("El archivo tiene más de %d MB de texto; divídalo.", maxUploadText>>20))
}

// ExcelDate returns the calendar date of a spreadsheet's date serial number.
func ExcelDate(serial float64) (time.Time, error) {
	d, err := excelize.ExcelDateToTime(serial, false)
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC), err
}
