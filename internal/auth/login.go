package auth

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/store"
)

// ThrottleConfig sets when failed logins start to lock.
type ThrottleConfig struct {
	// AccountFailures failures of one account lock it for BaseLock, and
	// each further failure doubles the lock, up to MaxLock.
	AccountFailures int
	// AddressFailures failures from one client address lock it for MaxLock.
	AddressFailures int
	BaseLock        time.Duration
	MaxLock         time.Duration
	// Window forgets failures older than this.
	Window time.Duration
}

// DefaultThrottle locks an account after 5 failures and an address after 20.
var DefaultThrottle = ThrottleConfig{
	AccountFailures: 5, AddressFailures: 20,
	BaseLock: 30 * time.Second, MaxLock: 15 * time.Minute, Window: 15 * time.Minute,
}

// LoginInput is a sign-in attempt.
type LoginInput struct {
	Username     string
	Password     string
	TOTPCode     string
	RecoveryCode string
	ClientAddr   string
}

var errBadCredentials = apperr.New(apperr.Unauthenticated, "Usuario o contraseña incorrectos.")

// Login checks the credentials (and the second factor when the account has
// one) and opens a session. Unknown users and wrong passwords get the same
// answer after the same work; repeated failures lock the account and the
// client address for a while.
func (s *Service) Login(ctx context.Context, in LoginInput) (Tokens, error) {
	username := strings.ToLower(strings.TrimSpace(in.Username))
	keys := []string{"cuenta:" + username, "ip:" + in.ClientAddr}
	if until, err := s.store.LoginLockedUntil(ctx, keys); err != nil {
		return Tokens{}, err
	} else if wait := until.Sub(s.clock.Now()); wait > 0 {
		return Tokens{}, lockedError(wait)
	}

	u, err := s.store.UserByUsername(ctx, username)
	if err != nil && apperr.CodeOf(err) != apperr.NotFound {
		return Tokens{}, err
	}
	known := err == nil
	hash := s.dummyHash
	if known {
		hash = u.PasswordHash
	}
	ok, stale, err := VerifyPassword(in.Password, hash, s.cfg.Argon2)
	if err != nil {
		return Tokens{}, fmt.Errorf("auth: login: %w", err)
	}
	if !known || !ok || u.DisabledAt != nil {
		reason := map[bool]string{true: "bad password", false: "unknown user"}[known]
		if known && ok {
			reason = "disabled account"
		}
		var who store.User
		if known {
			who = u
		}
		return Tokens{}, s.fail(ctx, keys, who, reason, errBadCredentials)
	}

	if u.TOTPEnabled && in.TOTPCode == "" && in.RecoveryCode == "" {
		return Tokens{}, apperr.New(apperr.MFARequired, "Escriba el código de su aplicación de autenticación o un código de recuperación.")
	}
	var tokens Tokens
	err = s.store.Tx(ctx, func(tx *store.Store) error {
		mfaVerified := false
		if u.TOTPEnabled {
			if err := s.checkSecondFactor(ctx, tx, u, in); err != nil {
				return err
			}
			mfaVerified = true
		}
		if stale {
			if err := s.rehash(ctx, tx, u, in.Password); err != nil {
				return err
			}
		}
		if err := tx.ClearLoginFailures(ctx, keys[0]); err != nil {
			return err
		}
		assignments, err := tx.Assignments(ctx, u.ID)
		if err != nil {
			return err
		}
		tokens, err = s.openSession(ctx, tx, u, mfaVerified, assignments)
		return err
	})
	if errors.Is(err, errWrongCode) {
		return Tokens{}, s.fail(ctx, keys, u, "bad second factor", err)
	}
	if err == nil {
		s.log.Info("login", "user_id", u.ID, "client", in.ClientAddr)
	}
	return tokens, err
}

var errWrongCode = apperr.New(apperr.Unauthenticated, "El código de verificación no es válido.")

// checkSecondFactor accepts a fresh TOTP code or an unspent recovery code,
// spending it within tx.
func (s *Service) checkSecondFactor(ctx context.Context, tx *store.Store, u store.User, in LoginInput) error {
	if in.RecoveryCode != "" {
		spent, err := tx.UseRecoveryCode(ctx, u.ID, hashRecoveryCode(in.RecoveryCode))
		if err != nil {
			return err
		}
		if !spent {
			return errWrongCode
		}
		return nil
	}
	secret, err := s.openTOTP(u)
	if err != nil {
		return err
	}
	step := matchTOTP(secret, in.TOTPCode, s.clock.Now())
	if step == 0 {
		return errWrongCode
	}
	fresh, err := tx.AdvanceTOTPStep(ctx, u.ID, step)
	if err != nil {
		return err
	}
	if !fresh {
		return errWrongCode
	}
	return nil
}

func (s *Service) rehash(ctx context.Context, tx *store.Store, u store.User, password string) error {
	hash, err := HashPassword(password, s.cfg.Argon2)
	if err != nil {
		return err
	}
	return tx.SetUserPassword(ctx, u.ID, hash, u.MustChangePassword)
}

// fail counts a failed login under each key, locks what crossed its
// threshold, records and logs the failure without any secret (and without
// the name typed, unless it is a real account), and returns answer.
func (s *Service) fail(ctx context.Context, keys []string, who store.User, reason string, answer error) error {
	var account, address int
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		var err error
		if account, address, err = s.countFailure(ctx, tx, keys); err != nil {
			return err
		}
		actor := audit.Actor{UserID: who.ID, Username: who.Username, Institution: who.Institution}
		ev := audit.Event{Action: "sesion.fallida", Outcome: audit.Failed, Reason: audit.Reason{Code: strings.ReplaceAll(reason, " ", "_")}}
		if who.ID != uuid.Nil {
			ev.RecordType, ev.RecordID = "usuario", who.ID.String()
		}
		return s.audit.Record(ctx, tx, actor, ev)
	})
	if err != nil {
		return err
	}
	s.log.Warn("login failed", "reason", reason, "user_id", who.ID, "client", strings.TrimPrefix(keys[1], "ip:"),
		"account_failures", account, "address_failures", address)
	return answer
}

// countFailure counts one failure under the account and address keys and
// locks those past their threshold.
func (s *Service) countFailure(ctx context.Context, tx *store.Store, keys []string) (account, address int, err error) {
	t := s.cfg.Throttle
	if account, err = tx.RecordLoginFailure(ctx, keys[0], t.Window); err != nil {
		return 0, 0, err
	}
	if address, err = tx.RecordLoginFailure(ctx, keys[1], t.Window); err != nil {
		return 0, 0, err
	}
	now := s.clock.Now()
	if account >= t.AccountFailures {
		lock := time.Duration(float64(t.BaseLock) * math.Pow(2, float64(account-t.AccountFailures)))
		if lock > t.MaxLock || lock <= 0 {
			lock = t.MaxLock
		}
		if err := tx.LockLogin(ctx, keys[0], now.Add(lock)); err != nil {
			return 0, 0, err
		}
	}
	if address >= t.AddressFailures {
		if err := tx.LockLogin(ctx, keys[1], now.Add(t.MaxLock)); err != nil {
			return 0, 0, err
		}
	}
	return account, address, nil
}

func lockedError(wait time.Duration) error {
	minutes := int(math.Ceil(wait.Minutes()))
	e := apperr.New(apperr.TooManyRequests,
		fmt.Sprintf("Demasiados intentos fallidos. Espere %d minuto(s) antes de intentar de nuevo.", minutes))
	e.RetryAfter = wait
	return e
}
