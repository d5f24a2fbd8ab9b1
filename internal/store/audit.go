package store

import (
	"context"
	"time"

	"github.com/google/uuid"

	"sintra/db"
)

// AuditEvent is one event of the audit trail.
type AuditEvent struct {
	ID          int64
	Chain       int
	Seq         int64
	OccurredAt  time.Time
	UserID      uuid.NullUUID
	Username    string
	Institution string
	Roles       []string
	ClientAddr  string
	RequestID   string
	Action      string
	RecordType  string
	RecordID    string
	Municipio   string
	Outcome     string
	ReasonCode  string
	// ReasonText is the motivo detalle of events recorded before it was
	// sealed; ReasonEnc seals it under the data key ReasonKey names.
	ReasonText string
	ReasonEnc  []byte
	ReasonKey  string
	Detail     string
	PrevHash   []byte
	Hash       []byte
}

// ChainHead is the last event of an audit chain.
type ChainHead struct {
	Chain int
	Seq   int64
	Hash  []byte
	// NextID is the id the next event takes, when the head is locked.
	NextID int64
}

func auditEventFromRow(r db.AuditEvent) AuditEvent {
	return AuditEvent{
		ID: r.ID, Chain: int(r.Chain), Seq: r.Seq, OccurredAt: r.OccurredAt, UserID: r.UserID, Username: r.Username,
		Institution: r.Institution, Roles: r.Roles, ClientAddr: r.ClientAddr, RequestID: r.RequestID, Action: r.Action,
		RecordType: r.RecordType, RecordID: r.RecordID, Municipio: r.Municipio, Outcome: r.Outcome,
		ReasonCode: r.ReasonCode, ReasonText: r.ReasonText, ReasonEnc: r.ReasonEnc, ReasonKey: r.ReasonKey, Detail: r.Detail,
		PrevHash: r.PrevHash, Hash: r.Hash,
	}
}

// LockAuditChainHead locks and returns the head of this connection's chain.
func (s *Store) LockAuditChainHead(ctx context.Context) (ChainHead, error) {
	r, err := s.q.LockAuditChainHead(ctx)
	return ChainHead{Chain: int(r.Chain), Seq: r.Seq, Hash: r.Hash, NextID: r.NextID}, mapError("lock audit chain", err)
}

// InsertAuditEvent appends an event and moves its chain's head to it.
func (s *Store) InsertAuditEvent(ctx context.Context, e AuditEvent) error {
	return mapError("insert audit event", s.q.InsertAuditEvent(ctx, auditParams(e)))
}

func auditParams(e AuditEvent) db.InsertAuditEventParams {
	return db.InsertAuditEventParams{
		ID: e.ID, Chain: int32(e.Chain), Seq: e.Seq, OccurredAt: e.OccurredAt, UserID: e.UserID, Username: e.Username,
		Institution: e.Institution, Roles: e.Roles, ClientAddr: e.ClientAddr, RequestID: e.RequestID, Action: e.Action,
		RecordType: e.RecordType, RecordID: e.RecordID, Municipio: e.Municipio, Outcome: e.Outcome,
		ReasonCode: e.ReasonCode, ReasonEnc: e.ReasonEnc, ReasonKey: e.ReasonKey, Detail: e.Detail, PrevHash: e.PrevHash, Hash: e.Hash,
	}
}

// NextAuditIDs draws n more event ids, ascending.
func (s *Store) NextAuditIDs(ctx context.Context, n int) ([]int64, error) {
	ids, err := s.q.NextAuditIDs(ctx, int32(n))
	return ids, mapError("next audit ids", err)
}

// InsertAuditEvents appends a run of events of one chain, in order, and
// moves the chain's head to the last.
func (s *Store) InsertAuditEvents(ctx context.Context, events []AuditEvent) error {
	if len(events) == 0 {
		return nil
	}
	rows := make([]db.CopyAuditEventsParams, len(events))
	for i, e := range events {
		rows[i] = db.CopyAuditEventsParams(auditParams(e))
	}
	if _, err := s.q.CopyAuditEvents(ctx, rows); err != nil {
		return mapError("insert audit events", err)
	}
	last := events[len(events)-1]
	return mapError("update audit chain head", s.q.UpdateAuditChainHead(ctx,
		db.UpdateAuditChainHeadParams{Chain: int32(last.Chain), Seq: last.Seq, Hash: last.Hash}))
}

// AuditChainHeads returns the head of every chain.
func (s *Store) AuditChainHeads(ctx context.Context) ([]ChainHead, error) {
	rows, err := s.q.ListAuditChainHeads(ctx)
	if err != nil {
		return nil, mapError("list audit chain heads", err)
	}
	out := make([]ChainHead, len(rows))
	for i, r := range rows {
		out[i] = ChainHead{Chain: int(r.Chain), Seq: r.Seq, Hash: r.Hash}
	}
	return out, nil
}

// AuditChain returns up to limit events of a chain from seq on, in order.
func (s *Store) AuditChain(ctx context.Context, chain int, fromSeq int64, limit int) ([]AuditEvent, error) {
	rows, err := s.q.ListAuditChain(ctx, db.ListAuditChainParams{Chain: int32(chain), Seq: fromSeq, Limit: int32(limit)})
	if err != nil {
		return nil, mapError("list audit chain", err)
	}
	return mapAuditEvents(rows), nil
}

func mapAuditEvents(rows []db.AuditEvent) []AuditEvent {
	out := make([]AuditEvent, len(rows))
	for i, r := range rows {
		out[i] = auditEventFromRow(r)
	}
	return out
}

// CountAuditEvents counts every event.
func (s *Store) CountAuditEvents(ctx context.Context) (int64, error) {
	n, err := s.q.CountAuditEvents(ctx)
	return n, mapError("count audit events", err)
}

// AuditFilter narrows an audit search; nil fields do not filter.
type AuditFilter struct {
	UserID     uuid.NullUUID
	RecordType *string
	RecordID   *string
	Action     *string
	Municipio  *string
	// Municipios limits the search to these municipios; nil does not.
	Municipios []string
	Since      *time.Time
	Until      *time.Time
	// BeforeID continues a listing after the last event of the previous page.
	BeforeID *int64
}

// SearchAuditEvents returns up to limit events matching f, newest first.
func (s *Store) SearchAuditEvents(ctx context.Context, f AuditFilter, limit int) ([]AuditEvent, error) {
	rows, err := s.q.SearchAuditEvents(ctx, db.SearchAuditEventsParams{
		UserID: f.UserID, RecordType: f.RecordType, RecordID: f.RecordID, Action: f.Action, Municipio: f.Municipio,
		Municipios: f.Municipios, Since: f.Since, Until: f.Until, BeforeID: f.BeforeID, MaxRows: int32(limit),
	})
	if err != nil {
		return nil, mapError("search audit events", err)
	}
	return mapAuditEvents(rows), nil
}

// CountDistinctRecordsRead counts the different records of a type a user
// read with one of actions since a time.
func (s *Store) CountDistinctRecordsRead(ctx context.Context, userID uuid.UUID, recordType string, actions []string, since time.Time) (int, error) {
	n, err := s.q.CountDistinctRecordsReadBy(ctx, db.CountDistinctRecordsReadByParams{
		UserID: uuid.NullUUID{UUID: userID, Valid: true}, RecordType: recordType, Actions: actions, OccurredAt: since,
	})
	return int(n), mapError("count records read", err)
}

// CountUserEvents counts the events of an action a user caused since a time.
func (s *Store) CountUserEvents(ctx context.Context, userID uuid.UUID, action string, since time.Time) (int, error) {
	n, err := s.q.CountUserEventsSince(ctx, db.CountUserEventsSinceParams{UserID: uuid.NullUUID{UUID: userID, Valid: true},
		Action: action, OccurredAt: since})
	return int(n), mapError("count user events", err)
}

// Finding is a result of an alert rule.
type Finding struct {
	ID          int64
	DetectedAt  time.Time
	Rule        string
	UserID      uuid.NullUUID
	Username    string
	WindowStart time.Time
	WindowEnd   time.Time
	Count       int
	Detail      string
}

// RecentFindingExists reports whether rule already flagged the user with a window ending after since.
func (s *Store) RecentFindingExists(ctx context.Context, userID uuid.UUID, rule string, since time.Time) (bool, error) {
	ok, err := s.q.RecentFindingExists(ctx, db.RecentFindingExistsParams{UserID: uuid.NullUUID{UUID: userID, Valid: true}, Rule: rule, WindowEnd: since})
	return ok, mapError("recent finding", err)
}

// InsertFinding records a finding.
func (s *Store) InsertFinding(ctx context.Context, f Finding) error {
	return mapError("insert finding", s.q.InsertAuditFinding(ctx, db.InsertAuditFindingParams{DetectedAt: s.now(),
		Rule: f.Rule, UserID: f.UserID, Username: f.Username, WindowStart: f.WindowStart, WindowEnd: f.WindowEnd,
		Count: int32(f.Count), Detail: f.Detail,
	}))
}

// Findings returns findings, newest first.
func (s *Store) Findings(ctx context.Context, sc Scope, limit, offset int) ([]Finding, error) {
	rows, err := s.q.ListAuditFindings(ctx, db.ListAuditFindingsParams{AllMunicipios: sc.AllMunicipios, Municipios: sc.Municipios,
		MaxRows: int32(limit), Skip: int32(offset)})
	if err != nil {
		return nil, mapError("list findings", err)
	}
	out := make([]Finding, len(rows))
	for i, r := range rows {
		out[i] = Finding{ID: r.ID, DetectedAt: r.DetectedAt, Rule: r.Rule, UserID: r.UserID, Username: r.Username,
			WindowStart: r.WindowStart, WindowEnd: r.WindowEnd, Count: int(r.Count), Detail: r.Detail}
	}
	return out, nil
}
