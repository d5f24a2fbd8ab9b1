// Package corrections holds what correcting and voiding a record share —
// services, activities, acuerdos, imputados and canalizaciones: the reasons
// a user may give, the entry each change leaves in the record's history
// with the values it had before, and the reading of that history. The
// reason's text and previous values that may name a person are sealed under
// the data key of the record's owner; the domain packages decide who may
// correct what.
package corrections

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/authz"
	"sintra/internal/crypto"
	"sintra/internal/domain"
	"sintra/internal/store"
)

// Reasons are the motivos of a correction or voiding; "otro" needs a text.
var Reasons = []string{"error_captura", "duplicado", "informacion_nueva", "registro_indebido", "otro"}

// Reason is why a record is corrected or voided: a code and, optionally
// (required with "otro"), a text that may name a person.
type Reason struct {
	Code string
	Text string
}

// Check validates a reason, trimming its text; fields are named as the
// API's bodies name them.
func Check(r *Reason) error {
	r.Text = strings.TrimSpace(r.Text)
	var fields []apperr.FieldError
	if !slices.Contains(Reasons, r.Code) {
		fields = append(fields, apperr.FieldError{Field: "reason_code",
			Message: "Elija el motivo: error de captura, registro duplicado, información nueva, registro indebido u otro."})
	}
	switch n := utf8.RuneCountInString(r.Text); {
	case !utf8.ValidString(r.Text) || strings.ContainsFunc(r.Text, func(c rune) bool { return unicode.IsControl(c) && c != '\n' }):
		fields = append(fields, apperr.FieldError{Field: "reason_text", Message: "El motivo contiene caracteres no válidos."})
	case r.Code == "otro" && n < 5:
		fields = append(fields, apperr.FieldError{Field: "reason_text", Message: "Describa el motivo (al menos 5 caracteres)."})
	case n > 500:
		fields = append(fields, apperr.FieldError{Field: "reason_text", Message: "El motivo es demasiado largo (500 caracteres como máximo)."})
	}
	if len(fields) > 0 {
		return apperr.Validation(fields...)
	}
	return nil
}

// Sealer seals text under the data key of a record's owner, bound to a
// column of the record at.
type Sealer func(ctx context.Context, at crypto.Place, column, text string) ([]byte, error)

// Opener opens what a Sealer sealed.
type Opener func(ctx context.Context, at crypto.Place, column string, sealed []byte) (string, error)

// Entry is a correction or voiding about to be kept.
type Entry struct {
	RecordType string
	RecordID   uuid.UUID
	Kind       string
	// Version is the record's version before the change.
	Version int
	Reason  Reason
	// Previous are the previous values of the changed fields that hold no
	// personal data. Sealed are the previous ciphertexts of the changed
	// fields that may, by column, as the record stored them (sealed under
	// the owner's key, bound to the record and the column).
	Previous map[string]string
	Sealed   map[string][]byte
}

// place binds the reason of an entry to its record.
func place(id uuid.UUID) crypto.Place {
	return crypto.Place{Table: "corrections", RecordID: id.String()}
}

// Keep seals an entry's reason with seal and appends the entry to its
// record's history within tx, as done by p at the instant at.
func Keep(ctx context.Context, tx *store.Store, seal Sealer, p *authz.Principal, at time.Time, e Entry) error {
	c := domain.Correction{RecordType: e.RecordType, RecordID: e.RecordID, Kind: e.Kind, Version: e.Version,
		ReasonCode: e.Reason.Code, Previous: e.Previous, ByUser: p.UserID, ByInstitution: p.Institution, At: at}
	var err error
	if c.ReasonEnc, err = seal(ctx, place(e.RecordID), "reason", e.Reason.Text); err != nil {
		return err
	}
	if len(e.Sealed) > 0 {
		// Ciphertexts only: the JSON holds nothing in clear but column names.
		if c.PreviousEnc, err = json.Marshal(e.Sealed); err != nil {
			return err
		}
	}
	return tx.InsertCorrection(ctx, c)
}

// Change is one correction or voiding as its reader sees it.
type Change struct {
	Kind       string
	Version    int
	ReasonCode string
	ReasonText string
	// Previous are the values of the changed fields before the change,
	// personal ones opened (empty if the owner's key was destroyed).
	Previous      map[string]string
	ByUser        uuid.UUID
	ByInstitution string
	At            time.Time
}

// History reads a record's corrections and voiding within tx, oldest
// first, opening with open the reasons and the previous personal values,
// which the record kept bound to at.
func History(ctx context.Context, tx *store.Store, open Opener, recordType string, id uuid.UUID, at crypto.Place) ([]Change, error) {
	entries, err := tx.Corrections(ctx, recordType, id)
	if err != nil {
		return nil, err
	}
	out := make([]Change, len(entries))
	for i, e := range entries {
		ch := Change{Kind: e.Kind, Version: e.Version, ReasonCode: e.ReasonCode, Previous: map[string]string{},
			ByUser: e.ByUser, ByInstitution: e.ByInstitution, At: e.At}
		for k, v := range e.Previous {
			ch.Previous[k] = v
		}
		if ch.ReasonText, err = open(ctx, place(id), "reason", e.ReasonEnc); err != nil {
			return nil, err
		}
		if e.PreviousEnc != nil {
			var columns map[string][]byte
			if err := json.Unmarshal(e.PreviousEnc, &columns); err != nil {
				return nil, err
			}
			for column, enc := range columns {
				if ch.Previous[column], err = open(ctx, at, column, enc); err != nil {
					return nil, err
				}
			}
		}
		out[i] = ch
	}
	return out, nil
}

// Diff records in previous each field whose value changes from before to
// after, with its value before.
func Diff(previous map[string]string, field, before, after string) {
	if before != after {
		previous[field] = before
	}
}

// Errors shared by the domain packages.
var (
	// ErrVoided refuses to change a voided record.
	ErrVoided = apperr.New(apperr.Conflict, "El registro fue anulado; ya no se puede corregir ni anular.")
	// ErrStale answers a copy older than the record.
	ErrStale = apperr.New(apperr.PreconditionFailed, "El registro cambió desde que lo leyó; vuelva a consultarlo y repita el cambio.")
	// ErrUnchanged answers a correction that changes nothing.
	ErrUnchanged = apperr.New(apperr.Invalid, "La corrección no cambia ningún dato.")
)

// Current checks that a record is not voided and is at the version the
// caller read.
func Current(version int, voided *time.Time, expected int) error {
	if voided != nil {
		return ErrVoided
	}
	if version != expected {
		return ErrStale
	}
	return nil
}
