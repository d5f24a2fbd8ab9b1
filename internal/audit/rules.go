package audit

import (
	"context"
	"fmt"
	"sintra/internal/domain"
	"slices"
	"time"

	"sintra/internal/store"

	"github.com/google/uuid"
)

// Rules configure the alerts that flag unusual access.
type Rules struct {
	// MaxRecordsPerHour is how many different records of one watched type
	// a user may read within an hour before it becomes a finding.
	MaxRecordsPerHour int
	// WatchedTypes are the record types holding personal data.
	WatchedTypes []string
	// ReadActions are the actions that count as reads.
	ReadActions []string
	// MaxDuplicateHitsPerHour is how many registrations of one user may
	// match an existing víctima within an hour: each tells the user that
	// a person is registered, and where. Past it the user is refused and
	// flagged. 0 turns the limit off.
	MaxDuplicateHitsPerHour int
}

// DefaultRules flag a user who reads more than 30 different víctimas in an
// hour, or whose registrations match existing víctimas 10 times in an hour.
func DefaultRules() Rules {
	return Rules{MaxRecordsPerHour: 30, WatchedTypes: []string{"victima"}, ReadActions: []string{"victima.consultar", "victima.historial"},
		MaxDuplicateHitsPerHour: 10}
}

// Names of the rules in findings.
const (
	RuleManyReads      = "lecturas_excesivas"
	RuleManyDuplicates = "coincidencias_excesivas"
)

// ActionDuplicateHit is the event of a registration that matched existing
// víctimas.
const ActionDuplicateHit = "victima.posible_duplicado"

// applyRules checks a just-recorded read against the rules and records a
// finding, at most one per user per hour. A user already flagged in the
// window is not counted again: the count grows with every read.
func (r *Recorder) applyRules(ctx context.Context, tx *store.Store, e domain.AuditEvent) error {
	if r.rules.MaxRecordsPerHour <= 0 || e.Outcome != OK || !e.UserID.Valid ||
		!slices.Contains(r.rules.WatchedTypes, e.RecordType) || !slices.Contains(r.rules.ReadActions, e.Action) {
		return nil
	}
	since := e.OccurredAt.Add(-time.Hour)
	n, flagged, err := tx.CountRecordsReadUnlessFlagged(ctx, e.UserID.UUID, RuleManyReads, e.RecordType, r.rules.ReadActions, since)
	if err != nil || flagged || n <= r.rules.MaxRecordsPerHour {
		return err
	}
	return tx.InsertFinding(ctx, domain.Finding{
		Rule: RuleManyReads, UserID: e.UserID, Username: e.Username,
		WindowStart: since, WindowEnd: e.OccurredAt, Count: n,
		Detail: fmt.Sprintf("%d registros distintos de tipo %s consultados en una hora (umbral %d)", n, e.RecordType, r.rules.MaxRecordsPerHour),
	})
}

// DuplicateHitsExceeded reports whether a user's registrations matched
// existing víctimas, with more matches to come, more often than the rules
// allow within the last hour: more is 1 before a registration is looked
// up, 0 once its matches are recorded. The first time it is so within an
// hour, it records a finding. It holds the user's count until tx ends: a
// match recorded in tx is counted by the next check, however many
// registrations of the user arrive at once.
func (r *Recorder) DuplicateHitsExceeded(ctx context.Context, tx *store.Store, actor Actor, more int) (bool, error) {
	if r.rules.MaxDuplicateHitsPerHour <= 0 || actor.UserID == uuid.Nil {
		return false, nil
	}
	if err := tx.LockUserActionCount(ctx, actor.UserID, ActionDuplicateHit); err != nil {
		return false, err
	}
	now := r.clock.Now()
	since := now.Add(-time.Hour)
	n, err := tx.CountUserEvents(ctx, actor.UserID, ActionDuplicateHit, since)
	if err != nil || n+more <= r.rules.MaxDuplicateHitsPerHour {
		return false, err
	}
	flagged, err := tx.RecentFindingExists(ctx, actor.UserID, RuleManyDuplicates, since)
	if err != nil || flagged {
		return true, err
	}
	return true, tx.InsertFinding(ctx, domain.Finding{
		Rule: RuleManyDuplicates, UserID: uuid.NullUUID{UUID: actor.UserID, Valid: true}, Username: actor.Username,
		WindowStart: since, WindowEnd: now, Count: n,
		Detail: fmt.Sprintf("%d registros coincidieron con víctimas ya registradas en una hora (umbral %d)", n, r.rules.MaxDuplicateHitsPerHour),
	})
}
