package medidas

import (
	"slices"
	"strings"
	"time"

	"sintra/internal/apperr"
	"sintra/internal/clock"
)

// Types are the kinds of medida, from the law: lodging in a refugio with
// security (Art. 15 VI, VII), escort or police watch and patrols for her
// physical safety (Art. 15 X, 17), a change of address, the protection of
// her identity and her family's (Art. 14 V), restricted publicity of the
// proceedings (Art. 16), orders keeping the aggressors away (medidas
// cautelares), a panic button, a safe transfer or return (Art. 14 VIII,
// 18), or another.
var Types = []string{"alojamiento_refugio", "escolta_vigilancia", "rondines_policiales", "reubicacion_domicilio",
	"proteccion_identidad", "reserva_actuaciones", "orden_restriccion", "boton_panico", "traslado_seguro", "otra"}

// Beneficiaries are whom a medida protects: her, her family, or both
// (Art. 15 X).
var Beneficiaries = []string{"victima", "familiares", "ambas"}

// Authorities are who grants a medida.
var Authorities = []string{"ministerio_publico", "juez", "institucion", "otra"}

// Statuses are a medida's statuses.
var Statuses = []string{"solicitada", "otorgada", "negada", "vigente", "concluida", "revocada"}

// RiskLevels are the levels of a risk assessment.
var RiskLevels = []string{"bajo", "medio", "alto"}

// next lists the statuses a medida may move to from each status: once
// denied, concluded or revoked it moves no more.
var next = map[string][]string{
	"solicitada": {"otorgada", "negada", "vigente"},
	"otorgada":   {"vigente", "concluida", "revocada"},
	"vigente":    {"concluida", "revocada"},
}

// Active says whether a medida in status is still asked for or in force,
// and so due for review.
func Active(status string) bool {
	return status == "solicitada" || status == "otorgada" || status == "vigente"
}

// maxText is the longest free text, in characters.
const maxText = 2000

// fields gathers what is wrong with a request, field by field.
type fields []apperr.FieldError

func (f *fields) add(field, message string) {
	*f = append(*f, apperr.FieldError{Field: field, Message: message})
}

func (f fields) err() error {
	if len(f) == 0 {
		return nil
	}
	return apperr.Validation(f...)
}

// oneOf checks a closed code.
func (f *fields) oneOf(field, value string, allowed []string, message string) {
	if !slices.Contains(allowed, value) {
		f.add(field, message)
	}
}

// text tidies free text and checks its length.
func (f *fields) text(field string, s *string, what string) {
	*s = strings.TrimSpace(*s)
	if len([]rune(*s)) > maxText {
		f.add(field, what+" son demasiado largas (2000 caracteres como máximo).")
	}
}

// pastDate checks a day that has happened, and drops its time of day.
func (f *fields) pastDate(c clock.Clock, field string, d *time.Time, what string) {
	if d.IsZero() || c.IsFuture(*d) {
		f.add(field, "Indique "+what+"; no puede ser futura.")
	}
	*d = clock.Date(*d)
}

// optDate drops the time of day of a day that may be missing.
func optDate(d *time.Time) *time.Time {
	if d == nil {
		return nil
	}
	out := clock.Date(*d)
	return &out
}

// day formats a day for a message.
func day(d time.Time) string { return d.Format("02/01/2006") }
