package domain

import "time"

// LoginThrottle is what is counted of the sign-in attempts under one key
// ("cuenta:<username>" or "ip:<address>").
type LoginThrottle struct {
	// Failures counts the attempts still counted: failed, or being checked.
	Failures int
	// CountedAt is when the latest attempt was counted.
	CountedAt time.Time
	// LockedUntil refuses attempts under the key until then; zero when
	// the key was never locked.
	LockedUntil time.Time
}
