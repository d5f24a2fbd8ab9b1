package httpapi

import (
	"bytes"
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"sintra/internal/apperr"
)

// bindJSON decodes the request body into v, refusing unknown fields. The
// contract has validated the body already; this is the second line.
func bindJSON(c echo.Context, v any) error {
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return apperr.Wrap(apperr.Invalid, "No se pudo leer el cuerpo de la solicitud.", err)
	}
	// The decoder would turn invalid UTF-8 into U+FFFD and store it.
	if !utf8.Valid(body) {
		return apperr.New(apperr.Invalid, "El texto enviado no está en UTF-8 válido.")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return apperr.Wrap(apperr.Invalid, "El cuerpo de la solicitud no es JSON válido.", err)
	}
	// Decode stops after the first value; anything after it is refused too.
	if _, err := dec.Token(); err != io.EOF {
		return apperr.New(apperr.Invalid, "El cuerpo de la solicitud debe ser un solo documento JSON.")
	}
	// JSON can carry a NUL only escaped, and only text holding one is walked.
	if bytes.Contains(body, []byte(`\u0000`)) {
		if fields := nulFields(body); len(fields) > 0 {
			return apperr.Validation(fields...)
		}
	}
	return nil
}

// invalidText is the message of a text that PostgreSQL cannot store: one
// holding a NUL character or bytes that are not UTF-8.
const invalidText = "El texto contiene caracteres no válidos."

// storable reports whether s can be stored as text: valid UTF-8 without NUL.
func storable(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

// nulFields names each field of the JSON document body whose text, or
// name, holds a NUL, by its path (personal.given_names, institutions.1).
func nulFields(body []byte) []apperr.FieldError {
	var doc any
	if json.Unmarshal(body, &doc) != nil {
		return nil
	}
	var fields []apperr.FieldError
	var walk func(v any, path string)
	walk = func(v any, path string) {
		switch v := v.(type) {
		case string:
			if strings.ContainsRune(v, 0) {
				fields = append(fields, apperr.FieldError{Field: path, Message: invalidText})
			}
		case []any:
			for i, item := range v {
				walk(item, joinPath(path, strconv.Itoa(i)))
			}
		case map[string]any:
			for name, item := range v {
				if strings.ContainsRune(name, 0) {
					fields = append(fields, apperr.FieldError{Field: joinPath(path, strings.ReplaceAll(name, "\x00", "")), Message: invalidText})
					continue
				}
				walk(item, joinPath(path, name))
			}
		}
	}
	walk(doc, "")
	slices.SortFunc(fields, func(a, b apperr.FieldError) int { return strings.Compare(a.Field, b.Field) })
	return fields
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// derefAs reads an optional value of a string type.
func derefAs[T ~string](v *T) T {
	if v == nil {
		return ""
	}
	return *v
}
