package domain

import (
	"time"

	"github.com/google/uuid"
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
	// HashVersion says how Hash was made (migrations/00022): 1 for events
	// hashed by the application, 2 for those hashed by the database.
	HashVersion int
}

// ChainHead is the last event of an audit chain.
type ChainHead struct {
	Chain int
	Seq   int64
	Hash  []byte
	// NextID is the id the next event takes, when the head is locked.
	NextID int64
}

// AuditFilter narrows an audit search; nil fields do not filter.
type AuditFilter struct {
	UserID     uuid.NullUUID
	RecordType *string
	RecordID   *string
	Action     *string
	Municipio  *string
	// Domains limits the search to the municipios and entidades of these
	// codes; nil does not.
	Domains []string
	Since   *time.Time
	Until   *time.Time
	// BeforeID continues a listing after the last event of the previous page.
	BeforeID *int64
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
