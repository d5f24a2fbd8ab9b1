-- Víctimas and casos (expedientes). Personal data is stored only as
-- ciphertext under each víctima's own data key; statistical attributes are
-- in clear so reports can count them; blind indexes find duplicates.

-- +goose Up
CREATE TABLE indigenous_languages (
    code     text PRIMARY KEY,
    name     text NOT NULL UNIQUE,
    position int  NOT NULL,
    active   bool NOT NULL DEFAULT true
);
INSERT INTO indigenous_languages (code, name, position) VALUES
    ('maya', 'Maya', 1), ('tsotsil', 'Tsotsil', 2), ('tseltal', 'Tseltal', 3), ('chol', 'Ch''ol', 4),
    ('nahuatl', 'Náhuatl', 5), ('mam', 'Mam', 6), ('kiche', 'K''iche''', 7), ('qeqchi', 'Q''eqchi''', 8),
    ('garifuna', 'Garífuna', 9), ('otra', 'Otra', 10);

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

-- Folios are numbered per kind and year without gaps: the counter row is
-- locked until the registering transaction ends, and a rollback returns
-- its number.
CREATE TABLE folio_counters (
    kind text NOT NULL,
    year int  NOT NULL,
    last int  NOT NULL,
    PRIMARY KEY (kind, year)
);

CREATE TABLE victims (
    id                  uuid PRIMARY KEY,
    folio               text NOT NULL UNIQUE CHECK (folio ~ '^QROO-[0-9]{4}-[0-9]{6}$'),
    institution_code    text NOT NULL REFERENCES institutions (code),
    municipio_code      text NOT NULL REFERENCES municipios (code),
    identified_on       date NOT NULL,
    -- Statistical attributes (law Art. 26 XII), in clear.
    sex                 text NOT NULL CHECK (sex IN ('mujer', 'hombre', 'otro', 'no_especificado')),
    age_at_identification int CHECK (age_at_identification BETWEEN 0 AND 120),
    nationality         text REFERENCES countries (code),
    estado_civil        text NOT NULL DEFAULT 'no_especificado' CHECK (estado_civil IN
                            ('soltera', 'casada', 'union_libre', 'separada', 'divorciada', 'viuda', 'no_especificado')),
    calidad_migratoria  text NOT NULL DEFAULT 'no_especificado' CHECK (calidad_migratoria IN
                            ('nacional', 'regular', 'irregular', 'solicitante_refugio', 'refugiada', 'no_especificado')),
    indigenous_language text REFERENCES indigenous_languages (code),
    disability          bool,
    minor_at_time       bool,
    denuncia_filed      bool,
    -- The data key, wrapped by a master key version; NULL once erased.
    dek_wrapped         bytea,
    dek_version         int,
    -- Personal data: XChaCha20-Poly1305 under the data key, bound to
    -- (victims, column, id).
    given_names_enc     bytea,
    first_surname_enc   bytea,
    second_surname_enc  bytea,
    alias_enc           bytea,
    curp_enc            bytea,
    birth_date_enc      bytea,
    address_enc         bytea,
    phone_enc           bytea,
    contacts_enc        bytea,
    notes_enc           bytea,
    -- Blind indexes: HMAC-SHA256 of normalized values.
    curp_bidx           bytea,
    name_dob_bidx       bytea,
    version             int NOT NULL DEFAULT 1,
    created_at          timestamptz NOT NULL DEFAULT now(),
    created_by          uuid REFERENCES users (id),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    erased_at           timestamptz,
    CHECK ((erased_at IS NULL) = (dek_wrapped IS NOT NULL))
);
CREATE INDEX victims_scope ON victims (institution_code, municipio_code, created_at DESC);
CREATE INDEX victims_municipio ON victims (municipio_code, identified_on);
CREATE INDEX victims_curp_bidx ON victims (curp_bidx) WHERE curp_bidx IS NOT NULL;
CREATE INDEX victims_name_dob_bidx ON victims (name_dob_bidx) WHERE name_dob_bidx IS NOT NULL;
CREATE INDEX victims_dek_version ON victims (dek_version) WHERE dek_wrapped IS NOT NULL;

-- Who changed which field when. Previous personal values keep their
-- ciphertext (same data key, same binding), so erasure removes them too.
CREATE TABLE victim_changes (
    id             bigserial PRIMARY KEY,
    victim_id      uuid NOT NULL REFERENCES victims (id),
    version        int NOT NULL,
    changed_at     timestamptz NOT NULL DEFAULT now(),
    changed_by     uuid REFERENCES users (id),
    field          text NOT NULL,
    previous_clear text,
    previous_enc   bytea
);
CREATE INDEX victim_changes_victim ON victim_changes (victim_id, id);

-- Informed consents, as recorded over time; the latest of a kind counts.
CREATE TABLE victim_consents (
    id          bigserial PRIMARY KEY,
    victim_id   uuid NOT NULL REFERENCES victims (id),
    kind        text NOT NULL CHECK (kind IN ('tratamiento_datos', 'compartir_instituciones')),
    granted     bool NOT NULL,
    given_on    date NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    recorded_by uuid REFERENCES users (id)
);
CREATE INDEX victim_consents_victim ON victim_consents (victim_id, kind, id DESC);

CREATE TABLE casos (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    folio              text NOT NULL UNIQUE CHECK (folio ~ '^EXP-QROO-[0-9]{4}-[0-9]{6}$'),
    institution_code   text NOT NULL REFERENCES institutions (code),
    municipio_code     text NOT NULL REFERENCES municipios (code),
    occurred_on        date,
    reported_on        date,
    recruitment_form   text REFERENCES recruitment_forms (code),
    transport_mean     text REFERENCES transport_means (code),
    place_type         text REFERENCES place_types (code),
    origin_country     text REFERENCES countries (code),
    origin_place       text NOT NULL DEFAULT '' CHECK (length(origin_place) <= 200),
    destination_country text REFERENCES countries (code),
    destination_place  text NOT NULL DEFAULT '' CHECK (length(destination_place) <= 200),
    status             text NOT NULL DEFAULT 'abierto' CHECK (status IN ('abierto', 'en_seguimiento', 'concluido')),
    version            int NOT NULL DEFAULT 1,
    created_at         timestamptz NOT NULL DEFAULT now(),
    created_by         uuid REFERENCES users (id),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX casos_scope ON casos (institution_code, municipio_code, created_at DESC);

CREATE TABLE caso_modalidades (
    caso_id   uuid NOT NULL REFERENCES casos (id) ON DELETE CASCADE,
    modalidad text NOT NULL REFERENCES modalidades (code),
    PRIMARY KEY (caso_id, modalidad)
);

CREATE TABLE caso_victims (
    caso_id   uuid NOT NULL REFERENCES casos (id),
    victim_id uuid NOT NULL REFERENCES victims (id),
    added_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (caso_id, victim_id)
);
CREATE INDEX caso_victims_victim ON caso_victims (victim_id);

-- Each change of a caso's status: closing and reopening are recorded.
CREATE TABLE caso_status_changes (
    id          bigserial PRIMARY KEY,
    caso_id     uuid NOT NULL REFERENCES casos (id),
    from_status text NOT NULL,
    to_status   text NOT NULL,
    reason      text NOT NULL DEFAULT '' CHECK (length(reason) <= 500),
    changed_at  timestamptz NOT NULL DEFAULT now(),
    changed_by  uuid REFERENCES users (id)
);

GRANT SELECT ON indigenous_languages, catalog_entries TO sintra_app;
GRANT SELECT, INSERT, UPDATE ON folio_counters, victims, casos TO sintra_app;
GRANT SELECT, INSERT ON victim_consents, caso_victims, caso_status_changes TO sintra_app;
-- Erasure clears the sealed previous values.
GRANT SELECT, INSERT, UPDATE ON victim_changes TO sintra_app;
GRANT SELECT, INSERT, DELETE ON caso_modalidades TO sintra_app;
GRANT USAGE ON SEQUENCE victim_changes_id_seq, victim_consents_id_seq, caso_status_changes_id_seq TO sintra_app;

-- +goose Down
DROP TABLE caso_status_changes, caso_victims, caso_modalidades, casos, victim_consents, victim_changes, victims, folio_counters;
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
UNION ALL SELECT 'tipos-lugar',          code, name, position, active FROM place_types;
DROP TABLE indigenous_languages;
