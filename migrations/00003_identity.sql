-- Accounts, role assignments per domain, sessions with rotating refresh
-- tokens, second factor, and login throttling.

-- +goose Up
CREATE TABLE users (
    id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    username             text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
    display_name         text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    institution_code     text NOT NULL REFERENCES institutions (code),
    -- PHC string: $argon2id$v=19$m=…,t=…,p=…$salt$hash, so parameters can be raised later.
    password_hash        text NOT NULL,
    must_change_password bool NOT NULL DEFAULT true,
    totp_secret          text,
    totp_enabled         bool NOT NULL DEFAULT false,
    -- The last TOTP time step accepted, so a code cannot be replayed.
    totp_last_step       bigint NOT NULL DEFAULT 0,
    disabled_at          timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);

-- A role held in a domain: a municipio's INEGI code, or * for statewide.
CREATE TABLE user_roles (
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       text NOT NULL CHECK (role IN ('admin', 'capturista', 'fiscalia', 'grupo_trabajo',
                                             'enlace', 'secretaria_tecnica', 'analista', 'auditor')),
    domain     text NOT NULL CHECK (domain = '*' OR domain ~ '^23[0-9]{3}$'),
    granted_at timestamptz NOT NULL DEFAULT now(),
    granted_by uuid REFERENCES users (id),
    PRIMARY KEY (user_id, role, domain)
);

CREATE TABLE sessions (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    mfa_verified bool NOT NULL DEFAULT false,
    revoked_at   timestamptz,
    revoked_reason text
);
CREATE INDEX sessions_user_id ON sessions (user_id) WHERE revoked_at IS NULL;

-- Refresh tokens are stored only as SHA-256 hashes. A rotated token that
-- comes back means it was stolen: the whole session is revoked.
CREATE TABLE refresh_tokens (
    token_hash bytea PRIMARY KEY,
    session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    rotated_at timestamptz
);
CREATE INDEX refresh_tokens_session_id ON refresh_tokens (session_id);

CREATE TABLE recovery_codes (
    user_id   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash bytea NOT NULL,
    used_at   timestamptz,
    PRIMARY KEY (user_id, code_hash)
);

-- Failed logins per key: "cuenta:<username>" or "ip:<address>".
CREATE TABLE login_throttle (
    key             text PRIMARY KEY,
    failures        int NOT NULL,
    last_failed_at  timestamptz NOT NULL,
    locked_until    timestamptz
);

GRANT SELECT, INSERT, UPDATE ON users, sessions, refresh_tokens TO sintra_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON user_roles, recovery_codes, login_throttle TO sintra_app;

-- +goose Down
DROP TABLE login_throttle, recovery_codes, refresh_tokens, sessions, user_roles, users;
