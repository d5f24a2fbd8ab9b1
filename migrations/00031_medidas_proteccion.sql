-- Medidas de protección (law Art. 14 IV and V, 15 VI, VII and X, 16, 17):
-- the protection and security measures asked for a víctima or her family,
-- who asked and who granted them, their dates and status, with the history
-- of each change of status and every risk assessment made of her. The
-- observations, the details of the family members and an assessment's
-- notes are personal data, sealed under the víctima's data key, so that her
-- erasure destroys them. Type, beneficiary, status and risk level are
-- categories, in clear: the statistics count them.

-- +goose Up
CREATE TABLE medidas_proteccion (
    id                 uuid PRIMARY KEY,
    victim_id          uuid NOT NULL REFERENCES victims (id),
    -- The víctima's registering institution and municipio, copied so that
    -- the scope and row-level security read the row alone.
    institution_code   text NOT NULL REFERENCES institutions (code),
    municipio_code     text NOT NULL REFERENCES municipios (code),
    measure_type       text NOT NULL CHECK (measure_type IN ('alojamiento_refugio', 'escolta_vigilancia', 'rondines_policiales',
                           'reubicacion_domicilio', 'proteccion_identidad', 'reserva_actuaciones', 'orden_restriccion',
                           'boton_panico', 'traslado_seguro', 'otra')),
    beneficiary        text NOT NULL CHECK (beneficiary IN ('victima', 'familiares', 'ambas')),
    requested_by       text NOT NULL REFERENCES institutions (code),
    requested_on       date NOT NULL,
    granting_authority text CHECK (granting_authority IN ('ministerio_publico', 'juez', 'institucion', 'otra')),
    granted_on         date CHECK (granted_on >= requested_on),
    starts_on          date CHECK (starts_on >= requested_on),
    ends_on            date CHECK (ends_on >= starts_on),
    status             text NOT NULL CHECK (status IN ('solicitada', 'otorgada', 'negada', 'vigente', 'concluida', 'revocada')),
    -- The latest risk assessment, kept with the measure so that those due
    -- for review are found by an index.
    risk_level         text CHECK (risk_level IN ('bajo', 'medio', 'alto')),
    assessed_on        date,
    next_review_on     date CHECK (next_review_on > assessed_on),
    -- Sealed with the víctima's data key, bound to (medidas_proteccion, column, id).
    observations_enc   bytea,
    family_enc         bytea,
    created_by         uuid NOT NULL REFERENCES users (id),
    created_at         timestamptz NOT NULL,
    version            int NOT NULL DEFAULT 1
);
CREATE INDEX medidas_proteccion_victim ON medidas_proteccion (victim_id, requested_on);
CREATE INDEX medidas_proteccion_requested_on ON medidas_proteccion (requested_on);
-- "A protection measure due for review": those still asked for or in
-- force whose next review is on or before a day, in a municipio.
CREATE INDEX medidas_proteccion_due_review ON medidas_proteccion (next_review_on, municipio_code)
    WHERE status IN ('solicitada', 'otorgada', 'vigente') AND next_review_on IS NOT NULL;

-- Each change of status: to what, on which day, who and when.
CREATE TABLE medida_proteccion_estados (
    id          bigserial PRIMARY KEY,
    medida_id   uuid NOT NULL REFERENCES medidas_proteccion (id),
    status      text NOT NULL CHECK (status IN ('solicitada', 'otorgada', 'negada', 'vigente', 'concluida', 'revocada')),
    occurred_on date NOT NULL,
    changed_by  uuid NOT NULL REFERENCES users (id),
    changed_at  timestamptz NOT NULL
);
CREATE INDEX medida_proteccion_estados_medida ON medida_proteccion_estados (medida_id, occurred_on, id);

-- Each risk assessment, the first and every review.
CREATE TABLE medida_proteccion_evaluaciones (
    id             uuid PRIMARY KEY,
    medida_id      uuid NOT NULL REFERENCES medidas_proteccion (id),
    risk_level     text NOT NULL CHECK (risk_level IN ('bajo', 'medio', 'alto')),
    assessed_on    date NOT NULL,
    next_review_on date NOT NULL CHECK (next_review_on > assessed_on),
    -- Sealed with the víctima's data key, bound to (medida_proteccion_evaluaciones, notes, id).
    notes_enc      bytea,
    assessed_by    uuid NOT NULL REFERENCES users (id),
    created_at     timestamptz NOT NULL
);
CREATE INDEX medida_proteccion_evaluaciones_medida ON medida_proteccion_evaluaciones (medida_id, assessed_on, created_at);

ALTER TABLE medidas_proteccion ENABLE ROW LEVEL SECURITY;
CREATE POLICY medidas_proteccion_in_scope ON medidas_proteccion TO sintra_app
    USING ((SELECT sintra_sees_all()) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]))
    WITH CHECK ((SELECT sintra_sees_all()) OR municipio_code = ANY ((SELECT sintra_municipios())::text[]));
ALTER TABLE medida_proteccion_estados ENABLE ROW LEVEL SECURITY;
CREATE POLICY medida_proteccion_estados_in_scope ON medida_proteccion_estados TO sintra_app
    USING ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM medidas_proteccion m WHERE m.id = medida_proteccion_estados.medida_id))
    WITH CHECK ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM medidas_proteccion m WHERE m.id = medida_proteccion_estados.medida_id));
ALTER TABLE medida_proteccion_evaluaciones ENABLE ROW LEVEL SECURITY;
CREATE POLICY medida_proteccion_evaluaciones_in_scope ON medida_proteccion_evaluaciones TO sintra_app
    USING ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM medidas_proteccion m WHERE m.id = medida_proteccion_evaluaciones.medida_id))
    WITH CHECK ((SELECT sintra_sees_all()) OR EXISTS (SELECT 1 FROM medidas_proteccion m WHERE m.id = medida_proteccion_evaluaciones.medida_id));

GRANT SELECT, INSERT ON medidas_proteccion, medida_proteccion_estados, medida_proteccion_evaluaciones TO sintra_app;
GRANT UPDATE (granting_authority, granted_on, starts_on, ends_on, status, risk_level, assessed_on, next_review_on,
    observations_enc, family_enc, version) ON medidas_proteccion TO sintra_app;
-- Erasure of a víctima clears the assessments' notes sealed with her key.
GRANT UPDATE (notes_enc) ON medida_proteccion_evaluaciones TO sintra_app;
GRANT USAGE ON SEQUENCE medida_proteccion_estados_id_seq TO sintra_app;

-- The statistics count the three tables (see 00028_counted_data_version).
CREATE TRIGGER counted_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON medidas_proteccion
    FOR EACH STATEMENT EXECUTE FUNCTION mark_counted_change();
CREATE TRIGGER counted_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON medida_proteccion_estados
    FOR EACH STATEMENT EXECUTE FUNCTION mark_counted_change();
CREATE TRIGGER counted_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON medida_proteccion_evaluaciones
    FOR EACH STATEMENT EXECUTE FUNCTION mark_counted_change();

-- +goose Down
DROP TABLE medida_proteccion_evaluaciones, medida_proteccion_estados, medidas_proteccion;
