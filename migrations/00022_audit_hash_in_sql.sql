-- An audit event is appended by one statement that locks its chain's head,
-- draws its id, computes its hash and moves the head: the hash is computed
-- by the server (sha256), over the id, chain and sequence it draws and the
-- canonical body the application sends. hash_version says how an event's
-- hash was made, so that events recorded before keep verifying:
-- 1, SHA-256(previous hash ‖ canonical JSON of every field, computed by the
-- application); 2, SHA-256(previous hash ‖ "sintra-audit-v2|id|chain|seq|"
-- ‖ canonical JSON of every other field).

-- +goose Up
ALTER TABLE audit_events ADD COLUMN hash_version smallint NOT NULL DEFAULT 1 CHECK (hash_version IN (1, 2));

-- +goose Down
ALTER TABLE audit_events DROP COLUMN hash_version;
