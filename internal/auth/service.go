// Package auth signs users in and keeps their sessions: argon2id passwords,
// short-lived JWT access tokens, rotating refresh tokens stored as hashes,
// TOTP second factor with recovery codes, and login throttling.
package auth

import (
	"context"
	"log/slog"
	"sintra/internal/domain"
	"time"

	"github.com/google/uuid"

	"sintra/internal/apperr"
	"sintra/internal/audit"
	"sintra/internal/authz"
	"sintra/internal/clock"
	"sintra/internal/crypto"
	"sintra/internal/store"
)

// Config sets lifetimes, costs and policies.
type Config struct {
	// AccessTTL is the life of an access token.
	AccessTTL time.Duration
	// RefreshTTL is the life of a refresh token; each refresh issues a new one.
	RefreshTTL time.Duration
	// SessionTTL bounds a session however often it is refreshed.
	SessionTTL time.Duration
	// RequireMFA demands a second factor of every account, whatever its
	// roles; only a demo turns it off.
	RequireMFA bool
	Argon2     Argon2Params
	Throttle   ThrottleConfig
	// Keys sign access tokens (HS256, with the key file's token key) and
	// seal TOTP secrets.
	Keys *crypto.Keyring
	// Observer, when set, learns of failed sign-ins and locks.
	Observer Observer
}

// Observer learns of failed sign-ins, by reason, and of locks, by what was
// locked (account or address), never of whom: the metrics count them.
type Observer interface {
	SignInFailed(reason string)
	SignInLocked(what string)
}

// DefaultConfig returns the production settings; Keys must still be set.
func DefaultConfig() Config {
	return Config{
		AccessTTL:  15 * time.Minute,
		RefreshTTL: 8 * time.Hour,
		SessionTTL: 12 * time.Hour,
		RequireMFA: true,
		Argon2:     DefaultArgon2,
		Throttle:   DefaultThrottle,
	}
}

// Service runs sign-in and sessions.
type Service struct {
	store  *store.Store
	audit  *audit.Recorder
	cfg    Config
	tokens *tokenIssuer
	log    *slog.Logger
	clock  clock.Clock
	// dummyHash is verified for unknown users so that they take as long
	// as known ones.
	dummyHash string
	// sessions keeps authenticated sessions while KeepSessions runs.
	sessions *sessionCache
}

// NewService returns a Service. clk tells the time.
func NewService(st *store.Store, rec *audit.Recorder, cfg Config, log *slog.Logger, clk clock.Clock) (*Service, error) {
	dummy, err := HashPassword("dummy password for unknown users", cfg.Argon2)
	if err != nil {
		return nil, err
	}
	s := &Service{
		store: st, audit: rec, cfg: cfg, log: log, clock: clk, dummyHash: dummy, sessions: newSessionCache(),
		tokens: &tokenIssuer{key: cfg.Keys.TokenKey(), ttl: cfg.AccessTTL, now: clk.Now},
	}
	st.WatchAccounts(s.sessions.forgetID)
	return s, nil
}

// Tokens are what a successful login or refresh returns.
type Tokens struct {
	AccessToken  string
	ExpiresAt    time.Time
	RefreshToken string
	// Restriction is set when the session may only finish its set-up.
	Restriction string
}

// restriction says what a session must do before anything else. Every
// role needs the second factor: the auditor's trail, the analyst's and the
// Secretaría Técnica's figures are as much worth stealing as a record.
func (s *Service) restriction(u domain.User, sess domain.Session) string {
	switch {
	case u.MustChangePassword:
		return string(apperr.PasswordChange)
	case s.cfg.RequireMFA && !sess.MFAVerified:
		return string(apperr.MFAEnrollment)
	}
	return ""
}

// Authenticate checks an access token and returns who it acts for. The
// session, the account and its roles are read afresh, or kept from an
// earlier request while KeepSessions hears of every change to them, so a
// revoked session, a disabled account or a removed role count at once.
func (s *Service) Authenticate(ctx context.Context, token string) (*authz.Principal, error) {
	denied := apperr.New(apperr.Unauthenticated, "La sesión no es válida o expiró; inicie sesión de nuevo.")
	userID, sessionID, err := s.tokens.parse(token)
	if err != nil {
		return nil, denied
	}
	now := s.clock.Now()
	found, kept, generation := s.sessions.get(sessionID, now)
	if !kept {
		found, err = s.store.SessionAccount(ctx, sessionID)
		if err != nil {
			if apperr.CodeOf(err) == apperr.NotFound {
				return nil, denied
			}
			return nil, err
		}
		s.sessions.put(found, now, generation)
	}
	sess, u := found.Session, found.User
	if sess.UserID != userID || sess.RevokedAt != nil || !now.Before(sess.ExpiresAt) || u.DisabledAt != nil {
		return nil, denied
	}
	return &authz.Principal{
		UserID: u.ID, SessionID: sess.ID, Username: u.Username, Institution: u.Institution,
		Assignments: found.Assignments, Restriction: s.restriction(u, sess),
	}, nil
}

// openSession starts a session and issues its first tokens.
func (s *Service) openSession(ctx context.Context, tx *store.Store, u domain.User, mfaVerified bool, assignments []domain.Assignment) (Tokens, error) {
	now := s.clock.Now()
	sess, err := tx.CreateSession(ctx, u.ID, now.Add(s.cfg.SessionTTL), mfaVerified)
	if err != nil {
		return Tokens{}, err
	}
	err = s.audit.Record(ctx, tx, actorOf(u, assignments), audit.Event{Action: "sesion.iniciar", RecordType: "sesion", RecordID: sess.ID.String()})
	if err != nil {
		return Tokens{}, err
	}
	t, err := s.issueTokens(ctx, tx, u.ID, sess.ID, sess.ExpiresAt)
	t.Restriction = s.restriction(u, sess)
	return t, err
}

// issueTokens signs an access token and stores a new refresh token that
// lives no longer than the session.
func (s *Service) issueTokens(ctx context.Context, tx *store.Store, userID, sessionID uuid.UUID, sessionEnd time.Time) (Tokens, error) {
	access, exp, err := s.tokens.issue(userID, sessionID)
	if err != nil {
		return Tokens{}, err
	}
	refresh, hash := newRefreshToken()
	refreshEnd := s.clock.Now().Add(s.cfg.RefreshTTL)
	if refreshEnd.After(sessionEnd) {
		refreshEnd = sessionEnd
	}
	if err := tx.InsertRefreshToken(ctx, hash, sessionID, refreshEnd); err != nil {
		return Tokens{}, err
	}
	return Tokens{AccessToken: access, ExpiresAt: exp, RefreshToken: refresh}, nil
}

// Refresh exchanges a refresh token for new tokens. A token that was
// already exchanged means someone else holds a copy: the whole session is
// revoked and the caller must sign in again.
func (s *Service) Refresh(ctx context.Context, refreshToken string) (Tokens, error) {
	denied := apperr.New(apperr.Unauthenticated, "La sesión no es válida o expiró; inicie sesión de nuevo.")
	var out Tokens
	var reused bool
	err := s.store.Tx(ctx, func(tx *store.Store) error {
		hash := hashToken(refreshToken)
		t, err := tx.LockRefreshToken(ctx, hash)
		if apperr.CodeOf(err) == apperr.NotFound {
			return denied
		} else if err != nil {
			return err
		}
		now := s.clock.Now()
		if t.RotatedAt != nil {
			reused = true
			if err := tx.RevokeSession(ctx, t.SessionID, "refresh token reused"); err != nil {
				return err
			}
			return s.audit.Record(ctx, tx, audit.Actor{UserID: t.UserID}, audit.Event{
				Action: "sesion.revocar_por_reuso", RecordType: "sesion", RecordID: t.SessionID.String(), Outcome: audit.Denied})
		}
		if t.SessionRevokedAt != nil || !now.Before(t.ExpiresAt) || !now.Before(t.SessionExpiresAt) {
			return denied
		}
		u, err := tx.UserByID(ctx, t.UserID)
		if err != nil {
			return err
		}
		if u.DisabledAt != nil {
			return denied
		}
		if err := tx.MarkRefreshTokenRotated(ctx, hash); err != nil {
			return err
		}
		assignments, err := tx.Assignments(ctx, u.ID)
		if err != nil {
			return err
		}
		err = s.audit.Record(ctx, tx, actorOf(u, assignments), audit.Event{Action: "sesion.renovar", RecordType: "sesion", RecordID: t.SessionID.String()})
		if err != nil {
			return err
		}
		out, err = s.issueTokens(ctx, tx, u.ID, t.SessionID, t.SessionExpiresAt)
		out.Restriction = s.restriction(u, domain.Session{MFAVerified: t.MFAVerified})
		return err
	})
	if reused {
		s.log.Warn("refresh token reused; session revoked")
		return Tokens{}, denied
	}
	return out, err
}

// Logout revokes the principal's session.
func (s *Service) Logout(ctx context.Context, p *authz.Principal) error {
	return s.store.Tx(ctx, func(tx *store.Store) error {
		if err := tx.RevokeSession(ctx, p.SessionID, "logout"); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.ActorOf(p), audit.Event{Action: "sesion.cerrar", RecordType: "sesion", RecordID: p.SessionID.String()})
	})
}

func actorOf(u domain.User, assignments []domain.Assignment) audit.Actor {
	return audit.Actor{UserID: u.ID, Username: u.Username, Institution: u.Institution, Roles: audit.RolesOf(assignments)}
}
