package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/labstack/echo/v4"

	"sintra/api"
	"sintra/internal/apperr"
)

// contract routes each request to its operation in api/openapi.yaml,
// enforces the operation's x-permission, validates the request against
// the contract, and keeps each user to a rate of the operations marked
// x-expensive, before a handler sees it. Paths outside the contract (the
// web pages, the docs) pass through to Echo's router.
type contract struct {
	router  routers.Router
	options *openapi3filter.Options
	// access holds each operation's x-permission, by operation id.
	access map[string]access
}

func newContract() (*contract, error) {
	doc, err := loadContract()
	if err != nil {
		return nil, err
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("httpapi: contract router: %w", err)
	}
	byOperation := map[string]access{}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if byOperation[op.OperationID], err = accessOf(op); err != nil {
				return nil, err
			}
		}
	}
	return &contract{router: router, access: byOperation, options: &openapi3filter.Options{
		MultiError:         true,
		AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
	}}, nil
}

func loadContract() (*openapi3.T, error) {
	doc, err := openapi3.NewLoader().LoadFromData(api.Spec)
	if err != nil {
		return nil, fmt.Errorf("httpapi: load contract: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("httpapi: invalid contract: %w", err)
	}
	return doc, nil
}

func (ct *contract) middleware(guard *guard) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			route, params, err := ct.router.FindRoute(c.Request())
			if err != nil {
				if errors.Is(err, routers.ErrMethodNotAllowed) {
					return echo.ErrMethodNotAllowed
				}
				return next(c)
			}
			if err := guard.check(c, ct.access[route.Operation.OperationID]); err != nil {
				return err
			}
			if err := checkParamText(c.Request().URL.Query(), params); err != nil {
				return err
			}
			input := &openapi3filter.RequestValidationInput{
				Request: c.Request(), PathParams: params, Route: route, Options: ct.options,
			}
			// A file upload is checked by its handler, not as a JSON body.
			if raw, _ := route.Operation.Extensions["x-raw-body"].(bool); raw {
				opts := *ct.options
				opts.ExcludeRequestBody = true
				input.Options = &opts
			}
			if err := openapi3filter.ValidateRequest(c.Request().Context(), input); err != nil {
				return validationError(err)
			}
			if expensive, _ := route.Operation.Extensions["x-expensive"].(bool); expensive {
				if err := guard.limit(c); err != nil {
					return err
				}
			}
			return next(c)
		}
	}
}

// checkParamText refuses query and path parameters whose decoded text
// PostgreSQL cannot store (a NUL, or bytes that are not UTF-8), naming each.
func checkParamText(query url.Values, path map[string]string) error {
	var fields []apperr.FieldError
	for name, values := range query {
		if !storable(name) || slices.ContainsFunc(values, func(v string) bool { return !storable(v) }) {
			fields = append(fields, apperr.FieldError{Field: strings.ToValidUTF8(strings.ReplaceAll(name, "\x00", ""), ""), Message: invalidText})
		}
	}
	for name, value := range path {
		if !storable(value) {
			fields = append(fields, apperr.FieldError{Field: name, Message: invalidText})
		}
	}
	if len(fields) == 0 {
		return nil
	}
	slices.SortFunc(fields, func(a, b apperr.FieldError) int { return strings.Compare(a.Field, b.Field) })
	return apperr.Validation(fields...)
}

// validationError lists each failure by field with a Spanish message. It
// never repeats the submitted value, which may be personal data.
func validationError(err error) error {
	var fields []apperr.FieldError
	var walk func(err error, field string)
	walk = func(err error, field string) {
		switch e := err.(type) {
		case openapi3.MultiError:
			for _, inner := range e {
				walk(inner, field)
			}
		case *openapi3filter.RequestError:
			if e.Parameter != nil {
				field = e.Parameter.Name
			}
			if e.Err != nil {
				walk(e.Err, field)
				return
			}
			fields = append(fields, apperr.FieldError{Field: field, Message: "Valor ausente o con formato incorrecto."})
		case *openapi3.SchemaError:
			if path := strings.Join(e.JSONPointer(), "."); path != "" {
				field = strings.TrimPrefix(field+"."+path, ".")
			}
			fields = append(fields, apperr.FieldError{Field: field, Message: schemaMessage(e.SchemaField)})
		default:
			if inner := errors.Unwrap(err); inner != nil {
				walk(inner, field)
				return
			}
			fields = append(fields, apperr.FieldError{Field: field, Message: "La solicitud no coincide con el contrato de la API."})
		}
	}
	walk(err, "")
	e := apperr.Validation(fields...)
	e.Err = err
	return e
}

var schemaMessages = map[string]string{
	"required":             "Este campo es obligatorio.",
	"type":                 "El tipo de dato no es el esperado.",
	"pattern":              "El valor no tiene el formato esperado.",
	"format":               "El valor no tiene el formato esperado.",
	"enum":                 "El valor no está entre las opciones permitidas.",
	"minLength":            "El valor es demasiado corto.",
	"maxLength":            "El valor es demasiado largo.",
	"minimum":              "El valor es menor que el mínimo permitido.",
	"maximum":              "El valor es mayor que el máximo permitido.",
	"minItems":             "Faltan elementos en la lista.",
	"maxItems":             "La lista tiene demasiados elementos.",
	"additionalProperties": "Campo no permitido.",
}

func schemaMessage(field string) string {
	if m, ok := schemaMessages[field]; ok {
		return m
	}
	return "El valor no es válido."
}
