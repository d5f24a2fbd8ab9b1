package audit

import (
	"context"
	"fmt"
	"slices"
	"time"

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
// finding, at most one per user per hour. A user already flagged in the
// window is not counted again: the count grows with every read.
func (r *Recorder) applyRules(ctx context.Context, tx *store.Store, e store.AuditEvent) error {
	if r.rules.MaxRecordsPerHour <= 0 || e.Outcome != OK || !e.UserID.Valid ||
		!slices.Contains(r.rules.WatchedTypes, e.RecordType) || !slices.Contains(r.rules.ReadActions, e.Action) {
		return nil
	}
	since := e.OccurredAt.Add(-time.Hour)
	flagged, err := tx.RecentFindingExists(ctx, e.UserID.UUID, RuleManyReads, since)
	if err != nil || flagged {
		return err
	}
	n, err := tx.CountDistinctRecordsRead(ctx, e.UserID.UUID, e.RecordType, r.rules.ReadActions, since)
	if err != nil || n <= r.rules.MaxRecordsPerHour {
		return err
	}
	return tx.InsertFinding(ctx, store.Finding{
		Rule: RuleManyReads, UserID: e.UserID, Username: e.Username,
		WindowStart: since, WindowEnd: e.OccurredAt, Count: n,
		Detail: fmt.Sprintf("%d registros distintos de tipo %s consultados en una hora (umbral %d)", n, e.RecordType, r.rules.MaxRecordsPerHour),
	})
}
