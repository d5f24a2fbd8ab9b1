-- A medida de protección recorded by mistake is voided with a reason: it is
-- never deleted, stays listed with who voided it, from which institution
-- and when, stops counting in the statistics and in the reviews due, and
-- takes no further change. The reason's text is sealed with the víctima's
-- data key, bound to (medidas_proteccion, void_reason, id), so that her
-- erasure destroys it.

-- +goose Up
ALTER TABLE medidas_proteccion
    ADD COLUMN voided_at             timestamptz,
    ADD COLUMN void_reason_code      text CHECK (void_reason_code IN ('error_captura', 'duplicado', 'informacion_nueva', 'registro_indebido', 'otro')),
    ADD COLUMN void_reason_enc       bytea,
    ADD COLUMN voided_by             uuid REFERENCES users (id),
    ADD COLUMN voided_by_institution text REFERENCES institutions (code),
    ADD CONSTRAINT medidas_proteccion_voided CHECK ((voided_at IS NULL) = (void_reason_code IS NULL)
        AND (voided_at IS NULL) = (voided_by IS NULL) AND (voided_at IS NULL) = (voided_by_institution IS NULL));
GRANT UPDATE (voided_at, void_reason_code, void_reason_enc, voided_by, voided_by_institution) ON medidas_proteccion TO sintra_app;

-- A voided medida is not due for review.
DROP INDEX medidas_proteccion_due_review;
CREATE INDEX medidas_proteccion_due_review ON medidas_proteccion (next_review_on, municipio_code)
    WHERE status IN ('solicitada', 'otorgada', 'vigente') AND next_review_on IS NOT NULL AND voided_at IS NULL;

-- +goose Down
DROP INDEX medidas_proteccion_due_review;
CREATE INDEX medidas_proteccion_due_review ON medidas_proteccion (next_review_on, municipio_code)
    WHERE status IN ('solicitada', 'otorgada', 'vigente') AND next_review_on IS NOT NULL;
REVOKE UPDATE (voided_at, void_reason_code, void_reason_enc, voided_by, voided_by_institution) ON medidas_proteccion FROM sintra_app;
ALTER TABLE medidas_proteccion DROP CONSTRAINT medidas_proteccion_voided, DROP COLUMN voided_by_institution, DROP COLUMN voided_by,
    DROP COLUMN void_reason_enc, DROP COLUMN void_reason_code, DROP COLUMN voided_at;
