package domain

import (
	"time"

	"github.com/google/uuid"
)

// User is an account of a public servant.
type User struct {
	ID                 uuid.UUID
	Username           string
	DisplayName        string
	Institution        string
	PasswordHash       string
	MustChangePassword bool
	// TOTP is the second factor's secret, sealed; nil until enrolment.
	TOTP         *SealedSecret
	TOTPEnabled  bool
	TOTPLastStep int64
	DisabledAt   *time.Time
	CreatedAt    time.Time
}

// Assignment is a role a user holds in a domain: a municipio's INEGI code
// (five digits), an entidad's (two), or "*" for the nation.
type Assignment struct {
	Role   string
	Domain string
}

// NewUser is what creating an account needs.
type NewUser struct {
	Username, DisplayName, Institution, PasswordHash string
	MustChangePassword                               bool
}

// SealedSecret is a secret sealed under a data key of its own, stored
// beside it wrapped by the master key.
type SealedSecret struct {
	Ciphertext []byte
	WrappedKey []byte
	// KeyVersion is the master key version that wrapped the data key.
	KeyVersion int
}
