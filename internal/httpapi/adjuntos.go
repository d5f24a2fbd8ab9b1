package httpapi

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"sintra/api"
	"sintra/internal/adjuntos"
	"sintra/internal/apperr"
	"sintra/internal/audit"
)

// maxFormField bounds a text field of an upload form.
const maxFormField = 4 << 10

// maxUploadBytes bounds a whole upload: the file and the form around it.
const maxUploadBytes = adjuntos.MaxBytes + 64<<10

// errTooLarge refuses a file over adjuntos.MaxBytes.
var errTooLarge = apperr.New(apperr.PayloadTooLarge, "El archivo supera los 10 MB.")

// CreateAdjunto attaches a document to a víctima's record.
func (h *handlers) CreateAdjunto(c echo.Context, id api.RecordID) error {
	return h.attach(c, adjuntos.Victima, id)
}

// CreateCasoAdjunto attaches a document to an expediente.
func (h *handlers) CreateCasoAdjunto(c echo.Context, id api.RecordID) error {
	return h.attach(c, adjuntos.Caso, id)
}

// CreateCarpetaAdjunto attaches a document to a carpeta.
func (h *handlers) CreateCarpetaAdjunto(c echo.Context, id api.RecordID) error {
	return h.attach(c, adjuntos.Carpeta, id)
}

// CreateSesionAdjunto attaches a document to a session of the Grupo de Trabajo.
func (h *handlers) CreateSesionAdjunto(c echo.Context, id api.RecordID) error {
	return h.attach(c, adjuntos.Sesion, id)
}

// attach attaches the document uploaded to a record of recordType.
func (h *handlers) attach(c echo.Context, recordType string, id api.RecordID) error {
	in, err := readUpload(c)
	if err != nil {
		return err
	}
	a, err := h.deps.Adjuntos.Attach(c.Request().Context(), principalOf(c), recordType, id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, adjuntoDTO(adjuntos.Listed{Adjunto: a}))
}

// readUpload reads a multipart upload in memory, never on disk: the file
// is personal data.
func readUpload(c echo.Context) (adjuntos.Upload, error) {
	var in adjuntos.Upload
	c.Request().Body = http.MaxBytesReader(c.Response(), c.Request().Body, maxUploadBytes)
	mr, err := c.Request().MultipartReader()
	if err != nil {
		return in, apperr.New(apperr.UnsupportedMedia, "Envíe el documento como multipart/form-data, con los campos kind, description y file.")
	}
	seen := false
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return in, uploadError(err)
		}
		switch part.FormName() {
		case "kind", "description":
			b, err := io.ReadAll(io.LimitReader(part, maxFormField+1))
			if err != nil || len(b) > maxFormField {
				return in, apperr.Validation(apperr.FieldError{Field: part.FormName(), Message: "El campo es demasiado largo."})
			}
			if part.FormName() == "kind" {
				in.Kind = string(b)
			} else {
				in.Description = string(b)
			}
		case "file":
			in.Name, seen = part.FileName(), true
			if in.Content, err = io.ReadAll(io.LimitReader(part, adjuntos.MaxBytes+1)); err != nil {
				return in, uploadError(err)
			}
			if len(in.Content) > adjuntos.MaxBytes {
				return in, errTooLarge
			}
		default:
			return in, apperr.Validation(apperr.FieldError{Field: "body", Message: "El formulario lleva un campo desconocido."})
		}
	}
	if !seen {
		return in, apperr.Validation(apperr.FieldError{Field: "file", Message: "Adjunte el archivo."})
	}
	return in, nil
}

// uploadError says why an upload could not be read.
func uploadError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return errTooLarge
	}
	return apperr.Wrap(apperr.Invalid, "No se pudo leer el formulario enviado.", err)
}

// ListVictimAdjuntos lists a víctima's documents; their names only for a stated reason.
func (h *handlers) ListVictimAdjuntos(c echo.Context, id api.RecordID, params api.ListVictimAdjuntosParams) error {
	return h.listAdjuntos(c, adjuntos.Victima, id, params)
}

// ListCasoAdjuntos lists an expediente's documents; their names only for a stated reason.
func (h *handlers) ListCasoAdjuntos(c echo.Context, id api.RecordID, params api.ListCasoAdjuntosParams) error {
	return h.listAdjuntos(c, adjuntos.Caso, id, api.ListVictimAdjuntosParams(params))
}

// ListCarpetaAdjuntos lists a carpeta's documents; their names only for a stated reason.
func (h *handlers) ListCarpetaAdjuntos(c echo.Context, id api.RecordID, params api.ListCarpetaAdjuntosParams) error {
	return h.listAdjuntos(c, adjuntos.Carpeta, id, api.ListVictimAdjuntosParams(params))
}

// ListSesionAdjuntos lists a session's documents; their names only for a stated reason.
func (h *handlers) ListSesionAdjuntos(c echo.Context, id api.RecordID, params api.ListSesionAdjuntosParams) error {
	return h.listAdjuntos(c, adjuntos.Sesion, id, api.ListVictimAdjuntosParams(params))
}

// listAdjuntos lists the documents of a record of recordType; the
// parameters of every listing are the víctima's.
func (h *handlers) listAdjuntos(c echo.Context, recordType string, id api.RecordID, params api.ListVictimAdjuntosParams) error {
	var reason *audit.Reason
	if params.XMotivoConsulta != nil {
		r := reasonOf(*params.XMotivoConsulta, params.XMotivoDetalle)
		reason = &r
	}
	found, err := h.deps.Adjuntos.Of(c.Request().Context(), principalOf(c), recordType, id, reason)
	if err != nil {
		return err
	}
	out := api.AdjuntoList{Items: make([]api.AdjuntoRecord, len(found))}
	for i, a := range found {
		out.Items[i] = adjuntoDTO(a)
	}
	return c.JSON(http.StatusOK, out)
}

// GetAdjunto downloads a document for a stated reason.
func (h *handlers) GetAdjunto(c echo.Context, id api.RecordID, params api.GetAdjuntoParams) error {
	f, err := h.deps.Adjuntos.Download(c.Request().Context(), principalOf(c), id, reasonOf(params.XMotivoConsulta, params.XMotivoDetalle))
	if err != nil {
		return err
	}
	header := c.Response().Header()
	header.Set(echo.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	header.Set("X-Content-Type-Options", "nosniff")
	return c.Blob(http.StatusOK, f.ContentType, f.Content)
}

// VoidAdjunto voids a document attached by mistake, for a reason.
func (h *handlers) VoidAdjunto(c echo.Context, id api.RecordID) error {
	var req api.Voiding
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if err := h.deps.Adjuntos.Void(c.Request().Context(), principalOf(c), id, reasonFor(req.ReasonCode, req.ReasonText)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func adjuntoDTO(a adjuntos.Listed) api.AdjuntoRecord {
	out := api.AdjuntoRecord{Id: a.ID, Kind: api.AdjuntoKind(a.Kind), ContentType: api.AdjuntoRecordContentType(a.ContentType),
		Size: a.Size, AttachedBy: a.CreatedByName, AttachedAt: a.CreatedAt.UTC(), Voided: a.VoidedAt != nil}
	if a.Opened {
		name, description := a.Name, a.Description
		out.Name, out.Description = &name, &description
	}
	if a.VoidedAt != nil {
		at := a.VoidedAt.UTC()
		by := a.VoidedByName
		out.VoidedAt, out.VoidedBy, out.VoidReason = &at, &by, (*api.CorrectionReasonCode)(a.VoidReason)
	}
	return out
}

// uploadPrefixes are the paths, before a record's id, of the records that
// take uploads (at <prefix><id>/adjuntos).
var uploadPrefixes = []string{"/api/v1/victimas/", "/api/v1/casos/", "/api/v1/carpetas/", "/api/v1/grupo-trabajo/sesiones/"}

// uploadPath says whether a path takes an upload, whose handler bounds
// its body (see maxUploadBytes).
func uploadPath(path string) bool {
	for _, prefix := range uploadPrefixes {
		if rest, ok := strings.CutPrefix(path, prefix); ok {
			id, tail, _ := strings.Cut(rest, "/")
			return id != "" && tail == "adjuntos"
		}
	}
	return false
}
