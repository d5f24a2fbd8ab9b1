-- Case follow-up: services given to víctimas, canalizaciones between
-- institutions, and the Fiscalía's carpetas de investigación with their
-- imputados and resoluciones.

-- +goose Up
-- Whether an institution works in SINTRA; canalizaciones to one that does
-- not are delivered as a printed document.
ALTER TABLE institutions ADD COLUMN uses_system bool NOT NULL DEFAULT true;
UPDATE institutions SET uses_system = false
WHERE code IN ('GOBERNACION-EDO', 'PL', 'RED-POSITIVA', 'MESA-SJ', 'OIT', 'OIM', 'INM');

CREATE TABLE services (
    id               uuid PRIMARY KEY,
    victim_id        uuid NOT NULL REFERENCES victims (id),
    service_type     text NOT NULL REFERENCES service_types (code),
    provided_on      date NOT NULL,
    quantity         int  NOT NULL CHECK (quantity > 0 AND quantity <= 10000),
    institution_code text NOT NULL REFERENCES institutions (code),
    municipio_code   text NOT NULL REFERENCES municipios (code),
    caseworker       uuid NOT NULL REFERENCES users (id),
    -- Sealed with the víctima's data key, bound to (services, notes, id).
    notes_enc        bytea,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX services_victim ON services (victim_id, provided_on);
CREATE INDEX services_institution ON services (institution_code, provided_on);

CREATE TABLE canalizaciones (
    id                uuid PRIMARY KEY,
    victim_id         uuid NOT NULL REFERENCES victims (id),
    from_institution  text NOT NULL REFERENCES institutions (code),
    to_institution    text NOT NULL REFERENCES institutions (code) CHECK (to_institution <> from_institution),
    municipio_code    text NOT NULL REFERENCES municipios (code),
    service_type      text NOT NULL REFERENCES service_types (code),
    status            text NOT NULL DEFAULT 'enviada' CHECK (status IN
                          ('enviada', 'aceptada', 'rechazada', 'atendida', 'cerrada', 'cancelada')),
    -- Sealed with the víctima's data key, bound to (canalizaciones, notes, id).
    notes_enc         bytea,
    consent_override  bool NOT NULL DEFAULT false,
    override_reason   text NOT NULL DEFAULT '' CHECK (length(override_reason) <= 500),
    sent_at           timestamptz NOT NULL DEFAULT now(),
    sent_by           uuid NOT NULL REFERENCES users (id),
    version           int NOT NULL DEFAULT 1
);
CREATE INDEX canalizaciones_to ON canalizaciones (to_institution, status, sent_at DESC);
CREATE INDEX canalizaciones_from ON canalizaciones (from_institution, status, sent_at DESC);
CREATE INDEX canalizaciones_victim ON canalizaciones (victim_id);

CREATE TABLE canalizacion_transitions (
    id              bigserial PRIMARY KEY,
    canalizacion_id uuid NOT NULL REFERENCES canalizaciones (id),
    from_status     text NOT NULL,
    to_status       text NOT NULL,
    reason          text NOT NULL DEFAULT '' CHECK (length(reason) <= 500),
    by_user         uuid NOT NULL REFERENCES users (id),
    by_institution  text NOT NULL REFERENCES institutions (code),
    at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX canalizacion_transitions_canalizacion ON canalizacion_transitions (canalizacion_id, id);

CREATE TABLE carpetas (
    id                 uuid PRIMARY KEY,
    -- The carpeta's number is sealed under the carpeta's own data key and
    -- found through its blind index.
    dek_wrapped        bytea NOT NULL,
    dek_version        int NOT NULL,
    number_enc         bytea NOT NULL,
    number_bidx        bytea NOT NULL UNIQUE,
    institution_code   text NOT NULL REFERENCES institutions (code),
    municipio_code     text NOT NULL REFERENCES municipios (code),
    fiscalia_unit      text NOT NULL CHECK (length(fiscalia_unit) BETWEEN 1 AND 200),
    started_on         date NOT NULL,
    caso_id            uuid REFERENCES casos (id),
    modalidad          text NOT NULL REFERENCES modalidades (code),
    status             text NOT NULL DEFAULT 'en_investigacion' CHECK (status IN ('en_investigacion', 'judicializada',
                           'vinculacion_proceso', 'sentencia_condenatoria', 'sentencia_absolutoria', 'no_ejercicio_archivo')),
    judicialized_on    date,
    judicial_district  text REFERENCES judicial_districts (code),
    version            int NOT NULL DEFAULT 1,
    created_at         timestamptz NOT NULL DEFAULT now(),
    created_by         uuid NOT NULL REFERENCES users (id),
    CHECK ((judicialized_on IS NULL) = (judicial_district IS NULL))
);
CREATE INDEX carpetas_scope ON carpetas (institution_code, municipio_code, created_at DESC);
CREATE INDEX carpetas_judicialized ON carpetas (judicialized_on) WHERE judicialized_on IS NOT NULL;

CREATE TABLE carpeta_victims (
    carpeta_id uuid NOT NULL REFERENCES carpetas (id),
    victim_id  uuid NOT NULL REFERENCES victims (id),
    PRIMARY KEY (carpeta_id, victim_id)
);
CREATE INDEX carpeta_victims_victim ON carpeta_victims (victim_id);

-- The procedural timeline: one row per status reached.
CREATE TABLE carpeta_events (
    id                bigserial PRIMARY KEY,
    carpeta_id        uuid NOT NULL REFERENCES carpetas (id),
    status            text NOT NULL,
    occurred_on       date NOT NULL,
    judicial_district text REFERENCES judicial_districts (code),
    recorded_by       uuid NOT NULL REFERENCES users (id),
    recorded_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX carpeta_events_carpeta ON carpeta_events (carpeta_id, id);

CREATE TABLE imputados (
    id          uuid PRIMARY KEY,
    carpeta_id  uuid NOT NULL REFERENCES carpetas (id),
    sex         text NOT NULL CHECK (sex IN ('mujer', 'hombre', 'otro', 'no_especificado')),
    age         int CHECK (age BETWEEN 12 AND 120),
    nationality text REFERENCES countries (code),
    -- Sealed with the carpeta's data key, bound to (imputados, names, id).
    names_enc   bytea,
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  uuid NOT NULL REFERENCES users (id)
);
CREATE INDEX imputados_carpeta ON imputados (carpeta_id);

CREATE TABLE resoluciones (
    id                 uuid PRIMARY KEY,
    carpeta_id         uuid NOT NULL REFERENCES carpetas (id),
    imputado_id        uuid REFERENCES imputados (id),
    kind               text NOT NULL CHECK (kind IN ('sentencia_condenatoria', 'sentencia_absolutoria',
                           'sobreseimiento', 'procedimiento_abreviado', 'suspension_condicional', 'otra')),
    resolved_on        date NOT NULL,
    sentence           text NOT NULL DEFAULT '' CHECK (length(sentence) <= 500),
    reparation_ordered bool NOT NULL DEFAULT false,
    -- The amount ordered, in centavos.
    reparation_cents   bigint CHECK (reparation_cents >= 0),
    created_at         timestamptz NOT NULL DEFAULT now(),
    created_by         uuid NOT NULL REFERENCES users (id)
);
CREATE INDEX resoluciones_carpeta ON resoluciones (carpeta_id);

GRANT SELECT, INSERT ON services, canalizacion_transitions, carpeta_victims, carpeta_events, imputados, resoluciones TO sintra_app;
GRANT SELECT, INSERT, UPDATE ON canalizaciones, carpetas TO sintra_app;
-- Erasure of a víctima clears the notes sealed with her key.
GRANT UPDATE (notes_enc) ON services TO sintra_app;
GRANT USAGE ON SEQUENCE canalizacion_transitions_id_seq, carpeta_events_id_seq TO sintra_app;

-- +goose Down
DROP TABLE resoluciones, imputados, carpeta_events, carpeta_victims, carpetas, canalizacion_transitions, canalizaciones, services;
ALTER TABLE institutions DROP COLUMN uses_system;
