package sheetimport

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"sintra/internal/render"
)

// maxRows bounds each sheet of an import.
const maxRows = 5000

// RowError is one problem of an import, where the spreadsheet shows it:
// the sheet, the row as the spreadsheet numbers it (the header is 1) and
// the column. Its message never repeats what the cell holds.
type RowError struct {
	Sheet   string `json:"sheet"`
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

// record is one row of a sheet: where it stands and its cells by column.
type record struct {
	sheet string
	row   int
	cells map[string]string
}

// cell is the text of a column, without surrounding spaces.
func (r record) cell(col string) string { return strings.TrimSpace(r.cells[col]) }

// book is what an uploaded file holds, by sheet.
type book struct {
	victims, casos, services []record
	// xlsx is set for a workbook, whose dates may be serial numbers.
	xlsx bool
}

// readBook reads an XLSX workbook or, failing its signature, a CSV file.
// What is wrong with its layout (a sheet or a column missing or unknown, a
// CSV row that contradicts an earlier one) comes back as RowErrors; a file
// that is neither is an error.
func readBook(data []byte) (book, []RowError, error) {
	if bytes.HasPrefix(data, []byte("PK")) {
		return readWorkbook(data)
	}
	// The header and one row past the most a sheet may have, to tell.
	sheet, err := render.CSVRows(data, maxRows+2)
	if err != nil {
		return book{}, nil, err
	}
	recs, problems := table(SheetCSV, csvColumns, sheet.Rows)
	if sheet.More && len(problems) == 0 {
		problems = []RowError{tooManyRows(SheetCSV, len(sheet.Rows)+1)}
	}
	if len(problems) > 0 {
		return book{}, problems, nil
	}
	b, problems := splitCSV(recs)
	return b, problems, nil
}

// readWorkbook reads the Víctimas, Casos and Servicios sheets of a
// workbook, by name; other sheets (the instructions, the catalogs) are
// left alone.
func readWorkbook(data []byte) (book, []RowError, error) {
	b := book{xlsx: true}
	kinds := []sheetKind{{SheetVictimas, victimColumns, &b.victims}, {SheetCasos, casoColumns, &b.casos},
		{SheetServicios, serviceColumns, &b.services}}
	kind := func(sheet string) int {
		return slices.IndexFunc(kinds, func(k sheetKind) bool { return key(k.name) == key(sheet) })
	}
	// The header and one row past the most a sheet may have, to tell.
	sheets, err := render.XLSXSheets(data, func(name string) bool { return kind(name) >= 0 }, maxRows+2)
	if err != nil {
		return book{}, nil, err
	}
	var problems []RowError
	found := map[string]bool{}
	for _, sh := range sheets {
		k := kinds[kind(sh.Name)]
		if found[k.name] {
			problems = append(problems, RowError{Sheet: k.name, Row: 1, Message: "El libro tiene más de una hoja con este nombre."})
			continue
		}
		found[k.name] = true
		recs, p := table(k.name, k.cols, sh.Rows)
		if sh.More && len(p) == 0 {
			p = []RowError{tooManyRows(k.name, len(sh.Rows)+1)}
		}
		*k.into, problems = recs, append(problems, p...)
	}
	if len(found) == 0 {
		problems = append(problems, RowError{Sheet: SheetVictimas, Row: 1,
			Message: "El libro no tiene las hojas Víctimas, Casos ni Servicios; use la plantilla."})
	}
	return b, problems, nil
}

// sheetKind is a sheet of the template: its name, its columns and where
// its records go.
type sheetKind struct {
	name string
	cols []column
	into *[]record
}

// table reads a sheet's rows by its header: each data row, not blank, as a
// record of its cells by column.
func table(sheet string, cols []column, rows [][]string) ([]record, []RowError) {
	var problems []RowError
	add := func(row int, col, msg string) {
		problems = append(problems, RowError{Sheet: sheet, Row: row, Column: col, Message: msg})
	}
	if len(rows) == 0 {
		return nil, nil
	}
	at := map[int]string{}
	for i, h := range rows[0] {
		if strings.TrimSpace(h) == "" {
			continue
		}
		c, ok := findColumn(cols, h)
		switch {
		case !ok:
			add(1, letter(i), "La columna no es de la plantilla; revise su encabezado.")
		case containsValue(at, c.name):
			add(1, c.name, "La columna está repetida.")
		default:
			at[i] = c.name
		}
	}
	for _, c := range cols {
		if c.required && !containsValue(at, c.name) {
			add(1, c.name, "Falta la columna; use la plantilla.")
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	var out []record
	for r, cells := range rows[1:] {
		rec := record{sheet: sheet, row: r + 2, cells: map[string]string{}}
		for i, v := range cells {
			if strings.TrimSpace(v) == "" {
				continue
			}
			col, ok := at[i]
			switch {
			case !ok:
				add(rec.row, letter(i), "Hay un dato en una columna sin encabezado.")
			case !utf8.ValidString(v) || strings.ContainsRune(v, 0):
				add(rec.row, col, "El texto contiene caracteres no válidos; si el archivo es CSV, guárdelo como CSV UTF-8.")
			default:
				rec.cells[col] = v
			}
		}
		if len(rec.cells) > 0 {
			out = append(out, rec)
		}
	}
	if len(out) > maxRows {
		return nil, []RowError{tooManyRows(sheet, out[maxRows].row)}
	}
	return out, problems
}

// tooManyRows is the problem of a sheet whose row at holds data past the
// most a sheet may have.
func tooManyRows(sheet string, at int) RowError {
	return RowError{Sheet: sheet, Row: at, Message: fmt.Sprintf("La hoja tiene más de %d filas; divida el archivo.", maxRows)}
}

func containsValue(m map[int]string, v string) bool {
	for _, x := range m {
		if x == v {
			return true
		}
	}
	return false
}

// letter is the spreadsheet's name of the column at index i: A, B, … Z,
// AA, AB…
func letter(i int) string {
	name := ""
	for n := i + 1; n > 0; n = (n - 1) / 26 {
		name = string(rune('A'+(n-1)%26)) + name
	}
	return name
}
