package domain

import "github.com/google/uuid"

// LegacyKind names a free-text column written in clear before it was
// sealed.
type LegacyKind string

// The free-text columns that may hold text from before sealing.
const (
	LegacyOverrideReasons   LegacyKind = "canalizaciones.override_reason"
	LegacyTransitionReasons LegacyKind = "canalizacion_transitions.reason"
	LegacyCasoReasons       LegacyKind = "caso_status_changes.reason"
	LegacyMinutes           LegacyKind = "gt_sessions.minutes"
	LegacySummaries         LegacyKind = "gt_reviews.summary"
	LegacyAcuerdoTexts      LegacyKind = "acuerdos.text"
	LegacyAcuerdoNotes      LegacyKind = "acuerdo_updates.note"
	LegacySentences         LegacyKind = "resoluciones.sentence"
)

// LegacyKinds are every such column.
var LegacyKinds = []LegacyKind{LegacyOverrideReasons, LegacyTransitionReasons, LegacyCasoReasons, LegacyMinutes,
	LegacySummaries, LegacyAcuerdoTexts, LegacyAcuerdoNotes, LegacySentences}

// LegacyText is one row's text in clear, with the record whose key seals
// it and the record its ciphertext is bound to.
type LegacyText struct {
	Kind LegacyKind
	// Row is the row's id: a uuid.UUID or an int64.
	Row     any
	OwnerID uuid.UUID
	PlaceID uuid.UUID
	Text    string
}
