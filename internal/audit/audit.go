// Package audit keeps the tamper-evident trail of who did what to which
// record, and who read which personal data and why. Services record an
// event inside the transaction of the change it describes, so the change
// and its event commit or roll back together. Events carry ids, never
// personal data, and each one's SHA-256 hash covers the previous one's.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sintra/internal/domain"
	"slices"
	"time"

	"github.com/google/uuid"

	"sintra/internal/authz"
	"sintra/internal/clock"
	"sintra/internal/sealed"
	"sintra/internal/store"
)

// Outcomes of an audited action.
const (
	OK     = "ok"
	Denied = "denied"
	Failed = "failed"
)

// Meta is what the HTTP layer knows about the request an event comes from.
type Meta struct {
	RequestID  string
	ClientAddr string
}

type metaKey struct{}

// WithMeta returns a context carrying the request's metadata.
func WithMeta(ctx context.Context, m Meta) context.Context {
	return context.WithValue(ctx, metaKey{}, m)
}

func metaFrom(ctx context.Context) Meta {
	m, _ := ctx.Value(metaKey{}).(Meta)
	return m
}

// Actor is who acts: a signed-in user, or the operator at the command line.
type Actor struct {
	UserID      uuid.UUID
	Username    string
	Institution string
	Roles       []string
}

// ActorOf returns the actor of a signed-in principal.
func ActorOf(p *authz.Principal) Actor {
	return Actor{UserID: p.UserID, Username: p.Username, Institution: p.Institution, Roles: RolesOf(p.Assignments)}
}

// RolesOf renders role assignments as role@domain.
func RolesOf(assignments []authz.Assignment) []string {
	roles := make([]string, len(assignments))
	for i, a := range assignments {
		roles[i] = a.Role + "@" + a.Domain
	}
	slices.Sort(roles)
	return roles
}

// Reason is the motivo de consulta a user states before reading personal data.
type Reason struct {
	Code string
	// Text is the motivo detalle: sealed under the data key of Of, the
	// record read, before it is stored; without Of it is not kept.
	Text string
	Of   sealed.Owner
}

// Event is what a service records.
type Event struct {
	// Action names what happened, as object.verb: "victima.consultar".
	Action     string
	RecordType string
	RecordID   string
	Municipio  string
	// Outcome is OK unless set.
	Outcome string
	Reason  Reason
	// Detail says what changed, without values: field names, a role.
	Detail string
}

// CommandLine is the actor of what an operator does with the sintra
// command on the server (the first administrator, a report to a file).
var CommandLine = Actor{Username: "(línea de comandos)"}

// Recorder appends events and applies the alert rules.
type Recorder struct {
	rules    Rules
	clock    clock.Clock
	texts    sealed.Texts
	observer Observer
}

// Observer learns of the events appended, by action alone, once their
// transaction has committed: the metrics count them.
type Observer interface {
	AuditAppended(action string)
}

// Observe returns the same Recorder telling o of every event appended;
// a nil o tells nobody.
func (r *Recorder) Observe(o Observer) *Recorder {
	out := *r
	out.observer = o
	return &out
}

// appended tells the observer of events once tx commits.
func (r *Recorder) appended(tx *store.Store, actions ...string) {
	if r.observer == nil {
		return
	}
	tx.AfterCommit(func() {
		for _, a := range actions {
			r.observer.AuditAppended(a)
		}
	})
}

// NewRecorder returns a Recorder; clk tells the time, and texts seal the
// motivo detalle of reads.
func NewRecorder(rules Rules, clk clock.Clock, texts sealed.Texts) *Recorder {
	return &Recorder{rules: rules, clock: clk, texts: texts}
}

// sealReason seals an event's motivo detalle under the key of the record
// read; with no such record it keeps only the motivo's code.
func (r *Recorder) sealReason(ctx context.Context, tx *store.Store, reason Reason) (enc []byte, ref string, err error) {
	if reason.Text == "" || reason.Of.ID == uuid.Nil {
		return nil, "", nil
	}
	enc, err = r.texts.Seal(ctx, tx, reason.Of, reason.Of.Place(), "motivo_detalle", reason.Text)
	if errors.Is(err, sealed.ErrShredded) {
		return nil, "", nil
	}
	return enc, reason.Of.String(), err
}

// Record appends ev to the trail within tx, the transaction of the change
// or read it describes.
func (r *Recorder) Record(ctx context.Context, tx *store.Store, actor Actor, ev Event) error {
	e, err := r.append(ctx, tx, actor, ev)
	if err != nil {
		return err
	}
	return r.applyRules(ctx, tx, e)
}

// append appends one event in one statement: the database draws its place
// in the chain and hashes it.
func (r *Recorder) append(ctx context.Context, tx *store.Store, actor Actor, ev Event) (domain.AuditEvent, error) {
	enc, ref, err := r.sealReason(ctx, tx, ev.Reason)
	if err != nil {
		return domain.AuditEvent{}, err
	}
	e := r.event(ctx, actor, ev, enc, ref)
	if e, err = tx.AppendAuditEvent(ctx, e, BodyV2(e)); err != nil {
		return domain.AuditEvent{}, fmt.Errorf("audit: record %s: %w", ev.Action, err)
	}
	r.appended(tx, ev.Action)
	return e, nil
}

// RecordMany appends events in order within tx, like Record one after the
// other but in a few round trips, for bulk writes. The alert rules watch
// reads, so they are not applied.
func (r *Recorder) RecordMany(ctx context.Context, tx *store.Store, actor Actor, evs []Event) error {
	if len(evs) == 0 {
		return nil
	}
	if len(evs) == 1 { // one statement, where a run takes three
		_, err := r.append(ctx, tx, actor, evs[0])
		return err
	}
	head, err := tx.LockAuditChainHead(ctx)
	if err != nil {
		return err
	}
	ids := []int64{head.NextID}
	if len(evs) > 1 {
		more, err := tx.NextAuditIDs(ctx, len(evs)-1)
		if err != nil {
			return err
		}
		ids = append(ids, more...)
	}
	events := make([]domain.AuditEvent, len(evs))
	for i, ev := range evs {
		enc, ref, err := r.sealReason(ctx, tx, ev.Reason)
		if err != nil {
			return err
		}
		e := r.event(ctx, actor, ev, enc, ref)
		e.ID, e.Chain, e.Seq, e.PrevHash, e.HashVersion = ids[i], head.Chain, head.Seq+1, head.Hash, 2
		e.Hash = Hash(e)
		events[i] = e
		head.Seq, head.Hash = e.Seq, e.Hash
	}
	if err := tx.InsertAuditEvents(ctx, events); err != nil {
		return fmt.Errorf("audit: record %d events: %w", len(evs), err)
	}
	actions := make([]string, len(evs))
	for i, ev := range evs {
		actions[i] = ev.Action
	}
	r.appended(tx, actions...)
	return nil
}

// event builds the event ev describes, with its sealed motivo detalle
// (reasonEnc under the key reasonKey names), yet without its place in a
// chain or its hash.
func (r *Recorder) event(ctx context.Context, actor Actor, ev Event, reasonEnc []byte, reasonKey string) domain.AuditEvent {
	if ev.Outcome == "" {
		ev.Outcome = OK
	}
	meta := metaFrom(ctx)
	e := domain.AuditEvent{
		// PostgreSQL keeps microseconds; hash what will be stored.
		OccurredAt: r.clock.Now().UTC().Truncate(time.Microsecond),
		UserID:     uuid.NullUUID{UUID: actor.UserID, Valid: actor.UserID != uuid.Nil},
		Username:   actor.Username, Institution: actor.Institution, Roles: actor.Roles,
		ClientAddr: meta.ClientAddr, RequestID: meta.RequestID,
		Action: ev.Action, RecordType: ev.RecordType, RecordID: ev.RecordID, Municipio: ev.Municipio,
		Outcome: ev.Outcome, ReasonCode: ev.Reason.Code, ReasonEnc: reasonEnc, ReasonKey: reasonKey, Detail: ev.Detail,
	}
	if e.Roles == nil {
		e.Roles = []string{}
	}
	return e
}

// placed is the encoding a version 1 hash covers: every field but the
// hash itself, in a fixed order, times in UTC with microseconds.
type placed struct {
	ID    int64 `json:"id"`
	Chain int   `json:"chain"`
	Seq   int64 `json:"seq"`
	canonical
}

// canonical is every field of an event but its place in the chain and its
// hashes.
type canonical struct {
	OccurredAt  string   `json:"occurred_at"`
	UserID      string   `json:"user_id"`
	Username    string   `json:"username"`
	Institution string   `json:"institution"`
	Roles       []string `json:"roles"`
	ClientAddr  string   `json:"client_addr"`
	RequestID   string   `json:"request_id"`
	Action      string   `json:"action"`
	RecordType  string   `json:"record_type"`
	RecordID    string   `json:"record_id"`
	Municipio   string   `json:"municipio"`
	Outcome     string   `json:"outcome"`
	ReasonCode  string   `json:"reason_code"`
	ReasonText  string   `json:"reason_text"`
	Detail      string   `json:"detail"`
	// Only events whose motivo detalle is sealed have these, so that the
	// hashes of the events recorded before stay what they were.
	ReasonEnc string `json:"reason_enc,omitempty"`
	ReasonKey string `json:"reason_key,omitempty"`
}

// Hash returns an event's hash as its version makes it: version 1,
// SHA-256(previous hash ‖ canonical JSON of the event); version 2, made by
// the database when the event is appended (migrations/00022),
// SHA-256(previous hash ‖ "sintra-audit-v2|id|chain|seq|" ‖ BodyV2).
func Hash(e domain.AuditEvent) []byte {
	h := sha256.New()
	h.Write(e.PrevHash)
	if e.HashVersion == 2 {
		fmt.Fprintf(h, "sintra-audit-v2|%d|%d|%d|", e.ID, e.Chain, e.Seq)
		h.Write(BodyV2(e))
	} else {
		h.Write(canonicalJSON(e, true))
	}
	return h.Sum(nil)
}

// BodyV2 is the canonical JSON of every field of an event but its place in
// the chain (id, chain, sequence) and its hashes, which a version 2 hash
// covers apart.
func BodyV2(e domain.AuditEvent) []byte { return canonicalJSON(e, false) }

func canonicalJSON(e domain.AuditEvent, withPlace bool) []byte {
	user := ""
	if e.UserID.Valid {
		user = e.UserID.UUID.String()
	}
	c := canonical{
		OccurredAt: e.OccurredAt.UTC().Format("2006-01-02T15:04:05.000000Z"),
		UserID:     user, Username: e.Username, Institution: e.Institution, Roles: e.Roles, ClientAddr: e.ClientAddr,
		RequestID: e.RequestID, Action: e.Action, RecordType: e.RecordType, RecordID: e.RecordID,
		Municipio: e.Municipio, Outcome: e.Outcome, ReasonCode: e.ReasonCode, ReasonText: e.ReasonText, Detail: e.Detail,
		ReasonEnc: hex.EncodeToString(e.ReasonEnc), ReasonKey: e.ReasonKey,
	}
	if !withPlace {
		body, _ := json.Marshal(c)
		return body
	}
	body, _ := json.Marshal(placed{ID: e.ID, Chain: e.Chain, Seq: e.Seq, canonical: c})
	return body
}
