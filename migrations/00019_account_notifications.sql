-- Servers keep the sessions they have authenticated in memory, so that a
-- request costs no round trip to the database. Every change to a session,
-- an account or its roles is announced on the channel sintra_cuentas with
-- the account's id, and each server forgets that account's sessions.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION sintra_announce_account() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    changed record;
BEGIN
    IF TG_OP = 'DELETE' THEN
        changed := OLD;
    ELSE
        changed := NEW;
    END IF;
    IF TG_TABLE_NAME = 'users' THEN
        PERFORM pg_notify('sintra_cuentas', changed.id::text);
    ELSE
        PERFORM pg_notify('sintra_cuentas', changed.user_id::text);
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER users_announce AFTER UPDATE OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION sintra_announce_account();
CREATE TRIGGER sessions_announce AFTER UPDATE OR DELETE ON sessions
    FOR EACH ROW EXECUTE FUNCTION sintra_announce_account();
CREATE TRIGGER user_roles_announce AFTER INSERT OR UPDATE OR DELETE ON user_roles
    FOR EACH ROW EXECUTE FUNCTION sintra_announce_account();

-- +goose Down
DROP TRIGGER user_roles_announce ON user_roles;
DROP TRIGGER sessions_announce ON sessions;
DROP TRIGGER users_announce ON users;
DROP FUNCTION sintra_announce_account();
