-- Separation of duties: a change to accounts that reaches personal data or
-- the audit trail (creating an account with such a role, granting one,
-- resetting the password or second factor of an account that holds one)
-- is a request that takes effect only when a second administrator
-- approves it. A temporary password it gives is made of two halves: the
-- requester's, sealed here until the decision, and the approver's, made at
-- approval and never stored.

-- +goose Up
CREATE TABLE account_requests (
    id               uuid PRIMARY KEY,
    kind             text NOT NULL CHECK (kind IN ('crear_cuenta', 'asignar_rol', 'restablecer_contrasena',
                                                   'restablecer_segundo_factor')),
    -- The account the request is about; for crear_cuenta, the account once created.
    user_id          uuid REFERENCES users (id),
    -- The account to create, for crear_cuenta.
    username         text CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
    display_name     text CHECK (length(display_name) BETWEEN 1 AND 200),
    institution_code text REFERENCES institutions (code),
    -- The roles to create the account with, or the one to grant: [{"role", "domain"}].
    roles            jsonb NOT NULL DEFAULT '[]',
    -- Whether approving gives the account a new temporary password in two halves.
    new_credentials  bool NOT NULL,
    -- The requester's half, sealed under a data key of its own, until the decision.
    first_half_enc   bytea,
    dek_wrapped      bytea,
    dek_version      int,
    requested_by     uuid NOT NULL REFERENCES users (id),
    requested_at     timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    status           text NOT NULL DEFAULT 'pendiente' CHECK (status IN ('pendiente', 'aprobada', 'rechazada')),
    decided_by       uuid REFERENCES users (id),
    decided_at       timestamptz,
    reason           text CHECK (length(reason) BETWEEN 1 AND 500),
    CHECK (expires_at > requested_at),
    CHECK ((kind = 'crear_cuenta') = (username IS NOT NULL AND display_name IS NOT NULL AND institution_code IS NOT NULL)),
    CHECK (kind = 'crear_cuenta' OR user_id IS NOT NULL),
    CHECK ((status = 'pendiente') = (decided_by IS NULL AND decided_at IS NULL)),
    CHECK (status = 'pendiente' OR (first_half_enc IS NULL AND dek_wrapped IS NULL)),
    CHECK (status <> 'rechazada' OR reason IS NOT NULL),
    -- Nobody approves their own request, nor one about their own account.
    CHECK (status <> 'aprobada' OR (decided_by <> requested_by AND decided_by IS DISTINCT FROM user_id))
);
CREATE INDEX account_requests_pending ON account_requests (requested_at) WHERE status = 'pendiente';
CREATE INDEX account_requests_user_id ON account_requests (user_id);

GRANT SELECT, INSERT, UPDATE ON account_requests TO sintra_app;

-- +goose Down
DROP TABLE account_requests;
