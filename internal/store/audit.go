package store

import (
	"context"
	"time"

	"github.com/google/uuid"

	"sintra/internal/domain"
	"sintra/internal/store/internal/db"
)

func auditEventFromRow(r db.AuditEvent) domain.AuditEvent {
	return domain.AuditEvent{
		ID: r.ID, Chain: int(r.Chain), Seq: r.Seq, OccurredAt: r.OccurredAt, UserID: r.UserID, Username: r.Username,
		Institution: r.Institution, Roles: r.Roles, ClientAddr: r.ClientAddr, RequestID: r.RequestID, Action: r.Action,
		RecordType: r.RecordType, RecordID: r.RecordID, Municipio: r.Municipio, Outcome: r.Outcome,
		ReasonCode: r.ReasonCode, ReasonText: r.ReasonText, ReasonEnc: r.ReasonEnc, ReasonKey: r.ReasonKey, Detail: r.Detail,
		PrevHash: r.PrevHash, Hash: r.Hash, HashVersion: int(r.HashVersion),
	}
}

// LockAuditChainHead locks and returns the head of this connection's chain.
func (s *Store) LockAuditChainHead(ctx context.Context) (domain.ChainHead, error) {
	r, err := s.q.LockAuditChainHead(ctx)
	return domain.ChainHead{Chain: int(r.Chain), Seq: r.Seq, Hash: r.Hash, NextID: r.NextID}, mapError("lock audit chain", err)
}

// AppendAuditEvent appends e, hashed by the server (version 2 over body,
// BodyV2 of e), to the chain of this connection, in one statement, and
// returns it as stored: with its id, chain, sequence and hashes.
func (s *Store) AppendAuditEvent(ctx context.Context, e domain.AuditEvent, body []byte) (domain.AuditEvent, error) {
	r, err := s.q.AppendAuditEvent(ctx, db.AppendAuditEventParams{
		OccurredAt: e.OccurredAt, UserID: e.UserID, Username: e.Username,
		Institution: e.Institution, Roles: e.Roles, ClientAddr: e.ClientAddr, RequestID: e.RequestID, Action: e.Action,
		RecordType: e.RecordType, RecordID: e.RecordID, Municipio: e.Municipio, Outcome: e.Outcome,
		ReasonCode: e.ReasonCode, ReasonEnc: e.ReasonEnc, ReasonKey: e.ReasonKey, Detail: e.Detail, Body: body,
	})
	if err != nil {
		return domain.AuditEvent{}, mapError("append audit event", err)
	}
	e.ID, e.Chain, e.Seq, e.PrevHash, e.Hash, e.HashVersion = r.ID, int(r.Chain), r.Seq, r.PrevHash, r.Hash, 2
	return e, nil
}

// NextAuditIDs draws n more event ids, ascending.
func (s *Store) NextAuditIDs(ctx context.Context, n int) ([]int64, error) {
	ids, err := s.q.NextAuditIDs(ctx, int32(n))
	return ids, mapError("next audit ids", err)
}

// InsertAuditEvents appends a run of events of one chain, in order, and
// moves the chain's head to the last.
func (s *Store) InsertAuditEvents(ctx context.Context, events []domain.AuditEvent) error {
	if len(events) == 0 {
		return nil
	}
	rows := make([]db.CopyAuditEventsParams, len(events))
	for i, e := range events {
		rows[i] = db.CopyAuditEventsParams{
			ID: e.ID, Chain: int32(e.Chain), Seq: e.Seq, OccurredAt: e.OccurredAt, UserID: e.UserID, Username: e.Username,
			Institution: e.Institution, Roles: e.Roles, ClientAddr: e.ClientAddr, RequestID: e.RequestID, Action: e.Action,
			RecordType: e.RecordType, RecordID: e.RecordID, Municipio: e.Municipio, Outcome: e.Outcome,
			ReasonCode: e.ReasonCode, ReasonEnc: e.ReasonEnc, ReasonKey: e.ReasonKey, Detail: e.Detail,
			PrevHash: e.PrevHash, Hash: e.Hash, HashVersion: int16(e.HashVersion),
		}
	}
	if _, err := s.q.CopyAuditEvents(ctx, rows); err != nil {
		return mapError("insert audit events", err)
	}
	last := events[len(events)-1]
	return mapError("update audit chain head", s.q.UpdateAuditChainHead(ctx,
		db.UpdateAuditChainHeadParams{Chain: int32(last.Chain), Seq: last.Seq, Hash: last.Hash}))
}

// AuditChainHeads returns the head of every chain.
func (s *Store) AuditChainHeads(ctx context.Context) ([]domain.ChainHead, error) {
	rows, err := s.q.ListAuditChainHeads(ctx)
	if err != nil {
		return nil, mapError("list audit chain heads", err)
	}
	out := make([]domain.ChainHead, len(rows))
	for i, r := range rows {
		out[i] = domain.ChainHead{Chain: int(r.Chain), Seq: r.Seq, Hash: r.Hash}
	}
	return out, nil
}

// AuditChain returns up to limit events of a chain from seq on, in order.
func (s *Store) AuditChain(ctx context.Context, chain int, fromSeq int64, limit int) ([]domain.AuditEvent, error) {
	rows, err := s.q.ListAuditChain(ctx, db.ListAuditChainParams{Chain: int32(chain), Seq: fromSeq, Limit: int32(limit)})
	if err != nil {
		return nil, mapError("list audit chain", err)
	}
	return mapAuditEvents(rows), nil
}

func mapAuditEvents(rows []db.AuditEvent) []domain.AuditEvent {
	out := make([]domain.AuditEvent, len(rows))
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

// SearchAuditEvents returns up to limit events matching f, newest first.
func (s *Store) SearchAuditEvents(ctx context.Context, f domain.AuditFilter, limit int) ([]domain.AuditEvent, error) {
	rows, err := s.q.SearchAuditEvents(ctx, db.SearchAuditEventsParams{
		UserID: f.UserID, RecordType: f.RecordType, RecordID: f.RecordID, Action: f.Action, Municipio: f.Municipio,
		Domains: f.Domains, Since: f.Since, Until: f.Until, BeforeID: f.BeforeID, MaxRows: int32(limit),
	})
	if err != nil {
		return nil, mapError("search audit events", err)
	}
	return mapAuditEvents(rows), nil
}

// CountRecordsReadUnlessFlagged counts the different records of a type a
// user read since a time, unless a finding of rule flagged her since then
// (flagged, and nothing counted), in one round trip.
func (s *Store) CountRecordsReadUnlessFlagged(ctx context.Context, userID uuid.UUID, rule, recordType string, actions []string, since time.Time) (n int, flagged bool, err error) {
	records, err := s.q.CountRecordsReadUnlessFlagged(ctx, db.CountRecordsReadUnlessFlaggedParams{
		UserID: uuid.NullUUID{UUID: userID, Valid: true}, Rule: rule, RecordType: recordType, Actions: actions, Since: since,
	})
	return int(records), records < 0, mapError("count records read", err)
}

// CountUserEvents counts the events of an action a user caused since a time.
func (s *Store) CountUserEvents(ctx context.Context, userID uuid.UUID, action string, since time.Time) (int, error) {
	n, err := s.q.CountUserEventsSince(ctx, db.CountUserEventsSinceParams{UserID: uuid.NullUUID{UUID: userID, Valid: true},
		Action: action, OccurredAt: since})
	return int(n), mapError("count user events", err)
}

// LockUserActionCount holds the count of a user's events of one action
// until the transaction ends, so that checks of a per-user limit run one
// after another.
func (s *Store) LockUserActionCount(ctx context.Context, userID uuid.UUID, action string) error {
	return mapError("lock user action count", s.q.LockUserActionCount(ctx, db.LockUserActionCountParams{Action: action, UserID: userID}))
}

// RecentFindingExists reports whether rule already flagged the user with a window ending after since.
func (s *Store) RecentFindingExists(ctx context.Context, userID uuid.UUID, rule string, since time.Time) (bool, error) {
	ok, err := s.q.RecentFindingExists(ctx, db.RecentFindingExistsParams{UserID: uuid.NullUUID{UUID: userID, Valid: true}, Rule: rule, WindowEnd: since})
	return ok, mapError("recent finding", err)
}

// InsertFinding records a finding.
func (s *Store) InsertFinding(ctx context.Context, f domain.Finding) error {
	return mapError("insert finding", s.q.InsertAuditFinding(ctx, db.InsertAuditFindingParams{DetectedAt: s.now(),
		Rule: f.Rule, UserID: f.UserID, Username: f.Username, WindowStart: f.WindowStart, WindowEnd: f.WindowEnd,
		Count: int32(f.Count), Detail: f.Detail,
	}))
}

// Findings returns findings, newest first.
func (s *Store) Findings(ctx context.Context, sc domain.Scope, limit, offset int) ([]domain.Finding, error) {
	rows, err := s.q.ListAuditFindings(ctx, db.ListAuditFindingsParams{AllMunicipios: sc.AllMunicipios, Domains: sc.Domains(),
		MaxRows: int32(limit), Skip: int32(offset)})
	if err != nil {
		return nil, mapError("list findings", err)
	}
	out := make([]domain.Finding, len(rows))
	for i, r := range rows {
		out[i] = domain.Finding{ID: r.ID, DetectedAt: r.DetectedAt, Rule: r.Rule, UserID: r.UserID, Username: r.Username,
			WindowStart: r.WindowStart, WindowEnd: r.WindowEnd, Count: int(r.Count), Detail: r.Detail}
	}
	return out, nil
}
