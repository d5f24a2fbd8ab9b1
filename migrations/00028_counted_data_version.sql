-- The version of the data the reports count: a number that moves once
-- with every committed transaction that changed a table they read. A
-- protected release costs what the year's reports cost, so it is kept once
-- computed and served again while the version it was computed at stands.
--
-- A statement that changes a counted table marks its transaction; at
-- commit the mark moves the version, so the row is locked only for the
-- commit, and writers that never touch a counted table (the audit trail,
-- sessions) never wait on it. Writers queue on the row in commit order, so
-- a snapshot holds a version exactly when it holds every change before it.
-- The price: counted commits queue on the row through their commit (its
-- flush, and the wait for a synchronous standby), one at a time, as the
-- registrations of an entidad already queue on its folio counter. Writing
-- transactions run at READ COMMITTED (the store begins them so): at
-- REPEATABLE READ a commit would fail on the row whenever another counted
-- change committed after its snapshot. Each move also draws a random stamp,
-- so that a standby promoted without the primary's last commits cannot
-- reach a version already seen with other data.

-- +goose Up
CREATE TABLE counted_data_version (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    version bigint NOT NULL,
    stamp uuid NOT NULL DEFAULT gen_random_uuid()
);
INSERT INTO counted_data_version (version) VALUES (1);

CREATE TABLE counted_change_marks (
    xid xid8 PRIMARY KEY
);

-- Owned by the schema's owner, so the application's role needs no grant
-- on the two tables; named with their schema, so a temporary table of the
-- caller's session by the same name cannot take the change.
-- +goose StatementBegin
CREATE FUNCTION mark_counted_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    INSERT INTO public.counted_change_marks (xid) VALUES (pg_current_xact_id()) ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION move_counted_data_version() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    UPDATE public.counted_data_version SET version = version + 1, stamp = gen_random_uuid();
    DELETE FROM public.counted_change_marks WHERE xid = NEW.xid;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE CONSTRAINT TRIGGER move_counted_data_version AFTER INSERT ON counted_change_marks
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION move_counted_data_version();

-- Every table but those the reports never read: the audit trail, accounts
-- and sessions, which reads of personal data and sign-ins write, consents,
-- histories of changes and corrections, the Grupo de Trabajo's reviews and
-- attendance, and the logs of exports and imports. A table created later takes the trigger in
-- its own migration (TestCountedDataVersion_CoversEveryCountedTable in internal/reports).
-- +goose StatementBegin
DO $$
DECLARE
    t text;
BEGIN
    FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN (
        'goose_db_version', 'counted_data_version', 'counted_change_marks',
        'audit_events', 'audit_chain_heads', 'audit_findings',
        'users', 'user_roles', 'sessions', 'refresh_tokens', 'recovery_codes', 'login_throttle', 'account_requests',
        'victim_consents', 'victim_changes', 'corrections', 'gt_reviews', 'gt_session_institutions',
        'folio_counters', 'feed_changes', 'feed_exports', 'feed_imports', 'htcds_releases', 'victim_imports', 'activity_imports')
    LOOP
        EXECUTE format('CREATE TRIGGER counted_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
            'FOR EACH STATEMENT EXECUTE FUNCTION mark_counted_change()', t);
    END LOOP;
END $$;
-- +goose StatementEnd

GRANT SELECT ON counted_data_version TO sintra_app;

-- +goose Down
-- +goose StatementBegin
DO $$
DECLARE
    t text;
BEGIN
    FOR t IN SELECT c.relname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid WHERE g.tgname = 'counted_change'
    LOOP
        EXECUTE format('DROP TRIGGER counted_change ON %I', t);
    END LOOP;
END $$;
-- +goose StatementEnd
DROP TABLE counted_change_marks, counted_data_version;
DROP FUNCTION mark_counted_change(), move_counted_data_version();
