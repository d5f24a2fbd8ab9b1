package sheetimport

import "fmt"

// splitCSV splits the rows of a CSV file into the sheets of a workbook. Each
// row is a víctima; when it fills a caso's columns it describes the caso
// its clave_caso names, and when it fills a service's columns it gives her
// a service. A row repeating an earlier row's clave_victima adds another
// service to the same víctima, and one repeating a clave_caso names the
// same caso: their other cells of the víctima or the caso must be empty
// or the same as the earlier row's.
func splitCSV(recs []record) (book, []RowError) {
	var b book
	var problems []RowError
	victimsByKey, casosByKey := map[string]record{}, map[string]record{}
	for _, rec := range recs {
		problems = append(problems, keep(&b.victims, victimsByKey, part(rec, victimColumns), victimColumns)...)
		if c := part(rec, casoColumns); filled(c, casoColumns[1:]) && rec.cell("clave_caso") == "" {
			problems = append(problems, RowError{Sheet: SheetCSV, Row: rec.row, Column: "clave_caso",
				Message: "La fila describe un expediente: indique su clave_caso."})
		} else if filled(c, casoColumns[1:]) {
			problems = append(problems, keep(&b.casos, casosByKey, c, casoColumns)...)
		}
		if s := part(rec, serviceColumns); filled(s, serviceColumns[1:]) {
			b.services = append(b.services, s)
		}
	}
	return b, problems
}

// keep appends rec to a sheet's records unless an earlier one has its key
// (its first column), with which it must then agree. Records without a key
// are each kept.
func keep(into *[]record, byKey map[string]record, rec record, cols []column) []RowError {
	k := rec.cell(cols[0].name)
	if first, seen := byKey[k]; seen && k != "" {
		return disagreements(first, rec, cols)
	}
	byKey[k] = rec
	*into = append(*into, rec)
	return nil
}

// part is the record of rec's cells in cols.
func part(rec record, cols []column) record {
	out := record{sheet: rec.sheet, row: rec.row, cells: map[string]string{}}
	for _, c := range cols {
		if v, ok := rec.cells[c.name]; ok {
			out.cells[c.name] = v
		}
	}
	return out
}

// filled says whether rec has a value in any of cols.
func filled(rec record, cols []column) bool {
	for _, c := range cols {
		if rec.cell(c.name) != "" {
			return true
		}
	}
	return false
}

// disagreements names each cell of a later row that contradicts the first
// row with the same key: neither empty nor the same value.
func disagreements(first, later record, cols []column) []RowError {
	var out []RowError
	for _, c := range cols {
		if v := later.cell(c.name); v != "" && v != first.cell(c.name) {
			out = append(out, RowError{Sheet: later.sheet, Row: later.row, Column: c.name,
				Message: fmt.Sprintf("No coincide con la fila %d, que tiene la misma clave: deje la celda vacía o repita el mismo dato.", first.row)})
		}
	}
	return out
}
