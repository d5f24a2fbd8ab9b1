package auth

import (
	"context"
	"errors"
	"fmt"
	"sintra/internal/domain"
	"strings"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/store"
)

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
// answer after the same work. Each attempt is counted against the account
// and the client address before anything is checked, and refused unchecked
// while either is locked, so that guesses sent in parallel are checked no
// more often than guesses sent one after another.
func (s *Service) Login(ctx context.Context, in LoginInput) (Tokens, error) {
	username := strings.ToLower(strings.TrimSpace(in.Username))
	r, err := s.reserve(ctx, username, in.ClientAddr)
	if err != nil {
		return Tokens{}, err
	}
	tokens, err := s.login(ctx, r, username, in)
	if err != nil && !r.settled {
		if gbErr := s.giveBack(ctx, r); gbErr != nil {
			s.log.Error("login attempt not given back", "error", gbErr)
		}
	}
	return tokens, err
}

// login checks the attempt counted in r and settles r when it succeeds or
// fails.
func (s *Service) login(ctx context.Context, r *reservation, username string, in LoginInput) (Tokens, error) {
	u, stale, err := s.checkPassword(ctx, r, username, in.Password)
	if err != nil {
		return Tokens{}, err
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
		if err := s.release(ctx, tx, r); err != nil {
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
		return Tokens{}, s.fail(ctx, r, u, "bad second factor", err)
	}
	if err != nil {
		return Tokens{}, err
	}
	r.settled = true
	s.log.Info("login", "user_id", u.ID, "client", in.ClientAddr)
	return tokens, nil
}

// checkPassword returns the enabled account of username when password is
// its own, and whether its hash should be redone; otherwise it settles r as
// a failure. An unknown user costs the same hashing as a known one.
func (s *Service) checkPassword(ctx context.Context, r *reservation, username, password string) (domain.User, bool, error) {
	u, err := s.store.UserByUsername(ctx, username)
	if err != nil && apperr.CodeOf(err) != apperr.NotFound {
		return domain.User{}, false, err
	}
	known := err == nil
	hash := s.dummyHash
	if known {
		hash = u.PasswordHash
	}
	ok, stale, err := VerifyPassword(password, hash, s.cfg.Argon2)
	if err != nil {
		return domain.User{}, false, fmt.Errorf("auth: login: %w", err)
	}
	if known && ok && u.DisabledAt == nil {
		return u, stale, nil
	}
	reason := map[bool]string{true: "bad password", false: "unknown user"}[known]
	if known && ok {
		reason = "disabled account"
	}
	var who domain.User
	if known {
		who = u
	}
	return domain.User{}, false, s.fail(ctx, r, who, reason, errBadCredentials)
}

var errWrongCode = apperr.New(apperr.Unauthenticated, "El código de verificación no es válido.")

// checkSecondFactor accepts a fresh TOTP code or an unspent recovery code,
// spending it within tx.
func (s *Service) checkSecondFactor(ctx context.Context, tx *store.Store, u domain.User, in LoginInput) error {
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

func (s *Service) rehash(ctx context.Context, tx *store.Store, u domain.User, password string) error {
	hash, err := HashPassword(password, s.cfg.Argon2)
	if err != nil {
		return err
	}
	return tx.SetUserPassword(ctx, u.ID, hash, u.MustChangePassword)
}

// fail settles r as a failure: its places stay counted. It records and
// logs the failure without any secret (and without the name typed, unless
// it is a real account), and returns answer.
func (s *Service) fail(ctx context.Context, r *reservation, who domain.User, reason string, answer error) error {
	r.settled = true
	code := strings.ReplaceAll(reason, " ", "_")
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		actor := audit.Actor{UserID: who.ID, Username: who.Username, Institution: who.Institution}
		ev := audit.Event{Action: "sesion.fallida", Outcome: audit.Failed, Reason: audit.Reason{Code: code}}
		if who.ID != uuid.Nil {
			ev.RecordType, ev.RecordID = "usuario", who.ID.String()
		}
		return s.audit.Record(ctx, tx, actor, ev)
	})
	if err != nil {
		return err
	}
	s.observeFailure(code)
	s.log.Warn("login failed", "reason", reason, "user_id", who.ID, "client", strings.TrimPrefix(r.address.key, "ip:"),
		"account_failures", r.account.n, "address_failures", r.address.n)
	return answer
}
