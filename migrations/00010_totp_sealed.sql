-- TOTP secrets are sealed like personal data: under a data key of their
-- own, wrapped by the master key, bound to the user's row. SQL cannot seal
-- the secrets stored in the clear until now, so those enrolments are reset:
-- their users enrol again at their next sign-in.

-- +goose Up
UPDATE users SET totp_secret = NULL, totp_enabled = false, totp_last_step = 0 WHERE totp_secret IS NOT NULL;
ALTER TABLE users DROP COLUMN totp_secret;
ALTER TABLE users
    ADD COLUMN totp_dek_wrapped bytea,
    ADD COLUMN totp_dek_version int,
    ADD COLUMN totp_secret_enc  bytea,
    ADD CONSTRAINT users_totp_sealed CHECK ((totp_secret_enc IS NULL) = (totp_dek_wrapped IS NULL)
                                            AND (totp_dek_wrapped IS NULL) = (totp_dek_version IS NULL)),
    ADD CONSTRAINT users_totp_enabled_has_secret CHECK (NOT totp_enabled OR totp_secret_enc IS NOT NULL);

-- +goose Down
UPDATE users SET totp_enabled = false, totp_last_step = 0 WHERE totp_enabled;
ALTER TABLE users
    DROP CONSTRAINT users_totp_enabled_has_secret,
    DROP CONSTRAINT users_totp_sealed,
    DROP COLUMN totp_secret_enc,
    DROP COLUMN totp_dek_version,
    DROP COLUMN totp_dek_wrapped,
    ADD COLUMN totp_secret text;
