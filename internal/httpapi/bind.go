package httpapi

import (
	"encoding/json"

	"github.com/labstack/echo/v4"

	"sintra/internal/apperr"
)

// bindJSON decodes the request body into v, refusing unknown fields. The
// contract has validated the body already; this is the second line.
func bindJSON(c echo.Context, v any) error {
	dec := json.NewDecoder(c.Request().Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return apperr.Wrap(apperr.Invalid, "El cuerpo de la solicitud no es JSON válido.", err)
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
