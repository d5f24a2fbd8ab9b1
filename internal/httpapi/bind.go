package httpapi

import (
	"bytes"
	"encoding/json"
	"io"
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
	return nil
}

// derefAs reads an optional value of a string type.
func derefAs[T ~string](v *T) T {
	if v == nil {
		return ""
	}
	return *v
}
