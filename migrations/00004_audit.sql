-- The audit trail: an append-only, hash-chained record of every write and of
-- every read of personal data. Events are spread over a few chains so that
-- concurrent transactions need not queue on one lock; within a chain, seq
-- orders the events and each event's hash covers the previous one's.

-- +goose Up
CREATE TABLE audit_chain_heads (
    chain int PRIMARY KEY,
    seq   bigint NOT NULL,
    hash  bytea NOT NULL
);
INSERT INTO audit_chain_heads (chain, seq, hash)
SELECT c, 0, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea
FROM generate_series(0, 7) AS c;

CREATE TABLE audit_events (
    id           bigserial PRIMARY KEY,
    chain        int NOT NULL REFERENCES audit_chain_heads (chain),
    seq          bigint NOT NULL,
    occurred_at  timestamptz NOT NULL,
    user_id      uuid,
    username     text NOT NULL DEFAULT '',
    institution  text NOT NULL DEFAULT '',
    roles        text[] NOT NULL DEFAULT '{}',
    client_addr  text NOT NULL DEFAULT '',
    request_id   text NOT NULL DEFAULT '',
    action       text NOT NULL,
    record_type  text NOT NULL DEFAULT '',
    record_id    text NOT NULL DEFAULT '',
    municipio    text NOT NULL DEFAULT '',
    outcome      text NOT NULL CHECK (outcome IN ('ok', 'denied', 'failed')),
    reason_code  text NOT NULL DEFAULT '',
    reason_text  text NOT NULL DEFAULT '',
    -- What changed, without values: field names, a role granted, a status.
    detail       text NOT NULL DEFAULT '',
    prev_hash    bytea NOT NULL,
    hash         bytea NOT NULL,
    UNIQUE (chain, seq)
);
CREATE INDEX audit_events_occurred_at ON audit_events (occurred_at);
CREATE INDEX audit_events_user ON audit_events (user_id, occurred_at);
CREATE INDEX audit_events_record ON audit_events (record_type, record_id);

-- +goose StatementBegin
CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();

-- Findings of the alert rules, for the auditor.
CREATE TABLE audit_findings (
    id           bigserial PRIMARY KEY,
    detected_at  timestamptz NOT NULL DEFAULT now(),
    rule         text NOT NULL,
    user_id      uuid,
    username     text NOT NULL DEFAULT '',
    window_start timestamptz NOT NULL,
    window_end   timestamptz NOT NULL,
    count        int NOT NULL,
    detail       text NOT NULL DEFAULT ''
);
CREATE INDEX audit_findings_user ON audit_findings (user_id, detected_at);

GRANT SELECT, INSERT ON audit_events, audit_findings TO sintra_app;
GRANT USAGE ON SEQUENCE audit_events_id_seq, audit_findings_id_seq TO sintra_app;
GRANT SELECT, UPDATE ON audit_chain_heads TO sintra_app;

-- +goose Down
DROP TABLE audit_findings, audit_events, audit_chain_heads;
DROP FUNCTION audit_events_refuse_change();
