-- Free text that can hold personal data is sealed under the data key of the
-- record it belongs to, and goes with that key: reasons of a canalización
-- under the víctima's key (so her erasure destroys them), a caso's status
-- reasons under the caso's own key, the Grupo de Trabajo's minutes, reviews,
-- acuerdos and follow-ups under their session's key, sentences under the
-- carpeta's key, and the motivo detalle of an audited read under the key of
-- the record read. SQL cannot seal, so the text columns stay for what was
-- written before: a NOT VALID check keeps any new row from writing them, and
-- the server seals and empties the old rows when it starts. Places of origin
-- and destination become catalog codes (país, entidad, municipio); earlier
-- free-text places, kept in clear, are dropped.

-- +goose Up
CREATE TABLE entidades (
    code     text PRIMARY KEY CHECK (code ~ '^[0-9]{2}$'),  -- INEGI clave de entidad federativa
    name     text NOT NULL UNIQUE,
    position int  NOT NULL,
    active   bool NOT NULL DEFAULT true
);
INSERT INTO entidades (code, name, position) VALUES
    ('01', 'Aguascalientes', 1), ('02', 'Baja California', 2), ('03', 'Baja California Sur', 3), ('04', 'Campeche', 4),
    ('05', 'Coahuila de Zaragoza', 5), ('06', 'Colima', 6), ('07', 'Chiapas', 7), ('08', 'Chihuahua', 8),
    ('09', 'Ciudad de México', 9), ('10', 'Durango', 10), ('11', 'Guanajuato', 11), ('12', 'Guerrero', 12),
    ('13', 'Hidalgo', 13), ('14', 'Jalisco', 14), ('15', 'México', 15), ('16', 'Michoacán de Ocampo', 16),
    ('17', 'Morelos', 17), ('18', 'Nayarit', 18), ('19', 'Nuevo León', 19), ('20', 'Oaxaca', 20),
    ('21', 'Puebla', 21), ('22', 'Querétaro', 22), ('23', 'Quintana Roo', 23), ('24', 'San Luis Potosí', 24),
    ('25', 'Sinaloa', 25), ('26', 'Sonora', 26), ('27', 'Tabasco', 27), ('28', 'Tamaulipas', 28),
    ('29', 'Tlaxcala', 29), ('30', 'Veracruz de Ignacio de la Llave', 30), ('31', 'Yucatán', 31), ('32', 'Zacatecas', 32);

CREATE OR REPLACE VIEW catalog_entries AS
          SELECT 'municipios'          AS catalog, code, name, position, active FROM municipios
UNION ALL SELECT 'instituciones',        code, name, position, active FROM institutions
UNION ALL SELECT 'distritos-judiciales', code, name, position, active FROM judicial_districts
UNION ALL SELECT 'modalidades',          code, name, position, active FROM modalidades
UNION ALL SELECT 'nacionalidades',       code, name, position, active FROM countries
UNION ALL SELECT 'tipos-servicio',       code, name, position, active FROM service_types
UNION ALL SELECT 'tipos-actividad',      code, name, position, active FROM activity_types
UNION ALL SELECT 'formas-enganche',      code, name, position, active FROM recruitment_forms
UNION ALL SELECT 'medios-transporte',    code, name, position, active FROM transport_means
UNION ALL SELECT 'tipos-lugar',          code, name, position, active FROM place_types
UNION ALL SELECT 'lenguas-indigenas',    code, name, position, active FROM indigenous_languages
UNION ALL SELECT 'entidades',            code, name, position, active FROM entidades;

-- Casos and Grupo de Trabajo sessions get data keys of their own; the
-- server gives the existing ones theirs when it starts.
ALTER TABLE casos ADD COLUMN dek_wrapped bytea, ADD COLUMN dek_version int,
    ADD CONSTRAINT casos_dek CHECK ((dek_wrapped IS NULL) = (dek_version IS NULL));
ALTER TABLE gt_sessions ADD COLUMN dek_wrapped bytea, ADD COLUMN dek_version int,
    ADD CONSTRAINT gt_sessions_dek CHECK ((dek_wrapped IS NULL) = (dek_version IS NULL));
CREATE INDEX casos_dek_version ON casos (dek_version) WHERE dek_wrapped IS NOT NULL;
CREATE INDEX gt_sessions_dek_version ON gt_sessions (dek_version) WHERE dek_wrapped IS NOT NULL;

ALTER TABLE casos DROP COLUMN origin_place, DROP COLUMN destination_place,
    ADD COLUMN origin_entidad text REFERENCES entidades (code),
    ADD COLUMN origin_municipio text REFERENCES municipios (code),
    ADD COLUMN destination_entidad text REFERENCES entidades (code),
    ADD COLUMN destination_municipio text REFERENCES municipios (code),
    ADD CONSTRAINT casos_origin_in_mexico CHECK (origin_entidad IS NULL OR origin_country = 'MX'),
    ADD CONSTRAINT casos_destination_in_mexico CHECK (destination_entidad IS NULL OR destination_country = 'MX'),
    ADD CONSTRAINT casos_origin_municipio CHECK (origin_municipio IS NULL OR origin_entidad = substr(origin_municipio, 1, 2)),
    ADD CONSTRAINT casos_destination_municipio CHECK (destination_municipio IS NULL OR destination_entidad = substr(destination_municipio, 1, 2));

ALTER TABLE canalizaciones ADD COLUMN override_reason_enc bytea,
    ADD CONSTRAINT canalizaciones_override_reason_sealed CHECK (override_reason = '') NOT VALID;
ALTER TABLE canalizacion_transitions ADD COLUMN reason_enc bytea,
    ADD CONSTRAINT canalizacion_transitions_reason_sealed CHECK (reason = '') NOT VALID;
ALTER TABLE caso_status_changes ADD COLUMN reason_enc bytea,
    ADD CONSTRAINT caso_status_changes_reason_sealed CHECK (reason = '') NOT VALID;
ALTER TABLE gt_sessions ADD COLUMN minutes_enc bytea,
    ADD CONSTRAINT gt_sessions_minutes_sealed CHECK (minutes = '') NOT VALID;
ALTER TABLE gt_reviews ADD COLUMN summary_enc bytea,
    ADD CONSTRAINT gt_reviews_summary_sealed CHECK (summary = '') NOT VALID;
ALTER TABLE acuerdos DROP CONSTRAINT acuerdos_text_check, ALTER COLUMN text SET DEFAULT '', ADD COLUMN text_enc bytea,
    ADD CONSTRAINT acuerdos_text_sealed CHECK (text = '') NOT VALID;
ALTER TABLE acuerdo_updates ADD COLUMN note_enc bytea,
    ADD CONSTRAINT acuerdo_updates_note_sealed CHECK (note = '') NOT VALID;
ALTER TABLE resoluciones ADD COLUMN sentence_enc bytea,
    ADD CONSTRAINT resoluciones_sentence_sealed CHECK (sentence = '') NOT VALID;

-- An audited read's motivo detalle: sealed under the data key named by
-- reason_key ("victims/<id>", "carpetas/<id>", "gt_sessions/<id>"). Events
-- are append-only: those recorded before keep their text as it was.
ALTER TABLE audit_events ADD COLUMN reason_enc bytea, ADD COLUMN reason_key text NOT NULL DEFAULT '';

GRANT SELECT ON entidades TO sintra_app;
-- Sealing the old rows, and erasing a víctima's sealed reasons (casos,
-- sessions, acuerdos and canalizaciones are updatable already).
GRANT UPDATE (reason, reason_enc) ON caso_status_changes, canalizacion_transitions TO sintra_app;
GRANT UPDATE (summary, summary_enc) ON gt_reviews TO sintra_app;
GRANT UPDATE (note, note_enc) ON acuerdo_updates TO sintra_app;
GRANT UPDATE (sentence, sentence_enc) ON resoluciones TO sintra_app;

-- +goose Down
ALTER TABLE audit_events DROP COLUMN reason_key, DROP COLUMN reason_enc;
ALTER TABLE resoluciones DROP CONSTRAINT resoluciones_sentence_sealed, DROP COLUMN sentence_enc;
ALTER TABLE acuerdo_updates DROP CONSTRAINT acuerdo_updates_note_sealed, DROP COLUMN note_enc;
ALTER TABLE acuerdos DROP CONSTRAINT acuerdos_text_sealed, DROP COLUMN text_enc, ALTER COLUMN text DROP DEFAULT,
    ADD CONSTRAINT acuerdos_text_check CHECK (length(text) BETWEEN 1 AND 2000) NOT VALID;
ALTER TABLE gt_reviews DROP CONSTRAINT gt_reviews_summary_sealed, DROP COLUMN summary_enc;
ALTER TABLE gt_sessions DROP CONSTRAINT gt_sessions_minutes_sealed, DROP COLUMN minutes_enc;
ALTER TABLE caso_status_changes DROP CONSTRAINT caso_status_changes_reason_sealed, DROP COLUMN reason_enc;
ALTER TABLE canalizacion_transitions DROP CONSTRAINT canalizacion_transitions_reason_sealed, DROP COLUMN reason_enc;
ALTER TABLE canalizaciones DROP CONSTRAINT canalizaciones_override_reason_sealed, DROP COLUMN override_reason_enc;
ALTER TABLE casos DROP COLUMN origin_entidad, DROP COLUMN origin_municipio, DROP COLUMN destination_entidad,
    DROP COLUMN destination_municipio, ADD COLUMN origin_place text NOT NULL DEFAULT '', ADD COLUMN destination_place text NOT NULL DEFAULT '';
ALTER TABLE gt_sessions DROP COLUMN dek_wrapped, DROP COLUMN dek_version;
ALTER TABLE casos DROP COLUMN dek_wrapped, DROP COLUMN dek_version;
CREATE OR REPLACE VIEW catalog_entries AS
          SELECT 'municipios'          AS catalog, code, name, position, active FROM municipios
UNION ALL SELECT 'instituciones',        code, name, position, active FROM institutions
UNION ALL SELECT 'distritos-judiciales', code, name, position, active FROM judicial_districts
UNION ALL SELECT 'modalidades',          code, name, position, active FROM modalidades
UNION ALL SELECT 'nacionalidades',       code, name, position, active FROM countries
UNION ALL SELECT 'tipos-servicio',       code, name, position, active FROM service_types
UNION ALL SELECT 'tipos-actividad',      code, name, position, active FROM activity_types
UNION ALL SELECT 'formas-enganche',      code, name, position, active FROM recruitment_forms
UNION ALL SELECT 'medios-transporte',    code, name, position, active FROM transport_means
UNION ALL SELECT 'tipos-lugar',          code, name, position, active FROM place_types
UNION ALL SELECT 'lenguas-indigenas',    code, name, position, active FROM indigenous_languages;
DROP TABLE entidades;
