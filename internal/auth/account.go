package auth

import (
	"context"
	"fmt"
	"sintra/internal/domain"

	"github.com/skip2/go-qrcode"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/store"
)

// ChangePassword replaces the principal's password after checking the
// current one, lifts a must-change flag and ends every other session.
func (s *Service) ChangePassword(ctx context.Context, p *authz.Principal, current, next string) error {
	u, err := s.store.UserByID(ctx, p.UserID)
	if err != nil {
		return err
	}
	if err := s.checkCurrentPassword(ctx, p, u, current); err != nil {
		return err
	}
	if current == next {
		return apperr.Validation(apperr.FieldError{Field: "new_password", Message: "La nueva contraseña debe ser distinta de la actual."})
	}
	if err := CheckPasswordPolicy(next, u.Username, u.DisplayName); err != nil {
		return err
	}
	hash, err := HashPassword(next, s.cfg.Argon2)
	if err != nil {
		return err
	}
	return s.store.Tx(ctx, func(tx *store.Store) error {
		if err := tx.SetUserPassword(ctx, u.ID, hash, false); err != nil {
			return err
		}
		if err := tx.RevokeUserSessions(ctx, u.ID, p.SessionID, "password changed"); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.ActorOf(p), audit.Event{Action: "cuenta.cambiar_contrasena", RecordType: "usuario", RecordID: u.ID.String()})
	})
}

// checkCurrentPassword checks the password a session states as its
// account's, counted against the account as sign-ins are: a stolen
// session must not guess the password faster than a sign-in form would.
// A wrong one keeps its place in the count and is audited; a right one
// gives its place back.
func (s *Service) checkCurrentPassword(ctx context.Context, p *authz.Principal, u domain.User, current string) error {
	attempt, err := s.reserveAccount(ctx, u.Username)
	if err != nil {
		return err
	}
	ok, _, err := VerifyPassword(current, u.PasswordHash, s.cfg.Argon2)
	if err != nil || ok {
		if gbErr := s.store.ReturnLoginAttempt(ctx, attempt.key, attempt.locked); gbErr != nil {
			return fmt.Errorf("auth: give back a password check: %w", gbErr)
		}
		return err
	}
	err = s.store.Tx(ctx, func(tx *store.Store) error {
		return s.audit.Record(ctx, tx, audit.ActorOf(p), audit.Event{Action: "cuenta.cambiar_contrasena", RecordType: "usuario",
			RecordID: u.ID.String(), Outcome: audit.Failed, Detail: "contraseña actual incorrecta"})
	})
	if err != nil {
		return err
	}
	s.observeFailure("wrong_current_password")
	s.log.Warn("password change refused: wrong current password", "user_id", u.ID, "account_failures", attempt.n)
	return apperr.Validation(apperr.FieldError{Field: "current_password", Message: "La contraseña actual no es correcta."})
}

// Enrolment is a new TOTP secret waiting for its first code.
type Enrolment struct {
	Secret string
	URL    string
	// QR is the URL as a QR code, a PNG for an authenticator app to scan.
	QR []byte
}

// BeginTOTPEnrolment gives the principal a new TOTP secret to load into an
// authenticator app. An account that already has a second factor must have
// it reset by an administrator first.
func (s *Service) BeginTOTPEnrolment(ctx context.Context, p *authz.Principal) (Enrolment, error) {
	u, err := s.store.UserByID(ctx, p.UserID)
	if err != nil {
		return Enrolment{}, err
	}
	if u.TOTPEnabled {
		return Enrolment{}, apperr.New(apperr.Conflict, "La cuenta ya tiene un segundo factor; pida a un administrador que lo restablezca.")
	}
	secret, url, err := newTOTPKey(u.Username)
	if err != nil {
		return Enrolment{}, err
	}
	sealed, err := s.sealTOTP(u.ID, secret)
	if err != nil {
		return Enrolment{}, err
	}
	err = s.store.Tx(ctx, func(tx *store.Store) error {
		if err := tx.SetTOTPSecret(ctx, u.ID, sealed); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.ActorOf(p), audit.Event{Action: "cuenta.segundo_factor_iniciar", RecordType: "usuario", RecordID: u.ID.String()})
	})
	if err != nil {
		return Enrolment{}, err
	}
	qr, err := qrcode.Encode(url, qrcode.Medium, 256)
	if err != nil {
		return Enrolment{}, fmt.Errorf("auth: totp qr: %w", err)
	}
	return Enrolment{Secret: secret, URL: url, QR: qr}, nil
}

// ConfirmTOTP turns the second factor on with a first valid code, marks
// the current session as verified and returns the one-time recovery codes,
// shown to the user only now.
func (s *Service) ConfirmTOTP(ctx context.Context, p *authz.Principal, code string) ([]string, error) {
	u, err := s.store.UserByID(ctx, p.UserID)
	if err != nil {
		return nil, err
	}
	if u.TOTPEnabled {
		return nil, apperr.New(apperr.Conflict, "La cuenta ya tiene un segundo factor.")
	}
	secret, err := s.openTOTP(u)
	if err != nil {
		return nil, err
	}
	if secret == "" {
		return nil, apperr.New(apperr.Conflict, "Primero solicite el alta del segundo factor.")
	}
	step := matchTOTP(secret, code, s.clock.Now())
	if step == 0 {
		return nil, apperr.Validation(apperr.FieldError{Field: "code", Message: "El código no es válido; revise la hora de su dispositivo."})
	}
	codes, hashes := newRecoveryCodes()
	err = s.store.Tx(ctx, func(tx *store.Store) error {
		if err := tx.EnableTOTP(ctx, u.ID, step); err != nil {
			return err
		}
		if err := tx.ReplaceRecoveryCodes(ctx, u.ID, hashes); err != nil {
			return err
		}
		if err := tx.MarkSessionMFAVerified(ctx, p.SessionID); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.ActorOf(p), audit.Event{Action: "cuenta.segundo_factor_activar", RecordType: "usuario", RecordID: u.ID.String()})
	})
	if err != nil {
		return nil, err
	}
	return codes, nil
}

// Account is what a user sees of their own account.
type Account struct {
	User        domain.User
	Assignments []domain.Assignment
	Restriction string
}

// Me returns the principal's own account.
func (s *Service) Me(ctx context.Context, p *authz.Principal) (Account, error) {
	u, err := s.store.UserByID(ctx, p.UserID)
	if err != nil {
		return Account{}, err
	}
	return Account{User: u, Assignments: p.Assignments, Restriction: p.Restriction}, nil
}
