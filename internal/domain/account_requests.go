package domain

import (
	"time"

	"github.com/google/uuid"
)

// AccountRequest is a change to accounts that waits for a second
// administrator's approval.
type AccountRequest struct {
	ID   uuid.UUID
	Kind string
	// UserID is the account the request is about; for an account to
	// create, the account once created.
	UserID uuid.NullUUID
	// Username is the account's, or the one to create.
	Username string
	// DisplayName and Institution describe an account to create.
	DisplayName, Institution string
	// Roles are the roles to create the account with, or the one to grant.
	Roles []Assignment
	// NewCredentials says that approving gives the account a new temporary
	// password in two halves.
	NewCredentials bool

	RequestedBy, DecidedBy                 uuid.UUID
	RequestedByUsername, DecidedByUsername string
	RequestedAt, ExpiresAt                 time.Time
	// State is pendiente, aprobada, rechazada, or vencida for a pending
	// request past its expiry.
	State     string
	DecidedAt *time.Time
	// Reason is why the request was refused.
	Reason string
}

// NewAccountRequest is what recording a request needs.
type NewAccountRequest struct {
	ID                                 uuid.UUID
	Kind                               string
	UserID                             uuid.NullUUID
	Username, DisplayName, Institution string
	Roles                              []Assignment
	NewCredentials                     bool
	FirstHalf                          *SealedSecret
	RequestedBy                        uuid.UUID
	ExpiresAt                          time.Time
}

// AccountRequestDecision approves or refuses a pending request.
type AccountRequestDecision struct {
	ID        uuid.UUID
	Status    string
	DecidedBy uuid.UUID
	Reason    string
	// UserID is the account an approved creation made.
	UserID uuid.NullUUID
}
