package adjuntos

import (
	"net/http"
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"sintra/internal/apperr"
)

// MaxBytes is the largest file accepted: 10 MiB.
const MaxBytes = 10 << 20

// Kinds are the kinds of document.
var Kinds = []string{"consentimiento", "acta", "evidencia", "identificacion", "otro"}

// extensions are the content types accepted, with the extension a
// downloaded file is given.
var extensions = map[string]string{"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}

// Table is where adjuntos are kept; the sealed columns are bound to it.
const Table = "adjuntos"

const (
	maxDescription = 500
	maxName        = 200
)

// sniff says what the content is by its first bytes: one of the accepted
// content types, or an error naming what is accepted.
func sniff(content []byte) (string, error) {
	if len(content) == 0 {
		return "", apperr.Validation(apperr.FieldError{Field: "file", Message: "El archivo está vacío."})
	}
	if len(content) > MaxBytes {
		return "", apperr.New(apperr.PayloadTooLarge, "El archivo supera los 10 MB.")
	}
	ct, _, _ := strings.Cut(http.DetectContentType(content), ";")
	if _, ok := extensions[ct]; !ok {
		return "", apperr.New(apperr.UnsupportedMedia, "El archivo no es un PDF, JPEG ni PNG; solo se aceptan esos formatos.")
	}
	return ct, nil
}

// PersonalKinds are the kinds of document that are a víctima's own: they
// go on her record alone, sealed under her key, so that her erasure
// destroys them; on an expediente, a carpeta or a session they would
// outlive it.
var PersonalKinds = []string{"consentimiento", "identificacion"}

// check validates an upload to a record of recordType, tidying its name
// and description.
func check(in *Upload, recordType string) error {
	var fields []apperr.FieldError
	switch {
	case !slices.Contains(Kinds, in.Kind):
		fields = append(fields, apperr.FieldError{Field: "kind",
			Message: "Elija el tipo de documento: consentimiento, acta, evidencia, identificación u otro."})
	case recordType != Victima && slices.Contains(PersonalKinds, in.Kind):
		fields = append(fields, apperr.FieldError{Field: "kind",
			Message: "Los consentimientos y las identificaciones se adjuntan en el registro de la víctima, para que su supresión los destruya."})
	}
	in.Description = strings.TrimSpace(in.Description)
	switch {
	case !utf8.ValidString(in.Description) || strings.ContainsFunc(in.Description, func(c rune) bool { return unicode.IsControl(c) && c != '\n' }):
		fields = append(fields, apperr.FieldError{Field: "description", Message: "La descripción contiene caracteres no válidos."})
	case utf8.RuneCountInString(in.Description) > maxDescription:
		fields = append(fields, apperr.FieldError{Field: "description", Message: "La descripción es demasiado larga (500 caracteres como máximo)."})
	}
	if len(fields) > 0 {
		return apperr.Validation(fields...)
	}
	in.Name = cleanName(in.Name)
	return nil
}

// cleanName keeps of a file's name what is safe to store and show: its
// last path element, without control characters or quotes, trimmed to
// maxName characters; "documento" when nothing is left.
func cleanName(name string) string {
	name = strings.ToValidUTF8(name, "")
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || strings.ContainsRune(`"/\<>:*?|`, r) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(strings.Trim(name, ". "))
	if r := []rune(name); len(r) > maxName {
		name = string(r[:maxName])
	}
	if name == "" {
		return "documento"
	}
	return name
}

// FileName is the name a downloaded file is given: its original name with
// the extension of what it is, whatever extension it came with.
func FileName(name, contentType string) string {
	ext := extensions[contentType]
	name = cleanName(name)
	if e := path.Ext(name); e != "" && e != name {
		name = strings.TrimSuffix(name, e)
	}
	return name + ext
}
