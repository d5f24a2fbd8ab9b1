-- name: CreateSession :one
INSERT INTO sessions (user_id, expires_at, mfa_verified, created_at)
VALUES ($1, $2, $3, $4) RETURNING *;

-- name: MarkSessionMFAVerified :exec
UPDATE sessions SET mfa_verified = true WHERE id = $1;

-- name: RevokeSession :exec
UPDATE sessions SET revoked_at = @now::timestamptz, revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL;

-- name: RevokeUserSessions :exec
-- Revokes every open session of a user except keep (pass uuid.Nil to keep none).
UPDATE sessions SET revoked_at = @now::timestamptz, revoked_reason = @reason
WHERE user_id = @user_id AND id <> @keep AND revoked_at IS NULL;

-- name: InsertRefreshToken :exec
INSERT INTO refresh_tokens (token_hash, session_id, expires_at, created_at)
VALUES ($1, $2, $3, $4);

-- name: LockRefreshToken :one
-- The token and its session, locked so that two refreshes cannot both rotate it.
SELECT t.token_hash, t.expires_at, t.rotated_at, s.id AS session_id, s.user_id,
       s.expires_at AS session_expires_at, s.revoked_at AS session_revoked_at, s.mfa_verified
FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id
WHERE t.token_hash = $1
FOR UPDATE OF t, s;

-- name: MarkRefreshTokenRotated :exec
UPDATE refresh_tokens SET rotated_at = @now::timestamptz WHERE token_hash = $1;

-- name: InsertRecoveryCode :exec
INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2);

-- name: DeleteRecoveryCodes :exec
DELETE FROM recovery_codes WHERE user_id = $1;

-- name: UseRecoveryCode :execrows
UPDATE recovery_codes SET used_at = @now::timestamptz WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL;

-- name: GetSessionAccount :one
-- What every request needs to know: the session, its account and the
-- account's roles (two arrays in the same order), in one round trip.
SELECT sqlc.embed(s), u.username, u.institution_code, u.must_change_password, u.disabled_at,
    ARRAY(SELECT r.role FROM user_roles r WHERE r.user_id = s.user_id ORDER BY r.role, r.domain)::text[] AS roles,
    ARRAY(SELECT r.domain FROM user_roles r WHERE r.user_id = s.user_id ORDER BY r.role, r.domain)::text[] AS domains
FROM sessions s JOIN users u ON u.id = s.user_id
WHERE s.id = $1;
