package sheetimport

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"sintra/internal/render"
)

// problem is one invalid cell of a record: its column and why, in Spanish.
type problem struct {
	column, message string
}

// cells reads the values of one record, noting each cell that does not
// parse. No message repeats what the cell holds.
type cells struct {
	rec record
	// cols are the columns of the record's sheet, which say what is required.
	cols []column
	// xlsx takes a number in a date column as the spreadsheet's date.
	xlsx     bool
	problems []problem
}

func (c *cells) add(col, msg string) { c.problems = append(c.problems, problem{col, msg}) }

// text is a column's text; empty, if the column is required, is a problem.
func (c *cells) text(col string) string {
	v := c.rec.cell(col)
	if v == "" && c.required(col) {
		c.add(col, "Este dato es obligatorio.")
	}
	return v
}

func (c *cells) required(col string) bool {
	for _, k := range c.cols {
		if k.name == col {
			return k.required
		}
	}
	return false
}

// date reads AAAA-MM-DD, DD/MM/AAAA or, in a workbook, the spreadsheet's
// date serial number.
func (c *cells) date(col string) *time.Time {
	v := c.text(col)
	if v == "" {
		return nil
	}
	if d, ok := parseDate(v, c.xlsx); ok {
		return &d
	}
	c.add(col, "La fecha debe ser una fecha de la hoja de cálculo, o tener el formato DD/MM/AAAA o AAAA-MM-DD.")
	return nil
}

// parseDate reads a date as date reads it.
func parseDate(v string, xlsx bool) (time.Time, bool) {
	for _, layout := range []string{time.DateOnly, "02/01/2006", "2/1/2006"} {
		if d, err := time.Parse(layout, v); err == nil {
			return d, true
		}
	}
	// 1 is 1 January 1900; 80000 falls in 2119.
	if serial, err := strconv.ParseFloat(v, 64); xlsx && err == nil && serial >= 1 && serial < 80000 {
		d, err := render.ExcelDate(serial)
		return d, err == nil
	}
	return time.Time{}, false
}

// integer reads a whole number, written with or without thousands
// separators or the ".0" of a number stored as a fraction.
func (c *cells) integer(col string) *int32 {
	v := c.text(col)
	if v == "" {
		return nil
	}
	n, err := strconv.ParseInt(strings.ReplaceAll(strings.TrimSuffix(v, ".0"), ",", ""), 10, 32)
	switch {
	case errors.Is(err, strconv.ErrRange):
		c.add(col, "El número es demasiado grande.")
		return nil
	case err != nil:
		c.add(col, "Debe ser un número entero.")
		return nil
	}
	n32 := int32(n)
	return &n32
}

// yes and no are the words a yes-or-no column takes, by key.
var yes, no = []string{"SI", "S", "1", "VERDADERO", "TRUE"}, []string{"NO", "N", "0", "FALSO", "FALSE"}

// yesNo reads sí or no.
func (c *cells) yesNo(col string) *bool {
	v := c.text(col)
	if v == "" {
		return nil
	}
	for _, answer := range []bool{true, false} {
		words := no
		if answer {
			words = yes
		}
		for _, w := range words {
			if key(v) == w {
				return &answer
			}
		}
	}
	c.add(col, "Escriba sí o no.")
	return nil
}

// choice reads one of a few words: a value's code or, by its key, one of
// aliases (another way of writing a value).
func (c *cells) choice(col string, values []string, aliases map[string]string, msg string) string {
	v := c.text(col)
	if v == "" {
		return ""
	}
	for _, code := range values {
		if key(code) == key(v) {
			return code
		}
	}
	if code, ok := aliases[key(v)]; ok {
		return code
	}
	c.add(col, msg)
	return ""
}

// code reads an entry of a catalog by its code or its name.
func (c *cells) code(col string, cat catalog) *string {
	v := c.text(col)
	if v == "" {
		return nil
	}
	code, ok := c.lookup(col, cat, v)
	if !ok {
		return nil
	}
	return &code
}

// codes reads entries of a catalog separated by semicolons.
func (c *cells) codes(col string, cat catalog) []string {
	var out []string
	for _, part := range strings.FieldsFunc(c.text(col), func(r rune) bool { return r == ';' || r == '|' }) {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		if code, ok := c.lookup(col, cat, part); ok {
			out = append(out, code)
		}
	}
	return out
}

func (c *cells) lookup(col string, cat catalog, v string) (string, bool) {
	code, ok := cat[key(v)]
	switch {
	case !ok:
		c.add(col, "No está en el catálogo (hoja Catálogos de la plantilla): escriba la clave o el nombre.")
	case code == "":
		c.add(col, "El nombre corresponde a más de una entrada del catálogo: escriba la clave.")
	}
	return code, ok && code != ""
}

// catalog maps the key of each entry's code, and of its name, to its code;
// a name two entries share maps to "", for neither can be told.
type catalog map[string]string
