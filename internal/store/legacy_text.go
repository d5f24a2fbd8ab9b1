package store

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"sintra/internal/domain"
	"sintra/internal/store/internal/db"
)

// LegacyTexts returns up to batch rows of a kind still in clear.
func (s *Store) LegacyTexts(ctx context.Context, kind domain.LegacyKind, batch int) ([]domain.LegacyText, error) {
	var out []domain.LegacyText
	var err error
	add := func(row any, owner, place uuid.UUID, text string) {
		out = append(out, domain.LegacyText{Kind: kind, Row: row, OwnerID: owner, PlaceID: place, Text: text})
	}
	n := int32(batch)
	switch kind {
	case domain.LegacyOverrideReasons:
		var rows []db.ListLegacyOverrideReasonsRow
		rows, err = s.q.ListLegacyOverrideReasons(ctx, n)
		for _, r := range rows {
			add(r.ID, r.OwnerID, r.ID, r.Text)
		}
	case domain.LegacyTransitionReasons:
		var rows []db.ListLegacyTransitionReasonsRow
		rows, err = s.q.ListLegacyTransitionReasons(ctx, n)
		for _, r := range rows {
			add(r.ID, r.OwnerID, r.PlaceID, r.Text)
		}
	case domain.LegacyCasoReasons:
		var rows []db.ListLegacyCasoReasonsRow
		rows, err = s.q.ListLegacyCasoReasons(ctx, n)
		for _, r := range rows {
			add(r.ID, r.OwnerID, r.OwnerID, r.Text)
		}
	case domain.LegacyMinutes:
		var rows []db.ListLegacyMinutesRow
		rows, err = s.q.ListLegacyMinutes(ctx, n)
		for _, r := range rows {
			add(r.ID, r.OwnerID, r.ID, r.Text)
		}
	case domain.LegacySummaries:
		var rows []db.ListLegacySummariesRow
		rows, err = s.q.ListLegacySummaries(ctx, n)
		for _, r := range rows {
			add(r.ID, r.OwnerID, r.ID, r.Text)
		}
	case domain.LegacyAcuerdoTexts:
		var rows []db.ListLegacyAcuerdoTextsRow
		rows, err = s.q.ListLegacyAcuerdoTexts(ctx, n)
		for _, r := range rows {
			add(r.ID, r.OwnerID, r.ID, r.Text)
		}
	case domain.LegacyAcuerdoNotes:
		var rows []db.ListLegacyAcuerdoNotesRow
		rows, err = s.q.ListLegacyAcuerdoNotes(ctx, n)
		for _, r := range rows {
			add(r.ID, r.OwnerID, r.PlaceID, r.Text)
		}
	case domain.LegacySentences:
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
func (s *Store) SealLegacyText(ctx context.Context, t domain.LegacyText, sealed []byte) error {
	var err error
	switch t.Kind {
	case domain.LegacyOverrideReasons:
		err = s.q.SealLegacyOverrideReason(ctx, db.SealLegacyOverrideReasonParams{ID: t.Row.(uuid.UUID), OverrideReasonEnc: sealed})
	case domain.LegacyTransitionReasons:
		err = s.q.SealLegacyTransitionReason(ctx, db.SealLegacyTransitionReasonParams{ID: t.Row.(int64), ReasonEnc: sealed})
	case domain.LegacyCasoReasons:
		err = s.q.SealLegacyCasoReason(ctx, db.SealLegacyCasoReasonParams{ID: t.Row.(int64), ReasonEnc: sealed})
	case domain.LegacyMinutes:
		err = s.q.SealLegacyMinutes(ctx, db.SealLegacyMinutesParams{ID: t.Row.(uuid.UUID), MinutesEnc: sealed})
	case domain.LegacySummaries:
		err = s.q.SealLegacySummary(ctx, db.SealLegacySummaryParams{ID: t.Row.(uuid.UUID), SummaryEnc: sealed})
	case domain.LegacyAcuerdoTexts:
		err = s.q.SealLegacyAcuerdoText(ctx, db.SealLegacyAcuerdoTextParams{ID: t.Row.(uuid.UUID), TextEnc: sealed})
	case domain.LegacyAcuerdoNotes:
		err = s.q.SealLegacyAcuerdoNote(ctx, db.SealLegacyAcuerdoNoteParams{ID: t.Row.(int64), NoteEnc: sealed})
	case domain.LegacySentences:
		err = s.q.SealLegacySentence(ctx, db.SealLegacySentenceParams{ID: t.Row.(uuid.UUID), SentenceEnc: sealed})
	default:
		return fmt.Errorf("store: %q is no legacy text", t.Kind)
	}
	return mapError("seal legacy text", err)
}
