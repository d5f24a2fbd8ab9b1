-- name: InsertAccountRequest :exec
INSERT INTO account_requests (id, kind, user_id, username, display_name, institution_code, roles, new_credentials,
                              first_half_enc, dek_wrapped, dek_version, requested_by, requested_at, expires_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14);

-- name: GetAccountRequest :one
-- A request with the names of the people involved; a pending request past
-- its expiry reads as vencida. The columns are ListAccountRequests'.
SELECT r.id, r.kind, r.user_id, coalesce(t.username, r.username)::text AS username, r.display_name,
       r.institution_code, r.roles, r.new_credentials,
       r.requested_by, req.username AS requested_by_username, r.requested_at, r.expires_at,
       (CASE WHEN r.status = 'pendiente' AND r.expires_at <= @now::timestamptz THEN 'vencida' ELSE r.status END)::text AS state,
       r.decided_by, d.username AS decided_by_username, r.decided_at, r.reason
FROM account_requests r
JOIN users req ON req.id = r.requested_by
LEFT JOIN users t ON t.id = r.user_id
LEFT JOIN users d ON d.id = r.decided_by
WHERE r.id = @id;

-- name: GetRequestFirstHalf :one
SELECT first_half_enc, dek_wrapped, dek_version FROM account_requests WHERE id = $1;

-- name: LockAccountRequest :one
-- Locks a request so that two administrators cannot decide it at once.
SELECT id FROM account_requests WHERE id = $1 FOR UPDATE;

-- name: ListAccountRequests :many
-- Requests in one state (pendiente, aprobada, rechazada or vencida), newest
-- first, among those about an institution of an entidad @domains (entidad
-- and municipio codes) reach whose roles, and the roles of whose account,
-- all lie within @domains, or any when @all_domains.
SELECT r.id, r.kind, r.user_id, coalesce(t.username, r.username)::text AS username, r.display_name,
       r.institution_code, r.roles, r.new_credentials,
       r.requested_by, req.username AS requested_by_username, r.requested_at, r.expires_at,
       @state::text AS state,
       r.decided_by, d.username AS decided_by_username, r.decided_at, r.reason
FROM account_requests r
JOIN users req ON req.id = r.requested_by
LEFT JOIN users t ON t.id = r.user_id
LEFT JOIN users d ON d.id = r.decided_by
WHERE CASE @state::text
        WHEN 'pendiente' THEN r.status = 'pendiente' AND r.expires_at > @now::timestamptz
        WHEN 'vencida' THEN r.status = 'pendiente' AND r.expires_at <= @now::timestamptz
        ELSE r.status = @state::text
      END
  AND (@all_domains::bool OR (
       EXISTS (SELECT 1 FROM institutions i WHERE i.code = coalesce(t.institution_code, r.institution_code)
               AND i.entidad_code = ANY (SELECT left(d, 2) FROM unnest(@domains::text[]) d))
   AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(r.roles) g
                   WHERE NOT (g->>'domain' = ANY(@domains::text[]) OR left(g->>'domain', 2) = ANY(@domains::text[])))
   AND NOT EXISTS (SELECT 1 FROM user_roles ur WHERE ur.user_id = r.user_id
                   AND NOT (ur.domain = ANY(@domains::text[]) OR left(ur.domain, 2) = ANY(@domains::text[])))))
ORDER BY r.requested_at DESC, r.id
LIMIT @lim OFFSET @off;

-- name: CountAccountRequests :one
SELECT count(*) FROM account_requests r
LEFT JOIN users t ON t.id = r.user_id
WHERE CASE @state::text
        WHEN 'pendiente' THEN r.status = 'pendiente' AND r.expires_at > @now::timestamptz
        WHEN 'vencida' THEN r.status = 'pendiente' AND r.expires_at <= @now::timestamptz
        ELSE r.status = @state::text
      END
  AND (@all_domains::bool OR (
       EXISTS (SELECT 1 FROM institutions i WHERE i.code = coalesce(t.institution_code, r.institution_code)
               AND i.entidad_code = ANY (SELECT left(d, 2) FROM unnest(@domains::text[]) d))
   AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(r.roles) g
                   WHERE NOT (g->>'domain' = ANY(@domains::text[]) OR left(g->>'domain', 2) = ANY(@domains::text[])))
   AND NOT EXISTS (SELECT 1 FROM user_roles ur WHERE ur.user_id = r.user_id
                   AND NOT (ur.domain = ANY(@domains::text[]) OR left(ur.domain, 2) = ANY(@domains::text[])))));

-- name: CountPendingLikeRequests :one
-- Pending requests of the same kind, about the same account (or account
-- name to create), with the same roles.
SELECT count(*) FROM account_requests
WHERE status = 'pendiente' AND expires_at > @now::timestamptz AND kind = @kind
  AND (user_id = @user_id OR (user_id IS NULL AND username = @username))
  AND roles = @roles::jsonb;

-- name: DecideAccountRequest :execrows
-- Approves or refuses a pending request, forgetting the requester's half.
UPDATE account_requests
SET status = @status, decided_by = @decided_by::uuid, decided_at = @now::timestamptz, reason = @reason,
    user_id = coalesce(@user_id, user_id), first_half_enc = NULL, dek_wrapped = NULL, dek_version = NULL
WHERE id = @id AND status = 'pendiente';

-- name: ForgetExpiredHalves :exec
-- A request past its expiry can no longer be approved: its half is of no use.
UPDATE account_requests SET first_half_enc = NULL, dek_wrapped = NULL, dek_version = NULL
WHERE status = 'pendiente' AND expires_at <= @now::timestamptz AND first_half_enc IS NOT NULL;

-- name: ListRequestKeysToRewrap :many
-- A batch of data keys wrapped by an older master key, skipping rows
-- another transaction holds.
SELECT id, dek_wrapped FROM account_requests
WHERE dek_wrapped IS NOT NULL AND dek_version < @version
ORDER BY id
LIMIT @batch
FOR UPDATE SKIP LOCKED;

-- name: SetRequestKey :exec
UPDATE account_requests SET dek_wrapped = $2, dek_version = $3 WHERE id = $1 AND dek_wrapped IS NOT NULL;

-- name: CountRequestKeysBelow :one
SELECT count(*) FROM account_requests WHERE dek_wrapped IS NOT NULL AND dek_version < $1;
