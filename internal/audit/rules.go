package audit

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"sintra/internal/store"
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
}

// DefaultRules flag a user who reads more than 30 different víctimas in an hour.
func DefaultRules() Rules {
	return Rules{MaxRecordsPerHour: 30, WatchedTypes: []string{"victima"}, ReadActions: []string{"victima.consultar", "victima.historial"}}
}

// RuleManyReads is the name of the many-reads rule in findings.
const RuleManyReads = "lecturas_excesivas"

// applyRules checks a just-recorded read against the rules and records a
// finding, at most one per user per hour.
func (r *Recorder) applyRules(ctx context.Context, tx *store.Store, e store.AuditEvent) error {
	if r.rules.MaxRecordsPerHour <= 0 || e.Outcome != OK || !e.UserID.Valid ||
		!slices.Contains(r.rules.WatchedTypes, e.RecordType) || !slices.Contains(r.rules.ReadActions, e.Action) {
		return nil
	}
	since := e.OccurredAt.Add(-time.Hour)
	n, err := tx.CountDistinctRecordsRead(ctx, e.UserID.UUID, e.RecordType, r.rules.ReadActions, since)
	if err != nil || n <= r.rules.MaxRecordsPerHour {
		return err
	}
	return r.flag(ctx, tx, e.UserID.UUID, e.Username, e.RecordType, n, since, e.OccurredAt)
}

func (r *Recorder) flag(ctx context.Context, tx *store.Store, user uuid.UUID, username, recordType string, n int, since, until time.Time) error {
	exists, err := tx.RecentFindingExists(ctx, user, RuleManyReads, since)
	if err != nil || exists {
		return err
	}
	return tx.InsertFinding(ctx, store.Finding{
		Rule: RuleManyReads, UserID: uuid.NullUUID{UUID: user, Valid: true}, Username: username,
		WindowStart: since, WindowEnd: until, Count: n,
		Detail: fmt.Sprintf("%d registros distintos de tipo %s consultados en una hora (umbral %d)", n, recordType, r.rules.MaxRecordsPerHour),
	})
}
