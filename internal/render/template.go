package render

import (
	"bytes"
	"fmt"
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
	for i, col := range t.Columns {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		f.SetCellValue(t.Sheet, cell, col)
	}
	for i, v := range t.Example {
		cell, _ := excelize.CoordinatesToCellName(i+1, 2)
		f.SetCellValue(t.Sheet, cell, v)
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	f.SetRowStyle(t.Sheet, 1, 1, bold)
	last, _ := excelize.ColumnNumberToName(max(1, len(t.Columns)))
	f.SetColWidth(t.Sheet, "A", last, 18)
	f.SetPanes(t.Sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})

	f.NewSheet(codesSheet)
	f.SetSheetRow(codesSheet, "A1", &[]any{t.Instructions})
	row := 3
	for _, c := range t.Codes {
		f.SetSheetRow(codesSheet, fmt.Sprintf("A%d", row), &[]any{c.Column, "nombre"})
		f.SetRowStyle(codesSheet, row, row, bold)
		row++
		for _, e := range c.Entries {
			f.SetSheetRow(codesSheet, fmt.Sprintf("A%d", row), &[]any{e.Code, e.Name})
			row++
		}
		row++
	}
	for _, c := range t.Choices {
		f.SetSheetRow(codesSheet, fmt.Sprintf("A%d", row), &[]any{c.Column, strings.Join(c.Values, " | ")})
		row++
	}
	f.SetColWidth(codesSheet, "A", "A", 24)
	f.SetColWidth(codesSheet, "B", "B", 80)
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		return nil, fmt.Errorf("render: template: %w", err)
	}
	return out.Bytes(), nil
}
