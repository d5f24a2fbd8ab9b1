-- Follow-up of the reparación del daño (law Art. 15 XII, 35 VII): the
-- amounts paid against a resolución judicial that ordered it, who paid, the
-- institution that recorded each payment and, when known, the víctima of
-- the carpeta who received it. Money is kept in centavos. A payment is
-- never deleted: one recorded by mistake is voided with a reason (sealed
-- under the carpeta's data key), kept with who voided it and when, and
-- stops counting in balances and reports.

-- +goose Up
-- A payment names its resolución and the resolución's carpeta, which its
-- row-level security follows: the two must agree.
ALTER TABLE resoluciones ADD CONSTRAINT resoluciones_of_carpeta UNIQUE (id, carpeta_id);
CREATE TABLE reparation_payments (
    id                    uuid PRIMARY KEY,
    resolucion_id         uuid NOT NULL,
    carpeta_id            uuid NOT NULL REFERENCES carpetas (id),
    victim_id             uuid REFERENCES victims (id),
    paid_on               date NOT NULL,
    amount_cents          bigint NOT NULL CHECK (amount_cents > 0),
    payer                 text NOT NULL CHECK (payer IN ('persona_sentenciada', 'fondo_ceaveqroo', 'aseguradora_fianza', 'otro')),
    institution_code      text NOT NULL REFERENCES institutions (code),
    version               int NOT NULL DEFAULT 1,
    voided_at             timestamptz,
    void_reason_code      text CHECK (void_reason_code IN ('error_captura', 'duplicado', 'informacion_nueva', 'registro_indebido', 'otro')),
    -- Sealed with the carpeta's data key, bound to (reparation_payments, void_reason, id).
    void_reason_enc       bytea,
    voided_by             uuid REFERENCES users (id),
    voided_by_institution text REFERENCES institutions (code),
    created_at            timestamptz NOT NULL,
    created_by            uuid NOT NULL REFERENCES users (id),
    CHECK ((voided_at IS NULL) = (void_reason_code IS NULL) AND (voided_at IS NULL) = (voided_by IS NULL)
        AND (voided_at IS NULL) = (voided_by_institution IS NULL)),
    FOREIGN KEY (resolucion_id, carpeta_id) REFERENCES resoluciones (id, carpeta_id)
);
CREATE INDEX reparation_payments_resolucion ON reparation_payments (resolucion_id, paid_on);
CREATE INDEX reparation_payments_carpeta ON reparation_payments (carpeta_id);
CREATE INDEX reparation_payments_paid_on ON reparation_payments (paid_on) WHERE voided_at IS NULL;

-- A payment follows its carpeta: seen only where the carpeta is.
ALTER TABLE reparation_payments ENABLE ROW LEVEL SECURITY;
CREATE POLICY reparation_payments_in_scope ON reparation_payments TO sintra_app
    USING ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM carpetas WHERE carpetas.id = reparation_payments.carpeta_id))
    WITH CHECK ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM carpetas WHERE carpetas.id = reparation_payments.carpeta_id));

GRANT SELECT, INSERT ON reparation_payments TO sintra_app;
GRANT UPDATE (version, voided_at, void_reason_code, void_reason_enc, voided_by, voided_by_institution) ON reparation_payments TO sintra_app;

-- The reports count payments (TestCountedDataVersion_CoversEveryCountedTable).
CREATE TRIGGER counted_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON reparation_payments
    FOR EACH STATEMENT EXECUTE FUNCTION mark_counted_change();

-- The amount a resolución ordered can be corrected (set, when it gave
-- none), never below what has been paid; each correction keeps the amount
-- before, who, when and why (the reason's text sealed with the carpeta's
-- key).
ALTER TABLE resoluciones ADD COLUMN version int NOT NULL DEFAULT 1;
GRANT UPDATE (reparation_cents, version) ON resoluciones TO sintra_app;

CREATE TABLE reparation_amount_changes (
    id             bigserial PRIMARY KEY,
    resolucion_id  uuid NOT NULL REFERENCES resoluciones (id),
    carpeta_id     uuid NOT NULL REFERENCES carpetas (id),
    -- The resolución's version before the change, and its amount then.
    version        int NOT NULL,
    previous_cents bigint,
    reason_code    text NOT NULL CHECK (reason_code IN ('error_captura', 'duplicado', 'informacion_nueva', 'registro_indebido', 'otro')),
    -- Sealed with the carpeta's data key, bound to (reparation_amount_changes, reason, resolucion_id).
    reason_enc     bytea,
    by_user        uuid NOT NULL REFERENCES users (id),
    by_institution text NOT NULL REFERENCES institutions (code),
    at             timestamptz NOT NULL
);
CREATE INDEX reparation_amount_changes_resolucion ON reparation_amount_changes (resolucion_id, id);
ALTER TABLE reparation_amount_changes ENABLE ROW LEVEL SECURITY;
CREATE POLICY reparation_amount_changes_in_scope ON reparation_amount_changes TO sintra_app
    USING ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM carpetas WHERE carpetas.id = reparation_amount_changes.carpeta_id))
    WITH CHECK ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM carpetas WHERE carpetas.id = reparation_amount_changes.carpeta_id));
GRANT SELECT, INSERT ON reparation_amount_changes TO sintra_app;
GRANT USAGE ON SEQUENCE reparation_amount_changes_id_seq TO sintra_app;
CREATE TRIGGER counted_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON reparation_amount_changes
    FOR EACH STATEMENT EXECUTE FUNCTION mark_counted_change();

-- +goose Down
DROP TABLE reparation_amount_changes, reparation_payments;
ALTER TABLE resoluciones DROP CONSTRAINT resoluciones_of_carpeta;
REVOKE UPDATE (reparation_cents, version) ON resoluciones FROM sintra_app;
ALTER TABLE resoluciones DROP COLUMN version;
