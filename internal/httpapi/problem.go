package httpapi

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"sintra/internal/apperr"
)

// problem is an RFC 9457 problem details body.
type problem struct {
	Type      string              `json:"type"`
	Title     string              `json:"title"`
	Status    int                 `json:"status"`
	Code      apperr.Code         `json:"code"`
	Detail    string              `json:"detail,omitempty"`
	RequestID string              `json:"request_id,omitempty"`
	Errors    []apperr.FieldError `json:"errors,omitempty"`
	// Duplicates lists possible duplicates of a víctima being registered.
	Duplicates any `json:"duplicates,omitempty"`
	// RowErrors lists the invalid cells of an imported spreadsheet.
	RowErrors any `json:"row_errors,omitempty"`
}

// statusOf is the one place codes become HTTP statuses.
var statusOf = map[apperr.Code]int{
	apperr.Invalid:            http.StatusBadRequest,
	apperr.Unauthenticated:    http.StatusUnauthorized,
	apperr.MFARequired:        http.StatusUnauthorized,
	apperr.Forbidden:          http.StatusForbidden,
	apperr.PasswordChange:     http.StatusForbidden,
	apperr.MFAEnrollment:      http.StatusForbidden,
	apperr.NotFound:           http.StatusNotFound,
	apperr.MethodNotAllowed:   http.StatusMethodNotAllowed,
	apperr.Conflict:           http.StatusConflict,
	apperr.Unprocessable:      http.StatusUnprocessableEntity,
	apperr.PreconditionFailed: http.StatusPreconditionFailed,
	apperr.PreconditionNeeded: http.StatusPreconditionRequired,
	apperr.PayloadTooLarge:    http.StatusRequestEntityTooLarge,
	apperr.UnsupportedMedia:   http.StatusUnsupportedMediaType,
	apperr.TooManyRequests:    http.StatusTooManyRequests,
	apperr.Unavailable:        http.StatusServiceUnavailable,
	apperr.Internal:           http.StatusInternalServerError,
}

// titles are the Spanish titles of errors raised by Echo itself.
var titles = map[apperr.Code]string{
	apperr.Invalid:          "La solicitud no es válida.",
	apperr.Unauthenticated:  "Se requiere iniciar sesión.",
	apperr.Forbidden:        "No tiene permiso para esta acción.",
	apperr.NotFound:         "El recurso solicitado no existe.",
	apperr.MethodNotAllowed: "Método no permitido para este recurso.",
	apperr.PayloadTooLarge:  "La solicitud es demasiado grande.",
	apperr.UnsupportedMedia: "Tipo de contenido no admitido.",
	apperr.TooManyRequests:  "Demasiadas solicitudes; intente más tarde.",
	apperr.Unavailable:      "El servicio no está disponible por el momento; intente más tarde.",
	apperr.Internal:         "Ocurrió un error interno. Si persiste, informe el identificador de la solicitud.",
}

// codeOfStatus maps the statuses Echo raises to codes.
func codeOfStatus(status int) apperr.Code {
	for _, code := range []apperr.Code{apperr.Invalid, apperr.Unauthenticated, apperr.Forbidden, apperr.NotFound,
		apperr.MethodNotAllowed, apperr.PayloadTooLarge, apperr.UnsupportedMedia, apperr.TooManyRequests, apperr.Unavailable} {
		if statusOf[code] == status {
			return code
		}
	}
	return apperr.Internal
}

// errorHandler writes every error as application/problem+json. Internal
// errors are logged with the request id and shown only as a generic title.
func errorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		p := toProblem(err)
		p.RequestID = c.Response().Header().Get(echo.HeaderXRequestID)
		if p.Status >= 500 {
			log.Error("request failed", "request_id", p.RequestID, "method", c.Request().Method,
				"route", c.Path(), "status", p.Status, "error", err)
		}
		c.Response().Header().Set(echo.HeaderContentType, "application/problem+json")
		c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
		if e, ok := apperr.As(err); ok && e.RetryAfter > 0 {
			c.Response().Header().Set("Retry-After", strconv.Itoa(int(e.RetryAfter.Seconds()+0.999)))
		}
		if c.Request().Method == http.MethodHead {
			c.NoContent(p.Status)
			return
		}
		c.JSON(p.Status, p)
	}
}

func toProblem(err error) problem {
	var he *echo.HTTPError
	if errors.As(err, &he) {
		code := codeOfStatus(he.Code)
		return problem{Type: "about:blank", Title: titles[code], Status: statusOf[code], Code: code}
	}
	e, ok := apperr.As(err)
	if !ok || e.Code == apperr.Internal {
		return problem{Type: "about:blank", Title: titles[apperr.Internal], Status: 500, Code: apperr.Internal}
	}
	title := e.Message
	if title == "" {
		title = titles[e.Code]
	}
	return problem{Type: "about:blank", Title: title, Status: statusOf[e.Code], Code: e.Code, Errors: e.Fields,
		Duplicates: e.Extensions["duplicates"], RowErrors: e.Extensions["row_errors"]}
}
