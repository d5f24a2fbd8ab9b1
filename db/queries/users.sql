-- name: CreateUser :one
INSERT INTO users (username, display_name, institution_code, password_hash, must_change_password, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)
RETURNING *;

-- name: GetUserByID :one
SELECT * FROM users WHERE id = $1;

-- name: GetUserByUsername :one
SELECT * FROM users WHERE username = $1;

-- name: ListUsers :many
-- Accounts whose username or name holds the pattern (a LIKE pattern, its
-- wildcards escaped by the caller), all when it is null, among those of an
-- institution of an entidad @domains (entidad and municipio codes) reach
-- whose every role lies within @domains, or any account when @all_domains.
SELECT * FROM users u
WHERE (sqlc.narg(pattern)::text IS NULL OR u.username ILIKE sqlc.narg(pattern) OR u.display_name ILIKE sqlc.narg(pattern))
  AND (@all_domains::bool OR (
       EXISTS (SELECT 1 FROM institutions i WHERE i.code = u.institution_code
               AND i.entidad_code = ANY (SELECT left(d, 2) FROM unnest(@domains::text[]) d))
   AND NOT EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id
       AND NOT (r.domain = ANY(@domains::text[]) OR left(r.domain, 2) = ANY(@domains::text[])))))
ORDER BY u.username LIMIT @max_rows OFFSET @skip;

-- name: CountUsers :one
SELECT count(*) FROM users u
WHERE (sqlc.narg(pattern)::text IS NULL OR u.username ILIKE sqlc.narg(pattern) OR u.display_name ILIKE sqlc.narg(pattern))
  AND (@all_domains::bool OR (
       EXISTS (SELECT 1 FROM institutions i WHERE i.code = u.institution_code
               AND i.entidad_code = ANY (SELECT left(d, 2) FROM unnest(@domains::text[]) d))
   AND NOT EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id
       AND NOT (r.domain = ANY(@domains::text[]) OR left(r.domain, 2) = ANY(@domains::text[])))));

-- name: SetUserDisabled :execrows
UPDATE users
SET disabled_at = CASE WHEN @disabled::bool THEN coalesce(disabled_at, @now::timestamptz) ELSE NULL END,
    updated_at = @now::timestamptz
WHERE id = @id;

-- name: SetUserPassword :execrows
UPDATE users SET password_hash = $2, must_change_password = $3, updated_at = @now::timestamptz WHERE id = $1;

-- name: SetTOTPSecret :execrows
UPDATE users
SET totp_secret_enc = $2, totp_dek_wrapped = $3, totp_dek_version = $4, totp_enabled = false, totp_last_step = 0, updated_at = @now::timestamptz
WHERE id = $1;

-- name: EnableTOTP :exec
UPDATE users SET totp_enabled = true, totp_last_step = $2, updated_at = @now::timestamptz WHERE id = $1;

-- name: AdvanceTOTPStep :execrows
-- Accepts a TOTP time step only once, and only moving forward.
UPDATE users SET totp_last_step = $2 WHERE id = $1 AND totp_last_step < $2;

-- name: ResetTOTP :execrows
UPDATE users
SET totp_secret_enc = NULL, totp_dek_wrapped = NULL, totp_dek_version = NULL, totp_enabled = false, totp_last_step = 0, updated_at = @now::timestamptz
WHERE id = $1;

-- name: ListUserRoles :many
SELECT role, domain FROM user_roles WHERE user_id = $1 ORDER BY role, domain;

-- name: ListRolesOfUsers :many
SELECT user_id, role, domain FROM user_roles WHERE user_id = ANY(@user_ids::uuid[]) ORDER BY user_id, role, domain;

-- name: AddUserRole :exec
INSERT INTO user_roles (user_id, role, domain, granted_by, granted_at)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT DO NOTHING;

-- name: DeleteUserRole :execrows
DELETE FROM user_roles WHERE user_id = $1 AND role = $2 AND domain = $3;

-- name: ListUserKeysToRewrap :many
-- A batch of TOTP data keys wrapped by an older master key, skipping rows
-- another transaction holds.
SELECT id, totp_dek_wrapped FROM users
WHERE totp_dek_wrapped IS NOT NULL AND totp_dek_version < @version
ORDER BY id
LIMIT @batch
FOR UPDATE SKIP LOCKED;

-- name: SetUserKey :exec
UPDATE users SET totp_dek_wrapped = $2, totp_dek_version = $3 WHERE id = $1 AND totp_dek_wrapped IS NOT NULL;

-- name: CountUserKeysBelow :one
SELECT count(*) FROM users WHERE totp_dek_wrapped IS NOT NULL AND totp_dek_version < $1;

-- name: LockUser :one
-- Locks an account while its roles and credentials are decided on.
SELECT id FROM users WHERE id = $1 FOR UPDATE;
