package domain

import (
	"time"

	"github.com/google/uuid"
)

// Session is a login of a user, renewed by rotating refresh tokens.
type Session struct {
	ID          uuid.UUID
	UserID      uuid.UUID
	ExpiresAt   time.Time
	MFAVerified bool
	RevokedAt   *time.Time
}

// RefreshToken is a stored refresh token with its session, locked for update.
type RefreshToken struct {
	ExpiresAt        time.Time
	RotatedAt        *time.Time
	SessionID        uuid.UUID
	UserID           uuid.UUID
	SessionExpiresAt time.Time
	SessionRevokedAt *time.Time
	MFAVerified      bool
}

// SessionAccount is a session with what a request needs of its account.
type SessionAccount struct {
	Session     Session
	User        User // ID, Username, Institution, MustChangePassword and DisabledAt only
	Assignments []Assignment
}
