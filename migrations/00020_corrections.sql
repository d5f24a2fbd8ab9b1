-- Corrections and voiding of services, activities, acuerdos, imputados and
-- canalizaciones. A record is corrected in place (its version goes up, so a
-- stale copy cannot overwrite it) or voided (it stays, marked, and stops
-- counting anywhere); either way its history keeps who, when, why and the
-- values it had before. The reason's free text and previous values that
-- may name a person are sealed under the data key of the record they belong
-- to: the víctima's for services and canalizaciones, the carpeta's for
-- imputados, the session's for acuerdos, and the activity's own key for
-- activities, made the first time one needs it.

-- +goose Up
ALTER TABLE services ADD COLUMN version int NOT NULL DEFAULT 1, ADD COLUMN voided_at timestamptz;
ALTER TABLE activities ADD COLUMN version int NOT NULL DEFAULT 1, ADD COLUMN voided_at timestamptz,
    ADD COLUMN dek_wrapped bytea, ADD COLUMN dek_version int,
    ADD CONSTRAINT activities_dek CHECK ((dek_wrapped IS NULL) = (dek_version IS NULL));
CREATE INDEX activities_dek_version ON activities (dek_version) WHERE dek_wrapped IS NOT NULL;
ALTER TABLE imputados ADD COLUMN version int NOT NULL DEFAULT 1, ADD COLUMN voided_at timestamptz;
ALTER TABLE acuerdos ADD COLUMN version int NOT NULL DEFAULT 1, ADD COLUMN voided_at timestamptz;
ALTER TABLE canalizaciones ADD COLUMN voided_at timestamptz;

CREATE TABLE corrections (
    id             bigserial PRIMARY KEY,
    record_type    text NOT NULL CHECK (record_type IN ('servicio', 'actividad', 'acuerdo', 'imputado', 'canalizacion')),
    record_id      uuid NOT NULL,
    kind           text NOT NULL CHECK (kind IN ('correccion', 'anulacion')),
    -- The version of the record that was corrected or voided.
    version        int  NOT NULL,
    reason_code    text NOT NULL CHECK (reason_code IN ('error_captura', 'duplicado', 'informacion_nueva', 'registro_indebido', 'otro')),
    -- Sealed under the owning record's data key, bound to (corrections, reason, record id).
    reason_enc     bytea,
    -- The previous values of the fields changed that hold no personal data,
    -- as text, by field name.
    previous       jsonb NOT NULL DEFAULT '{}',
    -- The previous values of fields that may (notes, names, an acuerdo's
    -- text), as a sealed JSON object bound to (corrections, previous, record id).
    previous_enc   bytea,
    by_user        uuid NOT NULL REFERENCES users (id),
    by_institution text NOT NULL REFERENCES institutions (code),
    at             timestamptz NOT NULL
);
CREATE INDEX corrections_record ON corrections (record_type, record_id, id);

-- A correction follows its record: seen only where the record is. Activities
-- are public acts, not under row-level security.
ALTER TABLE corrections ENABLE ROW LEVEL SECURITY;
CREATE POLICY corrections_in_scope ON corrections TO sintra_app
    USING ((SELECT sintra_sees_all()) OR CASE record_type
        WHEN 'servicio' THEN EXISTS (SELECT 1 FROM services s WHERE s.id = corrections.record_id)
        WHEN 'canalizacion' THEN EXISTS (SELECT 1 FROM canalizaciones c WHERE c.id = corrections.record_id)
        WHEN 'imputado' THEN EXISTS (SELECT 1 FROM imputados i WHERE i.id = corrections.record_id)
        WHEN 'acuerdo' THEN EXISTS (SELECT 1 FROM acuerdos a WHERE a.id = corrections.record_id)
        ELSE true END)
    WITH CHECK ((SELECT sintra_sees_all()) OR CASE record_type
        WHEN 'servicio' THEN EXISTS (SELECT 1 FROM services s WHERE s.id = corrections.record_id)
        WHEN 'canalizacion' THEN EXISTS (SELECT 1 FROM canalizaciones c WHERE c.id = corrections.record_id)
        WHEN 'imputado' THEN EXISTS (SELECT 1 FROM imputados i WHERE i.id = corrections.record_id)
        WHEN 'acuerdo' THEN EXISTS (SELECT 1 FROM acuerdos a WHERE a.id = corrections.record_id)
        ELSE true END);

GRANT SELECT, INSERT ON corrections TO sintra_app;
GRANT USAGE ON SEQUENCE corrections_id_seq TO sintra_app;
GRANT UPDATE (service_type, provided_on, quantity, notes_enc, version, voided_at) ON services TO sintra_app;
GRANT UPDATE (tema, activity_type, name, held_on, all_municipios, actions, people_total, women, men, material,
    material_units, objective, version, voided_at, dek_wrapped, dek_version) ON activities TO sintra_app;
GRANT DELETE ON activity_municipios TO sintra_app;
GRANT UPDATE (sex, age, nationality, names_enc, version, voided_at) ON imputados TO sintra_app;

-- +goose Down
REVOKE DELETE ON activity_municipios FROM sintra_app;
DROP TABLE corrections;
ALTER TABLE canalizaciones DROP COLUMN voided_at;
ALTER TABLE acuerdos DROP COLUMN version, DROP COLUMN voided_at;
ALTER TABLE imputados DROP COLUMN version, DROP COLUMN voided_at;
ALTER TABLE activities DROP CONSTRAINT activities_dek, DROP COLUMN dek_wrapped, DROP COLUMN dek_version,
    DROP COLUMN version, DROP COLUMN voided_at;
ALTER TABLE services DROP COLUMN version, DROP COLUMN voided_at;
