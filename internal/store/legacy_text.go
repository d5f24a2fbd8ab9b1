package store

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"sintra/db"
)

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

// LegacyTexts returns up to batch rows of a kind still in clear.
func (s *Store) LegacyTexts(ctx context.Context, kind LegacyKind, batch int) ([]LegacyText, error) {
	var out []LegacyText
	var err error
	add := func(row any, owner, place uuid.UUID, text string) {
		out = append(out, LegacyText{Kind: kind, Row: row, OwnerID: owner, PlaceID: place, Text: text})
	}
	n := int32(batch)
	switch kind {
	case LegacyOverrideReasons:
		var rows []db.ListLegacyOverrideReasonsRow
		rows, err = s.q.ListLegacyOverrideReasons(ctx, n)
		for _, r := range rows {
			add(r.ID, r.OwnerID, r.ID, r.Text)
		}
	case LegacyTransitionReasons:
		var rows []db.ListLegacyTransitionReasonsRow
		rows, err = s.q.ListLegacyTransitionReasons(ctx, n)
		for _, r := range rows {
			add(r.ID, r.OwnerID, r.PlaceID, r.Text)
		}
	case LegacyCasoReasons:
		var rows []db.ListLegacyCasoReasonsRow
		rows, err = s.q.ListLegacyCasoReasons(ctx, n)
		for _, r := range rows {
			add(r.ID, r.OwnerID, r.OwnerID, r.Text)
		}
	case LegacyMinutes:
		var rows []db.ListLegacyMinutesRow
		rows, err = s.q.ListLegacyMinutes(ctx, n)
		for _, r := range rows {
			add(r.ID, r.OwnerID, r.ID, r.Text)
		}
	case LegacySummaries:
		var rows []db.ListLegacySummariesRow
		rows, err = s.q.ListLegacySummaries(ctx, n)
		for _, r := range rows {
			add(r.ID, r.OwnerID, r.ID, r.Text)
		}
	case LegacyAcuerdoTexts:
		var rows []db.ListLegacyAcuerdoTextsRow
		rows, err = s.q.ListLegacyAcuerdoTexts(ctx, n)
		for _, r := range rows {
			add(r.ID, r.OwnerID, r.ID, r.Text)
		}
	case LegacyAcuerdoNotes:
		var rows []db.ListLegacyAcuerdoNotesRow
		rows, err = s.q.ListLegacyAcuerdoNotes(ctx, n)
		for _, r := range rows {
			add(r.ID, r.OwnerID, r.PlaceID, r.Text)
		}
	case LegacySentences:
		var rows []db.ListLegacySentencesRow
		rows, err = s.q.ListLegacySentences(ctx, n)
		for _, r := range rows {
			add(r.ID, r.OwnerID, r.ID, r.Text)
		}
	default:
		return nil, fmt.Errorf("store: %q is no legacy text", kind)
	}
	return out, mapError("list legacy text", err)
}

// SealLegacyText stores a row's text sealed and empties its clear text.
func (s *Store) SealLegacyText(ctx context.Context, t LegacyText, sealed []byte) error {
	var err error
	switch t.Kind {
	case LegacyOverrideReasons:
		err = s.q.SealLegacyOverrideReason(ctx, db.SealLegacyOverrideReasonParams{ID: t.Row.(uuid.UUID), OverrideReasonEnc: sealed})
	case LegacyTransitionReasons:
		err = s.q.SealLegacyTransitionReason(ctx, db.SealLegacyTransitionReasonParams{ID: t.Row.(int64), ReasonEnc: sealed})
	case LegacyCasoReasons:
		err = s.q.SealLegacyCasoReason(ctx, db.SealLegacyCasoReasonParams{ID: t.Row.(int64), ReasonEnc: sealed})
	case LegacyMinutes:
		err = s.q.SealLegacyMinutes(ctx, db.SealLegacyMinutesParams{ID: t.Row.(uuid.UUID), MinutesEnc: sealed})
	case LegacySummaries:
		err = s.q.SealLegacySummary(ctx, db.SealLegacySummaryParams{ID: t.Row.(uuid.UUID), SummaryEnc: sealed})
	case LegacyAcuerdoTexts:
		err = s.q.SealLegacyAcuerdoText(ctx, db.SealLegacyAcuerdoTextParams{ID: t.Row.(uuid.UUID), TextEnc: sealed})
	case LegacyAcuerdoNotes:
		err = s.q.SealLegacyAcuerdoNote(ctx, db.SealLegacyAcuerdoNoteParams{ID: t.Row.(int64), NoteEnc: sealed})
	case LegacySentences:
		err = s.q.SealLegacySentence(ctx, db.SealLegacySentenceParams{ID: t.Row.(uuid.UUID), SentenceEnc: sealed})
	default:
		return fmt.Errorf("store: %q is no legacy text", t.Kind)
	}
	return mapError("seal legacy text", err)
}
