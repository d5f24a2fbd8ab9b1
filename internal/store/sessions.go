package store

import (
	"context"
	"time"

	"github.com/google/uuid"

	"sintra/internal/domain"
	"sintra/internal/store/internal/db"
)

// CreateSession opens a session for a user.
func (s *Store) CreateSession(ctx context.Context, userID uuid.UUID, expiresAt time.Time, mfaVerified bool) (domain.Session, error) {
	row, err := s.q.CreateSession(ctx, db.CreateSessionParams{CreatedAt: s.now(), UserID: userID, ExpiresAt: expiresAt, MfaVerified: mfaVerified})
	return sessionFromRow(row), mapError("create session", err)
}

// SessionAccount returns the session with id, its account and its roles.
func (s *Store) SessionAccount(ctx context.Context, id uuid.UUID) (domain.SessionAccount, error) {
	row, err := s.q.GetSessionAccount(ctx, id)
	if err != nil {
		return domain.SessionAccount{}, mapError("get session account", err)
	}
	out := domain.SessionAccount{
		Session: sessionFromRow(row.Session),
		User: domain.User{ID: row.Session.UserID, Username: row.Username, Institution: row.InstitutionCode,
			MustChangePassword: row.MustChangePassword, DisabledAt: row.DisabledAt},
		Assignments: make([]domain.Assignment, len(row.Roles)),
	}
	for i, role := range row.Roles {
		out.Assignments[i] = domain.Assignment{Role: role, Domain: row.Domains[i]}
	}
	return out, nil
}

func sessionFromRow(r db.Session) domain.Session {
	return domain.Session{ID: r.ID, UserID: r.UserID, ExpiresAt: r.ExpiresAt, MFAVerified: r.MfaVerified, RevokedAt: r.RevokedAt}
}

// MarkSessionMFAVerified records that the session passed the second factor.
func (s *Store) MarkSessionMFAVerified(ctx context.Context, id uuid.UUID) error {
	return s.announced(id, mapError("mark session mfa", s.q.MarkSessionMFAVerified(ctx, id)))
}

// RevokeSession ends a session; its tokens stop working at once.
func (s *Store) RevokeSession(ctx context.Context, id uuid.UUID, reason string) error {
	return s.announced(id, mapError("revoke session", s.q.RevokeSession(ctx, db.RevokeSessionParams{Now: s.now(), ID: id, RevokedReason: &reason})))
}

// RevokeUserSessions ends every session of a user but keep (uuid.Nil keeps none).
func (s *Store) RevokeUserSessions(ctx context.Context, userID, keep uuid.UUID, reason string) error {
	return s.announced(userID, mapError("revoke user sessions", s.q.RevokeUserSessions(ctx,
		db.RevokeUserSessionsParams{Now: s.now(), UserID: userID, Keep: keep, Reason: &reason})))
}

// InsertRefreshToken stores the hash of a new refresh token.
func (s *Store) InsertRefreshToken(ctx context.Context, hash []byte, sessionID uuid.UUID, expiresAt time.Time) error {
	return mapError("insert refresh token", s.q.InsertRefreshToken(ctx, db.InsertRefreshTokenParams{CreatedAt: s.now(), TokenHash: hash, SessionID: sessionID, ExpiresAt: expiresAt}))
}

// LockRefreshToken returns the token with that hash and its session, locked
// until the transaction ends.
func (s *Store) LockRefreshToken(ctx context.Context, hash []byte) (domain.RefreshToken, error) {
	r, err := s.q.LockRefreshToken(ctx, hash)
	return domain.RefreshToken{
		ExpiresAt: r.ExpiresAt, RotatedAt: r.RotatedAt, SessionID: r.SessionID, UserID: r.UserID,
		SessionExpiresAt: r.SessionExpiresAt, SessionRevokedAt: r.SessionRevokedAt, MFAVerified: r.MfaVerified,
	}, mapError("lock refresh token", err)
}

// MarkRefreshTokenRotated records that a refresh token was exchanged.
func (s *Store) MarkRefreshTokenRotated(ctx context.Context, hash []byte) error {
	return mapError("rotate refresh token", s.q.MarkRefreshTokenRotated(ctx, db.MarkRefreshTokenRotatedParams{TokenHash: hash, Now: s.now()}))
}

// ReplaceRecoveryCodes stores new recovery code hashes, dropping the old ones.
func (s *Store) ReplaceRecoveryCodes(ctx context.Context, userID uuid.UUID, hashes [][]byte) error {
	if err := s.q.DeleteRecoveryCodes(ctx, userID); err != nil {
		return mapError("delete recovery codes", err)
	}
	for _, h := range hashes {
		if err := s.q.InsertRecoveryCode(ctx, db.InsertRecoveryCodeParams{UserID: userID, CodeHash: h}); err != nil {
			return mapError("insert recovery code", err)
		}
	}
	return nil
}

// UseRecoveryCode spends a recovery code; false if unknown or spent.
func (s *Store) UseRecoveryCode(ctx context.Context, userID uuid.UUID, hash []byte) (bool, error) {
	n, err := s.q.UseRecoveryCode(ctx, db.UseRecoveryCodeParams{Now: s.now(), UserID: userID, CodeHash: hash})
	return n == 1, mapError("use recovery code", err)
}
