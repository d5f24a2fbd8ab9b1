package render

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"sintra/internal/domain"
)

// Template is a spreadsheet to fill in and import: a data sheet with the
// columns and an example row, and a sheet with the instructions and the
// values each coded column takes.
type Template struct {
	// Sheet names the data sheet.
	Sheet        string
	Columns      []string
	Example      []any
	Instructions string
	// Codes lists, per column, the codes it takes with their names.
	Codes []Codes
	// Choices lists, per column, the few words it takes.
	Choices []Choices
}

// Codes are the codes a column takes, with their names.
type Codes struct {
	Column  string
	Entries []domain.CatalogEntry
}

// Choices are the words a column takes.
type Choices struct {
	Column string
	Values []string
}

// codesSheet names the sheet of instructions and codes.
const codesSheet = "Catálogos"

// TemplateXLSX writes t as an XLSX workbook.
func TemplateXLSX(t Template) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", t.Sheet)
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	writeDataSheet(f, DataSheet{Name: t.Sheet, Columns: t.Columns, Examples: [][]any{t.Example}}, bold, 0)
	f.NewSheet(codesSheet)
	f.SetSheetRow(codesSheet, "A1", &[]any{t.Instructions})
	writeCodes(f, 3, t.Codes, t.Choices, bold)
	return workbookBytes(f)
}

// Book is a workbook to fill in and import: a sheet of instructions, data
// sheets with their columns and example rows, and a sheet with the values
// each coded column takes.
type Book struct {
	// Instructions are paragraphs, one a row of the first sheet.
	Instructions []string
	// Guide is a table under the instructions, its first row the header:
	// what each column takes, say.
	Guide  [][]string
	Sheets []DataSheet
	// Codes lists, per column, the codes it takes with their names.
	Codes []Codes
	// Choices lists, per column, the few words it takes; data sheets offer
	// them in a drop-down list.
	Choices []Choices
}

// DataSheet is a sheet to fill in, one record a row.
type DataSheet struct {
	Name    string
	Columns []string
	// Dates names the columns of dates, shown DD/MM/AAAA.
	Dates []string
	// Examples are rows; a time.Time is written as a date.
	Examples [][]any
}

// instructionsSheet names the first sheet of a Book.
const instructionsSheet = "Instrucciones"

// bookRows is how many rows of a data sheet get the dates' format and the
// drop-down lists.
const bookRows = 5000

// BookXLSX writes b as an XLSX workbook.
func BookXLSX(b Book) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", instructionsSheet)
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	writeInstructions(f, b, bold)
	date, _ := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("dd/mm/yyyy")})
	for _, sh := range b.Sheets {
		f.NewSheet(sh.Name)
		writeDataSheet(f, sh, bold, date)
		offerChoices(f, sh, b.Choices)
	}
	f.NewSheet(codesSheet)
	f.SetSheetRow(codesSheet, "A1", &[]any{"Claves y nombres aceptados en las columnas de catálogo"})
	f.SetRowStyle(codesSheet, 1, 1, bold)
	writeCodes(f, 3, b.Codes, b.Choices, bold)
	return workbookBytes(f)
}

// writeInstructions writes the paragraphs of the instructions, and under
// them the guide, its last column wrapped.
func writeInstructions(f *excelize.File, b Book, bold int) {
	for i, p := range b.Instructions {
		f.SetCellValue(instructionsSheet, fmt.Sprintf("A%d", i+1), p)
	}
	row := len(b.Instructions) + 2
	wrap, _ := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	for i, cells := range b.Guide {
		values := make([]any, len(cells))
		for j, c := range cells {
			values[j] = c
		}
		f.SetSheetRow(instructionsSheet, fmt.Sprintf("A%d", row+i), &values)
		last, _ := excelize.CoordinatesToCellName(max(1, len(cells)), row+i)
		f.SetCellStyle(instructionsSheet, fmt.Sprintf("A%d", row+i), last, wrap)
		if i == 0 {
			f.SetRowStyle(instructionsSheet, row, row, bold)
		}
	}
	f.SetColWidth(instructionsSheet, "A", "A", 14)
	f.SetColWidth(instructionsSheet, "B", "B", 24)
	f.SetColWidth(instructionsSheet, "C", "C", 12)
	f.SetColWidth(instructionsSheet, "D", "D", 100)
}

// writeDataSheet writes a sheet's header, bold and frozen, and its
// examples; date, when set, formats its date columns.
func writeDataSheet(f *excelize.File, sh DataSheet, bold, date int) {
	for i, col := range sh.Columns {
		name, _ := excelize.ColumnNumberToName(i + 1)
		if date != 0 && slices.Contains(sh.Dates, col) {
			f.SetColStyle(sh.Name, name, date)
		}
		f.SetCellValue(sh.Name, name+"1", col)
	}
	for r, row := range sh.Examples {
		for i, v := range row {
			cell, _ := excelize.CoordinatesToCellName(i+1, r+2)
			f.SetCellValue(sh.Name, cell, v)
		}
	}
	f.SetRowStyle(sh.Name, 1, 1, bold)
	last, _ := excelize.ColumnNumberToName(max(1, len(sh.Columns)))
	f.SetColWidth(sh.Name, "A", last, 18)
	f.SetPanes(sh.Name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// offerChoices gives each column of sh that takes a few words a drop-down
// list of them, which warns of another value without refusing it.
func offerChoices(f *excelize.File, sh DataSheet, choices []Choices) {
	for _, c := range choices {
		i := slices.Index(sh.Columns, c.Column)
		if i < 0 {
			continue
		}
		name, _ := excelize.ColumnNumberToName(i + 1)
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("%s2:%s%d", name, name, bookRows+1)
		if err := dv.SetDropList(c.Values); err != nil {
			continue
		}
		dv.SetError(excelize.DataValidationErrorStyleWarning, "Valor fuera de la lista", "Use uno de los valores de la lista.")
		f.AddDataValidation(sh.Name, dv)
	}
}

// writeCodes writes, from row on, each coded column's codes with their
// names, then the words each column of choices takes.
func writeCodes(f *excelize.File, row int, codes []Codes, choices []Choices, bold int) {
	for _, c := range codes {
		f.SetSheetRow(codesSheet, fmt.Sprintf("A%d", row), &[]any{c.Column, "nombre"})
		f.SetRowStyle(codesSheet, row, row, bold)
		row++
		for _, e := range c.Entries {
			f.SetSheetRow(codesSheet, fmt.Sprintf("A%d", row), &[]any{e.Code, e.Name})
			row++
		}
		row++
	}
	for _, c := range choices {
		f.SetSheetRow(codesSheet, fmt.Sprintf("A%d", row), &[]any{c.Column, strings.Join(c.Values, " | ")})
		row++
	}
	f.SetColWidth(codesSheet, "A", "A", 24)
	f.SetColWidth(codesSheet, "B", "B", 80)
}

func workbookBytes(f *excelize.File) ([]byte, error) {
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		return nil, fmt.Errorf("render: template: %w", err)
	}
	return out.Bytes(), nil
}
