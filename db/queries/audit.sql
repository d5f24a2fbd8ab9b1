-- name: LockAuditChainHead :one
-- Locks the head of the chain this connection writes to until the
-- transaction ends; one connection runs one transaction at a time, so all
-- the events of a transaction land in one chain, in order.
-- The next event id is drawn under the same lock, so ids grow along a chain.
SELECT chain, seq, hash, nextval('audit_events_id_seq')::bigint AS next_id
FROM audit_chain_heads
WHERE chain = pg_backend_pid() % 8
FOR UPDATE;

-- name: AppendAuditEvent :one
-- Appends an event in one round trip: locks the head of this connection's
-- chain, draws the id under that lock (so ids grow along a chain), hashes
-- the event (version 2: the previous hash, then id, chain and sequence,
-- then the canonical body of every other field, @body) and moves the head.
-- The id is drawn in the locking query's own target list, as
-- LockAuditChainHead draws it: a transaction that waited for the lock
-- re-evaluates it on the head it then locks, so it draws after the one it
-- waited for. (Drawn in a joined subquery, it would keep the value drawn
-- before waiting.)
WITH head AS MATERIALIZED (
    SELECT chain, seq + 1 AS seq, hash AS prev_hash, nextval('audit_events_id_seq')::bigint AS id
    FROM audit_chain_heads
    WHERE chain = pg_backend_pid() % 8
    FOR UPDATE
), appended AS (
    INSERT INTO audit_events (id, chain, seq, occurred_at, user_id, username, institution, roles, client_addr,
        request_id, action, record_type, record_id, municipio, outcome, reason_code, reason_enc, reason_key, detail,
        prev_hash, hash, hash_version)
    SELECT head.id, head.chain, head.seq, @occurred_at, @user_id, @username, @institution, @roles, @client_addr,
        @request_id, @action, @record_type, @record_id, @municipio, @outcome, @reason_code, @reason_enc, @reason_key, @detail,
        head.prev_hash,
        sha256(head.prev_hash || convert_to(format('sintra-audit-v2|%s|%s|%s|', head.id, head.chain, head.seq), 'UTF8') || @body::bytea),
        2
    FROM head
    RETURNING id, chain, seq, prev_hash, hash
), moved AS (
    UPDATE audit_chain_heads h SET seq = appended.seq, hash = appended.hash FROM appended WHERE h.chain = appended.chain
)
SELECT id, chain, seq, prev_hash, hash FROM appended;

-- name: NextAuditIDs :many
-- More event ids, in ascending order, for a batch appended under the
-- chain head's lock.
SELECT nextval('audit_events_id_seq')::bigint AS id FROM generate_series(1, @n::int);

-- name: CopyAuditEvents :copyfrom
INSERT INTO audit_events (id, chain, seq, occurred_at, user_id, username, institution, roles, client_addr,
    request_id, action, record_type, record_id, municipio, outcome, reason_code, reason_enc, reason_key, detail, prev_hash, hash,
    hash_version)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22);

-- name: UpdateAuditChainHead :exec
UPDATE audit_chain_heads SET seq = $2, hash = $3 WHERE chain = $1;

-- name: ListAuditChainHeads :many
SELECT chain, seq, hash FROM audit_chain_heads ORDER BY chain;

-- name: ListAuditChain :many
-- One chain's events from seq on, in order, for verification.
SELECT * FROM audit_events WHERE chain = $1 AND seq >= $2 ORDER BY seq LIMIT $3;

-- name: CountAuditEvents :one
SELECT count(*) FROM audit_events;

-- name: SearchAuditEvents :many
-- Newest first, keyset-paginated on id. Limited to domains, an auditor sees
-- the events of their municipios and, for an entidad, those of no
-- municipio done by its institutions or from the command line.
SELECT * FROM audit_events
WHERE (sqlc.narg(user_id)::uuid IS NULL OR user_id = sqlc.narg(user_id))
  AND (sqlc.narg(record_type)::text IS NULL OR record_type = sqlc.narg(record_type))
  AND (sqlc.narg(record_id)::text IS NULL OR record_id = sqlc.narg(record_id))
  AND (sqlc.narg(action)::text IS NULL OR action = sqlc.narg(action))
  AND (sqlc.narg(municipio)::text IS NULL OR municipio = sqlc.narg(municipio))
  AND (sqlc.narg(domains)::text[] IS NULL OR municipio = ANY((SELECT sintra_expand_domains(sqlc.narg(domains)::text[]))::text[])
       OR municipio = '' AND (institution IN (SELECT code FROM institutions WHERE entidad_code = ANY(sqlc.narg(domains)::text[]))
                              OR institution = '' AND EXISTS (SELECT 1 FROM entidades WHERE code = ANY(sqlc.narg(domains)::text[]))))
  AND (sqlc.narg(since)::timestamptz IS NULL OR occurred_at >= sqlc.narg(since))
  AND (sqlc.narg(until)::timestamptz IS NULL OR occurred_at < sqlc.narg(until))
  AND (sqlc.narg(before_id)::bigint IS NULL OR id < sqlc.narg(before_id))
ORDER BY id DESC
LIMIT @max_rows;

-- name: CountRecordsReadUnlessFlagged :one
-- How many different records of a type a user read since a time, or -1
-- when a finding of the rule flagged her since then: she is not counted
-- again (the count, a subquery, runs only when needed).
SELECT (CASE
    WHEN EXISTS (SELECT 1 FROM audit_findings f WHERE f.user_id = @user_id AND f.rule = @rule AND f.window_end > @since)
    THEN -1
    ELSE (SELECT count(DISTINCT e.record_id) FROM audit_events e
          WHERE e.user_id = @user_id AND e.record_type = @record_type AND e.action = ANY(@actions::text[])
            AND e.occurred_at >= @since AND e.outcome = 'ok')
END)::bigint AS records;

-- name: RecentFindingExists :one
SELECT EXISTS (SELECT 1 FROM audit_findings WHERE user_id = $1 AND rule = $2 AND window_end > $3);

-- name: InsertAuditFinding :exec
INSERT INTO audit_findings (rule, user_id, username, window_start, window_end, count, detail, detected_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8);

-- name: ListAuditFindings :many
-- Findings about users who hold a role in one of the domains, or in a
-- municipio of one of its entidades (all of them, for a national auditor).
SELECT f.* FROM audit_findings f
WHERE @all_municipios::bool
   OR EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = f.user_id
              AND (r.domain = ANY(@domains::text[]) OR r.domain = ANY((SELECT sintra_expand_domains(@domains::text[]))::text[])))
ORDER BY f.id DESC LIMIT @max_rows OFFSET @skip;

-- name: CountUserEventsSince :one
-- How many events of an action a user caused since a time.
SELECT count(*) FROM audit_events WHERE user_id = $1 AND action = $2 AND occurred_at >= $3;

-- name: LockUserActionCount :exec
-- Holds, until the transaction ends, the count of one action of one user:
-- a check of a per-user limit and the event it lets through commit before
-- the next check of the same user counts.
SELECT pg_advisory_xact_lock(hashtext(@action::text), hashtext(CAST(@user_id::uuid AS text)));
