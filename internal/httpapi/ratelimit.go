package httpapi

import (
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/google/uuid"
	"golang.org/x/time/rate"

	"sintra/internal/apperr"
	"sintra/internal/clock"
)

// DefaultExpensivePerMinute is how many expensive operations a user may
// run per minute when Deps does not say.
const DefaultExpensivePerMinute = 30

// userLimiter keeps each user to perMinute expensive operations a minute
// (reports in any format, statistics, searches, the audit export, imports:
// those marked x-expensive in the contract), in bursts of up to perMinute.
type userLimiter struct {
	perMinute int
	clock     clock.Clock

	mu        sync.Mutex
	users     map[uuid.UUID]*rate.Limiter
	lastSweep time.Time
}

func newUserLimiter(perMinute int, clk clock.Clock) *userLimiter {
	if perMinute <= 0 {
		perMinute = DefaultExpensivePerMinute
	}
	return &userLimiter{perMinute: perMinute, clock: clk, users: map[uuid.UUID]*rate.Limiter{}}
}

// allow takes one of user's operations, or answers 429 with how long to wait.
func (l *userLimiter) allow(user uuid.UUID) error {
	now := l.clock.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	lim, ok := l.users[user]
	if !ok {
		lim = rate.NewLimiter(rate.Every(time.Minute/time.Duration(l.perMinute)), l.perMinute)
		l.users[user] = lim
	}
	r := lim.ReserveN(now, 1)
	wait := r.DelayFrom(now)
	if wait == 0 {
		return nil
	}
	r.CancelAt(now)
	seconds := int(math.Ceil(wait.Seconds()))
	e := apperr.New(apperr.TooManyRequests, fmt.Sprintf(
		"Demasiadas solicitudes de informes, estadísticas o búsquedas; espere %d segundo(s) antes de intentar de nuevo.", seconds))
	e.RetryAfter = wait
	return e
}

// sweep forgets, once a minute, the users idle for a minute: their bucket
// is full again, as a new one would be.
func (l *userLimiter) sweep(now time.Time) {
	if now.Sub(l.lastSweep) < time.Minute {
		return
	}
	l.lastSweep = now
	for user, lim := range l.users {
		if lim.TokensAt(now) >= float64(l.perMinute) {
			delete(l.users, user)
		}
	}
}
